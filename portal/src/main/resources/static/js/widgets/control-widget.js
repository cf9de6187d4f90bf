import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { i18n, pointValue, pointLabel } from '../format.js';
import { readable } from '../components/api-errors.js';
import { typed, modelField } from '../components/model-inputs.js';
import { pointKey } from '../model-meta.js';

const key = (p) => pointKey(p.assetId, p.pointId);

/**
 * Control widgets: a switch (BOOL or ENUM point), a set point with bounds, a service button with an input form.
 * Every command is confirmed in a dialog first and its outcome stays on the widget: the device's answer, or the
 * reason it failed in a sentence.
 */
class OeControlWidget extends LightElement {
  static properties = { widget: { attribute: false }, meta: { attribute: false }, values: { attribute: false },
    pending: { state: true }, outcome: { state: true }, busy: { state: true }, invalid: { state: true } };

  get point() {
    const p = this.widget.points[0];
    return p ? { ref: p, model: this.meta?.points?.[key(p)] } : null;
  }

  assetName(assetId) {
    return this.meta?.assets?.[assetId]?.name ?? assetId;
  }

  service() {
    const w = this.widget;
    const modelId = this.meta?.assets?.[w.assetId]?.modelId;
    return this.meta?.models?.[modelId]?.services?.[w.serviceId];
  }

  /** Opens the confirmation for a command: `{text, send: async () => outcome text}`. */
  ask(pending) {
    this.pending = pending;
    this.outcome = null;
    this.updateComplete.then(() => this.querySelector('dialog')?.showModal());
  }

  close() {
    this.querySelector('dialog')?.close();
    this.pending = null;
  }

  async confirmed(e) {
    e.preventDefault();
    const pending = this.pending;
    let input;
    try {
      input = pending.fields ? this.formValues(e.target, pending.fields) : undefined;
    } catch (err) {
      this.invalid = `The input is not valid JSON (${err.message}).`;
      return;
    }
    this.close();
    this.busy = true;
    try {
      this.outcome = { ok: true, text: await pending.send(input) };
    } catch (err) {
      this.outcome = { ok: false, text: readable(err, pending.what) };
    } finally {
      this.busy = false;
    }
  }

  formValues(form, fields) {
    const f = new FormData(form);
    return Object.fromEntries(fields.filter((x) => f.get(x.identifier) !== '')
      .map((x) => [x.identifier, typed(x, f.get(x.identifier))]));
  }

  setPoint(value, label) {
    const { ref, model } = this.point;
    const name = i18n(model?.name) || ref.pointId;
    this.ask({
      what: 'Setting the point',
      text: `Set ${name} of ${this.assetName(ref.assetId)} to ${label}?`,
      send: async () => {
        const reply = await data('/connect-service/v2.1/commands', { action: 'setMeasurepoint', assetId: ref.assetId,
          measurepointId: ref.pointId, pendingTtl: 0 }, { value });
        return `${this.assetName(ref.assetId)} accepted ${name} = ${label} (command ${reply?.commandId ?? ''}).`;
      },
    });
  }

  switchBody() {
    const { ref, model } = this.point;
    const current = this.values?.[key(ref)]?.value;
    const def = model?.dataDefinition ?? {};
    const options = model?.dataType === 'ENUM'
      ? Object.entries(def.enumDesc ?? {}).map(([v, label]) => [def.enumType === 'INT' ? Number(v) : v, i18n(label) || v])
      : [[true, i18n(def.boolDesc?.true) || 'On'], [false, i18n(def.boolDesc?.false) || 'Off']];
    const isCurrent = (v) => current != null && String(current) === String(v === true ? (typeof current === 'boolean' ? true : 1)
      : v === false ? (typeof current === 'boolean' ? false : 0) : v);
    return html`<div class="small muted">${pointLabel(model, ref.pointId)} · now
        <strong data-widget-value>${pointValue(model, current)}</strong></div>
      <div class="row" role="group" aria-label="Switch ${i18n(model?.name) || ref.pointId}">
        ${options.map(([v, label]) => html`<button type="button" class=${isCurrent(v) ? 'primary' : ''}
          aria-pressed=${isCurrent(v)} data-switch=${String(v)} ?disabled=${this.busy}
          @click=${() => this.setPoint(v, label)}>${label}</button>`)}
      </div>`;
  }

  setPointBody() {
    const { ref, model } = this.point;
    const { min, max } = this.widget;
    const submit = (e) => {
      e.preventDefault();
      const text = new FormData(e.target).get('value');
      const v = Number(text);
      if (text === '' || Number.isNaN(v)) { this.invalid = 'Enter a number.'; return; }
      if ((min != null && v < min) || (max != null && v > max)) {
        this.invalid = `Enter a value between ${min ?? '−∞'} and ${max ?? '∞'}.`;
        return;
      }
      this.invalid = null;
      this.setPoint(model?.dataType === 'INT' ? Math.round(v) : v, pointValue(model, v));
    };
    return html`<div class="small muted">${pointLabel(model, ref.pointId)} · now
        <strong data-widget-value>${pointValue(model, this.values?.[key(ref)]?.value)}</strong></div>
      <form class="row" @submit=${submit} novalidate>
        <label class="sr-only" for="sp-${this.widget.id}">New value</label>
        <input id="sp-${this.widget.id}" name="value" type="number" step="any" style="width:7rem"
          min=${min ?? ''} max=${max ?? ''} placeholder=${min != null && max != null ? `${min}–${max}` : ''}>
        <button type="submit" class="primary" ?disabled=${this.busy}>Set</button>
      </form>`;
  }

  serviceBody() {
    const w = this.widget;
    const s = this.service();
    const name = i18n(s?.name) || w.serviceId;
    const run = () => this.ask({
      what: 'The command', fields: s?.inputData ?? [],
      text: `Run ${name} on ${this.assetName(w.assetId)}?`,
      send: async (inputData) => {
        const reply = await data('/connect-service/v2.1/commands', { action: 'invokeService', assetId: w.assetId,
          serviceId: w.serviceId, timeout: 30, pendingTtl: 0 }, { inputData });
        const out = reply?.outputData && Object.keys(reply.outputData).length ? ` Answer: ${JSON.stringify(reply.outputData)}.` : '';
        return `${this.assetName(w.assetId)} ran ${name} (command ${reply?.commandId ?? ''}).${out}`;
      },
    });
    return html`<div class="small muted">${this.assetName(w.assetId)}</div>
      <button type="button" class="primary" data-service=${w.serviceId} ?disabled=${this.busy || !s} @click=${run}>${name}…</button>
      ${!s && this.meta ? html`<p class="error small">The model has no service ${w.serviceId}.</p>` : ''}`;
  }

  render() {
    const type = this.widget.type;
    const body = type === 'SERVICE_BUTTON' ? this.serviceBody() : this.point ? (type === 'SWITCH' ? this.switchBody()
      : this.setPointBody()) : html`<p class="muted">No point chosen.</p>`;
    return html`${body}
      ${this.busy ? html`<p class="small muted" role="status"><span class="spinner"></span> Waiting for the device…</p>` : ''}
      ${this.invalid ? html`<p class="error small" role="alert" data-invalid>${this.invalid}</p>` : ''}
      ${this.outcome ? html`<p class=${`small ${this.outcome.ok ? 'notice' : 'error'}`} role="status" data-outcome=${this.outcome.ok ? 'ok' : 'failed'}>${this.outcome.text}</p>` : ''}
      <dialog aria-label="Confirm command" @close=${() => { this.pending = null; }}>
        ${this.pending ? html`<form method="dialog" @submit=${this.confirmed}>
          <p data-confirm-text>${this.pending.text}</p>
          ${(this.pending.fields ?? []).map((f) => modelField(f, `svc-${this.widget.id}`))}
          <div class="row" style="margin-top:1rem"><span class="spacer"></span>
            <button type="button" data-cancel @click=${() => this.close()}>Cancel</button>
            <button type="submit" class="primary" data-confirm>Confirm</button></div>
        </form>` : ''}
      </dialog>`;
  }
}
customElements.define('oe-control-widget', OeControlWidget);
