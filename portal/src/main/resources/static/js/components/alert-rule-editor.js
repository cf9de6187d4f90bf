import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { session } from '../session.js';
import { i18n, time, pointValue } from '../format.js';
import { modelPoint } from '../model-meta.js';
import { loading, failed, empty } from './async-state.js';

const FIELDS = ['ruleId', 'ruleDesc', 'modelId', 'measurepointId', 'condition', 'recoveryCondition', 'severityId',
  'typeId', 'contentId', 'triggeringDelayTimer'];

/**
 * The server's validation messages name the field first ("condition: unknown point 'x' …"): such a message is
 * shown under that field, anything else above the form.
 */
export function fieldOf(message) {
  const m = /^(?:rule\.)?([A-Za-z]+)(?:\[\d+\])?(?:\.[A-Za-z]+)?:\s/.exec(message ?? '');
  return m && FIELDS.includes(m[1]) ? m[1] : null;
}

/** Alert rules of the organization and a form to create one, checked by the server's rule validator. */
class OeAlertRuleEditor extends LightElement {
  static properties = {
    catalog: { attribute: false }, rules: { state: true }, error: { state: true }, formError: { state: true },
    fieldErrors: { state: true }, saved: { state: true }, preview: { state: true }, previewing: { state: true },
  };

  constructor() {
    super();
    this.fieldErrors = {};
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      this.rules = await data('/event-service/v2.1/alert-rules', { action: 'search' },
        { pagination: { pageNo: 1, pageSize: 100 } });
    } catch (e) {
      this.error = e;
    }
  }

  /** The rule as the form describes it, in the API's shape. */
  ruleOf(form) {
    const f = Object.fromEntries(new FormData(form));
    return {
      ruleId: f.ruleId, ruleDesc: { defaultValue: f.ruleDesc }, modelId: f.modelId, measurepointId: f.measurepointId,
      condition: f.condition, recoveryCondition: f.recoveryCondition || null, severityId: f.severityId,
      typeId: f.typeId, contentId: f.contentId, isEnabled: f.isEnabled === 'on',
      triggeringDelayTimer: f.triggeringDelayTimer ? Number(f.triggeringDelayTimer) : 0,
    };
  }

  showError(err) {
    const field = fieldOf(err.message);
    if (field && err.status !== 403) this.fieldErrors = { [field]: err.message.replace(/^[^:]+:\s*/, '') };
    else this.formError = err;
  }

  /** Replays the rule in the form over the last day of stored history, before it is saved. */
  async runPreview() {
    const form = this.querySelector('#rule-form');
    const rule = this.ruleOf(form);
    this.fieldErrors = {};
    this.formError = this.saved = this.preview = null;
    this.previewing = true;
    try {
      const [preview, point] = await Promise.all([
        data('/event-service/v2.1/alert-rules', { action: 'preview' }, { rule, limit: 10 }),
        modelPoint(rule.modelId, rule.measurepointId)]);
      this.preview = { ...preview, point };
    } catch (err) {
      this.showError(err);
    } finally {
      this.previewing = false;
    }
  }

  renderPreview() {
    const p = this.preview;
    if (!p) return '';
    return html`<div class="notice" id="rule-preview" role="status">
      <p id="rule-preview-count">Over the last day this rule would have fired <strong>${p.alertCount}</strong>
        ${p.alertCount === 1 ? 'time' : 'times'} on ${p.assetCount} ${p.assetCount === 1 ? 'asset' : 'assets'}
        (${p.sampleCount.toLocaleString()} stored values replayed)${p.truncated ? ', counting part of the history only' : ''}.</p>
      ${p.alerts.length ? html`<div class="table-wrap"><table id="rule-preview-list">
        <thead><tr><th>Asset</th><th>Fired</th><th>Value</th><th>Recovered</th></tr></thead>
        <tbody>${p.alerts.map((a) => html`<tr>
          <td>${i18n(a.assetName) || a.assetId}</td><td class="small">${time(a.occurTime)}</td>
          <td>${pointValue(p.point, a.value)}</td><td class="small">${a.recoverTime ? time(a.recoverTime) : 'still active'}</td></tr>`)}
        </tbody></table></div>` : ''}
      ${p.alertCount > p.alerts.length ? html`<p class="small muted">The first ${p.alerts.length} are listed.</p>` : ''}
    </div>`;
  }

  async create(e) {
    e.preventDefault();
    const rule = this.ruleOf(e.target);
    this.fieldErrors = {};
    this.formError = this.saved = null;
    try {
      await data('/event-service/v2.1/alert-rules', { action: 'create' }, { rule });
      this.saved = rule.ruleId;
      this.preview = null;
      e.target.reset();
      this.load();
    } catch (err) {
      this.showError(err);
    }
  }

  field(name, label, input) {
    const error = this.fieldErrors[name];
    return html`<div class="field">
      <label for="rule-${name}">${label}</label>${input}
      ${error ? html`<div class="error small" data-field-error=${name} id="rule-${name}-error">${error}</div>` : ''}</div>`;
  }

  options(entries, kind) {
    return html`<option value="">—</option>${(entries ?? []).map((s) => html`
      <option value=${s[`${kind}Id`]}>${i18n(s[`${kind}Desc`]) || s[`${kind}Id`]}</option>`)}`;
  }

  renderForm() {
    const c = this.catalog ?? {};
    const invalid = (n) => (this.fieldErrors[n] ? 'true' : 'false');
    return html`<form id="rule-form" class="rule-form" @submit=${this.create} novalidate>
      <h3>New rule</h3>
      ${this.formError ? failed(this.formError) : ''}
      ${this.saved ? html`<p class="notice" id="rule-saved">Rule ${this.saved} created.</p>` : ''}
      <div class="grid2">
        ${this.field('ruleId', 'Rule ID', html`<input id="rule-ruleId" name="ruleId" aria-invalid=${invalid('ruleId')}>`)}
        ${this.field('ruleDesc', 'Description', html`<input id="rule-ruleDesc" name="ruleDesc" aria-invalid=${invalid('ruleDesc')}>`)}
        ${this.field('modelId', 'Model ID', html`<input id="rule-modelId" name="modelId" aria-invalid=${invalid('modelId')}>`)}
        ${this.field('measurepointId', 'Measure point', html`<input id="rule-measurepointId" name="measurepointId"
          aria-invalid=${invalid('measurepointId')}>`)}
        ${this.field('condition', 'Condition', html`<input id="rule-condition" name="condition" class="mono"
          placeholder="\${temp} > 50" aria-invalid=${invalid('condition')}>`)}
        ${this.field('recoveryCondition', 'Recovery condition (optional)', html`<input id="rule-recoveryCondition"
          name="recoveryCondition" class="mono" aria-invalid=${invalid('recoveryCondition')}>`)}
        ${this.field('severityId', 'Severity', html`<select id="rule-severityId" name="severityId">${this.options(c.severities, 'severity')}</select>
          ${c.severities && !c.severities.length ? html`<span class="small muted" id="rule-no-severity">No severities yet:
            <a href="#/alerts/severities">add one</a>.</span>` : ''}`)}
        ${this.field('typeId', 'Type', html`<select id="rule-typeId" name="typeId">${this.options(c.types, 'type')}</select>`)}
        ${this.field('contentId', 'Content', html`<select id="rule-contentId" name="contentId">${this.options(c.contents, 'content')}</select>`)}
        ${this.field('triggeringDelayTimer', 'Trigger after (seconds)', html`<input id="rule-triggeringDelayTimer"
          name="triggeringDelayTimer" type="number" min="0" value="0">`)}
      </div>
      <div class="row"><label class="check"><input type="checkbox" name="isEnabled" checked> Enabled</label>
        <span class="spacer"></span>
        <button type="button" id="rule-preview-run" @click=${this.runPreview} ?disabled=${this.previewing}>
          ${this.previewing ? 'Replaying the last day…' : 'Preview last day'}</button>
        <button type="submit" class="primary" id="rule-create">Create rule</button></div>
      ${this.renderPreview()}
    </form>`;
  }

  render() {
    if (this.error) return failed(this.error);
    return html`
      ${!this.rules ? loading('Loading rules') : !this.rules.length ? empty('No alert rules yet.') : html`
        <div class="table-wrap"><table id="rule-list">
          <thead><tr><th>Rule</th><th>Model · point</th><th>Condition</th><th>Severity</th><th>Enabled</th></tr></thead>
          <tbody>${this.rules.map((r) => html`<tr data-rule-id=${r.ruleId}>
            <td>${i18n(r.ruleDesc)}<div class="small muted mono">${r.ruleId}</div></td>
            <td class="mono">${r.modelId} · ${r.measurepointId}</td><td class="mono">${r.condition}</td>
            <td class="sev-${r.severityId}">${r.severityId}</td><td>${r.isEnabled ? 'yes' : 'no'}</td></tr>`)}</tbody>
        </table></div>`}
      ${session.canWrite ? this.renderForm() : ''}`;
  }
}
customElements.define('oe-alert-rule-editor', OeAlertRuleEditor);
