import { html } from 'lit';
import uPlot from 'uplot';
import { LightElement } from '../base.js';
import { i18n, time, unitOf, zoneLabel, timeAxis, timeSeries, alpha, pointValue } from '../format.js';
import { failed } from './async-state.js';
import { loadHistory, RAW_PAGE } from '../history-data.js';

/** An ENUM or BOOL point's axis shows the model's labels at whole values ("Running"), not codes. */
function labelledAxis(point) {
  if (!['ENUM', 'BOOL'].includes(point?.dataType)) return {};
  return { size: 90, incrs: [1], values: (u, splits) => splits.map((v) => (Number.isInteger(v) ? pointValue(point, v) : '')) };
}

const RANGES = [['1h', 60], ['6h', 360], ['24h', 1440], ['7d', 10080], ['30d', 43200]];

/**
 * History of one measure point with uPlot: drag to zoom, buttons to pan. Short windows show raw samples; a window
 * with more samples than one page, or longer than six hours, shows averages with the min–max band instead, and the
 * chart says which it shows (see history-data.js): it never ends early without saying so.
 */
class OeHistoryChart extends LightElement {
  static properties = {
    assetId: {}, points: { attribute: false }, pointId: { state: true }, range: { state: true },
    status: { state: true }, error: { state: true }, view: { state: true },
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

  point() {
    return this.points.find((p) => p.identifier === this.pointId);
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
    const ticket = (this.ticket ?? 0) + 1;
    this.ticket = ticket;
    this.status = 'loading';
    this.error = null;
    try {
      const view = await loadHistory(this.assetId, this.point() ?? { identifier: this.pointId }, start, end);
      if (ticket !== this.ticket) return; // a newer window was asked for meanwhile
      this.view = view;
      this.status = view.xs.length ? 'ok' : 'empty';
      await this.updateComplete;
      this.draw(view, start / 1000, end / 1000);
    } catch (e) {
      this.error = e;
      this.status = 'error';
    }
  }

  draw(view, min, max) {
    const box = this.querySelector('.chart-box');
    const point = this.point();
    const css = getComputedStyle(document.documentElement);
    const accent = css.getPropertyValue('--accent').trim() || '#0b63c5';
    const muted = css.getPropertyValue('--muted').trim();
    const label = `${i18n(point?.name) || this.pointId}${unitOf(point) ? ` (${unitOf(point)})` : ''}`;
    const banded = view.mode === 'aggregate';
    const series = [timeSeries(), { label: banded ? `${label} · average` : label, stroke: accent, width: 2, spanGaps: false,
      value: (u, v) => (v == null ? '—' : pointValue(point, v)) }];
    const table = [view.xs, view.ys];
    if (banded) {
      const faint = { stroke: alpha(accent, 0.45), width: 1, spanGaps: false };
      series.push({ ...faint, label: 'min' }, { ...faint, label: 'max' });
      table.push(view.mins, view.maxs);
    }
    const opts = {
      width: box.clientWidth || 600, height: 300,
      scales: { x: { time: true, min, max } },
      series,
      bands: banded ? [{ series: [3, 2], fill: alpha(accent, 0.18) }] : [],
      axes: [timeAxis(muted), { stroke: muted, size: 60, ...labelledAxis(point) }],
      cursor: { drag: { x: true, y: false } },
      hooks: { setSelect: [(u) => this.zoomTo(u)] },
    };
    this.plot?.destroy();
    this.plot = new uPlot(opts, table, box);
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
    const v = this.view;
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
        · ${v?.description ?? ''} · drag across the chart to zoom · ${zoneLabel()}` : ''}
        ${this.status === 'loading' ? html`<span class="spinner"></span>` : ''}</p>
      ${v?.notice ? html`<p class="chart-notice small" id="chart-notice" role="status" data-mode=${v.mode}>${v.notice}</p>` : ''}
      ${this.error ? failed(this.error) : ''}
      ${this.status === 'empty' ? html`<p class="muted" id="chart-empty">No data in this window.</p>` : ''}
      <div class="chart-box" data-status=${this.status ?? ''} data-mode=${v?.mode ?? ''} data-samples=${v?.xs.length ?? 0}
        data-last=${v?.xs.length ? Math.round(v.xs[v.xs.length - 1] * 1000) : ''} data-page=${RAW_PAGE}></div>`;
  }
}
customElements.define('oe-history-chart', OeHistoryChart);
