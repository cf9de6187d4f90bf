import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { i18n, pointLabel } from '../format.js';
import { model } from '../model-meta.js';

export const TEMPLATE_ASSET = '$asset';
const TYPES = [['VALUE_CARD', 'Value card'], ['LINE_CHART', 'Line chart'], ['GAUGE', 'Gauge'], ['STATUS', 'Status'],
  ['LATEST_TABLE', 'Latest values table'], ['STATE_TIMELINE', 'State timeline'], ['ALERT_LIST', 'Alert list'],
  ['MAP', 'Map of sites'], ['SWITCH', 'Switch (control)'], ['SET_POINT', 'Set point (control)'],
  ['SERVICE_BUTTON', 'Service button (control)']];
const SINGLE_POINT = ['SWITCH', 'SET_POINT'];
/** Widgets that show an asset subtree instead of points. */
const SUBTREE = ['ALERT_LIST', 'MAP'];

/** Points with states to draw as bands: digital inputs, enums and booleans. */
const stateful = (p) => p.signalType === 'DI' || ['ENUM', 'BOOL'].includes(p.dataType);

/** The nodes of a nested asset-tree answer with their depth, for an indented pick list. */
function nodes(node, depth = 0, out = []) {
  if (!node) return out;
  out.push({ assetId: node.assetId, name: i18n(node.name) || node.assetId, depth });
  for (const child of node.subAssets ?? []) nodes(child, depth + 1, out);
  return out;
}

/** Points a control may set: the model marks them writable (see remote-control.js). */
const writable = (p) => String(p.tags?.writable).toLowerCase() === 'true';

/**
 * Form to add a widget: its kind, title, a device (or, in a templated dashboard, "the chosen asset") and the
 * measure points, bounds, thresholds or service it needs.
 */
class OeWidgetEditor extends LightElement {
  static properties = { templateModelId: {}, devices: { state: true }, model: { state: true }, type: { state: true },
    error: { state: true }, trees: { state: true }, treeNodes: { state: true }, severities: { state: true } };

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
    if (this.type === 'STATE_TIMELINE') return all.filter(stateful);
    return SINGLE_POINT.includes(this.type) ? all.filter(writable) : all;
  }

  /** Trees, and for an alert list the severities, read when a subtree widget is chosen. */
  async pickType(type) {
    this.type = type;
    if (!SUBTREE.includes(type) || this.trees) return;
    try {
      const [trees, severities] = await Promise.all([
        data('/asset-tree-service/v2.1/asset-trees', { action: 'search' }),
        data('/event-service/v2.1/alert-severities', { action: 'search' }, { pagination: { pageNo: 1, pageSize: 100 } })
          .catch(() => [])]);
      this.trees = trees ?? [];
      this.severities = severities ?? [];
      if (this.trees.length) await this.pickTree(this.trees[0].treeId);
    } catch (e) {
      this.error = e.message;
    }
  }

  async pickTree(treeId) {
    this.treeNodes = null;
    const root = await data('/asset-tree-service/v2.1/asset-nodes', { action: 'getAssetTree', treeId });
    this.treeNodes = nodes(root);
  }

  subtreeFields() {
    if (!this.trees) return html`<span class="spinner"></span>`;
    if (!this.trees.length) return html`<p class="muted small">No asset tree yet: create one on the tree page.</p>`;
    return html`<div class="row">
        <div><label for="w-tree">Asset tree</label><select id="w-tree" name="treeId" @change=${(e) => this.pickTree(e.target.value)}>
          ${this.trees.map((t) => html`<option value=${t.treeId}>${i18n(t.name) || t.treeId}</option>`)}</select></div>
        <div><label for="w-node">From asset</label><select id="w-node" name="nodeId">
          ${(this.treeNodes ?? []).map((n) => html`<option value=${n.assetId}>${'\u2003'.repeat(n.depth)}${n.name}</option>`)}
          ${this.templateModelId ? html`<option value=${TEMPLATE_ASSET}>The chosen asset (template)</option>` : ''}</select></div>
      </div>
      ${this.type === 'ALERT_LIST' ? html`<fieldset style="border:none;padding:0;margin:.6rem 0"><legend class="small muted">
          Severities (none ticked: all)</legend>
        ${(this.severities ?? []).map((sv) => html`<label class="check" style="color:var(--text)">
          <input type="checkbox" name="severity" value=${sv.severityId}> ${i18n(sv.severityDesc) || sv.severityId}</label>`)}
        </fieldset>` : ''}`;
  }

  add(e) {
    e.preventDefault();
    const f = new FormData(e.target);
    const assetId = f.get('assetId');
    const type = f.get('type');
    const points = f.getAll('point').map((pointId) => ({ assetId, pointId }));
    const number = (name) => (f.get(name) === '' || f.get(name) == null ? undefined : Number(f.get(name)));
    if (SUBTREE.includes(type)) {
      if (!f.get('treeId')) { this.error = 'Choose an asset tree.'; return; }
      this.error = null;
      this.dispatchEvent(new CustomEvent('widget-add', { bubbles: true, detail: { id: crypto.randomUUID(), type,
        title: f.get('title') || undefined, x: 0, y: 0, w: Number(f.get('w')), h: Number(f.get('h')), points: [],
        treeId: f.get('treeId'), assetId: f.get('nodeId') || undefined,
        severityIds: type === 'ALERT_LIST' ? f.getAll('severity') : undefined } }));
      return;
    }
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
          <div><label for="w-type">Kind</label><select id="w-type" name="type" @change=${(e) => this.pickType(e.target.value)}>
            ${TYPES.map(([v, l]) => html`<option value=${v} ?selected=${v === this.type}>${l}</option>`)}</select></div>
          <div><label for="w-title">Title</label><input id="w-title" name="title"></div>
          ${SUBTREE.includes(this.type) ? '' : html`<div><label for="w-asset">Device</label><select id="w-asset" name="assetId" @change=${(e) => this.pickDevice(e.target.value)}>
            ${this.templateModelId ? html`<option value=${TEMPLATE_ASSET} selected>The chosen asset (template)</option>` : ''}
            ${choices.map((d) => html`<option value=${d.assetId} ?selected=${d.assetId === this.assetId}>${i18n(d.deviceName) || d.deviceKey}</option>`)}</select></div>`}
          <div><label for="w-w">Width (of 12)</label><input id="w-w" name="w" type="number" min="1" max="12" value="3" style="width:5rem"></div>
          <div><label for="w-h">Height</label><input id="w-h" name="h" type="number" min="1" max="12" value="2" style="width:5rem"></div>
          ${['GAUGE', 'SET_POINT'].includes(this.type) ? html`
            <div><label for="w-min">${this.type === 'GAUGE' ? 'Gauge min' : 'Lowest value'}</label><input id="w-min" name="min" type="number" step="any" style="width:6rem"></div>
            <div><label for="w-max">${this.type === 'GAUGE' ? 'Gauge max' : 'Highest value'}</label><input id="w-max" name="max" type="number" step="any" style="width:6rem"></div>` : ''}
          ${['VALUE_CARD', 'GAUGE'].includes(this.type) ? html`
            <div><label for="w-warn">Warning from</label><input id="w-warn" name="warnFrom" type="number" step="any" style="width:6rem"></div>
            <div><label for="w-danger">Alarm from</label><input id="w-danger" name="dangerFrom" type="number" step="any" style="width:6rem"></div>` : ''}
        </div>
        ${SUBTREE.includes(this.type) ? this.subtreeFields() : this.type === 'SERVICE_BUTTON' ? html`
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
