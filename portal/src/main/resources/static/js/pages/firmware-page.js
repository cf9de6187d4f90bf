import { html } from 'lit';
import { LightElement } from '../base.js';
import { data, ApiError } from '../api.js';
import { session } from '../session.js';
import { i18n, time } from '../format.js';
import { loading, failed, empty } from '../components/async-state.js';

const FIRMWARES = '/connect-service/v2.1/ota-firmwares';
const JOBS = '/connect-service/v2.1/ota-jobs';

/** Uploads a file as EnOS's multipart create, reporting upload progress; resolves to the firmware id. */
function upload(params, metadata, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${FIRMWARES}?${new URLSearchParams({ action: 'create', orgId: session.orgId, ...params })}`);
    xhr.setRequestHeader('Authorization', `Bearer ${session.token}`);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(Math.round((e.loaded * 100) / e.total)); };
    xhr.onload = () => {
      let envelope = null;
      try { envelope = JSON.parse(xhr.responseText); } catch { /* reported below */ }
      if (xhr.status === 200 && envelope?.code === 0) resolve(envelope.data.firmwareId);
      else reject(new ApiError(envelope?.code ?? xhr.status, envelope?.msg ?? `HTTP ${xhr.status}`, xhr.status));
    };
    xhr.onerror = () => reject(new ApiError(0, 'The server cannot be reached.', 0));
    const form = new FormData();
    form.append('metadata', new Blob([JSON.stringify(metadata)], { type: 'application/json' }));
    form.append('file', file);
    xhr.send(form);
  });
}

async function sha256(file) {
  if (!crypto.subtle) throw new ApiError(0, 'The browser computes the file\'s SHA-256 only over HTTPS.', 0);
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function bar(percent, label) {
  return html`<progress max="100" value=${Math.max(0, percent)} aria-label=${label}></progress>`;
}

/** Firmware and OTA jobs: upload with progress, jobs with live per-device progress. */
class OeFirmwarePage extends LightElement {
  static properties = { firmwares: { state: true }, jobs: { state: true }, products: { state: true },
    tasks: { state: true }, jobId: { state: true }, error: { state: true }, formError: { state: true },
    uploadProgress: { state: true }, preview: { state: true } };

  connectedCallback() {
    super.connectedCallback();
    this.load();
    data('/connect-service/v2.1/products', { action: 'search' }, { pagination: { pageNo: 1, pageSize: 1000 } })
      .then((p) => { this.products = p; }).catch(() => { this.products = []; });
    this.timer = setInterval(() => this.refresh(), 3000);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  async load() {
    try {
      const page = { pagination: { pageNo: 1, pageSize: 200 } };
      [this.firmwares, this.jobs] = await Promise.all([data(FIRMWARES, { action: 'search' }, page),
        data(JOBS, { action: 'search' }, page)]);
      if (this.jobId) this.tasks = await data(JOBS, { action: 'searchTask' }, { jobId: this.jobId, pagination: { pageNo: 1, pageSize: 200 } });
    } catch (e) {
      this.error = e;
    }
  }

  refresh() {
    if (this.jobs?.some((j) => j.status === 'running' || j.status === 'paused')) this.load();
  }

  /** Runs an action and reloads; true when it succeeded, else its message is shown. */
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

  async uploadFirmware(e) {
    e.preventDefault();
    const f = new FormData(e.target);
    const file = f.get('file');
    this.formError = null;
    this.uploadProgress = 0;
    try {
      await upload({ productKey: f.get('productKey') }, { name: { defaultValue: f.get('name') || f.get('version') },
        version: f.get('version'), signMethod: 'sha256', sign: await sha256(file), desc: f.get('desc') || undefined },
      file, (p) => { this.uploadProgress = p; });
      e.target.reset();
      await this.load();
    } catch (err) {
      this.formError = err.message;
    } finally {
      this.uploadProgress = null;
    }
  }

  static scopeOf(f) {
    const keys = String(f.get('deviceKeys') || '').split(/[\s,]+/).filter(Boolean);
    return keys.length ? { type: 'partial', deviceKeys: keys } : { type: 'all' };
  }

  async createJob(e) {
    e.preventDefault();
    const form = e.target;
    const f = new FormData(form);
    const created = await this.act(data(JOBS, { action: 'create', firmwareId: f.get('firmwareId') }, {
      name: { defaultValue: f.get('name') || undefined }, type: 'upgrade',
      upgradeScope: OeFirmwarePage.scopeOf(f), rateLimit: f.get('rateLimit') || undefined }));
    if (created) {
      form.reset();
      this.preview = null;
    }
  }

  /** Shows which devices the form's scope selects now, before any job exists. */
  async previewTargets(form) {
    const f = new FormData(form);
    this.formError = null;
    try {
      this.preview = await data(JOBS, { action: 'previewTargets', firmwareId: f.get('firmwareId') },
        { upgradeScope: OeFirmwarePage.scopeOf(f), pagination: { pageNo: 1, pageSize: 20 } });
    } catch (err) {
      this.preview = null;
      this.formError = err.message;
    }
  }

  previewSection() {
    const p = this.preview;
    return html`<section class="card" style="margin-top:1rem" aria-label="Targeted devices">
      <h2>Targeted devices</h2>
      <p id="preview-total">${p.total} device${p.total === 1 ? '' : 's'} would be upgraded${p.busy ? html`; ${p.busy} in another active job left out` : ''}.
        ${p.total > p.devices.length ? `The first ${p.devices.length} are listed.` : ''}</p>
      ${p.devices.length ? html`<div class="table-wrap"><table><thead><tr><th>Product</th><th>Device key</th><th>Name</th>
        <th>Current version</th></tr></thead>
      <tbody>${p.devices.map((d) => html`<tr data-preview=${d.deviceKey}><td class="mono">${d.productKey}</td>
        <td class="mono">${d.deviceKey}</td><td>${i18n(d.deviceName)}</td><td class="mono">${d.firmwareVersion ?? '–'}</td></tr>`)}
      </tbody></table></div>` : ''}
    </section>`;
  }

  showTasks(jobId) {
    this.jobId = jobId;
    this.tasks = null;
    this.load();
  }

  render() {
    if (this.error) return failed(this.error);
    const write = session.canWrite;
    return html`
      <h1>Firmware and OTA</h1>
      ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : ''}
      ${write ? html`<form class="card row" @submit=${this.uploadFirmware} aria-label="Upload firmware">
        <div><label for="fw-product">Product</label><select id="fw-product" name="productKey" required>
          ${(this.products ?? []).map((p) => html`<option value=${p.productKey}>${i18n(p.productName)}</option>`)}</select></div>
        <div><label for="fw-version">Version</label><input id="fw-version" name="version" required></div>
        <div><label for="fw-name">Name</label><input id="fw-name" name="name"></div>
        <div><label for="fw-file">File</label><input id="fw-file" name="file" type="file" required></div>
        <div><label>&nbsp;</label><button class="primary" type="submit">Upload</button></div>
        ${this.uploadProgress != null ? bar(this.uploadProgress, 'Upload progress') : ''}
      </form>` : ''}
      <section class="card" style="margin-top:1rem" aria-label="Firmware">
        ${!this.firmwares ? loading('Loading firmware') : this.firmwares.length === 0 ? empty('No firmware yet.') : html`
          <div class="table-wrap"><table><thead><tr><th>Name</th><th>Version</th><th>Product</th><th>Size</th>
            <th>Created</th><th></th></tr></thead>
          <tbody>${this.firmwares.map((f) => html`<tr><td>${i18n(f.name)}</td><td class="mono">${f.version}</td>
            <td class="mono">${f.productKey}</td><td>${f.fileSize.toLocaleString()} B</td><td class="small">${time(f.createTime)}</td>
            <td>${write ? html`<button @click=${() => this.act(data(FIRMWARES, { action: 'delete', firmwareId: f.firmwareId }, {}))}>Delete</button>` : ''}</td></tr>`)}
          </tbody></table></div>`}
      </section>
      ${write && this.firmwares?.length ? html`<form class="card row" style="margin-top:1rem" @submit=${this.createJob} aria-label="New OTA job">
        <div><label for="job-fw">Firmware</label><select id="job-fw" name="firmwareId">
          ${this.firmwares.map((f) => html`<option value=${f.firmwareId}>${i18n(f.name)} ${f.version} (${f.productKey})</option>`)}</select></div>
        <div><label for="job-name">Job name</label><input id="job-name" name="name"></div>
        <div><label for="job-devices">Device keys (empty: all)</label><input id="job-devices" name="deviceKeys"></div>
        <div><label for="job-rate">Devices per minute</label><input id="job-rate" name="rateLimit" type="number" min="1"></div>
        <div><label>&nbsp;</label><button id="job-preview" type="button"
          @click=${(e) => this.previewTargets(e.target.form)}>Preview devices</button></div>
        <div><label>&nbsp;</label><button class="primary" type="submit">Create job</button></div>
      </form>` : ''}
      ${this.preview ? this.previewSection() : ''}
      <section class="card" style="margin-top:1rem" aria-label="OTA jobs">
        ${!this.jobs ? loading('Loading jobs') : this.jobs.length === 0 ? empty('No OTA jobs yet.') : html`
          <div class="table-wrap"><table><thead><tr><th>Job</th><th>Status</th><th>Progress</th><th>Succeeded</th>
            <th>Failed</th><th>In progress</th><th></th></tr></thead>
          <tbody>${this.jobs.map((j) => this.jobRow(j, write))}</tbody></table></div>`}
      </section>
      ${this.jobId ? html`<section class="card" style="margin-top:1rem" aria-label="Devices of the job">
        <h2>Devices</h2>
        ${!this.tasks ? loading('Loading devices') : this.tasks.length === 0 ? empty('No device in this job.') : html`
          <div class="table-wrap"><table><thead><tr><th>Device</th><th>From</th><th>Status</th><th>Progress</th><th>Message</th>
            <th>Updated</th></tr></thead>
          <tbody>${this.tasks.map((t) => html`<tr data-device=${t.deviceKey}><td><a href="#/devices/${t.assetId}">${t.deviceKey}</a></td>
            <td class="mono">${t.fromVersion ?? '–'}</td><td class="task-status">${t.status}</td>
            <td>${bar(t.progress, `Progress of ${t.deviceKey}`)} ${t.progress}%</td><td class="small">${t.desc ?? ''}</td>
            <td class="small">${time(t.updateTime)}</td></tr>`)}
          </tbody></table></div>`}
      </section>` : ''}`;
  }

  jobRow(j, write) {
    const s = j.taskStatistics;
    const done = s.total ? Math.round(((s.succeeded + s.failed) * 100) / s.total) : 0;
    const id = { jobId: j.jobId };
    return html`<tr data-job=${j.jobId}><td><button class="link" @click=${() => this.showTasks(j.jobId)}>${i18n(j.name)}</button></td>
      <td class="job-status">${j.status}</td><td>${bar(done, `Progress of ${i18n(j.name)}`)}</td>
      <td>${s.succeeded}</td><td>${s.failed}</td><td>${s.published + s.upgrading}</td>
      <td>${write ? html`
        ${j.status === 'created' || j.status === 'paused' ? html`<button @click=${() => this.act(data(JOBS, { action: 'start', ...id }, {}))}>Start</button>` : ''}
        ${j.status === 'running' ? html`<button @click=${() => this.act(data(JOBS, { action: 'stop', ...id }, {}))}>Pause</button>` : ''}
        ${j.status === 'running' || j.status === 'paused' || j.status === 'created' ? html`<button @click=${() => this.act(data(JOBS, { action: 'cancel', ...id }, {}))}>Cancel</button>` : ''}` : ''}</td></tr>`;
  }
}
customElements.define('oe-firmware-page', OeFirmwarePage);
