// The state of a running fetch, built from the backend's progress events.

import type { FetchEvent } from './bindings/FetchEvent';
import type { PartialView } from './bindings/PartialView';

export interface FetchProgress {
  /** What the fetch is doing, for people. */
  stage: string;
  /** Participant joins fetched, of `total` (0 / 0 until the participants are listed). */
  done: number;
  total: number;
  /** Seconds of the current rate-limit wait, or null when not waiting. */
  waitSeconds: number | null;
  /** The last transient failure being retried, or null. */
  retry: string | null;
  /** The joins fetched so far (their heatmap), or null before the first arrives. */
  partial: PartialView | null;
}

export const START: FetchProgress = {
  stage: 'Signing in to Zoom',
  done: 0,
  total: 0,
  waitSeconds: null,
  retry: null,
  partial: null,
};

/** The state after one event. Anything but a wait ends the wait. */
export function applyEvent(state: FetchProgress, event: FetchEvent): FetchProgress {
  switch (event.kind) {
    case 'stage':
      return { ...state, stage: event.label, waitSeconds: null };
    case 'participants':
      return { ...state, done: event.done, total: event.total, waitSeconds: null, retry: null };
    case 'rate_limit_wait':
      return { ...state, waitSeconds: event.seconds };
    case 'retrying':
      return { ...state, retry: `Retrying (${event.attempt} of ${event.max}): ${event.reason}`, waitSeconds: null };
    case 'partial':
      return { ...state, partial: event.view };
  }
}

/** "18 participant joins with data so far", for the partial results' heading. */
export function partialText(state: FetchProgress): string | null {
  if (!state.partial) return null;
  const n = state.partial.participants.length;
  return `${n} participant ${n === 1 ? 'join' : 'joins'} with data so far`;
}

/** "124 / 300 participants", or null before the participants are known. */
export function countText(state: FetchProgress): string | null {
  return state.total > 0 ? `${state.done} / ${state.total} participants` : null;
}

/** "Waiting 1.5 s for Zoom’s rate limit", or null. */
export function waitText(state: Pick<FetchProgress, 'waitSeconds'>): string | null {
  if (state.waitSeconds === null) return null;
  const s = state.waitSeconds < 10 ? state.waitSeconds.toFixed(1) : Math.round(state.waitSeconds).toString();
  return `Waiting ${s} s for Zoom’s rate limit`;
}

/** Local `yyyy-mm-dd` for a date input. */
export function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
