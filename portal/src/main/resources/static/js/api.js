import { session } from './session.js';

/** An API answer with a non-zero code: `code` is the EnOS code (99403 …), `status` the HTTP status. */
export class ApiError extends Error {
  constructor(code, message, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/**
 * Calls the public HTTP API with the signed-in user's token. `params` become the query string (orgId is added
 * unless `params.orgId === null`); a body makes it a POST. Resolves to the whole envelope {data, pagination}.
 */
export async function call(path, params = {}, body, { method } = {}) {
  const query = new URLSearchParams();
  const all = { orgId: session.orgId, ...params };
  for (const [k, v] of Object.entries(all)) {
    if (v !== null && v !== undefined && v !== '') query.set(k, v);
  }
  const headers = { Accept: 'application/json' };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(`${path}?${query}`, {
      method: method ?? (body !== undefined ? 'POST' : 'GET'),
      headers,
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch (e) {
    throw new ApiError(0, `The server cannot be reached (${e.message}).`, 0);
  }
  let envelope = null;
  try {
    envelope = await response.json();
  } catch {
    // a proxy error page or an empty body: reported below with the status
  }
  if (response.status === 401 && session.signedIn && !path.endsWith('/users')) {
    session.clear();
  }
  if (!response.ok || !envelope || envelope.code !== 0) {
    throw new ApiError(envelope?.code ?? response.status, envelope?.msg ?? `HTTP ${response.status}`,
      response.status);
  }
  return envelope;
}

/** Shorthand: only the `data` of the answer. */
export async function data(path, params, body, options) {
  return (await call(path, params, body, options)).data;
}
