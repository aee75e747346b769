import { describe, expect, it } from 'vitest';
import { meetingFixture, qualityFixture } from '../test/fixtures';
import { applyEvent, countText, isoDay, partialText, START, waitText } from './fetchProgress';

describe('fetch progress', () => {
  it('counts participants and names rate-limit waits as such', () => {
    let s = applyEvent(START, { kind: 'stage', label: 'Listing participants' });
    expect(s.stage).toBe('Listing participants');
    expect(countText(s)).toBeNull();
    s = applyEvent(s, { kind: 'participants', done: 124, total: 300 });
    expect(countText(s)).toBe('124 / 300 participants');
    s = applyEvent(s, { kind: 'rate_limit_wait', seconds: 1.25 });
    expect(waitText(s)).toBe('Waiting 1.3 s for Zoom’s rate limit');
    expect(countText(s)).toBe('124 / 300 participants');
    s = applyEvent(s, { kind: 'participants', done: 125, total: 300 });
    expect(waitText(s)).toBeNull();
    s = applyEvent(s, { kind: 'retrying', attempt: 1, max: 4, reason: 'HTTP 503' });
    expect(s.retry).toBe('Retrying (1 of 4): HTTP 503');
    expect(waitText(applyEvent(s, { kind: 'rate_limit_wait', seconds: 42 }))).toBe('Waiting 42 s for Zoom’s rate limit');
  });

  it('keeps the latest partial results through other events', () => {
    expect(partialText(START)).toBeNull();
    const participants = meetingFixture().participants.slice(0, 1);
    let s = applyEvent(START, { kind: 'partial', view: { participants, quality: qualityFixture(), causes: [] } });
    expect(partialText(s)).toBe('1 participant join with data so far');
    s = applyEvent(s, { kind: 'participants', done: 5, total: 9 });
    s = applyEvent(s, { kind: 'rate_limit_wait', seconds: 1 });
    expect(s.partial?.participants).toBe(participants);
    expect(waitText(s)).not.toBeNull();
  });

  it('formats local days for date inputs', () => {
    expect(isoDay(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});
