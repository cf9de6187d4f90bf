import { session } from './session.js';

/**
 * Opens the server's live stream of measure point values for some assets (Server-Sent Events, one connection for
 * the whole page) and calls `onValues([{assetId, pointId, time, value}])`. EventSource reconnects by itself after a
 * network failure. Returns a function that closes the stream.
 */
export function openLive(assetIds, onValues, onState = () => {}) {
  const ids = [...new Set(assetIds)].filter(Boolean);
  if (!ids.length || !session.token) return () => {};
  const query = new URLSearchParams({ orgId: session.orgId, assetIds: ids.join(','), token: session.token });
  const source = new EventSource(`/live-service/v2.1/measurepoints?${query}`);
  source.addEventListener('ready', () => onState('live'));
  source.addEventListener('measurepoints', (e) => onValues(JSON.parse(e.data)));
  source.onerror = () => onState(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
  return () => source.close();
}
