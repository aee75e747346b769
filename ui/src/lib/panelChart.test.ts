import { describe, expect, it, vi } from 'vitest';
import type uPlot from 'uplot';
import { exportRange, panelOptions, sameRange, Y_AXIS_SIZE, zoomedRange, type PanelSpec } from './panelChart';
import { T0 } from '../test/fixtures';

function spec(overrides: Partial<PanelSpec> = {}): PanelSpec {
  return {
    xs: [T0, T0 + 60, T0 + 120],
    lines: [{ label: 'Sent', values: [1, null, 3], color: '#0072b2' }],
    unit: '%',
    axisLabel: 'Loss',
    limits: { warning: 3, poor: 10, higher_is_worse: true },
    episodes: [],
    markers: [],
    focusTime: null,
    width: 400,
    height: 150,
    colors: {
      text: '#000',
      grid: '#ccc',
      font: 'sans-serif',
      warning: '#e69f00',
      poor: '#d55e00',
      episode: '#d55e00',
      marker: '#555',
      focus: '#0072b2',
    },
    syncKey: 'k',
    ...overrides,
  };
}

describe('panel chart options', () => {
  it('shares the cursor through the sync key, keeps gaps and zooms on x only', () => {
    const o = panelOptions(spec(), null);
    expect(o.cursor?.sync?.key).toBe('k');
    expect(o.cursor?.drag).toMatchObject({ x: true, y: false });
    expect(o.series[1].spanGaps).toBe(false);
    const range = o.scales!.y.range as () => [number, number];
    expect(range()[1]).toBeGreaterThanOrEqual(10); // the poor line is in view
  });

  it('applies a zoom to every other chart of the group, without echo', () => {
    const plots: { scales: { x: { min?: number; max?: number } }; setScale: ReturnType<typeof vi.fn> }[] = [];
    const UPlot = { sync: () => ({ plots }) } as unknown as typeof uPlot;
    const o = panelOptions(spec(), UPlot);
    const self = { scales: { x: { min: T0 + 60, max: T0 + 120 } }, setScale: vi.fn() };
    const other = { scales: { x: {} }, setScale: vi.fn() };
    plots.push(self, other);
    const hook = o.hooks!.setScale![0] as (u: unknown, key: string) => void;
    other.setScale.mockImplementation(() => hook(other, 'x')); // the other chart's own hook fires
    hook(self, 'x');
    expect(other.setScale).toHaveBeenCalledWith('x', { min: T0 + 60, max: T0 + 120 });
    expect(self.setScale).not.toHaveBeenCalled();
    hook(self, 'y');
    expect(other.setScale).toHaveBeenCalledTimes(1);
  });

  it('reports the cursor index, and null when it leaves', () => {
    const onCursor = vi.fn();
    const o = panelOptions(spec({ onCursor }), null);
    const hook = o.hooks!.setCursor![0] as (u: unknown) => void;
    hook({ cursor: { idx: 2 } });
    hook({ cursor: { idx: null } });
    expect(onCursor.mock.calls).toEqual([[2], [null]]);
  });

  it('reports the zoomed range for exports, and null when all of it is in view', () => {
    const onZoom = vi.fn();
    const o = panelOptions(spec({ onZoom }), null);
    const hook = o.hooks!.setScale![0] as (u: unknown, key: string) => void;
    hook({ scales: { x: { min: T0 + 30, max: T0 + 90 } } }, 'x');
    hook({ scales: { x: { min: T0 - 10, max: T0 + 500 } } }, 'x');
    hook({ scales: { x: { min: T0, max: T0 + 60 } } }, 'y');
    expect(onZoom.mock.calls).toEqual([[[T0 + 30, T0 + 90]], [null]]);
  });

  it('clips a zoomed range to the data and ignores empty ones', () => {
    const xs = [T0, T0 + 60, T0 + 120];
    expect(zoomedRange(T0 - 100, T0 + 60, xs)).toEqual([T0, T0 + 60]);
    expect(zoomedRange(T0, T0 + 120, xs)).toBeNull();
    expect(zoomedRange(T0 + 500, T0 + 600, xs)).toBeNull();
    expect(zoomedRange(undefined, T0 + 60, xs)).toBeNull();
    expect(zoomedRange(T0, T0 + 60, [])).toBeNull();
  });

  it('compares zoomed ranges and turns them into an export’s from/to', () => {
    expect(sameRange(null, null)).toBe(true);
    expect(sameRange([T0, T0 + 60], [T0, T0 + 60])).toBe(true);
    expect(sameRange([T0, T0 + 60], null)).toBe(false);
    expect(exportRange(null)).toEqual({ from: null, to: null });
    expect(exportRange([T0, T0 + 60])).toEqual({
      from: new Date(T0 * 1000).toISOString(),
      to: new Date((T0 + 60) * 1000).toISOString(),
    });
  });
});

describe('stacked charts', () => {
  it('share a left edge: every value axis has the same width, whatever its numbers', () => {
    const small = panelOptions(spec(), null);
    const large = panelOptions(spec({ lines: [{ label: 'Sent', values: [1200000, 25, 1920], color: '#0072b2' }] }), null);
    const width = (o: ReturnType<typeof panelOptions>) => o.axes![1].size;
    expect(width(small)).toBe(Y_AXIS_SIZE);
    expect(width(large)).toBe(Y_AXIS_SIZE);
  });
});
