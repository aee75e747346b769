// Pure logic around metric series: shaping them for the charts, summaries and y ranges.

import type { MetricSeries } from './bindings/MetricSeries';

/** uPlot's aligned data for one series: x in Unix seconds, y with `null` for gaps. */
export type ChartData = [xs: number[], ys: (number | null)[]];

export interface ChartInput {
  data: ChartData;
  /** Exact text per point (resolution "1280×720"), aligned with `data`; null when absent. */
  texts: (string | null)[] | null;
}

/**
 * Converts a series to chart data. Missing, non-numeric or non-finite values become `null`
 * (drawn as gaps with `spanGaps: false`), never zero; minutes without a usable timestamp are
 * dropped together with their value.
 */
export function toChartData(times: readonly number[], series: MetricSeries): ChartInput {
  const xs: number[] = [];
  const ys: (number | null)[] = [];
  const sourceTexts = Array.isArray(series.value_texts) ? series.value_texts : null;
  const texts: (string | null)[] | null = sourceTexts ? [] : null;
  const values = Array.isArray(series.values) ? series.values : [];
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (typeof t !== 'number' || !Number.isFinite(t)) continue;
    const v = values[i];
    xs.push(t);
    ys.push(typeof v === 'number' && Number.isFinite(v) ? v : null);
    if (texts && sourceTexts) {
      const text = sourceTexts[i];
      texts.push(typeof text === 'string' && text !== '' ? text : null);
    }
  }
  return { data: [xs, ys], texts };
}

export interface SeriesSummary {
  /** Minutes on the time axis. */
  minutes: number;
  /** Minutes with a value. */
  withData: number;
  min: number | null;
  max: number | null;
  avg: number | null;
}

export function summarize(ys: readonly (number | null)[]): SeriesSummary {
  let withData = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of ys) {
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    withData++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return {
    minutes: ys.length,
    withData,
    min: withData ? min : null,
    max: withData ? max : null,
    avg: withData ? sum / withData : null,
  };
}

/**
 * The y range for a chart: from 0 for non-negative quantities (so a small wobble does not look
 * like a collapse), a little headroom above the maximum, something sensible with no data.
 */
export function yRange(min: number | null, max: number | null, unit: string): [number, number] {
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) {
    return unit === 'dBm' ? [-100, 0] : [0, 1];
  }
  if (unit === 'dBm' || min < 0) {
    const pad = Math.max((max - min) * 0.1, 1);
    return [min - pad, max + pad];
  }
  const top = max > 0 ? max * 1.1 : 1;
  return [0, unit === '%' && max <= 100 ? Math.min(Math.max(top, 1), 100) : top];
}
