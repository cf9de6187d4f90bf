import { html } from 'lit';
import { LightElement } from '../base.js';
import { call, data } from '../api.js';
import { session } from '../session.js';
import { i18n, time, pointValue } from '../format.js';
import { modelPoint } from '../model-meta.js';
import { loading, empty } from './async-state.js';
import { readable } from './api-errors.js';
import { notAvailable, notAvailableState } from './optional-api.js';

const POLL_MS = 5000;
const WINDOWS = [['1h', 60], ['24h', 1440], ['7d', 10080], ['30d', 43200]];

/**
 * Active or history alerts with filters by severity and time window. Active alerts are polled every 5 s while
 * the page is visible (cheap and bounded; the live stream carries measure points, not alerts); they can be
 * acknowledged with a comment or closed.
 */
class OeAlertList extends LightElement {
  static properties = {
    kind: {}, severities: { attribute: false }, severityId: { state: true }, minutes: { state: true },
    alerts: { state: true }, total: { state: true }, error: { state: true }, acking: { state: true },
    actionError: { state: true }, refreshed: { state: true },
  };

  constructor() {
    super();
    this.kind = 'active';
    this.minutes = 1440;
    this.severityId = '';
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
    if (this.kind === 'active') {
      this.timer = setInterval(() => { if (!document.hidden && !this.acking) this.load(); }, POLL_MS);
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  async load() {
    const end = Date.now();
    const body = {
      severityId: this.severityId || null, startOccurTime: end - this.minutes * 60_000, endOccurTime: end,
      pagination: { pageNo: 1, pageSize: 100 },
    };
    try {
      const [answer, recovered] = await Promise.all([
        call(`/event-service/v2.1/${this.kind}-alerts`, { action: 'search' }, body),
        this.kind === 'active' ? this.recoveredUnacknowledged(body) : [],
      ]);
      const alerts = [...(answer.data ?? []), ...recovered];
      // values and point names as the model describes them (enum labels, units), not raw codes
      await Promise.all(alerts.map(async (a) => { a.point = await modelPoint(a.modelId, a.measurepointId); }));
      this.alerts = alerts;
      this.total = (answer.pagination?.totalSize ?? answer.data?.length ?? 0) + recovered.length;
      this.error = null;
      this.refreshed = Date.now();
    } catch (e) {
      this.error = e;
    }
  }

  /**
   * EnOS moves an alert to history when it recovers; operators still need to see it until someone acknowledges it,
   * so the active view adds the recovered alerts nobody has acknowledged (closed ones were handled by a person).
   */
  async recoveredUnacknowledged(body) {
    const history = await data('/event-service/v2.1/history-alerts', { action: 'search' },
      { ...body, acknowledged: false });
    return (history ?? []).filter((a) => a.eventType === 0).map((a) => ({ ...a, recovered: true }));
  }

  filter(patch) {
    Object.assign(this, patch);
    this.alerts = null;
    this.load();
  }

  async act(action, eventId, comment) {
    this.actionError = null;
    try {
      await data('/event-service/v2.1/active-alerts', { action, eventId }, comment == null ? {} : { comment });
      this.acking = null;
    } catch (e) {
      this.actionError = readable(e, action === 'close' ? 'Closing the alert' : 'Acknowledging the alert');
    }
    this.load();
  }

  ackForm(a) {
    return html`<form class="row" data-ack-form=${a.eventId} @submit=${(e) => { e.preventDefault();
      this.act('acknowledge', a.eventId, e.target.comment.value); }}>
      <label class="sr-only" for="ack-${a.eventId}">Comment</label>
      <input id="ack-${a.eventId}" name="comment" maxlength="1000" placeholder="Comment (optional)">
      <button type="submit" class="primary">Acknowledge</button>
      <button type="button" @click=${() => { this.acking = null; }}>Cancel</button></form>`;
  }

  actions(a) {
    if (this.kind !== 'active' || !session.canWrite) return '';
    if (this.acking === a.eventId) return this.ackForm(a);
    return html`<div class="row">
      ${a.acknowledged ? '' : html`<button type="button" data-ack=${a.eventId}
        @click=${() => { this.acking = a.eventId; }}>Acknowledge…</button>`}
      ${a.recovered ? '' : html`<button type="button" data-close=${a.eventId}
        @click=${() => this.act('close', a.eventId)}>Close</button>`}</div>`;
  }

  state(a) {
    const recovered = a.recovered ? html`<span class="badge" data-recovered>recovered ${time(a.recoverTime)}</span>` : '';
    if (!a.acknowledged) return html`${recovered || html`<span class="badge">open</span>`}`;
    return html`<span class="badge ok" title=${a.ackComment ?? ''}>acknowledged</span>
      ${a.ackComment ? html`<div class="small muted">${a.ackComment}</div>` : ''}`;
  }

  render() {
    if (this.error && notAvailable(this.error)) return notAvailableState('Alerts are');
    return html`
      <div class="row">
        <label>Severity <select class="alert-severity" @change=${(e) => this.filter({ severityId: e.target.value })}>
          <option value="">All</option>
          ${(this.severities ?? []).map((s) => html`<option value=${s.severityId}>${i18n(s.severityDesc) || s.severityId}</option>`)}
        </select></label>
        <div class="row" role="group" aria-label="Occurred within">
          ${WINDOWS.map(([label, m]) => html`<button type="button" aria-pressed=${this.minutes === m}
            class=${this.minutes === m ? 'primary' : ''} @click=${() => this.filter({ minutes: m })}>${label}</button>`)}
        </div>
        <span class="spacer"></span>
        <span class="small muted" data-alert-count>${this.alerts ? `${this.total} ${this.kind} alerts` : ''}
          ${this.kind === 'active' && this.refreshed ? html` · refreshed ${time(this.refreshed)}` : ''}</span>
      </div>
      ${this.error ? html`<div class="error" role="alert">${readable(this.error, 'Loading the alerts')}</div>` : ''}
      ${this.actionError ? html`<div class="error" role="alert" id="alert-action-error">${this.actionError}</div>` : ''}
      ${!this.alerts ? loading('Loading alerts') : !this.alerts.length ? empty(`No ${this.kind} alerts in this window.`) : html`
        <div class="table-wrap"><table class="alert-table" data-kind=${this.kind}>
          <thead><tr><th>Occurred</th><th>Severity</th><th>Alert</th><th>Asset</th><th>Point</th><th>Value</th>
            <th>${this.kind === 'active' ? 'State' : 'Recovered'}</th><th></th></tr></thead>
          <tbody>${this.alerts.map((a) => html`<tr data-event-id=${a.eventId} ?data-recovered=${a.recovered}>
            <td>${time(a.occurTime)}</td>
            <td class="sev-${a.severityId}">${i18n(a.severityDesc) || a.severityId}</td>
            <td>${i18n(a.contentDesc) || a.contentId}<div class="small muted">${i18n(a.ruleDesc) || a.hitRuleId}</div></td>
            <td><a href="#/devices/${a.assetId}" class="mono">${a.assetId}</a></td>
            <td>${i18n(a.point?.name) || a.measurepointId}</td><td>${pointValue(a.point, a.value)}</td>
            <td>${this.kind === 'active' ? this.state(a) : time(a.recoverTime)}</td>
            <td>${this.actions(a)}</td></tr>`)}</tbody>
        </table></div>`}`;
  }
}
customElements.define('oe-alert-list', OeAlertList);
