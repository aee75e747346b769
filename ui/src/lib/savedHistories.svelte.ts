// The saved person histories, shared by the rail's Person histories screen and the history view
// (a finished fetch is saved and listed at once).

import { listHistories, normalizeError } from './api';
import type { HistorySummary } from './bindings/HistorySummary';
import type { Loadable } from './loadable';

export class SavedHistories {
  list = $state.raw<Loadable<HistorySummary[]>>({ status: 'idle' });
  /** The last thing done, for a status line. */
  notice = $state<string | null>(null);

  /** Newest fetch first, whatever order the list came in. */
  get items(): HistorySummary[] {
    return this.list.status === 'ready' ? [...this.list.data].sort((a, b) => b.fetched_at.localeCompare(a.fetched_at)) : [];
  }

  #request = 0;

  async load(): Promise<void> {
    const request = ++this.#request;
    if (this.list.status !== 'ready') this.list = { status: 'loading' };
    try {
      const data = await listHistories();
      if (request === this.#request) this.list = { status: 'ready', data };
    } catch (error) {
      if (request === this.#request) this.list = { status: 'error', error: normalizeError(error) };
    }
  }
}
