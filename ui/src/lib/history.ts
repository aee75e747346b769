// What the person's history screen derives from its DTO: grade words as grade codes, the chart's
// layout (one row per meeting, runs of equal minutes), its text alternative, and the findings'
// kinds in a few words. Pure: the components only draw.

import type { HistoryFinding } from './bindings/HistoryFinding';
import type { HistoryMeetingRow } from './bindings/HistoryMeetingRow';
import { GRADE_LABEL, type GradeCode } from './grades';

/** The backend's grade words (`good`, `warning`, `poor`, `no_data`) as grade codes. */
export function gradeCodeOf(word: string): GradeCode {
  switch (word) {
    case 'good':
      return 'g';
    case 'warning':
      return 'w';
    case 'poor':
      return 'p';
    default:
      return '-';
  }
}

/** Minutes of one grade in a row, side by side. */
export interface GradeRun {
  /** Minutes from the row's first minute. */
  start: number;
  length: number;
  code: GradeCode;
}

/** Equal neighbouring minutes as one run (unknown characters count as no data). */
export function gradeRuns(codes: string): GradeRun[] {
  const runs: GradeRun[] = [];
  let i = 0;
  for (const c of codes) {
    const code: GradeCode = c === 'g' || c === 'w' || c === 'p' ? c : '-';
    const last = runs[runs.length - 1];
    if (last && last.code === code && last.start + last.length === i) last.length++;
    else runs.push({ start: i, length: 1, code });
    i++;
  }
  return runs;
}

export interface ChartRow {
  /** Index into the view's meetings. */
  index: number;
  y: number;
  runs: GradeRun[];
  minutes: number;
}

export interface ChartLayout {
  width: number;
  height: number;
  labelWidth: number;
  axisHeight: number;
  rowHeight: number;
  /** Pixels per minute (the longest meeting fills the width). */
  minuteWidth: number;
  /** The longest meeting's minutes (the axis's end). */
  maxMinutes: number;
  rows: ChartRow[];
  /** Axis ticks, in minutes from each meeting's first minute. */
  ticks: number[];
}

const LABEL_WIDTH = 196;
const AXIS_HEIGHT = 20;
const ROW_HEIGHT = 22;
const ROW_GAP = 4;

/** Ticks every 5, 10, 15, 30 or 60 minutes: about six along the axis. */
export function axisTicks(maxMinutes: number): number[] {
  if (maxMinutes <= 0) return [0];
  const step = [5, 10, 15, 30, 60, 120].find((s) => maxMinutes / s <= 6) ?? 240;
  const ticks: number[] = [];
  for (let t = 0; t <= maxMinutes; t += step) ticks.push(t);
  return ticks;
}

/**
 * Lays the chart out for a width: one row per meeting (in the view's order), each meeting's minutes
 * from its own start, the longest meeting filling the width after the label column.
 */
export function chartLayout(meetings: readonly HistoryMeetingRow[], width: number): ChartLayout {
  const safeWidth = Math.max(LABEL_WIDTH + 100, Math.floor(width));
  const maxMinutes = Math.max(1, ...meetings.map((m) => m.grades.length));
  const minuteWidth = (safeWidth - LABEL_WIDTH - 8) / maxMinutes;
  const rows = meetings.map((m, index) => ({
    index,
    y: AXIS_HEIGHT + index * (ROW_HEIGHT + ROW_GAP),
    runs: gradeRuns(m.grades),
    minutes: m.grades.length,
  }));
  return {
    width: safeWidth,
    height: AXIS_HEIGHT + meetings.length * (ROW_HEIGHT + ROW_GAP),
    labelWidth: LABEL_WIDTH,
    axisHeight: AXIS_HEIGHT,
    rowHeight: ROW_HEIGHT,
    minuteWidth,
    maxMinutes,
    rows,
    ticks: axisTicks(maxMinutes),
  };
}

/** "Poor: 5 minutes poor, 3 at warning" — one meeting in words (the chart's text alternative). */
export function meetingGradeText(row: HistoryMeetingRow): string {
  const code = gradeCodeOf(row.worst);
  if (code === '-') return 'no data';
  const parts = [`worst ${GRADE_LABEL[code].toLowerCase()}`];
  if (row.minutes_poor > 0) parts.push(`${minutesText(row.minutes_poor)} poor`);
  if (row.minutes_warning > 0) parts.push(`${minutesText(row.minutes_warning)} at warning`);
  if (row.minutes_poor === 0 && row.minutes_warning === 0) parts.push(`${minutesText(row.grades.replace(/-/g, '').length)} with data`);
  return parts.join(', ');
}

/** "1 minute", "12 minutes". */
export function minutesText(n: number): string {
  return `${n} minute${n === 1 ? '' : 's'}`;
}

/** A finding kind of one meeting: its words, worst severity and whether it is one-sided. */
export interface KindSummary {
  kind: string;
  title: string;
  severity: 'warning' | 'poor';
  oneSided: boolean;
}

/** The meeting's findings by kind (first appearance first): each kind once, at its worst. */
export function findingKinds(findings: readonly HistoryFinding[]): KindSummary[] {
  const byKind = new Map<string, KindSummary>();
  for (const f of findings) {
    const severity = f.severity === 'poor' ? 'poor' : 'warning';
    const title = f.title.trim() === '' ? 'Other finding' : f.title;
    const seen = byKind.get(f.kind);
    if (!seen) byKind.set(f.kind, { kind: f.kind, title, severity, oneSided: f.one_sided });
    else {
      if (severity === 'poor') seen.severity = 'poor';
      seen.oneSided ||= f.one_sided;
    }
  }
  return [...byKind.values()];
}
