// The only module that talks to the Rust shell. Components import these functions, never
// `@tauri-apps/api` itself, so tests can replace the backend with `vi.mock('…/lib/api')`.

import { Channel, invoke } from '@tauri-apps/api/core';
import type { ApiError } from './bindings/ApiError';
import type { AppInfo } from './bindings/AppInfo';
import type { ChartExportRequest } from './bindings/ChartExportRequest';
import type { ConnectionReport } from './bindings/ConnectionReport';
import type { ErrorCode } from './bindings/ErrorCode';
import type { FetchEvent } from './bindings/FetchEvent';
import type { FetchInput } from './bindings/FetchInput';
import type { FetchResult } from './bindings/FetchResult';
import type { ImportReport } from './bindings/ImportReport';
import type { InvestigationSummary } from './bindings/InvestigationSummary';
import type { MeetingHit } from './bindings/MeetingHit';
import type { MeetingOverview } from './bindings/MeetingOverview';
import type { MetricAcross } from './bindings/MetricAcross';
import type { MetricChoice } from './bindings/MetricChoice';
import type { ParticipantTimeline } from './bindings/ParticipantTimeline';
import type { Preferences } from './bindings/Preferences';
import type { ProfileInfo } from './bindings/ProfileInfo';
import type { ProfileInput } from './bindings/ProfileInput';
import type { ProfileList } from './bindings/ProfileList';
import type { FindingsView } from './bindings/FindingsView';
import type { QualityMap } from './bindings/QualityMap';
import type { MinuteCauses } from './bindings/MinuteCauses';
import type { ReportExportRequest } from './bindings/ReportExportRequest';
import type { SavedExport } from './bindings/SavedExport';
import type { SearchInput } from './bindings/SearchInput';
import type { PersonSearchInput } from './bindings/PersonSearchInput';
import type { PersonSearchResult } from './bindings/PersonSearchResult';
import type { HistoryEvent } from './bindings/HistoryEvent';
import type { HistoryInput } from './bindings/HistoryInput';
import type { HistoryPlanView } from './bindings/HistoryPlanView';
import type { HistoryResult } from './bindings/HistoryResult';
import type { HistorySummary } from './bindings/HistorySummary';
import type { OpenedHistory } from './bindings/OpenedHistory';

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
/**
 * The core's messages follow Rust's convention (lower case, as in the CLI's "error: the system
 * keychain is not available …"); on screen each stands as a sentence of its own, so its first
 * letter is capitalised. Only a plain lower-case letter: a quoted name or a number stays as it is.
 */
function sentence(text: string): string {
  const first = text.charAt(0);
  return first >= 'a' && first <= 'z' ? first.toUpperCase() + text.slice(1) : text;
}

export function normalizeError(error: unknown): ApiError {
  if (error instanceof ApiFailure) return { code: error.code, message: error.message };
  if (typeof error === 'string') {
    return { code: 'internal', message: sentence(error.trim()) || 'Something went wrong.' };
  }
  if (error !== null && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    const text = typeof message === 'string' && message.trim() !== '' ? sentence(message) : null;
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

/**
 * What made each degraded minute of one join degraded (the heatmap's tooltips): asked per row
 * when the pointer or keyboard reaches it, not with the map.
 */
export function minuteCauses(userId: string): Promise<MinuteCauses> {
  return call<MinuteCauses>('minute_causes', { userId });
}

/**
 * The diagnosis of the open meeting: findings grouped by root cause, their sentences written in
 * the display zone (minutes east of UTC and its label, e.g. -300 and "EST"; UTC brackets added).
 */
export function meetingFindings(zone: { utcOffsetMinutes: number; zoneLabel: string } = { utcOffsetMinutes: 0, zoneLabel: 'UTC' }): Promise<FindingsView> {
  return call<FindingsView>('meeting_findings', { utcOffsetMinutes: zone.utcOffsetMinutes, zoneLabel: zone.zoneLabel });
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

/** A channel whose messages go to `onMessage` (only inside the app: it registers a callback). */
function channel<T>(onMessage: (message: T) => void): Channel<T> {
  if (!insideTauri()) throw new ApiFailure({ code: 'internal', message: NOT_IN_APP });
  const ch = new Channel<T>();
  ch.onmessage = onMessage;
  return ch;
}

/** The profiles a fetch can use: the demo ("Demo (simulated Zoom)") first, then the stored ones. */
export function fetchProfiles(): Promise<string[]> {
  return call<string[]>('fetch_profiles');
}

/** Past meetings in a date range (one month at most, within six months) matching a filter. */
export function searchMeetings(input: SearchInput): Promise<MeetingHit[]> {
  return call<MeetingHit[]>('search_meetings', { input });
}

/** A recurring meeting's past instances, newest first. */
/** The meetings a person joined (Zoom's report API), the one they were in at `at` first. */
export function searchPerson(input: PersonSearchInput): Promise<PersonSearchResult> {
  return call<PersonSearchResult>('search_person', { input });
}

export function meetingInstances(profile: string, meeting: string, webinar = false): Promise<MeetingHit[]> {
  return call<MeetingHit[]>('meeting_instances', { profile, meeting, webinar });
}

/**
 * Fetches a meeting; `onEvent` receives progress while it runs. The result is saved as an
 * investigation and becomes the open meeting.
 */
export async function startFetch(input: FetchInput, onEvent: (event: FetchEvent) => void): Promise<FetchResult> {
  return call<FetchResult>('start_fetch', { input, onEvent: channel(onEvent) });
}

/** Stops the running fetch (what was fetched is kept). Resolves to whether one was running. */
export function cancelFetch(): Promise<boolean> {
  return call<boolean>('cancel_fetch');
}

/**
 * A person's history, step 1: the meetings Zoom's report lists for them in the range and the
 * request budget (requests, seconds at the account's rate) to show before the user confirms.
 */
export function planHistory(input: HistoryInput): Promise<HistoryPlanView> {
  return call<HistoryPlanView>('plan_history', { input });
}

/**
 * A person's history, step 2: fetches only their data in each meeting (`onEvent` gets progress;
 * `cancelFetch` stops it and keeps what was fetched), saves it and returns its view.
 */
export async function startHistory(
  input: HistoryInput,
  onEvent: (event: HistoryEvent) => void,
): Promise<HistoryResult> {
  return call<HistoryResult>('start_history', { input, onEvent: channel(onEvent) });
}

/** Saved person histories, newest first. */
export function listHistories(): Promise<HistorySummary[]> {
  return call<HistorySummary[]>('list_histories');
}

/** Reopens a saved history (offline). */
export function openHistory(id: string): Promise<OpenedHistory> {
  return call<OpenedHistory>('open_history', { id });
}

/** Renames a saved history (the data is untouched). */
export function renameHistory(id: string, name: string): Promise<HistorySummary> {
  return call<HistorySummary>('rename_history', { id, name });
}

/** Deletes a saved history. */
export function deleteHistory(id: string): Promise<void> {
  return call<void>('delete_history', { id });
}

/** Saved investigations, newest first. */
export function listInvestigations(): Promise<InvestigationSummary[]> {
  return call<InvestigationSummary[]>('list_investigations');
}

/** Opens a saved investigation as the open meeting (offline). */
export function openInvestigation(id: string): Promise<MeetingOverview> {
  return call<MeetingOverview>('open_investigation', { id });
}

/** Renames a saved investigation (the data is untouched). */
export function renameInvestigation(id: string, name: string): Promise<InvestigationSummary> {
  return call<InvestigationSummary>('rename_investigation', { id, name });
}

/** Deletes a saved investigation. */
export function deleteInvestigation(id: string): Promise<void> {
  return call<void>('delete_investigation', { id });
}

/** Shows the Open dialog (in Rust) and imports the chosen snapshot files. */
export function importInvestigations(): Promise<ImportReport> {
  return call<ImportReport>('import_investigations');
}

/** Reports imports of files dropped on the window to `onImport`. */
export async function watchDroppedFiles(onImport: (report: ImportReport) => void): Promise<void> {
  return call<void>('watch_dropped_files', { onImport: channel(onImport) });
}

/** Versions, OS, log folder and recent errors for a support ticket (personal data masked). */
export function diagnosticsReport(): Promise<string> {
  return call<string>('diagnostics_report');
}

/** The Settings screen's values. */
export function getPreferences(): Promise<Preferences> {
  return call<Preferences>('get_preferences');
}

/** Checks and saves the settings; nothing is saved when a value is wrong. */
export function savePreferences(input: Preferences): Promise<Preferences> {
  return call<Preferences>('save_preferences', { input });
}

/** Puts every threshold back to QoScope's documented defaults. */
export function resetThresholds(): Promise<Preferences> {
  return call<Preferences>('reset_thresholds');
}

/** The UI's time zone as minutes east of UTC, for export titles and axes. */
export function localUtcOffsetMinutes(at: Date = new Date()): number {
  return -at.getTimezoneOffset();
}

/**
 * Renders a chart (PNG at 2× or SVG) and saves it where the user picks in the native Save
 * dialog (opened by Rust); `null` when the user cancelled.
 */
export function exportChart(request: ChartExportRequest): Promise<SavedExport | null> {
  return call<SavedExport | null>('export_chart', { request });
}

/** Renders the PDF report (focused, or the whole meeting) and saves it; `null` when cancelled. */
export function exportReport(request: ReportExportRequest): Promise<SavedExport | null> {
  return call<SavedExport | null>('export_report', { request });
}

/** Copies a chart as a PNG image (2×) to the system clipboard. */
export function copyChartPng(request: ChartExportRequest): Promise<void> {
  return call<void>('copy_chart_png', { request });
}

/** Shows a file saved by an export in this session in the system file manager. */
export function revealExport(path: string): Promise<void> {
  return call<void>('reveal_export', { path });
}
