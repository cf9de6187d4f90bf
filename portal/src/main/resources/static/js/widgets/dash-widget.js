import { html } from 'lit';
import { LightElement } from '../base.js';
import { time, i18n, pointValue, pointLabel, unitOf } from '../format.js';
import { gauge } from './gauge.js';
import './widget-chart.js';
import './control-widget.js';
import './state-timeline.js';
import './alert-widget.js';
import './map-widget.js';
import { widgetFile, download } from './widget-export.js';
import { pointKey } from '../model-meta.js';

const key = (p) => pointKey(p.assetId, p.pointId);

/** The threshold level ("ok", "warn", "danger") a value reaches, or '' below every threshold. */
export function levelOf(thresholds, v) {
  if (typeof v !== 'number') return '';
  let level = '';
  for (const t of [...(thresholds ?? [])].sort((a, b) => a.value - b.value)) if (v >= t.value) level = t.level;
  return level;
}

/**
 * One dashboard tile; `values` maps "assetId/pointId" to {value, time}, `statuses` assetId to device status, `meta`
 * the names and models of the assets (model-meta.js) so tiles show names, units and enum labels, and `window` the
 * dashboard's time range that charts follow.
 */
class OeDashWidget extends LightElement {
  static properties = { widget: { attribute: false }, values: { attribute: false }, statuses: { attribute: false },
    meta: { attribute: false }, window: { attribute: false }, editing: { type: Boolean } };

  point(p) {
    return this.meta?.points?.[key(p)];
  }

  asset(assetId) {
    return this.meta?.assets?.[assetId]?.name ?? assetId;
  }

  /** "Turbine 7 · Wind speed (m/s)", the asset left out when the whole widget shows one asset. */
  name(p, withAsset) {
    const label = pointLabel(this.point(p), p.pointId);
    return withAsset ? `${this.asset(p.assetId)} · ${label}` : label;
  }

  body() {
    const w = this.widget;
    const first = w.points[0];
    const v = first ? this.values?.[key(first)] : null;
    const manyAssets = new Set(w.points.map((p) => p.assetId)).size > 1;
    switch (w.type) {
      case 'VALUE_CARD': {
        const level = levelOf(w.thresholds, v?.value);
        return html`<div class="big level-${level || 'none'}" data-widget-value data-level=${level}>${pointValue(this.point(first), v?.value)}</div>
          <div class="small muted">${first ? this.name(first, true) : ''} · ${v ? time(v.time) : 'no data'}</div>`;
      }
      case 'GAUGE': {
        const level = levelOf(w.thresholds, v?.value);
        return html`<div class="gauge-body">${gauge(typeof v?.value === 'number' ? v.value : null, w.min ?? 0, w.max ?? 100, level)}
          <div class="small level-${level || 'none'}" style="text-align:center" data-widget-value data-level=${level}>${pointValue(this.point(first), v?.value)}</div>
          <div class="small muted" style="text-align:center">${first ? this.name(first, true) : ''}</div></div>`;
      }
      case 'STATUS':
        return html`${w.points.map((p) => {
          const status = this.statuses?.[p.assetId];
          const pv = this.values?.[key(p)];
          return html`<div class="status-row" data-status-of=${key(p)}>
            <span class="badge ${status ?? ''}" title="Device connection">${status ?? 'unknown'}</span>
            <span class="small">${this.asset(p.assetId)}</span>
            <span class="small muted">${i18n(this.point(p)?.name) || p.pointId}</span>
            <strong data-widget-value>${pointValue(this.point(p), pv?.value)}</strong></div>`;
        })}`;
      case 'LATEST_TABLE':
        return html`<div class="widget-scroll"><table class="latest-table"><tbody>${w.points.map((p) => html`<tr><td class="small">${this.name(p, manyAssets)}</td>
          <td data-widget-value>${pointValue(this.point(p), this.values?.[key(p)]?.value)}</td>
          <td class="small muted">${time(this.values?.[key(p)]?.time)}</td></tr>`)}</tbody></table></div>`;
      case 'STATE_TIMELINE':
        return html`<oe-state-timeline .widget=${w} .meta=${this.meta} .window=${this.window}></oe-state-timeline>`;
      case 'ALERT_LIST':
        return html`<oe-alert-widget .widget=${w}></oe-alert-widget>`;
      case 'MAP':
        return html`<oe-map-widget .widget=${w}></oe-map-widget>`;
      case 'LINE_CHART':
        return html`<oe-widget-chart .widget=${w} .meta=${this.meta} .window=${this.window}></oe-widget-chart>`;
      case 'SWITCH': case 'SET_POINT': case 'SERVICE_BUTTON':
        return this.editing ? html`<p class="small muted">Controls are disabled while editing.</p>`
          : html`<oe-control-widget .widget=${w} .meta=${this.meta} .values=${this.values}></oe-control-widget>`;
      default:
        return html`<p class="muted">Unknown widget ${w.type}</p>`;
    }
  }

  /**
   * What the widget shows as a table for an export: the series of a chart, the state changes of a timeline, the
   * alerts or sites of a list or map (from the element that holds them), otherwise the latest values.
   */
  table() {
    const child = this.querySelector('oe-widget-chart, oe-state-timeline, oe-alert-widget, oe-map-widget');
    if (child) return child.table();
    return { columns: ['Time', 'Asset', 'Point', 'Value', 'Unit', 'Shown as'],
      rows: this.widget.points.map((p) => {
        const v = this.values?.[key(p)];
        return [v?.time == null ? '' : new Date(Number(v.time)), this.asset(p.assetId), i18n(this.point(p)?.name) || p.pointId,
          v?.value ?? '', unitOf(this.point(p)), pointValue(this.point(p), v?.value)];
      }) };
  }

  exportAs(format) {
    this.querySelector('details.widget-menu')?.removeAttribute('open');
    download(widgetFile(this.widget.title || this.widget.type, this.table(), format));
  }

  menu() {
    if (this.editing || this.widget.type === 'SERVICE_BUTTON') return '';
    return html`<span class="spacer"></span><details class="widget-menu">
      <summary aria-label="Widget menu" title="Export">⋯</summary>
      <div class="widget-menu-items" role="menu">
        <button type="button" role="menuitem" data-export="csv" @click=${() => this.exportAs('csv')}>Export CSV</button>
        <button type="button" role="menuitem" data-export="xlsx" @click=${() => this.exportAs('xlsx')}>Export XLSX</button>
      </div></details>`;
  }

  move(dx, dy, dw, dh) {
    this.dispatchEvent(new CustomEvent('widget-move', { detail: { id: this.widget.id, dx, dy, dw, dh }, bubbles: true }));
  }

  render() {
    const w = this.widget;
    return html`
      <div class="widget" style="height:100%" data-widget-type=${w.type}>
        <h3>${this.editing ? html`<span class="drag-handle" data-drag title="Drag to move">${w.title || w.type}</span>`
          : w.title || w.type}
          ${this.menu()}
          ${this.editing ? html`<span class="spacer"></span>
            <button type="button" @click=${() => this.move(-1, 0, 0, 0)} aria-label="Move left">←</button>
            <button type="button" @click=${() => this.move(1, 0, 0, 0)} aria-label="Move right">→</button>
            <button type="button" @click=${() => this.move(0, -1, 0, 0)} aria-label="Move up">↑</button>
            <button type="button" @click=${() => this.move(0, 1, 0, 0)} aria-label="Move down">↓</button>
            <button type="button" @click=${() => this.move(0, 0, 1, 0)} aria-label="Wider">⇔</button>
            <button type="button" @click=${() => this.move(0, 0, -1, 0)} aria-label="Narrower">⇥</button>
            <button type="button" @click=${() => this.move(0, 0, 0, 1)} aria-label="Taller">⇕</button>
            <button type="button" class="danger" aria-label="Remove widget"
              @click=${() => this.dispatchEvent(new CustomEvent('widget-remove', { detail: w.id, bubbles: true }))}>✕</button>` : ''}
        </h3>
        <div class="body">${this.body()}</div>
        ${this.editing ? html`<span class="resize-handle" data-resize title="Drag to resize"></span>` : ''}
      </div>`;
  }
}
customElements.define('oe-dash-widget', OeDashWidget);
