// The overview heatmap at every size: layout, scrolling, hit-testing, the per-minute strip, and
// what the drawing puts on the canvas (names on every row, outlines only on rows tall enough).
import { describe, expect, it } from 'vitest';
import type { EpisodeMark } from './bindings/EpisodeMark';
import {
  cellAt,
  cellRect,
  clampScroll,
  drawHeatmap,
  heatmapLayout,
  maxScroll,
  minuteCounts,
  MIN_ROW_HEIGHT,
  SHARE_BAND,
  scrollToShow,
  stripMinuteAt,
  tickEvery,
  visibleRows,
  worstMinute,
  type DrawInput,
  type HeatmapColors,
} from './heatmap';

const COLORS: HeatmapColors = {
  good: '#c9d3dc',
  warning: '#e69f00',
  poor: '#d55e00',
  noData: '#f7f8fa',
  hatch: 'rgba(0,0,0,0.4)',
  text: '#3d434a',
  grid: 'rgba(0,0,0,0.1)',
  focus: '#0072b2',
  episode: '#1a1d21',
  font: 'sans-serif',
};

/** A 2D context that records what is drawn. */
function recorder() {
  const calls = { fillText: [] as { text: string; y: number }[], strokeRect: [] as number[][], fillRect: 0 };
  let fillStyle = '';
  const ctx = {
    set fillStyle(v: string) {
      fillStyle = v;
    },
    get fillStyle() {
      return fillStyle;
    },
    strokeStyle: '',
    lineWidth: 1,
    font: '',
    textBaseline: '',
    textAlign: '',
    clearRect() {},
    fillRect() {
      calls.fillRect++;
    },
    strokeRect(x: number, y: number, w: number, h: number) {
      calls.strokeRect.push([x, y, w, h]);
    },
    fillText(text: string, _x: number, y: number) {
      calls.fillText.push({ text, y });
    },
    measureText: (t: string) => ({ width: t.length * 6 }),
    save() {},
    restore() {},
    beginPath() {},
    rect() {},
    clip() {},
    moveTo() {},
    lineTo() {},
    stroke() {},
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, calls };
}

/** `n` joins over 60 minutes, all degraded 09:10–09:40 with an episode each (a meeting-wide problem). */
function meetingWide(n: number): Omit<DrawInput, 'layout' | 'scrollTop'> {
  const codes = 'g'.repeat(10) + 'p'.repeat(30) + 'g'.repeat(20);
  const rows = Array.from({ length: n }, (_, i) => ({ name: `Person ${i + 1}`, codes, userId: String(i) }));
  const episodes: EpisodeMark[] = rows.map((r) => ({
    user_id: r.userId,
    display_name: r.name,
    stream: 'audio_input',
    group: 'audio',
    start_minute: 10,
    end_minute: 40,
    grade: 'poor',
    summary: '',
  }));
  return {
    rows,
    start: 1_764_000_000,
    colors: COLORS,
    episodes,
    rowOf: new Map(rows.map((r, i) => [r.userId, i])),
    counts: minuteCounts(rows, 60),
    focus: null,
  };
}

describe('heatmap layout', () => {
  it('fits small meetings without scrolling', () => {
    const small = heatmapLayout(1000, 400, 9, 60);
    expect(small.rowHeight).toBe(20);
    expect(small.labelWidth).toBeGreaterThan(0);
    expect(small.viewHeight).toBe(small.contentHeight);
    expect(maxScroll(small)).toBe(0);
  });

  it('keeps 300 and 1,000 joins readable: names on every row, a bounded view, the rest scrolls', () => {
    for (const n of [318, 1000]) {
      const big = heatmapLayout(1000, 640, n, 60);
      expect(big.rowHeight).toBe(MIN_ROW_HEIGHT);
      expect(big.rowHeight).toBeGreaterThanOrEqual(12);
      expect(big.labelWidth).toBeGreaterThanOrEqual(120);
      expect(big.viewHeight).toBeLessThanOrEqual(640);
      expect(big.contentHeight).toBe(big.headerHeight + n * MIN_ROW_HEIGHT);
      expect(maxScroll(big)).toBe(big.contentHeight - big.viewHeight);
    }
  });

  it('shows the per-minute strip from three joins on', () => {
    expect(heatmapLayout(1000, 400, 2, 60).stripHeight).toBe(0);
    expect(heatmapLayout(1000, 400, 3, 60).stripHeight).toBeGreaterThan(0);
  });

  it('maps points to cells and back, scrolled or not', () => {
    const l = heatmapLayout(1000, 400, 9, 60);
    const r = cellRect(l, 3, 10);
    expect(cellAt(l, r.x + 1, r.y + 1)).toEqual({ row: 3, minute: 10 });
    expect(cellAt(l, 2, r.y + 1)).toBeNull(); // the name gutter
    expect(cellAt(l, r.x, 5)).toBeNull(); // the axis
    expect(cellAt(l, r.x, l.axisHeight + 5)).toBeNull(); // the strip
    expect(cellAt(l, 999, l.viewHeight + 5)).toBeNull();

    const big = heatmapLayout(1000, 640, 300, 60);
    const scrolled = 120 * MIN_ROW_HEIGHT - 100;
    const s = cellRect(big, 120, 7, scrolled);
    expect(s.y).toBeGreaterThanOrEqual(big.headerHeight);
    expect(s.y + s.h).toBeLessThanOrEqual(big.viewHeight);
    expect(cellAt(big, s.x + 1, s.y + 1, scrolled)).toEqual({ row: 120, minute: 7 });
  });

  it('finds the strip minute under the pointer', () => {
    const l = heatmapLayout(1000, 400, 9, 60);
    const r = cellRect(l, 0, 12);
    expect(stripMinuteAt(l, r.x + 1, l.axisHeight + 4)).toBe(12);
    expect(stripMinuteAt(l, r.x + 1, l.headerHeight + 1)).toBeNull();
    expect(stripMinuteAt(l, 2, l.axisHeight + 4)).toBeNull();
  });

  it('scrolls just enough to show a row, within bounds', () => {
    const big = heatmapLayout(1000, 640, 300, 60);
    expect(scrollToShow(big, 0, 0)).toBe(0);
    const down = scrollToShow(big, 200, 0);
    const { first, end } = visibleRows(big, down);
    expect(200).toBeGreaterThanOrEqual(first);
    expect(200).toBeLessThan(end);
    expect(scrollToShow(big, 0, down)).toBe(0);
    expect(clampScroll(big, 1e9)).toBe(maxScroll(big));
    expect(clampScroll(big, -5)).toBe(0);
    expect(clampScroll(big, Number.NaN)).toBe(0);
  });

  it('spaces axis labels', () => {
    expect(tickEvery(50)).toBe(1);
    expect(tickEvery(12)).toBe(5);
    expect(tickEvery(1)).toBe(60);
  });
});

describe('the per-minute strip', () => {
  it('counts degraded joins per minute and finds the worst minute', () => {
    const counts = minuteCounts([{ codes: 'gpw-' }, { codes: 'gpg' }, { codes: '-w' }], 4);
    expect(counts.poor).toEqual([0, 2, 0, 0]);
    expect(counts.warning).toEqual([0, 1, 1, 0]);
    expect(counts.withData).toEqual([2, 3, 2, 0]);
    expect(worstMinute(counts)).toBe(1);
    expect(worstMinute(minuteCounts([{ codes: 'ggg' }], 3))).toBeNull();
  });
});

describe('drawing at scale', () => {
  it('a 300-join meeting-wide problem: every row in view has a name, outlines sit on rows tall enough', () => {
    const input = meetingWide(300);
    const layout = heatmapLayout(1000, 640, 300, 60);
    const { ctx, calls } = recorder();
    drawHeatmap(ctx, { ...input, layout, scrollTop: 0 });
    const { first, end } = visibleRows(layout, 0);
    const names = calls.fillText.filter((t) => t.text.startsWith('Person'));
    expect(names.length).toBe(end - first);
    // Only the rows in view are drawn, not all 300.
    expect(end - first).toBeLessThan(60);
    expect(calls.strokeRect.length).toBe(end - first);
    for (const [, , , h] of calls.strokeRect) expect(h).toBeGreaterThanOrEqual(6);
  });

  it('draws the rows under the scroll offset', () => {
    const input = meetingWide(1000);
    const layout = heatmapLayout(1000, 640, 1000, 60);
    const { ctx, calls } = recorder();
    drawHeatmap(ctx, { ...input, layout, scrollTop: maxScroll(layout) });
    const names = calls.fillText.filter((t) => t.text.startsWith('Person')).map((t) => t.text);
    expect(names.at(-1)).toBe('Person 1000');
    expect(names).not.toContain('Person 1');
  });
});

describe('screen sharing on the time axis', () => {
  it('draws a band at the foot of the axis over the shared minutes, clipped to the grid', () => {
    const input = meetingWide(5);
    const layout = heatmapLayout(1000, 640, 5, 60);
    const fills: number[][] = [];
    const { ctx } = recorder();
    const original = ctx.fillRect.bind(ctx);
    ctx.fillRect = (x: number, y: number, w: number, h: number) => {
      fills.push([x, y, w, h]);
      original(x, y, w, h);
    };
    drawHeatmap(ctx, { ...input, layout, scrollTop: 0, shares: [{ start: 20, end: 35 }, { start: 55, end: 90 }] });
    const band = fills.filter(([, y, , h]) => h === SHARE_BAND && y === layout.axisHeight - SHARE_BAND);
    expect(band).toHaveLength(2);
    expect(band[0][0]).toBeCloseTo(layout.labelWidth + 20 * layout.cellWidth);
    expect(band[0][2]).toBeCloseTo(15 * layout.cellWidth);
    expect(band[1][2]).toBeCloseTo(5 * layout.cellWidth, 5);
  });
});

