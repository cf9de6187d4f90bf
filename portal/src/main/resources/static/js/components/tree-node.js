import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { i18n } from '../format.js';

/** One asset in the tree; its children are fetched the first time it is expanded. */
class OeTreeNode extends LightElement {
  static properties = {
    treeId: {}, asset: { attribute: false }, selectedId: {}, openIds: { attribute: false }, expanded: { state: true },
    children: { state: true }, error: { state: true },
  };

  async toggle() {
    this.expanded = !this.expanded;
    if (this.expanded && !this.children) {
      try {
        this.children = await data('/asset-tree-service/v2.1/asset-nodes',
          { action: 'searchAsset', treeId: this.treeId, parentAssetId: this.asset.assetId });
      } catch (e) {
        this.error = e.message;
      }
    }
  }

  updated(changed) {
    // the page asks for this node to be open (a child of it was chosen elsewhere)
    if (changed.has('openIds') && this.openIds?.has(this.asset.assetId) && !this.expanded) this.toggle();
    if (changed.has('selectedId') && this.selectedId === this.asset.assetId) {
      this.querySelector(':scope > li > .tree-item .label')?.scrollIntoView({ block: 'nearest' });
    }
  }

  select() {
    this.dispatchEvent(new CustomEvent('asset-selected', { detail: this.asset, bubbles: true }));
  }

  keydown(e) {
    if (e.key === 'ArrowRight' && !this.expanded) this.toggle();
    if (e.key === 'ArrowLeft' && this.expanded) this.toggle();
  }

  render() {
    const a = this.asset;
    const selected = this.selectedId === a.assetId;
    return html`
      <li role="treeitem" aria-expanded=${this.expanded ? 'true' : 'false'} aria-selected=${selected}>
        <div class="tree-item">
          <button class="twisty" type="button" @click=${this.toggle}
            aria-label="${this.expanded ? 'Collapse' : 'Expand'} ${i18n(a.name)}">${this.expanded ? '▾' : '▸'}</button>
          <button class="label" type="button" data-asset-id=${a.assetId} aria-selected=${selected}
            @click=${this.select} @keydown=${this.keydown}>
            ${i18n(a.name) || a.assetId}${a.label === '0' ? html` <span class="badge small">device</span>` : ''}
          </button>
        </div>
        ${this.expanded ? html`<ul role="group">
          ${this.error ? html`<li class="error small">${this.error}</li>` : ''}
          ${!this.children && !this.error ? html`<li class="muted small"><span class="spinner"></span></li>` : ''}
          ${this.children?.length === 0 ? html`<li class="muted small">No child assets</li>` : ''}
          ${(this.children ?? []).map((c) => html`
            <oe-tree-node .treeId=${this.treeId} .asset=${c} .selectedId=${this.selectedId} .openIds=${this.openIds}></oe-tree-node>`)}
        </ul>` : ''}
      </li>`;
  }
}
customElements.define('oe-tree-node', OeTreeNode);
