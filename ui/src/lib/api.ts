// The only module that talks to the Rust shell. Components import these functions, never
// `@tauri-apps/api` itself, so tests can replace the backend with `vi.mock('…/lib/api')`.

import { invoke } from '@tauri-apps/api/core';
import type { ApiError } from './bindings/ApiError';
import type { AppInfo } from './bindings/AppInfo';
import type { ConnectionReport } from './bindings/ConnectionReport';
import type { ErrorCode } from './bindings/ErrorCode';
import type { MeetingOverview } from './bindings/MeetingOverview';
import type { MetricAcross } from './bindings/MetricAcross';
import type { MetricChoice } from './bindings/MetricChoice';
import type { ParticipantTimeline } from './bindings/ParticipantTimeline';
import type { ProfileInfo } from './bindings/ProfileInfo';
import type { ProfileInput } from './bindings/ProfileInput';
import type { ProfileList } from './bindings/ProfileList';
import type { QualityMap } from './bindings/QualityMap';

// Every code of Rust's closed `ErrorCode` enum: the type check fails when one is missing here.
const ERROR_CODE_SET: Record<ErrorCode, true> = {
  invalid_input: true,
  not_found: true,
  snapshot_unreadable: true,
  keychain_unavailable: true,
  keychain_locked: true,
  io: true,
  internal: true,
  zoom_auth: true,
  zoom_scopes: true,
  network: true,
  zoom_error: true,
};

export const ERROR_CODES: readonly ErrorCode[] = Object.keys(ERROR_CODE_SET) as ErrorCode[];

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODE_SET, value);
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

/**
 * Opens the meeting the window starts on: the snapshot named by the `QOSCOPE_OPEN_SNAPSHOT`
 * environment variable (benchmarks, scripted sessions), else the built-in demo meeting.
 */
export function openStartupMeeting(): Promise<MeetingOverview> {
  return call<MeetingOverview>('open_startup_meeting');
}

/** Everyone's grades minute by minute (the heatmap) and the open meeting's episodes. */
export function qualityMap(): Promise<QualityMap> {
  return call<QualityMap>('quality_map');
}

/** The (stream, metric) pairs with data in the open meeting. */
export function metricChoices(): Promise<MetricChoice[]> {
  return call<MetricChoice[]>('metric_choices');
}

/** One metric (Zoom's stream and metric keys) of every join that has it, with the median. */
export function metricAcross(stream: string, metric: string): Promise<MetricAcross> {
  return call<MetricAcross>('metric_across', { stream, metric });
}

/** Every metric of one join (`ParticipantRow.user_id`) over the meeting's minutes. */
export function participantTimeline(userId: string): Promise<ParticipantTimeline> {
  return call<ParticipantTimeline>('participant_timeline', { userId });
}

/** The Zoom profiles (never a secret), and whether the system keychain can be used. */
export function listProfiles(): Promise<ProfileList> {
  return call<ProfileList>('list_profiles');
}

/**
 * Adds or edits a profile. The client secret goes straight to the keychain in Rust;
 * `client_secret: null` keeps the stored one.
 */
export function saveProfile(input: ProfileInput): Promise<ProfileInfo> {
  return call<ProfileInfo>('save_profile', { input });
}

/** Removes a profile (its keychain entry and its settings). */
export function deleteProfile(name: string): Promise<void> {
  return call<void>('delete_profile', { name });
}

/** Signs in to Zoom with a profile and reports the granted and missing scopes. */
export function testConnection(name: string): Promise<ConnectionReport> {
  return call<ConnectionReport>('test_connection', { name });
}
