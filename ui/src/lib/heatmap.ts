// The overview heatmap, drawn on one canvas: rows = joins, columns = minutes, colour = the worst
// grade in that minute. Layout and hit-testing are pure; drawing takes a 2D context.

import type { EpisodeMark } from './bindings/EpisodeMark';
import { formatClock, fromUnixSeconds } from './format';

export interface HeatmapColors {
  good: string;
  warning: string;
  poor: string;
  noData: string;
  hatch: string;
  text: string;
  grid: string;
  focus: string;
  episode: string;
  font: string;
}

export interface HeatmapLayout {
  width: number;
  height: number;
  /** Left gutter for names (0 when rows are too thin to label). */
  labelWidth: number;
  /** Top band for the time axis. */
  axisHeight: number;
  cellWidth: number;
  rowHeight: number;
  rows: number;
  minutes: number;
}

export interface HeatmapRowInput {
  name: string;
  codes: string;
  userId: string;
}

const AXIS_HEIGHT = 18;

/**
 * Rows are at least this tall: a 300-join meeting is a 620 px heatmap that shows everyone at
 * once ("one person or everyone?" at a glance); bigger meetings scroll.
 */
export const MIN_ROW_HEIGHT = 2;
const MAX_ROW_HEIGHT = 20;
/** Rows at least this tall carry a name in the gutter. */
const LABEL_ROW_HEIGHT = 12;

/**
 * Sizes the heatmap for a width: cells fill the width; rows fit `maxHeight` when they can
 * (never thinner than {@link MIN_ROW_HEIGHT}).
 */
export function heatmapLayout(width: number, maxHeight: number, rows: number, minutes: number): HeatmapLayout {
  const fitted = rows > 0 ? Math.floor((maxHeight - AXIS_HEIGHT) / rows) : MAX_ROW_HEIGHT;
  const rowHeight = Math.max(MIN_ROW_HEIGHT, Math.min(MAX_ROW_HEIGHT, fitted));
  const labelWidth = rowHeight >= LABEL_ROW_HEIGHT ? Math.min(200, Math.max(120, Math.floor(width * 0.18))) : 0;
  const cellWidth = minutes > 0 ? Math.max(1, (width - labelWidth) / minutes) : 0;
  return {
    width: Math.max(1, Math.floor(width)),
    height: AXIS_HEIGHT + rows * rowHeight,
    labelWidth,
    axisHeight: AXIS_HEIGHT,
    cellWidth,
    rowHeight,
    rows,
    minutes,
  };
}

/** The cell under a point (CSS pixels relative to the canvas), or null. */
export function cellAt(layout: HeatmapLayout, x: number, y: number): { row: number; minute: number } | null {
  if (x < layout.labelWidth || y < layout.axisHeight || layout.cellWidth <= 0) return null;
  const minute = Math.floor((x - layout.labelWidth) / layout.cellWidth);
  const row = Math.floor((y - layout.axisHeight) / layout.rowHeight);
  if (minute < 0 || minute >= layout.minutes || row < 0 || row >= layout.rows) return null;
  return { row, minute };
}

/** The rectangle of a cell, for the focus ring and the tooltip position. */
export function cellRect(layout: HeatmapLayout, row: number, minute: number) {
  return {
    x: layout.labelWidth + minute * layout.cellWidth,
    y: layout.axisHeight + row * layout.rowHeight,
    w: layout.cellWidth,
    h: layout.rowHeight,
  };
}

/** Minutes between axis labels so that labels do not collide. */
export function tickEvery(cellWidth: number): number {
  for (const step of [1, 2, 5, 10, 15, 30, 60, 120]) if (step * cellWidth >= 44) return step;
  return 240;
}

function fillFor(colors: HeatmapColors, code: string): string {
  switch (code) {
    case 'p':
      return colors.poor;
    case 'w':
      return colors.warning;
    case 'g':
      return colors.good;
    default:
      return colors.noData;
  }
}

export interface DrawInput {
  layout: HeatmapLayout;
  rows: readonly HeatmapRowInput[];
  /** Unix seconds of minute 0 (null: axis without times). */
  start: number | null;
  colors: HeatmapColors;
  /** Episodes to outline (already filtered to the selected group). */
  episodes: readonly EpisodeMark[];
  /** Row index of each user id, for placing episodes. */
  rowOf: ReadonlyMap<string, number>;
  focus: { row: number; minute: number } | null;
}

/** Draws everything; the context is already scaled to CSS pixels. */
export function drawHeatmap(ctx: CanvasRenderingContext2D, input: DrawInput): void {
  const { layout, rows, colors } = input;
  const { labelWidth, axisHeight, cellWidth, rowHeight } = layout;
  ctx.clearRect(0, 0, layout.width, layout.height);
  ctx.font = `11px ${colors.font}`;
  ctx.textBaseline = 'middle';

  // Time axis.
  if (input.start !== null) {
    const every = tickEvery(cellWidth);
    ctx.fillStyle = colors.text;
    ctx.textAlign = 'left';
    for (let m = 0; m < layout.minutes; m += every) {
      const x = labelWidth + m * cellWidth;
      ctx.fillText(formatClock(fromUnixSeconds(input.start + m * 60)), x + 2, axisHeight / 2);
      ctx.fillStyle = colors.grid;
      ctx.fillRect(Math.round(x), 2, 1, axisHeight - 2);
      ctx.fillStyle = colors.text;
    }
  }

  // Cells: one run of equal codes at a time (few fillRect calls for long good stretches).
  const gap = rowHeight >= 10 ? 1 : 0;
  for (let r = 0; r < rows.length; r++) {
    const { codes, name } = rows[r];
    const y = axisHeight + r * rowHeight;
    if (labelWidth > 0) {
      ctx.fillStyle = colors.text;
      ctx.textAlign = 'left';
      ctx.fillText(ellipsize(ctx, name, labelWidth - 8), 2, y + rowHeight / 2);
    }
    let m = 0;
    while (m < layout.minutes) {
      const code = codes[m] ?? '-';
      let end = m + 1;
      while (end < layout.minutes && (codes[end] ?? '-') === code) end++;
      const x0 = labelWidth + m * cellWidth;
      const x1 = labelWidth + end * cellWidth;
      ctx.fillStyle = fillFor(colors, code);
      ctx.fillRect(x0, y, x1 - x0, rowHeight - gap);
      if (code === '-') hatch(ctx, colors.hatch, x0, y, x1 - x0, rowHeight - gap);
      if (code === 'p' && cellWidth >= 5 && rowHeight >= 8) {
        // Poor never relies on colour alone: a dark dot in every poor cell.
        ctx.fillStyle = 'rgba(0,0,0,0.55)';
        for (let k = m; k < end; k++) {
          const cx = labelWidth + (k + 0.5) * cellWidth;
          ctx.fillRect(cx - 1, y + (rowHeight - gap) / 2 - 1, 2, 2);
        }
      }
      m = end;
    }
  }

  // Episodes: an outline around each run of degraded minutes.
  ctx.strokeStyle = colors.episode;
  ctx.lineWidth = 1;
  for (const e of input.episodes) {
    const r = input.rowOf.get(e.user_id);
    if (r === undefined) continue;
    const x = labelWidth + e.start_minute * cellWidth;
    const w = (e.end_minute - e.start_minute) * cellWidth;
    ctx.strokeRect(x + 0.5, axisHeight + r * rowHeight + 0.5, Math.max(1, w - 1), Math.max(1, rowHeight - gap - 1));
  }

  if (input.focus) {
    const rect = cellRect(layout, input.focus.row, input.focus.minute);
    ctx.strokeStyle = colors.focus;
    ctx.lineWidth = 2;
    ctx.strokeRect(rect.x - 1, rect.y - 1, Math.max(3, rect.w + 2), rect.h + 1);
  }
}

function hatch(ctx: CanvasRenderingContext2D, color: string, x: number, y: number, w: number, h: number): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, w, h);
  ctx.clip();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let d = -h; d < w; d += 4) {
    ctx.moveTo(x + d, y + h);
    ctx.lineTo(x + d + h, y);
  }
  ctx.stroke();
  ctx.restore();
}

function ellipsize(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ctx.measureText(text.slice(0, mid) + '…').width <= max) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo) + '…';
}
