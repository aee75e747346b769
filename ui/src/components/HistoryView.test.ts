import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../lib/api';
import type { HistoryMeetingRow } from '../lib/bindings/HistoryMeetingRow';
import type { HistorySummary } from '../lib/bindings/HistorySummary';
import type { OpenedHistory } from '../lib/bindings/OpenedHistory';
import { SavedHistories } from '../lib/savedHistories.svelte';
import { HOSTILE_NAME } from '../test/fixtures';
import HistoriesView from './HistoriesView.svelte';
import HistoryView from './HistoryView.svelte';

vi.mock('../lib/api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../lib/api')>();
  return {
    ...actual,
    startFetch: vi.fn(),
    listHistories: vi.fn(),
    openHistory: vi.fn(),
    renameHistory: vi.fn(),
    deleteHistory: vi.fn(),
  };
});

const startFetch = vi.mocked(api.startFetch);
const listHistories = vi.mocked(api.listHistories);
const openHistory = vi.mocked(api.openHistory);
const deleteHistory = vi.mocked(api.deleteHistory);

function meeting(overrides: Partial<HistoryMeetingRow> = {}): HistoryMeetingRow {
  return {
    uuid: 'aDYlohsHRtCd4ii1uC2+hA==',
    meeting_number: '85746213390',
    topic: 'Weekly IT service review',
    start_time: '2026-11-25T10:00:00Z',
    joins: 2,
    worst: 'poor',
    worst_by_group: { audio: 'poor', video: 'warning', screen_share: 'no_data', device: 'good' },
    minutes_warning: 4,
    minutes_poor: 6,
    network_type: 'Wi-Fi',
    device: 'Mac',
    version: '6.2.5',
    data_center: 'Frankfurt (DE)',
    findings: [
      { kind: 'wifi', title: 'Weak Wi-Fi', severity: 'poor', sentence: 'Aiko’s Wi-Fi was weak.', one_sided: false },
      { kind: 'receiver_downlink', title: "Receiver's downlink", severity: 'warning', sentence: 'x', one_sided: true },
    ],
    one_sided: true,
    grades: 'ggwwpp--',
    grades_start: 1764064800,
    notes: [],
    ...overrides,
  };
}

function summary(overrides: Partial<HistorySummary> = {}): HistorySummary {
  return {
    id: 'h1',
    name: 'aiko.tanaka@example.com — 2026-11-01 to 2026-11-30',
    person: 'aiko.tanaka@example.com',
    from: '2026-11-01',
    to: '2026-11-30',
    meeting_count: 2,
    fetched_at: '2026-11-30T12:00:00Z',
    complete: true,
    source: 'simulator',
    profile: 'Demo (simulated Zoom)',
    ...overrides,
  };
}

function opened(meetings: HistoryMeetingRow[]): OpenedHistory {
  return {
    history: summary({ meeting_count: meetings.length }),
    view: {
      person: { typed: 'aiko.tanaka@example.com', email: 'aiko.tanaka@example.com', user_name: 'Aiko Tanaka' },
      from: '2026-11-01',
      to: '2026-11-30',
      fetched_at: '2026-11-30T12:00:00Z',
      complete: true,
      notes: [],
      meetings,
      verdict: 'Poor in 1 of 2 meetings, on Wi-Fi; fine on Wired.',
    },
  };
}

beforeEach(() => {
  vi.clearAllMocks();
});

describe('HistoryView', () => {
  it('shows the verdict, one row per meeting, the kinds in words and the one-sided label with its explanation', () => {
    const good = meeting({
      topic: HOSTILE_NAME,
      worst: 'good',
      worst_by_group: { audio: 'good', video: 'good', screen_share: 'no_data', device: 'good' },
      minutes_poor: 0,
      minutes_warning: 0,
      findings: [],
      one_sided: false,
      network_type: 'Wired',
      grades: 'gggg',
    });
    render(HistoryView, { opened: opened([meeting(), good]), onOpened: vi.fn() });
    expect(screen.getByTestId('history-verdict').textContent).toBe('Poor in 1 of 2 meetings, on Wi-Fi; fine on Wired.');
    const rows = screen.getAllByTestId('history-row');
    expect(rows).toHaveLength(2);
    const findings = screen.getAllByTestId('history-findings');
    expect(findings).toHaveLength(2);
    const first = within(findings[0]);
    expect(first.getByText('Weak Wi-Fi')).toBeTruthy();
    expect(first.getByText("Receiver's downlink")).toBeTruthy();
    expect(first.getByTestId('one-sided')).toBeTruthy();
    expect(within(rows[0]).getByRole('img', { name: 'Audio: worst poor' })).toBeTruthy();
    expect(rows[0].textContent).toContain('Frankfurt (DE)');
    expect(screen.getByTestId('one-sided-note').textContent).toContain('open the whole meeting');
    // Zoom's text is text, never markup.
    expect(rows[1].textContent).toContain(HOSTILE_NAME);
    expect(within(findings[1]).queryByTestId('one-sided')).toBeNull();
    expect(findings[1].textContent).toContain('none');
    // The chart says the same in words.
    const alt = screen.getByTestId('history-chart-text').textContent ?? '';
    expect(alt).toContain('worst poor, 6 minutes poor, 4 minutes at warning');
    expect(alt).toContain('worst good, 4 minutes with data');
  });

  it('fetches the whole meeting of a row on the history’s profile, focused on the person', async () => {
    const result = { investigation: { id: 'i1' } } as unknown as Awaited<ReturnType<typeof api.startFetch>>;
    startFetch.mockResolvedValue(result);
    const onOpened = vi.fn();
    render(HistoryView, { opened: opened([meeting()]), onOpened });
    await fireEvent.click(screen.getByTestId('open-whole-meeting'));
    await waitFor(() => expect(onOpened).toHaveBeenCalled());
    const input = { profile: 'Demo (simulated Zoom)', meeting: 'aDYlohsHRtCd4ii1uC2+hA==', live: false, webinar: false, focus: 'aiko.tanaka@example.com' };
    expect(startFetch.mock.calls[0][0]).toEqual(input);
    expect(onOpened).toHaveBeenCalledWith(result, input);
  });

  it('cannot fetch a meeting without its UUID', () => {
    render(HistoryView, { opened: opened([meeting({ uuid: null })]), onOpened: vi.fn() });
    expect((screen.getByTestId('open-whole-meeting') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('HistoriesView', () => {
  it('lists saved histories newest first, opens one, and deletes after confirming', async () => {
    const older = summary({ id: 'old', name: 'Older', fetched_at: '2026-11-01T00:00:00Z' });
    const newer = summary({ id: 'new', name: 'Newer', complete: false });
    listHistories.mockResolvedValue([older, newer]);
    const saved = new SavedHistories();
    const onOpened = vi.fn();
    const onDeleted = vi.fn();
    render(HistoriesView, { saved, onOpened, onDeleted });
    await saved.load();
    await waitFor(() => expect(screen.getAllByTestId('history-saved-name')).toHaveLength(2));
    expect(screen.getAllByTestId('history-saved-name').map((n) => n.textContent)).toEqual(['Newer', 'Older']);
    expect(screen.getAllByTestId('history-saved-row')[0].textContent).toContain('Partial');

    const data = opened([meeting()]);
    openHistory.mockResolvedValue(data);
    await fireEvent.click(screen.getByRole('button', { name: 'Open Older' }));
    await waitFor(() => expect(onOpened).toHaveBeenCalledWith(data));
    expect(openHistory).toHaveBeenCalledWith('old');

    deleteHistory.mockResolvedValue();
    listHistories.mockResolvedValue([newer]);
    await fireEvent.click(screen.getByRole('button', { name: 'Delete Older' }));
    expect(deleteHistory).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('confirm-delete'));
    await waitFor(() => expect(screen.getAllByTestId('history-saved-name')).toHaveLength(1));
    expect(deleteHistory).toHaveBeenCalledWith('old');
    expect(onDeleted).toHaveBeenCalledWith('old');
    expect(screen.getByTestId('histories-notice').textContent).toBe('Deleted “Older”.');
  });
});
