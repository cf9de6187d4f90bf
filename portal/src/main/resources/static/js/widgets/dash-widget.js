import { html } from 'lit';
import { LightElement } from '../base.js';
import { value as fmt, time } from '../format.js';
import { gauge } from './gauge.js';
import './widget-chart.js';

const key = (p) => `${p.assetId}/${p.pointId}`;

/** One dashboard tile; `values` maps "assetId/pointId" to {value, time}, `statuses` assetId to device status. */
class OeDashWidget extends LightElement {
  static properties = { widget: { attribute: false }, values: { attribute: false }, statuses: { attribute: false },
    editing: { type: Boolean } };

  body() {
    const w = this.widget;
    const first = w.points[0];
    const v = first ? this.values?.[key(first)] : null;
    switch (w.type) {
      case 'VALUE_CARD':
        return html`<div class="big" data-widget-value>${fmt(v?.value)}</div>
          <div class="small muted">${first?.pointId ?? ''} · ${v ? time(v.time) : 'no data'}</div>`;
      case 'GAUGE':
        return html`${gauge(typeof v?.value === 'number' ? v.value : null, w.min ?? 0, w.max ?? 100)}
          <div class="small" style="text-align:center" data-widget-value>${fmt(v?.value)}</div>`;
      case 'STATUS':
        return html`${[...new Set(w.points.map((p) => p.assetId))].map((a) => html`
          <div><span class="badge ${this.statuses?.[a] ?? ''}">${this.statuses?.[a] ?? 'unknown'}</span>
          <span class="small mono">${a}</span></div>`)}`;
      case 'LATEST_TABLE':
        return html`<table><tbody>${w.points.map((p) => html`<tr><td class="small">${p.pointId}</td>
          <td data-widget-value>${fmt(this.values?.[key(p)]?.value)}</td>
          <td class="small muted">${time(this.values?.[key(p)]?.time)}</td></tr>`)}</tbody></table>`;
      case 'LINE_CHART':
        return html`<oe-widget-chart .widget=${w}></oe-widget-chart>`;
      default:
        return html`<p class="muted">Unknown widget ${w.type}</p>`;
    }
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
