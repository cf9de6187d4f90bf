import { html } from 'lit';
import { LightElement } from '../base.js';
import { call } from '../api.js';
import { i18n, time, value } from '../format.js';
import { loading, failed, empty } from './async-state.js';
import { notAvailable, notAvailableState } from './optional-api.js';

const TIME_KEYS = /time$|^timestamp$/i;
const PAGE_SIZE = 20;

function cell(key, v) {
  if (v == null) return '—';
  if (TIME_KEYS.test(key) && (typeof v === 'number' || /^\d+$/.test(v))) return time(v);
  if (typeof v === 'object' && ('defaultValue' in v || 'i18nValue' in v)) return i18n(v);
  if (typeof v === 'object') return html`<code class="mono small">${JSON.stringify(v)}</code>`;
  return value(v);
}

/**
 * A paged, newest-first list from a search endpoint of the device's history (events, commands). The columns are
 * the ones named that the server returns, so a server adding fields later does not break the page; an endpoint
 * the server lacks shows "not available on this server".
 */
class OeRecordTable extends LightElement {
  static properties = {
    path: {}, assetId: {}, what: {}, columns: { attribute: false }, format: { attribute: false }, rows: { state: true },
    pagination: { state: true }, pageNo: { state: true }, error: { state: true },
  };

  constructor() {
    super();
    this.pageNo = 1;
  }

  updated(changed) {
    if (changed.has('assetId') || changed.has('path')) this.load();
  }

  async load() {
    this.rows = this.error = null;
    const end = Date.now();
    try {
      const answer = await call(this.path, { action: 'search' }, {
        assetId: this.assetId, startTime: end - 30 * 86_400_000, endTime: end,
        pagination: { pageNo: this.pageNo, pageSize: PAGE_SIZE },
      });
      const d = answer.data;
      this.rows = Array.isArray(d) ? d : d?.items ?? d?.list ?? [];
      this.pagination = answer.pagination;
    } catch (e) {
      this.error = e;
    }
  }

  page(delta) {
    this.pageNo = Math.max(1, this.pageNo + delta);
    this.load();
  }

  render() {
    if (this.error) return notAvailable(this.error) ? notAvailableState(this.what) : failed(this.error);
    if (!this.rows) return loading(`Loading ${this.what.toLowerCase()}`);
    if (!this.rows.length && this.pageNo === 1) return empty(`No ${this.what.toLowerCase()} in the last 30 days.`);
    const present = this.columns.filter(([key]) => this.rows.some((r) => r[key] != null));
    const total = this.pagination?.totalSize;
    return html`
      <div class="table-wrap"><table data-records=${this.what}>
        <thead><tr>${present.map(([, label]) => html`<th>${label}</th>`)}</tr></thead>
        <tbody>${this.rows.map((r) => html`<tr>${present.map(([key]) => html`<td>${this.format?.[key] && r[key] != null ? this.format[key](r[key], r) : cell(key, r[key])}</td>`)}</tr>`)}</tbody>
      </table></div>
      <div class="row small muted">
        <button type="button" ?disabled=${this.pageNo === 1} @click=${() => this.page(-1)}>◀</button>
        Page ${this.pageNo}${total != null ? ` of ${Math.max(1, Math.ceil(total / PAGE_SIZE))} (${total})` : ''}
        <button type="button" ?disabled=${this.rows.length < PAGE_SIZE} @click=${() => this.page(1)}>▶</button>
      </div>`;
  }
}
customElements.define('oe-record-table', OeRecordTable);
