// The rail's Find / Saved investigations / Settings navigation and how a fetch or a dropped
// file reaches the rest of the app.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import App from './App.svelte';
import * as api from './lib/api';
import type { ImportReport } from './lib/bindings/ImportReport';
import { appInfoFixture, meetingFixture, qualityFixture, timelineFixture } from './test/fixtures';

vi.mock('./lib/api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./lib/api')>();
  return {
    ...actual,
    appInfo: vi.fn(),
    openStartupMeeting: vi.fn(),
    qualityMap: vi.fn(),
    meetingFindings: vi.fn(),
    metricChoices: vi.fn(),
    participantTimeline: vi.fn(),
    fetchProfiles: vi.fn(),
    startFetch: vi.fn(),
    listInvestigations: vi.fn(),
    watchDroppedFiles: vi.fn(),
    getPreferences: vi.fn(),
    openInvestigation: vi.fn(),
    deleteInvestigation: vi.fn(),
  };
});

vi.mock('./lib/panelChart', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./lib/panelChart')>();
  return { ...actual, createPanelChart: vi.fn(async () => ({ setSize: vi.fn(), destroy: vi.fn() })) };
});

const DEMO = 'Demo (simulated Zoom)';
let onDrop: ((report: ImportReport) => void) | null = null;

const summary = {
  id: '20261126T101500',
  name: 'Escalation — 2026-11-24 14:00 UTC',
  topic: 'Escalation',
  meeting_number: '91234567890',
  start_time: '2026-11-24T14:00:00Z',
  person_count: 3,
  fetched_at: '2026-11-26T10:15:00Z',
  complete: false,
  source: 'simulator',
  profile: DEMO,
};

beforeEach(() => {
  vi.mocked(api.appInfo).mockReset().mockResolvedValue(appInfoFixture);
  vi.mocked(api.openStartupMeeting).mockReset().mockResolvedValue(meetingFixture());
  vi.mocked(api.qualityMap).mockReset().mockResolvedValue(qualityFixture());
  vi.mocked(api.meetingFindings).mockReset().mockResolvedValue({ causes: [], finding_count: 0, feedback: [] });
  vi.mocked(api.metricChoices).mockReset().mockResolvedValue([]);
  vi.mocked(api.participantTimeline).mockReset().mockImplementation(async (id) => timelineFixture(id));
  vi.mocked(api.fetchProfiles).mockReset().mockResolvedValue([DEMO]);
  vi.mocked(api.startFetch).mockReset();
  vi.mocked(api.listInvestigations).mockReset().mockResolvedValue([summary]);
  vi.mocked(api.getPreferences).mockReset().mockResolvedValue({ time_zone: 'local', requests_per_second: 30, thresholds: [] });
  vi.mocked(api.watchDroppedFiles)
    .mockReset()
    .mockImplementation(async (callback) => {
      onDrop = callback;
    });
});

describe('App navigation', () => {
  it('a fetch from New investigation opens the fetched meeting and says when it is partial', async () => {
    const fetched = meetingFixture({ title: 'Escalation', source: 'simulator' });
    vi.mocked(api.startFetch).mockResolvedValue({
      investigation: summary,
      overview: fetched,
      complete: false,
      message: 'Cancelled: the 2 participant joins fetched so far are saved (marked partial).',
    });
    render(App);
    await screen.findByTestId('meeting-title');
    expect(screen.getByText('Demo meeting')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('find-button'));
    await fireEvent.input(await screen.findByTestId('meeting-input'), { target: { value: '91234567890' } });
    await fireEvent.click(screen.getByTestId('fetch-button'));
    await waitFor(() => expect(screen.getByTestId('meeting-title').textContent).toBe('Escalation'));
    expect(screen.getByTestId('fetch-notice').textContent).toContain('marked partial');
    // The rail marks the fetched meeting's saved investigation as the open one.
    await waitFor(() => expect(screen.getByTestId('rail-open-meeting').textContent).toContain(summary.name));
    expect(screen.queryByText('Demo meeting')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('fetch-notice')).toBeNull();
  });

  it('files dropped on the window land in Saved investigations', async () => {
    render(App);
    await waitFor(() => expect(onDrop).not.toBeNull());
    onDrop?.({ imported: [summary], errors: [] });
    expect(await screen.findByTestId('saved-notice')).toBeTruthy();
    expect(screen.getByTestId('saved-notice').textContent).toBe(`Imported “${summary.name}”.`);
    expect(await screen.findAllByTestId('saved-row')).toHaveLength(1);
  });

  it('the rail reaches Settings and back to the meeting', async () => {
    render(App);
    await screen.findByTestId('meeting-title');
    await fireEvent.click(screen.getByTestId('settings-button'));
    expect(await screen.findByRole('heading', { name: 'Settings' })).toBeTruthy();
    expect(screen.getByTestId('settings-button').getAttribute('aria-current')).toBe('page');
    await fireEvent.click(screen.getByText('Demo meeting'));
    expect(await screen.findByTestId('meeting-title')).toBeTruthy();
  });
});

describe('a live meeting', () => {
  it('is fetched again every 60 s into the same investigation until stopped', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const first = meetingFixture({ title: 'Stand-up', source: 'simulator' });
      const liveSummary = { ...summary, id: 'live-1', complete: true };
      vi.mocked(api.startFetch).mockResolvedValue({ investigation: liveSummary, overview: first, complete: true, message: 'ok' });
      render(App);
      await screen.findByTestId('meeting-title');
      await fireEvent.click(screen.getByTestId('find-button'));
      await fireEvent.input(await screen.findByTestId('meeting-input'), { target: { value: '92555000111' } });
      await fireEvent.click(screen.getByTestId('live-check'));
      await fireEvent.click(screen.getByTestId('fetch-button'));
      expect(await screen.findByTestId('live-bar')).toBeTruthy();
      expect(vi.mocked(api.startFetch)).toHaveBeenCalledTimes(1);

      vi.mocked(api.startFetch).mockResolvedValue({
        investigation: liveSummary,
        overview: meetingFixture({ title: 'Stand-up (newer)', source: 'simulator' }),
        complete: true,
        message: 'ok',
      });
      await vi.advanceTimersByTimeAsync(60_000);
      expect(vi.mocked(api.startFetch)).toHaveBeenCalledTimes(2);
      expect(vi.mocked(api.startFetch).mock.calls[1][0]).toEqual({
        profile: DEMO,
        meeting: '92555000111',
        live: true,
        webinar: false,
        focus: null,
        replace: 'live-1',
      });
      await waitFor(() => expect(screen.getByTestId('meeting-title').textContent).toBe('Stand-up (newer)'));

      await fireEvent.click(screen.getByRole('button', { name: 'Stop auto-refresh' }));
      expect(screen.queryByTestId('live-bar')).toBeNull();
      await vi.advanceTimersByTimeAsync(120_000);
      expect(vi.mocked(api.startFetch)).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks before leaving Settings with unsaved changes, and keeps them on "Keep editing"', async () => {
    render(App);
    await fireEvent.click(await screen.findByTestId('settings-button'));
    const rate = (await screen.findByTestId('rate-input')) as HTMLInputElement;
    // No change: leaving asks nothing.
    await fireEvent.click(screen.getByTestId('accounts-button'));
    expect(screen.queryByTestId('unsaved-question')).toBeNull();
    await fireEvent.click(screen.getByTestId('settings-button'));
    const input = (await screen.findByTestId('rate-input')) as HTMLInputElement;
    expect(rate).not.toBe(input);
    await fireEvent.input(input, { target: { value: '12' } });
    expect(screen.getByTestId('settings-unsaved')).toBeTruthy();

    await fireEvent.click(screen.getByTestId('investigations-button'));
    expect(screen.getByTestId('unsaved-question').textContent).toContain('unsaved changes');
    await fireEvent.click(screen.getByRole('button', { name: 'Keep editing' }));
    expect(screen.queryByTestId('unsaved-question')).toBeNull();
    expect((screen.getByTestId('rate-input') as HTMLInputElement).value).toBe('12');

    await fireEvent.click(screen.getByTestId('investigations-button'));
    await fireEvent.click(screen.getByRole('button', { name: 'Leave without saving' }));
    expect(screen.queryByTestId('rate-input')).toBeNull();
    expect(await screen.findAllByTestId('saved-row')).toHaveLength(1);
  });

  it('the rail lists saved investigations newest first, searchable; opening one marks it and shows its Overview', async () => {
    const items = Array.from({ length: 7 }, (_, i) => ({
      ...summary,
      id: `inv-${i}`,
      name: i === 3 ? 'Board meeting — Zoë' : `Meeting ${i}`,
      fetched_at: `2026-11-2${i}T10:00:00Z`,
    }));
    vi.mocked(api.listInvestigations).mockResolvedValue(items);
    vi.mocked(api.openInvestigation).mockResolvedValue(meetingFixture({ title: 'Board meeting', source: 'simulator' }));
    render(App);
    await waitFor(() => expect(screen.getAllByTestId('rail-investigation')).toHaveLength(7));
    const names = screen.getAllByTestId('rail-investigation').map((a) => a.querySelector('.investigation-name')!.textContent);
    expect(names[0]).toBe('Meeting 6');
    expect(names.at(-1)).toBe('Meeting 0');
    await fireEvent.input(screen.getByTestId('rail-search'), { target: { value: 'zoe' } });
    expect(screen.getAllByTestId('rail-investigation')).toHaveLength(1);
    await fireEvent.click(screen.getByTestId('rail-investigation'));
    await waitFor(() => expect(screen.getByTestId('meeting-title').textContent).toBe('Board meeting'));
    expect(vi.mocked(api.openInvestigation)).toHaveBeenCalledWith('inv-3');
    const open = screen.getByTestId('rail-open-meeting');
    expect(open.getAttribute('aria-current')).toBe('page');
    expect(open.textContent).toContain('Board meeting — Zoë');
    expect(screen.getByTestId('saved-name').textContent).toBe('Saved as “Board meeting — Zoë”');
    expect(screen.getByTestId('tab-overview').getAttribute('aria-selected')).toBe('true');
  });

  it('deleting the open investigation closes it', async () => {
    vi.mocked(api.openInvestigation).mockResolvedValue(meetingFixture({ title: 'Escalation', source: 'simulator' }));
    vi.mocked(api.deleteInvestigation).mockResolvedValue(undefined);
    render(App);
    await fireEvent.click(await screen.findByTestId('rail-investigation'));
    await waitFor(() => expect(screen.getByTestId('meeting-title').textContent).toBe('Escalation'));
    await fireEvent.click(screen.getByTestId('investigations-button'));
    vi.mocked(api.listInvestigations).mockResolvedValue([]);
    await fireEvent.click(await screen.findByRole('button', { name: `Delete ${summary.name}` }));
    await fireEvent.click(screen.getByTestId('confirm-delete'));
    await fireEvent.click(await screen.findByTestId('rail-open-meeting'));
    await waitFor(() => expect(screen.getByTestId('meeting-title').textContent).toBe(meetingFixture().title));
    expect(screen.getByText('Demo meeting')).toBeTruthy();
  });

  it('points to the findings from the top of the Overview (in a narrow window they sit below the table)', async () => {
    render(App);
    const pointer = await screen.findByTestId('findings-pointer');
    await waitFor(() => expect(pointer.textContent).toContain('Findings: 0 causes below the participants'));
    await fireEvent.click(screen.getByTestId('findings-toggle'));
    expect(screen.queryByTestId('findings-panel')).toBeNull();
    await fireEvent.click(pointer);
    expect(screen.getByTestId('findings-toggle').getAttribute('aria-expanded')).toBe('true');
  });
});
