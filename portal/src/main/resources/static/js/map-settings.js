import { data } from './api.js';

let pending = null;

/**
 * The server's map settings (`/portal-service/v2.1/settings`): `{tileUrl, tileAttribution, tileMaxZoom}`, read once
 * per page load. An empty `tileUrl`, or a server that cannot say, means the offline base layer.
 */
export function mapSettings() {
  pending ??= data('/portal-service/v2.1/settings', {}, undefined, { method: 'GET' })
    .catch(() => ({ tileUrl: '', tileAttribution: '', tileMaxZoom: 19 }));
  return pending;
}
