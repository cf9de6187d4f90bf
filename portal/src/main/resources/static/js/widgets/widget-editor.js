import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { i18n } from '../format.js';

const TYPES = [['VALUE_CARD', 'Value card'], ['LINE_CHART', 'Line chart'], ['GAUGE', 'Gauge'], ['STATUS', 'Status'],
  ['LATEST_TABLE', 'Latest values table']];

/** Form to add a widget: its kind, title, a device and the measure points to show. */
class OeWidgetEditor extends LightElement {
  static properties = { devices: { state: true }, points: { state: true }, error: { state: true } };

  async connectedCallback() {
    super.connectedCallback();
    try {
      this.devices = await data('/connect-service/v2.1/devices', { action: 'search' }, { pagination: { pageNo: 1, pageSize: 500 } });
      if (this.devices.length) this.pickDevice(this.devices[0].assetId);
    } catch (e) {
      this.error = e.message;
    }
  }

  async pickDevice(assetId) {
    this.points = null;
    const device = this.devices.find((d) => d.assetId === assetId);
    const product = await data('/connect-service/v2.1/products', { action: 'get', productKey: device.productKey });
    const model = await data('/model-service/v2.1/thing-models', { action: 'get', modelId: product.modelId });
    this.points = Object.values(model.measurepoints);
  }

  add(e) {
    e.preventDefault();
    const f = new FormData(e.target);
    const assetId = f.get('assetId');
    const points = f.getAll('point').map((pointId) => ({ assetId, pointId }));
    if (!points.length) { this.error = 'Choose at least one measure point.'; return; }
    const type = f.get('type');
    const widget = { id: crypto.randomUUID(), type, title: f.get('title') || undefined, x: 0, y: 0,
      w: Number(f.get('w')), h: Number(f.get('h')), points,
      min: f.get('min') === '' ? undefined : Number(f.get('min')), max: f.get('max') === '' ? undefined : Number(f.get('max')),
      rangeMinutes: type === 'LINE_CHART' ? 60 : undefined };
    this.error = null;
    this.dispatchEvent(new CustomEvent('widget-add', { detail: widget, bubbles: true }));
  }

  render() {
    if (this.error && !this.devices) return html`<p class="error">${this.error}</p>`;
    if (!this.devices) return html`<span class="spinner"></span>`;
    if (!this.devices.length) return html`<p class="muted">Widgets show device data: add a device first.</p>`;
    return html`
      <form class="card" @submit=${this.add} aria-label="Add widget" id="widget-form">
        <h2>Add a widget</h2>
        <div class="row">
          <div><label for="w-type">Kind</label><select id="w-type" name="type">
            ${TYPES.map(([v, l]) => html`<option value=${v}>${l}</option>`)}</select></div>
          <div><label for="w-title">Title</label><input id="w-title" name="title"></div>
          <div><label for="w-asset">Device</label><select id="w-asset" name="assetId" @change=${(e) => this.pickDevice(e.target.value)}>
            ${this.devices.map((d) => html`<option value=${d.assetId}>${i18n(d.deviceName) || d.deviceKey}</option>`)}</select></div>
          <div><label for="w-w">Width (of 12)</label><input id="w-w" name="w" type="number" min="1" max="12" value="3" style="width:5rem"></div>
          <div><label for="w-h">Height</label><input id="w-h" name="h" type="number" min="1" max="12" value="2" style="width:5rem"></div>
          <div><label for="w-min">Gauge min</label><input id="w-min" name="min" type="number" step="any" style="width:6rem"></div>
          <div><label for="w-max">Gauge max</label><input id="w-max" name="max" type="number" step="any" style="width:6rem"></div>
        </div>
        <fieldset style="border:none;padding:0;margin:.6rem 0"><legend class="small muted">Measure points</legend>
          ${!this.points ? html`<span class="spinner"></span>` : this.points.map((p, i) => html`
            <label style="display:inline-flex;gap:.3rem;margin-right:1rem;color:var(--text)">
              <input type="checkbox" name="point" value=${p.identifier} ?checked=${i === 0}> ${i18n(p.name) || p.identifier}</label>`)}
        </fieldset>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
        <button class="primary" type="submit" id="widget-add">Add widget</button>
      </form>`;
  }
}
customElements.define('oe-widget-editor', OeWidgetEditor);
