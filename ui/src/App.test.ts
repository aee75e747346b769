import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import App from './App.svelte';
import * as api from './lib/api';
import * as panelChart from './lib/panelChart';
import {
  appInfoFixture,
  findingsFixture,
  HOSTILE_NAME,
  meetingFixture,
  minuteCausesFixture,
  qualityFixture,
  T0,
  timelineFixture,
  verdictFixture,
} from './test/fixtures';

// The backend: only the commands are replaced; error helpers stay real.
vi.mock('./lib/api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./lib/api')>();
  return {
    ...actual,
    appInfo: vi.fn(),
    openStartupMeeting: vi.fn(),
    qualityMap: vi.fn(),
    minuteCauses: vi.fn(),
    meetingFindings: vi.fn(),
    participantTimeline: vi.fn(),
    metricChoices: vi.fn(),
    metricAcross: vi.fn(),
    listProfiles: vi.fn(),
    exportChart: vi.fn(),
  };
});

// uPlot needs a canvas, which happy-dom lacks; the options it gets are tested in panelChart.test.ts.
vi.mock('./lib/panelChart', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./lib/panelChart')>();
  return { ...actual, createPanelChart: vi.fn(async () => ({ setSize: vi.fn(), destroy: vi.fn() })) };
});

const openStartupMeeting = vi.mocked(api.openStartupMeeting);
const qualityMap = vi.mocked(api.qualityMap);
const meetingFindings = vi.mocked(api.meetingFindings);
const minuteCauses = vi.mocked(api.minuteCauses);
const participantTimeline = vi.mocked(api.participantTimeline);
const metricChoices = vi.mocked(api.metricChoices);
const metricAcross = vi.mocked(api.metricAcross);
const appInfo = vi.mocked(api.appInfo);
const listProfiles = vi.mocked(api.listProfiles);
const createPanelChart = vi.mocked(panelChart.createPanelChart);
const exportChart = vi.mocked(api.exportChart);

function tableRows() {
  return screen.getAllByTestId('table-row');
}

/** happy-dom never reports intersections: charts count as on screen as soon as they mount. */
class OnScreen {
  constructor(private readonly callback: (entries: { isIntersecting: boolean }[]) => void) {}
  observe() {
    queueMicrotask(() => this.callback([{ isIntersecting: true }]));
  }
  disconnect() {}
  unobserve() {}
}

beforeEach(() => {
  vi.stubGlobal('IntersectionObserver', OnScreen);
  localStorage.clear();
  openStartupMeeting.mockReset().mockResolvedValue(meetingFixture());
  qualityMap.mockReset().mockResolvedValue(qualityFixture());
  minuteCauses.mockReset().mockImplementation(async (id) => ({ user_id: id, causes: id === '16781315' ? minuteCausesFixture() : [] }));
  meetingFindings.mockReset().mockResolvedValue(findingsFixture());
  participantTimeline.mockReset().mockImplementation(async (id) => timelineFixture(id));
  metricChoices.mockReset().mockResolvedValue([
    { stream: 'audio_input', metric: 'avg_loss', label: 'Audio sent (audio_input) · Packet loss (avg) (%)', stream_label: 'Stream', metric_label: 'Metric', api_streams: ['audio_input'], joins: 3 },
  ]);
  metricAcross.mockReset().mockResolvedValue({
    stream: 'audio_input',
    metric: 'avg_loss',
    stream_label: 'Audio sent (audio_input)',
    metric_label: 'Packet loss (avg)',
    unit: '%',
    times: [0, 1, 2].map((i) => T0 + 60 * i),
    rows: [
      { user_id: '16778240', display_name: 'Priya Raman', api_stream: 'audio_input', values: [0.1, 0.2, 0.1] },
      { user_id: '16781315', display_name: 'Marcus Silva', api_stream: 'audio_input', values: [0.5, 14, null] },
      { user_id: '16786456', display_name: HOSTILE_NAME, api_stream: 'audio_input', values: [1, 4, 2] },
    ],
    median: [0.5, 4, 1.05],
    limits: { warning: 3, poor: 10, higher_is_worse: true },
  });
  appInfo.mockReset().mockResolvedValue(appInfoFixture);
  listProfiles.mockReset().mockResolvedValue({ profiles: [], keychain_error: null });
  createPanelChart.mockClear();
});

describe('App — overview', () => {
  it('shows the header, the heatmap and every join in the table, worst first', async () => {
    render(App);
    expect(screen.getByText('Opening the meeting…')).toBeTruthy();
    const title = await screen.findByTestId('meeting-title');
    expect(title.textContent).toBe('Weekly IT service review');
    expect(screen.getByText(/4 people · 5 joins/)).toBeTruthy();
    expect(screen.getByTestId('tab-overview').getAttribute('aria-selected')).toBe('true');

    const heatmap = await screen.findByTestId('heatmap');
    expect(heatmap.dataset.rows).toBe('4');
    expect(heatmap.dataset.minutes).toBe('6');
    expect(heatmap.getAttribute('aria-label')).toMatch(/2 joins of 4 had warning or poor minutes/);

    await waitFor(() => expect(tableRows()[0].dataset.userId).toBe('16781315'));
    expect(tableRows()).toHaveLength(5);
    expect(within(tableRows()[0]).getByLabelText(/Overall: worst poor, 3 minutes degraded/)).toBeTruthy();
    expect((await screen.findByTestId('app-version')).textContent).toBe('0.1.0');
  });

  it('keeps only the rows in view in the DOM for a 300-join meeting', async () => {
    const base = meetingFixture().participants[0];
    const participants = Array.from({ length: 300 }, (_, i) => ({
      ...base,
      user_id: String(20000000 + i),
      display_name: `Person ${i}`,
      user_name: `Person ${i}`,
    }));
    openStartupMeeting.mockReset().mockResolvedValue(meetingFixture({ participants, person_count: 300 }));
    qualityMap.mockReset().mockResolvedValue(
      qualityFixture({
        rows: participants.map((p) => ({
          user_id: p.user_id,
          all: 'gggggg',
          audio: 'gggggg',
          video: 'gggggg',
          screen_share: '------',
          device: 'gggggg',
          causes: [],
          zoom_verdict: verdictFixture(),
        })),
        episodes: [],
      }),
    );
    render(App);
    expect(await screen.findByTestId('heatmap')).toBeTruthy();
    expect(screen.getByTestId('table-count').textContent).toMatch(/300 joins/);
    expect(tableRows().length).toBeLessThan(60);
    expect(tableRows()[0].getAttribute('aria-rowindex')).toBe('2');
  });

  it('renders hostile Zoom strings as text everywhere', async () => {
    render(App);
    await screen.findByTestId('heatmap');
    const names = screen.getAllByTestId('table-name').map((n) => n.textContent);
    expect(names).toContain(HOSTILE_NAME);
    expect(document.querySelector('img')).toBeNull();
    const hostile = tableRows().find((r) => r.dataset.userId === '16786456')!;
    await fireEvent.click(hostile);
    expect((await screen.findByTestId('detail-name')).textContent).toBe(HOSTILE_NAME);
    expect(document.querySelector('img')).toBeNull();
  });

  it('opens a participant at a minute from the heatmap with the keyboard', async () => {
    render(App);
    const heatmap = await screen.findByTestId('heatmap');
    heatmap.focus();
    await fireEvent.focus(heatmap);
    await fireEvent.keyDown(heatmap, { key: 'ArrowRight' });
    await fireEvent.keyDown(heatmap, { key: 'ArrowRight' });
    // Row 0 is the worst join (Marcus, first join, named as the backend labels it); minute 2 is poor.
    // The cause comes with the row's own answer, asked when the keyboard reached the row.
    await waitFor(() =>
      expect(screen.getByTestId('heatmap-tip').textContent).toMatch(/Marcus Silva \(1\/2\) · \d\d:02 \S+ \(\+2 min\) · Poor · Audio sent/),
    );
    expect(minuteCauses.mock.calls).toEqual([['16781315']]);
    await fireEvent.keyDown(heatmap, { key: 'Enter' });
    await waitFor(() => expect(participantTimeline).toHaveBeenLastCalledWith('16781315'));
    expect(screen.getByTestId('tab-participant').getAttribute('aria-selected')).toBe('true');
    expect((await screen.findByTestId('detail-name')).textContent).toBe('Marcus Silva (1/2)');
    // The charts mark the minute that was opened.
    await waitFor(() => expect(createPanelChart).toHaveBeenCalled());
    expect(createPanelChart.mock.calls.at(-1)![1].focusTime).toBe(T0 + 120);
  });

  it('exports the zoomed range of a participant’s charts', async () => {
    exportChart.mockReset().mockResolvedValue(null);
    render(App);
    const heatmap = await screen.findByTestId('heatmap');
    heatmap.focus();
    await fireEvent.focus(heatmap);
    await fireEvent.keyDown(heatmap, { key: 'Enter' });
    await waitFor(() => expect(createPanelChart).toHaveBeenCalled());
    const spec = createPanelChart.mock.calls.at(-1)![1];
    expect(screen.getByRole('button', { name: 'Export these charts' })).toBeTruthy();
    // Dragging across a chart zooms every chart; the export follows the zoom.
    spec.onZoom?.([T0 + 60, T0 + 180]);
    const zoomed = await screen.findByRole('button', { name: 'Export these charts (zoomed range)' });
    await fireEvent.click(zoomed);
    await fireEvent.click(screen.getByRole('button', { name: /Save PNG/ }));
    await waitFor(() => expect(exportChart).toHaveBeenCalled());
    // What is on screen: the chosen stream group, sent beside received (never one side).
    expect(exportChart.mock.calls[0][0]).toMatchObject({
      chart: 'sent_received',
      user_id: '16781315',
      media: 'audio',
      stream: null,
      from: new Date((T0 + 60) * 1000).toISOString(),
      to: new Date((T0 + 180) * 1000).toISOString(),
    });
    // Double-click resets the zoom: the whole join again.
    spec.onZoom?.(null);
    expect(await screen.findByRole('button', { name: 'Export these charts' })).toBeTruthy();
    // Another stream group on screen is what the export draws.
    await fireEvent.click(screen.getByTestId('detail-media-all'));
    if (!screen.queryByRole('button', { name: /Save PNG/ })) {
      await fireEvent.click(await screen.findByRole('button', { name: 'Export these charts' }));
    }
    await fireEvent.click(await screen.findByRole('button', { name: /Save PNG/ }));
    await waitFor(() => expect(exportChart).toHaveBeenCalledTimes(2));
    expect(exportChart.mock.calls[1][0]).toMatchObject({ chart: 'sent_received', media: 'all', from: null, to: null });
  });

  it('shows the findings beside the overview and jumps to a participant at a minute', async () => {
    render(App);
    const panel = await screen.findByTestId('findings-panel');
    // Exports sit on the meeting header and the heatmap.
    expect(screen.getByRole('button', { name: /PDF report of the whole meeting/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: /Export the heatmap/ })).toBeTruthy();
    expect(panel.textContent).toContain("Marcus Silva's uplink was poor");
    const jump = screen.getAllByTestId('finding-jump').find((b) => b.textContent?.includes('Priya Raman'))!;
    await fireEvent.click(jump);
    await waitFor(() => expect(participantTimeline).toHaveBeenLastCalledWith('16778240'));
    expect(screen.getByTestId('tab-participant').getAttribute('aria-selected')).toBe('true');
    await waitFor(() => expect(createPanelChart).toHaveBeenCalled());
    expect(createPanelChart.mock.calls.at(-1)![1].focusTime).toBe(T0 + 120);
    // The panel folds away and comes back.
    await fireEvent.click(screen.getByTestId('tab-overview'));
    await fireEvent.click(screen.getByTestId('findings-toggle'));
    expect(screen.queryByTestId('findings-panel')).toBeNull();
    await fireEvent.click(screen.getByTestId('findings-toggle'));
    expect(screen.getByTestId('findings-panel')).toBeTruthy();
  });

  it('asks for the findings once the grades are in, in the zone of the meeting’s date', async () => {
    // Opened in (Berlin's) winter, a summer meeting's findings are written in summer time.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-07T12:00:00Z'));
    try {
      const summer = { ...meetingFixture(), start_time: '2026-07-14T10:00:00Z', end_time: '2026-07-14T11:00:00Z' };
      openStartupMeeting.mockResolvedValue(summer);
      let gradesAnswered = false;
      qualityMap.mockImplementation(async () => {
        expect(meetingFindings).not.toHaveBeenCalled();
        gradesAnswered = true;
        return qualityFixture();
      });
      meetingFindings.mockImplementation(async () => {
        expect(gradesAnswered).toBe(true);
        return findingsFixture();
      });
      render(App);
      await screen.findByTestId('findings-panel');
      expect(meetingFindings).toHaveBeenCalledTimes(1);
      expect(meetingFindings.mock.calls[0][0]).toMatchObject({ utcOffsetMinutes: 120 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('filters and searches the table and explains when nothing matches', async () => {
    render(App);
    await screen.findByTestId('heatmap');
    await fireEvent.change(screen.getByTestId('table-filter'), { target: { value: 'poor' } });
    await waitFor(() => expect(tableRows()).toHaveLength(1));
    expect(screen.getByTestId('table-count').textContent).toMatch(/1 of 5 joins/);
    await fireEvent.input(screen.getByTestId('table-search'), { target: { value: 'nobody-here' } });
    expect(await screen.findByText('No participant matches.')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(tableRows()).toHaveLength(5));
  });

  it('shows a grading error with Retry and keeps the table', async () => {
    qualityMap
      .mockReset()
      .mockRejectedValueOnce(new api.ApiFailure({ code: 'internal', message: 'grading failed' }))
      .mockResolvedValue(qualityFixture());
    render(App);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The quality grades could not be computed.');
    expect(tableRows()).toHaveLength(5);
    await fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('heatmap')).toBeTruthy();
  });

  it('shows the error and retries opening the meeting', async () => {
    openStartupMeeting
      .mockReset()
      .mockRejectedValueOnce(new api.ApiFailure({ code: 'snapshot_unreadable', message: 'The snapshot could not be read.' }))
      .mockResolvedValueOnce(meetingFixture());
    render(App);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The meeting could not be opened.');
    expect(alert.textContent).toContain('The snapshot could not be read.');
    await fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect((await screen.findByTestId('meeting-title')).textContent).toBe('Weekly IT service review');
    expect(openStartupMeeting).toHaveBeenCalledTimes(2);
  });

  it('explains an empty meeting', async () => {
    openStartupMeeting.mockReset().mockResolvedValue(meetingFixture({ participants: [], person_count: 0 }));
    qualityMap.mockReset().mockResolvedValue(qualityFixture({ rows: [], minutes: 0, episodes: [] }));
    render(App);
    expect(await screen.findByText('No participants in this meeting’s data.')).toBeTruthy();
    expect(await screen.findByText('Nothing to map.')).toBeTruthy();
    expect(participantTimeline).not.toHaveBeenCalled();
  });
});

describe('App — tabs and manners', () => {
  it('switches tabs with Alt+number and arrow keys, and remembers the last one', async () => {
    render(App);
    await screen.findByTestId('heatmap');
    await fireEvent.keyDown(window, { key: '3', altKey: true });
    expect(screen.getByTestId('tab-compare').getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByTestId('tab-compare'));
    await fireEvent.keyDown(screen.getByTestId('tab-compare'), { key: 'ArrowLeft' });
    expect(screen.getByTestId('tab-participant').getAttribute('aria-selected')).toBe('true');
    expect(JSON.parse(localStorage.getItem('qoscope.ui.v1')!)).toEqual({ tab: 'participant' });
  });

  it('opens on the tab used last time', async () => {
    localStorage.setItem('qoscope.ui.v1', JSON.stringify({ tab: 'participant' }));
    render(App);
    expect((await screen.findByTestId('detail-name')).textContent).toBe('Priya Raman');
    expect(screen.getByTestId('tab-participant').getAttribute('aria-selected')).toBe('true');
  });

  it('opens Accounts from the rail and goes back to the meeting', async () => {
    render(App);
    await screen.findByTestId('meeting-title');
    const accounts = screen.getByRole('button', { name: 'Accounts' });
    await fireEvent.click(accounts);
    expect(await screen.findByRole('heading', { name: 'Accounts' })).toBeTruthy();
    expect(screen.queryByTestId('meeting-title')).toBeNull();
    await fireEvent.click(screen.getByRole('link', { name: /Demo meeting/ }));
    expect((await screen.findByTestId('meeting-title')).textContent).toBe('Weekly IT service review');
    expect(openStartupMeeting).toHaveBeenCalledTimes(1);
  });
});

describe('App — participant', () => {
  async function openParticipantTab() {
    render(App);
    await screen.findByTestId('heatmap');
    await fireEvent.click(screen.getByTestId('tab-participant'));
  }

  it('shows facts and small multiples: sent | received per metric, gaps as null, limits passed on', async () => {
    participantTimeline.mockImplementation(async (id) => {
      const t = timelineFixture(id);
      t.series.push({
        ...t.series[1],
        stream: 'audio_output',
        stream_label: 'Audio received (audio_output)',
        direction: 'received',
        values: [40, 41, null, null, 44, 45],
        limits: { warning: 150, poor: 300, higher_is_worse: true },
      });
      return t;
    });
    await openParticipantTab();
    const facts = await screen.findByTestId('participant-facts');
    expect(facts.textContent).toContain('MacBook Pro Microphone');
    expect(facts.textContent).toContain('203.0.113.24');
    const grid = await screen.findByTestId('small-multiples');
    // Audio: bitrate (sent only) and latency (sent and received).
    expect(within(grid).getAllByTestId('panel-chart')).toHaveLength(3);
    expect(within(grid).getByText('Audio · Bitrate: not received')).toBeTruthy();
    await waitFor(() => expect(createPanelChart).toHaveBeenCalledTimes(3));
    const received = createPanelChart.mock.calls.find(([, s]) => s.lines[0].label === 'Received')![1];
    expect(received.lines[0].values).toEqual([40, 41, null, null, 44, 45]);
    expect(received.limits).toEqual({ warning: 150, poor: 300, higher_is_worse: true });
    expect(new Set(createPanelChart.mock.calls.map(([, s]) => s.syncKey))).toEqual(new Set(['participant-detail']));
  });

  it('switches the charted streams with the chips', async () => {
    await openParticipantTab();
    await screen.findByTestId('small-multiples');
    await fireEvent.click(screen.getByTestId('detail-media-video'));
    await waitFor(() =>
      expect(within(screen.getByTestId('small-multiples')).getAllByTestId('panel-chart')).toHaveLength(2),
    );
    expect(screen.getByTestId('detail-media-video').getAttribute('aria-checked')).toBe('true');
  });

  it('shows a timeline error with Retry', async () => {
    participantTimeline
      .mockReset()
      .mockRejectedValueOnce(new api.ApiFailure({ code: 'not_found', message: 'no participant with user_id "16778240"' }))
      .mockImplementation(async (id) => timelineFixture(id));
    await openParticipantTab();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('no participant with user_id "16778240"');
    await fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('small-multiples')).toBeTruthy();
  });

  it('explains a join without metrics', async () => {
    participantTimeline.mockReset().mockImplementation(async (id) => ({ ...timelineFixture(id), series: [] }));
    await openParticipantTab();
    expect(await screen.findByText('No quality data for this join.')).toBeTruthy();
  });
});

describe('App — compare', () => {
  it('overlays the worst joins with the median and lists everyone at the worst minute', async () => {
    render(App);
    await screen.findByTestId('heatmap');
    await fireEvent.click(screen.getByTestId('tab-compare'));
    await waitFor(() => expect(metricAcross).toHaveBeenCalledWith('audio_input', 'avg_loss'));
    const chips = await screen.findAllByTestId('compare-chip');
    expect(chips.map((c) => c.textContent)).toEqual(expect.arrayContaining([expect.stringContaining('Marcus Silva')]));
    await waitFor(() => expect(createPanelChart.mock.calls.some(([, s]) => s.syncKey === 'compare')).toBe(true));
    const spec = createPanelChart.mock.calls.find(([, s]) => s.syncKey === 'compare')![1];
    expect(spec.lines[0].label).toBe('Median of everyone');
    expect(spec.lines[0].values).toEqual([0.5, 4, 1.05]);
    // Minute 1 has the worst median: Marcus 14 % first, then the hostile name (as text), then Priya.
    const names = within(screen.getByTestId('minute-strip'))
      .getAllByTestId('strip-name')
      .map((n) => n.textContent);
    expect(names).toEqual(['Marcus Silva', HOSTILE_NAME, 'Priya Raman']);
    expect(document.querySelector('img')).toBeNull();
    await fireEvent.click(screen.getAllByTitle('Open Marcus Silva at this minute')[0]);
    await waitFor(() => expect(screen.getByTestId('tab-participant').getAttribute('aria-selected')).toBe('true'));
    expect(participantTimeline).toHaveBeenLastCalledWith('16781315');
  });

  it('explains a failed metric list with Retry', async () => {
    metricChoices
      .mockReset()
      .mockRejectedValueOnce(new api.ApiFailure({ code: 'not_found', message: 'no meeting is open; open one first' }))
      .mockResolvedValue([]);
    render(App);
    await screen.findByTestId('heatmap');
    await fireEvent.click(screen.getByTestId('tab-compare'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('no meeting is open');
    await fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('Nothing to compare.')).toBeTruthy();
  });
});
