import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { i18n } from '../format.js';
import { loading, failed } from './async-state.js';
import './point-values.js';

/** An asset with its model, attributes, tags, children in the tree and latest values. */
class OeAssetDetail extends LightElement {
  static properties = {
    assetId: {}, treeId: {}, asset: { state: true }, model: { state: true }, children: { state: true },
    error: { state: true },
  };

  updated(changed) {
    if (changed.has('assetId') && this.assetId) this.load();
  }

  async load() {
    this.asset = this.model = this.children = this.error = null;
    const assetId = this.assetId;
    // answers for an asset chosen before the current one are dropped, so a slow answer cannot replace a newer one
    const current = () => assetId === this.assetId;
    try {
      const asset = await data('/asset-service/v2.1/assets', { action: 'get', assetId });
      if (!current()) return;
      this.asset = asset;
      const [model, children] = await Promise.all([
        data('/model-service/v2.1/thing-models', { action: 'get', modelId: asset.modelId }),
        this.treeId ? data('/asset-tree-service/v2.1/asset-nodes',
          { action: 'searchAsset', treeId: this.treeId, parentAssetId: assetId }) : [],
      ]);
      if (!current()) return;
      this.model = model;
      this.children = children;
    } catch (e) {
      if (current()) this.error = e;
    }
  }

  render() {
    if (this.error) return failed(this.error);
    if (!this.asset) return loading('Loading asset');
    const a = this.asset;
    return html`
      <section class="card stack" aria-labelledby="asset-title">
        <div class="row">
          <h2 id="asset-title">${i18n(a.name)}</h2>
          <span class="badge">${a.label === '0' ? 'Device' : 'Logical asset'}</span>
          <span class="spacer"></span>
          ${a.label === '0' ? html`<a href="#/devices/${a.assetId}">Open device →</a>` : ''}
        </div>
        <dl class="props">
          <dt>Asset ID</dt><dd class="mono">${a.assetId}</dd>
          <dt>Model</dt><dd>${this.model ? html`<a href="#/models/${a.modelId}">${i18n(this.model.name)}</a>` : a.modelId}
            <span class="muted mono">${a.modelIdPath}</span></dd>
          <dt>Time zone</dt><dd>${a.timezone || '—'}</dd>
          ${a.desc ? html`<dt>Description</dt><dd>${i18n(a.desc)}</dd>` : ''}
        </dl>
        <div class="grid2">
          <div><h3>Attributes</h3>${kv(a.attributes)}</div>
          <div><h3>Tags</h3>${kv(a.tags)}</div>
        </div>
        <div><h3>Latest values</h3><oe-point-values .assetId=${a.assetId} .model=${this.model}></oe-point-values></div>
        <div><h3>Children</h3>
          ${!this.children ? loading() : this.children.length === 0 ? html`<p class="muted">No child assets.</p>` : html`
            <ul>${this.children.map((c) => html`<li><button class="link" type="button"
              data-child-id=${c.assetId}
              @click=${() => this.dispatchEvent(new CustomEvent('asset-selected',
                { detail: { ...c, parentAssetId: a.assetId }, bubbles: true }))}
              >${i18n(c.name)}</button></li>`)}</ul>`}
        </div>
      </section>`;
  }
}

export function kv(map) {
  const entries = Object.entries(map ?? {});
  if (!entries.length) return html`<p class="muted small">None</p>`;
  return html`<dl class="props">${entries.map(([k, v]) => html`<dt>${k}</dt>
    <dd>${typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd>`)}</dl>`;
}
customElements.define('oe-asset-detail', OeAssetDetail);
