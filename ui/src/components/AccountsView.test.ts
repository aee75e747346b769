import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../lib/api';
import { ApiFailure } from '../lib/api';
import type { ConnectionReport } from '../lib/bindings/ConnectionReport';
import type { ProfileList } from '../lib/bindings/ProfileList';
import { HOSTILE_NAME } from '../test/fixtures';
import AccountsView from './AccountsView.svelte';

// The backend: only the account commands are replaced; error helpers stay real.
vi.mock('../lib/api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../lib/api')>();
  return {
    ...actual,
    listProfiles: vi.fn(),
    saveProfile: vi.fn(),
    deleteProfile: vi.fn(),
    testConnection: vi.fn(),
  };
});

const listProfiles = vi.mocked(api.listProfiles);
const saveProfile = vi.mocked(api.saveProfile);
const deleteProfile = vi.mocked(api.deleteProfile);
const testConnection = vi.mocked(api.testConnection);

const work = { name: 'Work', account_id: 'acc-123', client_id: 'cid-456' };
const eu = { name: 'Helpdesk EU', account_id: 'acc-eu', client_id: 'cid-eu' };

function listOf(...profiles: ProfileList['profiles']): ProfileList {
  return { profiles, keychain_error: null };
}

function report(overrides: Partial<ConnectionReport> = {}): ConnectionReport {
  return {
    profile: 'Work',
    api_base: 'https://api.zoom.us/v2',
    granted_scopes: ['dashboard_meetings:read:admin', 'meeting:read:admin'],
    missing_scopes: [],
    ok: true,
    message: 'Signed in to Zoom. The app has every scope QoScope needs.',
    ...overrides,
  };
}

function fill(label: RegExp | string, value: string) {
  return fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

beforeEach(() => {
  listProfiles.mockReset().mockResolvedValue(listOf(work));
  saveProfile.mockReset();
  deleteProfile.mockReset();
  testConnection.mockReset();
});

describe('AccountsView', () => {
  it('says what to do when there are no accounts', async () => {
    listProfiles.mockResolvedValue(listOf());
    render(AccountsView);
    expect(await screen.findByTestId('accounts-empty')).toBeTruthy();
    expect(screen.getByText('No Zoom accounts yet.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Add account' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('lists profiles with their IDs, as text', async () => {
    listProfiles.mockResolvedValue(listOf(eu, work, { name: 'Other', account_id: HOSTILE_NAME, client_id: 'c' }));
    render(AccountsView);
    const rows = await screen.findAllByTestId('profile-row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]).getByText('Work')).toBeTruthy();
    expect(within(rows[1]).getByText('acc-123')).toBeTruthy();
    expect(within(rows[1]).getByText('cid-456')).toBeTruthy();
    // Untrusted text stays text.
    expect(within(rows[2]).getByText(HOSTILE_NAME)).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByRole('button', { name: 'Test connection for Work' })).toBeTruthy();
  });

  it('adds an account: the secret goes to saveProfile and is never shown', async () => {
    listProfiles.mockResolvedValueOnce(listOf()).mockResolvedValueOnce(listOf(work));
    saveProfile.mockResolvedValue(work);
    render(AccountsView);
    await fireEvent.click(await screen.findByRole('button', { name: 'Add account' }));
    expect(document.activeElement).toBe(screen.getByLabelText('Profile name'));
    const secret = screen.getByLabelText('Client secret') as HTMLInputElement;
    expect(secret.type).toBe('password');
    await fill('Profile name', ' Work ');
    await fill('Account ID', 'acc-123');
    await fill('Client ID', 'cid-456');
    await fill('Client secret', 's3cret-value');
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getAllByTestId('profile-row')).toHaveLength(1));
    expect(saveProfile).toHaveBeenCalledWith({
      name: 'Work',
      account_id: 'acc-123',
      client_id: 'cid-456',
      client_secret: 's3cret-value',
    });
    expect(screen.getByRole('status').textContent).toMatch(/Saved “Work”/);
    expect(screen.queryByLabelText('Client secret')).toBeNull();
    expect(document.body.textContent).not.toContain('s3cret-value');
  });

  it('validates the form before calling the backend', async () => {
    render(AccountsView);
    await fireEvent.click(await screen.findByRole('button', { name: 'Add account' }));
    await fill('Profile name', 'a/b');
    await fill('Account ID', 'acc 123');
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(saveProfile).not.toHaveBeenCalled();
    expect(screen.getByText(/Use up to 64 letters/)).toBeTruthy();
    expect(screen.getByText('The account ID is one word without spaces.')).toBeTruthy();
    expect(screen.getByText(/Enter the client ID/)).toBeTruthy();
    expect(screen.getByText(/Enter the client secret/)).toBeTruthy();
    const name = screen.getByLabelText('Profile name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(name.getAttribute('aria-describedby')).toBe('profile-name-error');
  });

  it('shows the backend’s validation message and keeps the form open', async () => {
    saveProfile.mockRejectedValue(
      new ApiFailure({ code: 'invalid_input', message: 'Enter the client secret: the system keychain has none.' }),
    );
    render(AccountsView);
    await fireEvent.click(await screen.findByRole('button', { name: 'Edit Work' }));
    expect((screen.getByLabelText('Profile name') as HTMLInputElement).readOnly).toBe(true);
    expect((screen.getByLabelText('Account ID') as HTMLInputElement).value).toBe('acc-123');
    expect(screen.getByLabelText('Client secret').getAttribute('placeholder')).toBe('unchanged');
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(saveProfile).toHaveBeenCalledWith({ ...work, client_secret: null });
    expect((await screen.findByTestId('form-error')).textContent).toMatch(/keychain has none/);
    expect(screen.getByLabelText('Client ID')).toBeTruthy();
  });

  it('Escape cancels the form', async () => {
    render(AccountsView);
    await fireEvent.click(await screen.findByRole('button', { name: 'Add account' }));
    await fireEvent.keyDown(screen.getByLabelText('Account ID'), { key: 'Escape' });
    expect(screen.queryByLabelText('Account ID')).toBeNull();
  });

  it('tests a connection and lists the granted scopes', async () => {
    testConnection.mockResolvedValue(report());
    render(AccountsView);
    await fireEvent.click(await screen.findByRole('button', { name: 'Test connection for Work' }));
    const result = await screen.findByTestId('test-result');
    expect(testConnection).toHaveBeenCalledWith('Work');
    expect(result.textContent).toMatch(/✓ Connected/);
    const granted = within(result).getByRole('list', { name: 'Granted scopes' });
    expect(within(granted).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'dashboard_meetings:read:admin',
      'meeting:read:admin',
    ]);
    expect(within(result).queryByRole('list', { name: 'Missing scopes' })).toBeNull();
  });

  it('names the missing scopes and the fix', async () => {
    testConnection.mockResolvedValue(
      report({
        ok: false,
        granted_scopes: ['meeting:read:admin'],
        missing_scopes: ['dashboard_meetings:read:admin'],
        message: 'Signed in to Zoom, but the app lacks scopes QoScope needs. Add dashboard_meetings:read:admin …',
      }),
    );
    render(AccountsView);
    await fireEvent.click(await screen.findByRole('button', { name: 'Test connection for Work' }));
    const result = await screen.findByTestId('test-result');
    expect(result.textContent).toMatch(/scopes are missing/);
    const missing = within(result).getByRole('list', { name: 'Missing scopes' });
    expect(missing.textContent).toBe('dashboard_meetings:read:admin');
  });

  it('explains wrong credentials and where to find them', async () => {
    testConnection.mockRejectedValue(
      new ApiFailure({ code: 'zoom_auth', message: 'Zoom rejected the client ID/secret or account ID (code 124).' }),
    );
    render(AccountsView);
    await fireEvent.click(await screen.findByRole('button', { name: 'Test connection for Work' }));
    const error = await screen.findByTestId('test-error');
    expect(error.textContent).toMatch(/Zoom rejected these credentials/);
    expect(error.textContent).toMatch(/code 124/);
    expect(error.textContent).toMatch(/Zoom App Marketplace .*App Credentials/);
  });

  it('removes a profile only after confirmation', async () => {
    listProfiles.mockResolvedValueOnce(listOf(work)).mockResolvedValueOnce(listOf());
    deleteProfile.mockResolvedValue(undefined);
    render(AccountsView);
    await fireEvent.click(await screen.findByRole('button', { name: 'Remove Work' }));
    expect(deleteProfile).not.toHaveBeenCalled();
    const confirm = screen.getByRole('group', { name: 'Confirm removing Work' });
    await fireEvent.click(within(confirm).getByRole('button', { name: 'Keep' }));
    expect(screen.queryByRole('group', { name: 'Confirm removing Work' })).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Remove Work' }));
    await fireEvent.click(
      within(screen.getByRole('group', { name: 'Confirm removing Work' })).getByRole('button', { name: 'Remove' }),
    );
    expect(deleteProfile).toHaveBeenCalledWith('Work');
    expect(await screen.findByTestId('accounts-empty')).toBeTruthy();
  });

  it('says clearly when the system keychain is not available', async () => {
    listProfiles.mockResolvedValue({
      profiles: [work],
      keychain_error: {
        code: 'keychain_unavailable',
        message:
          'the system keychain is not available (no keychain service found); start it (on Linux a Secret Service such as GNOME Keyring or KWallet, which usually starts with the desktop session), then try again',
      },
    });
    render(AccountsView);
    const alert = await screen.findByTestId('keychain-unavailable');
    expect(alert.textContent).toMatch(/Accounts need the system keychain\./);
    expect(within(alert).getByTestId('keychain-message').textContent).toMatch(
      /^The system keychain is not available \(no keychain service found\); start it .*GNOME Keyring/,
    );
    expect(within(alert).getByTestId('keychain-demo-hint').textContent).toContain('Demo (simulated Zoom)');
    for (const name of ['Add account', 'Test connection for Work', 'Edit Work', 'Remove Work']) {
      expect((screen.getByRole('button', { name }) as HTMLButtonElement).disabled).toBe(true);
    }
    listProfiles.mockResolvedValue(listOf(work));
    await fireEvent.click(within(alert).getByRole('button', { name: 'Check again' }));
    await waitFor(() => expect(screen.queryByTestId('keychain-unavailable')).toBeNull());
    expect((screen.getByRole('button', { name: 'Add account' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('offers a retry when the list cannot be loaded', async () => {
    listProfiles.mockRejectedValueOnce(new ApiFailure({ code: 'io', message: 'settings.json could not be used' }));
    render(AccountsView);
    expect((await screen.findByTestId('error-message')).textContent).toBe('settings.json could not be used');
    await fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findAllByTestId('profile-row')).toHaveLength(1);
  });
});
