// Which offset an export's times use: the display zone's at the open meeting's time (a summer
// meeting exported in winter keeps its summer offset, as its findings do), else today's.
import { displayOffsetMinutes } from './format';

/** The context key under which a meeting view gives its meeting's time to export menus. */
export const MEETING_TIME = Symbol('meeting time');

/** Returns the open meeting's start (or end) time, or null before it has loaded. */
export type MeetingTime = () => string | null;

/** Minutes east of UTC for an export: the display zone at the meeting's time when known. */
export function exportOffsetMinutes(meetingTime: MeetingTime | undefined): number {
  const at = meetingTime?.() ?? null;
  return at ? displayOffsetMinutes(at) : displayOffsetMinutes();
}
