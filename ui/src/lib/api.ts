// The only module that talks to the Rust shell. Components import these functions, never
// `@tauri-apps/api` itself, so tests can replace the backend with `vi.mock('…/lib/api')`.

import { invoke } from '@tauri-apps/api/core';
import type { ApiError } from './bindings/ApiError';
import type { AppInfo } from './bindings/AppInfo';
import type { ErrorCode } from './bindings/ErrorCode';
import type { MeetingOverview } from './bindings/MeetingOverview';
import type { ParticipantTimeline } from './bindings/ParticipantTimeline';

const ERROR_CODES: readonly ErrorCode[] = [
  'invalid_input',
  'not_found',
  'snapshot_unreadable',
  'keychain_unavailable',
  'keychain_locked',
  'io',
  'internal',
];

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** A failed command, carrying the backend's `ApiError`. */
export class ApiFailure extends Error implements ApiError {
  readonly code: ErrorCode;

  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ApiFailure';
    this.code = error.code;
  }
}

const NOT_IN_APP =
  'QoScope’s backend is not available. This page only works inside the QoScope app.';

/**
 * Turns whatever a rejected `invoke` produced into an `ApiError`: the backend's `{code, message}`,
 * a plain string from Tauri itself, or a JavaScript error.
 */
export function normalizeError(error: unknown): ApiError {
  if (error instanceof ApiFailure) return { code: error.code, message: error.message };
  if (typeof error === 'string') {
    return { code: 'internal', message: error.trim() || 'Something went wrong.' };
  }
  if (error !== null && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    const text = typeof message === 'string' && message.trim() !== '' ? message : null;
    if (isErrorCode(code)) return { code, message: text ?? 'Something went wrong.' };
    if (text) return { code: 'internal', message: text };
  }
  return { code: 'internal', message: 'Something went wrong.' };
}

function insideTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  if (!insideTauri()) throw new ApiFailure({ code: 'internal', message: NOT_IN_APP });
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw new ApiFailure(normalizeError(error));
  }
}

/** Name and version of the running app. */
export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>('app_info');
}

/** Opens the built-in demo meeting. */
export function openDemoMeeting(): Promise<MeetingOverview> {
  return call<MeetingOverview>('open_demo_meeting');
}

/** Every metric of one join (`ParticipantRow.user_id`) over the meeting's minutes. */
export function participantTimeline(userId: string): Promise<ParticipantTimeline> {
  return call<ParticipantTimeline>('participant_timeline', { userId });
}
