import { html, svg } from 'lit';
import { LightElement } from '../base.js';

const BOX_W = 150;
const BOX_H = 36;
const GAP_X = 60;
const GAP_Y = 18;

/** Status code → CSS class of a task box (EnOS instance status codes). */
const STATUS_CLASS = { '-1': 'fail', 1: 'success', 2: 'running', 5: 'wait', 7: 'fail', 8: 'canceled', 9: 'wait', 0: 'init' };

/**
 * Columns of a DAG: each task in the column after its deepest upstream task, so every arrow points right.
 * A cycle (refused by the server anyway) does not hang the page: its tasks stay in the first column.
 */
export function layers(tasks, relations) {
  const depth = new Map(tasks.map((t) => [t, 0]));
  for (let pass = 0; pass < tasks.length; pass++) {
    let changed = false;
    for (const r of relations) {
      if (!depth.has(r.source) || !depth.has(r.target)) continue;
      const d = depth.get(r.source) + 1;
      if (d > depth.get(r.target) && d < tasks.length) {
        depth.set(r.target, d);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const columns = [];
  for (const t of tasks) {
    (columns[depth.get(t)] ??= []).push(t);
  }
  return columns.filter(Boolean);
}

/**
 * The workflow's DAG drawn as boxes and arrows (SVG); with `states` (task name → status code) the boxes take the
 * colour of a run's task states.
 */
class OeFlowGraph extends LightElement {
  static properties = { tasks: {}, relations: {}, states: {} };

  render() {
    const names = (this.tasks ?? []).filter(Boolean);
    if (names.length === 0) return html`<p class="muted small">No task yet.</p>`;
    const relations = (this.relations ?? []).filter((r) => names.includes(r.source) && names.includes(r.target));
    const columns = layers(names, relations);
    const at = new Map();
    columns.forEach((col, x) => col.forEach((name, y) => at.set(name, { x: 10 + x * (BOX_W + GAP_X), y: 10 + y * (BOX_H + GAP_Y) })));
    const width = 20 + columns.length * (BOX_W + GAP_X) - GAP_X;
    const height = 20 + Math.max(...columns.map((c) => c.length)) * (BOX_H + GAP_Y) - GAP_Y;
    const states = this.states ?? {};
    return html`<svg class="flow-graph" role="img" aria-label="Workflow graph" viewBox="0 0 ${width} ${height}"
        width=${width} height=${height}>
      <defs><marker id="flow-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto">
        <path d="M0,0 L10,5 L0,10 z" class="flow-arrow"></path></marker></defs>
      ${relations.map((r) => {
        const a = at.get(r.source);
        const b = at.get(r.target);
        return svg`<line class="flow-edge" x1=${a.x + BOX_W} y1=${a.y + BOX_H / 2} x2=${b.x} y2=${b.y + BOX_H / 2}
          marker-end="url(#flow-arrow)"></line>`;
      })}
      ${names.map((name) => {
        const p = at.get(name);
        const cls = STATUS_CLASS[states[name]] ?? '';
        return svg`<g class="flow-node ${cls}" data-task=${name}>
          <rect x=${p.x} y=${p.y} width=${BOX_W} height=${BOX_H} rx="6"></rect>
          <text x=${p.x + BOX_W / 2} y=${p.y + BOX_H / 2 + 5} text-anchor="middle">${name.length > 20 ? `${name.slice(0, 19)}…` : name}</text>
        </g>`;
      })}
    </svg>`;
  }
}
customElements.define('oe-flow-graph', OeFlowGraph);
