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

/**
 * Series read in one TSDB request at most: the server allows devices × points × pageSize up to 640,000 values, and
 * each series may need a full page.
 */
const SERIES_PER_READ = Math.floor(640_000 / RAW_PAGE);
/** Points read at most in one aggregate request: three terms (avg, min, max) of 1,000 buckets each per series. */
const AGGREGATE_SERIES_PER_READ = Math.floor(640_000 / 3000);
/** Series asked for within one task, by window: read together once the task ends. */
const pending = new Map();
const seriesKey = (assetId, pointId) => `${assetId}\u0000${pointId}`;

/**
 * The views of several series over one window, as {@link loadHistory} gives them, read with as few TSDB requests
 * as possible: every series asked for during the same task (all widgets of a dashboard that got their models
 * together) over the same window joins one batch, read as one `raw` (or, for a long window of AI points,
 * `ai-normalized`) request per set of points sharing the same assets. A series whose first page is full, or whose batch failed, is read on its own by {@link loadHistory}, so
 * the switch to aggregates, paging and the notices stay the same and one bad series does not fail the others.
 */
export function loadHistories(series, start, end) {
  return Promise.all(series.map(({ assetId, point }) => {
    const aggregatable = !point.signalType || point.signalType === 'AI';
    const mode = aggregatable && (end - start) / 60_000 > RAW_MAX_MINUTES ? 'aggregate' : 'raw';
    return new Promise((resolve, reject) => {
      const window = `${mode}/${start}/${end}`;
      let batch = pending.get(window);
      if (!batch) {
        batch = [];
        pending.set(window, batch);
        setTimeout(() => {
          pending.delete(window);
          (mode === 'raw' ? readBatch : aggregateBatch)(batch, start, end);
        }, 0);
      }
      batch.push({ assetId, point, resolve, reject });
    });
  }));
}

/** Aggregates of the batch's series, as {@link aggregate} reads them for one, in one request per group. */
async function aggregateBatch(batch, start, end) {
  const interval = intervalFor((end - start) / 60_000);
  const results = new Map();
  await Promise.all(requestsFor(batch, AGGREGATE_SERIES_PER_READ).map(async ({ assetIds, pointIds }) => {
    try {
      const { data } = await call('/tsdb-service/v2.1/ai-normalized', {}, { assetIds: assetIds.join(','),
        pointIdsWithLogic: pointIds.map((p) => `avg(${p}),min(${p}),max(${p})`).join(','), interval,
        startTime: iso(start), endTime: iso(end), pageSize: 1000, itemFormat: 2 });
      for (const item of data?.items ?? []) results.set(seriesKey(item.assetId, item.pointId), item);
    } catch {
      // read one by one below (a point that is not AI fails the whole request)
    }
  }));
  const description = `average per ${interval} min with the min–max band`;
  for (const s of batch) {
    const id = s.point.identifier;
    const avg = results.get(seriesKey(s.assetId, `avg(${id})`));
    if (avg) {
      const [min, max] = ['min', 'max'].map((fn) => results.get(seriesKey(s.assetId, `${fn}(${id})`)));
      s.resolve({ mode: 'aggregate', xs: seconds(avg), ys: numbers(avg), mins: numbers(min), maxs: numbers(max),
        description, notice: null });
    } else {
      loadHistory(s.assetId, s.point, start, end).then(s.resolve, s.reject);
    }
  }
}

async function readBatch(batch, start, end) {
  const results = new Map();
  await Promise.all(requestsFor(batch, SERIES_PER_READ).map(async ({ assetIds, pointIds }) => {
    try {
      const { data } = await call('/tsdb-service/v2.1/raw', {}, { assetIds: assetIds.join(','),
        pointIds: pointIds.join(','), startTime: iso(start), endTime: iso(end), pageSize: RAW_PAGE, itemFormat: 2 });
      const more = !!data?.pageToken;
      for (const a of assetIds) for (const p of pointIds) results.set(seriesKey(a, p), { complete: true });
      for (const item of data?.items ?? []) {
        // with a next page, only the series that filled this one may have more samples
        const complete = !more || (item.timestamp?.length ?? 0) < RAW_PAGE;
        results.set(seriesKey(item.assetId, item.pointId), { item, complete });
      }
    } catch {
      // its series are read one by one below, where an error reaches only the widget that shows it
    }
  }));
  for (const s of batch) {
    const read = results.get(seriesKey(s.assetId, s.point.identifier));
    if (read?.complete) {
      s.resolve({ mode: 'raw', xs: seconds(read.item), ys: numbers(read.item), description: 'raw samples' });
    } else {
      loadHistory(s.assetId, s.point, start, end).then(s.resolve, s.reject);
    }
  }
}

/** The batch's series as requests: points that share the same set of assets go together, none over the limit. */
function requestsFor(batch, seriesPerRead) {
  const assetsByPoint = new Map();
  for (const s of batch) {
    const id = s.point.identifier;
    if (!assetsByPoint.has(id)) assetsByPoint.set(id, new Set());
    assetsByPoint.get(id).add(s.assetId);
  }
  const groups = new Map();
  for (const [pointId, assets] of assetsByPoint) {
    const assetIds = [...assets].sort();
    const group = groups.get(assetIds.join(','));
    if (group) group.pointIds.push(pointId);
    else groups.set(assetIds.join(','), { assetIds, pointIds: [pointId] });
  }
  const requests = [];
  for (const { assetIds, pointIds } of groups.values()) {
    for (let p = 0; p < pointIds.length; p += seriesPerRead) {
      const points = pointIds.slice(p, p + seriesPerRead);
      const step = Math.max(1, Math.floor(seriesPerRead / points.length));
      for (let a = 0; a < assetIds.length; a += step) {
        requests.push({ assetIds: assetIds.slice(a, a + step), pointIds: points });
      }
    }
  }
  return requests;
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
