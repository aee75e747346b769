import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import {
  ApiFailure,
  appInfo,
  deleteHistory,
  deleteProfile,
  ERROR_CODES,
  listHistories,
  listProfiles,
  normalizeError,
  openDemoMeeting,
  openHistory,
  participantTimeline,
  planHistory,
  renameHistory,
  saveProfile,
  testConnection,
} from './api';

describe('normalizeError', () => {
  it('keeps the backend ApiError', () => {
    expect(normalizeError({ code: 'not_found', message: 'No participant 42' })).toEqual({
      code: 'not_found',
      message: 'No participant 42',
    });
  });

  it('turns a plain string from Tauri into an internal error', () => {
    expect(normalizeError('command participant_timeline not found')).toEqual({
      code: 'internal',
      message: 'Command participant_timeline not found',
    });
  });

  it("starts the core's lower-case messages with a capital, and leaves names and numbers alone", () => {
    const keychain = { code: 'keychain_unavailable', message: 'the system keychain is not available (no D-Bus)' };
    expect(normalizeError(keychain).message).toBe('The system keychain is not available (no D-Bus)');
    expect(normalizeError({ code: 'invalid_input', message: '"abc" is not a meeting ID' }).message).toBe(
      '"abc" is not a meeting ID',
    );
    expect(normalizeError({ code: 'io', message: '3 files failed' }).message).toBe('3 files failed');
    expect(normalizeError({ code: 'io', message: 'émoji' }).message).toBe('émoji');
  });

  it('handles JavaScript errors, unknown codes and junk', () => {
    expect(normalizeError(new TypeError('boom'))).toEqual({ code: 'internal', message: 'Boom' });
    expect(normalizeError({ code: 'weird', message: 'hm' })).toEqual({ code: 'internal', message: 'Hm' });
    expect(normalizeError({ code: 'io', message: '' })).toEqual({ code: 'io', message: 'Something went wrong.' });
    expect(normalizeError(null).code).toBe('internal');
    expect(normalizeError(42).message).toBe('Something went wrong.');
    expect(normalizeError(new ApiFailure({ code: 'io', message: 'disk' }))).toEqual({ code: 'io', message: 'disk' });
  });
});

describe('commands', () => {
  beforeEach(() => {
    invoke.mockReset();
    (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__ = {};
  });

  afterEach(() => {
    delete (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__;
  });

  it('uses the shell’s command names and camelCase argument keys', async () => {
    invoke.mockResolvedValue('ok');
    await appInfo();
    await openDemoMeeting();
    await participantTimeline('16778240');
    expect(invoke.mock.calls).toEqual([
      ['app_info', undefined],
      ['open_demo_meeting', undefined],
      ['participant_timeline', { userId: '16778240' }],
    ]);
  });

  it('sends the account commands with the shell’s argument names', async () => {
    invoke.mockResolvedValue(null);
    await listProfiles();
    const input = { name: 'Work', account_id: 'a', client_id: 'c', client_secret: null };
    await saveProfile(input);
    await deleteProfile('Work');
    await testConnection('Work');
    expect(invoke.mock.calls).toEqual([
      ['list_profiles', undefined],
      ['save_profile', { input }],
      ['delete_profile', { name: 'Work' }],
      ['test_connection', { name: 'Work' }],
    ]);
  });

  it('sends the person-history commands with the shell’s argument names', async () => {
    invoke.mockResolvedValue(null);
    const input = { profile: 'Demo (simulated Zoom)', person: 'aiko.tanaka@example.com', from: '2026-11-01', to: '2026-11-30' };
    await planHistory(input);
    await listHistories();
    await openHistory('20261207T120000');
    await renameHistory('20261207T120000', 'Ticket 4711');
    await deleteHistory('20261207T120000');
    expect(invoke.mock.calls).toEqual([
      ['plan_history', { input }],
      ['list_histories', undefined],
      ['open_history', { id: '20261207T120000' }],
      ['rename_history', { id: '20261207T120000', name: 'Ticket 4711' }],
      ['delete_history', { id: '20261207T120000' }],
    ]);
  });

  it('keeps the Zoom error codes', async () => {
    expect(ERROR_CODES).toEqual(expect.arrayContaining(['zoom_auth', 'zoom_scopes', 'network', 'zoom_error']));
    invoke.mockRejectedValue({ code: 'zoom_auth', message: 'Zoom rejected the client ID/secret' });
    await expect(testConnection('Work')).rejects.toMatchObject({ code: 'zoom_auth' });
  });

  it('rejects with an ApiFailure carrying code and message', async () => {
    invoke.mockRejectedValue({ code: 'not_found', message: 'no participant with user_id "x"' });
    const error = await participantTimeline('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiFailure);
    expect(error).toMatchObject({ code: 'not_found', message: 'No participant with user_id "x"' });
  });

  it('normalizes a plain-string rejection', async () => {
    invoke.mockRejectedValue('invalid args `userId` for command `participant_timeline`');
    await expect(participantTimeline('x')).rejects.toMatchObject({ code: 'internal' });
  });

  it('says so when opened outside the app', async () => {
    delete (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__;
    await expect(appInfo()).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/inside the QoScope app/) });
    expect(invoke).not.toHaveBeenCalled();
  });
});
