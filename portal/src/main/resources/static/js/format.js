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
