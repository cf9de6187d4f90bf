import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { session } from '../session.js';
import { i18n } from '../format.js';
import { empty } from './async-state.js';
import { readable } from './api-errors.js';

/**
 * The organization's alert severities (EnOS `alert-severities`): listed, and added by writers. Every organization
 * starts with Critical, Warning and Info; an added one is announced with `catalog-changed` so that the rule editor
 * offers it at once.
 */
class OeAlertSeverities extends LightElement {
  static properties = { severities: { attribute: false }, error: { state: true }, added: { state: true } };

  async add(e) {
    e.preventDefault();
    const form = e.target;
    const severityId = form.severityId.value.trim();
    const label = form.severityDesc.value.trim();
    this.error = null;
    this.added = null;
    try {
      await data('/event-service/v2.1/alert-severities', { action: 'create' },
        { severity: { severityId, severityDesc: { defaultValue: label || severityId } } });
      this.added = severityId;
      form.reset();
      this.dispatchEvent(new CustomEvent('catalog-changed', { bubbles: true }));
    } catch (err) {
      this.error = readable(err, 'Adding the severity');
    }
  }

  render() {
    const list = this.severities ?? [];
    return html`
      <h3>Severities</h3>
      ${list.length ? html`<div class="table-wrap"><table id="severity-list">
        <thead><tr><th>ID</th><th>Name</th></tr></thead>
        <tbody>${list.map((s) => html`<tr data-severity-id=${s.severityId}>
          <td class="mono">${s.severityId}</td><td>${i18n(s.severityDesc) || s.severityId}</td></tr>`)}</tbody>
      </table></div>` : empty('No severities yet: add one below.')}
      ${session.canWrite ? html`<form id="severity-form" class="row" @submit=${this.add}>
        <label>ID <input name="severityId" id="severity-id" required maxlength="50" pattern="[A-Za-z0-9._\\-]+"></label>
        <label>Name <input name="severityDesc" id="severity-desc" maxlength="100"></label>
        <button type="submit" class="primary" id="severity-add">Add severity</button>
      </form>` : ''}
      ${this.added ? html`<p class="notice" role="status" id="severity-added">Severity ${this.added} added.</p>` : ''}
      ${this.error ? html`<div class="error" role="alert" id="severity-error">${this.error}</div>` : ''}`;
  }
}
customElements.define('oe-alert-severities', OeAlertSeverities);
