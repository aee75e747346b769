// State of the open investigation: the meeting overview, everyone's grades (quality map), the
// selected participant and their timeline, the tab and the minute in focus. Responses that
// arrive after the user moved on are dropped.

import { displayOffsetMinutes, zoneLabel } from './format';
import {
  meetingFindings,
  normalizeError,
  openDemoMeeting,
  openStartupMeeting,
  participantTimeline,
  minuteCauses,
  qualityMap,
} from './api';
import type { FindingsView } from './bindings/FindingsView';
import type { MeetingOverview } from './bindings/MeetingOverview';
import type { ParticipantRow } from './bindings/ParticipantRow';
import type { ParticipantTimeline } from './bindings/ParticipantTimeline';
import type { MinuteCause } from './bindings/MinuteCause';
import type { QualityMap } from './bindings/QualityMap';
import type { Loadable } from './loadable';
import { afterPaint, now, recordPerf } from './perf';
import { closeAllPopovers } from './popover.svelte';
import { loadLastTab, saveLastTab, type Tab } from './uiState';

export class Investigation {
  meeting = $state.raw<Loadable<MeetingOverview>>({ status: 'idle' });
  quality = $state.raw<Loadable<QualityMap>>({ status: 'idle' });
  /** The diagnosis: findings grouped by cause. */
  findings = $state.raw<Loadable<FindingsView>>({ status: 'idle' });
  selectedId = $state<string | null>(null);
  timeline = $state.raw<Loadable<ParticipantTimeline>>({ status: 'idle' });
  /** The visible tab (restored from the last run). */
  tab = $state<Tab>(loadLastTab());
  /** The minute (Unix seconds) to show in the participant's charts, e.g. from a heatmap click. */
  focusTime = $state<number | null>(null);
  /** When the meeting was asked for (performance.now), for the overview timing. */
  openedAt = 0;
  /** When the meeting's data arrived (performance.now), for the overview timing. */
  meetingReadyAt = 0;
  /** When the selected timeline was asked for, for the detail timing. */
  timelineAskedAt = 0;
  /** When the selected timeline arrived, for the detail timing. */
  timelineReadyAt = 0;
  /** When the grades arrived, for the overview timing. */
  qualityReadyAt = 0;

  #meetingRequest = 0;
  #timelineRequest = 0;

  /** The selected participant's row, if any. */
  selected: ParticipantRow | null = $derived.by(() => {
    const m = this.meeting;
    if (m.status !== 'ready' || this.selectedId === null) return null;
    return m.data.participants.find((p) => p.user_id === this.selectedId) ?? null;
  });

  /** Opens the built-in demo meeting. */
  openDemo(): Promise<void> {
    return this.#open(openDemoMeeting);
  }

  /** Opens the meeting the window starts on (QOSCOPE_OPEN_SNAPSHOT, else the demo). */
  openStartup(): Promise<void> {
    return this.#open(openStartupMeeting);
  }

  async #open(load: () => Promise<MeetingOverview>): Promise<void> {
    const request = ++this.#meetingRequest;
    this.#timelineRequest++;
    this.openedAt = now();
    this.meeting = { status: 'loading' };
    this.quality = { status: 'idle' };
    this.findings = { status: 'idle' };
    this.selectedId = null;
    this.focusTime = null;
    this.timeline = { status: 'idle' };
    try {
      const data = await load();
      if (request !== this.#meetingRequest) return;
      this.meetingReadyAt = now();
      // The grades are already computed (the meeting was analysed when it opened) and follow at
      // once: asked before the meeting renders, the table and the heatmap render once, with
      // them, rather than the table twice (without grades, then with) while their answer waits
      // for the first render. A failed answer still shows the meeting, with the error.
      await this.#loadQuality(request, data);
      if (request !== this.#meetingRequest) return;
      this.meeting = { status: 'ready', data };
      const first = data.participants[0];
      if (first) void this.select(first.user_id);
    } catch (error) {
      if (request !== this.#meetingRequest) return;
      this.meeting = { status: 'error', error: normalizeError(error) };
    }
  }

  /** The grades, then the findings; `meeting` is the one they are for when it is not shown yet. */
  async #loadQuality(request: number, meeting: MeetingOverview | null = null): Promise<void> {
    this.quality = { status: 'loading' };
    // The findings on screen are the last meeting's or the last thresholds': gone at once.
    this.findings = { status: 'loading' };
    let gradesShown = () => {};
    // Two paints: the first is the grades' own (the heatmap draws in the frame after they are
    // set), the second makes sure the findings render in a frame of their own.
    const gradesPainted = new Promise<void>((resolve) => (gradesShown = () => afterPaint(() => afterPaint(resolve))));
    try {
      const data = await qualityMap();
      if (request !== this.#meetingRequest) return;
      this.qualityReadyAt = now();
      this.quality = { status: 'ready', data };
    } catch (error) {
      if (request !== this.#meetingRequest) return;
      this.quality = { status: 'error', error: normalizeError(error) };
    } finally {
      gradesShown();
    }
    // Asked once the grades are in, not beside them: finding the causes takes the backend a
    // tenth of a second or more, and on a two-core machine that work would hold back the
    // grades' answer. It now runs while the page renders the grades.
    if (request === this.#meetingRequest) void this.#loadFindings(request, gradesPainted, meeting);
  }

  /**
   * The findings, asked once the grades are in and shown once the grades have painted: the
   * heatmap and the table are what the Overview is read by first, and the findings panel's
   * render would otherwise hold that paint back.
   */
  async #loadFindings(
    request: number,
    gradesPainted: Promise<void> = Promise.resolve(),
    meeting: MeetingOverview | null = null,
  ): Promise<void> {
    this.findings = { status: 'loading' };
    try {
      // The sentences in the display zone at the meeting's start (its summer or winter time).
      const m = meeting ?? (this.meeting.status === 'ready' ? this.meeting.data : null);
      const at = m?.start_time ?? m?.end_time ?? undefined;
      const data = await meetingFindings({ utcOffsetMinutes: displayOffsetMinutes(at), zoneLabel: zoneLabel(at) });
      await gradesPainted;
      if (request !== this.#meetingRequest) return;
      this.findings = { status: 'ready', data };
      const openedAt = this.openedAt;
      afterPaint(() => recordPerf({ findingsMs: now() - openedAt }));
    } catch (error) {
      if (request !== this.#meetingRequest) return;
      this.findings = { status: 'error', error: normalizeError(error) };
    }
  }

  /** What made a join's degraded minutes degraded (the heatmap asks per row, on hover). */
  async causesOf(userId: string): Promise<MinuteCause[]> {
    return (await minuteCauses(userId)).causes;
  }

  /** Loads the grades and findings again (the thresholds changed in Settings). */
  reloadAnalysis(): void {
    if (this.meeting.status === 'ready') void this.#loadQuality(this.#meetingRequest);
  }

  retryQuality(): void {
    void this.#loadQuality(this.#meetingRequest);
  }

  /** Shows a tab and remembers it for the next start. */
  show(tab: Tab): void {
    closeAllPopovers();
    this.tab = tab;
    saveLastTab(tab);
  }

  /** Opens a participant's detail, optionally at one minute (Unix seconds). */
  openParticipant(userId: string, time: number | null = null): void {
    this.focusTime = time;
    void this.select(userId);
    this.show('participant');
  }

  /**
   * Shows a meeting the backend has just opened (a fetch, a saved investigation). With
   * `keepSelection` (a refresh of the same meeting) the selected participant stays selected.
   */
  showMeeting(data: MeetingOverview, { keepSelection = false } = {}): void {
    const request = ++this.#meetingRequest;
    const keep = keepSelection && data.participants.some((p) => p.user_id === this.selectedId) ? this.selectedId : null;
    this.meeting = { status: 'ready', data };
    if (!keep) this.focusTime = null;
    // An investigation about a person opens on them: their first join, on the Participant tab.
    // A refresh of the same meeting (live) never moves to the person: the user stays where they are.
    const focused = keepSelection ? null : (data.focus?.user_ids[0] ?? null);
    const target = keep ?? focused ?? data.participants[0]?.user_id ?? null;
    this.selectedId = null;
    this.timeline = { status: 'idle' };
    if (target !== null) void this.select(target, { force: true });
    // Another meeting opens on its Overview and findings (not on the last meeting's tab).
    if (focused !== null) this.show('participant');
    else if (!keepSelection) this.show('overview');
    void this.#loadQuality(request);
  }

  /** Selects a participant (join) and loads their timeline. */
  async select(userId: string, { force = false } = {}): Promise<void> {
    if (!force && userId === this.selectedId && this.timeline.status !== 'idle') return;
    const request = ++this.#timelineRequest;
    this.selectedId = userId;
    this.timelineAskedAt = now();
    this.timeline = { status: 'loading' };
    try {
      const data = await participantTimeline(userId);
      if (request !== this.#timelineRequest) return;
      this.timelineReadyAt = now();
      this.timeline = { status: 'ready', data };
    } catch (error) {
      if (request !== this.#timelineRequest) return;
      this.timeline = { status: 'error', error: normalizeError(error) };
    }
  }

  retryTimeline(): void {
    if (this.selectedId !== null) void this.select(this.selectedId, { force: true });
  }
}
