import { html } from 'lit';
import uPlot from 'uplot';
import { LightElement } from '../base.js';
import { i18n, pointValue, timeAxis, timeSeries, unitOf } from '../format.js';
import { loadHistories } from '../history-data.js';
import { pointKey } from '../model-meta.js';

const COLORS = ['#0b63c5', '#e8590c', '#2f9e44', '#ae3ec9', '#e67700', '#0c8599'];
const key = (p) => pointKey(p.assetId, p.pointId);

/**
 * Line chart widget over the dashboard's time window, extended by live values while the window is live. Each unit
 * gets its own scale and axis (kW on the left, m/s on the right …), series are named "asset · point (unit)", and a
 * window too dense for raw samples is drawn from averages with a note saying so.
 */
class OeWidgetChart extends LightElement {
  static properties = { widget: { attribute: false }, meta: { attribute: false }, window: { attribute: false },
    error: { state: true }, note: { state: true } };

  updated(changed) {
    // read once the models are known (which points can be aggregated), so a dashboard asks for each series once
    if (!this.window || !this.meta) return;
    if (changed.has('window') || changed.has('widget') || !this.loadedWithMeta) this.load();
    else if (changed.has('meta')) this.draw(true);
  }

  async load() {
    const w = this.widget;
    const { start, end } = this.window;
    const ticket = (this.ticket ?? 0) + 1;
    this.ticket = ticket;
    this.loadedWithMeta = !!this.meta;
    try {
      const views = await loadHistories(w.points.map((p) => ({ assetId: p.assetId,
        point: this.meta?.points?.[key(p)] ?? { identifier: p.pointId } })), start, end);
      if (ticket !== this.ticket) return;
      this.samples = views.map((v) => v.xs.map((t, i) => [t, v.ys[i]]));
      const aggregated = views.find((v) => v.mode === 'aggregate');
      this.note = aggregated ? aggregated.description : null;
      this.error = null;
    } catch (e) {
      this.error = e.message;
      this.samples = w.points.map(() => []);
    }
    this.draw(true);
  }

  /** Called by the dashboard with live values. */
  push(events) {
    if (!this.samples || !this.window?.live) return;
    let changed = false;
    this.widget.points.forEach((p, i) => {
      for (const e of events) {
        if (e.assetId === p.assetId && e.pointId === p.pointId && typeof e.value === 'number') {
          this.samples[i].push([e.time / 1000, e.value]);
          changed = true;
        }
      }
    });
    if (changed) this.draw(false);
  }

  /** The widget's data for an export: one row per time, one column per series. */
  table() {
    const points = this.widget.points;
    const byTime = new Map();
    (this.samples ?? []).forEach((s, i) => {
      for (const [t, v] of s) {
        if (!byTime.has(t)) byTime.set(t, new Array(points.length).fill(''));
        byTime.get(t)[i] = v ?? '';
      }
    });
    return { columns: ['Time', ...points.map((p) => this.label(p))],
      rows: [...byTime.keys()].sort((a, b) => a - b).map((t) => [new Date(t * 1000), ...byTime.get(t)]) };
  }

  unit(p) {
    return unitOf(this.meta?.points?.[key(p)]);
  }

  label(p) {
    const point = this.meta?.points?.[key(p)];
    const asset = this.meta?.assets?.[p.assetId]?.name;
    const many = new Set(this.widget.points.map((x) => x.assetId)).size > 1;
    const name = `${many && asset ? `${asset} · ` : ''}${i18n(point?.name) || p.pointId}`;
    return this.unit(p) ? `${name} (${this.unit(p)})` : name;
  }

  /** Enum and boolean points show the model's label in the legend ("Running", not 2); numbers as uPlot does. */
  legendValue(p) {
    const point = this.meta?.points?.[key(p)];
    if (point?.dataType !== 'ENUM' && point?.dataType !== 'BOOL') return {};
    return { value: (u, v) => pointValue(point, v) };
  }

  draw(rebuild) {
    const box = this.querySelector('.wchart');
    if (!box || !this.samples) return;
    const xs = [...new Set(this.samples.flatMap((s) => s.map(([t]) => t)))].sort((a, b) => a - b);
    const columns = this.samples.map((s) => {
      const byTime = new Map(s);
      return xs.map((t) => byTime.get(t) ?? null);
    });
    if (this.plot && !rebuild) {
      this.plot.setData([xs, ...columns], false);
      // a live window moves with the clock
      const span = (this.window.end - this.window.start) / 1000;
      const now = Date.now() / 1000;
      this.plot.setScale('x', { min: now - span, max: now });
      return;
    }
    const css = getComputedStyle(document.documentElement);
    const muted = css.getPropertyValue('--muted').trim();
    const colors = [css.getPropertyValue('--accent').trim() || COLORS[0], ...COLORS.slice(1)];
    const points = this.widget.points;
    const units = [...new Set(points.map((p) => this.unit(p)))];
    const scales = { x: { time: true, min: this.window.start / 1000, max: this.window.end / 1000 } };
    for (const u of units) scales[`y:${u}`] = { auto: true };
    const axes = [timeAxis(muted), ...units.map((u, i) => ({ scale: `y:${u}`, stroke: muted, side: i % 2 ? 1 : 3,
      label: u || undefined, size: 55, grid: { show: i === 0 } }))];
    this.plot?.destroy();
    this.plot = new uPlot({ width: box.clientWidth || 300, height: Math.max(80, box.clientHeight - 30),
      legend: { show: true }, scales, axes,
      series: [timeSeries(), ...points.map((p, i) => ({ label: this.label(p), scale: `y:${this.unit(p)}`,
        stroke: colors[i % colors.length], width: 2, spanGaps: true, ...this.legendValue(p) }))] },
    [xs, ...columns], box);
    box.dataset.axes = String(units.length);
    box.dataset.loaded = String(Date.now());
    box.dataset.series = points.map((p) => this.label(p)).join('|');
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.plot?.destroy();
    this.plot = null;
  }

  render() {
    return html`${this.error ? html`<p class="error small">${this.error}</p>` : ''}
      ${this.note ? html`<p class="small muted chart-note" data-chart-note>${this.note}</p>` : ''}
      <div class="wchart" style="height:100%"></div>`;
  }
}
customElements.define('oe-widget-chart', OeWidgetChart);
