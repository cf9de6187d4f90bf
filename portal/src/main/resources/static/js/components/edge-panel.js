import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { session } from '../session.js';
import { time } from '../format.js';
import { loading, failed } from './async-state.js';
import { readable } from './api-errors.js';
import { setUnsaved } from '../unsaved-edits.js';

const API = '/edge-service/v2.1/edge-configs';

/**
 * The "Edge" panel of a gateway's page (ADR 0059): the status the edge reports (cloud link, connections, devices,
 * buffer, problems), the configuration versions (desired, applied, saved ones), and an editor of the field
 * configuration that checks it with the server (the edge's own messages), saves a new version and pushes it,
 * showing what the edge answered. The status is read again every 10 s, and every second while a push waits.
 */
class OeEdgePanel extends LightElement {
  static properties = { assetId: {}, state: { state: true }, versions: { state: true }, text: { state: true },
    check: { state: true }, outcome: { state: true }, error: { state: true }, busy: { state: true } };

  updated(changed) {
    if (changed.has('assetId')) this.load();
  }

  connectedCallback() {
    super.connectedCallback();
    // the edge reports every 30 s by default: keep its status fresh without touching the editor
    this.refresher = setInterval(() => { if (!this.busy) this.load(); }, 10000);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    clearInterval(this.refresher);
    setUnsaved(this, false); // left the page: the text typed is discarded
  }

  async load() {
    this.error = null;
    try {
      const [state, versions, latest] = await Promise.all([
        data(API, { action: 'status', assetId: this.assetId }),
        data(API, { action: 'list', assetId: this.assetId }),
        this.text === undefined ? data(API, { action: 'get', assetId: this.assetId }) : null]);
      this.state = state;
      this.versions = versions;
      if (this.text === undefined) {
        this.text = latest?.config ?? 'connections: []\ndevices: []\n';
        this.savedText = this.text;
      }
    } catch (e) {
      this.error = e;
    }
  }

  async validate() {
    this.check = await data(API, { action: 'validate' }, { config: this.text });
    return this.check.valid;
  }

  async saveAndPush(push) {
    this.busy = true;
    this.outcome = null;
    try {
      if (!(await this.validate())) return;
      const saved = await data(API, { action: 'save', assetId: this.assetId }, { config: this.text,
        comment: this.querySelector('#edge-comment')?.value || null });
      this.outcome = { kind: 'info', text: `Version ${saved.version} saved.` };
      this.savedText = this.text;
      setUnsaved(this, false);
      if (push) {
        await data(API, { action: 'push', assetId: this.assetId, version: saved.version }, {});
        this.outcome = { kind: 'info', text: `Version ${saved.version} pushed; waiting for the edge…` };
        this.awaitEdge(saved.version, Date.now() + 30000);
      }
      await this.load();
    } catch (e) {
      this.outcome = { kind: 'error', text: readable(e, push ? 'Pushing the configuration' : 'Saving the configuration') };
    } finally {
      this.busy = false;
    }
  }

  /** Polls the status until the edge reports the pushed version applied, or refused (its reason), or 30 s pass. */
  async awaitEdge(version, deadline) {
    await this.load();
    const s = this.state ?? {};
    if (s.appliedVersion === version) {
      this.outcome = { kind: 'ok', text: `The edge applied version ${version}.` };
    } else if (s.configError && s.status?.lastPushedVersion === version) {
      this.outcome = { kind: 'error', text: `The edge refused version ${version}: ${s.configError}` };
    } else if (Date.now() > deadline) {
      this.outcome = { kind: 'error', text: `The edge has not reported version ${version} yet.` };
    } else {
      this.timer = setTimeout(() => this.awaitEdge(version, deadline), 1000);
    }
  }

  render() {
    if (this.error) return failed(this.error);
    if (!this.state) return loading('Loading the edge');
    const s = this.state;
    const st = s.status;
    return html`
      <dl class="kv">
        <dt>Reported</dt><dd id="edge-reported">${s.reportedAt ? time(s.reportedAt) : 'never'}</dd>
        <dt>Health</dt><dd id="edge-health">${st ? html`<span class="badge ${st.healthy ? 'ok' : 'danger'}">${st.healthy ? 'healthy' : 'degraded'}</span>` : '–'}</dd>
        <dt>Configuration</dt><dd id="edge-versions">applied <span class="mono" id="edge-applied">${s.appliedVersion ?? 'local file'}</span>,
          desired <span class="mono">${s.desiredVersion ?? '–'}</span>, latest saved <span class="mono">${s.latestVersion ?? '–'}</span></dd>
        ${s.configError ? html`<dt>Last push refused</dt><dd class="danger" id="edge-config-error">${s.configError}</dd>` : ''}
        ${st ? html`<dt>Buffer</dt><dd>${st.bufferDepth} items waiting (${st.bufferBytes} bytes), ${st.bufferDropped} dropped</dd>
          <dt>Refused by the cloud</dt><dd id="edge-dead-letter">${st.deadLetterItems ?? 0} items in the dead-letter file</dd>
          <dt>Unreadable messages</dt><dd id="edge-unreadable">${st.unreadableMessages ?? 0}</dd>
          <dt>Cloud link</dt><dd>${st.cloudState}</dd>` : ''}
      </dl>
      ${st?.problems?.length ? html`<ul class="small danger" id="edge-problems">${st.problems.map((p) => html`<li>${p}</li>`)}</ul>` : ''}
      ${st ? html`<div class="table-wrap"><table id="edge-devices"><thead><tr><th>Device</th><th>Device key</th><th>Online</th><th>Polls</th><th>Good</th><th>Bad</th></tr></thead>
        <tbody>${(st.devices ?? []).map((d) => html`<tr><td>${d.id}</td><td class="mono">${d.deviceKey}</td>
          <td>${d.online ? 'yes' : 'no'}</td><td>${d.polls}</td><td>${d.goodSamples}</td><td>${d.badSamples}</td></tr>`)}</tbody></table></div>
        <p class="small muted">Connections: ${(st.connections ?? []).map((c) => `${c.id} (${c.type}) ${c.connected ? 'up' : 'down'}${c.unreadableMessages ? `, ${c.unreadableMessages} unreadable` : ''}`).join(', ') || 'none'}</p>` : ''}
      <h3>Field configuration</h3>
      <textarea id="edge-config" class="mono" rows="14" .value=${this.text ?? ''}
        ?readonly=${!session.canWrite} @input=${(e) => { this.text = e.target.value; this.check = null; setUnsaved(this, this.text !== this.savedText); }}></textarea>
      ${this.check ? html`<p id="edge-check" class="${this.check.valid ? 'ok' : 'danger'}">${this.check.valid ? 'Valid.' : this.check.message}</p>` : ''}
      ${session.canWrite ? html`<div class="row">
        <input id="edge-comment" placeholder="Comment (optional)">
        <button id="edge-validate" ?disabled=${this.busy} @click=${() => this.validate()}>Validate</button>
        <button id="edge-save" ?disabled=${this.busy} @click=${() => this.saveAndPush(false)}>Save</button>
        <button id="edge-push" class="primary" ?disabled=${this.busy} @click=${() => this.saveAndPush(true)}>Save and push</button></div>` : ''}
      ${this.outcome ? html`<p id="edge-outcome" class="${this.outcome.kind === 'error' ? 'danger' : this.outcome.kind}">${this.outcome.text}</p>` : ''}
      ${this.versions?.length ? html`<div class="table-wrap"><table id="edge-history"><thead><tr><th>Version</th><th>Saved</th><th>By</th><th>Comment</th></tr></thead>
        <tbody>${this.versions.map((v) => html`<tr><td class="mono">${v.version}</td><td class="small">${time(v.createTime)}</td>
          <td>${v.author ?? ''}</td><td>${v.comment ?? ''}</td></tr>`)}</tbody></table></div>` : ''}`;
  }
}
customElements.define('oe-edge-panel', OeEdgePanel);
