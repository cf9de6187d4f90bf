import { html } from 'lit';
import { LightElement } from '../base.js';
import { data, ApiError } from '../api.js';
import { session } from '../session.js';
import { time } from '../format.js';
import { loading, failed, empty } from '../components/async-state.js';

const EXPORTS = '/batch-processing-service/v2.1/exports';
const RUNS = '/batch-processing-service/v2.1/exportRuns';

const EXAMPLE = JSON.stringify({
  name: 'Daily meter', selection: { assetIds: ['<assetId>'], pointIds: ['<pointId>'] },
  values: 'AGGREGATE', function: 'avg', intervalMinutes: 60, period: 'YESTERDAY', timeZone: 'UTC',
  formats: ['CSV', 'XLSX', 'PDF'], report: { title: 'Daily meter', chartAssetId: '<assetId>', chartPointId: '<pointId>' },
  retentionDays: 30,
}, null, 2);

/** Fetches a run's file with the session's token and hands it to the browser as a download. */
async function download(runId, fileName) {
  const query = new URLSearchParams({ action: 'download', orgId: session.orgId, runId, fileName });
  const response = await fetch(`${RUNS}?${query}`, { headers: { Authorization: `Bearer ${session.token}` } });
  const type = response.headers.get('Content-Type') ?? '';
  if (!response.ok || type.startsWith('application/json')) {
    const envelope = await response.json().catch(() => null);
    throw new ApiError(envelope?.code ?? response.status, envelope?.msg ?? `HTTP ${response.status}`, response.status);
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Export definitions (run now, new from JSON) and the runs with their files to download (docs/reports.md). */
class OeReportsPage extends LightElement {
  static properties = { definitions: { state: true }, runs: { state: true }, error: { state: true },
    formError: { state: true }, running: { state: true } };

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      [this.definitions, this.runs] = await Promise.all([data(EXPORTS, { action: 'list' }, {}),
        data(RUNS, { action: 'list' }, {})]);
    } catch (e) {
      this.error = e;
    }
  }

  async act(promise) {
    this.formError = null;
    try {
      await promise;
      await this.load();
      return true;
    } catch (e) {
      this.formError = e.message;
      return false;
    }
  }

  async run(definitionId) {
    this.running = definitionId;
    try {
      await this.act(data(EXPORTS, { action: 'run', definitionId }, {}));
    } finally {
      this.running = null;
    }
  }

  /** Downloads the file; the button is marked once it has been, so a user sees which files they already have. */
  async fetchFile(button, runId, fileName) {
    this.formError = null;
    try {
      await download(runId, fileName);
      button.classList.add('downloaded');
    } catch (e) {
      this.formError = e.message;
    }
  }

  async save(e) {
    e.preventDefault();
    let body;
    try {
      body = JSON.parse(new FormData(e.target).get('definition'));
    } catch (err) {
      this.formError = `The definition is not valid JSON: ${err.message}`;
      return;
    }
    if (await this.act(data(EXPORTS, { action: 'save' }, body))) e.target.reset();
  }

  render() {
    if (this.error) return failed(this.error);
    const write = session.canWrite;
    return html`
      <h1>Exports and reports</h1>
      ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : ''}
      <section class="card" aria-label="Export definitions">
        ${!this.definitions ? loading('Loading exports') : this.definitions.length === 0 ? empty('No export defined yet.') : html`
          <div class="table-wrap"><table><thead><tr><th>Name</th><th>Series</th><th>Values</th><th>Period</th>
            <th>Formats</th><th>Keep</th><th></th></tr></thead>
          <tbody>${this.definitions.map((d) => html`<tr data-definition=${d.definitionId}><td>${d.name}</td>
            <td class="small mono">${d.selection.assetIds.length ? d.selection.assetIds.join(', ') : `${d.selection.modelId} in ${d.selection.branchAssetId}`}
              · ${d.selection.pointIds.join(', ')}</td>
            <td>${d.values === 'RAW' ? 'raw' : `${d.function} / ${d.intervalMinutes} min`}</td>
            <td>${d.period.toLowerCase().replaceAll('_', ' ')} (${d.timeZone ?? 'default zone'})</td>
            <td>${d.formats.join(', ')}</td><td>${d.retentionDays} d</td>
            <td>${write ? html`<button class="primary" ?disabled=${this.running === d.definitionId}
                @click=${() => this.run(d.definitionId)}>${this.running === d.definitionId ? 'Running…' : 'Run now'}</button>
              <button @click=${() => this.act(data(EXPORTS, { action: 'delete', definitionId: d.definitionId }, {}))}>Delete</button>` : ''}</td></tr>`)}
          </tbody></table></div>`}
      </section>
      ${write ? html`<form class="card" style="margin-top:1rem" @submit=${(e) => this.save(e)} aria-label="New export">
        <label for="export-json">New export (JSON, see the documentation of export definitions)</label>
        <textarea id="export-json" name="definition" rows="12" class="mono" required .value=${EXAMPLE}></textarea>
        <div><button class="primary" type="submit">Save</button></div>
      </form>` : ''}
      <section class="card" style="margin-top:1rem" aria-label="Export runs">
        <h2>Runs</h2>
        ${!this.runs ? loading('Loading runs') : this.runs.length === 0 ? empty('No run yet.') : html`
          <div class="table-wrap"><table><thead><tr><th>Export</th><th>Period</th><th>Status</th><th>Files</th>
            <th>Kept until</th></tr></thead>
          <tbody>${this.runs.map((r) => html`<tr data-run=${r.runId}><td>${r.definitionName}</td>
            <td class="small">${time(r.startTime)} – ${time(r.endTime)}</td>
            <td class="run-status">${r.status}${r.error ? html` <span class="small">${r.error}</span>` : ''}
              ${r.deliveryError ? html`<span class="small error">${r.deliveryError}</span>` : ''}</td>
            <td>${r.files.map((f) => html`<button class="link file" @click=${(e) => this.fetchFile(e.target, r.runId, f.fileName)}
              >${f.fileName}</button> `)}</td>
            <td class="small">${time(r.expireTime)}</td></tr>`)}
          </tbody></table></div>`}
      </section>`;
  }
}
customElements.define('oe-reports-page', OeReportsPage);
