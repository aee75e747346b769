//! The fields Zoom added to the QoS endpoints in 2024–2026, for the joins whose client reports
//! them ([`PersonSpec::new_fields`]; never all of a meeting's joins): `client`,
//! `video_connection_type` and `as_connection_type` (UDP, or the person's [`Fallback`]),
//! `meeting_number`, the four socket-break counters (breaks on a join that dropped with a
//! network error) and `cpu_pressure_level` (high while the person's CPU is busy). The
//! participants list's older `connection_type` says how the audio went.

use super::{ClientKind, Condition, JoinSpec, MeetingSpec, PersonSpec, NETWORK_LEAVE_REASON};
use crate::rng::Rng;
use serde_json::{json, Value};

/// Which media go over TCP or TLS instead of UDP, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fallback {
    pub audio: bool,
    pub video: bool,
    pub screen_share: bool,
    /// Zoom's word for the transport: `"TCP"` or `"SSL"`.
    pub via: &'static str,
}

impl Fallback {
    /// Video over TCP (audio and screen share still over UDP).
    pub const VIDEO_TCP: Fallback = Fallback { audio: false, video: true, screen_share: false, via: "TCP" };
    /// Video and screen share over TCP (the audio still over UDP).
    pub const VIDEO_AND_SHARE_TCP: Fallback = Fallback { audio: false, video: true, screen_share: true, via: "TCP" };
    /// Everything over SSL on port 443 (UDP blocked outright).
    pub const ALL_SSL: Fallback = Fallback { audio: true, video: true, screen_share: true, via: "SSL" };

    /// Whether media `i` (0 audio, 1 video, 2 screen share) fell back.
    pub fn media(&self, i: usize) -> bool {
        [self.audio, self.video, self.screen_share][i]
    }
}

/// What a fallback to TCP adds to a stream's latency and jitter (ms): in-order delivery and
/// retransmission hold packets up. It raises a value to at most [`FALLBACK_CEILING`] and never
/// lowers one: the fallback alone keeps every value under QoScope's warning limits, so it changes
/// no grade the ground truth knows about.
pub const FALLBACK_LATENCY: f64 = 70.0;
pub const FALLBACK_JITTER: f64 = 4.0;
/// (latency, jitter) the fallback alone never goes beyond.
pub const FALLBACK_CEILING: (f64, f64) = (360.0, 26.0);

/// The participants list's `connection_type`: the audio's transport (`""` for phones).
pub(super) fn list_connection_type(person: &PersonSpec) -> &'static str {
    match (person.client, person.fallback) {
        (ClientKind::Phone, _) => "",
        (_, Some(f)) if f.audio => f.via,
        _ => "UDP",
    }
}

/// Whether Zoom reports the new fields for this person's joins.
pub(crate) fn reported(person: &PersonSpec) -> bool {
    person.client != ClientKind::Phone && (person.new_fields || person.fallback.is_some())
}

/// Adds the fields to one QoS join object (when the person's client reports them).
pub(super) fn add(spec: &MeetingSpec, person: &PersonSpec, join: &JoinSpec, qos: &mut Value, rng: &mut Rng) {
    if !reported(person) {
        return;
    }
    let via = |i: usize| person.fallback.filter(|f| f.media(i)).map_or("UDP", |f| f.via);
    qos["client"] = json!(match person.client {
        ClientKind::Web => "Web client",
        ClientKind::RoomConnector => "Zoom Rooms",
        _ => "Zoom Workplace",
    });
    qos["meeting_number"] = json!(spec.meeting_number);
    qos["video_connection_type"] = json!(via(1));
    qos["as_connection_type"] = json!(via(2));
    let dropped = join.leave_reason == NETWORK_LEAVE_REASON;
    let breaks = |rng: &mut Rng, most: u64| if dropped { 1 + rng.below(most) } else { 0 };
    qos["audio_socket_break"] = json!(breaks(rng, 3));
    qos["video_socket_break"] = json!(if person.sends_video { breaks(rng, 2) } else { 0 });
    qos["as_socket_break"] = json!(0);
    qos["command_socket_break"] = json!(u64::from(dropped));
    if person.client == ClientKind::App {
        let busy = person
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::BusyCpu { from, to } if *from < join.to && join.from < *to));
        let level = if busy {
            if rng.chance(0.5) {
                "critical"
            } else {
                "serious"
            }
        } else if rng.chance(0.1) {
            "fair"
        } else {
            "nominal"
        };
        qos["cpu_pressure_level"] = json!(level);
    }
}
