import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { i18n, time, unitOf, zoneLabel, toInput, fromInput, pointValue } from '../format.js';
import { pointKey } from '../model-meta.js';
import { loading, failed, empty } from '../components/async-state.js';
import { querySeries, toCsv } from '../explorer-data.js';
import '../components/tree-node.js';
import '../components/series-chart.js';

const QUICK = [['1h', 60], ['6h', 360], ['24h', 1440], ['7d', 10080], ['30d', 43200]];
const LOGICS = ['avg', 'min', 'max', 'count'];


/**
 * Data explorer: pick assets anywhere in a tree and some of their measure points, a time range and an
 * aggregation, compare them on one chart and export exactly what is shown as CSV (built in the browser).
 */
class OeExplorerPage extends LightElement {
  static properties = {
    trees: { state: true }, treeId: { state: true }, root: { state: true }, picked: { state: true },
    chosen: { state: true }, start: { state: true }, end: { state: true }, mode: { state: true },
    logic: { state: true }, interval: { state: true }, result: { state: true }, status: { state: true },
    error: { state: true },
  };

  constructor() {
    super();
    this.picked = []; // [{asset, points}]
    this.chosen = new Set(); // pointKey(assetId, pointId)
    this.end = Date.now();
    this.start = this.end - 24 * 3_600_000;
    this.mode = 'raw';
    this.logic = 'avg';
    this.interval = 15;
  }

  async connectedCallback() {
    super.connectedCallback();
    this.addEventListener('asset-selected', (e) => this.pickAsset(e.detail));
    try {
      this.trees = await data('/asset-tree-service/v2.1/asset-trees', { action: 'search' });
      if (this.trees[0]) this.pickTree(this.trees[0].treeId);
    } catch (e) {
      this.error = e;
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    if (this.csvUrl) URL.revokeObjectURL(this.csvUrl);
  }

  async pickTree(treeId) {
    this.treeId = treeId;
    this.root = null;
    const tree = this.trees.find((t) => t.treeId === treeId);
    try {
      this.root = await data('/asset-service/v2.1/assets', { action: 'get', assetId: tree.rootAssetId });
    } catch (e) {
      this.error = e;
    }
  }

  async pickAsset(asset) {
    if (this.picked.some((p) => p.asset.assetId === asset.assetId)) return;
    const entry = { asset, points: null };
    this.picked = [...this.picked, entry];
    try {
      const model = await data('/model-service/v2.1/thing-models', { action: 'get', modelId: asset.modelId });
      entry.points = Object.values(model.measurepoints ?? {});
    } catch (e) {
      entry.error = e.message;
    }
    this.picked = [...this.picked];
  }

  unpick(assetId) {
    this.picked = this.picked.filter((p) => p.asset.assetId !== assetId);
    this.chosen = new Set([...this.chosen].filter((k) => !k.startsWith(pointKey(assetId, ''))));
  }

  toggle(key, on) {
    const next = new Set(this.chosen);
    if (on) next.add(key); else next.delete(key);
    this.chosen = next;
  }

  quick(minutes) {
    this.end = Date.now();
    this.start = this.end - minutes * 60_000;
  }

  seriesList() {
    return [...this.chosen].map((key) => {
      const [assetId, pointId] = key.split('/');
      const entry = this.picked.find((p) => p.asset.assetId === assetId);
      const point = entry?.points?.find((p) => p.identifier === pointId);
      const unit = unitOf(point);
      const agg = this.mode === 'raw' ? '' : ` ${this.logic}/${this.interval}min`;
      const label = `${i18n(entry?.asset.name) || assetId} · ${i18n(point?.name) || pointId}${agg}${unit ? ` (${unit})` : ''}`;
      // raw samples of an enum or bool point read as the model's labels; averages of codes have none
      const labelled = ['ENUM', 'BOOL'].includes(point?.dataType) && (this.mode === 'raw' || ['min', 'max'].includes(this.logic));
      return { assetId, pointId, label, unit, format: labelled ? (v) => pointValue(point, v) : null };
    });
  }

  async query() {
    const series = this.seriesList();
    if (!series.length) return;
    if (!(this.end > this.start)) {
      this.error = new Error('The end of the time range must be after its start.');
      return;
    }
    this.status = 'loading';
    this.error = null;
    try {
      const agg = this.mode === 'raw' ? null : { logic: this.logic, interval: Number(this.interval) };
      const { table, truncated } = await querySeries(series, this.start, this.end, agg);
      const labels = series.map((s) => s.label);
      const units = series.map((s) => s.unit);
      const formats = series.map((s) => s.format);
      if (this.csvUrl) URL.revokeObjectURL(this.csvUrl);
      this.csvUrl = URL.createObjectURL(new Blob([toCsv(table, labels)], { type: 'text/csv' }));
      this.result = { table, labels, units, formats, truncated, rows: table[0].length };
      this.status = table[0].length ? 'ok' : 'empty';
    } catch (e) {
      this.error = e;
      this.status = 'error';
    }
  }

  renderPicker() {
    if (!this.trees) return loading('Loading asset trees');
    if (!this.trees.length) return empty('No asset tree in this organization yet.');
    return html`
      <label for="explorer-tree">Tree</label>
      <select id="explorer-tree" @change=${(e) => this.pickTree(e.target.value)}>
        ${this.trees.map((t) => html`<option value=${t.treeId}>${i18n(t.name)}</option>`)}
      </select>
      <p class="small muted">Click an asset to add it; expand with ▸.</p>
      ${this.root ? html`<ul class="tree" role="tree" aria-label="Assets to explore">
        <oe-tree-node .treeId=${this.treeId} .asset=${this.root}></oe-tree-node></ul>` : loading()}`;
  }

  renderPoints() {
    if (!this.picked.length) return html`<p class="muted">No asset picked yet.</p>`;
    return this.picked.map(({ asset, points, error }) => html`
      <fieldset class="explorer-asset" data-asset-id=${asset.assetId}>
        <legend>${i18n(asset.name) || asset.assetId}
          <button type="button" class="small" aria-label="Remove ${i18n(asset.name)}"
            @click=${() => this.unpick(asset.assetId)}>✕</button></legend>
        ${error ? html`<span class="error small">${error}</span>` : !points ? html`<span class="spinner"></span>`
          : points.length === 0 ? html`<span class="muted small">No measure points</span>`
            : points.map((p) => {
              const key = pointKey(asset.assetId, p.identifier);
              return html`<label class="check"><input type="checkbox" name="series" value=${key}
                .checked=${this.chosen.has(key)} @change=${(e) => this.toggle(key, e.target.checked)}>
                ${i18n(p.name) || p.identifier}</label>`;
            })}
      </fieldset>`);
  }

  render() {
    const r = this.result;
    return html`
      <h1>Data explorer</h1>
      <div class="tree-layout">
        <section class="card" aria-label="Assets">${this.renderPicker()}</section>
        <div class="stack">
          <section class="card" aria-label="Series"><h2>Measure points</h2>${this.renderPoints()}</section>
          <section class="card" aria-label="Query">
            <div class="row">
              <label>From <input type="datetime-local" id="explorer-start" .value=${toInput(this.start)}
                @change=${(e) => { this.start = fromInput(e.target.value); }}></label>
              <label>To <input type="datetime-local" id="explorer-end" .value=${toInput(this.end)}
                @change=${(e) => { this.end = fromInput(e.target.value); }}></label>
              <span class="badge" id="explorer-zone" title="The times above are in this zone">${zoneLabel()}</span>
            </div>
            <div class="row" role="group" aria-label="Quick ranges">
              ${QUICK.map(([label, m]) => html`<button type="button" @click=${() => this.quick(m)}>Last ${label}</button>`)}
            </div>
            <div class="row">
              <label>Values <select id="explorer-mode" @change=${(e) => { this.mode = e.target.value; }}>
                <option value="raw">Raw samples</option><option value="agg">Aggregated (ai-normalized)</option>
              </select></label>
              ${this.mode === 'raw' ? '' : html`
                <label>Function <select id="explorer-logic" @change=${(e) => { this.logic = e.target.value; }}>
                  ${LOGICS.map((l) => html`<option ?selected=${l === this.logic}>${l}</option>`)}</select></label>
                <label>Every <input type="number" id="explorer-interval" min="1" max="1440" style="width:6em"
                  .value=${String(this.interval)} @change=${(e) => { this.interval = e.target.value; }}> minutes</label>`}
              <span class="spacer"></span>
              <button type="button" class="primary" id="explorer-run" ?disabled=${!this.chosen.size}
                @click=${this.query}>Show ${this.chosen.size} series</button>
            </div>
          </section>
          <section class="card" aria-label="Chart">
            ${this.error ? failed(this.error) : ''}
            ${this.status === 'loading' ? loading('Querying') : ''}
            ${r ? html`<div class="row">
              <span class="small muted" id="explorer-info">${r.rows} rows · ${time(this.start)} – ${time(this.end)}
                ${r.truncated ? html` · <strong>truncated at 10 000 values per series; narrow the range</strong>` : ''}</span>
              <span class="spacer"></span>
              <a id="explorer-csv" href=${this.csvUrl} download="openenos-data.csv" role="button" class="button">Export CSV</a>
            </div>` : html`<p class="muted">Pick measure points and press “Show”.</p>`}
            ${this.status === 'empty' ? html`<p class="muted" id="explorer-empty">No data in this range.</p>` : ''}
            <oe-series-chart data-status=${this.status ?? ''} .table=${r?.table} .labels=${r?.labels} .units=${r?.units} .formats=${r?.formats}></oe-series-chart>
          </section>
        </div>
      </div>`;
  }
}
customElements.define('oe-explorer-page', OeExplorerPage);
