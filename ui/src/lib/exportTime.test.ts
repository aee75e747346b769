import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportOffsetMinutes } from './exportTime';
import { displayOffsetMinutes, resetFormatters } from './format';

describe('exportOffsetMinutes', () => {
  // A zone with daylight saving time (Node applies a changed TZ to new dates at once).
  const saved = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'America/New_York';
    resetFormatters();
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
    resetFormatters();
  });

  it("uses the display zone's offset at the meeting's time, not today's", () => {
    expect(exportOffsetMinutes(() => '2026-07-01T12:00:00Z')).toBe(-240);
    expect(exportOffsetMinutes(() => '2026-01-15T12:00:00Z')).toBe(-300);
  });

  it("falls back to today's offset before a meeting is open", () => {
    expect(exportOffsetMinutes(undefined)).toBe(displayOffsetMinutes());
    expect(exportOffsetMinutes(() => null)).toBe(displayOffsetMinutes());
  });
});
