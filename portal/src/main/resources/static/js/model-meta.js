import { data } from './api.js';
import { i18n } from './format.js';

const models = new Map();

/** The key of one measure point of one asset in the value and point maps the pages and widgets share. */
export function pointKey(assetId, pointId) {
  return `${assetId}/${pointId}`;
}

/** A thing model, fetched once per page load (models change rarely; a reload picks up a change). */
export function model(modelId) {
  if (!models.has(modelId)) {
    const pending = data('/model-service/v2.1/thing-models', { action: 'get', modelId });
    pending.catch(() => models.delete(modelId));
    models.set(modelId, pending);
  }
  return models.get(modelId);
}

/** A measure point of a model, or null when the model or point cannot be read (alerts of deleted models). */
export async function modelPoint(modelId, pointId) {
  if (!modelId || !pointId) return null;
  try {
    return (await model(modelId)).measurepoints?.[pointId] ?? null;
  } catch {
    return null;
  }
}

/**
 * Names and models of some assets, so widgets show "Turbine 7 · Wind speed (m/s)" instead of identifiers:
 * `{assets: {assetId: {name, modelId}}, points: {"assetId/pointId": measure point of the model}, models}`.
 * An asset that cannot be read keeps its id as its name.
 */
export async function describe(assetIds) {
  const assets = {};
  const points = {};
  const models = {};
  const ids = [...new Set(assetIds)].filter(Boolean);
  // one search for many assets; an asset it does not return is read alone (and keeps its id if that fails too)
  const found = ids.length > 1 ? await data('/asset-service/v2.1/assets', { action: 'search' }, { assetIds: ids })
    .then((list) => Object.fromEntries((list ?? []).map((a) => [a.assetId, a]))).catch(() => ({})) : {};
  await Promise.all(ids.map(async (assetId) => {
    try {
      const asset = found[assetId] ?? await data('/asset-service/v2.1/assets', { action: 'get', assetId });
      assets[assetId] = { name: i18n(asset.name) || assetId, modelId: asset.modelId };
      const m = await model(asset.modelId);
      models[asset.modelId] = m;
      for (const [id, p] of Object.entries(m.measurepoints ?? {})) points[pointKey(assetId, id)] = p;
    } catch {
      assets[assetId] = { name: assetId };
    }
  }));
  return { assets, points, models };
}
