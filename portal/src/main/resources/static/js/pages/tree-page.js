import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { i18n } from '../format.js';
import { loading, failed, empty } from '../components/async-state.js';
import '../components/tree-node.js';
import '../components/asset-detail.js';

/** Asset tree browser: pick a tree, expand levels lazily, select an asset to see it. */
class OeTreePage extends LightElement {
  static properties = {
    assetId: {}, trees: { state: true }, treeId: { state: true }, roots: { state: true }, selected: { state: true },
    error: { state: true }, openIds: { state: true },
  };

  constructor() {
    super();
    this.openIds = new Set();
    // back on the tab: trees created meanwhile (by another user, the API, the simulator) appear without a reload
    this.onVisible = () => { if (document.visibilityState === 'visible') this.refreshTrees(); };
  }

  async connectedCallback() {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onVisible);
    this.addEventListener('asset-selected', (e) => {
      // a child chosen in the detail panel: open its parent in the tree so the selection is visible there too
      if (e.detail.parentAssetId) this.openIds = new Set([...this.openIds, e.detail.parentAssetId]);
      this.selected = e.detail.assetId;
    });
    try {
      await this.refreshTrees();
      const remembered = sessionStorage.getItem('openenos.tree');
      const tree = this.trees.find((t) => t.treeId === remembered) ?? this.trees[0];
      if (tree) this.pick(tree.treeId);
    } catch (e) {
      this.error = e;
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisible);
  }

  /** The list of trees is read again whenever it is opened, so a new tree is there without reloading the page. */
  async refreshTrees() {
    const trees = await data('/asset-tree-service/v2.1/asset-trees', { action: 'search' });
    this.trees = trees;
    if (!this.treeId && trees.length) this.pick(trees[0].treeId);
  }

  async pick(treeId) {
    this.treeId = treeId;
    this.roots = null;
    this.selected = null;
    this.openIds = new Set();
    sessionStorage.setItem('openenos.tree', treeId);
    const tree = this.trees.find((t) => t.treeId === treeId);
    // a user whose role covers parts of the tree starts at those nodes (scopeRootAssetIds), not at the tree's root
    const rootIds = tree.scopeRootAssetIds ?? [tree.rootAssetId];
    try {
      const roots = await Promise.all(rootIds.map((assetId) => data('/asset-service/v2.1/assets', { action: 'get', assetId })));
      this.roots = roots;
      if (this.assetId && !rootIds.includes(this.assetId) && await this.reveal(this.assetId)) return;
      this.selected = roots[0]?.assetId;
    } catch (e) {
      this.error = e;
    }
  }

  updated(changed) {
    if (changed.has('assetId') && changed.get('assetId') !== undefined && this.roots && this.assetId) this.reveal(this.assetId);
  }

  /** Opens the tree down to an asset named in the address (#/tree/assetId) and selects it; false if it is not in this tree. */
  async reveal(assetId) {
    const answer = await data('/asset-tree-service/v2.1/asset-paths', { action: 'search', treeId: this.treeId, assetId })
      .catch(() => null);
    const path = (answer?.path ?? []).map((a) => a.assetId);
    if (!path.length) return false;
    this.openIds = new Set([...this.roots.map((r) => r.assetId), ...path.filter((id) => id !== assetId)]);
    this.selected = assetId;
    return true;
  }

  render() {
    if (this.error) return failed(this.error);
    if (!this.trees) return loading('Loading asset trees');
    if (!this.trees.length) return empty('No asset tree in this organization yet. Create one through the API.');
    return html`
      <h1>Asset tree</h1>
      <div class="tree-layout">
        <section class="card" aria-label="Asset tree">
          <label for="tree-select">Tree</label>
          <div class="row"><select id="tree-select" @change=${(e) => this.pick(e.target.value)}
            @focus=${() => this.refreshTrees().catch(() => {})} @mousedown=${() => this.refreshTrees().catch(() => {})}>
            ${this.trees.map((t) => html`<option value=${t.treeId} ?selected=${t.treeId === this.treeId}>${i18n(t.name)}</option>`)}
          </select>
          <button type="button" id="tree-refresh" aria-label="Reload the list of trees" title="Reload the list of trees"
            @click=${() => this.refreshTrees().catch((e) => { this.error = e; })}>↻</button></div>
          ${!this.roots ? loading() : html`
            <ul class="tree" role="tree" aria-label=${i18n(this.trees.find((t) => t.treeId === this.treeId)?.name)}>
              ${this.roots.map((root) => html`<oe-tree-node .treeId=${this.treeId} .asset=${root} .selectedId=${this.selected}
                .openIds=${this.openIds}></oe-tree-node>`)}
            </ul>`}
        </section>
        <div>${this.selected ? html`<oe-asset-detail .assetId=${this.selected} .treeId=${this.treeId}></oe-asset-detail>`
          : empty('Select an asset.')}</div>
      </div>`;
  }
}
customElements.define('oe-tree-page', OeTreePage);
