import { html } from 'lit';
import * as L from 'leaflet';
import { LightElement } from '../base.js';
import { mapSettings } from '../map-settings.js';

/**
 * A base layer drawn in the browser: water, a graticule every 10° (every degree when zoomed in) and its labels. No
 * tile server is needed, so the map works offline and within the portal's Content-Security-Policy.
 */
const OfflineBase = L.GridLayer.extend({
  createTile(coords) {
    const tile = document.createElement('canvas');
    const size = this.getTileSize();
    tile.width = size.x;
    tile.height = size.y;
    const ctx = tile.getContext('2d');
    const css = getComputedStyle(document.documentElement);
    ctx.fillStyle = css.getPropertyValue('--surface-2').trim() || '#eef1f5';
    ctx.fillRect(0, 0, size.x, size.y);
    const map = this._map;
    const nw = map.unproject(coords.scaleBy(size), coords.z);
    const se = map.unproject(coords.add([1, 1]).scaleBy(size), coords.z);
    const step = coords.z >= 6 ? 1 : coords.z >= 3 ? 5 : 10;
    ctx.strokeStyle = css.getPropertyValue('--border').trim() || '#d5dbe3';
    ctx.fillStyle = css.getPropertyValue('--muted').trim() || '#556070';
    ctx.font = '10px system-ui, sans-serif';
    const origin = coords.scaleBy(size);
    for (let lon = Math.ceil(nw.lng / step) * step; lon <= se.lng; lon += step) {
      const x = map.project([0, lon], coords.z).x - origin.x;
      ctx.beginPath(); ctx.moveTo(x, 0); ctx.lineTo(x, size.y); ctx.stroke();
      ctx.fillText(`${lon}°`, x + 2, 10);
    }
    for (let lat = Math.ceil(se.lat / step) * step; lat <= nw.lat; lat += step) {
      const y = map.project([lat, 0], coords.z).y - origin.y;
      ctx.beginPath(); ctx.moveTo(0, y); ctx.lineTo(size.x, y); ctx.stroke();
      ctx.fillText(`${lat}°`, 2, y - 2);
    }
    return tile;
  },
});

/** Where an asset is: attributes `latitude`/`longitude`, or `location` as {lat, lon|lng} or "lat,lon". */
export function locationOf(asset) {
  const a = asset?.attributes ?? {};
  const num = (v) => (v === '' || v == null || Number.isNaN(Number(v)) ? null : Number(v));
  let lat = num(a.latitude);
  let lon = num(a.longitude);
  if ((lat == null || lon == null) && a.location != null) {
    const loc = typeof a.location === 'string' ? Object.fromEntries(['lat', 'lon'].map((k, i) => [k, a.location.split(',')[i]]))
      : a.location;
    lat = num(loc.lat ?? loc.latitude);
    lon = num(loc.lon ?? loc.lng ?? loc.longitude);
  }
  return lat != null && lon != null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? [lat, lon] : null;
}

/**
 * The map's base layer: the tile server the operator configured (`openenos.portal.map.tile-url`, with its
 * attribution), or else the offline layer drawn here. `settings` default to the server's.
 */
export async function addBaseLayer(map, settings) {
  const s = settings ?? await mapSettings();
  if (s.tileUrl) {
    map.attributionControl?.remove();
    L.control.attribution({ prefix: false }).addTo(map);
    L.tileLayer(s.tileUrl, { attribution: s.tileAttribution || '', maxZoom: s.tileMaxZoom || 19, className: 'configured-tiles' })
      .addTo(map);
  } else {
    new OfflineBase({ tileSize: 256 }).addTo(map);
  }
}

/** Sites on a map (Leaflet): `sites` = [{assetId, name, location: [lat, lon], href, treeId}]. */
class OeSiteMap extends LightElement {
  static properties = { sites: { attribute: false } };

  updated() {
    const box = this.querySelector('.site-map');
    if (!box) return;
    if (!this.map) {
      this.map = L.map(box, { worldCopyJump: true, attributionControl: false }).setView([20, 0], 1);
      addBaseLayer(this.map);
      this.markers = L.layerGroup().addTo(this.map);
      new ResizeObserver(() => this.map?.invalidateSize()).observe(box);
    }
    this.markers.clearLayers();
    const css = getComputedStyle(document.documentElement);
    for (const s of this.sites ?? []) {
      const marker = L.circleMarker(s.location, { radius: 8, color: css.getPropertyValue('--accent').trim(), weight: 2,
        fillOpacity: 0.6, className: 'site-marker' });
      marker.bindTooltip(s.name, { permanent: true, direction: 'right', className: 'site-label' });
      marker.on('click', () => {
        if (s.treeId) sessionStorage.setItem('openenos.tree', s.treeId);
        location.hash = s.href;
      });
      marker.addTo(this.markers);
      marker.getElement?.()?.setAttribute('data-asset-id', s.assetId);
    }
    const points = (this.sites ?? []).map((s) => s.location);
    if (points.length === 1) this.map.setView(points[0], 6);
    else if (points.length > 1) this.map.fitBounds(points, { padding: [30, 30], maxZoom: 8 });
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.map?.remove();
    this.map = null;
  }

  render() {
    return html`<div class="site-map" role="region" aria-label="Map of sites" data-sites=${this.sites?.length ?? 0}></div>`;
  }
}
customElements.define('oe-site-map', OeSiteMap);
