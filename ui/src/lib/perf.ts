// Rendering timings, published on `window.__qoscopePerf` for the webview benchmark
// (scripts/bench-webview.sh reads them through WebDriver). Harmless in normal use.

export interface PerfRecord {
  /** Milliseconds from asking for the meeting to the first paint of the overview. */
  overviewMs?: number;
  /**
   * Milliseconds from the meeting's data being in hand to that paint: the grades' round trip
   * plus rendering the table and the heatmap (not reading the snapshot file).
   */
  overviewAfterDataMs?: number;
  /** Milliseconds from asking for the meeting to the painted findings panel (after the Overview). */
  findingsMs?: number;
  /** Milliseconds from the grades arriving to the paint (rendering only, no IPC). */
  overviewRenderMs?: number;
  /** Milliseconds from the participant's data arriving to the paint (rendering only, no IPC). */
  detailRenderMs?: number;
  /** Milliseconds from asking for a participant to the first paint of their charts. */
  detailMs?: number;
  /** Participants (joins) and minutes of the measured meeting. */
  joins?: number;
  minutes?: number;
}

declare global {
  interface Window {
    __qoscopePerf?: PerfRecord;
  }
}

export function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/** Runs `done` after the browser has painted what is in the DOM now. */
export function afterPaint(done: () => void): void {
  if (typeof requestAnimationFrame !== 'function') {
    setTimeout(done, 0);
    return;
  }
  requestAnimationFrame(() => setTimeout(done, 0));
}

export function recordPerf(values: PerfRecord): void {
  if (typeof window === 'undefined') return;
  window.__qoscopePerf = { ...(window.__qoscopePerf ?? {}), ...values };
}
