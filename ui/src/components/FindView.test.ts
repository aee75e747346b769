import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../lib/api';
import { ApiFailure } from '../lib/api';
import type { FetchEvent } from '../lib/bindings/FetchEvent';
import type { FetchResult } from '../lib/bindings/FetchResult';
import type { MeetingHit } from '../lib/bindings/MeetingHit';
import { HOSTILE_NAME, meetingFixture, minuteCausesFixture, qualityFixture } from '../test/fixtures';
import FindView from './FindView.svelte';

vi.mock('../lib/api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../lib/api')>();
  return {
    ...actual,
    fetchProfiles: vi.fn(),
    startFetch: vi.fn(),
    cancelFetch: vi.fn(),
    searchMeetings: vi.fn(),
    meetingInstances: vi.fn(),
    searchPerson: vi.fn(),
  };
});

const fetchProfiles = vi.mocked(api.fetchProfiles);
const startFetch = vi.mocked(api.startFetch);
const cancelFetch = vi.mocked(api.cancelFetch);
const searchMeetings = vi.mocked(api.searchMeetings);
const meetingInstances = vi.mocked(api.meetingInstances);

const DEMO = 'Demo (simulated Zoom)';

function result(overrides: Partial<FetchResult> = {}): FetchResult {
  return {
    investigation: {
      id: '20261126T101500',
      name: 'Weekly IT service review — 2026-11-25 10:00 UTC',
      topic: 'Weekly IT service review',
      meeting_number: '85746213390',
      start_time: '2026-11-25T10:00:00Z',
      person_count: 8,
      fetched_at: '2026-11-26T10:15:00Z',
      complete: true,
      source: 'simulator',
      profile: DEMO,
    },
    overview: meetingFixture(),
    complete: true,
    message: 'Fetched 9 participant joins.',
    ...overrides,
  };
}

function hit(overrides: Partial<MeetingHit> = {}): MeetingHit {
  return {
    uuid: '4444AAAiAAAAAiAiAiiAii==',
    meeting_number: '91234567890',
    topic: 'Weekly escalation call',
    host: 'Ana Lima',
    start_time: '2026-11-24T14:00:00Z',
    end_time: '2026-11-24T14:20:00Z',
    duration: '00:20:00',
    participants: 3,
    ...overrides,
  };
}

/** A fetch the test finishes by hand, with the progress callback it was given. */
function pendingFetch() {
  let resolve!: (r: FetchResult) => void;
  let reject!: (e: unknown) => void;
  let emit!: (e: FetchEvent) => void;
  startFetch.mockImplementation((_input, onEvent) => {
    emit = onEvent;
    return new Promise<FetchResult>((res, rej) => {
      resolve = res;
      reject = rej;
    });
  });
  return { resolve: (r: FetchResult) => resolve(r), reject: (e: unknown) => reject(e), emit: (e: FetchEvent) => emit(e) };
}

beforeEach(() => {
  fetchProfiles.mockReset().mockResolvedValue([DEMO]);
  startFetch.mockReset();
  cancelFetch.mockReset().mockResolvedValue(true);
  searchMeetings.mockReset();
  meetingInstances.mockReset();
});

describe('FindView', () => {
  it('picks the demo account when there is no other, and a Zoom account when there is', async () => {
    render(FindView, { onOpened: vi.fn() });
    const select = (await screen.findByLabelText('Account')) as HTMLSelectElement;
    expect(select.value).toBe(DEMO);
    expect(screen.getByTestId('demo-hint')).toBeTruthy();
  });

  it('prefers a stored Zoom account', async () => {
    fetchProfiles.mockResolvedValue([DEMO, 'Work']);
    render(FindView, { onOpened: vi.fn() });
    const select = (await screen.findByLabelText('Account')) as HTMLSelectElement;
    await waitFor(() => expect(select.value).toBe('Work'));
    expect(screen.queryByTestId('demo-hint')).toBeNull();
  });

  it('asks for a meeting instead of fetching nothing', async () => {
    render(FindView, { onOpened: vi.fn() });
    await fireEvent.click(await screen.findByTestId('fetch-button'));
    expect(startFetch).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain('Type a meeting ID');
  });

  it('shows progress with participant counts and rate-limit waits, then opens the result', async () => {
    const onOpened = vi.fn();
    const pending = pendingFetch();
    render(FindView, { onOpened });
    await fireEvent.input(await screen.findByLabelText('Meeting ID, UUID or join link'), {
      target: { value: ' 857 4621 3390 ' },
    });
    await fireEvent.click(screen.getByTestId('fetch-button'));
    expect(startFetch).toHaveBeenCalledWith(
      { profile: DEMO, meeting: '857 4621 3390', live: false, webinar: false, focus: null },
      expect.any(Function),
    );
    expect(screen.getByTestId('fetch-progress').textContent).toContain('Signing in');
    expect((screen.getByTestId('fetch-button') as HTMLButtonElement).disabled).toBe(true);
    pending.emit({ kind: 'stage', label: 'Listing participants' });
    pending.emit({ kind: 'participants', done: 124, total: 300 });
    await waitFor(() => expect(screen.getByTestId('fetch-count').textContent).toBe('124 / 300 participants'));
    const bar = screen.getByLabelText('Participants fetched') as HTMLProgressElement;
    expect([bar.value, bar.max]).toEqual([124, 300]);
    pending.emit({ kind: 'rate_limit_wait', seconds: 2 });
    await waitFor(() => expect(screen.getByTestId('rate-limit-wait').textContent).toBe('Waiting 2.0 s for Zoom’s rate limit'));
    pending.resolve(result());
    await waitFor(() =>
      expect(onOpened).toHaveBeenCalledWith(result(), { profile: DEMO, meeting: '857 4621 3390', live: false, webinar: false, focus: null }),
    );
    expect(screen.queryByTestId('fetch-progress')).toBeNull();
  });

  it('shows the joins fetched so far as a heatmap while the fetch runs, and drops it when it ends', async () => {
    const pending = pendingFetch();
    render(FindView, { onOpened: vi.fn() });
    await fireEvent.input(await screen.findByLabelText('Meeting ID, UUID or join link'), {
      target: { value: '930 0000 0001' },
    });
    await fireEvent.click(screen.getByTestId('fetch-button'));
    pending.emit({ kind: 'participants', done: 2, total: 300 });
    await waitFor(() => expect(screen.getByTestId('fetch-count').textContent).toBe('2 / 300 participants'));
    expect(screen.queryByTestId('partial-results')).toBeNull();
    const overview = meetingFixture();
    const quality = qualityFixture();
    const causes = [{ user_id: '16781315', causes: minuteCausesFixture() }];
    pending.emit({ kind: 'partial', view: { participants: overview.participants, quality, causes } });
    const panel = await screen.findByTestId('partial-results');
    expect(panel.textContent).toContain(`${overview.participants.length} participant joins with data so far`);
    expect(within(panel).getByRole('heading', { name: 'Quality so far' })).toBeTruthy();
    const grid = within(panel).getByTestId('partial-heatmap');
    expect(grid.getAttribute('data-rows')).toBe(String(quality.rows.length));
    // Cells only show tooltips here: the participant opens once the fetch is done.
    expect(grid.getAttribute('aria-label')).not.toContain('Enter to open');
    // The tooltip says what made a minute poor, from the partial view's own causes (the worst
    // row is Marcus's first join, poor at minute 2).
    grid.focus();
    await fireEvent.focus(grid);
    await fireEvent.keyDown(grid, { key: 'ArrowRight' });
    await fireEvent.keyDown(grid, { key: 'ArrowRight' });
    await waitFor(() => expect(within(panel).getByTestId('heatmap-tip').textContent).toMatch(/\(\+2 min\) · Poor · Audio sent · Packet loss/));
    // A participant's name is text, never markup.
    expect(panel.innerHTML).not.toContain('<img');
    pending.emit({ kind: 'participants', done: 3, total: 300 });
    await waitFor(() => expect(screen.getByTestId('fetch-count').textContent).toBe('3 / 300 participants'));
    expect(screen.getByTestId('partial-results')).toBeTruthy();
    pending.resolve(result());
    await waitFor(() => expect(screen.queryByTestId('partial-results')).toBeNull());
  });

  it('cancels a running fetch', async () => {
    pendingFetch();
    render(FindView, { onOpened: vi.fn() });
    await fireEvent.input(await screen.findByTestId('meeting-input'), { target: { value: '93000000001' } });
    await fireEvent.click(screen.getByTestId('fetch-button'));
    await fireEvent.click(screen.getByTestId('cancel-fetch'));
    expect(cancelFetch).toHaveBeenCalledOnce();
    expect(screen.getByTestId('cancel-fetch').textContent).toContain('Cancelling…');
  });

  it('explains a 3001 error and keeps the input for another try', async () => {
    const pending = pendingFetch();
    render(FindView, { onOpened: vi.fn() });
    await fireEvent.input(await screen.findByTestId('meeting-input'), { target: { value: '92555000111' } });
    await fireEvent.click(screen.getByTestId('live-check'));
    await fireEvent.click(screen.getByTestId('fetch-button'));
    expect(startFetch.mock.calls[0][0].live).toBe(true);
    pending.reject(
      new ApiFailure({ code: 'not_found', message: 'meeting not ended or wrong instance — pick it from the instances list' }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Zoom has no data for that meeting.');
    expect(alert.textContent).toContain('instances list');
    expect((screen.getByTestId('meeting-input') as HTMLInputElement).value).toBe('92555000111');
    expect((screen.getByTestId('fetch-button') as HTMLButtonElement).disabled).toBe(false);
  });

  it('searches past meetings and fetches one occurrence by its UUID; Zoom text stays text', async () => {
    searchMeetings.mockResolvedValue([hit(), hit({ uuid: 'x==', topic: HOSTILE_NAME, meeting_number: null })]);
    startFetch.mockResolvedValue(result());
    const onOpened = vi.fn();
    render(FindView, { onOpened });
    await fireEvent.input(await screen.findByTestId('search-filter'), { target: { value: 'escalation' } });
    await fireEvent.input(screen.getByTestId('search-from'), { target: { value: '2026-11-01' } });
    await fireEvent.input(screen.getByTestId('search-to'), { target: { value: '2026-11-26' } });
    await fireEvent.click(screen.getByTestId('search-button'));
    expect(searchMeetings).toHaveBeenCalledWith({
      profile: DEMO,
      from: '2026-11-01',
      to: '2026-11-26',
      filter: 'escalation',
      webinar: false,
    });
    const rows = await screen.findAllByTestId('search-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[1]).getByText(HOSTILE_NAME)).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
    await fireEvent.click(within(rows[0]).getByRole('button', { name: /^Fetch Weekly escalation call/ }));
    expect(startFetch.mock.calls[0][0]).toEqual({ profile: DEMO, meeting: '4444AAAiAAAAAiAiAiiAii==', live: false, webinar: false, focus: null });
    await waitFor(() => expect(onOpened).toHaveBeenCalled());
  });

  it('shows a search error and an empty result with advice', async () => {
    searchMeetings.mockRejectedValueOnce(
      new ApiFailure({ code: 'invalid_input', message: 'Zoom lists meetings of the last six months only.' }),
    );
    render(FindView, { onOpened: vi.fn() });
    await fireEvent.click(await screen.findByTestId('search-button'));
    expect((await screen.findByRole('alert')).textContent).toContain('six months');
    searchMeetings.mockResolvedValueOnce([]);
    await fireEvent.click(screen.getByTestId('search-button'));
    expect((await screen.findByTestId('search-empty')).textContent).toContain('Widen the dates');
  });

  it('clears an old error when a new search starts, so it never stands above the new results', async () => {
    startFetch.mockRejectedValueOnce(new ApiFailure({ code: 'not_found', message: 'Zoom has no such meeting.' }));
    render(FindView, { onOpened: vi.fn() });
    await fireEvent.input(await screen.findByTestId('meeting-input'), { target: { value: '92555000111' } });
    await fireEvent.click(screen.getByTestId('fetch-button'));
    expect((await screen.findByRole('alert')).textContent).toContain('no such meeting');
    searchMeetings.mockResolvedValueOnce([hit()]);
    await fireEvent.click(screen.getByTestId('search-button'));
    expect(await screen.findAllByTestId('search-row')).toHaveLength(1);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('writes the dates of an error as the date fields show them', async () => {
    searchMeetings.mockRejectedValueOnce(
      new ApiFailure({
        code: 'invalid_input',
        message: 'Zoom lists at most one month at a time; 2026-10-01 to 2026-11-26 is 56 days — split the range',
      }),
    );
    render(FindView, { onOpened: vi.fn() });
    await fireEvent.click(await screen.findByTestId('search-button'));
    const text = (await screen.findByRole('alert')).textContent ?? '';
    // The fields' format (the locale's numeric date, en-US in the tests): never the ISO day.
    expect(text).toContain('10/01/2026 to 11/26/2026');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('lists a recurring meeting’s instances with duration and participants', async () => {
    meetingInstances.mockResolvedValue([hit(), hit({ uuid: '5555==', start_time: '2026-11-17T14:00:00Z', participants: 4 })]);
    render(FindView, { onOpened: vi.fn() });
    await fireEvent.input(await screen.findByTestId('meeting-input'), { target: { value: '912 3456 7890' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Instances' }));
    expect(meetingInstances).toHaveBeenCalledWith(DEMO, '912 3456 7890');
    const rows = await screen.findAllByTestId('instance-row');
    expect(rows).toHaveLength(2);
    expect(rows[1].textContent).toContain('00:20:00');
    expect(rows[1].textContent).toContain('4');
  });

  it('says when the accounts cannot be loaded, and retries', async () => {
    fetchProfiles.mockRejectedValueOnce(new ApiFailure({ code: 'io', message: 'settings.json could not be used' }));
    render(FindView, { onOpened: vi.fn() });
    expect((await screen.findByRole('alert')).textContent).toContain('settings.json');
    await fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByLabelText('Account')).toBeTruthy();
  });

  it('investigates a meeting for the person the results were found for, even if the box was edited since', async () => {
    vi.mocked(api.searchPerson).mockResolvedValue({
      meetings: [{ meeting: hit(), joined_at: '2026-11-24T14:01:00Z', left_at: '2026-11-24T14:19:00Z', at_time: true }],
      message: null,
    });
    startFetch.mockResolvedValue(result());
    render(FindView, { onOpened: vi.fn() });
    await waitFor(() => expect(fetchProfiles).toHaveBeenCalled());
    await fireEvent.input(screen.getByTestId('person-input'), { target: { value: ' ana.lima@example.com ' } });
    await fireEvent.click(screen.getByTestId('person-button'));
    const investigate = await screen.findByTestId('person-fetch');
    await fireEvent.input(screen.getByTestId('person-input'), { target: { value: 'someone.else@example.com' } });
    expect(investigate.getAttribute('aria-label')).toContain('for ana.lima@example.com');
    await fireEvent.click(investigate);
    await waitFor(() => expect(startFetch).toHaveBeenCalled());
    expect(startFetch.mock.calls[0][0].focus).toBe('ana.lima@example.com');
  });
});
