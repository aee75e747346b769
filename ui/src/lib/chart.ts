// The only module that touches uPlot. It is loaded lazily, so that a uPlot failure (for example
// Intl refusing the webview's locale) breaks the chart, not the whole window, and so that tests
// can replace `createMetricChart` with a stub (happy-dom has no canvas).

import type uPlot from 'uplot';
import { formatClock, formatNumber, formatValue, fromUnixSeconds } from './format';
import { yRange, type ChartData } from './metrics';

export interface ChartColors {
  line: string;
  text: string;
  grid: string;
  font: string;
}

export interface MetricChartSpec {
  data: ChartData;
  /** Exact text per point (resolution), aligned with `data`. */
  texts: (string | null)[] | null;
  /** Legend name of the series, e.g. "Bitrate". */
  name: string;
  /** Y-axis title, e.g. "Bitrate (kbps)". */
  axisLabel: string;
  unit: string;
  width: number;
  height: number;
  colors: ChartColors;
  /** Called with the data index under the cursor, or null when the cursor leaves. */
  onCursor?: (index: number | null) => void;
}

export interface ChartHandle {
  setSize(width: number, height: number): void;
  destroy(): void;
}

/** uPlot options for one metric; pure apart from the callbacks it wires. */
export function metricChartOptions(spec: MetricChartSpec): uPlot.Options {
  const { colors, unit, texts } = spec;
  const ys = spec.data[1];
  let min: number | null = null;
  let max: number | null = null;
  for (const v of ys) {
    if (v === null) continue;
    min = min === null ? v : Math.min(min, v);
    max = max === null ? v : Math.max(max, v);
  }
  const [lo, hi] = yRange(min, max, unit);
  const font = `12px ${colors.font}`;
  return {
    width: Math.max(1, Math.floor(spec.width)),
    height: Math.max(1, Math.floor(spec.height)),
    legend: { show: false },
    cursor: { drag: { x: true, y: false }, points: { size: 8 } },
    scales: {
      x: { time: true },
      y: { auto: true, range: () => [lo, hi] },
    },
    series: [
      { label: 'Time', value: (_u, v) => formatClock(fromUnixSeconds(v)) },
      {
        label: spec.name,
        stroke: colors.line,
        width: 2,
        spanGaps: false,
        // With few points, draw each one so that a lone value between two gaps stays visible.
        points: ys.length <= 240 ? { show: true, size: 4, fill: colors.line } : undefined,
        value: (_u, v, _s, i) => formatValue(v, unit, i === null ? null : (texts?.[i] ?? null)),
      },
    ],
    axes: [
      {
        stroke: colors.text,
        font,
        grid: { stroke: colors.grid, width: 1 },
        ticks: { stroke: colors.grid, width: 1 },
        values: (_u, splits) => splits.map((s) => formatClock(fromUnixSeconds(s))),
      },
      {
        stroke: colors.text,
        font,
        label: spec.axisLabel,
        labelFont: `600 ${font}`,
        grid: { stroke: colors.grid, width: 1 },
        ticks: { stroke: colors.grid, width: 1 },
        values: (_u, splits) => splits.map((s) => formatNumber(s)),
        size: (_u, values) => {
          const longest = (values ?? []).reduce((n, s) => Math.max(n, String(s).length), 1);
          return Math.ceil(longest * 7.5) + 14;
        },
      },
    ],
    hooks: {
      setCursor: [
        (u) => {
          const idx = u.cursor.idx;
          spec.onCursor?.(typeof idx === 'number' ? idx : null);
        },
      ],
    },
  };
}

/** Draws one metric into `target`. */
export async function createMetricChart(target: HTMLElement, spec: MetricChartSpec): Promise<ChartHandle> {
  const { default: UPlot } = await import('uplot');
  const chart = new UPlot(metricChartOptions(spec), spec.data, target);
  return {
    setSize(width, height) {
      chart.setSize({ width: Math.max(1, Math.floor(width)), height: Math.max(1, Math.floor(height)) });
    },
    destroy() {
      chart.destroy();
    },
  };
}
