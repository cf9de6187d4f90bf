import { html } from 'lit';
import uPlot from 'uplot';
import { LightElement } from '../base.js';
import { timeAxis, timeSeries } from '../format.js';

const COLORS = ['#0b63c5', '#d9480f', '#2b8a3e', '#9c36b5', '#e67700', '#0c8599', '#c2255c', '#5c940d'];

/**
 * Several series on one uPlot chart with a legend. `table` is uPlot's aligned data ([xs in seconds, ...ys]) and
 * `labels` names each y column; `units` (optional) gives each column's unit. Series with different units get their
 * own y scale, the first two of them an axis each (left and right), so kW and °C are not squeezed onto one axis.
 * `formats` (optional) turns a column's value into its text in the legend (the model's enum labels); times are in
 * the zone the user chose.
 */
class OeSeriesChart extends LightElement {
  static properties = { table: { attribute: false }, labels: { attribute: false }, units: { attribute: false },
    formats: { attribute: false } };

  disconnectedCallback() {
    super.disconnectedCallback();
    this.plot?.destroy();
    this.plot = null;
    this.resizeObserver?.disconnect();
  }

  updated(changed) {
    if (changed.has('table') || changed.has('labels')) this.draw();
  }

  draw() {
    const box = this.querySelector('.chart-box');
    this.plot?.destroy();
    this.plot = null;
    if (!this.table || !this.labels?.length) return;
    const css = getComputedStyle(document.documentElement);
    const muted = css.getPropertyValue('--muted').trim();
    const unitOf = (i) => this.units?.[i] ?? '';
    const scaleKeys = [...new Set(this.labels.map((_, i) => `y:${unitOf(i)}`))];
    const scales = { x: { time: true } };
    for (const key of scaleKeys) scales[key] = { auto: true };
    const axes = [timeAxis(muted), ...scaleKeys.slice(0, 2).map((key, i) => ({ scale: key, stroke: muted,
      side: i === 0 ? 3 : 1, label: key.slice(2) || undefined, grid: { show: i === 0 } }))];
    this.plot = new uPlot({
      width: box.clientWidth || 800, height: 340,
      scales,
      // Series of different assets rarely share timestamps: gaps are spanned so each line stays continuous.
      series: [timeSeries(), ...this.labels.map((label, i) => ({ label, scale: `y:${unitOf(i)}`,
        ...(this.formats?.[i] ? { value: (u, v) => (v == null ? '—' : this.formats[i](v)) } : {}),
        stroke: COLORS[i % COLORS.length], width: 2, spanGaps: true, points: { show: this.table[0].length < 120 } }))],
      axes,
      legend: { show: true },
    }, this.table, box);
    if (!this.resizeObserver) {
      this.resizeObserver = new ResizeObserver(() => this.plot?.setSize({ width: box.clientWidth, height: 340 }));
      this.resizeObserver.observe(box);
    }
  }

  render() {
    return html`<div class="chart-box" data-series=${this.labels?.length ?? 0}></div>`;
  }
}
customElements.define('oe-series-chart', OeSeriesChart);
