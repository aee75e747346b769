import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { meetingFixture, qualityFixture, verdictFixture } from '../test/fixtures';
import ParticipantTable from './ParticipantTable.svelte';

/** The fixture's grades with Zoom calling Marcus's first join's audio good where QoScope says poor. */
function contradicted() {
  const quality = qualityFixture();
  quality.rows[1] = {
    ...quality.rows[1],
    zoom_verdict: verdictFixture({ audio: { zoom: 'good', qoscope: 'poor', disagree: true } }),
  };
  quality.rows[3] = {
    ...quality.rows[3],
    zoom_verdict: verdictFixture({
      audio: { zoom: 'fair', qoscope: 'good', disagree: false },
      video: { zoom: null, qoscope: null, disagree: false },
    }),
  };
  return quality.rows;
}

const row = (userId: string) => screen.getAllByTestId('table-row').find((r) => r.dataset.userId === userId)!;

describe("ParticipantTable — Zoom's verdict", () => {
  it('marks a contradiction in text in the Zoom column and in the medium’s grade cell', () => {
    render(ParticipantTable, { participants: meetingFixture().participants, quality: contradicted(), onOpen: vi.fn() });
    const marcus = within(row('16781315'));
    const cell = marcus.getByTestId('zoom-verdict');
    expect(cell.querySelector('[aria-hidden="true"]')!.textContent).toBe('≠ Audio');
    expect(cell.querySelector('.visually-hidden')!.textContent).toContain('Audio — Zoom: good · QoScope: poor ≠');
    const mark = marcus.getByTestId('verdict-differs');
    expect(mark.textContent).toBe('≠');
    expect(mark.getAttribute('aria-label')).toBe('Audio: Zoom: good · QoScope: poor ≠');
    // Agreement: Zoom's word, no mark anywhere.
    const caller = within(row('16785426'));
    expect(caller.getByTestId('zoom-verdict').querySelector('[aria-hidden="true"]')!.textContent).toBe('fair');
    expect(caller.queryByTestId('verdict-differs')).toBeNull();
    expect(within(row('16778240')).getByTestId('zoom-verdict').querySelector('[aria-hidden="true"]')!.textContent).toBe('good');
    expect(screen.getAllByTestId('verdict-differs')).toHaveLength(1);
  });

  it('sorts contradictions first by the Zoom column', async () => {
    render(ParticipantTable, { participants: meetingFixture().participants, quality: contradicted(), onOpen: vi.fn() });
    await fireEvent.click(screen.getByRole('button', { name: /^Zoom/ }));
    const first = screen.getAllByTestId('table-row')[0];
    expect(first.dataset.userId).toBe('16781315');
    expect(screen.getAllByTestId('table-row')[1].dataset.userId).toBe('16785426');
  });

  it('covers the Zoom column too while the grades load', () => {
    render(ParticipantTable, { participants: meetingFixture().participants, quality: null, onOpen: vi.fn() });
    expect(screen.queryByTestId('zoom-verdict')).toBeNull();
    const grading = screen.getAllByText('Grading…')[0];
    expect(grading.getAttribute('colspan')).toBe('6');
    expect(screen.getByRole('button', { name: /^Zoom/ }).closest('th')).toBeTruthy();
  });
});

describe('ParticipantTable — layout', () => {
  it('shows the grades right after the name, then the join facts', () => {
    render(ParticipantTable, { participants: meetingFixture().participants, quality: qualityFixture().rows, onOpen: vi.fn() });
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent?.replace(/[▲▼]/g, '').trim());
    expect(headers.slice(0, 8)).toEqual(['Name', 'Overall', 'Audio', 'Video', 'Share', 'CPU/Wi-Fi', 'Zoom', 'Device']);
    const firstRow = screen.getAllByTestId('table-row')[0];
    const cells = firstRow.querySelectorAll('td');
    expect(cells[0].classList.contains('name')).toBe(true);
    expect(cells[1].querySelector('.grade')).not.toBeNull();
  });
});
