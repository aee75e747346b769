// A live meeting's auto-refresh: while it is open, fetch it again every 60 s into the same saved
// investigation, and show the newer data.

import { normalizeError, startFetch } from './api';
import type { FetchInput } from './bindings/FetchInput';
import type { FetchResult } from './bindings/FetchResult';

/** How often a live meeting is fetched again. */
export const LIVE_REFRESH_MS = 60_000;

export class LiveRefresh {
  /** The live meeting being refreshed (its fetch and saved investigation), or null. */
  target = $state.raw<{ input: FetchInput; id: string } | null>(null);
  /** When it was last refreshed. */
  lastRefreshed = $state.raw<Date | null>(null);
  refreshing = $state(false);
  error = $state<string | null>(null);

  #timer: ReturnType<typeof setInterval> | null = null;
  #onResult: (result: FetchResult) => void;

  constructor(onResult: (result: FetchResult) => void) {
    this.#onResult = onResult;
  }

  /** Starts refreshing after a live fetch; anything else stops it. */
  follow(input: FetchInput, result: FetchResult): void {
    this.stop();
    if (!input.live) return;
    this.target = { input, id: result.investigation.id };
    this.lastRefreshed = new Date();
    this.#timer = setInterval(() => void this.refresh(), LIVE_REFRESH_MS);
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    this.target = null;
    this.error = null;
  }

  /** Fetches the live meeting again now (skipped while a refresh runs). */
  async refresh(): Promise<void> {
    const target = this.target;
    if (!target || this.refreshing) return;
    this.refreshing = true;
    try {
      const result = await startFetch({ ...target.input, replace: target.id }, () => {});
      if (this.target !== target) return;
      this.error = null;
      this.lastRefreshed = new Date();
      this.#onResult(result);
    } catch (error) {
      if (this.target === target) this.error = normalizeError(error).message;
    } finally {
      this.refreshing = false;
    }
  }
}
