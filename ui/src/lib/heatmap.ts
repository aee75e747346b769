// The overview heatmap, drawn on one canvas: rows = joins, columns = minutes, colour = the worst
// grade in that minute. Above the rows, a strip shows how many joins were degraded in each minute
// ("one person or everyone?" at a glance, whatever the meeting's size). Rows are always tall
// enough to carry a name; when they do not all fit, the rows scroll under a fixed header and only
// the rows in view are drawn. Layout and hit-testing are pure; drawing takes a 2D context.

import type { EpisodeMark } from './bindings/EpisodeMark';
import { formatClock, fromUnixSeconds, zoneLabel } from './format';

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
  /** The canvas's height: the header and the rows in view. */
  viewHeight: number;
  /** Everything's height: the header and every row (what scrolls). */
  contentHeight: number;
  /** Left gutter for names. */
  labelWidth: number;
  /** Top band for the time axis. */
  axisHeight: number;
  /** The "joins degraded per minute" strip under the axis (0 when it is not shown). */
  stripHeight: number;
  /** Axis and strip: the part that does not scroll. */
  headerHeight: number;
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

/** Per minute: how many joins were poor, warning, and had any data at all. */
export interface MinuteCounts {
  poor: number[];
  warning: number[];
  withData: number[];
}

const AXIS_HEIGHT = 18;
const STRIP_HEIGHT = 30;
const STRIP_GAP = 6;
/** The strip is drawn for meetings of at least this many joins (for two people, rows suffice). */
const STRIP_MIN_ROWS = 3;
/**
 * Rows are never thinner than this, so every row carries a readable name and an episode outline
 * never covers a row's colours (at 2 px rows, 1 px outlines turned a 300-join meeting black).
 */
export const MIN_ROW_HEIGHT = 14;
const MAX_ROW_HEIGHT = 20;
/** Rows at least this tall get a 1 px gap between them. */
const GAP_ROW_HEIGHT = 10;

/**
 * Sizes the heatmap for a width: cells fill the width; rows fit `maxHeight` when they can, never
 * thinner than {@link MIN_ROW_HEIGHT}; beyond that the rows scroll under the header.
 */
export function heatmapLayout(width: number, maxHeight: number, rows: number, minutes: number): HeatmapLayout {
  const stripHeight = rows >= STRIP_MIN_ROWS ? STRIP_HEIGHT + STRIP_GAP : 0;
  const headerHeight = AXIS_HEIGHT + stripHeight;
  const fitted = rows > 0 ? Math.floor((maxHeight - headerHeight) / rows) : MAX_ROW_HEIGHT;
  const rowHeight = Math.max(MIN_ROW_HEIGHT, Math.min(MAX_ROW_HEIGHT, fitted));
  const labelWidth = Math.min(220, Math.max(120, Math.floor(width * 0.2)));
  const cellWidth = minutes > 0 ? Math.max(1, (width - labelWidth) / minutes) : 0;
  const contentHeight = headerHeight + rows * rowHeight;
  return {
    width: Math.max(1, Math.floor(width)),
    viewHeight: Math.min(contentHeight, Math.max(headerHeight + rowHeight, Math.floor(maxHeight))),
    contentHeight,
    labelWidth,
    axisHeight: AXIS_HEIGHT,
    stripHeight,
    headerHeight,
    cellWidth,
    rowHeight,
    rows,
    minutes,
  };
}

/** The furthest the rows can scroll. */
export function maxScroll(layout: HeatmapLayout): number {
  return Math.max(0, layout.contentHeight - layout.viewHeight);
}

/** A scroll offset kept within the rows. */
export function clampScroll(layout: HeatmapLayout, scrollTop: number): number {
  return Math.max(0, Math.min(maxScroll(layout), Number.isFinite(scrollTop) ? scrollTop : 0));
}

/** The scroll offset that brings `row` into view (unchanged when it already is). */
export function scrollToShow(layout: HeatmapLayout, row: number, scrollTop: number): number {
  const visible = layout.viewHeight - layout.headerHeight;
  const top = row * layout.rowHeight;
  if (top < scrollTop) return clampScroll(layout, top);
  if (top + layout.rowHeight > scrollTop + visible) return clampScroll(layout, top + layout.rowHeight - visible);
  return clampScroll(layout, scrollTop);
}

/** The rows drawn at a scroll offset: [first, end). */
export function visibleRows(layout: HeatmapLayout, scrollTop: number): { first: number; end: number } {
  const first = Math.max(0, Math.floor(scrollTop / layout.rowHeight));
  const end = Math.min(layout.rows, Math.ceil((scrollTop + layout.viewHeight - layout.headerHeight) / layout.rowHeight));
  return { first, end: Math.max(first, end) };
}

/** The cell under a point (CSS pixels relative to the canvas, rows scrolled by `scrollTop`), or null. */
export function cellAt(
  layout: HeatmapLayout,
  x: number,
  y: number,
  scrollTop = 0,
): { row: number; minute: number } | null {
  if (x < layout.labelWidth || y < layout.headerHeight || y >= layout.viewHeight || layout.cellWidth <= 0) return null;
  const minute = Math.floor((x - layout.labelWidth) / layout.cellWidth);
  const row = Math.floor((y - layout.headerHeight + scrollTop) / layout.rowHeight);
  if (minute < 0 || minute >= layout.minutes || row < 0 || row >= layout.rows) return null;
  return { row, minute };
}

/** The minute of the strip under a point, or null when the point is not on the strip. */
export function stripMinuteAt(layout: HeatmapLayout, x: number, y: number): number | null {
  if (layout.stripHeight === 0 || x < layout.labelWidth || layout.cellWidth <= 0) return null;
  if (y < layout.axisHeight || y >= layout.headerHeight) return null;
  const minute = Math.floor((x - layout.labelWidth) / layout.cellWidth);
  return minute >= 0 && minute < layout.minutes ? minute : null;
}

/** The rectangle of a cell on the canvas, for the focus ring and the tooltip position. */
export function cellRect(layout: HeatmapLayout, row: number, minute: number, scrollTop = 0) {
  return {
    x: layout.labelWidth + minute * layout.cellWidth,
    y: layout.headerHeight + row * layout.rowHeight - scrollTop,
    w: layout.cellWidth,
    h: layout.rowHeight,
  };
}

/** Minutes between axis labels so that labels do not collide. */
export function tickEvery(cellWidth: number): number {
  for (const step of [1, 2, 5, 10, 15, 30, 60, 120]) if (step * cellWidth >= 44) return step;
  return 240;
}

/** Counts, per minute, the joins that were poor, warning, or had data. */
export function minuteCounts(rows: readonly { codes: string }[], minutes: number): MinuteCounts {
  const poor = new Array<number>(minutes).fill(0);
  const warning = new Array<number>(minutes).fill(0);
  const withData = new Array<number>(minutes).fill(0);
  for (const { codes } of rows) {
    const n = Math.min(minutes, codes.length);
    for (let m = 0; m < n; m++) {
      const c = codes[m];
      if (c === 'p') poor[m]++;
      else if (c === 'w') warning[m]++;
      if (c === 'p' || c === 'w' || c === 'g') withData[m]++;
    }
  }
  return { poor, warning, withData };
}

/** The minute with the most degraded joins (earliest on ties), or null when none was degraded. */
export function worstMinute(counts: MinuteCounts): number | null {
  let best: number | null = null;
  let bestCount = 0;
  for (let m = 0; m < counts.poor.length; m++) {
    const n = counts.poor[m] + counts.warning[m];
    if (n > bestCount) {
      best = m;
      bestCount = n;
    }
  }
  return best;
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
  /** Degraded joins per minute, for the strip. */
  counts: MinuteCounts;
  /** How far the rows are scrolled (CSS pixels). */
  scrollTop: number;
  /** Screen-share periods, in grid minutes [start, end), marked along the time axis. */
  shares?: readonly { start: number; end: number }[];
  focus: { row: number; minute: number } | null;
}

/** Draws everything; the context is already scaled to CSS pixels. */
export function drawHeatmap(ctx: CanvasRenderingContext2D, input: DrawInput): void {
  const { layout, colors } = input;
  const scrollTop = clampScroll(layout, input.scrollTop);
  ctx.clearRect(0, 0, layout.width, layout.viewHeight);
  ctx.font = `11px ${colors.font}`;
  ctx.textBaseline = 'middle';
  drawAxis(ctx, input);
  if (layout.stripHeight > 0) drawStrip(ctx, input);

  // The rows in view, clipped below the header.
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, layout.headerHeight, layout.width, layout.viewHeight - layout.headerHeight);
  ctx.clip();
  const { first, end } = visibleRows(layout, scrollTop);
  for (let r = first; r < end; r++) drawRow(ctx, input, r, scrollTop);
  drawEpisodes(ctx, input, first, end, scrollTop);
  if (input.focus) {
    const rect = cellRect(layout, input.focus.row, input.focus.minute, scrollTop);
    ctx.strokeStyle = colors.focus;
    ctx.lineWidth = 2;
    ctx.strokeRect(rect.x - 1, rect.y - 1, Math.max(3, rect.w + 2), rect.h + 1);
  }
  ctx.restore();
}

/** Height of the screen-share band at the foot of the time axis. */
export const SHARE_BAND = 3;

function drawAxis(ctx: CanvasRenderingContext2D, input: DrawInput): void {
  const { layout, colors } = input;
  // Who shared when: a band along the foot of the axis over the shared minutes.
  ctx.fillStyle = colors.focus;
  for (const share of input.shares ?? []) {
    const from = Math.max(0, share.start);
    const to = Math.min(layout.minutes, share.end);
    if (to <= from) continue;
    const x = layout.labelWidth + from * layout.cellWidth;
    ctx.fillRect(x, layout.axisHeight - SHARE_BAND, (to - from) * layout.cellWidth, SHARE_BAND);
  }
  if (input.start === null) return;
  const every = tickEvery(layout.cellWidth);
  ctx.textAlign = 'left';
  // The axis's zone, in the names column: every time on screen is labelled.
  ctx.fillStyle = colors.text;
  ctx.fillText(`Times: ${zoneLabel(fromUnixSeconds(input.start))}`, 2, layout.axisHeight / 2);
  for (let m = 0; m < layout.minutes; m += every) {
    const x = layout.labelWidth + m * layout.cellWidth;
    ctx.fillStyle = colors.text;
    ctx.fillText(formatClock(fromUnixSeconds(input.start + m * 60)), x + 2, layout.axisHeight / 2);
    ctx.fillStyle = colors.grid;
    ctx.fillRect(Math.round(x), 2, 1, layout.axisHeight - 2);
  }
}

/** Stacked bars: the share of joins poor (bottom) and warning (above) in each minute. */
function drawStrip(ctx: CanvasRenderingContext2D, input: DrawInput): void {
  const { layout, colors, counts } = input;
  const top = layout.axisHeight + 2;
  const height = layout.stripHeight - STRIP_GAP - 2;
  const bottom = top + height;
  ctx.fillStyle = colors.text;
  ctx.textAlign = 'left';
  ctx.fillText('Joins degraded', 2, top + height / 2 - 6);
  ctx.fillText('each minute', 2, top + height / 2 + 7);
  ctx.fillStyle = colors.grid;
  ctx.fillRect(layout.labelWidth, top, layout.width - layout.labelWidth, 1);
  ctx.fillRect(layout.labelWidth, bottom, layout.width - layout.labelWidth, 1);
  const gap = layout.cellWidth >= 4 ? 1 : 0;
  for (let m = 0; m < layout.minutes; m++) {
    const total = counts.withData[m] ?? 0;
    if (total === 0) continue;
    const x = layout.labelWidth + m * layout.cellWidth;
    const w = Math.max(1, layout.cellWidth - gap);
    const poorH = ((counts.poor[m] ?? 0) / total) * height;
    const warnH = ((counts.warning[m] ?? 0) / total) * height;
    // Any degraded join shows: at least one pixel, so that "one person" is visible at 1,000.
    const poorPx = counts.poor[m] > 0 ? Math.max(1, poorH) : 0;
    const warnPx = counts.warning[m] > 0 ? Math.max(1, warnH) : 0;
    ctx.fillStyle = colors.poor;
    ctx.fillRect(x, bottom - poorPx, w, poorPx);
    ctx.fillStyle = colors.warning;
    ctx.fillRect(x, bottom - poorPx - warnPx, w, warnPx);
  }
}

function drawRow(ctx: CanvasRenderingContext2D, input: DrawInput, r: number, scrollTop: number): void {
  const { layout, colors } = input;
  const { labelWidth, headerHeight, cellWidth, rowHeight } = layout;
  const { codes, name } = input.rows[r];
  const y = headerHeight + r * rowHeight - scrollTop;
  const gap = rowHeight >= GAP_ROW_HEIGHT ? 1 : 0;
  ctx.fillStyle = colors.text;
  ctx.textAlign = 'left';
  ctx.fillText(ellipsize(ctx, name, labelWidth - 8), 2, y + rowHeight / 2);
  // One run of equal codes at a time (few fillRect calls for long good stretches).
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
    if (code === 'p' && cellWidth >= 5) {
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

/** An outline around each episode whose row is in view. */
function drawEpisodes(ctx: CanvasRenderingContext2D, input: DrawInput, first: number, end: number, scrollTop: number) {
  const { layout, colors } = input;
  const gap = layout.rowHeight >= GAP_ROW_HEIGHT ? 1 : 0;
  ctx.strokeStyle = colors.episode;
  ctx.lineWidth = 1;
  for (const e of input.episodes) {
    const r = input.rowOf.get(e.user_id);
    if (r === undefined || r < first || r >= end) continue;
    const x = layout.labelWidth + e.start_minute * layout.cellWidth;
    const w = (e.end_minute - e.start_minute) * layout.cellWidth;
    const y = layout.headerHeight + r * layout.rowHeight - scrollTop;
    ctx.strokeRect(x + 0.5, y + 0.5, Math.max(1, w - 1), Math.max(1, layout.rowHeight - gap - 1));
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
