import { render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as chart from '../lib/chart';
import { series, timelineFixture } from '../test/fixtures';
import MetricChart from './MetricChart.svelte';

vi.mock('../lib/chart', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../lib/chart')>();
  return { ...actual, createMetricChart: vi.fn() };
});

const createMetricChart = vi.mocked(chart.createMetricChart);
const handles: { setSize: ReturnType<typeof vi.fn>; destroy: ReturnType<typeof vi.fn> }[] = [];

beforeEach(() => {
  handles.length = 0;
  createMetricChart.mockReset().mockImplementation(async () => {
    const handle = { setSize: vi.fn(), destroy: vi.fn() };
    handles.push(handle);
    return handle;
  });
});

const { times } = timelineFixture();
const bitrate = series({ stream: 'video_input', metric: 'bitrate' });
const latency = series({ stream: 'audio_input', metric: 'latency', metric_label: 'Latency', unit: 'ms' });

describe('MetricChart', () => {
  it('creates one chart, passes gaps as null and destroys it on unmount', async () => {
    const { unmount } = render(MetricChart, { times, series: bitrate, ownerName: 'Priya Raman' });
    await waitFor(() => expect(handles).toHaveLength(1));
    const spec = createMetricChart.mock.calls[0][1];
    expect(spec.data[1]).toEqual([1410, 1299, null, 1350, 1402, null]);
    expect(spec.unit).toBe('kbps');
    const host = screen.getByTestId('metric-chart');
    expect(host.getAttribute('role')).toBe('img');
    expect(host.getAttribute('aria-label')).toMatch(/Bitrate \(kbps\) of Priya Raman per minute: minimum 1,299 kbps/);
    expect(host.getAttribute('aria-label')).toMatch(/data for 4 of 6 minutes/);
    unmount();
    expect(handles[0].destroy).toHaveBeenCalledTimes(1);
  });

  it('replaces the chart when the series changes', async () => {
    const view = render(MetricChart, { times, series: bitrate, ownerName: 'Priya Raman' });
    await waitFor(() => expect(handles).toHaveLength(1));
    await view.rerender({ times, series: latency, ownerName: 'Priya Raman' });
    await waitFor(() => expect(handles).toHaveLength(2));
    expect(handles[0].destroy).toHaveBeenCalledTimes(1);
    expect(handles[1].destroy).not.toHaveBeenCalled();
    expect(createMetricChart.mock.calls[1][1].axisLabel).toBe('Latency (ms)');
  });

  it('shows the exact value under the cursor, and "no data" in a gap', async () => {
    render(MetricChart, { times, series: bitrate, ownerName: 'Priya Raman' });
    await waitFor(() => expect(handles).toHaveLength(1));
    const { onCursor } = createMetricChart.mock.calls[0][1];
    onCursor?.(0);
    expect(await screen.findByText('1,410 kbps')).toBeTruthy();
    expect(screen.getByText('11:00')).toBeTruthy(); // TZ=Europe/Berlin
    onCursor?.(2);
    expect(await screen.findByText('no data')).toBeTruthy();
    onCursor?.(null);
    expect(await screen.findByText(/No data for 2 of 6 minutes/)).toBeTruthy();
  });

  it('says so when the chart cannot be drawn', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    createMetricChart.mockReset().mockRejectedValue(new Error('canvas unavailable'));
    render(MetricChart, { times, series: bitrate, ownerName: 'Priya Raman' });
    expect((await screen.findByRole('alert')).textContent).toContain('canvas unavailable');
  });
});
