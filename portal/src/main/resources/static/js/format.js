/** Display helpers: names, times (always with their zone), values. */
export const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function i18n(name) {
  if (name == null) return '';
  if (typeof name === 'string') return name;
  return name.defaultValue ?? Object.values(name.i18nValue ?? {})[0] ?? '';
}

const timeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  timeZoneName: 'short',
});

export function time(ms) {
  if (ms == null || ms === '') return '—';
  return timeFormat.format(new Date(typeof ms === 'string' && /^\d+$/.test(ms) ? Number(ms) : ms));
}

export function value(v, unit) {
  if (v == null) return '—';
  if (typeof v === 'number') {
    const text = Number.isInteger(v) ? String(v) : v.toLocaleString(undefined, { maximumFractionDigits: 3 });
    return unit ? `${text} ${unit}` : text;
  }
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function unitOf(point) {
  return point?.unit?.unitId ?? '';
}

/** ISO 8601 in UTC with Z, as the TSDB service expects. */
export function iso(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function zoneLabel() {
  const offset = -new Date().getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const h = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const m = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${browserZone} (UTC${sign}${h}:${m})`;
}

/**
 * A measure point's value as the model describes it: the label of an ENUM or BOOL value ("Running", not 1), the
 * unit after a number. Used wherever a value is shown, so no page shows the raw code of an enum.
 */
export function pointValue(point, v) {
  if (v == null) return '—';
  const def = point?.dataDefinition ?? {};
  if (point?.dataType === 'ENUM') {
    const label = i18n(def.enumDesc?.[String(v)]);
    return label || String(v);
  }
  if (point?.dataType === 'BOOL') {
    const key = v === true || v === 1 || v === '1' || v === 'true' ? 'true' : 'false';
    return i18n(def.boolDesc?.[key]) || key;
  }
  return value(v, unitOf(point));
}

/** The name of a point, with its unit in brackets when it has one: "Wind speed (m/s)". */
export function pointLabel(point, fallback) {
  const name = i18n(point?.name) || point?.identifier || fallback || '';
  return unitOf(point) ? `${name} (${unitOf(point)})` : name;
}

/** EnOS command states (commands?action=search answers the number). */
export const COMMAND_STATES = { 1: 'Created', 2: 'Canceled', 3: 'Expired', 4: 'Released', 5: 'Replied', 6: 'Failed',
  7: 'Reply timed out' };

const pad = (n) => String(n).padStart(2, '0');

/**
 * Tick labels for a uPlot time axis, 24-hour, as short as the tick step allows (seconds only when ticks are seconds
 * apart), so zoomed-in labels do not run into each other. `space` is the room one label needs.
 */
export function timeAxis(stroke) {
  return {
    stroke, space: 70,
    values: (u, splits, axisIdx, foundSpace, foundIncr) => splits.map((s) => {
      const d = new Date(s * 1000);
      const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
      if (foundIncr < 60) return `${hm}:${pad(d.getSeconds())}`;
      if (foundIncr < 86400) return d.getHours() === 0 && d.getMinutes() === 0 ? `${pad(d.getDate())}.${pad(d.getMonth() + 1)}.` : hm;
      return `${pad(d.getDate())}.${pad(d.getMonth() + 1)}.`;
    }),
  };
}

/** A #rrggbb colour with transparency, for canvas fills (which do not understand color-mix). */
export function alpha(hex, a) {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) return hex;
  return `rgba(${parseInt(m[1], 16)}, ${parseInt(m[2], 16)}, ${parseInt(m[3], 16)}, ${a})`;
}
