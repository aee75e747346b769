// The saved investigations list, shared by the Saved investigations screen and the window's
// drag-and-drop import (which can happen on any screen).

import { listInvestigations, normalizeError } from './api';
import type { ApiError } from './bindings/ApiError';
import type { ImportReport } from './bindings/ImportReport';
import type { InvestigationSummary } from './bindings/InvestigationSummary';
import type { Loadable } from './loadable';

export class SavedInvestigations {
  list = $state.raw<Loadable<InvestigationSummary[]>>({ status: 'idle' });
  /** The last thing done, for a status line. */
  notice = $state<string | null>(null);
  /** Files the last import refused, each saying which and why. */
  importErrors = $state.raw<ApiError[]>([]);
  /** The saved investigation that is open (null: the demo or nothing saved). */
  openId = $state<string | null>(null);

  /** The saved investigations, or none while the list is not loaded. */
  get items(): InvestigationSummary[] {
    return this.list.status === 'ready' ? this.list.data : [];
  }

  /** The open investigation's saved name, if the open meeting is one. */
  get openName(): string | null {
    return this.items.find((i) => i.id === this.openId)?.name ?? null;
  }

  #request = 0;

  async load(): Promise<void> {
    const request = ++this.#request;
    if (this.list.status !== 'ready') this.list = { status: 'loading' };
    try {
      const data = await listInvestigations();
      if (request === this.#request) this.list = { status: 'ready', data };
    } catch (error) {
      if (request === this.#request) this.list = { status: 'error', error: normalizeError(error) };
    }
  }

  /** Shows what an import did (nothing chosen: nothing changes). */
  applyImport(report: ImportReport): void {
    this.importErrors = report.errors;
    const n = report.imported.length;
    if (n === 1) this.notice = `Imported “${report.imported[0].name}”.`;
    else if (n > 1) this.notice = `Imported ${n} investigations.`;
    else if (report.errors.length > 0) this.notice = null;
  }
}
