import { html } from 'lit';
import uPlot from 'uplot';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { i18n, iso, time, unitOf, zoneLabel } from '../format.js';
import { failed } from './async-state.js';

const RANGES = [['1h', 60], ['6h', 360], ['24h', 1440], ['7d', 10080], ['30d', 43200]];
/** Up to this window the chart shows raw samples; beyond it, averages per interval (at most ~300 buckets). */
const RAW_MAX_MINUTES = 360;
const INTERVALS = [1, 5, 15, 30, 60, 180, 360, 720, 1440];

/** History of one measure point with uPlot: drag to zoom, buttons to pan; raw or aggregated by visible range. */
class OeHistoryChart extends LightElement {
  static properties = {
    assetId: {}, points: { attribute: false }, pointId: { state: true }, range: { state: true },
    status: { state: true }, error: { state: true },
  };

  constructor() {
    super();
    this.range = null;
  }

  updated(changed) {
    if (changed.has('points') && this.points?.length && !this.pointId) {
      this.pointId = this.points[0].identifier;
      this.setWindow(60);
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.plot?.destroy();
    this.resizeObserver?.disconnect();
  }

  setWindow(minutes) {
    const end = Date.now();
    this.range = { start: end - minutes * 60_000, end };
    this.load();
  }

  pan(fraction) {
    const span = this.range.end - this.range.start;
    this.range = { start: this.range.start + span * fraction, end: this.range.end + span * fraction };
    this.load();
  }

  async load() {
    const { start, end } = this.range;
    const minutes = (end - start) / 60_000;
    const raw = minutes <= RAW_MAX_MINUTES;
    const interval = INTERVALS.find((i) => minutes / i <= 300) ?? 1440;
    this.status = 'loading';
    this.error = null;
    try {
      const result = raw
        ? await data('/tsdb-service/v2.1/raw', {}, { assetIds: this.assetId, pointIds: this.pointId,
          startTime: iso(start), endTime: iso(end), pageSize: 10000, itemFormat: 2 })
        : await data('/tsdb-service/v2.1/ai-normalized', {}, { assetIds: this.assetId,
          pointIdsWithLogic: `avg(${this.pointId})`, interval, startTime: iso(start), endTime: iso(end), itemFormat: 2 });
      const item = result?.items?.[0];
      const xs = (item?.timestamp ?? []).map((t) => Number(t) / 1000);
      const ys = (item?.value ?? []).map((v) => (v == null ? null : Number(v)));
      this.mode = raw ? 'raw samples' : `average per ${interval} min`;
      this.status = xs.length ? 'ok' : 'empty';
      await this.updateComplete;
      this.draw([xs, ys], start / 1000, end / 1000);
    } catch (e) {
      this.error = e;
      this.status = 'error';
    }
  }

  draw(series, min, max) {
    const box = this.querySelector('.chart-box');
    const point = this.points.find((p) => p.identifier === this.pointId);
    const css = getComputedStyle(document.documentElement);
    const opts = {
      width: box.clientWidth || 600, height: 300,
      scales: { x: { time: true, min, max } },
      series: [{}, { label: `${i18n(point?.name) || this.pointId}${unitOf(point) ? ` (${unitOf(point)})` : ''}`,
        stroke: css.getPropertyValue('--accent').trim() || '#0b63c5', width: 2, spanGaps: false }],
      axes: [{ stroke: css.getPropertyValue('--muted').trim() }, { stroke: css.getPropertyValue('--muted').trim() }],
      cursor: { drag: { x: true, y: false } },
      hooks: { setSelect: [(u) => this.zoomTo(u)] },
    };
    this.plot?.destroy();
    this.plot = new uPlot(opts, series, box);
    if (!this.resizeObserver) {
      this.resizeObserver = new ResizeObserver(() => this.plot?.setSize({ width: box.clientWidth, height: 300 }));
      this.resizeObserver.observe(box);
    }
  }

  /** A drag selection becomes the new window, queried again so a short window shows raw samples. */
  zoomTo(u) {
    if (u.select.width < 5) return;
    const start = u.posToVal(u.select.left, 'x') * 1000;
    const end = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
    this.range = { start, end };
    this.load();
  }

  render() {
    if (!this.points?.length) return html`<p class="muted">This model has no measure points to chart.</p>`;
    return html`
      <div class="row">
        <label for="chart-point" class="sr-only">Measure point</label>
        <select id="chart-point" @change=${(e) => { this.pointId = e.target.value; this.load(); }}>
          ${this.points.map((p) => html`<option value=${p.identifier}>${i18n(p.name) || p.identifier}</option>`)}
        </select>
        <div class="row" role="group" aria-label="Time range">
          ${RANGES.map(([label, m]) => html`<button type="button" @click=${() => this.setWindow(m)}>${label}</button>`)}
        </div>
        <button type="button" @click=${() => this.pan(-0.5)} aria-label="Earlier">◀</button>
        <button type="button" @click=${() => this.pan(0.5)} aria-label="Later">▶</button>
      </div>
      <p class="small muted" id="chart-info">${this.range ? html`${time(this.range.start)} – ${time(this.range.end)}
        · ${this.mode ?? ''} · drag across the chart to zoom · ${zoneLabel()}` : ''}
        ${this.status === 'loading' ? html`<span class="spinner"></span>` : ''}</p>
      ${this.error ? failed(this.error) : ''}
      ${this.status === 'empty' ? html`<p class="muted" id="chart-empty">No data in this window.</p>` : ''}
      <div class="chart-box" data-status=${this.status ?? ''}></div>`;
  }
}
customElements.define('oe-history-chart', OeHistoryChart);
