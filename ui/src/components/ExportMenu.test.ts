import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../lib/api';
import { ApiFailure } from '../lib/api';
import { HOSTILE_NAME } from '../test/fixtures';
import ExportMenu from './ExportMenu.svelte';
import { closeAllPopovers } from '../lib/popover.svelte';
import { tick } from 'svelte';

// The backend: only the export commands are replaced; error helpers stay real.
vi.mock('../lib/api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../lib/api')>();
  return {
    ...actual,
    exportChart: vi.fn(),
    exportReport: vi.fn(),
    copyChartPng: vi.fn(),
    revealExport: vi.fn(),
  };
});

const exportChart = vi.mocked(api.exportChart);
const exportReport = vi.mocked(api.exportReport);
const copyChartPng = vi.mocked(api.copyChartPng);
const revealExport = vi.mocked(api.revealExport);

const chart = {
  chart: 'metric' as const,
  user_id: '16786456',
  stream: 'audio_output',
  metric: 'jitter',
  culprit_user_id: null,
  from: '2026-11-24T10:10:00Z',
  to: '2026-11-24T10:20:00Z',
};

const saved = { path: '/home/me/QoScope_x.pdf', file_name: 'QoScope_x.pdf', bytes: 1234 };

beforeEach(() => {
  exportChart.mockReset();
  exportReport.mockReset();
  copyChartPng.mockReset();
  revealExport.mockReset().mockResolvedValue(undefined);
});

describe('ExportMenu', () => {
  it('exports the PDF report redacted by default and offers "Show in folder"', async () => {
    exportReport.mockResolvedValue(saved);
    render(ExportMenu, { reportFocus: '16786456' });
    await fireEvent.click(screen.getByRole('button', { name: 'PDF report' }));
    expect((screen.getByRole('checkbox', { name: /Redact personal data/ }) as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(screen.getByRole('button', { name: 'Save PDF report…' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Saved QoScope_x.pdf'));
    expect(exportReport).toHaveBeenCalledWith({
      focus_user_id: '16786456',
      redact: true,
      utc_offset_minutes: -new Date().getTimezoneOffset(),
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Show in folder' }));
    expect(revealExport).toHaveBeenCalledWith('/home/me/QoScope_x.pdf');
    expect(screen.getByRole('status').textContent).toContain('Saved QoScope_x.pdf');
  });

  it('says on the button whether it exports a chart or the PDF report; its full name is the accessible name, not a tooltip', () => {
    render(ExportMenu, { reportFocus: null, label: 'PDF report of the whole meeting' });
    render(ExportMenu, { chart, label: 'Export the heatmap' });
    const report = screen.getByRole('button', { name: 'PDF report of the whole meeting' });
    const image = screen.getByRole('button', { name: 'Export the heatmap' });
    expect(report.textContent?.trim()).toBe('PDF report');
    expect(image.textContent?.trim()).toBe('Export');
    // A tooltip repeating the name would also cover "Save PDF report…" right below it.
    expect(report.title).toBe('');
    expect(image.title).toBe('');
  });

  it('is one popover at a time, closed by Escape, an outside click, or a tab or screen change', async () => {
    render(ExportMenu, { reportFocus: null, label: 'PDF report of the whole meeting' });
    render(ExportMenu, { chart, label: 'Export the heatmap' });
    const report = screen.getByRole('button', { name: 'PDF report of the whole meeting' });
    const image = screen.getByRole('button', { name: 'Export the heatmap' });
    const menus = () => screen.queryAllByRole('group', { name: 'Export options' }).length;

    await fireEvent.click(report);
    expect(report.getAttribute('aria-expanded')).toBe('true');
    await fireEvent.click(image);
    expect(menus()).toBe(1);
    expect(report.getAttribute('aria-expanded')).toBe('false');
    expect(image.getAttribute('aria-expanded')).toBe('true');

    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(menus()).toBe(0);
    expect(document.activeElement).toBe(image);

    await fireEvent.click(report);
    await fireEvent.pointerDown(screen.getByRole('button', { name: 'Save PDF report…' }));
    expect(menus()).toBe(1);
    await fireEvent.pointerDown(document.body);
    expect(menus()).toBe(0);

    await fireEvent.click(report);
    closeAllPopovers();
    await tick();
    expect(menus()).toBe(0);
  });

  it('exports the chart on screen with its range, as PNG or SVG, and copies it', async () => {
    exportChart.mockResolvedValue({ ...saved, file_name: 'chart.png' });
    copyChartPng.mockResolvedValue(undefined);
    render(ExportMenu, { chart });
    await fireEvent.click(screen.getByRole('button', { name: 'Export chart' }));
    const redact = screen.getByRole('checkbox', { name: /Redact personal data/ });
    expect((redact as HTMLInputElement).checked).toBe(false);
    await fireEvent.click(redact);
    await fireEvent.click(screen.getByRole('button', { name: 'Save SVG…' }));
    await waitFor(() => expect(exportChart).toHaveBeenCalledTimes(1));
    expect(exportChart.mock.calls[0][0]).toMatchObject({ ...chart, redact: true, format: 'svg' });
    await fireEvent.click(screen.getByRole('button', { name: 'Copy PNG' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Copied the chart'));
    expect(copyChartPng.mock.calls[0][0]).toMatchObject({ ...chart, format: 'png' });
  });

  it('says nothing was saved when the dialog is cancelled, and shows errors as text', async () => {
    exportReport.mockResolvedValueOnce(null);
    render(ExportMenu, { reportFocus: null });
    await fireEvent.click(screen.getByRole('button', { name: 'PDF report' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Save PDF report…' }));
    await waitFor(() => expect(exportReport).toHaveBeenCalledTimes(1));
    expect(screen.getByRole('status').textContent?.trim()).toBe('');
    exportReport.mockRejectedValueOnce(new ApiFailure({ code: 'not_found', message: `no participant ${HOSTILE_NAME}` }));
    await fireEvent.click(screen.getByRole('button', { name: 'Save PDF report…' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(HOSTILE_NAME);
    expect(alert.querySelector('img')).toBeNull();
  });
});
