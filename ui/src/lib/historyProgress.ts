// The state of a running history fetch, built from the backend's progress events.

import type { HistoryEvent } from './bindings/HistoryEvent';
import { waitText } from './fetchProgress';

export interface HistoryProgress {
  /** What the fetch is doing, for people. */
  stage: string;
  /** Meetings started, of `total` (0 / 0 until the first one). */
  done: number;
  total: number;
  /** "Waiting 1.5 s for Zoom’s rate limit", or null. */
  wait: string | null;
  /** The last transient failure being retried, or null. */
  retry: string | null;
}

export const HISTORY_START: HistoryProgress = {
  stage: 'Listing their meetings',
  done: 0,
  total: 0,
  wait: null,
  retry: null,
};

/** The state after one event. Anything but a wait ends the wait. */
export function applyHistoryEvent(state: HistoryProgress, event: HistoryEvent): HistoryProgress {
  switch (event.kind) {
    case 'meeting': {
      const n = Math.min(event.index + 1, event.total);
      const topic = event.topic?.trim() ? `: ${event.topic}` : '';
      return { stage: `Meeting ${n} of ${event.total}${topic}`, done: n - 1, total: event.total, wait: null, retry: null };
    }
    case 'rate_limit_wait':
      return { ...state, wait: waitText({ waitSeconds: event.seconds }) };
    case 'retrying':
      return { ...state, retry: `Retrying (${event.attempt} of ${event.max}): ${event.reason}`, wait: null };
    default:
      return state;
  }
}
