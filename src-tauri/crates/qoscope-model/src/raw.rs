//! Zoom's Dashboard responses as they arrive, read leniently.
//!
//! Every field is optional; unknown fields are ignored here (the snapshot keeps the verbatim
//! bytes). Scalars are [`RawScalar`]s so a number where Zoom documents a string, or junk where
//! a string belongs, never fails the page.

use crate::lenient::{lenient_string_list, LenientList, RawScalar, SampleKey, SampleKeySeed, StreamObjectSeed};
use crate::metric::MetricParseError;
use crate::{Metric, MetricValue, Stream};
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// `GET /metrics/meetings/{meetingId}/participants/qos` (and the webinar twin): one page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct QosPage {
    pub page_count: Option<RawScalar>,
    pub page_size: Option<RawScalar>,
    pub total_records: Option<RawScalar>,
    pub next_page_token: Option<RawScalar>,
    pub participants: LenientList<QosParticipant>,
}

/// `GET /metrics/meetings/{meetingId}/participants/{participantId}/qos`: one join, no envelope.
pub type SingleParticipantQos = QosParticipant;

/// One join of one participant with its per-minute samples.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct QosParticipant {
    /// Account user id (empty for guests and external users).
    pub id: Option<RawScalar>,
    /// Per-join id, valid for this meeting only.
    pub user_id: Option<RawScalar>,
    pub user_name: Option<RawScalar>,
    pub email: Option<RawScalar>,
    pub device: Option<RawScalar>,
    pub client: Option<RawScalar>,
    pub ip_address: Option<RawScalar>,
    #[serde(deserialize_with = "lenient_string_list")]
    pub internal_ip_addresses: Vec<String>,
    pub location: Option<RawScalar>,
    pub join_time: Option<RawScalar>,
    pub leave_time: Option<RawScalar>,
    pub pc_name: Option<RawScalar>,
    pub domain: Option<RawScalar>,
    pub mac_addr: Option<RawScalar>,
    pub harddisk_id: Option<RawScalar>,
    pub version: Option<RawScalar>,
    pub os: Option<RawScalar>,
    pub os_version: Option<RawScalar>,
    /// The fields Zoom added in 2024–2026 (all optional; see [`crate::join_facts`]).
    pub meeting_number: Option<RawScalar>,
    pub connection_type: Option<RawScalar>,
    pub video_connection_type: Option<RawScalar>,
    pub as_connection_type: Option<RawScalar>,
    pub audio_socket_break: Option<RawScalar>,
    pub video_socket_break: Option<RawScalar>,
    pub as_socket_break: Option<RawScalar>,
    pub command_socket_break: Option<RawScalar>,
    pub cpu_pressure_level: Option<RawScalar>,
    /// Webinar participant QoS only.
    pub health: Option<RawScalar>,
    #[serde(deserialize_with = "lenient_string_list")]
    pub issue_list: Vec<String>,
    pub user_qos: LenientList<QosSampleRaw>,
}

impl QosParticipant {
    /// The raw fields of [`crate::join_facts::JoinFacts`].
    pub fn raw_facts(&self) -> crate::join_facts::RawJoinFacts<'_> {
        crate::join_facts::RawJoinFacts {
            connection_type: &self.connection_type,
            video_connection_type: &self.video_connection_type,
            as_connection_type: &self.as_connection_type,
            audio_socket_break: &self.audio_socket_break,
            video_socket_break: &self.video_socket_break,
            as_socket_break: &self.as_socket_break,
            command_socket_break: &self.command_socket_break,
            cpu_pressure_level: &self.cpu_pressure_level,
            health: &self.health,
            issue_list: &self.issue_list,
        }
    }
}

/// One minute of one join: its time and every known metric of every known stream object
/// (`audio_input` … `as_device_to_rwg`, `cpu_usage`, `wifi_rssi`), parsed while the JSON is
/// read into one list — no per-stream or per-value allocations. Unknown keys are skipped (the
/// snapshot keeps them).
#[derive(Debug, Clone, Default)]
pub struct QosSampleRaw {
    pub date_time: Option<RawScalar>,
    /// Every known metric that has a value, in Zoom's order (24 bytes each).
    pub values: Vec<(Stream, Metric, MetricValue)>,
    /// Known metrics whose value is not a measurement (reported, never charted).
    pub errors: Vec<(Stream, Metric, MetricParseError)>,
    /// Stream keys whose value was not an object (reported, their values skipped).
    pub invalid_streams: Vec<Stream>,
}

impl<'de> Deserialize<'de> for QosSampleRaw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(SampleVisitor)
    }
}

struct SampleVisitor;

impl<'de> Visitor<'de> for SampleVisitor {
    type Value = QosSampleRaw;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a QoS sample object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<QosSampleRaw, A::Error> {
        let mut sample = QosSampleRaw {
            date_time: None,
            values: Vec::with_capacity(40),
            errors: Vec::new(),
            invalid_streams: Vec::new(),
        };
        while let Some(key) = map.next_key_seed(SampleKeySeed)? {
            match key {
                SampleKey::DateTime => sample.date_time = map.next_value()?,
                SampleKey::Stream(stream) => {
                    let seed = StreamObjectSeed { stream, values: &mut sample.values, errors: &mut sample.errors };
                    let valid = map.next_value_seed(seed)?;
                    if !valid {
                        sample.invalid_streams.push(stream);
                    }
                }
                SampleKey::Unknown => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(sample)
    }
}

/// `GET /metrics/meetings/{meetingId}`: the meeting's header.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MeetingDetailsRaw {
    pub uuid: Option<RawScalar>,
    pub id: Option<RawScalar>,
    pub topic: Option<RawScalar>,
    pub host: Option<RawScalar>,
    pub email: Option<RawScalar>,
    pub user_type: Option<RawScalar>,
    pub start_time: Option<RawScalar>,
    pub end_time: Option<RawScalar>,
    pub duration: Option<RawScalar>,
    pub participants: Option<RawScalar>,
    pub dept: Option<RawScalar>,
}

/// `GET /metrics/meetings/{meetingId}/participants`: one page of the participants list.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ParticipantsPage {
    pub page_count: Option<RawScalar>,
    pub page_size: Option<RawScalar>,
    pub total_records: Option<RawScalar>,
    pub next_page_token: Option<RawScalar>,
    pub participants: LenientList<ParticipantListEntry>,
}

/// One join in the participants list: the facts the QoS list lacks.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ParticipantListEntry {
    pub id: Option<RawScalar>,
    pub user_id: Option<RawScalar>,
    pub participant_user_id: Option<RawScalar>,
    pub user_name: Option<RawScalar>,
    pub email: Option<RawScalar>,
    pub device: Option<RawScalar>,
    pub network_type: Option<RawScalar>,
    pub connection_type: Option<RawScalar>,
    /// Read here too, should Zoom add them to the list as well (see [`crate::join_facts`]).
    pub video_connection_type: Option<RawScalar>,
    pub as_connection_type: Option<RawScalar>,
    pub data_center: Option<RawScalar>,
    pub full_data_center: Option<RawScalar>,
    pub leave_reason: Option<RawScalar>,
    pub microphone: Option<RawScalar>,
    pub speaker: Option<RawScalar>,
    pub camera: Option<RawScalar>,
    pub audio_quality: Option<RawScalar>,
    pub video_quality: Option<RawScalar>,
    pub screen_share_quality: Option<RawScalar>,
    pub join_time: Option<RawScalar>,
    pub leave_time: Option<RawScalar>,
    pub location: Option<RawScalar>,
    pub version: Option<RawScalar>,
    pub role: Option<RawScalar>,
}
