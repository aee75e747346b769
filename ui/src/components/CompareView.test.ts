import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { tick } from 'svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../lib/api';
import type { MetricAcross } from '../lib/bindings/MetricAcross';
import { MAX_EXPORTED_PARTICIPANTS } from '../lib/compare';
import * as panelChart from '../lib/panelChart';
import { HOSTILE_NAME, T0 } from '../test/fixtures';
import CompareView from './CompareView.svelte';

// The backend: only the commands are replaced; error helpers stay real.
vi.mock('../lib/api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../lib/api')>();
  return { ...actual, metricChoices: vi.fn(), metricAcross: vi.fn(), exportChart: vi.fn(), copyChartPng: vi.fn() };
});

// uPlot needs a canvas, which happy-dom lacks; the options it gets are tested in panelChart.test.ts.
vi.mock('../lib/panelChart', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../lib/panelChart')>();
  return { ...actual, createPanelChart: vi.fn(async () => ({ setSize: vi.fn(), destroy: vi.fn() })) };
});

const metricChoices = vi.mocked(api.metricChoices);
const metricAcross = vi.mocked(api.metricAcross);
const exportChart = vi.mocked(api.exportChart);
const copyChartPng = vi.mocked(api.copyChartPng);
const createPanelChart = vi.mocked(panelChart.createPanelChart);

/** happy-dom never reports intersections: charts count as on screen as soon as they mount. */
class OnScreen {
  constructor(private readonly callback: (entries: { isIntersecting: boolean }[]) => void) {}
  observe() {
    queueMicrotask(() => this.callback([{ isIntersecting: true }]));
  }
  disconnect() {}
  unobserve() {}
}

const PEOPLE = [
  ['16778240', 'Priya Raman'],
  ['16781315', 'Marcus Silva'],
  ['16786456', HOSTILE_NAME],
  ['16780289', 'Aiko Tanaka'],
  ['16779264', 'Tom Becker'],
  ['16784397', 'Board Room B'],
  ['16783369', 'Zoë 王'],
  ['16785426', 'Caller 555-0100'],
  ['16782342', 'Lena Fischer'],
  ['16787000', 'Sam Okafor'],
] as const;

function across(): MetricAcross {
  return {
    stream: 'video_output',
    metric: 'avg_loss',
    stream_label: 'Video received (video_output)',
    metric_label: 'Packet loss (avg)',
    unit: '%',
    times: [0, 1, 2].map((i) => T0 + 60 * i),
    rows: PEOPLE.map(([user_id, display_name], i) => ({ user_id, display_name, api_stream: 'video_output', values: [i, null, i / 2] })),
    median: [4.5, null, 2.25],
    limits: { warning: 3, poor: 10, higher_is_worse: true },
  };
}

const saved = { path: '/home/me/compare.png', file_name: 'compare.png', bytes: 1234 };

beforeEach(() => {
  vi.stubGlobal('IntersectionObserver', OnScreen);
  metricChoices.mockReset().mockResolvedValue([
    { stream: 'video_output', metric: 'avg_loss', label: 'Video received · Packet loss (avg) (%)', stream_label: 'Stream', metric_label: 'Metric', api_streams: ['video_output'], joins: 10 },
  ]);
  metricAcross.mockReset().mockResolvedValue(across());
  exportChart.mockReset().mockResolvedValue(saved);
  copyChartPng.mockReset().mockResolvedValue(undefined);
  createPanelChart.mockClear();
});

/** The names on the chips, in colour order. */
function chipNames(): string[] {
  return screen.getAllByTestId('compare-chip').map((c) => c.querySelector('.ellipsis')?.textContent ?? '');
}

async function openExport(name: RegExp = /^Export this comparison/) {
  await fireEvent.click(screen.getByRole('button', { name }));
}

describe('CompareView — export', () => {
  it('exports the chosen people in chip order with the stream and metric on screen', async () => {
    render(CompareView, { quality: null, onOpen: vi.fn() });
    await waitFor(() => expect(chipNames()).toHaveLength(3));
    const chosen = chipNames().map((name) => PEOPLE.find(([, n]) => n === name)![0]);
    await openExport(/^Export this comparison$/);
    await fireEvent.click(screen.getByRole('button', { name: 'Save PNG…' }));
    await waitFor(() => expect(exportChart).toHaveBeenCalledTimes(1));
    expect(exportChart.mock.calls[0][0]).toMatchObject({
      chart: 'participants',
      user_id: null,
      user_ids: chosen,
      stream: 'video_output',
      metric: 'avg_loss',
      from: null,
      to: null,
      redact: false,
      format: 'png',
    });

    // One removed, another added: the next export sends exactly the chips, in their order.
    const [removed, ...kept] = chosen;
    await fireEvent.click(screen.getByTitle(`Remove ${PEOPLE.find(([id]) => id === removed)![1]} from the chart`));
    await fireEvent.click(screen.getByTitle('Add Sam Okafor to the chart'));
    expect(chipNames().at(-1)).toBe('Sam Okafor');
    await fireEvent.click(screen.getByRole('button', { name: 'Copy PNG' }));
    await waitFor(() => expect(copyChartPng).toHaveBeenCalledTimes(1));
    expect(copyChartPng.mock.calls[0][0].user_ids).toEqual([...kept, '16787000']);
    expect(document.querySelector('img')).toBeNull();
  });

  it('exports the zoomed range while the chart is zoomed', async () => {
    render(CompareView, { quality: null, onOpen: vi.fn() });
    await waitFor(() => expect(createPanelChart.mock.calls.some(([, s]) => s.syncKey === 'compare')).toBe(true));
    const spec = createPanelChart.mock.calls.filter(([, s]) => s.syncKey === 'compare').at(-1)![1];
    spec.onZoom?.([T0 + 60, T0 + 120]);
    await tick();
    await openExport(/^Export this comparison \(zoomed range\)$/);
    await fireEvent.click(screen.getByRole('button', { name: 'Save SVG…' }));
    await waitFor(() => expect(exportChart).toHaveBeenCalledTimes(1));
    expect(exportChart.mock.calls[0][0]).toMatchObject({
      chart: 'participants',
      from: '2026-11-24T10:01:00.000Z',
      to: '2026-11-24T10:02:00.000Z',
      format: 'svg',
    });
    // Zoomed out again: the whole meeting.
    spec.onZoom?.(null);
    await waitFor(() => expect(screen.getByRole('button', { name: /^Export this comparison$/ })).toBeTruthy());
  });

  it('is disabled, with the reason as its tooltip, when nobody or too many people are chosen', async () => {
    render(CompareView, { quality: null, onOpen: vi.fn() });
    await waitFor(() => expect(chipNames()).toHaveLength(3));
    for (const name of chipNames()) await fireEvent.click(screen.getByTitle(`Remove ${name} from the chart`));
    const trigger = screen.getByRole('button', { name: /^Export this comparison/ }) as HTMLButtonElement;
    expect(trigger.disabled).toBe(true);
    expect(trigger.title).toMatch(/add at least one person/);
    await fireEvent.click(trigger);
    expect(screen.queryByRole('button', { name: 'Save PNG…' })).toBeNull();

    for (const [, name] of PEOPLE.slice(0, MAX_EXPORTED_PARTICIPANTS)) {
      await fireEvent.click(screen.getByTitle(`Add ${name} to the chart`));
    }
    expect(trigger.disabled).toBe(false);
    await fireEvent.click(screen.getByTitle(`Add ${PEOPLE[MAX_EXPORTED_PARTICIPANTS][1]} to the chart`));
    expect(trigger.disabled).toBe(true);
    expect(trigger.title).toMatch(`at most ${MAX_EXPORTED_PARTICIPANTS} people`);
    expect(exportChart).not.toHaveBeenCalled();
  });
});
