import { html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { session } from '../session.js';
import { openLive } from '../live.js';
import { loading, failed } from '../components/async-state.js';
import { go } from '../router.js';
import { i18n } from '../format.js';
import { setUnsaved } from '../unsaved-edits.js';
import { describe, pointKey } from '../model-meta.js';
import { readable } from '../components/api-errors.js';
import '../widgets/dash-widget.js';
import '../widgets/widget-editor.js';
import { TEMPLATE_ASSET } from '../widgets/widget-editor.js';
import { DEFAULT_WINDOW, resolveWindow } from '../widgets/time-window.js';
import '../widgets/time-window.js';
import { COLUMNS, fit, settle, geometry, freeSlot } from '../widgets/grid-layout.js';
import { exportDashboard } from './dashboard-json.js';

/**
 * The connection status of the devices among some assets. Many assets: one search of the organization's devices
 * (a page of 1,000) instead of a request per asset; assets not in that page are asked for one by one.
 */
async function deviceStatuses(assets) {
  const statuses = {};
  let rest = assets;
  if (assets.length > 10) {
    const wanted = new Set(assets);
    const devices = await data('/connect-service/v2.1/devices', { action: 'search' },
      { pagination: { pageNo: 1, pageSize: 1000 } }).catch(() => []);
    for (const d of devices ?? []) if (wanted.has(d.assetId)) statuses[d.assetId] = d.status;
    rest = assets.filter((a) => !(a in statuses));
  }
  await Promise.all(rest.map((a) => data('/connect-service/v2.1/devices', { action: 'get', assetId: a })
    .then((d) => { statuses[a] = d.status; }).catch(() => {})));
  return statuses;
}

/** Every widget with the template's asset placeholder replaced by the chosen asset. */
export function bind(widgets, assetId) {
  if (!assetId) return widgets;
  const at = (a) => (a === TEMPLATE_ASSET ? assetId : a);
  return widgets.map((w) => ({ ...w, assetId: w.assetId && at(w.assetId),
    points: w.points.map((p) => ({ ...p, assetId: at(p.assetId) })) }));
}

/**
 * A dashboard: widgets on a 12-column grid fed by one live stream; writers edit and save it. In edit mode a widget
 * is moved by dragging its title and resized by its corner (pointer events, so mouse, pen and touch), or with its
 * buttons from the keyboard; either way the others slide down out of its way. Every widget follows the
 * dashboard's time window (live or fixed, refreshed on a timer); a templated dashboard shows the asset chosen in
 * its asset selector.
 */
class OeDashboardPage extends LightElement {
  static properties = { dashboardId: {}, dash: { state: true }, values: { state: true }, statuses: { state: true },
    editing: { state: true }, error: { state: true }, saveError: { state: true }, saved: { state: true },
    drag: { state: true }, meta: { state: true }, timeSetting: { state: true }, window: { state: true },
    choices: { state: true }, chosen: { state: true }, models: { state: true }, dirty: { state: true } };

  updated(changed) {
    if (changed.has('dashboardId')) this.load();
    if (changed.has('dirty') || changed.has('editing')) setUnsaved(this, Boolean(this.dirty && this.editing));
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    setUnsaved(this, false); // left the page: its edits are discarded
    this.closeLive?.();
    clearInterval(this.timer);
  }

  async load() {
    this.error = null;
    try {
      this.dash = await data('/dashboard-service/v2.1/dashboards', { action: 'get', dashboardId: this.dashboardId });
      this.editing = session.canWrite && location.hash.endsWith('/edit');
      this.dirty = false;
      this.timeSetting = this.dash.time ?? DEFAULT_WINDOW;
      await this.loadChoices();
      this.schedule();
      await this.feed();
    } catch (e) {
      this.error = e;
    }
  }

  /** The assets a templated dashboard can show: the devices whose product uses its model. */
  async loadChoices() {
    const modelId = this.dash.templateModelId;
    if (!modelId) { this.choices = null; this.chosen = null; return; }
    const [devices, products] = await Promise.all([
      data('/connect-service/v2.1/devices', { action: 'search' }, { pagination: { pageNo: 1, pageSize: 1000 } }),
      data('/connect-service/v2.1/products', { action: 'search' }, { pagination: { pageNo: 1, pageSize: 1000 } })]);
    const keys = new Set(products.filter((p) => p.modelId === modelId).map((p) => p.productKey));
    this.choices = devices.filter((d) => keys.has(d.productKey))
      .map((d) => ({ assetId: d.assetId, name: i18n(d.deviceName) || d.deviceKey }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const remembered = sessionStorage.getItem(`openenos.dashboard.${this.dashboardId}.asset`);
    this.chosen = this.choices.find((c) => c.assetId === remembered)?.assetId ?? this.choices[0]?.assetId ?? null;
  }

  choose(assetId) {
    this.chosen = assetId;
    sessionStorage.setItem(`openenos.dashboard.${this.dashboardId}.asset`, assetId);
    this.feed();
  }

  /** The widgets as shown: bound to the chosen asset when the dashboard is a template. */
  shown() {
    const widgets = this.drag?.layout ?? this.dash.widgets;
    // the same objects while nothing changed, so charts do not reload on every live value
    if (this.boundCache?.widgets !== widgets || this.boundCache.chosen !== this.chosen) {
      this.boundCache = { widgets, chosen: this.chosen, bound: bind(widgets, this.chosen) };
    }
    return this.boundCache.bound;
  }

  /** Sets the time window (saved with the dashboard by writers in edit mode) and its refresh timer. */
  setWindow(setting) {
    this.timeSetting = setting;
    if (this.editing) { this.dash = { ...this.dash, time: setting }; this.dirty = true; }
    this.schedule();
    this.feed();
  }

  schedule() {
    clearInterval(this.timer);
    this.window = resolveWindow(this.timeSetting);
    const seconds = this.timeSetting.lastMinutes != null ? this.timeSetting.refreshSeconds ?? 0 : 0;
    if (seconds > 0) {
      this.timer = setInterval(() => { this.window = resolveWindow(this.timeSetting); this.feed(); }, seconds * 1000);
    }
  }

  /** One latest query and one live stream for all points on the dashboard. */
  async feed() {
    this.closeLive?.();
    const widgets = bind(this.dash.widgets, this.chosen).filter((w) => !w.points.some((p) => p.assetId === TEMPLATE_ASSET));
    const points = widgets.flatMap((w) => w.points);
    // an alert list's or map's assetId is the root of a subtree, read by the widget itself
    const devices = widgets.filter((w) => w.type === 'SERVICE_BUTTON').map((w) => w.assetId).filter(Boolean);
    const assets = [...new Set([...points.map((p) => p.assetId), ...devices])];
    describe(assets).then((meta) => { this.meta = meta; });
    const values = {};
    if (assets.length) {
      const latest = await data('/tsdb-service/v2.1/latest', {},
        { assetIds: assets.join(','), pointIds: [...new Set(points.map((p) => p.pointId))].join(',') }).catch(() => null);
      for (const item of latest?.items ?? []) {
        for (const p of points) {
          if (item.assetId !== p.assetId) continue;
          if (item.pointId === p.pointId) values[pointKey(p.assetId, p.pointId)] = { value: item.value, time: item.timestamp };
          else if (item[p.pointId] !== undefined) values[pointKey(p.assetId, p.pointId)] = { value: item[p.pointId], time: item.timestamp };
        }
      }
      // values first: statuses need more requests and must not hold the cards back
      this.values = values;
      this.statuses = await deviceStatuses(assets);
    }
    this.values = values;
    if (!this.window?.live) return;
    this.closeLive = openLive(assets, (events) => {
      const next = { ...this.values };
      for (const e of events) next[pointKey(e.assetId, e.pointId)] = { value: e.value, time: e.time };
      this.values = next;
      this.querySelectorAll('oe-widget-chart, oe-state-timeline').forEach((c) => c.push(events));
    });
  }

  change(widgets) {
    this.dash = { ...this.dash, widgets };
    this.saved = null;
    this.dirty = true;
  }

  onMove(e) {
    const { id, dx, dy, dw, dh } = e.detail;
    const w = this.dash.widgets.find((x) => x.id === id);
    this.place(fit({ ...w, x: w.x + dx, y: w.y + dy, w: Math.min(w.w + dw, COLUMNS - w.x), h: w.h + dh }));
  }

  place(widget) {
    this.change(settle(this.dash.widgets.map((w) => (w.id === widget.id ? widget : w)), widget.id));
  }

  onPointerDown(e) {
    const handle = this.editing && e.button === 0 && e.target.closest('[data-drag], [data-resize]');
    if (!handle) return;
    const geo = geometry(e.currentTarget);
    // narrow screens stack the widgets in one column: there the buttons arrange them
    if (geo.columns !== COLUMNS) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    this.drag = { origin: handle.closest('oe-dash-widget').widget, resize: handle.hasAttribute('data-resize'),
      startX: e.clientX, startY: e.clientY, geo, layout: null };
  }

  onPointerMove(e) {
    const d = this.drag;
    if (!d) return;
    const dx = Math.round((e.clientX - d.startX) / d.geo.colStep);
    const dy = Math.round((e.clientY - d.startY) / d.geo.rowStep);
    const o = d.origin;
    const next = fit(d.resize ? { ...o, w: Math.min(o.w + dx, COLUMNS - o.x), h: o.h + dy }
      : { ...o, x: o.x + dx, y: o.y + dy });
    const now = d.layout?.find((w) => w.id === o.id);
    if (now && now.x === next.x && now.y === next.y && now.w === next.w && now.h === next.h) return;
    this.drag = { ...d, layout: settle(this.dash.widgets.map((w) => (w.id === o.id ? next : w)), o.id) };
  }

  onPointerUp() {
    const d = this.drag;
    this.drag = null;
    if (d?.layout) this.change(d.layout);
  }

  async onAdd(e) {
    const w = fit(e.detail);
    this.change([...this.dash.widgets, { ...w, ...freeSlot(this.dash.widgets, w.w, w.h) }]);
    await this.feed();
  }

  async save() {
    this.saveError = null;
    try {
      const d = this.dash;
      this.dash = await data('/dashboard-service/v2.1/dashboards', { action: 'update', dashboardId: d.dashboardId },
        { name: d.name, widgets: d.widgets, version: d.version, time: d.time, templateModelId: d.templateModelId });
      this.saved = 'Saved.';
      this.dirty = false;
      return true;
    } catch (err) {
      this.saveError = readable(err, 'Saving the dashboard');
      return false;
    }
  }

  /** Leaves edit mode, saving first when something changed, and drops "/edit" from the address. */
  async done() {
    if (this.dirty && !(await this.save())) return;
    this.editing = false;
    if (location.hash.endsWith('/edit')) history.replaceState(null, '', `#/dashboards/${encodeURIComponent(this.dash.dashboardId)}`);
    this.saved = null;
    await this.feed();
  }

  async setTemplate(modelId) {
    this.dash = { ...this.dash, templateModelId: modelId || null };
    this.dirty = true;
    await this.loadChoices();
    await this.feed();
  }

  async loadModels() {
    if (this.models) return;
    try {
      this.models = await data('/model-service/v2.1/thing-models', { action: 'search' }, { pagination: { pageNo: 1, pageSize: 500 } });
    } catch {
      this.models = [];
    }
  }

  async deleteDashboard() {
    if (!confirm(`Delete dashboard "${this.dash.name}"?`)) return;
    try {
      await data('/dashboard-service/v2.1/dashboards', { action: 'delete', dashboardId: this.dash.dashboardId }, {});
      go('dashboards');
    } catch (err) {
      this.saveError = err.message;
    }
  }

  render() {
    if (this.error) return failed(this.error);
    if (!this.dash) return loading('Loading dashboard');
    const widgets = this.shown();
    const sorted = [...widgets].sort((a, b) => a.y - b.y || a.x - b.x);
    if (this.editing) this.loadModels();
    return html`
      <div class="row">
        <h1 id="dashboard-title">${this.dash.name}</h1><span class="spacer"></span>
        ${session.canWrite ? (this.editing ? html`
          <button class="primary" type="button" id="dashboard-save" @click=${this.save}>Save</button>
          <button type="button" id="dashboard-done" @click=${this.done}>Done</button>
          <button type="button" class="danger" @click=${this.deleteDashboard}>Delete</button>`
          : html`<button type="button" id="dashboard-edit" @click=${() => { this.editing = true; }}>Edit</button>`)
          : html`<span class="small muted" id="view-only">View only: your role cannot change dashboards.</span>`}
        <button type="button" id="dashboard-export" @click=${() => exportDashboard(this.dash)}>Export JSON</button>
      </div>
      <div class="row dash-bar">
        ${this.choices ? html`<label for="dash-asset" class="small muted" style="margin:0">Asset</label>
          <select id="dash-asset" @change=${(e) => this.choose(e.target.value)}>
            ${this.choices.length === 0 ? html`<option value="">No asset of this model</option>` : ''}
            ${this.choices.map((c) => html`<option value=${c.assetId} ?selected=${c.assetId === this.chosen}>${c.name}</option>`)}
          </select>` : ''}
        <span class="spacer"></span>
        <oe-time-window .value=${this.timeSetting} @window-change=${(e) => this.setWindow(e.detail)}></oe-time-window>
      </div>
      ${this.saveError ? html`<p class="error" role="alert" id="dashboard-error">${this.saveError}</p>` : ''}
      ${this.saved ? html`<p class="notice" role="status" id="dashboard-saved">${this.saved}</p>` : ''}
      ${this.editing ? html`<div class="row">
          <div><label for="dash-rename">Name</label><input id="dash-rename" .value=${this.dash.name}
            @change=${(e) => { this.dash = { ...this.dash, name: e.target.value }; this.dirty = true; }}></div>
          <div><label for="dash-template">Template for model</label>
            <select id="dash-template" @change=${(e) => this.setTemplate(e.target.value)}>
              <option value="">No template (fixed assets)</option>
              ${(this.models ?? []).map((m) => html`<option value=${m.modelId} ?selected=${m.modelId === this.dash.templateModelId}>${i18n(m.name) || m.modelId}</option>`)}
              ${this.dash.templateModelId && !this.models?.some((m) => m.modelId === this.dash.templateModelId)
                ? html`<option selected value=${this.dash.templateModelId}>${this.dash.templateModelId}</option>` : ''}
            </select></div></div>
        <oe-widget-editor .templateModelId=${this.dash.templateModelId} @widget-add=${this.onAdd}></oe-widget-editor>` : ''}
      ${sorted.length === 0 ? html`<div class="state">This dashboard has no widgets yet${session.canWrite ? ': choose Edit to add some' : ''}.</div>` : ''}
      ${this.editing && sorted.length ? html`<p class="small muted" id="layout-hint">Drag a widget by its title to
        move it and by its lower right corner to resize it, or use its arrow buttons. Save keeps the layout.</p>` : ''}
      <div class="dash-grid ${this.drag ? 'dragging' : ''}" style="margin-top:1rem" @widget-move=${this.onMove}
        @pointerdown=${this.onPointerDown} @pointermove=${this.onPointerMove} @pointerup=${this.onPointerUp}
        @pointercancel=${() => { this.drag = null; }}
        @widget-remove=${(e) => this.change(this.dash.widgets.filter((w) => w.id !== e.detail))}>
        ${repeat(sorted, (w) => w.id, (w) => html`<oe-dash-widget data-title=${w.title ?? ''} data-x=${w.x} data-y=${w.y} data-w=${w.w} data-h=${w.h}
          class=${this.drag?.origin.id === w.id ? 'lifted' : ''}
          style="grid-column:${w.x + 1} / span ${w.w};grid-row:${w.y + 1} / span ${w.h};--h:${w.h};min-width:0"
          .widget=${w} .values=${this.values} .statuses=${this.statuses} .meta=${this.meta} .window=${this.window}
          ?editing=${this.editing}></oe-dash-widget>`)}
      </div>`;
  }
}
customElements.define('oe-dashboard-page', OeDashboardPage);
