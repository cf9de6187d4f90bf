import { html } from 'lit';

/** A feature the server does not offer (yet) answers 404/405/501: that is a state to show, not an error. */
export function notAvailable(error) {
  return [404, 405, 501].includes(error?.status);
}

export function notAvailableState(what) {
  return html`<div class="state" data-state="not-available" role="status">${what} not available on this server.</div>`;
}
