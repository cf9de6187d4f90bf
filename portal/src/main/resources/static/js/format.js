/** Display helpers: names, times (always with their zone), values. */
export const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function i18n(name) {
  if (name == null) return '';
  if (typeof name === 'string') return name;
  return name.defaultValue ?? Object.values(name.i18nValue ?? {})[0] ?? '';
}

/*
 * Time. Every time the portal shows or reads is converted here, in the zone the user chose (browser, UTC or the time
 * zone of a site asset: an IANA name like "Europe/Berlin" or an offset like "+08:00") and in 24- or 12-hour form.
 * The preferences are stored per user on the server (`/portal-service/v2.1/preferences`) and set at sign-in.
 */
const prefs = { timeZone: 'browser', siteTimeZone: null, hour24: true };
const zoneParts = new Map();

/*
 * A tab that saved the time preferences says so to the portal's other tabs, which apply them. One channel object
 * per tab: a BroadcastChannel does not hear its own messages (another object in the same tab would).
 */
const preferencesChannel = new BroadcastChannel('openenos-time-preferences');

export function announceTimePreferences() {
  preferencesChannel.postMessage('saved');
}

export function onTimePreferencesSavedElsewhere(listener) {
  preferencesChannel.onmessage = () => listener();
}

/** Applies the user's time preferences; pages render again after this. */
export function setTimePreferences(p) {
  prefs.timeZone = p?.timeZone ?? 'browser';
  prefs.siteTimeZone = p?.siteTimeZone ?? null;
  prefs.hour24 = p?.hour24 ?? true;
}

export function timePreferences() {
  return { ...prefs };
}

/** The IANA zone or fixed offset times are shown in. */
export function zone() {
  if (prefs.timeZone === 'UTC') return 'UTC';
  if (prefs.timeZone === 'site' && prefs.siteTimeZone) return prefs.siteTimeZone;
  return browserZone;
}

const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

/** Minutes the zone is ahead of UTC at `ms`. */
export function offsetMinutes(ms, z = zone()) {
  const fixed = OFFSET.exec(z);
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3]));
  if (z === 'UTC') return 0;
  let f = zoneParts.get(z);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: z, hourCycle: 'h23', year: 'numeric', month: 'numeric',
        day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    } catch {
      f = null; // an unknown zone: the browser's
    }
    zoneParts.set(z, f);
  }
  if (!f) return -new Date(ms).getTimezoneOffset();
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute),
    Number(p.second));
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60000);
}

/** The wall-clock fields of `ms` in the chosen zone (a Date read with getUTC*). */
export function wallClock(ms) {
  return new Date(ms + offsetMinutes(ms) * 60000);
}

const pad = (n) => String(n).padStart(2, '0');

function offsetLabel(minutes) {
  if (minutes === 0) return 'UTC';
  const a = Math.abs(minutes);
  return `UTC${minutes < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** "14:05" or "2:05 PM", with seconds when asked. */
function clock(d, seconds) {
  const h = d.getUTCHours();
  const rest = `${pad(d.getUTCMinutes())}${seconds ? `:${pad(d.getUTCSeconds())}` : ''}`;
  if (prefs.hour24) return `${pad(h)}:${rest}`;
  return `${h % 12 === 0 ? 12 : h % 12}:${rest} ${h < 12 ? 'AM' : 'PM'}`;
}

function toMs(ms) {
  return typeof ms === 'string' && /^\d+$/.test(ms) ? Number(ms) : new Date(ms).getTime();
}

/** A point in time with its date and zone: "2026-12-07 14:05:09 UTC+01:00". */
export function time(ms) {
  if (ms == null || ms === '') return '—';
  const t = toMs(ms);
  if (Number.isNaN(t)) return String(ms);
  const d = wallClock(t);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${clock(d, true)} `
    + offsetLabel(offsetMinutes(t));
}

/** The value of a `datetime-local` input showing `ms` in the chosen zone. */
export function toInput(ms) {
  const d = wallClock(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** The instant a `datetime-local` value names in the chosen zone; NaN when it is empty or malformed. */
export function fromInput(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text ?? '');
  if (!m) return NaN;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  // the offset depends on the instant; a second look settles daylight-saving changes
  let t = wall - offsetMinutes(wall) * 60000;
  t = wall - offsetMinutes(t) * 60000;
  return t;
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

/** The zone times are shown in, for the page to name: "Europe/Berlin (UTC+01:00)". */
export function zoneLabel() {
  const z = zone();
  const label = offsetLabel(offsetMinutes(Date.now(), z));
  return z === 'UTC' || OFFSET.test(z) ? label : `${z} (${label})`;
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

/**
 * Tick labels for a uPlot time axis in the chosen zone and hour format, as short as the tick step allows (seconds
 * only when ticks are seconds apart), so zoomed-in labels do not run into each other. `space` is the room one label
 * needs. The axis series' value (legend, cursor) is the full time.
 */
export function timeAxis(stroke) {
  return {
    stroke, space: prefs.hour24 ? 70 : 84,
    values: (u, splits, axisIdx, foundSpace, foundIncr) => splits.map((s) => {
      const d = wallClock(s * 1000);
      const day = `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.`;
      if (foundIncr < 60) return clock(d, true);
      if (foundIncr < 86400) return d.getUTCHours() === 0 && d.getUTCMinutes() === 0 ? day : clock(d, false);
      return day;
    }),
  };
}

/** uPlot's x series showing the full time in the chosen zone in the legend. */
export function timeSeries() {
  return { value: (u, v) => (v == null ? '—' : time(v * 1000)) };
}

/** A #rrggbb colour with transparency, for canvas fills (which do not understand color-mix). */
export function alpha(hex, a) {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) return hex;
  return `rgba(${parseInt(m[1], 16)}, ${parseInt(m[2], 16)}, ${parseInt(m[3], 16)}, ${a})`;
}
