// Charts of the participant detail and Compare: several lines on one time axis, threshold
// bands, shaded episodes, join/leave markers and a focus minute. Charts that share a `syncKey`
// share the crosshair (uPlot cursor sync) and the zoom (drag to zoom, double-click resets).
// Like chart.ts, uPlot is imported lazily so tests can replace `createPanelChart`.

import type uPlot from 'uplot';
import type { SeriesLimits } from './bindings/SeriesLimits';
import { formatClock, formatNumber, formatValue, fromUnixSeconds } from './format';
import { yRange } from './metrics';

export interface PanelLine {
  label: string;
  values: (number | null)[];
  color: string;
  /** Exact text per point (resolution), or null. */
  texts?: (string | null)[] | null;
  width?: number;
  dash?: number[];
}

export interface PanelColors {
  text: string;
  grid: string;
  font: string;
  warning: string;
  poor: string;
  episode: string;
  marker: string;
  focus: string;
}

/** A span of time (Unix seconds, end exclusive) to shade. */
export interface Span {
  start: number;
  end: number;
  grade: string;
}

export interface PanelSpec {
  xs: number[];
  lines: PanelLine[];
  unit: string;
  axisLabel: string;
  limits: SeriesLimits | null;
  episodes: Span[];
  /** Vertical markers (join, leave), Unix seconds. */
  markers: number[];
  focusTime: number | null;
  width: number;
  height: number;
  colors: PanelColors;
  syncKey: string;
  onCursor?: (index: number | null) => void;
  /** Called on a click in the plot with the data index under the cursor. */
  onPick?: (index: number) => void;
  /** Called when the x range changes: the zoomed range (Unix seconds), or null for all of it. */
  onZoom?: (range: [number, number] | null) => void;
}

export interface PanelHandle {
  setSize(width: number, height: number): void;
  destroy(): void;
}

/** The y range for the lines, widened so that the threshold lines are visible. */
export function panelRange(lines: readonly PanelLine[], unit: string, limits: SeriesLimits | null): [number, number] {
  let min: number | null = null;
  let max: number | null = null;
  for (const l of lines)
    for (const v of l.values) {
      if (v === null || !Number.isFinite(v)) continue;
      min = min === null ? v : Math.min(min, v);
      max = max === null ? v : Math.max(max, v);
    }
  let [lo, hi] = yRange(min, max, unit);
  if (limits) {
    const edge = Math.max(limits.warning, limits.poor);
    const low = Math.min(limits.warning, limits.poor);
    if (min !== null && max !== null) {
      // Show the warning line when values come near it (within 2×), not for a flat good line.
      if (limits.higher_is_worse && max * 2 >= limits.warning) hi = Math.max(hi, edge * 1.1);
      if (!limits.higher_is_worse) lo = Math.min(lo, low - Math.abs(low) * 0.1);
    }
  }
  return [lo, hi];
}

// Zoom sync: charts sharing a key follow each other's x scale. `syncing` stops the echo.
let syncing = false;

function syncZoom(u: uPlot, key: string, UPlot: typeof uPlot) {
  if (syncing) return;
  const { min, max } = u.scales.x;
  if (min === undefined || max === undefined) return;
  syncing = true;
  try {
    for (const other of UPlot.sync(key).plots) {
      if (other !== u) other.setScale('x', { min, max });
    }
  } finally {
    syncing = false;
  }
}

/**
 * The part of the time axis in view, when it is less than all of it: `[from, to]` in Unix
 * seconds, clipped to the data; null when the whole range (or more) is in view.
 */
export function zoomedRange(
  min: number | null | undefined,
  max: number | null | undefined,
  xs: readonly number[],
): [number, number] | null {
  if (xs.length === 0 || min === null || min === undefined || max === null || max === undefined) return null;
  const first = xs[0];
  const last = xs[xs.length - 1];
  if (min <= first && max >= last) return null;
  const from = Math.max(min, first);
  const to = Math.min(max, last);
  return from < to ? [from, to] : null;
}

/** Whether two zoomed ranges are the same (null: not zoomed). */
export function sameRange(a: readonly [number, number] | null, b: readonly [number, number] | null): boolean {
  return a?.[0] === b?.[0] && a?.[1] === b?.[1];
}

/** A zoomed range as a chart export's `from`/`to` (RFC 3339); nulls for the whole time. */
export function exportRange(range: readonly [number, number] | null): { from: string | null; to: string | null } {
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
  return range ? { from: iso(range[0]), to: iso(range[1]) } : { from: null, to: null };
}

/** uPlot options for a panel; pure apart from the callbacks it wires. */
export function panelOptions(spec: PanelSpec, UPlot: typeof uPlot | null): uPlot.Options {
  const { colors, unit, limits } = spec;
  const [lo, hi] = panelRange(spec.lines, unit, limits);
  const font = `11px ${colors.font}`;
  const showPoints = spec.xs.length <= 240;
  return {
    width: Math.max(1, Math.floor(spec.width)),
    height: Math.max(1, Math.floor(spec.height)),
    legend: { show: false },
    cursor: {
      drag: { x: true, y: false, setScale: true },
      points: { size: 7 },
      sync: { key: spec.syncKey, setSeries: false },
    },
    scales: { x: { time: true }, y: { auto: false, range: () => [lo, hi] } },
    series: [
      { label: 'Time' },
      ...spec.lines.map((l, li) => ({
        label: l.label,
        stroke: l.color,
        width: l.width ?? 1.75,
        dash: l.dash,
        spanGaps: false,
        points: showPoints && spec.lines.length <= 3 ? { show: true, size: 3, fill: l.color } : { show: false },
        value: (_u: uPlot, v: number | null, _s: number, i: number | null) =>
          formatValue(v, unit, i === null ? null : (spec.lines[li].texts?.[i] ?? null)),
      })),
    ],
    axes: [
      {
        stroke: colors.text,
        font,
        size: 28,
        grid: { stroke: colors.grid, width: 1 },
        ticks: { stroke: colors.grid, width: 1, size: 4 },
        values: (_u, splits) => splits.map((s) => formatClock(fromUnixSeconds(s))),
      },
      {
        stroke: colors.text,
        font,
        grid: { stroke: colors.grid, width: 1 },
        ticks: { stroke: colors.grid, width: 1, size: 4 },
        values: (_u, splits) => splits.map((s) => formatNumber(s)),
        // One width for every chart's value axis, so stacked charts share a left edge and the
        // time marker sits at the same x in each.
        size: Y_AXIS_SIZE,
      },
    ],
    hooks: {
      drawClear: [(u) => drawBackground(u, spec)],
      draw: [(u) => drawForeground(u, spec)],
      setCursor: [
        (u) => {
          const idx = u.cursor.idx;
          spec.onCursor?.(typeof idx === 'number' ? idx : null);
        },
      ],
      setScale: [
        (u, key) => {
          if (key !== 'x') return;
          if (UPlot) syncZoom(u, spec.syncKey, UPlot);
          spec.onZoom?.(zoomedRange(u.scales.x.min, u.scales.x.max, spec.xs));
        },
      ],
      ready: [
        (u) => {
          if (!spec.onPick) return;
          u.over.addEventListener('click', () => {
            const idx = u.cursor.idx;
            if (typeof idx === 'number' && u.select.width === 0) spec.onPick?.(idx);
          });
        },
      ],
    },
  };
}

/** Threshold bands and episode shading, under the lines. */
function drawBackground(u: uPlot, spec: PanelSpec) {
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  for (const e of spec.episodes) {
    const x0 = u.valToPos(e.start, 'x', true);
    const x1 = u.valToPos(e.end, 'x', true);
    ctx.fillStyle = e.grade === 'poor' ? withAlpha(spec.colors.poor, 0.13) : withAlpha(spec.colors.warning, 0.13);
    ctx.fillRect(x0, top, Math.max(1, x1 - x0), height);
  }
  const l = spec.limits;
  if (l) {
    const yw = u.valToPos(l.warning, 'y', true);
    const yp = u.valToPos(l.poor, 'y', true);
    const edge = l.higher_is_worse ? top : top + height;
    // Faint bands: warning zone between the two limits, poor zone beyond the poor limit.
    ctx.fillStyle = withAlpha(spec.colors.warning, 0.1);
    ctx.fillRect(left, Math.min(yw, yp), width, Math.abs(yp - yw));
    ctx.fillStyle = withAlpha(spec.colors.poor, 0.1);
    ctx.fillRect(left, Math.min(yp, edge), width, Math.abs(edge - yp));
    ctx.setLineDash([5, 4]);
    ctx.lineWidth = 1;
    for (const [y, c] of [
      [yw, spec.colors.warning],
      [yp, spec.colors.poor],
    ] as const) {
      ctx.strokeStyle = c;
      ctx.beginPath();
      ctx.moveTo(left, Math.round(y) + 0.5);
      ctx.lineTo(left + width, Math.round(y) + 0.5);
      ctx.stroke();
    }
  }
  ctx.restore();
}

/** Join/leave markers and the focus minute, over the lines. */
function drawForeground(u: uPlot, spec: PanelSpec) {
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  ctx.lineWidth = 1;
  ctx.setLineDash([2, 3]);
  ctx.strokeStyle = spec.colors.marker;
  for (const t of spec.markers) {
    const x = Math.round(u.valToPos(t, 'x', true)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
  }
  if (spec.focusTime !== null) {
    ctx.setLineDash([]);
    ctx.lineWidth = 2;
    ctx.strokeStyle = spec.colors.focus;
    const x = Math.round(u.valToPos(spec.focusTime, 'x', true));
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
  }
  ctx.restore();
}

/** The value axis's width in every chart (CSS px): room for "12,345" or "-100.5" at 11 px. */
export const Y_AXIS_SIZE = 58;

/** `#rrggbb` → `rgba(r,g,b,a)`; other colour syntaxes are returned unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return color;
  const n = parseInt(m[1], 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

/** Draws a panel into `target`. */
export async function createPanelChart(target: HTMLElement, spec: PanelSpec): Promise<PanelHandle> {
  const { default: UPlot } = await import('uplot');
  const data = [spec.xs, ...spec.lines.map((l) => l.values)] as uPlot.AlignedData;
  const chart = new UPlot(panelOptions(spec, UPlot), data, target);
  // A new chart joins a zoomed group at the group's zoom.
  const peer = UPlot.sync(spec.syncKey).plots.find((p) => p !== chart);
  const { min, max } = peer?.scales.x ?? {};
  if (peer && min !== undefined && max !== undefined) chart.setScale('x', { min, max });
  return {
    setSize(width, height) {
      chart.setSize({ width: Math.max(1, Math.floor(width)), height: Math.max(1, Math.floor(height)) });
    },
    destroy() {
      chart.destroy();
    },
  };
}
