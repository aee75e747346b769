//! Zoom's Dashboard responses as they arrive, read leniently.
//!
//! Every field is optional; unknown fields are ignored here (the snapshot keeps the verbatim
//! bytes). Scalars are [`RawScalar`]s so a number where Zoom documents a string, or junk where
//! a string belongs, never fails the page.

use crate::lenient::{lenient_string_list, LenientList, MetricObject, RawScalar};
use serde::Deserialize;

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
    pub user_qos: LenientList<QosSampleRaw>,
}

/// One minute of one join.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct QosSampleRaw {
    pub date_time: Option<RawScalar>,
    pub audio_input: Option<MetricObject>,
    pub audio_output: Option<MetricObject>,
    pub video_input: Option<MetricObject>,
    pub video_output: Option<MetricObject>,
    pub as_input: Option<MetricObject>,
    pub as_output: Option<MetricObject>,
    pub audio_device_from_crc: Option<MetricObject>,
    pub audio_device_to_crc: Option<MetricObject>,
    pub video_device_from_crc: Option<MetricObject>,
    pub video_device_to_crc: Option<MetricObject>,
    pub as_device_from_crc: Option<MetricObject>,
    pub as_device_to_crc: Option<MetricObject>,
    pub audio_device_from_rwg: Option<MetricObject>,
    pub audio_device_to_rwg: Option<MetricObject>,
    pub video_device_from_rwg: Option<MetricObject>,
    pub video_device_to_rwg: Option<MetricObject>,
    pub as_device_from_rwg: Option<MetricObject>,
    pub as_device_to_rwg: Option<MetricObject>,
    pub cpu_usage: Option<MetricObject>,
    pub wifi_rssi: Option<MetricObject>,
}

impl QosSampleRaw {
    /// The stream objects present in this sample, in [`crate::Stream::ALL`] order.
    pub fn streams(&self) -> impl Iterator<Item = (crate::Stream, &MetricObject)> {
        use crate::Stream as S;
        [
            (S::AudioInput, &self.audio_input),
            (S::AudioOutput, &self.audio_output),
            (S::VideoInput, &self.video_input),
            (S::VideoOutput, &self.video_output),
            (S::AsInput, &self.as_input),
            (S::AsOutput, &self.as_output),
            (S::AudioDeviceFromCrc, &self.audio_device_from_crc),
            (S::AudioDeviceToCrc, &self.audio_device_to_crc),
            (S::VideoDeviceFromCrc, &self.video_device_from_crc),
            (S::VideoDeviceToCrc, &self.video_device_to_crc),
            (S::AsDeviceFromCrc, &self.as_device_from_crc),
            (S::AsDeviceToCrc, &self.as_device_to_crc),
            (S::AudioDeviceFromRwg, &self.audio_device_from_rwg),
            (S::AudioDeviceToRwg, &self.audio_device_to_rwg),
            (S::VideoDeviceFromRwg, &self.video_device_from_rwg),
            (S::VideoDeviceToRwg, &self.video_device_to_rwg),
            (S::AsDeviceFromRwg, &self.as_device_from_rwg),
            (S::AsDeviceToRwg, &self.as_device_to_rwg),
            (S::CpuUsage, &self.cpu_usage),
            (S::WifiRssi, &self.wifi_rssi),
        ]
        .into_iter()
        .filter_map(|(s, o)| o.as_ref().map(|o| (s, o)))
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
