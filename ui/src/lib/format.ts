// Formatting helpers. All of them accept bad input and return '—' rather than throwing.

import { safeLocale } from './locale';

export const NONE = '—';

type TimeInput = string | number | Date | null | undefined;

/**
 * A Date from an RFC 3339 string, a Date, or a number of milliseconds since the epoch;
 * null for anything unusable.
 */
export function toDate(value: TimeInput): Date | null {
  if (value === null || value === undefined || value === '') return null;
  let d: Date;
  if (value instanceof Date) d = new Date(value.getTime());
  else if (typeof value === 'number') d = new Date(value);
  else if (typeof value === 'string') d = new Date(value);
  else return null;
  return Number.isFinite(d.getTime()) ? d : null;
}

/** A Date from Unix seconds (the unit of `ParticipantTimeline.times`). */
export function fromUnixSeconds(seconds: number | null | undefined): Date | null {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return null;
  return toDate(seconds * 1000);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * The one display zone of every time on screen (Settings → Times): this computer's zone
 * ('local', the default) or 'utc'. `timeDisplay` sets it when the setting loads or is saved.
 */
export type DisplayZone = 'local' | 'utc';
let displayZone: DisplayZone = 'local';

export function setDisplayZone(zone: DisplayZone): void {
  displayZone = zone === 'utc' ? 'utc' : 'local';
}

export function getDisplayZone(): DisplayZone {
  return displayZone;
}

/** Wall-clock time "hh:mm" (24 h) in the display zone; '—' for null or bad input. */
export function formatClock(value: TimeInput): string {
  const d = toDate(value);
  if (!d) return NONE;
  return displayZone === 'utc'
    ? `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`
    : `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/**
 * The display zone's name at that moment: "UTC", or the local zone's short name ("EST",
 * "GMT+1") — its offset ("UTC−05:00") when Intl has no name.
 */
export function zoneLabel(value: TimeInput = new Date()): string {
  if (displayZone === 'utc') return 'UTC';
  const d = toDate(value) ?? new Date();
  if (d.getTimezoneOffset() === 0 && localZoneIsUtc()) return 'UTC';
  try {
    const part = zoneNameFormat()
      .formatToParts(d)
      .find((p) => p.type === 'timeZoneName')?.value;
    if (part && part.length <= 12) return part;
  } catch {
    // The offset below.
  }
  return formatUtcOffset(d);
}

function localZoneIsUtc(): boolean {
  if (localIsUtc === undefined) {
    try {
      const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
      localIsUtc = zone === 'UTC' || zone === 'Etc/UTC' || zone === 'Etc/GMT';
    } catch {
      localIsUtc = false;
    }
  }
  return localIsUtc;
}

/** The display zone's offset east of UTC at that moment, in minutes (0 for UTC): for exports. */
export function displayOffsetMinutes(value: TimeInput = new Date()): number {
  if (displayZone === 'utc') return 0;
  const d = toDate(value) ?? new Date();
  return -d.getTimezoneOffset();
}

/** "05:12 EST (10:12 UTC)" in local display, "10:12 UTC" in UTC display. */
export function formatClockBoth(value: TimeInput): string {
  const d = toDate(value);
  if (!d) return NONE;
  const label = zoneLabel(d);
  return label === 'UTC' ? `${formatClockUtc(d)} UTC` : `${formatClock(d)} ${label} (${formatClockUtc(d)} UTC)`;
}

/** "05:12–05:19 EST": a range in the display zone with its label. */
export function formatTimeRangeZoned(start: TimeInput, end: TimeInput): string {
  const range = formatTimeRange(start, end);
  return range === NONE ? NONE : `${range} ${zoneLabel(toDate(start) ?? toDate(end))}`;
}

/** UTC time "hh:mm". */
export function formatClockUtc(value: TimeInput): string {
  const d = toDate(value);
  return d ? `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}` : NONE;
}

/** "10:00–10:31" in the display zone (no label: see `formatTimeRangeZoned`); open ends say so. */
export function formatTimeRange(start: TimeInput, end: TimeInput): string {
  const a = toDate(start);
  const b = toDate(end);
  if (!a && !b) return NONE;
  if (!b) return `from ${formatClock(a)}`;
  if (!a) return `until ${formatClock(b)}`;
  return `${formatClock(a)}–${formatClock(b)}`;
}

/** The local offset from UTC at that moment, e.g. "UTC+01:00" or "UTC−05:30". */
export function formatUtcOffset(value: TimeInput): string {
  const d = toDate(value);
  if (!d) return NONE;
  const minutes = -d.getTimezoneOffset();
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** "2026-11-24 10:00 UTC". */
export function formatUtc(value: TimeInput): string {
  const d = toDate(value);
  if (!d) return NONE;
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${formatClockUtc(d)} UTC`;
}

// Intl formatters are costly to build (each holds ICU formatter objects) and these are asked for
// hundreds of times per screen, so each one is built once per locale and reused.
// The local zone's name and whether it is UTC are read once too (every time label asks for
// them: a table row, a finding, a heatmap tooltip); the system's zone does not change under a
// running app (tests that change TZ call `resetFormatters`).
let formatterLocale: string | undefined;
let dateFormatter: Intl.DateTimeFormat | undefined;
let dateFormatterZone: DisplayZone = 'local';
let zoneNameFormatter: Intl.DateTimeFormat | undefined;
let localIsUtc: boolean | undefined;
const numberFormatters = new Map<number, Intl.NumberFormat>();

function sameLocale(): string {
  const locale = safeLocale();
  if (locale !== formatterLocale) {
    formatterLocale = locale;
    dateFormatter = undefined;
    zoneNameFormatter = undefined;
    numberFormatters.clear();
  }
  return locale;
}

/** Forgets every formatter and what it knew of the local zone (tests that change TZ). */
export function resetFormatters(): void {
  formatterLocale = undefined;
  dateFormatter = undefined;
  zoneNameFormatter = undefined;
  localIsUtc = undefined;
  numberFormatters.clear();
}

function zoneNameFormat(): Intl.DateTimeFormat {
  const locale = sameLocale();
  zoneNameFormatter ??= new Intl.DateTimeFormat(locale, { timeZoneName: 'short' });
  return zoneNameFormatter;
}

function dateFormat(): Intl.DateTimeFormat {
  const locale = sameLocale();
  if (dateFormatter && dateFormatterZone !== displayZone) dateFormatter = undefined;
  dateFormatterZone = displayZone;
  dateFormatter ??= new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    ...(displayZone === 'utc' ? { timeZone: 'UTC' } : {}),
  });
  return dateFormatter;
}

function numberFormat(maxFractionDigits: number): Intl.NumberFormat {
  const locale = sameLocale();
  let formatter = numberFormatters.get(maxFractionDigits);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { maximumFractionDigits: maxFractionDigits });
    numberFormatters.set(maxFractionDigits, formatter);
  }
  return formatter;
}

function localIsoDate(d: Date): string {
  return displayZone === 'utc'
    ? `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`
    : `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

/** A date like "Tue, Nov 24, 2026" in the display zone and the user's locale (ISO if Intl fails). */
export function formatDate(value: TimeInput): string {
  const d = toDate(value);
  if (!d) return NONE;
  try {
    return dateFormat().format(d);
  } catch {
    return localIsoDate(d);
  }
}

/** Date and time in the display zone, e.g. "Tue, Nov 24, 2026, 10:00" (see `formatDateTimeZoned`). */
export function formatDateTime(value: TimeInput): string {
  const d = toDate(value);
  return d ? `${formatDate(d)}, ${formatClock(d)}` : NONE;
}

/** "45 min", "1 h", "2 h 5 min". */
export function formatDuration(minutes: number | null | undefined): string {
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0) return NONE;
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  return rest ? `${h} h ${rest} min` : `${h} h`;
}

/** A number in the user's locale with at most `maxFractionDigits` decimals. */
export function formatNumber(value: number | null | undefined, maxFractionDigits = 2): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return NONE;
  // Intl takes 0–100 fraction digits; anything else would throw.
  const digits = Number.isFinite(maxFractionDigits) ? Math.min(100, Math.max(0, Math.trunc(maxFractionDigits))) : 2;
  try {
    return numberFormat(digits).format(value);
  } catch {
    return String(value);
  }
}

/** "74.83 kbps", "1.1%", "-61 dBm"; the exact text (e.g. "1280×720") wins when given. */
export function formatValue(value: number | null | undefined, unit: string, text?: string | null): string {
  if (typeof text === 'string' && text !== '') return text;
  const n = formatNumber(value);
  if (n === NONE) return NONE;
  if (!unit) return n;
  return unit === '%' ? `${n}%` : `${n} ${unit}`;
}

/** "1 person" / "8 people" style counts. */
export function plural(count: number, one: string, many: string): string {
  return `${formatNumber(count, 0)} ${count === 1 ? one : many}`;
}

/** Zoom's grouping of meeting numbers: "857 4621 3390"; anything else unchanged. */
export function formatMeetingNumber(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return NONE;
  const s = String(value).trim();
  if (s === '') return NONE;
  if (/^\d{11}$/.test(s)) return `${s.slice(0, 3)} ${s.slice(3, 7)} ${s.slice(7)}`;
  if (/^\d{10}$/.test(s)) return `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}`;
  if (/^\d{9}$/.test(s)) return `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}`;
  return s;
}

/** "Tue, Nov 24, 2026, 05:00 EST": a date and time in the display zone with its label. */
export function formatDateTimeZoned(value: TimeInput): string {
  const d = toDate(value);
  return d ? `${formatDateTime(d)} ${zoneLabel(d)}` : NONE;
}

/**
 * A calendar day ("2026-11-24") as the date fields show it: the locale's numeric date, e.g.
 * "11/24/2026" (the ISO text itself when it is no day or Intl fails).
 */
export function formatFieldDate(isoDay: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  if (!m) return isoDay;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (!Number.isFinite(d.getTime()) || d.getUTCDate() !== Number(m[3])) return isoDay;
  try {
    return new Intl.DateTimeFormat(safeLocale(), { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).format(d);
  } catch {
    return isoDay;
  }
}

/** `message` with every ISO day ("2026-11-24") written as the date fields show it. */
export function datesAsFields(message: string): string {
  return message.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (day) => formatFieldDate(day));
}
