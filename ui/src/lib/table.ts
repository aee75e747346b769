// The overview's participants table: rows joined with their grades, search, grade filter, sort.
// Pure, so it is tested without a DOM.

import type { ParticipantRow } from './bindings/ParticipantRow';
import type { QualityRow } from './bindings/QualityRow';
import type { ZoomVerdictView } from './bindings/ZoomVerdictView';
import { degradedMinutes, gradeRank, worstCode, type GradeCode } from './grades';
import { foldForSearch, matchesWords, searchWords } from './search';
import { verdictRank } from './zoomVerdict';

export type GradeColumn = 'all' | 'audio' | 'video' | 'screen_share' | 'device';

export interface TableRow {
  p: ParticipantRow;
  worst: Record<GradeColumn, GradeCode>;
  degraded: Record<GradeColumn, number>;
  /** Zoom's verdict beside QoScope's; null while the grades load. */
  verdict: ZoomVerdictView | null;
  /** Text the search looks in, folded (see `foldForSearch`). */
  haystack: string;
}

export type TextKey = 'name' | 'device' | 'client_version' | 'network_type' | 'location' | 'data_center' | 'join_time';

/** A text column, a grade column as `grade:<column>`, or Zoom's verdict. */
export type SortKey = TextKey | `grade:${GradeColumn}` | 'zoom';

export type GradeFilter = 'any' | 'degraded' | 'poor';

const COLUMNS: GradeColumn[] = ['all', 'audio', 'video', 'screen_share', 'device'];

export function tableRows(participants: readonly ParticipantRow[], quality: readonly QualityRow[] | null): TableRow[] {
  const byId = new Map((quality ?? []).map((q) => [q.user_id, q]));
  return participants.map((p) => {
    const q = byId.get(p.user_id);
    const worst = {} as Record<GradeColumn, GradeCode>;
    const degraded = {} as Record<GradeColumn, number>;
    for (const c of COLUMNS) {
      const codes = q ? q[c] : '';
      worst[c] = worstCode(codes);
      degraded[c] = degradedMinutes(codes);
    }
    const haystack = [p.display_name, p.device, p.client_version, p.network_type, p.location, p.data_center]
      .filter((s): s is string => typeof s === 'string')
      .join('\n');
    return { p, worst, degraded, verdict: q?.zoom_verdict ?? null, haystack: foldForSearch(haystack) };
  });
}

/** Rows whose text contains every word of `query` and that pass the grade filter. */
export function filterRows(rows: readonly TableRow[], query: string, grade: GradeFilter): TableRow[] {
  const words = searchWords(query);
  return rows.filter((r) => {
    if (grade === 'degraded' && gradeRank(r.worst.all) < 2) return false;
    if (grade === 'poor' && r.worst.all !== 'p') return false;
    return matchesWords(r.haystack, words);
  });
}

function text(r: TableRow, key: TextKey): string {
  switch (key) {
    case 'name':
      return r.p.display_name;
    case 'join_time':
      return r.p.join_time ?? '';
    case 'device':
    case 'client_version':
    case 'network_type':
    case 'location':
    case 'data_center':
      return r.p[key] ?? '';
  }
}

/**
 * Sorted copy. Grade columns sort worst first (then by degraded minutes) when `ascending` is
 * false, Zoom's verdict with its disagreements first; text columns put empty values last either
 * way; ties fall back to the name.
 */
export function sortRows(rows: readonly TableRow[], key: SortKey, ascending: boolean): TableRow[] {
  const dir = ascending ? 1 : -1;
  const grade = key.startsWith('grade:') ? (key.slice(6) as GradeColumn) : null;
  return [...rows].sort((a, b) => {
    let c = 0;
    if (grade) {
      const k = grade;
      c = dir * (gradeRank(a.worst[k]) - gradeRank(b.worst[k]) || a.degraded[k] - b.degraded[k]);
    } else if (key === 'zoom') {
      c = dir * (verdictRank(a.verdict) - verdictRank(b.verdict));
    } else {
      const x = text(a, key as TextKey);
      const y = text(b, key as TextKey);
      if (x === '' && y !== '') return 1;
      if (y === '' && x !== '') return -1;
      c = dir * x.localeCompare(y, undefined, { numeric: true, sensitivity: 'base' });
    }
    return c || a.p.display_name.localeCompare(b.p.display_name) || a.p.join_number - b.p.join_number;
  });
}
