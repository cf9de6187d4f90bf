import { svg } from 'lit';

/** A half-circle gauge as SVG: the arc fills from min to max. */
export function gauge(value, min = 0, max = 100) {
  const f = value == null ? 0 : Math.max(0, Math.min(1, (value - min) / (max - min)));
  const angle = Math.PI * (1 - f);
  const x = 50 + 40 * Math.cos(angle);
  const y = 50 - 40 * Math.sin(angle);
  return svg`<svg viewBox="0 0 100 58" role="img" aria-label="Gauge at ${Math.round(f * 100)} percent" style="width:100%;max-height:100%">
    <path d="M10 50 A40 40 0 0 1 90 50" fill="none" stroke="var(--surface-2)" stroke-width="9"/>
    ${f > 0 ? svg`<path d="M10 50 A40 40 0 0 1 ${x.toFixed(2)} ${y.toFixed(2)}" fill="none" stroke="var(--accent)" stroke-width="9"/>` : ''}
    <text x="10" y="57" font-size="5" fill="var(--muted)">${min}</text>
    <text x="90" y="57" font-size="5" fill="var(--muted)" text-anchor="end">${max}</text></svg>`;
}
