//! Data the UI receives. Every Zoom string in here is untrusted text: the UI renders it as
//! text only, never as HTML.

use crate::quality::{EpisodeMark, SeriesLimits};
use serde::Serialize;
use ts_rs::TS;

/// Facts about the running app (also a cheap IPC round trip for health checks).
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    pub name: String,
    pub version: String,
    /// The newest snapshot format version this build reads.
    pub snapshot_version: u32,
}

/// Where an investigation's data came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DataSource {
    /// The built-in demo meeting.
    Demo,
    /// QoScope's Zoom simulator.
    Simulator,
    /// Zoom's API.
    Zoom,
}

/// The meeting header and everyone in it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MeetingOverview {
    /// Topic, or "Meeting <number>" when Zoom gave none.
    pub title: String,
    pub topic: Option<String>,
    pub meeting_number: Option<String>,
    pub uuid: Option<String>,
    pub host: Option<String>,
    /// RFC 3339 UTC.
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub duration_minutes: Option<u32>,
    pub source: DataSource,
    pub profile: Option<String>,
    /// When the snapshot was made (RFC 3339 UTC).
    pub fetched_at: String,
    /// Distinct people (joins grouped by identity).
    pub person_count: u32,
    /// One row per join.
    pub participants: Vec<ParticipantRow>,
    /// Values or records that could not be read (shown, never hidden).
    pub data_issues: Vec<String>,
    /// The person the investigation is about (absent unless it started from a person).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub focus: Option<crate::person::FocusView>,
}

/// One join of one participant.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ParticipantRow {
    /// Zoom's per-join id; the key for [`ParticipantTimeline`] requests.
    pub user_id: String,
    /// The name as Zoom reported it (may be empty under privacy rules).
    pub user_name: String,
    /// Name to show, by the one display-name rule: the user name (or a note that it was hidden),
    /// "Marcus Silva (1/2)" when the person joined more than once.
    pub display_name: String,
    /// Index into the people of the meeting; joins of one person share it.
    pub person: u32,
    /// 1 for a person's first join, 2 for their first rejoin, …
    pub join_number: u32,
    pub join_count: u32,
    pub device: Option<String>,
    pub client_version: Option<String>,
    pub network_type: Option<String>,
    pub location: Option<String>,
    pub data_center: Option<String>,
    pub join_time: Option<String>,
    pub leave_time: Option<String>,
    pub leave_reason: Option<String>,
    pub sample_count: u32,
    /// Which kinds of streams carry data: "audio", "video", "screen_share", "cpu", "wifi".
    pub media: Vec<String>,
}

/// Every metric of one join over the meeting's minutes.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ParticipantTimeline {
    pub user_id: String,
    pub display_name: String,
    /// Minute timestamps, Unix seconds (UTC), shared by every series.
    pub times: Vec<f64>,
    pub series: Vec<MetricSeries>,
    /// This join's episodes (runs of degraded minutes), to shade on its charts.
    pub episodes: Vec<EpisodeMark>,
    /// Device and connection facts beyond the overview's row.
    pub facts: ParticipantFacts,
}

/// What Zoom reported about a join's device and connection (each may be absent or redacted).
#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct ParticipantFacts {
    pub os: Option<String>,
    pub client: Option<String>,
    pub ip_address: Option<String>,
    pub internal_ip_addresses: Vec<String>,
    pub connection_type: Option<String>,
    pub microphone: Option<String>,
    pub speaker: Option<String>,
    pub camera: Option<String>,
    /// Zoom's connection type per medium in helpdesk words, saying "UDP blocked?" when a medium
    /// fell back to TCP or TLS (Zoom, 2025); `null` when not reported.
    pub connections: Option<String>,
    /// Whether a medium fell back from UDP (the `udp_blocked` finding's condition).
    pub udp_blocked: bool,
    /// "3 audio and 1 video socket breaks", "none", or `null` when not reported (Zoom, 2026).
    pub socket_breaks: Option<String>,
    /// Zoom's CPU pressure level as sent, or `null` (Zoom, 2025; its scale is undocumented).
    pub cpu_pressure: Option<String>,
    /// Webinars: Zoom's health word and issue list, or `null`.
    pub webinar_health: Option<String>,
}

/// One metric of one stream; `null` where there is no value (never zero).
#[derive(Debug, Clone, Serialize, TS)]
pub struct MetricSeries {
    /// Zoom's stream key, e.g. `audio_input`.
    pub stream: String,
    /// Zoom's metric key, e.g. `bitrate`.
    pub metric: String,
    /// "Audio sent (audio_input)".
    pub stream_label: String,
    /// "Bitrate".
    pub metric_label: String,
    /// `sent`, `received` or `device`.
    pub direction: String,
    /// `audio`, `video`, `screen_share`, `cpu` or `wifi`.
    pub media: String,
    /// `kbps`, `ms`, `%`, `fps`, `px` (resolution: the height) or `dBm`.
    pub unit: String,
    pub values: Vec<Option<f64>>,
    /// Exact text per point where a number alone is not the whole value (resolution `1280×720`).
    pub value_texts: Option<Vec<Option<String>>>,
    /// Warning and poor limits, for threshold bands; `null` for metrics not graded by value.
    pub limits: Option<SeriesLimits>,
}
