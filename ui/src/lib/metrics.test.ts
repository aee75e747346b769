import { describe, expect, it } from 'vitest';
import { series, T0, timelineFixture } from '../test/fixtures';
import {
  axisLabel,
  defaultSeriesKey,
  findSeries,
  pickSeriesKey,
  seriesKey,
  seriesLabel,
  summarize,
  toChartData,
  yRange,
} from './metrics';

const audioBitrate = series({ stream: 'audio_input', metric: 'bitrate', stream_label: 'Audio sent (audio_input)' });
const audioLatency = series({ stream: 'audio_input', metric: 'latency', metric_label: 'Latency', unit: 'ms' });
const videoBitrate = series({ stream: 'video_input', metric: 'bitrate' });
const videoFps = series({ stream: 'video_input', metric: 'frame_rate', metric_label: 'Frame rate', unit: 'fps' });
const cpu = series({ stream: 'cpu_usage', metric: 'zoom_avg_cpu_usage', stream_label: 'CPU', unit: '%' });

describe('default metric', () => {
  it('prefers sent video bitrate', () => {
    expect(defaultSeriesKey([audioBitrate, videoFps, videoBitrate])).toBe('video_input/bitrate');
  });

  it('falls back to sent audio bitrate (phone dial-in, audio only)', () => {
    expect(defaultSeriesKey([audioLatency, audioBitrate, cpu])).toBe('audio_input/bitrate');
    const webAudio = { ...audioBitrate, stream: 'audio_device_from_rwg' };
    const webVideo = { ...videoBitrate, stream: 'video_device_from_rwg' };
    expect(defaultSeriesKey([webAudio, webVideo])).toBe('video_device_from_rwg/bitrate');
  });

  it('falls back to the first series, or null when there is none', () => {
    expect(defaultSeriesKey([cpu, audioLatency])).toBe('cpu_usage/zoom_avg_cpu_usage');
    expect(defaultSeriesKey([])).toBeNull();
  });

  it('keeps the chosen metric when available, else uses the default', () => {
    const all = [audioBitrate, audioLatency, videoBitrate];
    expect(pickSeriesKey(all, 'audio_input/latency')).toBe('audio_input/latency');
    expect(pickSeriesKey([audioBitrate], 'audio_input/latency')).toBe('audio_input/bitrate');
    expect(pickSeriesKey(all, null)).toBe('video_input/bitrate');
    expect(findSeries(all, 'audio_input/latency')).toBe(audioLatency);
    expect(findSeries(all, 'nope')).toBeNull();
  });
});

describe('labels', () => {
  it('names a series for the select', () => {
    expect(seriesLabel(audioBitrate)).toBe('Audio sent (audio_input) · Bitrate (kbps)');
    expect(axisLabel(audioLatency)).toBe('Latency (ms)');
    expect(seriesKey(videoFps)).toBe('video_input/frame_rate');
  });
});

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
