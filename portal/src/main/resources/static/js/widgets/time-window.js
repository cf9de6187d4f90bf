import { html } from 'lit';
import { LightElement } from '../base.js';
import { toInput, fromInput } from '../format.js';

export const DEFAULT_WINDOW = { lastMinutes: 60, refreshSeconds: 0 };
const LAST = [[15, 'Last 15 minutes'], [60, 'Last hour'], [360, 'Last 6 hours'], [1440, 'Last 24 hours'],
  [10080, 'Last 7 days'], [43200, 'Last 30 days']];
const REFRESH = [[0, 'Off'], [10, '10 s'], [30, '30 s'], [60, '1 min'], [300, '5 min']];

/** The range a window stands for right now: `{start, end, live}` in epoch milliseconds. */
export function resolveWindow(w = DEFAULT_WINDOW, now = Date.now()) {
  if (w.lastMinutes != null) return { start: now - w.lastMinutes * 60_000, end: now, live: true };
  return { start: w.startTime, end: w.endTime, live: false };
}

/**
 * The dashboard's time window: live (the last N minutes, moving) or a fixed range, and how often the widgets
 * refresh. Fires `window-change` with the new window; the dashboard passes it to every widget.
 */
class OeTimeWindow extends LightElement {
  static properties = { value: { attribute: false }, error: { state: true } };

  emit(next) {
    this.error = null;
    this.dispatchEvent(new CustomEvent('window-change', { detail: next, bubbles: true }));
  }

  pickRange(e) {
    const v = e.target.value;
    const refreshSeconds = this.value?.refreshSeconds ?? 0;
    if (v === 'fixed') {
      const end = Date.now();
      this.emit({ startTime: end - 3_600_000, endTime: end, refreshSeconds: 0 });
    } else {
      this.emit({ lastMinutes: Number(v), refreshSeconds });
    }
  }

  pickFixed() {
    const start = fromInput(this.querySelector('#tw-start').value);
    const end = fromInput(this.querySelector('#tw-end').value);
    if (!(start < end)) { this.error = 'The start must be before the end.'; return; }
    this.emit({ startTime: start, endTime: end, refreshSeconds: 0 });
  }

  render() {
    const w = this.value ?? DEFAULT_WINDOW;
    const fixed = w.lastMinutes == null;
    return html`<div class="row time-window" role="group" aria-label="Time window">
      <label for="tw-range" class="sr-only">Time window</label>
      <select id="tw-range" @change=${this.pickRange}>
        ${LAST.map(([m, label]) => html`<option value=${m} ?selected=${w.lastMinutes === m}>${label}</option>`)}
        ${!fixed && !LAST.some(([m]) => m === w.lastMinutes) ? html`<option selected value=${w.lastMinutes}>Last ${w.lastMinutes} minutes</option>` : ''}
        <option value="fixed" ?selected=${fixed}>Fixed range…</option>
      </select>
      ${fixed ? html`
        <label for="tw-start" class="sr-only">From</label>
        <input id="tw-start" type="datetime-local" .value=${toInput(w.startTime)} @change=${this.pickFixed}>
        <label for="tw-end" class="sr-only">To</label>
        <input id="tw-end" type="datetime-local" .value=${toInput(w.endTime)} @change=${this.pickFixed}>`
        : html`<label for="tw-refresh" class="small muted" style="margin:0">Refresh</label>
        <select id="tw-refresh" @change=${(e) => this.emit({ ...w, refreshSeconds: Number(e.target.value) })}>
          ${REFRESH.map(([s, label]) => html`<option value=${s} ?selected=${(w.refreshSeconds ?? 0) === s}>${label}</option>`)}
        </select>`}
      ${this.error ? html`<span class="error small" role="alert">${this.error}</span>` : ''}
    </div>`;
  }
}
customElements.define('oe-time-window', OeTimeWindow);
