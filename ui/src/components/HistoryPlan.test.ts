import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../lib/api';
import { ApiFailure } from '../lib/api';
import type { HistoryEvent } from '../lib/bindings/HistoryEvent';
import type { HistoryInput } from '../lib/bindings/HistoryInput';
import type { HistoryPlanView } from '../lib/bindings/HistoryPlanView';
import type { HistoryResult } from '../lib/bindings/HistoryResult';
import HistoryPlan from './HistoryPlan.svelte';

vi.mock('../lib/api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../lib/api')>();
  return { ...actual, planHistory: vi.fn(), startHistory: vi.fn(), cancelFetch: vi.fn() };
});

const planHistory = vi.mocked(api.planHistory);
const startHistory = vi.mocked(api.startHistory);
const cancelFetch = vi.mocked(api.cancelFetch);

const input: HistoryInput = { profile: 'Demo (simulated Zoom)', person: 'aiko.tanaka@example.com', from: '2026-11-01', to: '2026-11-30' };

function plan(meetings: number): HistoryPlanView {
  return {
    person: input.person,
    from: input.from,
    to: input.to,
    meetings: Array.from({ length: meetings }, (_, i) => ({
      meeting: {
        uuid: `u${i}`,
        meeting_number: '1',
        topic: `Meeting ${i}`,
        host: 'Ana Lima',
        start_time: '2026-11-24T10:00:00Z',
        duration: '00:30:00',
        participants: 4,
      },
      joined_at: null,
      left_at: null,
      at_time: false,
    })) as HistoryPlanView['meetings'],
    requests: meetings * 2,
    rate: 30,
    seconds: 1,
    message: `${meetings} meetings: about ${meetings * 2} requests, about 1 s at 30 requests per second`,
  };
}

beforeEach(() => {
  vi.clearAllMocks();
});

describe('HistoryPlan', () => {
  it('shows the budget and the meetings before anything is fetched; Start fetches with progress and Cancel', async () => {
    planHistory.mockResolvedValue(plan(6));
    let emit: (e: HistoryEvent) => void = () => {};
    let finish: (r: HistoryResult) => void = () => {};
    startHistory.mockImplementation((_input, onEvent) => {
      emit = onEvent;
      return new Promise((resolve) => (finish = resolve));
    });
    cancelFetch.mockResolvedValue(true);
    const onDone = vi.fn();
    render(HistoryPlan, { input, onDone });
    await waitFor(() => expect(screen.getByTestId('history-budget').textContent).toContain('about 12 requests'));
    expect(planHistory).toHaveBeenCalledWith(input);
    expect(screen.getAllByTestId('plan-row')).toHaveLength(6);
    expect(startHistory).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId('history-start'));
    expect(startHistory.mock.calls[0][0]).toEqual(input);
    emit({ kind: 'meeting', index: 2, total: 6, topic: 'Project sync' });
    await waitFor(() => expect(screen.getByTestId('history-progress').textContent).toContain('Meeting 3 of 6: Project sync'));
    await fireEvent.click(screen.getByTestId('history-cancel'));
    expect(cancelFetch).toHaveBeenCalled();

    const result = { complete: false } as HistoryResult;
    finish(result);
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(result));
  });

  it('offers no Start when Zoom lists no meetings, and says why a plan failed', async () => {
    planHistory.mockResolvedValueOnce(plan(0));
    const { unmount } = render(HistoryPlan, { input, onDone: vi.fn() });
    await waitFor(() => expect(screen.getByTestId('history-budget')).toBeTruthy());
    expect(screen.queryByTestId('history-start')).toBeNull();
    unmount();

    planHistory.mockRejectedValueOnce(new ApiFailure({ code: 'invalid_input', message: 'At most one month.' }));
    render(HistoryPlan, { input, onDone: vi.fn() });
    await waitFor(() => expect(screen.getByText('At most one month.')).toBeTruthy());
  });
});
