// Test data shaped like the backend's DTOs (modelled on the built-in demo meeting).

import type { AppInfo } from '../lib/bindings/AppInfo';
import type { FindingsView } from '../lib/bindings/FindingsView';
import type { MeetingOverview } from '../lib/bindings/MeetingOverview';
import type { MinuteCause } from '../lib/bindings/MinuteCause';
import type { MetricSeries } from '../lib/bindings/MetricSeries';
import type { ParticipantRow } from '../lib/bindings/ParticipantRow';
import type { ParticipantTimeline } from '../lib/bindings/ParticipantTimeline';
import type { QualityMap } from '../lib/bindings/QualityMap';
import type { QualityRow } from '../lib/bindings/QualityRow';
import type { ZoomVerdictView } from '../lib/bindings/ZoomVerdictView';

export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

export const appInfoFixture: AppInfo = { name: 'QoScope', version: '0.1.0', snapshot_version: 1 };

export function row(overrides: Partial<ParticipantRow> & Pick<ParticipantRow, 'user_id' | 'display_name'>): ParticipantRow {
  return {
    user_name: overrides.display_name,
    person: 0,
    join_number: 1,
    join_count: 1,
    device: 'Mac',
    client_version: '6.2.11.45987',
    network_type: 'Wifi',
    location: 'Berlin (DE)',
    data_center: 'Frankfurt (DE)',
    join_time: '2026-11-24T10:00:25Z',
    leave_time: '2026-11-24T11:00:11Z',
    leave_reason: null,
    sample_count: 60,
    media: ['audio', 'cpu', 'video'],
    ...overrides,
  };
}

export function meetingFixture(overrides: Partial<MeetingOverview> = {}): MeetingOverview {
  return {
    title: 'Weekly IT service review',
    topic: 'Weekly IT service review',
    meeting_number: '85746213390',
    uuid: 'aDYlohsHRtCd4ii1uC2+hA==',
    host: 'Priya Raman',
    start_time: '2026-11-24T10:00:00Z',
    end_time: '2026-11-24T11:00:00Z',
    duration_minutes: 60,
    source: 'demo',
    profile: null,
    fetched_at: '2026-11-25T10:00:00Z',
    person_count: 4,
    participants: [
      row({ user_id: '16778240', display_name: 'Priya Raman', person: 0 }),
      row({
        user_id: '16781315',
        // The backend's one display-name rule numbers a person's joins.
        display_name: 'Marcus Silva (1/2)',
        user_name: 'Marcus Silva',
        person: 1,
        join_count: 2,
        join_number: 1,
        device: 'iOS',
        location: 'Lisbon (PT)',
        join_time: '2026-11-24T10:00:16Z',
        leave_time: '2026-11-24T10:31:42Z',
        sample_count: 31,
      }),
      row({
        user_id: '16782342',
        display_name: 'Marcus Silva (2/2)',
        user_name: 'Marcus Silva',
        person: 1,
        join_count: 2,
        join_number: 2,
        device: 'iOS',
        location: 'Lisbon (PT)',
        join_time: '2026-11-24T10:33:16Z',
        leave_time: '2026-11-24T11:00:09Z',
        sample_count: 27,
      }),
      row({
        user_id: '16785426',
        display_name: 'Caller 555-0100',
        person: 2,
        device: 'Phone',
        network_type: null,
        location: null,
        data_center: null,
        media: ['audio'],
      }),
      row({ user_id: '16786456', display_name: HOSTILE_NAME, person: 3, location: HOSTILE_NAME }),
    ],
    data_issues: [],
    ...overrides,
  };
}

/** 2026-11-24T10:00:00Z in Unix seconds. */
export const T0 = Date.UTC(2026, 10, 24, 10, 0, 0) / 1000;

export function series(overrides: Partial<MetricSeries> & Pick<MetricSeries, 'stream' | 'metric'>): MetricSeries {
  return {
    stream_label: 'Video sent (video_input)',
    metric_label: 'Bitrate',
    direction: 'sent',
    media: 'video',
    unit: 'kbps',
    values: [1410, 1299, null, 1350, 1402, null],
    value_texts: null,
    limits: null,
    ...overrides,
  };
}

export function timelineFixture(userId = '16778240', displayName = 'Priya Raman'): ParticipantTimeline {
  return {
    user_id: userId,
    display_name: displayName,
    times: [0, 1, 2, 3, 4, 5].map((i) => T0 + 60 * i),
    series: [
      series({
        stream: 'audio_input',
        metric: 'bitrate',
        stream_label: 'Audio sent (audio_input)',
        media: 'audio',
        values: [74.83, 65.09, 70.1, null, 71, 72],
      }),
      series({
        stream: 'audio_input',
        metric: 'latency',
        stream_label: 'Audio sent (audio_input)',
        metric_label: 'Latency',
        media: 'audio',
        unit: 'ms',
        values: [29, 29, 30, 31, null, 28],
      }),
      series({ stream: 'video_input', metric: 'bitrate' }),
      series({
        stream: 'video_input',
        metric: 'resolution',
        metric_label: 'Resolution',
        unit: 'px',
        values: [720, 720, null, 360, 720, 720],
        value_texts: ['1280×720', '1280×720', null, '640×360', '1280×720', '1280×720'],
      }),
    ],
    episodes: [],
    facts: {
      os: 'macOS 14.5',
      client: 'Zoom',
      ip_address: '203.0.113.24',
      internal_ip_addresses: ['10.0.0.24'],
      connection_type: 'UDP',
      microphone: 'MacBook Pro Microphone',
      speaker: 'MacBook Pro Speakers',
      camera: 'FaceTime HD Camera',
      connections: null,
      udp_blocked: false,
      socket_breaks: null,
      cpu_pressure: null,
      webinar_health: null,
    },
  };
}

/** Zoom and QoScope agree: audio and video good, no screen share. */
export function verdictFixture(overrides: Partial<ZoomVerdictView> = {}): ZoomVerdictView {
  return {
    audio: { zoom: 'good', qoscope: 'good', disagree: false },
    video: { zoom: 'good', qoscope: 'good', disagree: false },
    screen_share: { zoom: null, qoscope: null, disagree: false },
    ...overrides,
  };
}

/**
 * Grades for the fixture meeting's joins over six minutes: Marcus's first join is poor in
 * audio at minutes 2–3, the caller has audio only, the rest is good.
 */
export function qualityFixture(overrides: Partial<QualityMap> = {}): QualityMap {
  const rowOf = (user_id: string, all: string, audio: string, video: string): QualityRow => ({
    user_id,
    all,
    audio,
    video,
    screen_share: '------',
    device: 'gggggg',
    zoom_verdict: verdictFixture(),
  });
  return {
    start: T0,
    minutes: 6,
    sharing: [],
    rows: [
      rowOf('16778240', 'gggggg', 'gggggg', 'gggggg'),
      rowOf('16781315', 'ggppw-', 'ggppw-', 'gggg--'),
      rowOf('16782342', '--gggg', '--gggg', '--gggg'),
      rowOf('16785426', 'gggwgg', 'gggwgg', '------'),
    ],
    episodes: [
      {
        user_id: '16781315',
        display_name: 'Marcus Silva',
        stream: 'audio_input',
        group: 'audio',
        start_minute: 2,
        end_minute: 5,
        grade: 'poor',
        summary: 'Audio sent: 3 minutes degraded (2 poor)',
      },
    ],
    ...overrides,
  };
}

/** What made Marcus's degraded minutes degraded (`minuteCauses('16781315')`). */
export function minuteCausesFixture(): MinuteCause[] {
  return [{ minute: 2, group: 'all', text: 'Audio sent · Packet loss (avg) 14 % (limit 10 %)' }];
}

/** Marcus's bad uplink at minutes 2–4, received by Priya. */
export function findingsFixture(): FindingsView {
  const sentence = "From 10:02 to 10:04 UTC, Marcus Silva's uplink was poor: the audio they sent had packet loss up to 12 %.";
  return {
    finding_count: 2,
    feedback: [],
    causes: [
      {
        cause_id: 'sender_uplink:16781315:2026-11-24T10:02Z',
        kind: 'sender_uplink',
        title: "Sender's uplink",
        severity: 'poor',
        culprit_user_id: '16781315',
        culprit_name: 'Marcus Silva',
        start: T0 + 120,
        end: T0 + 240,
        sentence,
        next_step: "Check Marcus Silva's upstream connection.",
        evidence: ['Marcus Silva: sent audio packet loss (avg) 12 % at 10:02 UTC (poor above 10 %)'],
        findings: [
          { user_id: '16781315', display_name: 'Marcus Silva', stream: 'audio_input', start: T0 + 120, end: T0 + 240, severity: 'poor' },
          { user_id: '16778240', display_name: 'Priya Raman', stream: 'audio_output', start: T0 + 120, end: T0 + 240, severity: 'warning' },
        ],
      },
    ],
  };
}
