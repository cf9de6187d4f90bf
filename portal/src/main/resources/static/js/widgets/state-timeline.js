import { html } from 'lit';
import { LightElement } from '../base.js';
import { i18n, pointValue, time } from '../format.js';
import { loadHistories } from '../history-data.js';
import { pointKey } from '../model-meta.js';

const key = (p) => pointKey(p.assetId, p.pointId);
/** One colour per state, in the order the model lists them; readable on light and dark surfaces. */
export const STATE_COLORS = ['#2f9e44', '#1971c2', '#e8590c', '#c92a2a', '#7048e8', '#e67700', '#0c8599', '#868e96'];

/** The states a point can take, in model order: [{code, label}]. */
export function statesOf(point) {
  const def = point?.dataDefinition ?? {};
  if (point?.dataType === 'BOOL') return ['false', 'true'].map((code) => ({ code, label: pointValue(point, code === 'true') }));
  return Object.keys(def.enumDesc ?? {}).map((code) => ({ code, label: i18n(def.enumDesc[code]) || code }));
}

/** Consecutive samples of one value merged into bands [{from, to, code}] (ms); the last band runs to `end`. */
export function bands(xs, ys, end) {
  const out = [];
  for (let i = 0; i < xs.length; i++) {
    if (ys[i] == null) continue;
    const code = String(ys[i] === true ? 'true' : ys[i] === false ? 'false' : ys[i]);
    const t = xs[i] * 1000;
    const last = out[out.length - 1];
    if (last && last.code === code) continue;
    if (last) last.to = t;
    out.push({ from: t, to: end, code });
  }
  return out;
}

const duration = (ms) => {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
};

/**
 * State timeline: one row per DI/enum point, coloured bands for the time each state held within the dashboard's
 * window, named with the model's labels (legend, and a tooltip on hover or keyboard focus).
 */
class OeStateTimeline extends LightElement {
  static properties = { widget: { attribute: false }, meta: { attribute: false }, window: { attribute: false },
    rows: { state: true }, error: { state: true }, tip: { state: true } };

  updated(changed) {
    // read once the models are known (the labels, and which points are states)
    if (this.window && this.meta && (changed.has('window') || changed.has('widget') || !this.loadedWithMeta)) this.load();
  }

  point(p) {
    return this.meta?.points?.[key(p)];
  }

  async load() {
    const ticket = (this.ticket ?? 0) + 1;
    this.ticket = ticket;
    this.loadedWithMeta = !!this.meta;
    const { start, end } = this.window;
    try {
      const views = await loadHistories(this.widget.points.map((p) => ({ assetId: p.assetId,
        point: { ...(this.point(p) ?? { identifier: p.pointId }), signalType: 'DI' } })), start, end);
      if (ticket !== this.ticket) return;
      const until = Math.min(end, Date.now());
      this.rows = this.widget.points.map((p, i) => ({ p, notice: views[i].notice,
        bands: bands(views[i].xs, views[i].ys, until) }));
      this.error = null;
    } catch (e) {
      this.error = e.message;
    }
  }

  /** Called by the dashboard with live values: a new state starts a band, the same state extends the last one. */
  push(events) {
    if (!this.rows || !this.window?.live) return;
    let changed = false;
    for (const row of this.rows) {
      for (const e of events) {
        if (e.assetId !== row.p.assetId || e.pointId !== row.p.pointId) continue;
        const code = String(e.value);
        const last = row.bands[row.bands.length - 1];
        if (last) last.to = e.time;
        if (!last || last.code !== code) row.bands.push({ from: e.time, to: e.time, code });
        changed = true;
      }
    }
    if (changed) this.rows = [...this.rows];
  }

  /** The widget's data for an export: one line per state change. */
  table() {
    return { columns: ['Time', 'Asset', 'Point', 'State', 'Code', 'Duration (s)'],
      rows: (this.rows ?? []).flatMap(({ p, bands: bs }) => bs.map((b) => [new Date(b.from),
        this.meta?.assets?.[p.assetId]?.name ?? p.assetId, i18n(this.point(p)?.name) || p.pointId,
        this.label(p, b.code), b.code, Math.round((b.to - b.from) / 1000)])) };
  }

  label(p, code) {
    return statesOf(this.point(p)).find((s) => s.code === code)?.label ?? code;
  }

  color(p, code) {
    const i = statesOf(this.point(p)).findIndex((s) => s.code === code);
    return STATE_COLORS[(i < 0 ? STATE_COLORS.length - 1 : i) % STATE_COLORS.length];
  }

  showTip(e, p, b) {
    const box = this.getBoundingClientRect();
    const at = e.type === 'focus' ? e.target.getBoundingClientRect() : { left: e.clientX, bottom: e.clientY + 8 };
    this.tip = { text: `${this.label(p, b.code)} · ${time(b.from)} – ${time(b.to)} (${duration(b.to - b.from)})`,
      left: Math.max(0, Math.min(at.left - box.left, box.width - 200)), top: at.bottom - box.top + 4 };
  }

  render() {
    if (this.error) return html`<p class="error small">${this.error}</p>`;
    if (!this.rows) return html`<span class="spinner"></span>`;
    const { start } = this.window;
    const until = Math.max(Math.min(this.window.end, Date.now()), start + 1);
    const pct = (t) => `${(((Math.max(start, Math.min(until, t)) - start) / (until - start)) * 100).toFixed(3)}%`;
    const many = new Set(this.widget.points.map((p) => p.assetId)).size > 1;
    const used = new Map();
    for (const { p, bands: bs } of this.rows) for (const b of bs) used.set(`${this.label(p, b.code)}`, this.color(p, b.code));
    return html`<div class="state-timeline" @pointerleave=${() => { this.tip = null; }}>
      ${this.rows.map(({ p, bands: bs, notice }) => html`<div class="st-row" data-state-row=${key(p)}>
        <div class="small st-name">${many ? `${this.meta?.assets?.[p.assetId]?.name ?? p.assetId} · ` : ''}${i18n(this.point(p)?.name) || p.pointId}</div>
        <div class="st-bar" role="list" aria-label="States of ${i18n(this.point(p)?.name) || p.pointId}">
          ${bs.length === 0 ? html`<span class="small muted st-empty">No state in this window</span>` : ''}
          ${bs.filter((b) => b.to >= start).map((b) => html`<span class="st-band" role="listitem" tabindex="0"
            data-state=${this.label(p, b.code)} data-code=${b.code}
            style="left:${pct(b.from)};width:calc(${pct(b.to)} - ${pct(b.from)});background:${this.color(p, b.code)}"
            aria-label="${this.label(p, b.code)} from ${time(b.from)} to ${time(b.to)}"
            @pointermove=${(e) => this.showTip(e, p, b)} @focus=${(e) => this.showTip(e, p, b)}
            @blur=${() => { this.tip = null; }}></span>`)}
        </div>
        ${notice ? html`<div class="small muted">${notice}</div>` : ''}</div>`)}
      <div class="st-legend small">${[...used].map(([label, color]) => html`<span class="st-key"><i style="background:${color}"></i>${label}</span>`)}</div>
      ${this.tip ? html`<div class="st-tip small" role="tooltip" style="left:${this.tip.left}px;top:${this.tip.top}px">${this.tip.text}</div>` : ''}
    </div>`;
  }
}
customElements.define('oe-state-timeline', OeStateTimeline);
