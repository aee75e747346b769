import { describe, expect, it } from 'vitest';
import type { HistoryFinding } from './bindings/HistoryFinding';
import type { HistoryMeetingRow } from './bindings/HistoryMeetingRow';
import { axisTicks, chartLayout, findingKinds, gradeCodeOf, gradeRuns, meetingGradeText } from './history';
import { applyHistoryEvent, HISTORY_START } from './historyProgress';

function row(grades: string, extra: Partial<HistoryMeetingRow> = {}): HistoryMeetingRow {
  return {
    uuid: 'u',
    meeting_number: '1',
    topic: 'Stand-up',
    start_time: '2026-11-24T10:00:00Z',
    joins: 1,
    worst: 'good',
    worst_by_group: { audio: 'good', video: 'good', screen_share: 'no_data', device: 'good' },
    minutes_warning: 0,
    minutes_poor: 0,
    network_type: 'Wi-Fi',
    device: 'Mac',
    version: '6.2.0',
    data_center: 'Frankfurt',
    findings: [],
    one_sided: false,
    grades,
    grades_start: 0,
    notes: [],
    ...extra,
  };
}

function finding(kind: string, severity: string, oneSided = false, title = kind): HistoryFinding {
  return { kind, title, severity, sentence: `${kind} sentence`, one_sided: oneSided };
}

describe('person history', () => {
  it('maps grade words to codes, unknown words to no data', () => {
    expect(['good', 'warning', 'poor', 'no_data', 'bogus'].map(gradeCodeOf)).toEqual(['g', 'w', 'p', '-', '-']);
  });

  it('merges equal neighbouring minutes into runs', () => {
    expect(gradeRuns('ggwwp-?g')).toEqual([
      { start: 0, length: 2, code: 'g' },
      { start: 2, length: 2, code: 'w' },
      { start: 4, length: 1, code: 'p' },
      { start: 5, length: 2, code: '-' },
      { start: 7, length: 1, code: 'g' },
    ]);
    expect(gradeRuns('')).toEqual([]);
  });

  it('lays out one row per meeting, the longest meeting filling the width', () => {
    const layout = chartLayout([row('g'.repeat(30)), row('g'.repeat(60)), row('')], 850);
    expect(layout.rows.map((r) => r.minutes)).toEqual([30, 60, 0]);
    expect(layout.maxMinutes).toBe(60);
    expect(layout.labelWidth + 60 * layout.minuteWidth).toBeLessThanOrEqual(850);
    expect(layout.labelWidth + 60 * layout.minuteWidth).toBeGreaterThan(830);
    expect(layout.rows[1].y).toBeGreaterThan(layout.rows[0].y + layout.rowHeight - 1);
    expect(layout.height).toBeGreaterThanOrEqual(layout.rows[2].y + layout.rowHeight);
    // A tiny or unknown width still draws.
    expect(chartLayout([row('gg')], 0).minuteWidth).toBeGreaterThan(0);
    expect(chartLayout([], 500).rows).toEqual([]);
  });

  it('puts about six ticks on the axis', () => {
    expect(axisTicks(60)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(axisTicks(25)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(axisTicks(0)).toEqual([0]);
  });

  it('says each meeting in words for the chart’s text alternative', () => {
    expect(meetingGradeText(row('ggwp', { worst: 'poor', minutes_poor: 1, minutes_warning: 1 }))).toBe(
      'worst poor, 1 minute poor, 1 minute at warning',
    );
    expect(meetingGradeText(row('gg-g'))).toBe('worst good, 3 minutes with data');
    expect(meetingGradeText(row('', { worst: 'no_data' }))).toBe('no data');
  });

  it('lists each finding kind once, at its worst, one-sided if any of its findings is', () => {
    const kinds = findingKinds([
      finding('wifi', 'warning', false, 'Weak Wi-Fi'),
      finding('receiver_downlink', 'warning', false, "Receiver's downlink"),
      finding('wifi', 'poor', false, 'Weak Wi-Fi'),
      finding('receiver_downlink', 'warning', true, "Receiver's downlink"),
      finding('new_kind', 'odd', false, ''),
    ]);
    expect(kinds).toEqual([
      { kind: 'wifi', title: 'Weak Wi-Fi', severity: 'poor', oneSided: false },
      { kind: 'receiver_downlink', title: "Receiver's downlink", severity: 'warning', oneSided: true },
      { kind: 'new_kind', title: 'Other finding', severity: 'warning', oneSided: false },
    ]);
  });

  it('follows the fetch meeting by meeting, and names waits and retries', () => {
    let s = applyHistoryEvent(HISTORY_START, { kind: 'meeting', index: 0, total: 6, topic: 'Stand-up' });
    expect(s).toMatchObject({ stage: 'Meeting 1 of 6: Stand-up', done: 0, total: 6 });
    s = applyHistoryEvent(s, { kind: 'rate_limit_wait', seconds: 1.25 });
    expect(s.wait).toBe('Waiting 1.3 s for Zoom’s rate limit');
    s = applyHistoryEvent(s, { kind: 'retrying', attempt: 1, max: 4, reason: 'HTTP 503' });
    expect(s.retry).toBe('Retrying (1 of 4): HTTP 503');
    expect(s.wait).toBeNull();
    s = applyHistoryEvent(s, { kind: 'meeting', index: 5, total: 6, topic: null });
    expect(s).toMatchObject({ stage: 'Meeting 6 of 6', done: 5, retry: null });
  });
});
