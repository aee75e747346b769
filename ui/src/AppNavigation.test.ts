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
    expect(screen.getByText('Open meeting')).toBeTruthy();
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
});
