// Grades as the backend sends them (one character per minute: '-' no data, 'g' good,
// 'w' warning, 'p' poor) and what the UI derives from them: worst grades, ordering, labels.

import type { MinuteCause } from './bindings/MinuteCause';
import type { QualityRow } from './bindings/QualityRow';
import type { StreamGroup } from './bindings/StreamGroup';

export type GradeCode = '-' | 'g' | 'w' | 'p';

/** Higher is worse; no data ranks below good (it is not a problem, but it is not good either). */
export function gradeRank(code: string): number {
  switch (code) {
    case 'p':
      return 3;
    case 'w':
      return 2;
    case 'g':
      return 1;
    default:
      return 0;
  }
}

/** The worst code of a code string ('-' when there is no data at all). */
export function worstCode(codes: string): GradeCode {
  let worst: GradeCode = '-';
  for (const c of codes) {
    if (gradeRank(c) > gradeRank(worst)) worst = c as GradeCode;
    if (worst === 'p') break;
  }
  return worst;
}

export const GRADE_LABEL: Record<GradeCode, string> = {
  '-': 'No data',
  g: 'Good',
  w: 'Warning',
  p: 'Poor',
};

/** A short symbol so that a grade never relies on colour alone. */
export const GRADE_SYMBOL: Record<GradeCode, string> = { '-': '·', g: '✓', w: '!', p: '✕' };

export interface GroupInfo {
  group: StreamGroup;
  /** Chip label. */
  label: string;
  /** Longer description for tooltips. */
  title: string;
}

export const GROUPS: readonly GroupInfo[] = [
  { group: 'all', label: 'All', title: 'Worst grade over every stream' },
  { group: 'audio', label: 'Audio', title: 'Audio sent and received' },
  { group: 'video', label: 'Video', title: 'Video sent and received' },
  { group: 'screen_share', label: 'Share', title: 'Screen share sent and received' },
  { group: 'device', label: 'CPU & Wi-Fi', title: 'The device: system CPU and Wi-Fi signal' },
];

/** The code string of one group of a row. */
export function codesOf(row: QualityRow, group: StreamGroup): string {
  return row[group] ?? '';
}

/** Minutes that are warning or poor. */
export function degradedMinutes(codes: string): number {
  let n = 0;
  for (const c of codes) if (c === 'w' || c === 'p') n++;
  return n;
}

/** Sort key for "worst first": poor minutes weigh more than warning minutes. */
export function badness(codes: string): number {
  let score = 0;
  for (const c of codes) {
    if (c === 'p') score += 1000;
    else if (c === 'w') score += 1;
  }
  return score;
}

/** The cause text of a degraded minute in a group, among a join's causes (`minuteCauses`). */
export function causeAt(causes: readonly MinuteCause[], group: StreamGroup, minute: number): string | null {
  for (const c of causes) if (c.minute === minute && c.group === group) return c.text;
  return null;
}
