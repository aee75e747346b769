// The participant detail's small multiples: which panels to draw for a timeline. Pure.

import type { MetricSeries } from './bindings/MetricSeries';
import type { SeriesLimits } from './bindings/SeriesLimits';

export type MediaChoice = 'audio' | 'video' | 'screen_share' | 'all';

export const MEDIA_CHOICES: readonly { value: MediaChoice; label: string; title: string }[] = [
  { value: 'audio', label: 'Audio', title: 'Audio sent and received' },
  { value: 'video', label: 'Video', title: 'Video sent and received' },
  { value: 'screen_share', label: 'Share', title: 'Screen share sent and received' },
  { value: 'all', label: 'All', title: 'Every stream' },
];

const MEDIA_LABEL: Record<string, string> = { audio: 'Audio', video: 'Video', screen_share: 'Screen share' };

/** Network metrics in row order. */
export const ROW_METRICS = ['bitrate', 'latency', 'jitter', 'avg_loss', 'max_loss', 'frame_rate', 'resolution'];

export interface PanelDef {
  id: string;
  title: string;
  unit: string;
  limits: SeriesLimits | null;
  series: MetricSeries[];
  /** Line labels, aligned with `series`. */
  labels: string[];
}

export interface PanelRow {
  /** "Audio · Bitrate". */
  title: string;
  sent: PanelDef | null;
  received: PanelDef | null;
}

export interface DetailLayout {
  rows: PanelRow[];
  /** CPU and Wi-Fi panels (device, not direction). */
  device: PanelDef[];
}

function single(s: MetricSeries, title: string): PanelDef {
  return {
    id: `${s.stream}/${s.metric}`,
    title,
    unit: s.unit,
    limits: s.limits,
    series: [s],
    labels: [s.direction === 'sent' ? 'Sent' : s.direction === 'received' ? 'Received' : s.metric_label],
  };
}

/**
 * Rows = (media, metric), columns = sent | received, for the chosen media; then the device
 * panels (CPU: Zoom vs system; Wi-Fi signal). Only metrics with a series are listed.
 */
export function detailLayout(series: readonly MetricSeries[], media: MediaChoice): DetailLayout {
  const medias = media === 'all' ? ['audio', 'video', 'screen_share'] : [media];
  const rows: PanelRow[] = [];
  for (const m of medias) {
    for (const metric of ROW_METRICS) {
      const of = (direction: string) =>
        series.find((s) => s.media === m && s.metric === metric && s.direction === direction) ?? null;
      const sent = of('sent');
      const received = of('received');
      if (!sent && !received) continue;
      const label = (sent ?? received)!.metric_label;
      const title = `${MEDIA_LABEL[m] ?? m} · ${label}`;
      rows.push({
        title,
        sent: sent ? single(sent, `${title} sent`) : null,
        received: received ? single(received, `${title} received`) : null,
      });
    }
  }
  const device: PanelDef[] = [];
  const cpu = ['zoom_avg_cpu_usage', 'system_max_cpu_usage']
    .map((metric) => series.find((s) => s.media === 'cpu' && s.metric === metric))
    .filter((s): s is MetricSeries => s !== undefined);
  if (cpu.length > 0) {
    device.push({
      id: 'cpu',
      title: 'CPU',
      unit: '%',
      limits: cpu.find((s) => s.limits)?.limits ?? null,
      series: cpu,
      labels: cpu.map((s) => (s.metric.startsWith('zoom') ? 'Zoom' : 'System')),
    });
  }
  const wifi = series.find((s) => s.media === 'wifi' && s.metric === 'avg_rssi');
  if (wifi) device.push({ ...single(wifi, 'Wi-Fi signal'), labels: ['Average'] });
  return { rows, device };
}

/**
 * The episodes a panel shades: only those of its own streams (one media, one direction), so an
 * episode of the audio received never shades the video charts or the audio sent.
 */
export function episodesFor<E extends { stream: string }>(def: PanelDef, episodes: readonly E[]): E[] {
  const streams = new Set(def.series.map((s) => s.stream));
  return episodes.filter((e) => streams.has(e.stream));
}

/** The media with the worst grade at a minute, from the quality map's code strings. */
export function worstMediaAt(
  codes: { audio: string; video: string; screen_share: string } | null,
  minute: number | null,
): MediaChoice | null {
  if (!codes || minute === null || minute < 0) return null;
  const rank = (c: string | undefined) => (c === 'p' ? 2 : c === 'w' ? 1 : 0);
  let best: MediaChoice | null = null;
  let bestRank = 0;
  for (const m of ['audio', 'video', 'screen_share'] as const) {
    const r = rank(codes[m][minute]);
    if (r > bestRank) {
      best = m;
      bestRank = r;
    }
  }
  return best;
}
