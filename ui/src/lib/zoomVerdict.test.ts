import { describe, expect, it } from 'vitest';
import type { ZoomVerdictView } from './bindings/ZoomVerdictView';
import { verdictCell, verdictRank, verdictText } from './zoomVerdict';

const agree = (w: 'good' | 'fair' | 'poor' | 'bad' | null) => ({ zoom: w, qoscope: w, disagree: false });

function verdict(overrides: Partial<ZoomVerdictView> = {}): ZoomVerdictView {
  return { audio: agree('good'), video: agree('good'), screen_share: agree(null), ...overrides };
}

describe('zoomVerdict', () => {
  it('words both verdicts and marks a disagreement with text, not colour', () => {
    expect(verdictText({ zoom: 'good', qoscope: 'poor', disagree: true })).toBe('Zoom: good · QoScope: poor ≠');
    expect(verdictText({ zoom: 'fair', qoscope: 'good', disagree: false })).toBe('Zoom: fair · QoScope: good');
    expect(verdictText({ zoom: null, qoscope: null, disagree: false })).toBe('Zoom: not rated · QoScope: no data');
  });

  it("shows the disagreeing media, else Zoom's worst word, else a dash", () => {
    const differs = verdictCell(verdict({ audio: { zoom: 'good', qoscope: 'poor', disagree: true } }));
    expect(differs.text).toBe('≠ Audio');
    expect(differs.disagree).toBe(true);
    expect(differs.title).toContain('Audio — Zoom: good · QoScope: poor ≠');
    expect(differs.title).toContain('Screen share — Zoom: not rated · QoScope: no data');

    const fair = verdictCell(verdict({ video: { zoom: 'fair', qoscope: 'good', disagree: false } }));
    expect(fair).toMatchObject({ text: 'fair', disagree: false });
    expect(fair.title).not.toContain('≠');

    const none = verdictCell(verdict({ audio: agree(null), video: agree(null) }));
    expect(none.text).toBe('—');
    expect(none.title).toContain('no verdict');
  });

  it('sorts disagreements before any word, and words before no verdict', () => {
    const disagree = verdict({ audio: { zoom: 'good', qoscope: 'poor', disagree: true } });
    const poor = verdict({ video: agree('poor') });
    expect(verdictRank(disagree)).toBeGreaterThan(verdictRank(poor));
    expect(verdictRank(poor)).toBeGreaterThan(verdictRank(verdict()));
    expect(verdictRank(verdict())).toBeGreaterThan(verdictRank(null));
  });
});
