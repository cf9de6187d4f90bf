import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { session } from '../session.js';
import { time } from '../format.js';
import { loading, failed, empty } from '../components/async-state.js';

const TYPES = { 0: 'Real-time data', 1: 'Alerts', 3: 'Offline data', 4: 'Events' };
const API = '/subscription-service/v2.1/subscriptions';

const list = (text) => (text || '').split(',').map((s) => s.trim()).filter(Boolean);

/** Data subscriptions: create (credentials shown once), lag per consumer group, rotate the secret, delete. */
class OeSubscriptionsPage extends LightElement {
  static properties = { subs: { state: true }, lags: { state: true }, error: { state: true },
    formError: { state: true }, shown: { state: true } };

  connectedCallback() {
    super.connectedCallback();
    this.load();
    this.timer = setInterval(() => this.loadLags(), 5000);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  async load() {
    try {
      this.subs = await data(API, { action: 'search' }, { pagination: { pageNo: 1, pageSize: 100 } });
      this.loadLags();
    } catch (e) {
      this.error = e;
    }
  }

  async loadLags() {
    if (!this.subs) return;
    const lags = {};
    await Promise.all(this.subs.map(async (s) => {
      try {
        lags[s.subId] = await data(API, { action: 'lag', subId: s.subId }, {});
      } catch {
        lags[s.subId] = [];
      }
    }));
    this.lags = lags;
  }

  async create(e) {
    e.preventDefault();
    const f = new FormData(e.target);
    this.formError = null;
    try {
      const filter = { modelIds: list(f.get('models')), assetIds: list(f.get('assets')),
        treeId: f.get('tree') || null, pointIds: list(f.get('points')) };
      this.shown = await data(API, { action: 'create' }, { name: f.get('name'), subType: Number(f.get('type')), filter });
      e.target.reset();
      this.load();
    } catch (err) {
      this.formError = err.message;
    }
  }

  async rotate(subId) {
    if (!confirm(`Rotate the secret of ${subId}? Consumers using the old one can no longer connect.`)) return;
    this.shown = await data(API, { action: 'rotateSecret', subId }, {});
  }

  async remove(subId) {
    if (!confirm(`Delete subscription ${subId} and its undelivered messages?`)) return;
    await data(API, { action: 'delete', subId }, {});
    this.load();
  }

  lagCell(subId) {
    const groups = this.lags?.[subId];
    if (!groups) return '…';
    if (groups.length === 0) return html`<span class="small">no consumer yet</span>`;
    return groups.map((g) => html`<div class="small"><span class="mono">${g.consumerGroup}</span>: lag ${g.lag},
      ${g.connectedConsumers} connected${g.missedMessages ? html`, <strong>${g.missedMessages} missed</strong>` : ''}</div>`);
  }

  render() {
    if (this.error) return failed(this.error);
    return html`
      <h1>Data subscriptions</h1>
      <p class="small">Consume with the EnOS subscription SDKs on port 9001 (or <span class="mono">ws://host:9001/json</span>).</p>
      ${this.shown ? html`<section class="card" role="status" aria-label="Credentials">
        <p><strong>Copy the secret now: it is not shown again.</strong></p>
        <p>subId <span class="mono">${this.shown.subId}</span> · accessKey <span class="mono">${this.shown.accessKey}</span>
          · accessSecret <span class="mono" id="sub-secret">${this.shown.accessSecret}</span></p>
        <button type="button" @click=${() => { this.shown = null; }}>Done</button></section>` : ''}
      ${session.canWrite ? html`<form class="card row" @submit=${this.create} aria-label="New subscription">
        <div><label for="s-name">Name</label><input id="s-name" name="name" required></div>
        <div><label for="s-type">Type</label><select id="s-type" name="type">
          ${Object.entries(TYPES).map(([code, label]) => html`<option value=${code}>${label}</option>`)}</select></div>
        <div><label for="s-models">Models</label><input id="s-models" name="models" placeholder="comma-separated, empty = all"></div>
        <div><label for="s-assets">Assets</label><input id="s-assets" name="assets" placeholder="comma-separated"></div>
        <div><label for="s-tree">Asset tree</label><input id="s-tree" name="tree" placeholder="treeId"></div>
        <div><label for="s-points">Points</label><input id="s-points" name="points" placeholder="comma-separated"></div>
        <div><label>&nbsp;</label><button class="primary" type="submit">Create subscription</button></div>
        ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : ''}
      </form>` : ''}
      <section class="card" style="margin-top:1rem">
        ${!this.subs ? loading('Loading subscriptions') : this.subs.length === 0 ? empty('No subscriptions yet.') : html`
          <div class="table-wrap"><table><thead><tr><th>Name</th><th>subId</th><th>Type</th><th>Access key</th>
            <th>Consumer groups</th><th>Created</th>${session.canWrite ? html`<th></th>` : ''}</tr></thead>
          <tbody>${this.subs.map((s) => html`<tr><td>${s.name}</td><td class="mono">${s.subId}</td><td>${TYPES[s.subType]}</td>
            <td class="mono small">${s.accessKey}</td><td>${this.lagCell(s.subId)}</td><td class="small">${time(s.createTime)}</td>
            ${session.canWrite ? html`<td class="row">
              <button type="button" @click=${() => this.rotate(s.subId)}>Rotate secret</button>
              <button type="button" @click=${() => this.remove(s.subId)}>Delete</button></td>` : ''}</tr>`)}
          </tbody></table></div>`}
      </section>`;
  }
}
customElements.define('oe-subscriptions-page', OeSubscriptionsPage);
