/** Hash routes: `#/devices/abc` → {page: 'devices', id: 'abc'}. */
export function currentRoute() {
  const [page = 'tree', id = null, sub = null] = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  return { page: page || 'tree', id, sub };
}

export function go(...parts) {
  location.hash = '#/' + parts.map(encodeURIComponent).join('/');
}
