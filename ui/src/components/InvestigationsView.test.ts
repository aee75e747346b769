import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../lib/api';
import { ApiFailure } from '../lib/api';
import type { InvestigationSummary } from '../lib/bindings/InvestigationSummary';
import { SavedInvestigations } from '../lib/savedInvestigations.svelte';
import { HOSTILE_NAME, meetingFixture } from '../test/fixtures';
import InvestigationsView from './InvestigationsView.svelte';

vi.mock('../lib/api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../lib/api')>();
  return {
    ...actual,
    listInvestigations: vi.fn(),
    openInvestigation: vi.fn(),
    renameInvestigation: vi.fn(),
    deleteInvestigation: vi.fn(),
    importInvestigations: vi.fn(),
    getPreferences: vi.fn(),
  };
});

const listInvestigations = vi.mocked(api.listInvestigations);
const openInvestigation = vi.mocked(api.openInvestigation);
const renameInvestigation = vi.mocked(api.renameInvestigation);
const deleteInvestigation = vi.mocked(api.deleteInvestigation);
const importInvestigations = vi.mocked(api.importInvestigations);
const getPreferences = vi.mocked(api.getPreferences);

function preferences(retention_days: number | null) {
  return { time_zone: 'local' as const, requests_per_second: 30, thresholds: [], retention_days };
}

function item(overrides: Partial<InvestigationSummary> = {}): InvestigationSummary {
  return {
    id: '20261126T101500',
    name: 'Weekly IT service review — 2026-11-25 10:00 UTC',
    topic: 'Weekly IT service review',
    meeting_number: '85746213390',
    start_time: '2026-11-25T10:00:00Z',
    person_count: 8,
    fetched_at: '2026-11-26T10:15:00Z',
    complete: true,
    source: 'simulator',
    profile: 'Demo (simulated Zoom)',
    ...overrides,
  };
}

const partial = item({ id: '20261126T111500', name: 'All-hands', complete: false, source: 'zoom', profile: 'Work' });

async function renderWith(list: InvestigationSummary[]) {
  listInvestigations.mockResolvedValue(list);
  const saved = new SavedInvestigations();
  const onOpened = vi.fn();
  const onFind = vi.fn();
  const onSettings = vi.fn();
  render(InvestigationsView, { saved, onOpened, onFind, onSettings });
  await saved.load();
  return { saved, onOpened, onFind, onSettings };
}

beforeEach(() => {
  listInvestigations.mockReset();
  openInvestigation.mockReset();
  renameInvestigation.mockReset();
  deleteInvestigation.mockReset();
  importInvestigations.mockReset();
  getPreferences.mockReset().mockResolvedValue(preferences(null));
});

describe('InvestigationsView', () => {
  it('states the retention rule and leads to Settings', async () => {
    getPreferences.mockResolvedValue(preferences(30));
    const { onSettings } = await renderWith([item()]);
    const rule = await screen.findByTestId('retention-rule');
    expect(rule.textContent).toContain('more than 30 days ago are deleted automatically');
    await fireEvent.click(within(rule).getByRole('button', { name: 'Change in Settings' }));
    expect(onSettings).toHaveBeenCalled();
  });

  it('says that nothing is deleted automatically when the rule is off', async () => {
    await renderWith([]);
    const rule = await screen.findByTestId('retention-rule');
    expect(rule.textContent).toContain('Nothing is deleted automatically');
    expect(within(rule).getByRole('button', { name: 'Set a limit in Settings' })).toBeTruthy();
  });

  it('says nothing about retention when the settings cannot be read', async () => {
    getPreferences.mockRejectedValue(new ApiFailure({ code: 'io', message: 'settings.json is unreadable' }));
    await renderWith([item()]);
    await screen.findAllByTestId('saved-row');
    expect(screen.queryByTestId('retention-rule')).toBeNull();
  });

  it('says what to do when nothing is saved', async () => {
    const { onFind } = await renderWith([]);
    expect((await screen.findByTestId('saved-empty')).textContent).toContain('No saved investigations yet.');
    await fireEvent.click(screen.getByRole('button', { name: 'Find a meeting' }));
    expect(onFind).toHaveBeenCalled();
  });

  it('lists investigations, marks partial ones, and keeps Zoom text as text', async () => {
    await renderWith([item(), partial, item({ id: 'x', name: HOSTILE_NAME })]);
    const rows = await screen.findAllByTestId('saved-row');
    expect(rows).toHaveLength(3);
    expect(rows[0].textContent).toContain('857 4621 3390');
    // The profile's name already says where the data came from: not "Simulated Zoom (Demo (simulated Zoom))".
    expect(rows[0].textContent).toContain('Demo (simulated Zoom)');
    expect(rows[0].textContent).not.toContain('Simulated Zoom (Demo');
    expect(within(rows[0]).queryByText('Partial')).toBeNull();
    expect(within(rows[1]).getByText('Partial')).toBeTruthy();
    expect(within(rows[2]).getByText(HOSTILE_NAME)).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
  });

  it('opens an investigation offline', async () => {
    const overview = meetingFixture();
    openInvestigation.mockResolvedValue(overview);
    const { onOpened } = await renderWith([item()]);
    await fireEvent.click(await screen.findByRole('button', { name: /^Open Weekly/ }));
    expect(openInvestigation).toHaveBeenCalledWith('20261126T101500');
    await waitFor(() => expect(onOpened).toHaveBeenCalledWith(overview));
  });

  it('shows why an investigation could not be opened', async () => {
    openInvestigation.mockRejectedValue(new ApiFailure({ code: 'snapshot_unreadable', message: 'the file is truncated' }));
    await renderWith([item()]);
    await fireEvent.click(await screen.findByRole('button', { name: /^Open Weekly/ }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('could not be opened');
    expect(alert.textContent).toContain('truncated');
  });

  it('renames an investigation', async () => {
    renameInvestigation.mockResolvedValue(item({ name: 'Ticket 4711' }));
    await renderWith([item()]);
    await fireEvent.click(await screen.findByRole('button', { name: /^Rename/ }));
    await fireEvent.input(screen.getByTestId('rename-input'), { target: { value: 'Ticket 4711' } });
    listInvestigations.mockResolvedValue([item({ name: 'Ticket 4711' })]);
    await fireEvent.click(screen.getByRole('button', { name: 'Save name' }));
    expect(renameInvestigation).toHaveBeenCalledWith('20261126T101500', 'Ticket 4711');
    await waitFor(() => expect(screen.getByTestId('saved-name').textContent).toBe('Ticket 4711'));
  });

  it('deletes only after confirmation', async () => {
    deleteInvestigation.mockResolvedValue();
    await renderWith([item(), partial]);
    await fireEvent.click(await screen.findByRole('button', { name: 'Delete All-hands' }));
    expect(deleteInvestigation).not.toHaveBeenCalled();
    const confirm = screen.getByRole('alertdialog');
    expect(confirm.textContent).toContain('Delete “All-hands”?');
    await fireEvent.click(within(confirm).getByRole('button', { name: 'Keep' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Delete All-hands' }));
    listInvestigations.mockResolvedValue([item()]);
    await fireEvent.click(screen.getByTestId('confirm-delete'));
    expect(deleteInvestigation).toHaveBeenCalledWith('20261126T111500');
    await waitFor(() => expect(screen.getAllByTestId('saved-row')).toHaveLength(1));
    expect(screen.getByTestId('saved-notice').textContent).toBe('Deleted “All-hands”.');
  });

  it('imports files and explains the ones it refused', async () => {
    await renderWith([]);
    importInvestigations.mockResolvedValue({
      imported: [item()],
      errors: [{ code: 'snapshot_unreadable', message: 'notes.json cannot be imported: not a QoScope snapshot' }],
    });
    listInvestigations.mockResolvedValue([item()]);
    await fireEvent.click(await screen.findByTestId('import-button'));
    await waitFor(() => expect(screen.getAllByTestId('saved-row')).toHaveLength(1));
    expect(screen.getByTestId('saved-notice').textContent).toContain('Imported “Weekly IT service review');
    expect(screen.getByRole('alert').textContent).toContain('notes.json cannot be imported');
  });

  it('shows a listing error with Retry', async () => {
    listInvestigations.mockRejectedValueOnce(new ApiFailure({ code: 'io', message: 'no data folder' }));
    const saved = new SavedInvestigations();
    render(InvestigationsView, { saved, onOpened: vi.fn() });
    await saved.load();
    expect((await screen.findByRole('alert')).textContent).toContain('no data folder');
    listInvestigations.mockResolvedValue([item()]);
    await fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findAllByTestId('saved-row')).toHaveLength(1);
  });
});

describe('InvestigationsView times', () => {
  it('follow the time zone setting', async () => {
    const { timeDisplay } = await import('../lib/timeDisplay.svelte');
    timeDisplay.zone = 'utc';
    try {
      await renderWith([item()]);
      const row = await screen.findByTestId('saved-row');
      expect(row.textContent).toContain('started Wed, Nov 25, 2026, 10:00 UTC');
      expect(row.textContent).toContain('fetched Thu, Nov 26, 2026, 10:15 UTC');
    } finally {
      timeDisplay.zone = 'local';
    }
  });
});
