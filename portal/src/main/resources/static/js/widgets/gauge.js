import { svg } from 'lit';

const LEVEL_COLORS = { ok: 'var(--ok)', warn: 'var(--warn)', danger: 'var(--danger)' };

/** A half-circle gauge as SVG: the arc fills from min to max, in the colour of the threshold level reached. */
export function gauge(value, min = 0, max = 100, level = '') {
  const f = value == null ? 0 : Math.max(0, Math.min(1, (value - min) / (max - min)));
  const angle = Math.PI * (1 - f);
  const x = 50 + 40 * Math.cos(angle);
  const y = 50 - 40 * Math.sin(angle);
  return svg`<svg viewBox="0 0 100 58" role="img" aria-label="Gauge at ${Math.round(f * 100)} percent" style="width:100%;max-height:100%">
    <path d="M10 50 A40 40 0 0 1 90 50" fill="none" stroke="var(--surface-2)" stroke-width="9"/>
    ${f > 0 ? svg`<path d="M10 50 A40 40 0 0 1 ${x.toFixed(2)} ${y.toFixed(2)}" fill="none" stroke=${LEVEL_COLORS[level] ?? 'var(--accent)'} stroke-width="9"/>` : ''}
    <text x="10" y="57" font-size="5" fill="var(--muted)">${min}</text>
    <text x="90" y="57" font-size="5" fill="var(--muted)" text-anchor="end">${max}</text></svg>`;
}
