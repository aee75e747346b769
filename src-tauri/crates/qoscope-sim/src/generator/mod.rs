//! Turns a [`MeetingSpec`] into Zoom's JSON, minute by minute.
//!
//! Values are strings with units exactly as Zoom writes them (`"23 kbps"`, `"126 ms"`,
//! `"0.3%"`, `"1280*720"`, `"12 fps"`, CPU `"11%"`), `""` for streams that are not active,
//! Wi-Fi RSSI as integers. A meeting is built in layers:
//! * [`baseline`]: what each participant's numbers look like with nothing wrong (adaptive
//!   bitrate, layouts, share content, camera-off users, phones, geography, missing minutes,
//!   one-minute spikes, noise near the limits), each range with its source;
//! * [`effects`]: composable trouble ([`Condition`]s) added on top, including what a bad
//!   sender does to everyone receiving them;
//! * [`truth`]: the injected problems and the findings a perfect diagnosis reports;
//! * [`sample`]: one minute of one join as Zoom's JSON; [`snapshot`]: the recorded fetch.

mod baseline;
pub mod effects;
mod extras;
mod new_fields;
mod sample;
mod snapshot;
pub mod truth;
mod values;

pub use new_fields::Fallback;
pub use truth::{EpisodeTruth, ExpectedFinding};
pub use values::TruthRow;

use crate::rng::Rng;
use baseline::Profile;
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

/// How a participant joined: decides which stream objects carry values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientKind {
    /// Zoom desktop or mobile app: `audio_input`, `video_input`, `as_input`, …
    App,
    /// Browser (web client): the `*_device_from/to_rwg` objects.
    Web,
    /// Zoom Room through a Cloud Room Connector: the `*_device_from/to_crc` objects.
    RoomConnector,
    /// Dial-in phone: audio only.
    Phone,
}

/// Something that degrades a participant's quality for a span of minutes. Conditions compose:
/// a person may have several, overlapping ones, and their effects add up (see [`effects`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Condition {
    /// RSSI falls below −70 dBm; their sent streams lose packets and jitter.
    WeakWifi { from: u32, to: u32 },
    /// Walking away from the access point: the signal fades gradually over the span, and the
    /// sent streams get worse with it.
    WalkAway { from: u32, to: u32 },
    /// System CPU near 100 %; their sent video frame rate collapses, what they receive is
    /// decoded late.
    BusyCpu { from: u32, to: u32 },
    /// Their uplink loses packets: what they send, and what everyone receives from them, suffers.
    BadUplink { from: u32, to: u32 },
    /// Their downlink is congested: only what they receive suffers.
    BadDownlink { from: u32, to: u32 },
    /// The network they share with others (an office's internet link, a VPN) is congested:
    /// their uplink and downlink suffer, together with everyone who has the same condition
    /// over the same span.
    SharedSite { from: u32, to: u32 },
    /// Everyone's uplink and downlink suffer at once (a problem on the meeting's common path,
    /// such as the data center). Set through [`MeetingSpec::meeting_wide`], not on a person.
    MeetingWide { from: u32, to: u32 },
    /// A join ended with a network error at `from`; the person rejoined at `to` (or `to` is the
    /// minute after the drop when they did not). Derived from [`PersonSpec::joins`] by
    /// [`MeetingSpec::episodes`], not set on a person.
    Disconnect { from: u32, to: u32 },
    /// A join whose media fell back from UDP to TCP or TLS (a firewall): `[from, to)` is the
    /// join. Derived from [`PersonSpec::fallback`] by [`MeetingSpec::episodes`], not set on a
    /// person.
    UdpBlocked { from: u32, to: u32 },
}

impl Condition {
    /// Minutes since the meeting start, `[from, to)`.
    pub fn span(self) -> (u32, u32) {
        match self {
            Condition::WeakWifi { from, to }
            | Condition::WalkAway { from, to }
            | Condition::BusyCpu { from, to }
            | Condition::BadUplink { from, to }
            | Condition::BadDownlink { from, to }
            | Condition::SharedSite { from, to }
            | Condition::MeetingWide { from, to }
            | Condition::Disconnect { from, to }
            | Condition::UdpBlocked { from, to } => (from, to),
        }
    }

    /// The same condition over other minutes.
    pub fn with_span(self, from: u32, to: u32) -> Condition {
        match self {
            Condition::WeakWifi { .. } => Condition::WeakWifi { from, to },
            Condition::WalkAway { .. } => Condition::WalkAway { from, to },
            Condition::BusyCpu { .. } => Condition::BusyCpu { from, to },
            Condition::BadUplink { .. } => Condition::BadUplink { from, to },
            Condition::BadDownlink { .. } => Condition::BadDownlink { from, to },
            Condition::SharedSite { .. } => Condition::SharedSite { from, to },
            Condition::MeetingWide { .. } => Condition::MeetingWide { from, to },
            Condition::Disconnect { .. } => Condition::Disconnect { from, to },
            Condition::UdpBlocked { .. } => Condition::UdpBlocked { from, to },
        }
    }
}

/// One join: minutes since the meeting start, and how it ended.
#[derive(Debug, Clone)]
pub struct JoinSpec {
    pub from: u32,
    pub to: u32,
    pub leave_reason: &'static str,
}

/// A participant's answer to Zoom's end-of-meeting question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feedback {
    /// Thumbs up (`GOOD`) or down (`NOT GOOD`).
    pub good: bool,
    pub comment: String,
}

#[derive(Debug, Clone)]
pub struct PersonSpec {
    pub name: String,
    pub account_id: String,
    pub email: String,
    pub device: &'static str,
    pub client: ClientKind,
    pub version: &'static str,
    pub ip_address: String,
    pub location: &'static str,
    pub pc_name: String,
    pub network_type: &'static str,
    pub data_center: &'static str,
    pub microphone: &'static str,
    pub speaker: &'static str,
    pub camera: &'static str,
    /// Camera on (phones never send video).
    pub sends_video: bool,
    /// Microphone on (a presenter may only share their screen).
    pub sends_audio: bool,
    /// Minutes during which this person shares their screen.
    pub shares: Option<(u32, u32)>,
    /// What they told Zoom after the meeting (thumbs up or down, and a comment).
    pub feedback: Option<Feedback>,
    pub on_wifi: bool,
    /// The client reports the fields Zoom added in 2024–2026 (`client`, connection types,
    /// socket breaks, CPU pressure); older clients report none of them.
    pub new_fields: bool,
    /// Media that went over TCP or TLS instead of UDP (a firewall blocking Zoom's UDP ports),
    /// on every join of the person; reported as Zoom's connection types (implies `new_fields`).
    pub fallback: Option<Fallback>,
    pub joins: Vec<JoinSpec>,
    pub conditions: Vec<Condition>,
}

impl PersonSpec {
    /// A wired app user with the camera on, for the effects of `conditions` alone.
    pub fn blank(conditions: Vec<Condition>) -> PersonSpec {
        PersonSpec {
            name: String::new(),
            account_id: String::new(),
            email: String::new(),
            device: "Windows",
            client: ClientKind::App,
            version: "",
            ip_address: String::new(),
            location: "",
            pc_name: String::new(),
            network_type: "Wired",
            data_center: "",
            microphone: "",
            speaker: "",
            camera: "",
            sends_video: true,
            sends_audio: true,
            shares: None,
            feedback: None,
            on_wifi: false,
            new_fields: false,
            fallback: None,
            joins: Vec::new(),
            conditions,
        }
    }

    fn present(&self, minute: u32) -> bool {
        self.joins.iter().any(|j| (j.from..j.to).contains(&minute))
    }

    fn sharing(&self, minute: u32) -> bool {
        self.shares.is_some_and(|(a, b)| (a..b).contains(&minute))
    }
}

#[derive(Debug, Clone)]
pub struct MeetingSpec {
    pub seed: u64,
    pub meeting_number: u64,
    pub uuid: String,
    pub topic: String,
    pub host: String,
    pub host_email: String,
    pub start: DateTime<Utc>,
    pub minutes: u32,
    pub people: Vec<PersonSpec>,
    /// Add fields Zoom might add one day (kept in snapshots, ignored by the model).
    pub unknown_fields: bool,
    /// Spans `[from, to)` (minutes since the start) in which everyone's uplink and downlink
    /// suffer.
    pub meeting_wide: Vec<(u32, u32)>,
    /// The realistic baseline's random parts: missing minutes, one-minute spikes, noise near
    /// the limits. Off only for tests that need exact numbers.
    pub noise: bool,
}

/// The shortest condition that counts as an episode (one degraded minute is a blip).
pub const MIN_EPISODE_MINUTES: u32 = 2;

/// How a join's leave reason marks a drop rather than a chosen leave.
pub const NETWORK_LEAVE_REASON: &str = "left the meeting. Reason: Network connection error.";

/// The first join's Zoom user id; later joins count up from it.
const FIRST_USER_ID: u64 = 16_778_240;

/// The generated responses.
#[derive(Debug, Clone)]
pub struct GeneratedMeeting {
    pub details: Value,
    /// One QoS participant object per join, in join order.
    pub qos_joins: Vec<Value>,
    /// One participants-list entry per join.
    pub participants: Vec<Value>,
    /// Every value the generator put in `qos_joins`, as canonical CSV rows, sorted.
    pub truth: Vec<TruthRow>,
    /// `/participants/satisfaction` entries (one per person who gave feedback).
    pub satisfaction: Vec<Value>,
    /// `/participants/sharing` entries (one per person who shared).
    pub sharing: Vec<Value>,
}

impl MeetingSpec {
    /// The Zoom user id of every join, per person (in `people` and `joins` order).
    pub fn user_ids(&self) -> Vec<Vec<String>> {
        let mut next_user_id: u64 = FIRST_USER_ID;
        self.people
            .iter()
            .enumerate()
            .map(|(pi, person)| {
                person
                    .joins
                    .iter()
                    .map(|_| {
                        let id = next_user_id.to_string();
                        next_user_id += 1024 + pi as u64;
                        id
                    })
                    .collect()
            })
            .collect()
    }

    /// Every person's normal behaviour, drawn from its own stream of the seed (so the ground
    /// truth can know it without generating the meeting).
    fn profiles(&self) -> Vec<Profile> {
        let mut rng = Rng::new(self.seed ^ 0x7072_6f66_696c_6573);
        self.people.iter().map(|p| Profile::draw(&mut rng, p)).collect()
    }

    fn meeting_wide_at(&self, minute: u32) -> bool {
        self.meeting_wide.iter().any(|&(from, to)| (from..to).contains(&minute))
    }

    pub fn generate(&self) -> GeneratedMeeting {
        let mut rng = Rng::new(self.seed);
        // The 2024–2026 fields draw from their own stream, so adding them changes no other value.
        let mut fields_rng = Rng::new(self.seed ^ 0x6e65_775f_6669_656c);
        let profiles = self.profiles();
        let facts = sample::MinuteFacts::new(self);
        let mut out = GeneratedMeeting {
            details: self.details(),
            qos_joins: Vec::new(),
            participants: Vec::new(),
            truth: Vec::new(),
            satisfaction: Vec::new(),
            sharing: Vec::new(),
        };
        for ((pi, person), ids) in self.people.iter().enumerate().zip(self.user_ids()) {
            for (join, user_id) in person.joins.iter().zip(ids) {
                let join_time = self.start
                    + Duration::minutes(i64::from(join.from))
                    + Duration::seconds(rng.range(0.0, 50.0) as i64);
                let leave_time =
                    self.start + Duration::minutes(i64::from(join.to)) + Duration::seconds(rng.range(0.0, 50.0) as i64);
                let mut writer = sample::JoinWriter::new((self, &facts), pi, &profiles[pi], &user_id, &mut rng);
                let mut samples = Vec::new();
                for minute in join.from..join.to {
                    let inside = minute > join.from && minute + 1 < join.to;
                    if self.noise && inside && writer.rng.chance(0.01) {
                        writer.skip(minute);
                        continue;
                    }
                    samples.push(writer.sample(minute, &mut out.truth));
                }
                let quality = writer.zoom_quality();
                let mut qos = self.qos_join(person, &user_id, join_time, leave_time, samples);
                new_fields::add(self, person, join, &mut qos, &mut fields_rng);
                out.qos_joins.push(qos);
                out.participants.push(self.participant(person, join, &user_id, join_time, leave_time, quality));
            }
        }
        extras::add_feedback_and_sharing(self, &mut out);
        out.truth.sort();
        out
    }

    fn details(&self) -> Value {
        let end = self.start + Duration::minutes(i64::from(self.minutes));
        json!({
            "uuid": self.uuid,
            "id": self.meeting_number,
            "topic": self.topic,
            "host": self.host,
            "email": self.host_email,
            "user_type": "Licensed",
            "start_time": self.start.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            "end_time": end.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            "duration": format!("{:02}:{:02}:00", self.minutes / 60, self.minutes % 60),
            "participants": self.people.iter().map(|p| p.joins.len()).sum::<usize>(),
            "has_pstn": self.people.iter().any(|p| p.client == ClientKind::Phone),
            "has_video": true,
            "has_screen_share": self.people.iter().any(|p| p.shares.is_some()),
        })
    }

    fn qos_join(
        &self,
        person: &PersonSpec,
        user_id: &str,
        join_time: DateTime<Utc>,
        leave_time: DateTime<Utc>,
        samples: Vec<Value>,
    ) -> Value {
        let phone = person.client == ClientKind::Phone;
        let mut join = json!({
            "id": person.account_id,
            "user_id": user_id,
            "user_name": person.name,
            "device": person.device,
            "ip_address": person.ip_address,
            "internal_ip_addresses": if phone { json!([]) } else { json!(["10.1.2.3"]) },
            "location": person.location,
            "join_time": join_time.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            "leave_time": leave_time.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            "pc_name": person.pc_name,
            "domain": if phone { "" } else { "corp.example.com" },
            "mac_addr": "",
            "harddisk_id": "",
            "version": person.version,
            "email": person.email,
            "user_qos": samples,
        });
        if self.unknown_fields {
            join["client_capabilities"] = json!({"e2ee": false, "levels": [1, 2, {"deep": null}]});
        }
        join
    }

    fn participant(
        &self,
        person: &PersonSpec,
        join: &JoinSpec,
        user_id: &str,
        join_time: DateTime<Utc>,
        leave_time: DateTime<Utc>,
        quality: [&'static str; 3],
    ) -> Value {
        let mut entry = json!({
            "id": person.account_id,
            "user_id": user_id,
            "user_name": person.name,
            "device": person.device,
            "ip_address": person.ip_address,
            "location": person.location,
            "network_type": person.network_type,
            "data_center": person.data_center,
            "connection_type": new_fields::list_connection_type(person),
            "join_time": join_time.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            "leave_time": leave_time.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            "leave_reason": join.leave_reason,
            "microphone": person.microphone,
            "speaker": person.speaker,
            "camera": person.camera,
            "email": person.email,
            "version": person.version,
            "status": "in_meeting",
        });
        for (key, value) in ["audio_quality", "video_quality", "screen_share_quality"].into_iter().zip(quality) {
            if !value.is_empty() {
                entry[key] = json!(value);
            }
        }
        entry
    }
}
