import { html } from 'lit';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { session } from '../session.js';
import { time, toInput, fromInput } from '../format.js';
import { loading, failed, empty } from '../components/async-state.js';
import '../components/series-chart.js';

const API = '/streaming/v2.0/streaming';
const AGGREGATIONS = ['avg', 'max', 'min', 'sum', 'count', 'first', 'last'];
/** The templates this page creates, with the columns of their policy tables and a first row. */
const TEMPLATES = {
  TimeWindowAggregation: {
    label: 'Time window aggregation',
    columns: ['modelId', 'inputPoint', 'aggregation', 'windowMinutes', 'outputPoint', 'threshold'],
    row: () => ({ modelId: '', inputPoint: '', aggregation: 'avg', windowMinutes: 1, outputPoint: '', threshold: '' }),
  },
  MultiPointMerge: {
    label: 'Calculated point',
    columns: ['modelId', 'outputPoint', 'expression', 'trigger'],
    row: () => ({ modelId: '', outputPoint: '', expression: '', trigger: 'point' }),
  },
  /** A DAG of operator stages written as JSON (docs/streaming.md, "Custom pipelines"); no policy table. */
  Custom: { label: 'Custom pipeline', columns: [], row: () => ({}) },
};
/** The first draft of a custom pipeline: select a point, compute another from it, write it. */
const PIPELINE_EXAMPLE = JSON.stringify({ stages: [
  { id: 'sel', operator: 'PointSelector', config: { points: ['model::point'] } },
  { id: 'calc', operator: 'ExpressionEvaluator', inputs: ['sel'],
    config: { expression: '${model::point} * 2', outputPoint: 'model::output' } },
  { id: 'out', operator: 'Output', inputs: ['calc'] }] }, null, 2);
const ACTIONS = { DRAFT: ['release'], PUBLISHED: ['start', 'release'], RUNNING: ['pause', 'stop'],
  PAUSED: ['start', 'stop', 'release'], STOPPED: ['start', 'release'], FAILED: ['start', 'stop'] };

/** "> 0" → {method: ">", value: 0}; empty → none. */
function threshold(text) {
  const m = /^\s*(>=|<=|==|!=|>|<)\s*(-?[\d.]+)\s*$/.exec(text || '');
  return m ? { method: m[1], value: Number(m[2]) } : undefined;
}

/** The policy table as the API takes it. */
export function toConfig(template, rows, latencySeconds, pipelineJson) {
  if (template === 'Custom') {
    try {
      return JSON.parse(pipelineJson);
    } catch (e) {
      throw new Error(`Stages: not valid JSON (${e.message})`);
    }
  }
  if (template === 'TimeWindowAggregation') {
    return { latencySeconds: Number(latencySeconds) || 0, policies: rows.map((r) => {
      const p = { modelId: r.modelId, inputPoint: r.inputPoint, aggregation: r.aggregation,
        windowMinutes: Number(r.windowMinutes), outputPoint: r.outputPoint };
      const t = threshold(r.threshold);
      if (t) p.threshold = t;
      return p;
    }) };
  }
  return { policies: rows.map((r) => ({ modelId: r.modelId, outputPoint: r.outputPoint, expression: r.expression,
    trigger: r.trigger, ...(r.trigger === 'frequency' ? { frequencySeconds: 60 } : {}) })) };
}

/** Input and output series of a dry run aligned on one time axis, as uPlot takes them (seconds). */
export function alignDryRun(result) {
  const series = [...result.inputs.map((s) => ({ ...s, kind: 'in' })), ...result.outputs.map((s) => ({ ...s, kind: 'out' }))];
  const times = [...new Set(series.flatMap((s) => s.values.map(([t]) => t)))].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const table = [times.map((t) => t / 1000)];
  for (const s of series) {
    const column = new Array(times.length).fill(null);
    for (const [t, v] of s.values) column[index.get(t)] = v;
    table.push(column);
  }
  const labels = series.map((s) => `${s.kind === 'in' ? 'input' : 'output'} ${s.assetId}.${s.pointId}`);
  return { table, labels };
}


/**
 * Stream jobs: the list with status, rates, lag and errors (polled every 5 s); a new job from a template and its
 * policy table; release, start, pause and stop; a dry run of a job's draft over stored history, charted beside
 * its inputs.
 */
class OeStreamsPage extends LightElement {
  static properties = { jobs: { state: true }, error: { state: true }, formError: { state: true },
    template: { state: true }, rows: { state: true }, selected: { state: true }, dry: { state: true },
    dryError: { state: true }, running: { state: true }, message: { state: true } };

  constructor() {
    super();
    this.template = 'TimeWindowAggregation';
    this.rows = [TEMPLATES[this.template].row()];
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
    this.timer = setInterval(() => this.load(), 5000);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  async load() {
    try {
      this.jobs = (await data(`${API}/pipelines`, { pageSize: 1000 })).pipelines;
    } catch (e) {
      this.error = e;
    }
  }

  setTemplate(template) {
    this.template = template;
    this.rows = [TEMPLATES[template].row()];
  }

  setCell(i, column, value) {
    this.rows = this.rows.map((r, j) => (j === i ? { ...r, [column]: value } : r));
  }

  async create(e) {
    e.preventDefault();
    const f = new FormData(e.target);
    this.formError = null;
    try {
      const created = await data(`${API}/pipelines`, { action: 'create' }, { pipelineName: f.get('name'),
        templateType: this.template, config: toConfig(this.template, this.rows, f.get('latency'),
          f.get('pipeline')) });
      this.message = `Job ${created.pipelineId} saved as a draft.`;
      // not form.reset(): it would blank the inputs Lit keeps bound to the new first row
      e.target.querySelector('#st-name').value = '';
      this.setTemplate(this.template);
      this.selected = created.pipelineId;
      this.load();
    } catch (err) {
      this.formError = err.message;
    }
  }

  async operate(job, action) {
    this.message = null;
    try {
      const body = action === 'start' ? { executionMode: 0 } : undefined;
      await data(`${API}/pipeline/${job.pipelineId}`, { action }, body ?? {});
      this.message = `${job.pipelineName}: ${action} done.`;
    } catch (err) {
      this.message = `${job.pipelineName}: ${err.message}`;
    }
    this.load();
  }

  async dryRun(e) {
    e.preventDefault();
    const f = new FormData(e.target);
    this.dryError = null;
    this.dry = null;
    this.running = true;
    try {
      const result = await data(`${API}/pipeline/${f.get('job')}`, { action: 'dryRun' }, {
        assetIds: String(f.get('assets')).split(',').map((s) => s.trim()).filter(Boolean),
        startTime: fromInput(f.get('from')), endTime: fromInput(f.get('to')) });
      this.dry = { result, ...alignDryRun(result) };
    } catch (err) {
      this.dryError = err.message;
    } finally {
      this.running = false;
    }
  }

  cell(i, column, r) {
    const id = `st-${column}-${i}`;
    const label = html`<label class="small" for=${id}>${column}</label>`;
    if (column === 'aggregation') {
      return html`${label}<select id=${id} @change=${(e) => this.setCell(i, column, e.target.value)}>
        ${AGGREGATIONS.map((a) => html`<option ?selected=${r[column] === a}>${a}</option>`)}</select>`;
    }
    if (column === 'trigger') {
      return html`${label}<select id=${id} @change=${(e) => this.setCell(i, column, e.target.value)}>
        <option value="point">any input point</option><option value="frequency">every minute</option></select>`;
    }
    return html`${label}<input id=${id} .value=${String(r[column] ?? '')}
      placeholder=${column === 'threshold' ? 'e.g. > 0' : ''} ?required=${column !== 'threshold'}
      @input=${(e) => this.setCell(i, column, e.target.value)}>`;
  }

  runtime(job) {
    const r = job.runtime || {};
    if (job.status !== 'RUNNING') return html`<span class="small">—</span>`;
    return html`<span class="small">${r.phase} · in ${r.recordsInRate}/s · out ${r.recordsOutRate}/s · lag ${r.lag}
      · errors ${r.errors}</span>`;
  }

  renderForm() {
    const t = TEMPLATES[this.template];
    return html`<form class="card" @submit=${this.create} aria-label="New stream job">
      <div class="row">
        <div><label for="st-name">Name</label><input id="st-name" name="name" required></div>
        <div><label for="st-template">Template</label><select id="st-template"
          @change=${(e) => this.setTemplate(e.target.value)}>${Object.entries(TEMPLATES).map(([k, v]) =>
            html`<option value=${k} ?selected=${k === this.template}>${v.label}</option>`)}</select></div>
        ${this.template === 'TimeWindowAggregation' ? html`<div><label for="st-latency">Allowed lateness (s)</label>
          <input id="st-latency" name="latency" type="number" min="0" value="0"></div>` : ''}
      </div>
      ${this.template === 'Custom' ? html`<div><label for="st-pipeline">Stages (JSON)</label>
        <textarea id="st-pipeline" name="pipeline" rows="14" required spellcheck="false"
          .value=${PIPELINE_EXAMPLE}></textarea></div>` : html`
      <div class="table-wrap"><table class="policy-table"><tbody>${this.rows.map((r, i) => html`<tr>
        ${t.columns.map((c) => html`<td>${this.cell(i, c, r)}</td>`)}
        <td>${this.rows.length > 1 ? html`<button type="button" @click=${() => {
          this.rows = this.rows.filter((_, j) => j !== i); }}>Remove</button>` : ''}</td></tr>`)}</tbody></table></div>
      <div class="row"><button type="button" @click=${() => { this.rows = [...this.rows, t.row()]; }}>Add policy</button>
        </div>`}
      <div class="row"><button class="primary" type="submit">Save draft</button></div>
      ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : ''}
    </form>`;
  }

  renderDryRun() {
    const now = Date.now();
    return html`<form class="card row" @submit=${this.dryRun} aria-label="Dry run">
        <div><label for="dr-job">Job</label><select id="dr-job" name="job">${(this.jobs || []).map((j) =>
          html`<option value=${j.pipelineId} ?selected=${j.pipelineId === this.selected}>${j.pipelineName}</option>`)}</select></div>
        <div><label for="dr-assets">Assets</label><input id="dr-assets" name="assets" required placeholder="comma-separated"></div>
        <div><label for="dr-from">From</label><input id="dr-from" name="from" type="datetime-local" .value=${toInput(now - 3600000)}></div>
        <div><label for="dr-to">To</label><input id="dr-to" name="to" type="datetime-local" .value=${toInput(now)}></div>
        <div><label>&nbsp;</label><button class="primary" type="submit" ?disabled=${this.running}>Dry run</button></div>
      </form>
      ${this.running ? loading('Running the draft over history') : ''}
      ${this.dryError ? html`<p class="error" role="alert">${this.dryError}</p>` : ''}
      ${this.dry ? html`<section class="card" aria-label="Dry run result">
        <p class="small" id="dry-summary">${this.dry.result.outputs.reduce((n, s) => n + s.values.length, 0)} output values
          from ${this.dry.result.inputs.reduce((n, s) => n + s.values.length, 0)} input values; nothing was written.</p>
        ${this.dry.result.notes.map((n) => html`<p class="small">${n}</p>`)}
        <oe-series-chart .table=${this.dry.table} .labels=${this.dry.labels}></oe-series-chart></section>` : ''}`;
  }

  render() {
    if (this.error) return failed(this.error);
    return html`
      <h1>Stream jobs</h1>
      ${this.message ? html`<p class="small" role="status">${this.message}</p>` : ''}
      <section class="card">
        ${!this.jobs ? loading('Loading stream jobs') : this.jobs.length === 0 ? empty('No stream jobs yet.') : html`
          <div class="table-wrap"><table id="stream-jobs"><thead><tr><th>Name</th><th>Template</th><th>Status</th>
            <th>Runtime</th><th>Version</th><th>Updated</th>${session.canWrite ? html`<th></th>` : ''}</tr></thead>
          <tbody>${this.jobs.map((j) => html`<tr data-job=${j.pipelineId}><td>${j.pipelineName}</td>
            <td>${TEMPLATES[j.templateType]?.label ?? j.templateType}</td>
            <td class="status">${j.status}${j.statusMessage ? html`<div class="small">${j.statusMessage}</div>` : ''}</td>
            <td>${this.runtime(j)}</td><td>${j.releasedVersion || '—'} / ${j.version}</td>
            <td class="small">${time(j.updateTime)}</td>
            ${session.canWrite ? html`<td class="row">${(ACTIONS[j.status] || []).map((a) => html`<button type="button"
              data-action=${a} @click=${() => this.operate(j, a)}>${a[0].toUpperCase() + a.slice(1)}</button>`)}</td>` : ''}
            </tr>`)}</tbody></table></div>`}
      </section>
      <h2>New job</h2>
      ${session.canWrite ? this.renderForm() : html`<p class="small">Viewers cannot create jobs.</p>`}
      <h2>Dry run</h2>
      <p class="small">Runs a job's draft over stored history with the engine's own operators and charts what it would
        have written beside its inputs. Nothing is written.</p>
      ${this.renderDryRun()}`;
  }
}
customElements.define('oe-streams-page', OeStreamsPage);
