import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { i18n, pointLabel } from '../format.js';
import { model } from '../model-meta.js';

export const TEMPLATE_ASSET = '$asset';
const TYPES = [['VALUE_CARD', 'Value card'], ['LINE_CHART', 'Line chart'], ['GAUGE', 'Gauge'], ['STATUS', 'Status'],
  ['LATEST_TABLE', 'Latest values table'], ['SWITCH', 'Switch (control)'], ['SET_POINT', 'Set point (control)'],
  ['SERVICE_BUTTON', 'Service button (control)']];
const SINGLE_POINT = ['SWITCH', 'SET_POINT'];

/** Points a control may set: the model marks them writable (see remote-control.js). */
const writable = (p) => String(p.tags?.writable).toLowerCase() === 'true';

/**
 * Form to add a widget: its kind, title, a device (or, in a templated dashboard, "the chosen asset") and the
 * measure points, bounds, thresholds or service it needs.
 */
class OeWidgetEditor extends LightElement {
  static properties = { templateModelId: {}, devices: { state: true }, model: { state: true }, type: { state: true },
    error: { state: true } };

  constructor() {
    super();
    this.type = 'VALUE_CARD';
  }

  async connectedCallback() {
    super.connectedCallback();
    try {
      const [devices, products] = await Promise.all([
        data('/connect-service/v2.1/devices', { action: 'search' }, { pagination: { pageNo: 1, pageSize: 500 } }),
        data('/connect-service/v2.1/products', { action: 'search' }, { pagination: { pageNo: 1, pageSize: 1000 } })]);
      const modelOf = Object.fromEntries(products.map((p) => [p.productKey, p.modelId]));
      this.devices = devices.map((d) => ({ ...d, modelId: modelOf[d.productKey] }));
      this.pickDevice(this.templateModelId ? TEMPLATE_ASSET : this.devices[0]?.assetId);
    } catch (e) {
      this.error = e.message;
    }
  }

  updated(changed) {
    if (changed.has('templateModelId') && this.devices) {
      this.pickDevice(this.templateModelId ? TEMPLATE_ASSET : this.devices[0]?.assetId);
    }
  }

  async pickDevice(assetId) {
    if (!assetId) return;
    this.assetId = assetId;
    this.model = null;
    const modelId = assetId === TEMPLATE_ASSET ? this.templateModelId : this.devices.find((d) => d.assetId === assetId)?.modelId;
    this.model = await model(modelId);
  }

  points() {
    const all = Object.values(this.model?.measurepoints ?? {});
    return SINGLE_POINT.includes(this.type) ? all.filter(writable) : all;
  }

  add(e) {
    e.preventDefault();
    const f = new FormData(e.target);
    const assetId = f.get('assetId');
    const type = f.get('type');
    const points = f.getAll('point').map((pointId) => ({ assetId, pointId }));
    const number = (name) => (f.get(name) === '' || f.get(name) == null ? undefined : Number(f.get(name)));
    if (type === 'SERVICE_BUTTON' ? !f.get('serviceId') : !points.length) {
      this.error = type === 'SERVICE_BUTTON' ? 'Choose a service.' : 'Choose at least one measure point.';
      return;
    }
    if (SINGLE_POINT.includes(type) && points.length !== 1) { this.error = 'Choose exactly one point to set.'; return; }
    const thresholds = [['warn', number('warnFrom')], ['danger', number('dangerFrom')]]
      .filter(([, v]) => v !== undefined).map(([level, value]) => ({ level, value }));
    const widget = { id: crypto.randomUUID(), type, title: f.get('title') || undefined, x: 0, y: 0,
      w: Number(f.get('w')), h: Number(f.get('h')), points: type === 'SERVICE_BUTTON' ? [] : points,
      min: number('min'), max: number('max'), thresholds,
      assetId: type === 'SERVICE_BUTTON' ? assetId : undefined,
      serviceId: type === 'SERVICE_BUTTON' ? f.get('serviceId') : undefined };
    this.error = null;
    this.dispatchEvent(new CustomEvent('widget-add', { detail: widget, bubbles: true }));
  }

  render() {
    if (this.error && !this.devices) return html`<p class="error">${this.error}</p>`;
    if (!this.devices) return html`<span class="spinner"></span>`;
    if (!this.devices.length && !this.templateModelId) return html`<p class="muted">Widgets show device data: add a device first.</p>`;
    const choices = this.templateModelId ? this.devices.filter((d) => d.modelId === this.templateModelId) : this.devices;
    const services = Object.values(this.model?.services ?? {});
    const points = this.points();
    const single = SINGLE_POINT.includes(this.type);
    return html`
      <form class="card" @submit=${this.add} aria-label="Add widget" id="widget-form">
        <h2>Add a widget</h2>
        <div class="row">
          <div><label for="w-type">Kind</label><select id="w-type" name="type" @change=${(e) => { this.type = e.target.value; }}>
            ${TYPES.map(([v, l]) => html`<option value=${v} ?selected=${v === this.type}>${l}</option>`)}</select></div>
          <div><label for="w-title">Title</label><input id="w-title" name="title"></div>
          <div><label for="w-asset">Device</label><select id="w-asset" name="assetId" @change=${(e) => this.pickDevice(e.target.value)}>
            ${this.templateModelId ? html`<option value=${TEMPLATE_ASSET} selected>The chosen asset (template)</option>` : ''}
            ${choices.map((d) => html`<option value=${d.assetId}>${i18n(d.deviceName) || d.deviceKey}</option>`)}</select></div>
          <div><label for="w-w">Width (of 12)</label><input id="w-w" name="w" type="number" min="1" max="12" value="3" style="width:5rem"></div>
          <div><label for="w-h">Height</label><input id="w-h" name="h" type="number" min="1" max="12" value="2" style="width:5rem"></div>
          ${['GAUGE', 'SET_POINT'].includes(this.type) ? html`
            <div><label for="w-min">${this.type === 'GAUGE' ? 'Gauge min' : 'Lowest value'}</label><input id="w-min" name="min" type="number" step="any" style="width:6rem"></div>
            <div><label for="w-max">${this.type === 'GAUGE' ? 'Gauge max' : 'Highest value'}</label><input id="w-max" name="max" type="number" step="any" style="width:6rem"></div>` : ''}
          ${this.type === 'VALUE_CARD' ? html`
            <div><label for="w-warn">Warning from</label><input id="w-warn" name="warnFrom" type="number" step="any" style="width:6rem"></div>
            <div><label for="w-danger">Alarm from</label><input id="w-danger" name="dangerFrom" type="number" step="any" style="width:6rem"></div>` : ''}
        </div>
        ${this.type === 'SERVICE_BUTTON' ? html`
          <label for="w-service">Service</label><select id="w-service" name="serviceId">
            ${services.map((s) => html`<option value=${s.identifier}>${i18n(s.name) || s.identifier}</option>`)}</select>
          ${this.model && !services.length ? html`<p class="muted small">This model declares no services.</p>` : ''}`
        : html`<fieldset style="border:none;padding:0;margin:.6rem 0"><legend class="small muted">
            ${single ? 'Point to set (writable points of the model)' : 'Measure points'}</legend>
          ${!this.model ? html`<span class="spinner"></span>` : points.length === 0 ? html`<span class="muted small">None.</span>`
            : points.map((p, i) => html`
            <label class="check" style="color:var(--text)">
              <input type=${single ? 'radio' : 'checkbox'} name="point" value=${p.identifier} ?checked=${i === 0}> ${pointLabel(p)}</label>`)}
        </fieldset>`}
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
        <button class="primary" type="submit" id="widget-add">Add widget</button>
      </form>`;
  }
}
customElements.define('oe-widget-editor', OeWidgetEditor);
