import { call } from './api.js';
import { iso, time } from './format.js';

/** Raw samples are read one page of this size at a time. */
export const RAW_PAGE = 10000;
/** Up to this window a chart shows raw samples (when they fit one page); beyond it, aggregates per interval. */
export const RAW_MAX_MINUTES = 360;
/** Pages of raw samples read at most for a point that cannot be aggregated (not an AI point). */
const MAX_PAGES = 10;
const INTERVALS = [1, 5, 15, 30, 60, 180, 360, 720, 1440];

/** The aggregation step for a window: at most ~600 buckets. */
export function intervalFor(minutes) {
  return INTERVALS.find((i) => minutes / i <= 600) ?? 1440;
}

const seconds = (item) => (item?.timestamp ?? []).map((t) => Number(t) / 1000);
const numbers = (item) => (item?.value ?? []).map((v) => (v == null ? null : Number(v)));

/**
 * The samples of one point for a chart, and what they are: `{mode: 'raw'|'aggregate', xs, ys, mins, maxs,
 * description, notice}`. A window whose raw samples do not fit one page is never cut off: AI points switch to
 * average, min and max per interval (the TSDB's aggregate query); other points are read page by page, and if even
 * that is too much the notice says how far the chart reaches.
 */
export async function loadHistory(assetId, point, start, end) {
  const minutes = (end - start) / 60_000;
  const aggregatable = !point.signalType || point.signalType === 'AI';
  if (aggregatable && minutes > RAW_MAX_MINUTES) return aggregate(assetId, point.identifier, start, end, null);
  const first = await rawPage(assetId, point.identifier, start, end, null);
  if (!first.pageToken) {
    return { mode: 'raw', xs: seconds(first.item), ys: numbers(first.item), description: 'raw samples' };
  }
  if (aggregatable) {
    return aggregate(assetId, point.identifier, start, end,
      `This window holds more than ${RAW_PAGE.toLocaleString()} samples`);
  }
  const xs = seconds(first.item);
  const ys = numbers(first.item);
  let token = first.pageToken;
  for (let page = 1; token && page < MAX_PAGES; page++) {
    const next = await rawPage(assetId, point.identifier, start, end, token);
    xs.push(...seconds(next.item));
    ys.push(...numbers(next.item));
    token = next.pageToken;
  }
  return { mode: 'raw', xs, ys, description: `raw samples, ${xs.length.toLocaleString()} read page by page`,
    notice: token ? `Showing the first ${xs.length.toLocaleString()} samples of this window, up to `
      + `${time(xs[xs.length - 1] * 1000)}: zoom in or move on to see the rest.` : null };
}

async function rawPage(assetId, pointId, start, end, pageToken) {
  const { data } = await call('/tsdb-service/v2.1/raw', {}, { assetIds: assetId, pointIds: pointId,
    startTime: iso(start), endTime: iso(end), pageSize: RAW_PAGE, itemFormat: 2, pageToken: pageToken ?? undefined });
  return { item: data?.items?.[0], pageToken: data?.pageToken ?? null };
}

async function aggregate(assetId, pointId, start, end, reason) {
  const interval = intervalFor((end - start) / 60_000);
  const { data } = await call('/tsdb-service/v2.1/ai-normalized', {}, { assetIds: assetId,
    pointIdsWithLogic: `avg(${pointId}),min(${pointId}),max(${pointId})`, interval,
    startTime: iso(start), endTime: iso(end), pageSize: 1000, itemFormat: 2 });
  const [avg, min, max] = data?.items ?? [];
  const description = `average per ${interval} min with the min–max band`;
  return { mode: 'aggregate', xs: seconds(avg), ys: numbers(avg), mins: numbers(min), maxs: numbers(max),
    description, notice: reason ? `${reason}: showing the ${description}. Zoom in to see raw samples.` : null };
}
