import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { session } from '../session.js';
import { toCsv } from '../csv.js';
import { readable } from '../components/api-errors.js';

const READ = '/data-federation/v2.0/channels/read/portal';
/** The server's caps (FederationController): more is clamped there. */
const MAX_ROWS = 10000;
const MAX_SECONDS = 120;
const PAGE = 50;
const HISTORY = 20;
const WINDOWS = { '1': 'the last 24 hours', '7': 'the last 7 days', '30': 'the last 30 days', '365': 'the last year' };

const historyKey = () => `openenos.sql.history.${session.orgId ?? ''}`;

/** Queries run before in this browser, newest first (localStorage, per organization). */
function loadHistory() {
  try {
    return JSON.parse(localStorage.getItem(historyKey()) || '[]');
  } catch {
    return [];
  }
}

/**
 * The SQL console (`#/sql`): one read-only statement over the organization's history (`history`, `rollups`), its
 * metadata (`assets`, `asset_attributes`) and its registered sources (`alias.schema.table`), run with Ctrl+Enter;
 * the row and time limits shown and sent; the result paged, downloadable as CSV; earlier queries kept locally.
 */
class OeSqlPage extends LightElement {
  static properties = { sql: { state: true }, days: { state: true }, maxRows: { state: true }, seconds: { state: true },
    result: { state: true }, page: { state: true }, error: { state: true }, running: { state: true },
    history: { state: true } };

  constructor() {
    super();
    this.history = loadHistory();
    this.sql = this.history[0] ?? 'SELECT asset_id, point_id, count(*) AS n, avg(num_value) AS avg_value\nFROM history\nGROUP BY asset_id, point_id';
    this.days = '1';
    this.maxRows = 1000;
    this.seconds = 30;
    this.page = 0;
  }

  async run() {
    const sqlQuery = this.sql.trim();
    if (!sqlQuery || this.running) return;
    this.running = true;
    this.error = null;
    const to = Date.now();
    const started = performance.now();
    try {
      const r = await data(READ, {}, { sqlQuery, from: to - Number(this.days) * 86400000, to,
        maxRows: Number(this.maxRows), timeoutSeconds: Number(this.seconds) });
      this.result = { ...r, millis: Math.round(performance.now() - started) };
      this.page = 0;
      this.remember(sqlQuery);
    } catch (e) {
      this.result = null;
      this.error = readable(e, 'Running the query');
    } finally {
      this.running = false;
    }
  }

  remember(sqlQuery) {
    this.history = [sqlQuery, ...this.history.filter((q) => q !== sqlQuery)].slice(0, HISTORY);
    localStorage.setItem(historyKey(), JSON.stringify(this.history));
  }

  onKey(e) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      this.sql = e.target.value;
      this.run();
    }
  }

  download() {
    const r = this.result;
    const blob = new Blob([toCsv([r.columns, ...r.rows])], { type: 'text/csv;charset=utf-8' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'query.csv';
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }

  renderResult() {
    const r = this.result;
    if (!r) return '';
    const pages = Math.max(1, Math.ceil(r.rows.length / PAGE));
    const first = this.page * PAGE;
    const shown = r.rows.slice(first, first + PAGE);
    const types = Object.fromEntries((r.metadata ?? []).map((m) => [m.name, m.type]));
    return html`<section aria-label="Result" class="sql-result">
      <p class="sql-summary" role="status">${r.rows.length} row${r.rows.length === 1 ? '' : 's'} in ${r.millis} ms${r.truncated
        ? html` — <strong class="truncated">more rows than the limit of ${this.maxRows}: only these are shown</strong>` : ''}</p>
      <div class="toolbar">
        <button id="download-csv" ?disabled=${!r.rows.length} @click=${() => this.download()}>Download CSV</button>
        <button id="prev-page" ?disabled=${this.page === 0} @click=${() => { this.page--; }}>Previous</button>
        <span class="page-info">rows ${r.rows.length ? first + 1 : 0}–${first + shown.length} of ${r.rows.length} (page ${this.page + 1} of ${pages})</span>
        <button id="next-page" ?disabled=${this.page >= pages - 1} @click=${() => { this.page++; }}>Next</button>
      </div>
      <div class="table-scroll"><table class="sql-rows">
        <thead><tr>${r.columns.map((c) => html`<th title=${types[c] ?? ''}>${c}</th>`)}</tr></thead>
        <tbody>${shown.map((row) => html`<tr>${row.map((v) => html`<td>${v === null ? html`<span class="null">null</span>` : String(v)}</td>`)}</tr>`)}</tbody>
      </table></div>
    </section>`;
  }

  render() {
    return html`<h1>SQL console</h1>
      <p class="hint">One read-only statement (SELECT) over <code>history</code>, <code>rollups</code>, <code>assets</code>,
        <code>asset_attributes</code> and registered sources (<code>alias.schema.table</code>). Run with Ctrl+Enter.</p>
      <form id="sql-form" @submit=${(e) => { e.preventDefault(); this.run(); }}>
        <textarea id="sql-editor" name="sql" rows="8" spellcheck="false" aria-label="SQL" .value=${this.sql}
          @input=${(e) => { this.sql = e.target.value; }} @keydown=${(e) => this.onKey(e)}></textarea>
        <div class="toolbar sql-limits">
          <label>History window <select name="days" @change=${(e) => { this.days = e.target.value; }}>
            ${Object.entries(WINDOWS).map(([d, text]) => html`<option value=${d} ?selected=${d === this.days}>${text}</option>`)}
          </select></label>
          <label>Row limit <input name="maxRows" type="number" min="1" max=${MAX_ROWS} .value=${String(this.maxRows)}
            @change=${(e) => { this.maxRows = Math.min(MAX_ROWS, Math.max(1, Number(e.target.value) || 1)); }}></label>
          <label>Time limit (s) <input name="seconds" type="number" min="1" max=${MAX_SECONDS} .value=${String(this.seconds)}
            @change=${(e) => { this.seconds = Math.min(MAX_SECONDS, Math.max(1, Number(e.target.value) || 1)); }}></label>
          <button id="run-sql" type="submit" ?disabled=${this.running}>${this.running ? 'Running…' : 'Run'}</button>
        </div>
        <p class="hint" id="sql-limits-text">Read-only; at most ${this.maxRows} rows (the server allows ${MAX_ROWS}) and
          ${this.seconds} s (at most ${MAX_SECONDS} s); a longer query is cancelled, also in external sources.</p>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${this.renderResult()}
      ${this.history.length ? html`<section aria-label="Query history"><h2>Earlier queries</h2><ol class="sql-history">
        ${this.history.map((q) => html`<li><button class="link" @click=${() => { this.sql = q; }}>${q.length > 120 ? `${q.slice(0, 120)}…` : q}</button></li>`)}
      </ol></section>` : ''}`;
  }
}
customElements.define('oe-sql-page', OeSqlPage);
