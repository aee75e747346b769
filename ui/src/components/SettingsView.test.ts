import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../lib/api';
import { ApiFailure } from '../lib/api';
import type { Preferences } from '../lib/bindings/Preferences';
import SettingsView from './SettingsView.svelte';

vi.mock('../lib/api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../lib/api')>();
  return {
    ...actual,
    getPreferences: vi.fn(),
    savePreferences: vi.fn(),
    resetThresholds: vi.fn(),
    diagnosticsReport: vi.fn(),
  };
});

const getPreferences = vi.mocked(api.getPreferences);
const savePreferences = vi.mocked(api.savePreferences);
const resetThresholds = vi.mocked(api.resetThresholds);

function prefs(overrides: Partial<Preferences> = {}): Preferences {
  return {
    time_zone: 'local',
    requests_per_second: 30,
    thresholds: [
      { key: 'audio.latency', label: 'Audio latency', unit: 'ms', warning: 400, poor: 500, higher_is_worse: true },
      { key: 'video_frame_rate', label: 'Video frame rate', unit: 'fps', warning: 15, poor: 7, higher_is_worse: false },
    ],
    ...overrides,
  };
}

beforeEach(() => {
  getPreferences.mockReset().mockResolvedValue(prefs());
  savePreferences.mockReset().mockImplementation(async (p) => p);
  resetThresholds.mockReset();
});

describe('SettingsView', () => {
  it('shows the stored settings with labelled threshold inputs', async () => {
    render(SettingsView);
    expect(((await screen.findByTestId('tz-local')) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId('rate-input') as HTMLInputElement).value).toBe('30');
    expect(screen.getAllByTestId('threshold-row')).toHaveLength(2);
    expect((screen.getByLabelText('Audio latency warning limit (ms)') as HTMLInputElement).value).toBe('400');
    expect(screen.getAllByTestId('threshold-row')[1].textContent).toContain('lower');
  });

  it('saves the edited values', async () => {
    render(SettingsView);
    await fireEvent.click(await screen.findByTestId('tz-utc'));
    await fireEvent.input(screen.getByTestId('rate-input'), { target: { value: '10' } });
    await fireEvent.input(screen.getByLabelText('Audio latency warning limit (ms)'), { target: { value: '250' } });
    await fireEvent.click(screen.getByTestId('save-settings'));
    await waitFor(() => expect(savePreferences).toHaveBeenCalledOnce());
    const sent = savePreferences.mock.calls[0][0];
    expect(sent.time_zone).toBe('utc');
    expect(sent.requests_per_second).toBe(10);
    expect(sent.thresholds[0].warning).toBe(250);
    expect(await screen.findByText('Settings saved.')).toBeTruthy();
  });

  it('shows why a value was refused', async () => {
    savePreferences.mockRejectedValue(
      new ApiFailure({ code: 'invalid_input', message: 'The request rate must be between 1 and 40 requests per second' }),
    );
    render(SettingsView);
    await fireEvent.click(await screen.findByTestId('save-settings'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('were not saved');
    expect(alert.textContent).toContain('between 1 and 40');
  });

  it('resets the thresholds', async () => {
    resetThresholds.mockResolvedValue(prefs());
    getPreferences.mockResolvedValue(prefs({ thresholds: [{ ...prefs().thresholds[0], warning: 100 }] }));
    render(SettingsView);
    expect(((await screen.findByLabelText('Audio latency warning limit (ms)')) as HTMLInputElement).value).toBe('100');
    await fireEvent.click(screen.getByRole('button', { name: 'Reset thresholds' }));
    await waitFor(() =>
      expect((screen.getByLabelText('Audio latency warning limit (ms)') as HTMLInputElement).value).toBe('400'),
    );
    expect(screen.getAllByTestId('threshold-row')).toHaveLength(2);
  });

  it('says when the settings cannot be loaded', async () => {
    getPreferences.mockRejectedValueOnce(new ApiFailure({ code: 'io', message: 'settings.json could not be used' }));
    render(SettingsView);
    expect((await screen.findByRole('alert')).textContent).toContain('settings.json');
  });
});

describe('SettingsView — diagnostics', () => {
  it('copies the diagnostics text and shows what was copied', async () => {
    vi.mocked(api.getPreferences).mockResolvedValue({ time_zone: 'local', requests_per_second: 30, thresholds: [] });
    vi.mocked(api.diagnosticsReport).mockResolvedValue('QoScope 0.1.0\nRecent errors: none\n');
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(SettingsView);
    await fireEvent.click(await screen.findByTestId('copy-diagnostics'));
    await waitFor(() => expect(screen.getByTestId('diagnostics-text').textContent).toContain('QoScope 0.1.0'));
    expect(writeText).toHaveBeenCalledWith('QoScope 0.1.0\nRecent errors: none\n');
    expect(screen.getByRole('status').textContent).toContain('Copied');
  });

  it('tells the meeting to re-analyse after saving thresholds', async () => {
    const prefs = { time_zone: 'local' as const, requests_per_second: 30, thresholds: [] };
    vi.mocked(api.getPreferences).mockResolvedValue(prefs);
    vi.mocked(api.savePreferences).mockResolvedValue(prefs);
    const onSaved = vi.fn();
    render(SettingsView, { onSaved });
    await fireEvent.click(await screen.findByTestId('save-settings'));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
  });

  it('turns automatic deletion of saved investigations on with a number of days', async () => {
    render(SettingsView);
    expect((await screen.findByTestId('retention-rule')).textContent).toContain('Nothing is deleted automatically');
    expect(screen.queryByTestId('retention-days')).toBeNull();
    await fireEvent.click(screen.getByTestId('retention-toggle'));
    await fireEvent.input(screen.getByTestId('retention-days'), { target: { value: '14' } });
    expect(screen.getByTestId('retention-rule').textContent).toContain('more than 14 days ago');
    await fireEvent.click(screen.getByTestId('save-settings'));
    await waitFor(() => expect(savePreferences).toHaveBeenCalledOnce());
    expect(savePreferences.mock.calls[0][0].retention_days).toBe(14);
  });

  it('shows a stored limit and turns it off', async () => {
    getPreferences.mockResolvedValue(prefs({ retention_days: 90 }));
    render(SettingsView);
    expect(((await screen.findByTestId('retention-days')) as HTMLInputElement).value).toBe('90');
    await fireEvent.click(screen.getByTestId('retention-toggle'));
    await fireEvent.click(screen.getByTestId('save-settings'));
    await waitFor(() => expect(savePreferences).toHaveBeenCalledOnce());
    expect(savePreferences.mock.calls[0][0].retention_days).toBeNull();
  });

  it('asks for the number of days instead of saving without one', async () => {
    render(SettingsView);
    await fireEvent.click(await screen.findByTestId('retention-toggle'));
    expect((screen.getByTestId('retention-days') as HTMLInputElement).min).toBe('1');
    await fireEvent.input(screen.getByTestId('retention-days'), { target: { value: '' } });
    await fireEvent.click(screen.getByTestId('save-settings'));
    expect((await screen.findByRole('alert')).textContent).toContain('from 1 to 3650');
    expect(savePreferences).not.toHaveBeenCalled();
  });
});
