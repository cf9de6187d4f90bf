import { html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { session } from '../session.js';
import { openLive } from '../live.js';
import { loading, failed } from '../components/async-state.js';
import { go } from '../router.js';
import '../widgets/dash-widget.js';
import '../widgets/widget-editor.js';
import { COLUMNS, fit, settle, geometry } from '../widgets/grid-layout.js';

/**
 * A dashboard: widgets on a 12-column grid fed by one live stream; writers edit and save it. In edit mode a widget
 * is moved by dragging its title and resized by its corner (pointer events, so mouse, pen and touch), or with its
 * buttons from the keyboard; either way the others slide down out of its way.
 */
class OeDashboardPage extends LightElement {
  static properties = { dashboardId: {}, dash: { state: true }, values: { state: true }, statuses: { state: true },
    editing: { state: true }, error: { state: true }, saveError: { state: true }, saved: { state: true },
    drag: { state: true } };

  updated(changed) {
    if (changed.has('dashboardId')) this.load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.closeLive?.();
  }

  async load() {
    this.error = null;
    try {
      this.dash = await data('/dashboard-service/v2.1/dashboards', { action: 'get', dashboardId: this.dashboardId });
      this.editing = session.canWrite && location.hash.endsWith('/edit');
      await this.feed();
    } catch (e) {
      this.error = e;
    }
  }

  /** One latest query and one live stream for all points on the dashboard. */
  async feed() {
    this.closeLive?.();
    const points = this.dash.widgets.flatMap((w) => w.points);
    const assets = [...new Set(points.map((p) => p.assetId))];
    const values = {};
    if (assets.length) {
      const latest = await data('/tsdb-service/v2.1/latest', {},
        { assetIds: assets.join(','), pointIds: [...new Set(points.map((p) => p.pointId))].join(',') }).catch(() => null);
      for (const item of latest?.items ?? []) {
        for (const p of points) {
          if (item.assetId !== p.assetId) continue;
          if (item.pointId === p.pointId) values[`${p.assetId}/${p.pointId}`] = { value: item.value, time: item.timestamp };
          else if (item[p.pointId] !== undefined) values[`${p.assetId}/${p.pointId}`] = { value: item[p.pointId], time: item.timestamp };
        }
      }
      const statuses = {};
      await Promise.all(assets.map((a) => data('/connect-service/v2.1/devices', { action: 'get', assetId: a })
        .then((d) => { statuses[a] = d.status; }).catch(() => {})));
      this.statuses = statuses;
    }
    this.values = values;
    this.closeLive = openLive(assets, (events) => {
      const next = { ...this.values };
      for (const e of events) next[`${e.assetId}/${e.pointId}`] = { value: e.value, time: e.time };
      this.values = next;
      this.querySelectorAll('oe-widget-chart').forEach((c) => c.push(events));
    });
  }

  change(widgets) {
    this.dash = { ...this.dash, widgets };
    this.saved = null;
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
    const bottom = Math.max(0, ...this.dash.widgets.map((w) => w.y + w.h));
    this.change([...this.dash.widgets, { ...e.detail, y: bottom }]);
    await this.feed();
  }

  async save() {
    this.saveError = null;
    try {
      this.dash = await data('/dashboard-service/v2.1/dashboards', { action: 'update', dashboardId: this.dash.dashboardId },
        { name: this.dash.name, widgets: this.dash.widgets, version: this.dash.version });
      this.saved = 'Saved.';
    } catch (err) {
      this.saveError = err.code === 99403 ? `Your role cannot change dashboards (${err.message}).` : err.message;
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
    const widgets = this.drag?.layout ?? this.dash.widgets;
    const sorted = [...widgets].sort((a, b) => a.y - b.y || a.x - b.x);
    return html`
      <div class="row">
        <h1 id="dashboard-title">${this.dash.name}</h1><span class="spacer"></span>
        ${session.canWrite ? (this.editing ? html`
          <button class="primary" type="button" id="dashboard-save" @click=${this.save}>Save</button>
          <button type="button" @click=${() => { this.editing = false; this.load(); }}>Done</button>
          <button type="button" class="danger" @click=${this.deleteDashboard}>Delete</button>`
          : html`<button type="button" id="dashboard-edit" @click=${() => { this.editing = true; }}>Edit</button>`)
          : html`<span class="small muted" id="view-only">View only: your role cannot change dashboards.</span>`}
      </div>
      ${this.saveError ? html`<p class="error" role="alert" id="dashboard-error">${this.saveError}</p>` : ''}
      ${this.saved ? html`<p class="notice" role="status" id="dashboard-saved">${this.saved}</p>` : ''}
      ${this.editing ? html`<label for="dash-rename">Name</label><input id="dash-rename" .value=${this.dash.name}
        @change=${(e) => { this.dash = { ...this.dash, name: e.target.value }; }}>
        <oe-widget-editor @widget-add=${this.onAdd}></oe-widget-editor>` : ''}
      ${sorted.length === 0 ? html`<div class="state">This dashboard has no widgets yet${session.canWrite ? ': choose Edit to add some' : ''}.</div>` : ''}
      ${this.editing && sorted.length ? html`<p class="small muted" id="layout-hint">Drag a widget by its title to
        move it and by its lower right corner to resize it, or use its arrow buttons. Save keeps the layout.</p>` : ''}
      <div class="dash-grid ${this.drag ? 'dragging' : ''}" style="margin-top:1rem" @widget-move=${this.onMove}
        @pointerdown=${this.onPointerDown} @pointermove=${this.onPointerMove} @pointerup=${this.onPointerUp}
        @pointercancel=${() => { this.drag = null; }}
        @widget-remove=${(e) => this.change(this.dash.widgets.filter((w) => w.id !== e.detail))}>
        ${repeat(sorted, (w) => w.id, (w) => html`<oe-dash-widget data-x=${w.x} data-y=${w.y} data-w=${w.w} data-h=${w.h}
          class=${this.drag?.origin.id === w.id ? 'lifted' : ''}
          style="grid-column:${w.x + 1} / span ${w.w};grid-row:${w.y + 1} / span ${w.h};--h:${w.h};min-width:0"
          .widget=${w} .values=${this.values} .statuses=${this.statuses} ?editing=${this.editing}></oe-dash-widget>`)}
      </div>`;
  }
}
customElements.define('oe-dashboard-page', OeDashboardPage);
