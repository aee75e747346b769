import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { ParticipantRow } from '../lib/bindings/ParticipantRow';
import { meetingFixture } from '../test/fixtures';
import ParticipantList from './ParticipantList.svelte';

/** `n` joins, named "Person 0" … */
function many(n: number): ParticipantRow[] {
  const base = meetingFixture().participants[0];
  return Array.from({ length: n }, (_, i) => ({ ...base, user_id: String(1000 + i), display_name: `Person ${i}` }));
}

const rows = () => screen.getAllByTestId('participant-row');

describe('ParticipantList', () => {
  it('keeps only the rows in view in the DOM for a 300-person meeting', () => {
    render(ParticipantList, { participants: many(300), selectedId: null, onSelect: vi.fn() });
    const shown = rows();
    expect(shown.length).toBeGreaterThan(5);
    expect(shown.length).toBeLessThan(60);
    expect(shown[0].getAttribute('aria-setsize')).toBe('300');
    expect(shown[0].getAttribute('aria-posinset')).toBe('1');
    expect(shown[0].getAttribute('tabindex')).toBe('0');
  });

  it('shows a participant selected elsewhere, far down the list', async () => {
    render(ParticipantList, { participants: many(300), selectedId: '1250', onSelect: vi.fn() });
    await waitFor(() => expect(screen.getByText('Person 250')).toBeTruthy());
    const row = rows().find((r) => r.dataset.userId === '1250')!;
    expect(row.getAttribute('aria-selected')).toBe('true');
    expect(row.getAttribute('tabindex')).toBe('0');
  });

  it('moves the selection with the keyboard past the rows in view', async () => {
    const onSelect = vi.fn();
    render(ParticipantList, { participants: many(300), selectedId: '1000', onSelect });
    await fireEvent.keyDown(rows()[0], { key: 'End' });
    expect(onSelect).toHaveBeenLastCalledWith('1299');
    await waitFor(() => expect(screen.getByText('Person 299')).toBeTruthy());
  });
});
