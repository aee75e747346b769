import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { CauseView } from '../lib/bindings/CauseView';
import type { FindingsView } from '../lib/bindings/FindingsView';
import FindingsPanel from './FindingsPanel.svelte';
import { meetingFixture } from '../test/fixtures';

const T0 = Date.UTC(2026, 10, 24, 10, 12) / 1000;

function cause(overrides: Partial<CauseView> = {}): CauseView {
  return {
    cause_id: 'wifi:1:2026-11-24T10:12Z',
    kind: 'wifi',
    title: 'Weak Wi-Fi',
    severity: 'poor',
    culprit_user_id: '1',
    culprit_name: 'Aiko Tanaka',
    start: T0,
    end: T0 + 7 * 60,
    sentence: "From 10:12 to 10:19 UTC, Aiko Tanaka's Wi-Fi signal was weak (down to -83 dBm).",
    next_step: 'Move Aiko Tanaka closer to the access point or onto a cable.',
    evidence: ['Aiko Tanaka: Wi-Fi signal (avg) -83 dBm at 10:14 UTC (poor below -80 dBm)'],
    findings: [
      { user_id: '1', display_name: 'Aiko Tanaka', stream: 'wifi_rssi', start: T0, end: T0 + 420, severity: 'poor' },
      { user_id: '2', display_name: 'Tom Becker', stream: 'video_output', start: T0 + 60, end: T0 + 420, severity: 'warning' },
    ],
    ...overrides,
  };
}

function view(causes: CauseView[]): FindingsView {
  return { causes, finding_count: causes.reduce((n, c) => n + c.findings.length, 0), feedback: [] };
}

describe('FindingsPanel', () => {
  it('shows each cause with its sentence, next step and evidence', () => {
    render(FindingsPanel, { view: view([cause(), cause({ cause_id: 'm', kind: 'meeting_wide', title: 'Meeting-wide', culprit_name: null, culprit_user_id: null, severity: 'warning' })]), onJump: vi.fn() });
    expect(screen.getByTestId('findings-count').textContent).toContain('2 causes, 4 findings');
    const causes = screen.getAllByTestId('finding-cause');
    expect(causes).toHaveLength(2);
    expect(within(causes[0]).getByTestId('finding-sentence').textContent).toContain("Aiko Tanaka's Wi-Fi signal was weak");
    expect(causes[0].textContent).toContain('Next step: Move Aiko Tanaka');
    expect(causes[0].textContent).toContain('Evidence (1)');
    expect(causes[0].textContent).toContain('Poor');
    expect(causes[1].textContent).toContain('everyone');
    expect(causes[1].textContent).toContain('Warning');
  });

  it('labels the card’s times with the display zone and copies a ticket that leads with the meeting and zone', async () => {
    // The tests run in Europe/Berlin (vite.config.ts): 10:12 UTC is 11:12 GMT+1.
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });
    const sentence = "From 11:12 to 11:19 GMT+1 (10:12–10:19 UTC), Aiko Tanaka's Wi-Fi signal was weak.";
    render(FindingsPanel, { view: view([cause({ sentence })]), onJump: vi.fn(), meeting: meetingFixture() });
    const when = screen.getByTestId('finding-when');
    expect(when.textContent).toBe('11:12–11:19 GMT+1');
    expect(when.getAttribute('title')).toBe('10:12–10:19 UTC');
    await fireEvent.click(screen.getByRole('button', { name: /Copy for ticket/ }));
    const text: string = writeText.mock.calls[0][0];
    expect(text.split('\n').slice(0, 5)).toEqual([
      'Meeting: Weekly IT service review',
      'Meeting ID: 857 4621 3390',
      'Date: Tue, Nov 24, 2026',
      'Times: GMT+1 (UTC+01:00)',
      'When: 11:12–11:19 GMT+1',
    ]);
    expect(text).toContain(sentence);
    expect(text).toContain('Next step: Move Aiko Tanaka');
  });

  it('copies times in UTC, labelled, when Settings shows UTC', async () => {
    const { setDisplayZone } = await import('../lib/format');
    setDisplayZone('utc');
    try {
      const writeText = vi.fn().mockResolvedValue(undefined);
      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });
      render(FindingsPanel, { view: view([cause()]), onJump: vi.fn(), meeting: meetingFixture() });
      expect(screen.getByTestId('finding-when').textContent).toBe('10:12–10:19 UTC');
      await fireEvent.click(screen.getByRole('button', { name: /Copy for ticket/ }));
      expect(writeText.mock.calls[0][0]).toContain('Times: UTC\nWhen: 10:12–10:19 UTC');
    } finally {
      setDisplayZone('local');
    }
  });

  it('jumps to the participant and minute of a finding', async () => {
    const onJump = vi.fn();
    render(FindingsPanel, { view: view([cause()]), onJump });
    const jumps = screen.getAllByTestId('finding-jump');
    expect(jumps[1].textContent).toContain('Tom Becker');
    expect(jumps[1].getAttribute('title')).toBe('Open Tom Becker at 10:13–10:19 UTC');
    await fireEvent.click(jumps[1]);
    expect(onJump).toHaveBeenCalledWith('2', T0 + 60);
  });

  it('lists a few affected participants and shows all on request', async () => {
    const many = Array.from({ length: 9 }, (_, i) => ({
      user_id: String(i),
      display_name: `Participant ${i}`,
      stream: 'audio_output',
      start: T0,
      end: T0 + 120,
      severity: 'warning' as const,
    }));
    render(FindingsPanel, { view: view([cause({ findings: many })]), onJump: vi.fn(), previewCount: 3 });
    expect(screen.getAllByTestId('finding-jump')).toHaveLength(3);
    await fireEvent.click(screen.getByRole('button', { name: 'Show all 9' }));
    expect(screen.getAllByTestId('finding-jump')).toHaveLength(9);
    expect(screen.getByRole('button', { name: 'Show fewer' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('counts people, not findings or joins: "N of M participants affected", with a searchable list', async () => {
    const many = Array.from({ length: 282 }, (_, i) => ({
      user_id: String(i),
      display_name: i === 200 ? 'José Álvarez' : `Participant ${i}`,
      stream: 'audio_output',
      start: T0,
      end: T0 + 120,
      severity: 'warning' as const,
    }));
    // Join 1 is a rejoin of the person of join 0: 281 people among 282 findings.
    const participants = Array.from({ length: 303 }, (_, i) => ({
      ...meetingFixture().participants[0],
      user_id: String(i),
      display_name: `Participant ${i}`,
      person: i === 1 ? 0 : i,
    }));
    render(FindingsPanel, { view: view([cause({ findings: many })]), onJump: vi.fn(), participants });
    expect(screen.getByTestId('finding-affected').textContent).toBe('281 of 302 participants affected');
    expect(screen.getAllByTestId('finding-jump')).toHaveLength(6);
    expect(screen.queryByTestId('finding-search')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Show all 282' }));
    await fireEvent.input(screen.getByTestId('finding-search'), { target: { value: 'jose alv' } });
    const hits = screen.getAllByTestId('finding-jump');
    expect(hits).toHaveLength(1);
    expect(hits[0].textContent).toContain('José Álvarez');
  });

  it('says so when there is nothing to report', () => {
    render(FindingsPanel, { view: view([]), onJump: vi.fn() });
    expect(screen.getByTestId('findings-empty').textContent).toContain('stayed within the thresholds');
    expect(screen.queryAllByTestId('finding-cause')).toHaveLength(0);
  });

  it('renders hostile names as text', () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    render(FindingsPanel, {
      view: view([cause({ culprit_name: evil, sentence: `${evil} sent badly.`, findings: [{ ...cause().findings[0], display_name: evil }] })]),
      onJump: vi.fn(),
    });
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByTestId('finding-sentence').textContent).toBe(`${evil} sent badly.`);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });
});
