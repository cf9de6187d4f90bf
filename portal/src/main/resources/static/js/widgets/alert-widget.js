import { html } from 'lit';
import { LightElement } from '../base.js';
import { call } from '../api.js';
import { i18n, time, value } from '../format.js';
import { describe } from '../model-meta.js';
import { readable } from '../components/api-errors.js';

const POLL_MS = 5000;

/**
 * The active alerts of an asset subtree (or of the organization), of the chosen severities, newest first, with the
 * assets' names; polled every 5 s like the alerts console, since the live stream carries measure points only.
 */
class OeAlertWidget extends LightElement {
  static properties = { widget: { attribute: false }, alerts: { state: true }, names: { state: true },
    error: { state: true } };

  connectedCallback() {
    super.connectedCallback();
    this.timer = setInterval(() => { if (!document.hidden) this.load(); }, POLL_MS);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  updated(changed) {
    if (changed.has('widget')) this.load();
  }

  async load() {
    const w = this.widget;
    const severities = w.severityIds ?? [];
    const body = { severityId: severities.length === 1 ? severities[0] : null, pagination: { pageNo: 1, pageSize: 100 } };
    if (w.treeId) body.scope = { treeId: w.treeId, fromAssetId: w.assetId || undefined, includeDerivative: true };
    try {
      const answer = await call('/event-service/v2.1/active-alerts', { action: 'search' }, body);
      const alerts = (answer.data ?? []).filter((a) => !severities.length || severities.includes(a.severityId))
        .sort((a, b) => Number(b.occurTime) - Number(a.occurTime));
      const unknown = [...new Set(alerts.map((a) => a.assetId))].filter((id) => !this.names?.[id]);
      if (unknown.length) {
        const meta = await describe(unknown);
        this.names = { ...this.names, ...Object.fromEntries(Object.entries(meta.assets).map(([id, a]) => [id, a.name])) };
      }
      this.alerts = alerts;
      this.total = answer.pagination?.totalSize ?? alerts.length;
      this.error = null;
    } catch (e) {
      this.error = readable(e, 'Loading the alerts');
    }
  }

  /** The widget's data for an export. */
  table() {
    return { columns: ['Time', 'Severity', 'Alert', 'Asset', 'Point', 'Value', 'Acknowledged'],
      rows: (this.alerts ?? []).map((a) => [new Date(Number(a.occurTime)), i18n(a.severityDesc) || a.severityId,
        i18n(a.contentDesc) || a.contentId, this.names?.[a.assetId] ?? a.assetId, a.measurepointId,
        typeof a.value === 'number' ? a.value : value(a.value), a.acknowledged ? 'yes' : 'no']) };
  }

  render() {
    if (this.error) return html`<p class="error small" role="alert">${this.error}</p>`;
    if (!this.alerts) return html`<span class="spinner"></span>`;
    if (!this.alerts.length) return html`<p class="muted small" data-alert-count="0">No active alerts.</p>`;
    return html`<div class="widget-scroll" data-alert-count=${this.alerts.length}>
      <ul class="alert-feed">${this.alerts.map((a) => html`<li data-event-id=${a.eventId}>
        <span class="badge sev-${a.severityId}">${i18n(a.severityDesc) || a.severityId}</span>
        <span class="alert-what">${i18n(a.contentDesc) || a.contentId}</span>
        <a class="small" href="#/devices/${a.assetId}">${this.names?.[a.assetId] ?? a.assetId}</a>
        <span class="small muted">${time(a.occurTime)}${a.acknowledged ? ' · acknowledged' : ''}</span></li>`)}</ul></div>`;
  }
}
customElements.define('oe-alert-widget', OeAlertWidget);
