import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  datesAsFields,
  displayOffsetMinutes,
  formatClockBoth,
  formatDateTimeZoned,
  formatFieldDate,
  formatTimeRangeZoned,
  setDisplayZone,
  zoneLabel,
  formatClock,
  formatDate,
  formatDateTime,
  formatDuration,
  formatMeetingNumber,
  formatNumber,
  formatTimeRange,
  formatUtc,
  formatUtcOffset,
  formatValue,
  fromUnixSeconds,
  NONE,
  plural,
  toDate,
} from './format';
import { resetLocaleCache, safeLocale } from './locale';

// vite.config.ts runs the tests with TZ=Europe/Berlin (UTC+01:00 in November).

describe('null and bad input', () => {
  it.each([null, undefined, '', 'not a date', Number.NaN])('formatClock(%s) is —', (v) => {
    expect(formatClock(v as never)).toBe(NONE);
  });

  it('every helper returns — for null', () => {
    expect(NONE).toBe('—');
    expect(formatTimeRange(null, null)).toBe('—');
    expect(formatUtc(null)).toBe('—');
    expect(formatUtcOffset(null)).toBe('—');
    expect(formatDate(null)).toBe('—');
    expect(formatDateTime(null)).toBe('—');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-5)).toBe('—');
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('—');
    expect(formatValue(null, 'kbps')).toBe('—');
    expect(formatMeetingNumber(null)).toBe('—');
    expect(fromUnixSeconds(null)).toBeNull();
    expect(toDate({} as never)).toBeNull();
  });
});

describe('local time', () => {
  it('runs in the test time zone', () => {
    expect(new Date('2026-11-24T10:00:00Z').getTimezoneOffset()).toBe(-60);
  });

  it('formats hh:mm in the local zone', () => {
    expect(formatClock('2026-11-24T10:00:25Z')).toBe('11:00');
    expect(formatClock('2026-11-24T09:05:00Z')).toBe('10:05');
    expect(formatClock(new Date('2026-11-24T22:59:00Z'))).toBe('23:59');
    expect(formatClock(Date.UTC(2026, 10, 24, 23, 0))).toBe('00:00');
  });

  it('formats Unix seconds', () => {
    expect(formatClock(fromUnixSeconds(Date.UTC(2026, 10, 24, 10, 31) / 1000))).toBe('11:31');
  });

  it('formats ranges, open ends included', () => {
    expect(formatTimeRange('2026-11-24T10:00:16Z', '2026-11-24T10:31:42Z')).toBe('11:00–11:31');
    expect(formatTimeRange('2026-11-24T10:00:16Z', null)).toBe('from 11:00');
    expect(formatTimeRange(null, '2026-11-24T10:31:42Z')).toBe('until 11:31');
  });

  it('shows UTC and the offset for tooltips', () => {
    expect(formatUtc('2026-11-24T10:00:00Z')).toBe('2026-11-24 10:00 UTC');
    expect(formatUtcOffset('2026-11-24T10:00:00Z')).toBe('UTC+01:00');
    expect(formatUtcOffset('2026-07-24T10:00:00Z')).toBe('UTC+02:00');
  });

  it('formats dates in the local zone', () => {
    const text = formatDate('2026-11-24T23:30:00Z'); // already the 25th in Berlin
    expect(text).toMatch(/25/);
    expect(text).toMatch(/2026/);
    expect(formatDateTime('2026-11-24T10:00:00Z')).toMatch(/, 11:00$/);
  });
});

describe('numbers and durations', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    resetLocaleCache();
  });

  it('formats durations', () => {
    expect(formatDuration(0)).toBe('0 min');
    expect(formatDuration(45)).toBe('45 min');
    expect(formatDuration(60)).toBe('1 h');
    expect(formatDuration(125)).toBe('2 h 5 min');
  });

  it('formats values with units', () => {
    expect(formatValue(74.83, 'kbps')).toBe('74.83 kbps');
    expect(formatValue(1410, 'kbps')).toBe('1,410 kbps');
    expect(formatValue(1.1, '%')).toBe('1.1%');
    expect(formatValue(-61, 'dBm')).toBe('-61 dBm');
    expect(formatValue(0, 'ms')).toBe('0 ms');
    expect(formatValue(720, 'px', '1280×720')).toBe('1280×720');
    expect(formatValue(720, 'px', '')).toBe('720 px');
  });

  it('groups meeting numbers like Zoom', () => {
    expect(formatMeetingNumber('85746213390')).toBe('857 4621 3390');
    expect(formatMeetingNumber('1234567890')).toBe('123 456 7890');
    expect(formatMeetingNumber('abc')).toBe('abc');
  });

  it('reuses formatters per locale and follows a change of locale', () => {
    resetLocaleCache();
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('en-US');
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['en-US']);
    expect(formatNumber(1234.5)).toBe('1,234.5');
    expect(formatNumber(1234.5678, 0)).toBe('1,235');
    expect(formatNumber(1234.5678)).toBe('1,234.57');
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('de-DE');
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['de-DE']);
    resetLocaleCache();
    expect(formatNumber(1234.5)).toBe('1.234,5');
    expect(formatDate('2026-11-24T09:00:00Z')).toBe('Di., 24. Nov. 2026');
  });

  it('keeps fraction digits within what Intl takes', () => {
    expect(formatNumber(1.23456, 101)).toBe('1.23456');
    expect(formatNumber(1234.5, -1)).toBe('1,235');
    expect(formatNumber(1234.5, Number.NaN)).toBe('1,234.5');
    expect(formatNumber(1234.5, 0.7)).toBe('1,235');
  });

  it('builds one number formatter per locale and number of digits', () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('fr-CA');
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['fr-CA']);
    resetLocaleCache();
    safeLocale(); // checking the locale builds formatters of its own
    const spy = vi.spyOn(Intl, 'NumberFormat');
    formatNumber(1);
    formatNumber(2);
    expect(spy).toHaveBeenCalledTimes(1);
    plural(3, 'join', 'joins'); // 0 digits: a second formatter
    plural(4, 'join', 'joins');
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('pluralizes', () => {
    expect(plural(1, 'person', 'people')).toBe('1 person');
    expect(plural(8, 'person', 'people')).toBe('8 people');
  });
});

describe('the one display zone', () => {
  // The tests run in Europe/Berlin (vite.config.ts).
  const t = '2026-11-24T10:13:00Z';

  it('formats every time in the local zone by default, labelled, and in UTC when Settings says so', () => {
    expect(formatClock(t)).toBe('11:13');
    expect(zoneLabel(t)).toBe('GMT+1');
    expect(formatTimeRangeZoned(t, '2026-11-24T10:19:00Z')).toBe('11:13–11:19 GMT+1');
    expect(formatClockBoth(t)).toBe('11:13 GMT+1 (10:13 UTC)');
    expect(displayOffsetMinutes(t)).toBe(60);
    setDisplayZone('utc');
    try {
      expect(formatClock(t)).toBe('10:13');
      expect(zoneLabel(t)).toBe('UTC');
      expect(formatTimeRangeZoned(t, '2026-11-24T10:19:00Z')).toBe('10:13–10:19 UTC');
      expect(formatClockBoth(t)).toBe('10:13 UTC');
      expect(formatDateTimeZoned('2026-11-24T23:30:00Z')).toBe('Tue, Nov 24, 2026, 23:30 UTC');
      expect(displayOffsetMinutes(t)).toBe(0);
    } finally {
      setDisplayZone('local');
    }
    expect(formatDateTimeZoned('2026-11-24T23:30:00Z')).toBe('Wed, Nov 25, 2026, 00:30 GMT+1');
  });

  it('writes the days of a message as the date fields show them', () => {
    expect(formatFieldDate('2026-11-24')).toBe('11/24/2026');
    expect(formatFieldDate('2026-02-30')).toBe('2026-02-30');
    expect(datesAsFields('from 2026-10-01 to 2026-11-26, such as 2026-11-24.')).toBe(
      'from 10/01/2026 to 11/26/2026, such as 11/24/2026.',
    );
  });
});
