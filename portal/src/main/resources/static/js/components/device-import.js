import { html } from 'lit';
import { LightElement } from '../base.js';
import { call } from '../api.js';
import { parseCsv, toCsv } from '../csv.js';
import { browserZone } from '../format.js';

const CHUNK = 500;
const SHOWN_ERRORS = 200;
const COLUMNS = ['productKey', 'deviceKey', 'deviceName', 'timezone'];

/**
 * Bulk import: the CSV (header productKey,deviceKey,deviceName[,timezone]) is parsed in the browser and sent in
 * chunks with batchCreate, which answers per item. Good rows are created, each refused row is listed with its line,
 * device key and the server's reason, and the refused rows can be downloaded as a CSV to fix and import again.
 */
class OeDeviceImport extends LightElement {
  static properties = { progress: { state: true }, report: { state: true }, error: { state: true } };

  disconnectedCallback() {
    super.disconnectedCallback();
    if (this.report?.href) URL.revokeObjectURL(this.report.href);
  }

  async run(e) {
    e.preventDefault();
    const file = new FormData(e.target).get('file');
    if (!file?.size) { this.error = 'Choose a CSV file first.'; return; }
    this.error = null;
    if (this.report?.href) URL.revokeObjectURL(this.report.href);
    this.report = null;
    const rows = parseCsv(await file.text());
    const header = rows.shift()?.map((h) => h.trim()) ?? [];
    const col = (name) => header.indexOf(name);
    if (col('productKey') < 0 || col('deviceKey') < 0) {
      this.error = `The first line must name the columns: ${COLUMNS.join(',')}`;
      return;
    }
    if (!rows.length) { this.error = 'The file has a header but no device rows.'; return; }
    const cell = (r, name) => (col(name) >= 0 ? r[col(name)]?.trim() ?? '' : '');
    const devices = rows.map((r) => ({
      line: r.line,
      row: COLUMNS.map((c) => cell(r, c)),
      device: {
        productKey: cell(r, 'productKey'), deviceKey: cell(r, 'deviceKey'),
        deviceName: { defaultValue: cell(r, 'deviceName') || cell(r, 'deviceKey') },
        timezone: cell(r, 'timezone') || browserZone,
      },
    }));
    const report = { created: 0, failed: [] };
    this.progress = { done: 0, total: devices.length };
    for (let i = 0; i < devices.length; i += CHUNK) {
      const chunk = devices.slice(i, i + CHUNK);
      try {
        const answer = await call('/connect-service/v2.1/devices', { action: 'batchCreate' },
          { deviceList: chunk.map((c) => c.device) });
        answer.data.forEach((item, k) => {
          if (item.code === 0) report.created++;
          else report.failed.push({ ...chunk[k], reason: item.msg });
        });
      } catch (err) {
        // the chunk as a whole was refused (too large, no connection …): each of its rows failed for that reason
        report.failed.push(...chunk.map((c) => ({ ...c, reason: err.message })));
      }
      this.progress = { done: Math.min(i + CHUNK, devices.length), total: devices.length };
    }
    if (report.failed.length) {
      const csv = toCsv([[...COLUMNS, 'line', 'error'], ...report.failed.map((f) => [...f.row, f.line, f.reason])]);
      report.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    }
    this.report = report;
    this.dispatchEvent(new CustomEvent('imported'));
  }

  renderReport() {
    const { created, failed, href } = this.report;
    return html`<div role="status" id="import-report">
      <p class=${failed.length ? '' : 'notice'} id="import-summary">${created} devices created${failed.length
        ? html`, <strong class="error-text">${failed.length} rows refused</strong>` : ''}.</p>
      ${failed.length ? html`
        <div class="table-wrap"><table id="import-errors">
          <thead><tr><th>Line</th><th>Device key</th><th>Reason</th></tr></thead>
          <tbody>${failed.slice(0, SHOWN_ERRORS).map((f) => html`<tr data-line=${f.line}>
            <td>${f.line}</td><td class="mono">${f.device.deviceKey || '—'}</td><td>${f.reason}</td></tr>`)}</tbody>
        </table></div>
        ${failed.length > SHOWN_ERRORS ? html`<p class="small muted">The first ${SHOWN_ERRORS} are shown.</p>` : ''}
        <p><a id="import-failed-csv" href=${href} download="refused-devices.csv">Download the refused rows (CSV)</a>
          to correct them and import that file again.</p>` : ''}
    </div>`;
  }

  render() {
    const running = this.progress && this.progress.done < this.progress.total;
    return html`
      <form class="card stack" @submit=${this.run} style="margin-bottom:1rem">
        <h2>Import devices from CSV</h2>
        <p class="small muted">Columns: <span class="mono">${COLUMNS.join(',')}</span> (timezone optional).
          Valid rows are created; each refused row is listed below with its reason.</p>
        <label for="import-file">CSV file</label>
        <input id="import-file" name="file" type="file" accept=".csv,text/csv">
        <div><button class="primary" type="submit" ?disabled=${running}>Import</button></div>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
        ${this.progress ? html`<div class="row"><progress id="import-progress" max=${this.progress.total}
          value=${this.progress.done} aria-label="Import progress"></progress>
          <span class="small nowrap">${this.progress.done} / ${this.progress.total} rows</span></div>` : ''}
        ${this.report ? this.renderReport() : ''}
      </form>`;
  }
}
customElements.define('oe-device-import', OeDeviceImport);
