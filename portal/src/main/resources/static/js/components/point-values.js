import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { openLive } from '../live.js';
import { i18n, time, pointValue } from '../format.js';
import { loading, failed, empty } from './async-state.js';

/** The latest value of every measure point of an asset, kept current by the live stream. */
class OePointValues extends LightElement {
  static properties = {
    assetId: {}, model: { attribute: false }, values: { state: true }, error: { state: true },
    liveState: { state: true }, flashed: { state: true },
  };

  constructor() {
    super();
    this.values = null;
    this.flashed = new Set();
  }

  updated(changed) {
    if ((changed.has('assetId') || changed.has('model')) && this.assetId && this.model) this.load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.closeLive?.();
  }

  async load() {
    this.closeLive?.();
    const points = Object.keys(this.model.measurepoints ?? {});
    if (!points.length) { this.values = {}; return; }
    try {
      const latest = await data('/tsdb-service/v2.1/latest', {},
        { assetIds: this.assetId, pointIds: points.join(',') });
      const values = {};
      for (const item of latest?.items ?? []) {
        for (const p of points) {
          if (item[p] !== undefined) values[p] = { value: item[p], time: item.timestamp };
        }
        if (item.pointId && item.value !== undefined) values[item.pointId] = { value: item.value, time: item.timestamp };
      }
      this.values = values;
    } catch (e) {
      this.error = e;
      this.values = {};
    }
    this.closeLive = openLive([this.assetId], (events) => this.onLive(events), (s) => { this.liveState = s; });
  }

  onLive(events) {
    const values = { ...this.values };
    const flashed = new Set();
    for (const e of events) {
      if (e.assetId !== this.assetId) continue;
      if (!values[e.pointId] || values[e.pointId].time <= e.time) {
        values[e.pointId] = { value: e.value, time: e.time };
        flashed.add(e.pointId);
      }
    }
    this.values = values;
    this.flashed = flashed;
  }

  render() {
    if (!this.model) return loading('Loading model');
    if (this.values === null) return loading('Loading latest values');
    const points = Object.values(this.model.measurepoints ?? {});
    if (!points.length) return empty('This model has no measure points.');
    return html`
      ${this.error ? failed(this.error) : ''}
      <p class="small muted" aria-live="polite">Live: <span class="badge ${this.liveState === 'live' ? 'ok' : ''}"
        id="live-state">${this.liveState ?? 'connecting'}</span></p>
      <div class="value-grid">
        ${points.map((p) => {
          const v = this.values[p.identifier];
          return html`
            <div class="value-tile ${this.flashed.has(p.identifier) ? 'flash' : ''}" data-point=${p.identifier}>
              <div class="small muted">${i18n(p.name) || p.identifier}</div>
              <div class="v" data-value-of=${p.identifier}>${pointValue(p, v?.value)}</div>
              <div class="small muted">${v ? time(v.time) : 'no data yet'}</div>
            </div>`;
        })}
      </div>`;
  }
}
customElements.define('oe-point-values', OePointValues);
