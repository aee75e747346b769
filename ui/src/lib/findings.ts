// What the findings panel derives from a cause: how many people it affected, the name search of
// its affected list, and the text "Copy for ticket" copies.

import type { CauseView } from './bindings/CauseView';
import type { FindingRow } from './bindings/FindingRow';
import type { MeetingOverview } from './bindings/MeetingOverview';
import { formatDate, formatMeetingNumber, formatTimeRangeZoned, formatUtcOffset, fromUnixSeconds, getDisplayZone, NONE, zoneLabel } from './format';
import { foldForSearch, matchesWords, searchWords } from './search';

/**
 * The people a cause's findings are about: joins of one person (rejoins) count once. Joins the
 * meeting does not list count by their own id.
 */
export function affectedCount(findings: readonly FindingRow[], personOf: ReadonlyMap<string, number>): number {
  const seen = new Set<string>();
  for (const f of findings) {
    const person = personOf.get(f.user_id);
    seen.add(person === undefined ? `join:${f.user_id}` : `person:${person}`);
  }
  return seen.size;
}

/** True when the name matches the search query (the UI's one search rule, `search.ts`). */
export function matchesQuery(name: string, query: string): boolean {
  return matchesWords(foldForSearch(name), searchWords(query));
}

/**
 * What "Copy for ticket" copies: the meeting (topic, meeting ID, date) and the zone the times are
 * in first, then the cause's sentence (its times in that zone, UTC in brackets) and next step.
 */
export function ticketText(meeting: Pick<MeetingOverview, 'topic' | 'title' | 'meeting_number' | 'start_time' | 'end_time'> | null, cause: Pick<CauseView, 'sentence' | 'next_step' | 'start' | 'end'>): string {
  const at = fromUnixSeconds(cause.start);
  const label = zoneLabel(at);
  const zone = getDisplayZone() === 'utc' || label === 'UTC' ? 'UTC' : `${label} (${formatUtcOffset(at)})`;
  const topic = meeting?.topic?.trim() || meeting?.title?.trim() || 'Zoom meeting';
  const id = meeting?.meeting_number ? formatMeetingNumber(meeting.meeting_number) : NONE;
  const day = formatDate(meeting?.start_time ?? meeting?.end_time ?? at);
  return [
    `Meeting: ${topic}`,
    `Meeting ID: ${id}`,
    `Date: ${day}`,
    `Times: ${zone}`,
    `When: ${formatTimeRangeZoned(at, fromUnixSeconds(cause.end))}`,
    '',
    cause.sentence,
    `Next step: ${cause.next_step}`,
  ].join('\n');
}
