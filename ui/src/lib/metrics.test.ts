import { describe, expect, it } from 'vitest';
import { series, T0, timelineFixture } from '../test/fixtures';
import { summarize, toChartData, yRange } from './metrics';

const videoBitrate = series({ stream: 'video_input', metric: 'bitrate' });

describe('chart data', () => {
  it('keeps nulls as nulls: gaps, never zero', () => {
    const { data, texts } = toChartData(timelineFixture().times, videoBitrate);
    expect(data[0]).toEqual([0, 1, 2, 3, 4, 5].map((i) => T0 + 60 * i));
    expect(data[1]).toEqual([1410, 1299, null, 1350, 1402, null]);
    expect(data[1][2]).toBeNull();
    expect(data[1]).not.toContain(0);
    expect(texts).toBeNull();
  });

  it('turns non-finite or missing values into gaps and keeps real zeros', () => {
    const s = series({
      stream: 'audio_input',
      metric: 'avg_loss',
      values: [0, Number.NaN, null, Number.POSITIVE_INFINITY] as (number | null)[],
    });
    const { data } = toChartData([T0, T0 + 60, T0 + 120, T0 + 180, T0 + 240], s);
    expect(data[1]).toEqual([0, null, null, null, null]);
    expect(data[0]).toHaveLength(5);
  });

  it('drops minutes without a usable timestamp together with their value and text', () => {
    const s = series({
      stream: 'video_input',
      metric: 'resolution',
      values: [720, 360, 1080],
      value_texts: ['1280×720', '640×360', null],
    });
    const { data, texts } = toChartData([T0, Number.NaN, T0 + 120], s);
    expect(data).toEqual([[T0, T0 + 120], [720, 1080]]);
    expect(texts).toEqual(['1280×720', null]);
  });

  it('summarizes without counting gaps', () => {
    expect(summarize([10, null, 30, null])).toEqual({ minutes: 4, withData: 2, min: 10, max: 30, avg: 20 });
    expect(summarize([null, null])).toEqual({ minutes: 2, withData: 0, min: null, max: null, avg: null });
  });

  it('ranges y from zero for non-negative units', () => {
    const [lo0, hi0] = yRange(50, 100, 'kbps');
    expect(lo0).toBe(0);
    expect(hi0).toBeCloseTo(110);
    expect(yRange(null, null, 'kbps')).toEqual([0, 1]);
    expect(yRange(0, 0, 'ms')).toEqual([0, 1]);
    expect(yRange(2, 99, '%')[1]).toBeLessThanOrEqual(100);
    const [lo, hi] = yRange(-70, -50, 'dBm');
    expect(lo).toBeLessThan(-70);
    expect(hi).toBeGreaterThan(-50);
  });
});
