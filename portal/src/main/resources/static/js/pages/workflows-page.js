import { html } from 'lit';
import { readable } from '../components/api-errors.js';
import { LightElement } from '../base.js';
import { data } from '../api.js';
import { session } from '../session.js';
import { go } from '../router.js';
import { time } from '../format.js';
import { loading, empty } from '../components/async-state.js';
import '../components/flow-graph.js';

const FLOWS = '/batch-processing-service/v2.1/flows';
const INSTANCES = '/batch-processing-service/v2.1/flowInstances';
const TASKS = '/batch-processing-service/v2.1/taskInstances';

/** EnOS instance status codes (docs/batch.md §5). */
const STATUS = { '-1': 'failed', 0: 'init', 1: 'succeeded', 2: 'running', 3: 'suspended', 4: 'internal error', 5: 'waiting',
  6: 'ready', 7: 'timed out', 8: 'canceled', 9: 're-run', 10: 'skipped' };
const ACTIVE_STATES = [0, 2, 5, 6, 9];
/** The main settings of each task type; any other setting goes in "Other settings". */
const MAIN = { SQL: ['sql', 'target', 'mode'], SYNC: ['source', 'target', 'mode'], EXPORT: ['definitionId'] };
const HINT = {
  sql: 'SELECT asset_id, … FROM history WHERE point_id = \'power\' GROUP BY asset_id',
  target: 'measurepoints, alias.schema.table or csv:file.csv', mode: 'append or overwrite',
  source: 'sql:SELECT … or csv:file.csv', definitionId: 'an export definition of Reports',
};

const status = (code) => STATUS[code] ?? String(code);

function newTask(n) {
  return { name: `task${n}`, type: 'SQL', config: {}, timeout: 600, retryLimit: 0, retryInterval: 60, maxRows: 0, after: [] };
}

/** The flow as the API returns it → the editor's draft (dependencies as a list per task). */
function toDraft(flow) {
  const after = {};
  for (const r of flow.relations ?? []) (after[r.targetTaskName] ??= []).push(r.sourceTaskName);
  return {
    flowId: flow.flowId, flowName: flow.flowName ?? '', desc: flow.desc ?? '', freq: flow.freq ?? '',
    active: !!flow.active, catchUp: flow.catchUp ?? 'LAST', onInterrupt: flow.onInterrupt ?? 'RETRY',
    parameters: (flow.parameters ?? []).map((p) => `${p.key}=${p.value}`).join('\n'),
    tasks: (flow.tasks ?? []).map((t) => ({ ...t, config: { ...t.config }, after: after[t.name] ?? [] })),
  };
}

/** The draft → the body of flows?action=save. */
function toBody(d) {
  const lines = (text) => text.split('\n').map((l) => l.trim()).filter(Boolean);
  return {
    flowId: d.flowId, flowName: d.flowName, desc: d.desc, freq: d.freq || null, cycle: 'D', active: d.active,
    catchUp: d.catchUp, onInterrupt: d.onInterrupt,
    parameters: lines(d.parameters).map((l) => ({ key: l.split('=')[0].trim(), value: l.slice(l.indexOf('=') + 1).trim() })),
    tasks: d.tasks.map(({ after, ...t }) => ({ ...t, config: Object.fromEntries(Object.entries(t.config).filter(([, v]) => v !== '')) })),
    relations: d.tasks.flatMap((t) => t.after.map((up) => ({ sourceTaskName: up, targetTaskName: t.name, rerun: true }))),
  };
}

/**
 * Batch workflows (`#/workflows`): the list; the editor of one workflow (`#/workflows/<flowId>` or `/new`) with a
 * form per task, its dependencies as a list, the DAG drawn, schedule and catch-up policy; run once, backfill, the
 * run history with per-task states and logs, cancel and re-run.
 */
class OeWorkflowsPage extends LightElement {
  static properties = { flowId: {}, instanceId: {}, flows: { state: true }, draft: { state: true }, runs: { state: true },
    run: { state: true }, log: { state: true }, error: { state: true }, message: { state: true }, formError: { state: true } };

  willUpdate(changed) {
    if (changed.has('flowId')) this.load();
    if (changed.has('instanceId')) this.loadRun();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  async load() {
    this.error = null;
    this.formError = null;
    this.message = null;
    this.log = null;
    clearInterval(this.timer);
    try {
      if (!this.flowId) {
        this.flows = await data(FLOWS, { action: 'search' }, { pagination: { pageNo: 1, pageSize: 100 } });
      } else if (this.flowId === 'new') {
        this.draft = { flowName: '', desc: '', freq: '0 30 1 * * ? *', active: false, catchUp: 'LAST', onInterrupt: 'RETRY',
          parameters: '', tasks: [newTask(1)] };
        this.runs = [];
      } else {
        this.draft = toDraft(await data(FLOWS, { action: 'get', flowId: this.flowId }));
        await this.loadRuns();
        this.timer = setInterval(() => this.refresh(), 2000);
      }
    } catch (e) {
      this.error = e;
    }
  }

  async loadRuns() {
    this.runs = await data(INSTANCES, { action: 'search' }, { flowId: Number(this.flowId), pagination: { pageNo: 1, pageSize: 20 } });
  }

  async loadRun() {
    this.run = this.instanceId ? await data(INSTANCES, { action: 'get', flowInstId: this.instanceId }).catch((e) => {
      this.formError = readable(e, 'Loading the run');
      return null;
    }) : null;
  }

  /** Polls while something is queued or running, so states and progress move on screen. */
  async refresh() {
    const busy = (this.runs ?? []).some((r) => ACTIVE_STATES.includes(r.status)) || ACTIVE_STATES.includes(this.run?.status);
    if (!busy) return;
    try {
      await this.loadRuns();
      await this.loadRun();
    } catch {
      // the next tick tries again
    }
  }

  async act(promise, done) {
    this.formError = null;
    this.message = null;
    try {
      const result = await promise;
      if (done) this.message = typeof done === 'function' ? done(result) : done;
      return result ?? true;
    } catch (e) {
      this.formError = readable(e, 'The request');
      return null;
    }
  }

  change(mutate) {
    const d = structuredClone(this.draft);
    mutate(d);
    this.draft = d;
  }

  async save(e) {
    e.preventDefault();
    const saved = await this.act(data(FLOWS, { action: 'save' }, toBody(this.draft)), 'Saved.');
    if (saved?.flowId && String(saved.flowId) !== String(this.flowId)) go('workflows', saved.flowId);
  }

  async trigger() {
    const r = await this.act(data(FLOWS, { action: 'trigger' }, { flowId: Number(this.flowId) }),
      (x) => `Run ${x.flowInstanceId} queued.`);
    if (r) await this.loadRuns();
  }

  async backfill(e) {
    e.preventDefault();
    const f = new FormData(e.target);
    const r = await this.act(data(FLOWS, { action: 'backfill' }, { flowId: Number(this.flowId),
      startDate: f.get('startDate'), endDate: f.get('endDate') }), (x) => `${x.flowInstanceIds.length} runs queued.`);
    if (r) await this.loadRuns();
  }

  async instanceAction(params, body, done) {
    if (await this.act(data(INSTANCES, params, body), done)) {
      await this.loadRuns();
      await this.loadRun();
    }
  }

  async showLog(task) {
    const r = await this.act(data(TASKS, { action: 'getLog', taskInstId: task.taskInstId }));
    if (r) this.log = { task: task.taskName, text: r.log };
  }

  render() {
    if (this.error) return html`<div class="error" role="alert">${readable(this.error, 'Loading the workflows')}</div>`;
    if (!this.flowId) return this.renderList();
    if (!this.draft) return loading('Loading the workflow');
    return this.renderEditor();
  }

  renderList() {
    const write = session.canWrite;
    return html`
      <h1>Workflows</h1>
      ${write ? html`<p><button class="primary" id="new-workflow" @click=${() => go('workflows', 'new')}>New workflow</button></p>` : ''}
      <section class="card" aria-label="Workflows">
        ${!this.flows ? loading('Loading workflows') : this.flows.length === 0 ? empty('No workflow yet.') : html`
          <div class="table-wrap"><table><thead><tr><th>Name</th><th>Schedule</th><th>Tasks</th><th>Updated</th></tr></thead>
          <tbody>${this.flows.map((f) => html`<tr data-flow=${f.flowId}>
            <td><a href="#/workflows/${f.flowId}">${f.flowName}</a></td>
            <td class="mono small">${f.active ? f.freq : html`<span class="muted">not scheduled</span>`}</td>
            <td>${f.tasks.map((t) => t.name).join(' → ')}</td><td class="small">${time(f.updateTime)}</td></tr>`)}
          </tbody></table></div>`}
      </section>`;
  }

  renderEditor() {
    const d = this.draft;
    const write = session.canWrite;
    const saved = this.flowId !== 'new';
    const names = d.tasks.map((t) => t.name);
    return html`
      <p><a href="#/workflows">← Workflows</a></p>
      <h1>${saved ? d.flowName : 'New workflow'}</h1>
      ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : ''}
      ${this.message ? html`<p class="ok" role="status">${this.message}</p>` : ''}
      <form class="card workflow-form" @submit=${(e) => this.save(e)} aria-label="Workflow">
        <div class="grid-2">
          <label>Name <input name="flowName" required .value=${d.flowName} @input=${(e) => this.change((x) => { x.flowName = e.target.value; })}></label>
          <label>Description <input name="desc" .value=${d.desc} @input=${(e) => this.change((x) => { x.desc = e.target.value; })}></label>
          <label>Schedule (Quartz cron, batch zone) <input name="freq" class="mono" .value=${d.freq}
            @input=${(e) => this.change((x) => { x.freq = e.target.value; })}></label>
          <label class="inline"><input type="checkbox" name="active" .checked=${d.active}
            @change=${(e) => this.change((x) => { x.active = e.target.checked; })}> Scheduled</label>
          <label>Missed firings <select name="catchUp" .value=${d.catchUp} @change=${(e) => this.change((x) => { x.catchUp = e.target.value; })}>
            <option value="LAST">run the latest once</option><option value="ALL">run each</option><option value="NONE">skip</option></select></label>
          <label>Interrupted tasks <select name="onInterrupt" .value=${d.onInterrupt} @change=${(e) => this.change((x) => { x.onInterrupt = e.target.value; })}>
            <option value="RETRY">retry per retry limit</option><option value="RESUME">always run again</option><option value="FAIL">fail the run</option></select></label>
        </div>
        <label>Parameters (one <span class="mono">key=value</span> per line, used as <span class="mono">\${key}</span>)
          <textarea name="parameters" rows="2" class="mono" .value=${d.parameters} @input=${(e) => this.change((x) => { x.parameters = e.target.value; })}></textarea></label>
        <h2>Tasks</h2>
        <oe-flow-graph .tasks=${names} .relations=${d.tasks.flatMap((t) => t.after.map((up) => ({ source: up, target: t.name })))}></oe-flow-graph>
        ${d.tasks.map((t, i) => this.renderTask(t, i, names))}
        ${write ? html`<div class="row">
          <button type="button" id="add-task" @click=${() => this.change((x) => { x.tasks.push(newTask(x.tasks.length + 1)); })}>Add task</button>
          <button class="primary" type="submit" id="save-workflow">Save</button></div>` : ''}
      </form>
      ${saved ? this.renderRuns(write) : ''}`;
  }

  renderTask(t, i, names) {
    const set = (mutate) => this.change((x) => mutate(x.tasks[i], x));
    const main = MAIN[t.type] ?? [];
    const other = Object.entries(t.config).filter(([k]) => !main.includes(k)).map(([k, v]) => `${k}=${v}`).join('\n');
    return html`<fieldset class="card task-form" data-task-index=${i}>
      <legend>Task ${i + 1}</legend>
      <div class="grid-2">
        <label>Name <input name="taskName" required .value=${t.name} @change=${(e) => set((task, x) => {
          const old = task.name;
          task.name = e.target.value.trim();
          x.tasks.forEach((o) => { o.after = o.after.map((a) => (a === old ? task.name : a)); });
        })}></label>
        <label>Type <select name="type" .value=${t.type} @change=${(e) => set((task) => { task.type = e.target.value; })}>
          <option>SQL</option><option>SYNC</option><option>EXPORT</option></select></label>
      </div>
      ${main.map((k) => html`<label>${k} ${k === 'sql'
        ? html`<textarea name="cfg-${k}" rows="4" class="mono" placeholder=${HINT[k]} .value=${t.config[k] ?? ''}
            @input=${(e) => set((task) => { task.config[k] = e.target.value; })}></textarea>`
        : html`<input name="cfg-${k}" class="mono" placeholder=${HINT[k]} .value=${t.config[k] ?? ''}
            @input=${(e) => set((task) => { task.config[k] = e.target.value; })}>`}</label>`)}
      <label>Other settings (one <span class="mono">key=value</span> per line: from, to, export settings …)
        <textarea name="cfg-other" rows="2" class="mono" .value=${other} @change=${(e) => set((task) => {
          for (const k of Object.keys(task.config)) if (!main.includes(k)) delete task.config[k];
          for (const l of e.target.value.split('\n').map((s) => s.trim()).filter(Boolean)) {
            task.config[l.split('=')[0].trim()] = l.slice(l.indexOf('=') + 1).trim();
          }
        })}></textarea></label>
      <div class="grid-4">
        ${[['timeout', 'Time-out (s)'], ['retryLimit', 'Retries'], ['retryInterval', 'Retry after (s)'], ['maxRows', 'Max rows']].map(([k, label]) => html`
          <label>${label} <input type="number" min="0" name=${k} .value=${String(t[k] ?? 0)}
            @change=${(e) => set((task) => { task[k] = Number(e.target.value); })}></label>`)}
      </div>
      <div class="after" role="group" aria-label="Runs after">Runs after:
        ${names.filter((n) => n !== t.name).length === 0 ? html`<span class="muted small">no other task</span>` : ''}
        ${names.filter((n) => n !== t.name).map((n) => html`<label class="inline"><input type="checkbox" name="after" value=${n}
          .checked=${t.after.includes(n)} @change=${(e) => set((task) => {
            task.after = e.target.checked ? [...task.after, n] : task.after.filter((a) => a !== n);
          })}> ${n}</label>`)}
      </div>
      ${session.canWrite ? html`<button type="button" class="link" @click=${() => this.change((x) => {
        const [gone] = x.tasks.splice(i, 1);
        x.tasks.forEach((o) => { o.after = o.after.filter((a) => a !== gone.name); });
      })}>Remove task</button>` : ''}
    </fieldset>`;
  }

  renderRuns(write) {
    const r = this.run;
    return html`
      ${write ? html`<section class="card" aria-label="Run" style="margin-top:1rem">
        <div class="row">
          <button class="primary" id="run-once" @click=${() => this.trigger()}>Run once now</button>
          <form class="row" id="backfill" @submit=${(e) => this.backfill(e)}>
            <label>Backfill from <input type="date" name="startDate" required></label>
            <label>to <input type="date" name="endDate" required></label>
            <button type="submit">Backfill</button>
          </form>
        </div>
      </section>` : ''}
      <section class="card" aria-label="Runs" style="margin-top:1rem">
        <h2>Runs</h2>
        ${!this.runs ? loading('Loading runs') : this.runs.length === 0 ? empty('No run yet.') : html`
          <div class="table-wrap"><table><thead><tr><th>Run</th><th>Business date</th><th>Status</th><th>Progress</th>
            <th>Started</th><th>Ended</th><th></th></tr></thead>
          <tbody>${this.runs.map((i) => html`<tr data-instance=${i.instanceId} class=${String(i.instanceId) === String(this.instanceId) ? 'selected' : ''}>
            <td><a href="#/workflows/${this.flowId}/${i.instanceId}">${i.instanceId}</a></td><td>${i.calDt}</td>
            <td class="run-status">${status(i.status)}${i.statusDesc && i.statusDesc !== i.statusDesc.toUpperCase() ? html` <span class="small muted">${i.statusDesc}</span>` : ''}</td>
            <td>${i.progress ?? ''}${i.progress != null ? '%' : ''}</td><td class="small">${time(i.startTime)}</td><td class="small">${time(i.endTime)}</td>
            <td>${write && ACTIVE_STATES.includes(i.status) ? html`<button class="cancel" @click=${() => this.instanceAction(
              { action: 'cancel', flowInstId: i.instanceId }, {}, `Run ${i.instanceId} canceled.`)}>Cancel</button>` : ''}</td></tr>`)}
          </tbody></table></div>`}
      </section>
      ${r ? html`<section class="card run-detail" aria-label="Run ${r.instanceId}" style="margin-top:1rem">
        <h2>Run ${r.instanceId} · ${r.calDt} · ${status(r.status)}</h2>
        <oe-flow-graph .tasks=${(r.tasks ?? []).map((t) => t.taskName)}
          .relations=${this.draft.tasks.flatMap((t) => t.after.map((up) => ({ source: up, target: t.name })))}
          .states=${Object.fromEntries((r.tasks ?? []).map((t) => [t.taskName, t.status]))}></oe-flow-graph>
        <div class="table-wrap"><table><thead><tr><th>Task</th><th>Status</th><th>Attempts</th><th>Progress</th>
          <th>Duration</th><th>Message</th><th></th></tr></thead>
        <tbody>${(r.tasks ?? []).map((t) => html`<tr data-task=${t.taskName}><td>${t.taskName}</td>
          <td class="task-status">${status(t.status)}</td><td>${t.attempts}</td><td>${t.progress}%</td>
          <td>${t.duration != null ? `${(t.duration / 1000).toFixed(1)} s` : ''}</td><td class="small">${t.message ?? ''}</td>
          <td><button class="show-log" @click=${() => this.showLog(t)}>Log</button>
            ${write && [-1, 1, 7, 8].includes(r.status) ? html`<button class="rerun" @click=${() => this.instanceAction(
              { action: 'rerun' }, { flowInstanceId: r.instanceId, taskName: t.taskName, withDownstream: true },
              `Re-run of ${t.taskName} and its successors queued.`)}>Re-run</button>` : ''}</td></tr>`)}
        </tbody></table></div>
        ${this.log ? html`<h3>Log of ${this.log.task}</h3><pre class="task-log mono small">${this.log.text}</pre>` : ''}
      </section>` : ''}`;
  }
}
customElements.define('oe-workflows-page', OeWorkflowsPage);
