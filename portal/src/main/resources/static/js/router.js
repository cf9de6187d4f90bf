/** Hash routes: `#/devices/abc` → {page: 'devices', id: 'abc'}; no route is the fleet overview. */
export function currentRoute() {
  const [page = 'fleet', id = null, sub = null] = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  return { page: page || 'fleet', id, sub };
}

export function go(...parts) {
  location.hash = '#/' + parts.map(encodeURIComponent).join('/');
}
