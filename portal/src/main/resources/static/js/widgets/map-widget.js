import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { i18n } from '../format.js';
import { locationOf } from '../components/site-map.js';
import '../components/site-map.js';

/** Every asset of a nested asset-tree answer, parents first. */
export function flatten(node, out = []) {
  if (!node) return out;
  out.push(node);
  for (const child of node.subAssets ?? []) flatten(child, out);
  return out;
}

/** The assets of a subtree that have a location, on the fleet overview's map (Leaflet, offline base layer). */
class OeMapWidget extends LightElement {
  static properties = { widget: { attribute: false }, sites: { state: true }, error: { state: true } };

  updated(changed) {
    if (changed.has('widget')) this.load();
  }

  async load() {
    const w = this.widget;
    try {
      const root = await data('/asset-tree-service/v2.1/asset-nodes', { action: 'getAssetTree', treeId: w.treeId,
        parentAssetId: w.assetId || undefined });
      this.sites = flatten(root).map((a) => ({ assetId: a.assetId, name: i18n(a.name) || a.assetId,
        location: locationOf(a), treeId: w.treeId, href: `#/tree/${a.assetId}` })).filter((s) => s.location);
      this.error = null;
    } catch (e) {
      this.error = e.message;
    }
  }

  /** The widget's data for an export. */
  table() {
    return { columns: ['Asset', 'Asset id', 'Latitude', 'Longitude'],
      rows: (this.sites ?? []).map((s) => [s.name, s.assetId, s.location[0], s.location[1]]) };
  }

  render() {
    if (this.error) return html`<p class="error small">${this.error}</p>`;
    if (!this.sites) return html`<span class="spinner"></span>`;
    return html`${this.sites.length ? '' : html`<p class="muted small">No asset of this subtree has a location.</p>`}
      <oe-site-map class="map-widget" .sites=${this.sites}></oe-site-map>`;
  }
}
customElements.define('oe-map-widget', OeMapWidget);
