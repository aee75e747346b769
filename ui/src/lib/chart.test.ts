import { describe, expect, it } from 'vitest';
import { T0 } from '../test/fixtures';
import { metricChartOptions, type MetricChartSpec } from './chart';

const spec = (over: Partial<MetricChartSpec> = {}): MetricChartSpec => ({
  data: [
    [T0, T0 + 60, T0 + 120],
    [720, null, 360],
  ],
  texts: ['1280×720', null, '640×360'],
  name: 'Resolution',
  axisLabel: 'Resolution (px)',
  unit: 'px',
  width: 600,
  height: 300,
  colors: { line: '#0072b2', text: '#333', grid: '#ccc', font: 'system-ui' },
  ...over,
});

describe('uPlot options', () => {
  it('draws gaps for missing minutes', () => {
    const opts = metricChartOptions(spec());
    expect(opts.series[1].spanGaps).toBe(false);
    expect(opts.scales?.x?.time).toBe(true);
  });

  it('labels the y axis with the unit', () => {
    expect(metricChartOptions(spec()).axes?.[1].label).toBe('Resolution (px)');
  });

  it('shows exact values with units, using value_texts when present', () => {
    const opts = metricChartOptions(spec());
    const value = opts.series[1].value as (u: unknown, v: number | null, s: number, i: number | null) => string;
    expect(value(null, 720, 1, 0)).toBe('1280×720');
    expect(value(null, null, 1, 1)).toBe('—');
    const kbps = metricChartOptions(spec({ unit: 'kbps', texts: null }));
    const kbpsValue = kbps.series[1].value as typeof value;
    expect(kbpsValue(null, 1410, 1, 0)).toBe('1,410 kbps');
  });

  it('formats the x axis in local time', () => {
    const opts = metricChartOptions(spec());
    const values = opts.axes?.[0].values as (u: unknown, splits: number[]) => string[];
    expect(values(null, [T0, T0 + 600])).toEqual(['11:00', '11:10']); // TZ=Europe/Berlin in tests
  });

  it('starts non-negative metrics at zero', () => {
    const opts = metricChartOptions(spec());
    const range = opts.scales?.y?.range as () => [number, number];
    expect(range()[0]).toBe(0);
  });
});
