import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { meetingFixture, timelineFixture, verdictFixture } from '../test/fixtures';
import FactsPanel from './FactsPanel.svelte';

const participant = meetingFixture().participants[0];

describe("FactsPanel — Zoom's verdict", () => {
  it('shows both verdicts per medium beside the device facts and marks a contradiction in text', () => {
    const verdict = verdictFixture({ video: { zoom: 'good', qoscope: 'poor', disagree: true } });
    render(FactsPanel, { participant, facts: timelineFixture(participant.user_id).facts, verdict });
    const facts = within(screen.getByTestId('participant-facts'));
    const value = (label: string) => facts.getByText(label).nextElementSibling!;
    expect(value('Data center').textContent).toBe('Frankfurt (DE)');
    expect(value('Audio verdict').textContent).toBe('Zoom: good · QoScope: good');
    const video = value('Video verdict');
    expect(video.textContent).toBe('Zoom: good · QoScope: poor ≠');
    expect(video.getAttribute('title')).toContain("contradicts QoScope's");
    expect(video.classList.contains('disagree')).toBe(true);
    expect(value('Audio verdict').classList.contains('disagree')).toBe(false);
    expect(value('Screen share verdict').textContent).toBe('Zoom: not rated · QoScope: no data');
  });

  it('says the verdicts are on their way while the grades load', () => {
    render(FactsPanel, { participant, facts: null, verdict: null });
    expect(within(screen.getByTestId('participant-facts')).getAllByText('Grading…')).toHaveLength(3);
  });
});

describe('FactsPanel — screen share', () => {
  it('says when this join shared their screen, and nothing when they did not', () => {
    const start = Date.UTC(2026, 10, 24, 10, 20) / 1000;
    const shares = [{ user_id: participant.user_id, display_name: 'Priya Raman', content: 'application', start, end: start + 15 * 60 }];
    render(FactsPanel, { participant, facts: null, verdict: null, shares });
    const facts = within(screen.getByTestId('participant-facts'));
    const value = facts.getByText('Screen shared').nextElementSibling!;
    expect(value.textContent).toBe('11:20 – 11:35 GMT+1 (application)');
    expect(value.getAttribute('title')).toContain('2026-11-24 10:20 UTC');
    expect(value.getAttribute('title')).not.toContain('UTC 2026');
  });

  it('has no share row for someone who never shared', () => {
    render(FactsPanel, { participant, facts: null, verdict: null });
    expect(within(screen.getByTestId('participant-facts')).queryByText('Screen shared')).toBeNull();
  });
});


describe("FactsPanel — Zoom's 2024–2026 facts", () => {
  it('says a medium fell back from UDP in words, marks it, and shows socket breaks and CPU pressure', () => {
    const facts = {
      ...timelineFixture(participant.user_id).facts,
      connections: "UDP blocked? video fell back to TCP; audio over UDP (a firewall or proxy blocking Zoom's UDP ports 8801–8810 adds latency)",
      udp_blocked: true,
      socket_breaks: '3 audio and 1 video socket breaks',
      cpu_pressure: 'critical',
    };
    render(FactsPanel, { participant, facts, verdict: null });
    const list = within(screen.getByTestId('participant-facts'));
    const value = (label: string) => list.getByText(label).nextElementSibling!;
    const connection = value('Connection per medium');
    expect(connection.textContent).toMatch(/^UDP blocked\? video fell back to TCP/);
    expect(connection.classList.contains('disagree')).toBe(true);
    expect(connection.getAttribute('title')).toContain('allow outbound UDP 8801–8810');
    expect(value('Socket breaks (reconnects)').textContent).toBe('3 audio and 1 video socket breaks');
    expect(value('CPU pressure (Zoom)').textContent).toBe('critical');
    expect(list.queryByText('Webinar health (Zoom)')).toBeNull();
  });

  it('has no rows for facts Zoom did not report, and does not mark a connection over UDP', () => {
    const facts = { ...timelineFixture(participant.user_id).facts, connections: 'UDP (audio, video)' };
    render(FactsPanel, { participant, facts, verdict: null });
    const list = within(screen.getByTestId('participant-facts'));
    expect(list.getByText('Connection per medium').nextElementSibling!.classList.contains('disagree')).toBe(false);
    for (const label of ['Socket breaks (reconnects)', 'CPU pressure (Zoom)', 'Webinar health (Zoom)']) {
      expect(list.queryByText(label)).toBeNull();
    }
  });
});
