import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { parseCsv } from '../csv.js';
import { browserZone } from '../format.js';

const CHUNK = 1000;

/**
 * Bulk import: the CSV (header productKey,deviceKey,deviceName[,timezone]) is parsed in the browser and sent in
 * chunks of 1000 with batchCreate. A chunk is one transaction on the server, so a failed chunk is reported with its
 * rows and nothing of it is half-created.
 */
class OeDeviceImport extends LightElement {
  static properties = { progress: { state: true }, report: { state: true }, error: { state: true } };

  async run(e) {
    e.preventDefault();
    const file = new FormData(e.target).get('file');
    if (!file?.size) { this.error = 'Choose a CSV file first.'; return; }
    this.error = null;
    const rows = parseCsv(await file.text());
    const header = rows.shift()?.map((h) => h.trim()) ?? [];
    const col = (name) => header.indexOf(name);
    if (col('productKey') < 0 || col('deviceKey') < 0) {
      this.error = 'The first line must name the columns: productKey,deviceKey,deviceName,timezone';
      return;
    }
    const devices = rows.map((r, i) => ({
      line: i + 2,
      device: {
        productKey: r[col('productKey')]?.trim(), deviceKey: r[col('deviceKey')]?.trim(),
        deviceName: { defaultValue: (r[col('deviceName')] ?? r[col('deviceKey')])?.trim() },
        timezone: (col('timezone') >= 0 && r[col('timezone')]?.trim()) || browserZone,
      },
    }));
    const report = { created: 0, failed: [] };
    this.progress = { done: 0, total: devices.length };
    for (let i = 0; i < devices.length; i += CHUNK) {
      const chunk = devices.slice(i, i + CHUNK);
      try {
        const created = await data('/connect-service/v2.1/devices', { action: 'batchCreate' },
          { devices: chunk.map((c) => c.device) });
        report.created += created.length;
      } catch (err) {
        report.failed.push({ from: chunk[0].line, to: chunk.at(-1).line, message: err.message });
      }
      this.progress = { done: Math.min(i + CHUNK, devices.length), total: devices.length };
    }
    this.report = report;
    this.dispatchEvent(new CustomEvent('imported'));
  }

  render() {
    return html`
      <form class="card stack" @submit=${this.run} style="margin-bottom:1rem">
        <h2>Import devices from CSV</h2>
        <p class="small muted">Columns: <span class="mono">productKey,deviceKey,deviceName,timezone</span>.
          Rows are sent in chunks of ${CHUNK}; a chunk with an error is refused as a whole and listed below.</p>
        <label for="import-file">CSV file</label>
        <input id="import-file" name="file" type="file" accept=".csv,text/csv">
        <button class="primary" type="submit" ?disabled=${this.progress && !this.report}>Import</button>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
        ${this.progress ? html`<div><progress max=${this.progress.total} value=${this.progress.done}
          aria-label="Import progress"></progress>
          <span class="small">${this.progress.done} / ${this.progress.total} rows</span></div>` : ''}
        ${this.report ? html`<div role="status" id="import-report">
          <p class="notice">${this.report.created} devices created.</p>
          ${this.report.failed.map((f) => html`<p class="error">Lines ${f.from}–${f.to}: ${f.message}</p>`)}
        </div>` : ''}
      </form>`;
  }
}
customElements.define('oe-device-import', OeDeviceImport);
