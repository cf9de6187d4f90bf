import { html } from 'lit';
import { readable } from './api-errors.js';

/** The loading / error / empty states every view shows the same way. */
export function loading(what = 'Loading') {
  return html`<div class="state" role="status"><span class="spinner"></span> ${what}…</div>`;
}

export function failed(error) {
  const text = error?.code === 99403 ? `Not allowed: ${error.message}` : error?.message ?? String(error);
  return html`<div class="error" role="alert">${text}</div>`;
}

/** An API error as a sentence naming what failed (`readable`), never the server's raw message alone. */
export function failedAs(error, what) {
  return html`<div class="error" role="alert">${readable(error, what)}</div>`;
}

export function empty(text) {
  return html`<div class="state">${text}</div>`;
}
