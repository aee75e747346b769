// State of the open investigation: the meeting overview, the selected participant and their
// timeline. Responses that arrive after the user moved on are dropped.

import { normalizeError, openDemoMeeting, participantTimeline } from './api';
import type { MeetingOverview } from './bindings/MeetingOverview';
import type { ParticipantRow } from './bindings/ParticipantRow';
import type { ParticipantTimeline } from './bindings/ParticipantTimeline';
import type { Loadable } from './loadable';

export class Investigation {
  meeting = $state.raw<Loadable<MeetingOverview>>({ status: 'idle' });
  selectedId = $state<string | null>(null);
  timeline = $state.raw<Loadable<ParticipantTimeline>>({ status: 'idle' });

  #meetingRequest = 0;
  #timelineRequest = 0;

  /** The selected participant's row, if any. */
  selected: ParticipantRow | null = $derived.by(() => {
    const m = this.meeting;
    if (m.status !== 'ready' || this.selectedId === null) return null;
    return m.data.participants.find((p) => p.user_id === this.selectedId) ?? null;
  });

  /** Opens the demo meeting and selects its first participant. */
  async openDemo(): Promise<void> {
    const request = ++this.#meetingRequest;
    this.#timelineRequest++;
    this.meeting = { status: 'loading' };
    this.selectedId = null;
    this.timeline = { status: 'idle' };
    try {
      const data = await openDemoMeeting();
      if (request !== this.#meetingRequest) return;
      this.meeting = { status: 'ready', data };
      const first = data.participants[0];
      if (first) void this.select(first.user_id);
    } catch (error) {
      if (request !== this.#meetingRequest) return;
      this.meeting = { status: 'error', error: normalizeError(error) };
    }
  }

  /**
   * Shows a meeting the backend has just opened (a fetch, a saved investigation). With
   * `keepSelection` (a refresh of the same meeting) the selected participant stays selected.
   */
  show(data: MeetingOverview, { keepSelection = false } = {}): void {
    ++this.#meetingRequest;
    const keep = keepSelection && data.participants.some((p) => p.user_id === this.selectedId) ? this.selectedId : null;
    this.meeting = { status: 'ready', data };
    const target = keep ?? data.participants[0]?.user_id ?? null;
    this.selectedId = null;
    this.timeline = { status: 'idle' };
    if (target !== null) void this.select(target, { force: true });
  }

  /** Selects a participant (join) and loads their timeline. */
  async select(userId: string, { force = false } = {}): Promise<void> {
    if (!force && userId === this.selectedId && this.timeline.status !== 'idle') return;
    const request = ++this.#timelineRequest;
    this.selectedId = userId;
    this.timeline = { status: 'loading' };
    try {
      const data = await participantTimeline(userId);
      if (request !== this.#timelineRequest) return;
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
