import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import App from './App.svelte';
import * as api from './lib/api';
import * as chart from './lib/chart';
import {
  appInfoFixture,
  HOSTILE_NAME,
  meetingFixture,
  series,
  timelineFixture,
} from './test/fixtures';

// The backend: only the commands are replaced; error helpers stay real.
vi.mock('./lib/api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./lib/api')>();
  return {
    ...actual,
    appInfo: vi.fn(),
    openDemoMeeting: vi.fn(),
    participantTimeline: vi.fn(),
    listProfiles: vi.fn(),
  };
});

// uPlot needs a canvas, which happy-dom lacks; the options it gets are tested in chart.test.ts.
vi.mock('./lib/chart', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./lib/chart')>();
  return {
    ...actual,
    createMetricChart: vi.fn(async () => ({ setSize: vi.fn(), destroy: vi.fn() })),
  };
});

const openDemoMeeting = vi.mocked(api.openDemoMeeting);
const participantTimeline = vi.mocked(api.participantTimeline);
const appInfo = vi.mocked(api.appInfo);
const listProfiles = vi.mocked(api.listProfiles);
const createMetricChart = vi.mocked(chart.createMetricChart);

function rows() {
  return screen.getAllByTestId('participant-row');
}

function selectedRow() {
  return rows().find((r) => r.getAttribute('aria-selected') === 'true');
}

beforeEach(() => {
  openDemoMeeting.mockReset().mockResolvedValue(meetingFixture());
  participantTimeline.mockReset().mockImplementation(async (id) => timelineFixture(id));
  appInfo.mockReset().mockResolvedValue(appInfoFixture);
  listProfiles.mockReset().mockResolvedValue({ profiles: [], keychain_error: null });
  createMetricChart.mockClear();
});

describe('App', () => {
  it('shows the meeting title, header facts and every participant', async () => {
    render(App);
    expect(screen.getByText('Opening the demo meeting…')).toBeTruthy();

    const title = await screen.findByTestId('meeting-title');
    expect(title.textContent).toBe('Weekly IT service review');
    expect(screen.getByText('Demo data')).toBeTruthy();
    expect(screen.getByText('Priya Raman', { selector: 'dd' })).toBeTruthy();
    expect(screen.getByText(/4 people · 5 joins/)).toBeTruthy();
    expect(screen.getByText('857 4621 3390')).toBeTruthy();

    expect(rows()).toHaveLength(5);
    expect(rows().map((r) => r.dataset.userId)).toEqual(['16778240', '16781315', '16782342', '16785426', '16786456']);
    // TZ=Europe/Berlin in tests: 10:00Z is 11:00 local.
    expect(within(rows()[1]).getByText('11:00–11:31')).toBeTruthy();
    expect(within(rows()[1]).getByText('join 1/2')).toBeTruthy();
    expect(within(rows()[2]).getByText('rejoin 2/2')).toBeTruthy();
    expect(within(rows()[3]).getByText('Audio')).toBeTruthy();
    expect(within(rows()[3]).queryByText('Video')).toBeNull();

    expect((await screen.findByTestId('app-version')).textContent).toBe('0.1.0');
    expect(screen.getByRole('link', { name: /Demo meeting/ }).getAttribute('aria-current')).toBe('page');
  });

  it('selects the first participant, loads its timeline and draws the chart', async () => {
    render(App);
    await waitFor(() => expect(participantTimeline).toHaveBeenCalledWith('16778240'));
    await waitFor(() => expect(selectedRow()?.dataset.userId).toBe('16778240'));
    const chartEl = await screen.findByTestId('metric-chart');
    await waitFor(() => expect(createMetricChart).toHaveBeenCalled());

    const [target, spec] = createMetricChart.mock.calls.at(-1)!;
    expect(target).toBe(chartEl);
    // Default metric: sent video bitrate; the gap stays null.
    expect(spec.axisLabel).toBe('Bitrate (kbps)');
    expect(spec.data[1]).toEqual([1410, 1299, null, 1350, 1402, null]);

    const select = screen.getByTestId('metric-select') as HTMLSelectElement;
    expect(select.value).toBe('video_input/bitrate');
    expect(screen.getByLabelText('Metric')).toBe(select);
    expect([...select.options].map((o) => o.textContent)).toContain('Audio sent (audio_input) · Bitrate (kbps)');
    expect(screen.getByText(/No data for 2 of 6 minutes/)).toBeTruthy();
  });

  it('loads another participant’s timeline when its row is clicked', async () => {
    const { unmount } = render(App);
    await waitFor(() => expect(createMetricChart).toHaveBeenCalledTimes(1));
    const firstChart = await createMetricChart.mock.results[0].value;

    await fireEvent.click(rows()[3]);
    await waitFor(() => expect(participantTimeline).toHaveBeenLastCalledWith('16785426'));
    await waitFor(() => expect(selectedRow()?.dataset.userId).toBe('16785426'));
    expect(rows()[0].getAttribute('aria-selected')).toBe('false');
    expect(screen.getByRole('heading', { level: 2, name: 'Caller 555-0100' })).toBeTruthy();
    await waitFor(() => expect(createMetricChart).toHaveBeenCalledTimes(2));
    expect(firstChart.destroy).toHaveBeenCalled();
    unmount();
  });

  it('moves the selection with the keyboard', async () => {
    render(App);
    await waitFor(() => expect(selectedRow()?.dataset.userId).toBe('16778240'));
    expect(rows()[0].tabIndex).toBe(0);
    expect(rows()[1].tabIndex).toBe(-1);

    await fireEvent.keyDown(rows()[0], { key: 'ArrowDown' });
    await waitFor(() => expect(selectedRow()?.dataset.userId).toBe('16781315'));
    expect(participantTimeline).toHaveBeenLastCalledWith('16781315');
    await waitFor(() => expect(document.activeElement).toBe(rows()[1]));

    await fireEvent.keyDown(rows()[1], { key: 'End' });
    await waitFor(() => expect(selectedRow()?.dataset.userId).toBe('16786456'));
    await fireEvent.keyDown(rows()[4], { key: 'ArrowDown' });
    expect(selectedRow()?.dataset.userId).toBe('16786456');

    await fireEvent.keyDown(rows()[4], { key: 'Home' });
    await waitFor(() => expect(selectedRow()?.dataset.userId).toBe('16778240'));
    expect(rows()[0].tabIndex).toBe(0);
  });

  it('charts the metric picked in the select and keeps it for the next participant', async () => {
    render(App);
    const select = (await screen.findByTestId('metric-select')) as HTMLSelectElement;
    await fireEvent.change(select, { target: { value: 'video_input/resolution' } });
    await waitFor(() => expect(createMetricChart.mock.calls.at(-1)![1].axisLabel).toBe('Resolution (px)'));
    const spec = createMetricChart.mock.calls.at(-1)![1];
    expect(spec.data[1]).toEqual([720, 720, null, 360, 720, 720]);
    expect(spec.texts).toEqual(['1280×720', '1280×720', null, '640×360', '1280×720', '1280×720']);

    await fireEvent.click(rows()[1]);
    await waitFor(() => expect(selectedRow()?.dataset.userId).toBe('16781315'));
    await waitFor(() =>
      expect((screen.getByTestId('metric-select') as HTMLSelectElement).value).toBe('video_input/resolution'),
    );
  });

  it('falls back to audio bitrate for an audio-only participant', async () => {
    participantTimeline.mockImplementation(async (id) => ({
      ...timelineFixture(id, 'Caller 555-0100'),
      series: timelineFixture(id).series.filter((s) => s.media === 'audio'),
    }));
    render(App);
    const select = (await screen.findByTestId('metric-select')) as HTMLSelectElement;
    await waitFor(() => expect(select.value).toBe('audio_input/bitrate'));
    expect(select.options).toHaveLength(2);
  });

  it('shows the error and retries opening the meeting', async () => {
    openDemoMeeting.mockReset().mockRejectedValueOnce(
      new api.ApiFailure({ code: 'snapshot_unreadable', message: 'The demo snapshot could not be read.' }),
    );
    openDemoMeeting.mockResolvedValueOnce(meetingFixture());
    render(App);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The meeting could not be opened.');
    expect(alert.textContent).toContain('The demo snapshot could not be read.');
    expect(screen.queryByTestId('participant-row')).toBeNull();

    await fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect((await screen.findByTestId('meeting-title')).textContent).toBe('Weekly IT service review');
    expect(openDemoMeeting).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a timeline error with Retry, without losing the participant list', async () => {
    participantTimeline
      .mockReset()
      .mockRejectedValueOnce(new api.ApiFailure({ code: 'not_found', message: 'no participant with user_id "16778240"' }))
      .mockImplementation(async (id) => timelineFixture(id));
    render(App);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('no participant with user_id "16778240"');
    expect(rows()).toHaveLength(5);
    await fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    await screen.findByTestId('metric-chart');
    expect(participantTimeline).toHaveBeenCalledTimes(2);
    expect(participantTimeline).toHaveBeenLastCalledWith('16778240');
  });

  it('renders hostile Zoom strings as text', async () => {
    const { container } = render(App);
    await screen.findByTestId('meeting-title');
    const hostile = rows()[4];
    expect(hostile.textContent).toContain(HOSTILE_NAME);
    expect(within(hostile).getByText(HOSTILE_NAME).getAttribute('title')).toBe(HOSTILE_NAME);
    expect(container.querySelector('img')).toBeNull();
    expect(document.querySelector('img')).toBeNull();

    await fireEvent.click(hostile);
    expect(await screen.findByRole('heading', { level: 2, name: HOSTILE_NAME })).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
  });

  it('explains an empty meeting', async () => {
    openDemoMeeting.mockReset().mockResolvedValue(meetingFixture({ participants: [], person_count: 0 }));
    render(App);
    expect(await screen.findByText('No participants in this meeting’s data.')).toBeTruthy();
    expect(screen.queryByTestId('participant-row')).toBeNull();
    expect(participantTimeline).not.toHaveBeenCalled();
    expect(screen.getByText(/Select a participant/)).toBeTruthy();
  });

  it('shows data issues in a collapsible warning', async () => {
    openDemoMeeting
      .mockReset()
      .mockResolvedValue(meetingFixture({ data_issues: ['participant 16778240 at 2026-11-24T10:05:00Z: bad bitrate "abc"'] }));
    const { container } = render(App);
    await screen.findByTestId('meeting-title');
    const details = container.querySelector('details')!;
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')!.textContent).toMatch(/Warning: 1 value or record could not be read/);
    expect(details.textContent).toContain('bad bitrate "abc"');
  });

  it('explains a join without metrics', async () => {
    participantTimeline.mockReset().mockImplementation(async (id) => ({ ...timelineFixture(id), series: [] }));
    render(App);
    expect(await screen.findByText('No quality data for this join.')).toBeTruthy();
    expect(screen.queryByTestId('metric-select')).toBeNull();
  });

  it('ignores a slow timeline response for a participant no longer selected', async () => {
    let resolveFirst: (v: ReturnType<typeof timelineFixture>) => void = () => {};
    participantTimeline.mockReset().mockImplementationOnce(
      () => new Promise((resolve) => (resolveFirst = resolve)),
    );
    participantTimeline.mockImplementation(async (id) => ({
      ...timelineFixture(id),
      series: [series({ stream: 'audio_input', metric: 'jitter', metric_label: 'Jitter', unit: 'ms' })],
    }));
    render(App);
    await screen.findByTestId('meeting-title');
    await fireEvent.click(rows()[3]);
    const select = (await screen.findByTestId('metric-select')) as HTMLSelectElement;
    resolveFirst(timelineFixture('16778240'));
    await new Promise((r) => setTimeout(r, 10));
    expect(select.value).toBe('audio_input/jitter');
    expect(selectedRow()?.dataset.userId).toBe('16785426');
  });

  it('opens Accounts from the rail and goes back to the meeting', async () => {
    render(App);
    await screen.findByTestId('meeting-title');
    const accounts = screen.getByRole('button', { name: 'Accounts' });
    expect(accounts.getAttribute('aria-current')).toBeNull();
    await fireEvent.click(accounts);
    expect(await screen.findByRole('heading', { name: 'Accounts' })).toBeTruthy();
    expect(accounts.getAttribute('aria-current')).toBe('page');
    expect(screen.queryByTestId('meeting-title')).toBeNull();
    expect(listProfiles).toHaveBeenCalledTimes(1);
    await fireEvent.click(screen.getByRole('link', { name: /Demo meeting/ }));
    expect((await screen.findByTestId('meeting-title')).textContent).toBe('Weekly IT service review');
    expect(openDemoMeeting).toHaveBeenCalledTimes(1);
    expect(screen.getAllByTestId('participant-row').length).toBeGreaterThan(0);
  });
});
