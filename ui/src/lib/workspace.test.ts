// Pure logic of the investigation workspace: grades, table, small multiples,
// compare, last tab, chart ranges.
import { describe, expect, it } from 'vitest';
import { badness, causeAt, degradedMinutes, gradeRank, worstCode } from './grades';
import { filterRows, sortRows, tableRows } from './table';
import { detailLayout, episodesFor, worstMediaAt } from './detail';
import { defaultChoice, defaultPicks, everyoneAt, groupByStream, worstMinute } from './compare';
import { loadLastTab, saveLastTab } from './uiState';
import { panelRange, withAlpha } from './panelChart';
import { meetingFixture, minuteCausesFixture, qualityFixture, series, T0 } from '../test/fixtures';
import type { MetricAcross } from './bindings/MetricAcross';

describe('grades', () => {
  it('ranks poor > warning > good > no data and finds the worst', () => {
    expect([gradeRank('p'), gradeRank('w'), gradeRank('g'), gradeRank('-')]).toEqual([3, 2, 1, 0]);
    expect(worstCode('gg-wg')).toBe('w');
    expect(worstCode('----')).toBe('-');
    expect(worstCode('')).toBe('-');
    expect(worstCode('gpw')).toBe('p');
    expect(degradedMinutes('gwwp-')).toBe(3);
    expect(badness('p') > badness('wwwwwwwwww')).toBe(true);
  });

  it('finds the cause of a minute in a group', () => {
    const causes = minuteCausesFixture();
    expect(causeAt(causes, 'all', 2)).toMatch(/Packet loss/);
    expect(causeAt(causes, 'audio', 2)).toBeNull();
    expect(causeAt([], 'all', 2)).toBeNull();
  });
});

describe('table', () => {
  const rows = tableRows(meetingFixture().participants, qualityFixture().rows);

  it('joins participants with their worst grades', () => {
    const marcus = rows.find((r) => r.p.user_id === '16781315')!;
    expect(marcus.worst).toMatchObject({ all: 'p', audio: 'p', video: 'g', screen_share: '-' });
    expect(marcus.degraded.all).toBe(3);
    const unknown = rows.find((r) => r.p.user_id === '16786456')!;
    expect(unknown.worst.all).toBe('-');
  });

  it('searches every word in name, device, location…, and filters by grade', () => {
    expect(filterRows(rows, 'marcus lisbon', 'any')).toHaveLength(2);
    expect(filterRows(rows, 'MARCUS', 'poor').map((r) => r.p.user_id)).toEqual(['16781315']);
    expect(filterRows(rows, '', 'degraded').map((r) => r.p.user_id).sort()).toEqual(['16781315', '16785426']);
    expect(filterRows(rows, 'frankfurt', 'any').length).toBeGreaterThan(0);
  });

  it('sorts grades worst first, text A→Z with empty values last', () => {
    expect(sortRows(rows, 'grade:all', false)[0].p.user_id).toBe('16781315');
    const byLocation = sortRows(rows, 'location', true).map((r) => r.p.location);
    expect(byLocation.at(-1)).toBeNull();
    expect(sortRows(rows, 'location', false).at(-1)!.p.location).toBeNull();
    const names = sortRows(rows, 'name', true).map((r) => r.p.display_name);
    expect(names[0]).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('small multiples', () => {
  const loss = (direction: string, stream: string) =>
    series({ stream, metric: 'avg_loss', metric_label: 'Packet loss (avg)', media: 'audio', unit: '%', direction });

  it('pairs sent and received per metric and puts CPU (Zoom vs system) and Wi-Fi last', () => {
    const layout = detailLayout(
      [
        loss('sent', 'audio_input'),
        loss('received', 'audio_output'),
        series({ stream: 'video_input', metric: 'bitrate' }),
        series({ stream: 'cpu_usage', metric: 'zoom_avg_cpu_usage', media: 'cpu', direction: 'device', unit: '%' }),
        series({ stream: 'cpu_usage', metric: 'system_max_cpu_usage', media: 'cpu', direction: 'device', unit: '%' }),
        series({ stream: 'wifi_rssi', metric: 'avg_rssi', media: 'wifi', direction: 'device', unit: 'dBm' }),
      ],
      'audio',
    );
    expect(layout.rows).toHaveLength(1);
    expect(layout.rows[0].sent!.series[0].stream).toBe('audio_input');
    expect(layout.rows[0].received!.series[0].stream).toBe('audio_output');
    expect(layout.device.map((d) => d.title)).toEqual(['CPU', 'Wi-Fi signal']);
    expect(layout.device[0].labels).toEqual(['Zoom', 'System']);
  });

  it('shades an episode only on the panels of its own stream (media and direction)', () => {
    const layout = detailLayout(
      [
        loss('sent', 'audio_input'),
        loss('received', 'audio_output'),
        series({ stream: 'video_output', metric: 'avg_loss', media: 'video', direction: 'received', unit: '%' }),
        series({ stream: 'cpu_usage', metric: 'system_max_cpu_usage', media: 'cpu', direction: 'device', unit: '%' }),
      ],
      'all',
    );
    const episodes = [{ stream: 'audio_output', start: 0, end: 60 }];
    const audio = layout.rows.find((r) => r.title.startsWith('Audio'))!;
    const video = layout.rows.find((r) => r.title.startsWith('Video'))!;
    expect(episodesFor(audio.received!, episodes)).toHaveLength(1);
    expect(episodesFor(audio.sent!, episodes)).toHaveLength(0);
    expect(episodesFor(video.received!, episodes)).toHaveLength(0);
    expect(episodesFor(layout.device[0], episodes)).toHaveLength(0);
    expect(episodesFor(layout.device[0], [{ stream: 'cpu_usage' }])).toHaveLength(1);
  });

  it('opens on the stream that was worst at the chosen minute', () => {
    const codes = { audio: 'ggg', video: 'gpg', screen_share: 'gwg' };
    expect(worstMediaAt(codes, 1)).toBe('video');
    expect(worstMediaAt(codes, 0)).toBeNull();
    expect(worstMediaAt(null, 1)).toBeNull();
  });
});

describe('compare', () => {
  const across: MetricAcross = {
    stream: 'video_input',
    metric: 'frame_rate',
    stream_label: 'Video sent (video_input)',
    metric_label: 'Frame rate',
    unit: 'fps',
    times: [T0, T0 + 60],
    rows: [
      { user_id: '16778240', display_name: 'A', api_stream: 'audio_input', values: [30, 25] },
      { user_id: '16781315', display_name: 'B', api_stream: 'audio_input', values: [5, null] },
      { user_id: '16785426', display_name: 'C', api_stream: 'audio_input', values: [null, 12] },
    ],
    median: [17.5, 18.5],
    limits: { warning: 15, poor: 7, higher_is_worse: false },
  };

  it('lists everyone at a minute worst first (lowest when lower is worse) and counts the missing', () => {
    const { entries, missing } = everyoneAt(across, 0);
    expect(entries.map((e) => e.name)).toEqual(['B', 'A']);
    expect(missing).toBe(1);
    expect(worstMinute(across)).toBe(0);
  });

  it('preselects the worst joins and prefers sent audio loss', () => {
    expect(defaultPicks(across, qualityFixture().rows, 2)).toEqual(['16781315', '16785426']);
    expect(
      defaultChoice([
        { stream: 'video_input', metric: 'bitrate', label: 'x', stream_label: 'Stream', metric_label: 'Metric', api_streams: ['video_input'], joins: 1 },
        { stream: 'audio_input', metric: 'avg_loss', label: 'y', stream_label: 'Stream', metric_label: 'Metric', api_streams: ['audio_input'], joins: 1 },
      ])!.metric,
    ).toBe('avg_loss');
    expect(defaultChoice([])).toBeNull();
  });
});

describe('last tab', () => {
  it('round-trips and falls back to the overview on anything odd', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(loadLastTab(storage)).toBe('overview');
    saveLastTab('compare', storage);
    expect(loadLastTab(storage)).toBe('compare');
    store.set('qoscope.ui.v1', '{"tab":"<script>"}');
    expect(loadLastTab(storage)).toBe('overview');
    store.set('qoscope.ui.v1', 'not json');
    expect(loadLastTab(storage)).toBe('overview');
    expect(loadLastTab(null)).toBe('overview');
  });
});

describe('chart ranges', () => {
  it('widens the y range to show the warning line when values come near it', () => {
    const limits = { warning: 3, poor: 10, higher_is_worse: true };
    const near = panelRange([{ label: 'x', color: '#000', values: [1, 2, null] }], '%', limits);
    expect(near[1]).toBeGreaterThanOrEqual(10);
    const far = panelRange([{ label: 'x', color: '#000', values: [0.1, 0.2] }], '%', limits);
    expect(far[1]).toBeLessThan(3);
    expect(withAlpha('#d55e00', 0.5)).toBe('rgba(213,94,0,0.5)');
    expect(withAlpha('var(--x)', 0.5)).toBe('var(--x)');
  });
});

describe('compare metric choices', () => {
  it('are grouped by people-level stream, in order', () => {
    const c = (stream_label: string, metric: string) => ({ stream_label, metric });
    const groups = groupByStream([c('Audio sent', 'jitter'), c('Audio sent', 'avg_loss'), c('Audio received', 'jitter')]);
    expect(groups.map((g) => [g.label, g.choices.length])).toEqual([
      ['Audio sent', 2],
      ['Audio received', 1],
    ]);
  });
});
