import { html } from 'lit';
import uPlot from 'uplot';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { iso } from '../format.js';

/** Line chart widget: the last `rangeMinutes` of its points, extended by live values as they arrive. */
class OeWidgetChart extends LightElement {
  static properties = { widget: { attribute: false }, error: { state: true } };

  async firstUpdated() {
    const w = this.widget;
    const minutes = w.rangeMinutes ?? 60;
    const end = Date.now();
    const series = [];
    try {
      for (const p of w.points) {
        const r = await data('/tsdb-service/v2.1/raw', {}, { assetIds: p.assetId, pointIds: p.pointId,
          startTime: iso(end - minutes * 60_000), endTime: iso(end + 60_000), pageSize: 5000, itemFormat: 2 });
        const item = r?.items?.[0];
        series.push((item?.timestamp ?? []).map((t, i) => [Number(t) / 1000, Number(item.value[i])]));
      }
    } catch (e) {
      this.error = e.message;
    }
    this.samples = series;
    this.draw();
  }

  /** Called by the dashboard with live values. */
  push(events) {
    if (!this.samples) return;
    let changed = false;
    this.widget.points.forEach((p, i) => {
      for (const e of events) {
        if (e.assetId === p.assetId && e.pointId === p.pointId && typeof e.value === 'number') {
          this.samples[i].push([e.time / 1000, e.value]);
          changed = true;
        }
      }
    });
    if (changed) this.draw();
  }

  draw() {
    const box = this.querySelector('.wchart');
    if (!box) return;
    const xs = [...new Set(this.samples.flatMap((s) => s.map(([t]) => t)))].sort((a, b) => a - b);
    const columns = this.samples.map((s) => {
      const byTime = new Map(s);
      return xs.map((t) => byTime.get(t) ?? null);
    });
    const css = getComputedStyle(document.documentElement);
    const colors = [css.getPropertyValue('--accent').trim(), '#e8590c', '#2f9e44', '#ae3ec9'];
    const width = box.clientWidth || 300;
    const height = Math.max(80, box.clientHeight - 30);
    if (this.plot && this.plot.series.length === columns.length + 1) {
      this.plot.setData([xs, ...columns]);
      return;
    }
    this.plot?.destroy();
    this.plot = new uPlot({ width, height, legend: { show: true },
      series: [{}, ...this.widget.points.map((p, i) => ({ label: p.pointId, stroke: colors[i % colors.length], width: 2, spanGaps: true }))],
      axes: [{ stroke: css.getPropertyValue('--muted').trim() }, { stroke: css.getPropertyValue('--muted').trim() }] },
    [xs, ...columns], box);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.plot?.destroy();
  }

  render() {
    return html`${this.error ? html`<p class="error small">${this.error}</p>` : ''}<div class="wchart" style="height:100%"></div>`;
  }
}
customElements.define('oe-widget-chart', OeWidgetChart);
