// The last view (tab) of the window, kept across restarts in the webview's local storage. Only
// the tab name is stored: never meeting data or anything from Zoom.

export type Tab = 'overview' | 'participant' | 'compare';

export const TABS: readonly Tab[] = ['overview', 'participant', 'compare'];

const KEY = 'qoscope.ui.v1';

function isTab(value: unknown): value is Tab {
  return typeof value === 'string' && (TABS as readonly string[]).includes(value);
}

/** The tab shown last time, or the overview. */
export function loadLastTab(storage: Pick<Storage, 'getItem'> | null = safeStorage()): Tab {
  try {
    const raw = storage?.getItem(KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    const tab = parsed && typeof parsed === 'object' ? (parsed as { tab?: unknown }).tab : null;
    return isTab(tab) ? tab : 'overview';
  } catch {
    return 'overview';
  }
}

export function saveLastTab(tab: Tab, storage: Pick<Storage, 'setItem'> | null = safeStorage()): void {
  try {
    storage?.setItem(KEY, JSON.stringify({ tab }));
  } catch {
    // Storage full or disabled: the next start opens on the overview, nothing else is lost.
  }
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage !== 'undefined' ? localStorage : null;
  } catch {
    return null;
  }
}
