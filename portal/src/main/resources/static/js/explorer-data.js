import uPlot from 'uplot';
import { data } from './api.js';
import { iso, wallClock, zoneLabel } from './format.js';

/**
 * Queries one series per (asset, point) and aligns them on one time axis. `agg` is null for raw samples or
 * {logic: 'avg'|'min'|'max'|'count', interval: minutes} for the ai-normalized query.
 * Resolves to {table: [xs (s), ...ys], truncated: boolean}.
 */
export async function querySeries(series, start, end, agg) {
  const tables = await Promise.all(series.map(async ({ assetId, pointId }) => {
    const result = agg
      ? await data('/tsdb-service/v2.1/ai-normalized', {}, { assetIds: assetId,
        pointIdsWithLogic: `${agg.logic}(${pointId})`, interval: agg.interval, startTime: iso(start),
        endTime: iso(end), pageSize: 10000, itemFormat: 2 })
      : await data('/tsdb-service/v2.1/raw', {}, { assetIds: assetId, pointIds: pointId, startTime: iso(start),
        endTime: iso(end), pageSize: 10000, itemFormat: 2 });
    const item = result?.items?.[0];
    const xs = (item?.timestamp ?? []).map((t) => Number(t) / 1000);
    const ys = (item?.value ?? []).map((v) => (v == null || v === '' || Number.isNaN(Number(v)) ? null : Number(v)));
    return [xs, ys];
  }));
  const truncated = tables.some(([xs]) => xs.length >= 10000);
  return { table: uPlot.join(tables), truncated };
}

function quote(text) {
  const s = String(text ?? '');
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The chart's data as CSV: UTC time, wall-clock time in the zone the user chose, then one column per series. */
export function toCsv(table, labels) {
  const local = (ms) => wallClock(ms).toISOString().slice(0, 19).replace('T', ' ');
  const lines = [['time_utc', `time_local (${zoneLabel()})`, ...labels].map(quote).join(',')];
  const [xs, ...ys] = table;
  for (let i = 0; i < xs.length; i++) {
    const ms = Math.round(xs[i] * 1000);
    lines.push([new Date(ms).toISOString(), local(ms),
      ...ys.map((col) => (col[i] == null ? '' : col[i]))].map(quote).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
