//! Turns a [`MeetingSpec`] into Zoom's JSON, minute by minute.
//!
//! Values are strings with units exactly as Zoom writes them (`"23 kbps"`, `"126 ms"`,
//! `"0.3%"`, `"1280*720"`, `"12 fps"`, CPU `"11%"`), `""` for streams that are not active,
//! Wi-Fi RSSI as integers. Conditions (weak Wi-Fi, busy CPU, a bad uplink or downlink) change
//! the numbers the way they do in real meetings, including what *other* participants receive.

use crate::rng::Rng;
use chrono::{DateTime, Duration, Utc};
use qoscope_snapshot::{Exchange, ExchangeKind, Request, Snapshot, Source};
use serde_json::{json, Map, Value};

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

/// Something that degrades a participant's quality for a span of minutes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Condition {
    /// RSSI falls below −75 dBm; their sent streams lose packets and jitter.
    WeakWifi { from: u32, to: u32 },
    /// System CPU near 100 %; their sent video frame rate collapses.
    BusyCpu { from: u32, to: u32 },
    /// Their uplink loses packets: what they send, and what everyone receives from them, suffers.
    BadUplink { from: u32, to: u32 },
    /// Their downlink is congested: only what they receive suffers.
    BadDownlink { from: u32, to: u32 },
    /// Everyone's received streams suffer at once (a problem on the meeting's common path, such
    /// as the data center). Set through [`MeetingSpec::meeting_wide`], not on a person.
    MeetingWide { from: u32, to: u32 },
    /// A join ended with a network error at `from`; the person rejoined at `to` (or `to` is the
    /// minute after the drop when they did not). Derived from [`PersonSpec::joins`] by
    /// [`MeetingSpec::episodes`], not set on a person.
    Disconnect { from: u32, to: u32 },
}

impl Condition {
    /// Minutes since the meeting start, `[from, to)`.
    pub fn span(self) -> (u32, u32) {
        match self {
            Condition::WeakWifi { from, to }
            | Condition::BusyCpu { from, to }
            | Condition::BadUplink { from, to }
            | Condition::BadDownlink { from, to }
            | Condition::MeetingWide { from, to }
            | Condition::Disconnect { from, to } => (from, to),
        }
    }

    /// The same condition over other minutes.
    pub fn with_span(self, from: u32, to: u32) -> Condition {
        match self {
            Condition::WeakWifi { .. } => Condition::WeakWifi { from, to },
            Condition::BusyCpu { .. } => Condition::BusyCpu { from, to },
            Condition::BadUplink { .. } => Condition::BadUplink { from, to },
            Condition::BadDownlink { .. } => Condition::BadDownlink { from, to },
            Condition::MeetingWide { .. } => Condition::MeetingWide { from, to },
            Condition::Disconnect { .. } => Condition::Disconnect { from, to },
        }
    }

    fn active(self, minute: u32) -> bool {
        let (from, to) = self.span();
        (from..to).contains(&minute)
    }
}

/// One join: minutes since the meeting start, and how it ended.
#[derive(Debug, Clone)]
pub struct JoinSpec {
    pub from: u32,
    pub to: u32,
    pub leave_reason: &'static str,
}

#[derive(Debug, Clone)]
pub struct PersonSpec {
    pub name: String,
    pub account_id: String,
    pub email: String,
    pub device: &'static str,
    pub client: ClientKind,
    pub version: &'static str,
    pub ip_address: &'static str,
    pub location: &'static str,
    pub pc_name: String,
    pub network_type: &'static str,
    pub data_center: &'static str,
    pub microphone: &'static str,
    pub speaker: &'static str,
    pub camera: &'static str,
    pub sends_video: bool,
    /// Minutes during which this person shares their screen.
    pub shares: Option<(u32, u32)>,
    pub on_wifi: bool,
    pub joins: Vec<JoinSpec>,
    pub conditions: Vec<Condition>,
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
    /// Spans `[from, to)` (minutes since the start) in which everyone's received streams suffer.
    pub meeting_wide: Vec<(u32, u32)>,
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
}

/// One generated metric value: the JSON Zoom would send and, when it is a value, the
/// canonical-CSV truth (`value`, `unit`) the generator knows it meant.
struct Gv {
    json: Value,
    truth: Option<(String, &'static str)>,
}

fn number_text(v: f64) -> String {
    format!("{v}")
}
fn kbps(v: f64) -> Gv {
    let r = if v >= 100.0 { v.round() } else { (v * 100.0).round() / 100.0 };
    Gv { json: json!(format!("{r} kbps")), truth: Some((number_text(r), "kbps")) }
}
fn ms(v: f64) -> Gv {
    let r = v.round();
    Gv { json: json!(format!("{r} ms")), truth: Some((number_text(r), "ms")) }
}
fn pct(v: f64) -> Gv {
    let r = (v.clamp(0.0, 100.0) * 10.0).round() / 10.0;
    Gv { json: json!(format!("{r:.1}%")), truth: Some((number_text(r), "%")) }
}
fn cpu(v: f64) -> Gv {
    let r = v.clamp(0.0, 100.0).round();
    Gv { json: json!(format!("{r}%")), truth: Some((number_text(r), "%")) }
}
fn fps(v: f64) -> Gv {
    let r = v.round();
    Gv { json: json!(format!("{r} fps")), truth: Some((number_text(r), "fps")) }
}
fn resolution(w: u32, h: u32) -> Gv {
    Gv { json: json!(format!("{w}*{h}")), truth: Some((format!("{w}x{h}"), "px")) }
}
fn dbm(v: f64) -> Gv {
    let r = v.round() as i64;
    Gv { json: json!(r), truth: Some((r.to_string(), "dBm")) }
}
fn empty() -> Gv {
    Gv { json: json!(""), truth: None }
}
fn label(text: &str) -> Gv {
    Gv { json: json!(text), truth: None }
}

fn empty_stream(video: bool) -> Vec<(&'static str, Gv)> {
    let mut m: Vec<(&'static str, Gv)> =
        ["bitrate", "latency", "jitter", "avg_loss", "max_loss"].into_iter().map(|k| (k, empty())).collect();
    if video {
        m.push(("resolution", empty()));
        m.push(("frame_rate", empty()));
    }
    m
}

/// A canonical CSV row the generator knows to be true: what `qoscope export --format csv`
/// must produce for this meeting (in any order).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TruthRow {
    pub user_id: String,
    pub user_name: String,
    pub date_time: String,
    pub stream: String,
    pub metric: String,
    pub value: String,
    pub unit: &'static str,
}

impl TruthRow {
    /// The row as a canonical CSV line (RFC 4180 quoting when needed).
    pub fn csv_line(&self) -> String {
        let q = |s: &str| {
            if s.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_owned()
            }
        };
        format!(
            "{},{},{},{},{},{},{}",
            q(&self.user_id),
            q(&self.user_name),
            self.date_time,
            self.stream,
            self.metric,
            self.value,
            self.unit
        )
    }
}

/// One sample under construction: the JSON object and the truth rows it implies.
struct SampleBuilder<'a> {
    object: Map<String, Value>,
    truth: &'a mut Vec<TruthRow>,
    user_id: &'a str,
    user_name: &'a str,
    date_time: String,
}

impl SampleBuilder<'_> {
    fn put(&mut self, stream: &str, fields: Vec<(&'static str, Gv)>) {
        let mut m = Map::new();
        for (metric, gv) in fields {
            if let Some((value, unit)) = gv.truth {
                self.truth.push(TruthRow {
                    user_id: self.user_id.to_owned(),
                    user_name: self.user_name.to_owned(),
                    date_time: self.date_time.clone(),
                    stream: stream.to_owned(),
                    metric: metric.to_owned(),
                    value,
                    unit,
                });
            }
            m.insert(metric.into(), gv.json);
        }
        self.object.insert(stream.to_owned(), Value::Object(m));
    }
}

/// Network state of one direction in one minute.
#[derive(Clone, Copy)]
struct Link {
    latency: f64,
    jitter: f64,
    loss: f64,
}

fn stream(rng: &mut Rng, bitrate: f64, link: Link, video: Option<((u32, u32), f64)>) -> Vec<(&'static str, Gv)> {
    let avg_loss = (link.loss * rng.range(0.7, 1.3)).max(0.0);
    let max_loss = if avg_loss > 0.05 {
        avg_loss * rng.range(1.5, 3.0)
    } else if rng.chance(0.15) {
        rng.range(0.1, 1.5)
    } else {
        0.0
    };
    let mut m = vec![
        ("bitrate", kbps(bitrate)),
        ("latency", ms(rng.around(link.latency, link.latency * 0.08, 1.0))),
        ("jitter", ms(rng.around(link.jitter, link.jitter * 0.25, 0.0))),
        ("avg_loss", pct(avg_loss)),
        ("max_loss", pct(max_loss)),
    ];
    if let Some(((w, h), frame_rate)) = video {
        m.push(("resolution", resolution(w, h)));
        m.push(("frame_rate", fps(frame_rate)));
    }
    m
}

/// Keys of the (audio, video, share) × (sent, received) objects for a client kind.
fn stream_keys(client: ClientKind) -> [&'static str; 6] {
    match client {
        ClientKind::App | ClientKind::Phone => {
            ["audio_input", "audio_output", "video_input", "video_output", "as_input", "as_output"]
        }
        ClientKind::Web => [
            "audio_device_from_rwg",
            "audio_device_to_rwg",
            "video_device_from_rwg",
            "video_device_to_rwg",
            "as_device_from_rwg",
            "as_device_to_rwg",
        ],
        ClientKind::RoomConnector => [
            "audio_device_from_crc",
            "audio_device_to_crc",
            "video_device_from_crc",
            "video_device_to_crc",
            "as_device_from_crc",
            "as_device_to_crc",
        ],
    }
}

/// An injected quality episode, as the generator knows it: ground truth for the diagnosis.
#[derive(Debug, Clone, PartialEq)]
pub struct EpisodeTruth {
    /// The person whose condition it is (their display name; may be empty when hidden); empty
    /// for a meeting-wide condition.
    pub person: String,
    /// The Zoom user ids of that person's joins (empty for a meeting-wide condition).
    pub user_ids: Vec<String>,
    pub condition: Condition,
    /// Wall-clock span, `[start, end)`.
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl MeetingSpec {
    /// Every injected episode, in meeting order: what a perfect diagnosis would report. Besides
    /// each person's conditions (cut to the minutes they were in the meeting; what is left of
    /// one under [`MIN_EPISODE_MINUTES`] is a blip, left out): the meeting-wide spans, and a [`Condition::Disconnect`] for every
    /// join that ended with [`NETWORK_LEAVE_REASON`].
    pub fn episodes(&self) -> Vec<EpisodeTruth> {
        let at = |minute: u32| self.start + Duration::minutes(i64::from(minute));
        let user_ids = self.user_ids();
        let mut out = Vec::new();
        for (p, ids) in self.people.iter().zip(&user_ids) {
            let truth = |condition: Condition| {
                let (from, to) = condition.span();
                EpisodeTruth { person: p.name.clone(), user_ids: ids.clone(), condition, start: at(from), end: at(to) }
            };
            for c in &p.conditions {
                // Only the minutes they were there show it; under two minutes is a blip nobody
                // should report.
                let (from, to) = c.span();
                for join in &p.joins {
                    let (a, b) = (from.max(join.from), to.min(join.to));
                    if b >= a + MIN_EPISODE_MINUTES {
                        out.push(truth(c.with_span(a, b)));
                    }
                }
            }
            for (i, join) in p.joins.iter().enumerate() {
                if join.leave_reason == NETWORK_LEAVE_REASON {
                    let back = p.joins.get(i + 1).map_or(join.to + 1, |next| next.from);
                    out.push(truth(Condition::Disconnect { from: join.to, to: back }));
                }
            }
        }
        for &(from, to) in &self.meeting_wide {
            out.push(EpisodeTruth {
                person: String::new(),
                user_ids: Vec::new(),
                condition: Condition::MeetingWide { from, to },
                start: at(from),
                end: at(to),
            });
        }
        out.sort_by_key(|e| e.start);
        out
    }

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

    pub fn generate(&self) -> GeneratedMeeting {
        let mut rng = Rng::new(self.seed);
        let sharer_at =
            |minute: u32| self.people.iter().position(|p| p.shares.is_some_and(|(a, b)| (a..b).contains(&minute)));
        // Senders whose uplink is bad in a minute degrade what everyone else receives from them.
        let bad_senders_except = |minute: u32, me: usize| -> usize {
            self.people
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != me)
                .filter(|(_, p)| {
                    p.conditions.iter().any(|c| {
                        c.active(minute) && matches!(c, Condition::WeakWifi { .. } | Condition::BadUplink { .. })
                    })
                })
                .count()
        };

        let mut qos_joins = Vec::new();
        let mut participants = Vec::new();
        let mut truth = Vec::new();
        let meeting_wide = |minute: u32| self.meeting_wide.iter().any(|&(from, to)| (from..to).contains(&minute));
        for ((pi, person), ids) in self.people.iter().enumerate().zip(self.user_ids()) {
            for (join, user_id) in person.joins.iter().zip(ids) {
                let join_time = self.start
                    + Duration::minutes(i64::from(join.from))
                    + Duration::seconds(rng.range(0.0, 50.0) as i64);
                let leave_time =
                    self.start + Duration::minutes(i64::from(join.to)) + Duration::seconds(rng.range(0.0, 50.0) as i64);
                let keys = stream_keys(person.client);
                let mut samples = Vec::new();
                for minute in join.from..join.to {
                    let active = |c: fn(&Condition) -> bool| person.conditions.iter().any(|x| x.active(minute) && c(x));
                    let weak_wifi = active(|c| matches!(c, Condition::WeakWifi { .. }));
                    let busy_cpu = active(|c| matches!(c, Condition::BusyCpu { .. }));
                    let bad_up = active(|c| matches!(c, Condition::BadUplink { .. })) || weak_wifi;
                    let bad_down = active(|c| matches!(c, Condition::BadDownlink { .. }));
                    let base_latency = match person.network_type {
                        "Cellular" => 95.0,
                        "Wifi" => 48.0,
                        _ => 28.0,
                    };
                    let up = if bad_up {
                        Link { latency: base_latency * 2.6, jitter: rng.range(38.0, 70.0), loss: rng.range(6.0, 14.0) }
                    } else {
                        Link {
                            latency: base_latency,
                            jitter: rng.range(2.0, 7.0),
                            loss: if rng.chance(0.2) { rng.range(0.0, 0.4) } else { 0.0 },
                        }
                    };
                    // What this person receives: their downlink plus whatever others send badly.
                    let others_bad = bad_senders_except(minute, pi);
                    let shared_trouble = others_bad > 0 || meeting_wide(minute);
                    let down = if bad_down && shared_trouble {
                        // Their own downlink on top of what everyone receives: the effects add up.
                        Link {
                            latency: base_latency * 2.2 + 50.0,
                            jitter: rng.range(35.0, 60.0) + rng.range(20.0, 40.0),
                            loss: (rng.range(5.0, 12.0) + rng.range(4.0, 9.0)).min(40.0),
                        }
                    } else if bad_down {
                        Link { latency: base_latency * 2.2, jitter: rng.range(35.0, 60.0), loss: rng.range(5.0, 12.0) }
                    } else if others_bad > 0 {
                        Link { latency: base_latency + 40.0, jitter: rng.range(20.0, 40.0), loss: rng.range(4.0, 9.0) }
                    } else if meeting_wide(minute) {
                        Link { latency: base_latency + 70.0, jitter: rng.range(25.0, 45.0), loss: rng.range(4.0, 9.0) }
                    } else {
                        Link {
                            latency: base_latency + 6.0,
                            jitter: rng.range(2.0, 7.0),
                            loss: if rng.chance(0.2) { rng.range(0.0, 0.4) } else { 0.0 },
                        }
                    };

                    let t = self.start + Duration::minutes(i64::from(minute));
                    let date_time = t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
                    let mut object = Map::new();
                    object.insert("date_time".into(), json!(date_time));
                    let mut sample = SampleBuilder {
                        object,
                        truth: &mut truth,
                        user_id: &user_id,
                        user_name: &person.name,
                        date_time,
                    };
                    let audio_only = person.client == ClientKind::Phone;
                    // Apps also report the standard keys; web and connector joins leave them empty.
                    if person.client == ClientKind::Web || person.client == ClientKind::RoomConnector {
                        for (i, k) in
                            ["audio_input", "audio_output", "video_input", "video_output", "as_input", "as_output"]
                                .iter()
                                .enumerate()
                        {
                            sample.put(k, empty_stream(i >= 2));
                        }
                    }
                    let audio_rate = if audio_only { rng.around(22.0, 1.5, 8.0) } else { rng.around(68.0, 6.0, 20.0) };
                    sample.put(keys[0], stream(&mut rng, audio_rate, up, None));
                    let audio_in_rate = rng.around(62.0, 5.0, 20.0);
                    sample.put(keys[1], stream(&mut rng, audio_in_rate, down, None));
                    if audio_only {
                        sample.put(keys[2], empty_stream(true));
                        sample.put(keys[3], empty_stream(true));
                    } else {
                        if person.sends_video {
                            let fr = if busy_cpu {
                                rng.range(4.0, 9.0)
                            } else if bad_up {
                                rng.range(10.0, 14.0)
                            } else {
                                rng.around(27.0, 2.0, 15.0).min(30.0)
                            };
                            let (res, rate) = if busy_cpu || bad_up {
                                ((640, 360), rng.around(420.0, 60.0, 150.0))
                            } else {
                                ((1280, 720), rng.around(1350.0, 120.0, 600.0))
                            };
                            sample.put(keys[2], stream(&mut rng, rate, up, Some((res, fr))));
                        } else {
                            sample.put(keys[2], empty_stream(true));
                        }
                        let res_in =
                            if bad_down || others_bad > 0 || meeting_wide(minute) { (640, 360) } else { (1280, 720) };
                        let fr_in = if bad_down || others_bad > 0 || meeting_wide(minute) {
                            rng.range(9.0, 15.0)
                        } else {
                            rng.around(25.0, 2.0, 12.0).min(30.0)
                        };
                        let rate_in =
                            if bad_down { rng.around(380.0, 60.0, 100.0) } else { rng.around(1180.0, 150.0, 300.0) };
                        sample.put(keys[3], stream(&mut rng, rate_in, down, Some((res_in, fr_in))));
                    }
                    match sharer_at(minute) {
                        Some(s) if !audio_only => {
                            let (rate, frame_rate) = (rng.around(105.0, 25.0, 40.0), rng.around(8.0, 2.0, 1.0));
                            if s == pi {
                                sample.put(keys[4], stream(&mut rng, rate, up, Some(((1920, 1080), frame_rate))));
                                sample.put(keys[5], empty_stream(true));
                            } else {
                                sample.put(keys[4], empty_stream(true));
                                sample.put(keys[5], stream(&mut rng, rate, down, Some(((1920, 1080), frame_rate))));
                            }
                        }
                        _ if !audio_only => {
                            sample.put(keys[4], empty_stream(true));
                            sample.put(keys[5], empty_stream(true));
                        }
                        _ => {}
                    }
                    if matches!(person.client, ClientKind::App) && person.device != "Phone" {
                        let zoom_avg = if busy_cpu { rng.range(38.0, 52.0) } else { rng.around(14.0, 4.0, 3.0) };
                        let system_max = if busy_cpu { rng.range(94.0, 100.0) } else { rng.around(42.0, 10.0, 10.0) };
                        sample.put(
                            "cpu_usage",
                            vec![
                                ("zoom_min_cpu_usage", cpu(zoom_avg * 0.5)),
                                ("zoom_avg_cpu_usage", cpu(zoom_avg)),
                                ("zoom_max_cpu_usage", cpu(zoom_avg * 1.6)),
                                ("system_max_cpu_usage", cpu(system_max)),
                            ],
                        );
                    }
                    if person.on_wifi {
                        let avg = if weak_wifi { rng.range(-84.0, -76.0) } else { rng.around(-54.0, 3.0, -90.0) };
                        sample.put(
                            "wifi_rssi",
                            vec![
                                ("max_rssi", dbm(avg + 4.0)),
                                ("avg_rssi", dbm(avg)),
                                ("min_rssi", dbm(avg - 5.0)),
                                ("rssi_unit", label("dBm")),
                            ],
                        );
                    }
                    let mut sample = sample.object;
                    if self.unknown_fields {
                        sample.insert("future_stream".into(), json!({"bitrate": "1 kbps", "quality": "good"}));
                    }
                    samples.push(Value::Object(sample));
                }
                let join_text = join_time.format("%Y-%m-%dT%H:%M:%SZ").to_string();
                let leave_text = leave_time.format("%Y-%m-%dT%H:%M:%SZ").to_string();
                qos_joins.push(json!({
                    "id": person.account_id,
                    "user_id": user_id,
                    "user_name": person.name,
                    "device": person.device,
                    "ip_address": person.ip_address,
                    "internal_ip_addresses": if person.client == ClientKind::Phone { json!([]) } else { json!(["10.1.2.3"]) },
                    "location": person.location,
                    "join_time": join_text,
                    "leave_time": leave_text,
                    "pc_name": person.pc_name,
                    "domain": if person.client == ClientKind::Phone { "" } else { "corp.example.com" },
                    "mac_addr": "",
                    "harddisk_id": "",
                    "version": person.version,
                    "email": person.email,
                    "user_qos": samples,
                }));
                if self.unknown_fields {
                    if let Some(join) = qos_joins.last_mut() {
                        join["client_capabilities"] = json!({"e2ee": false, "levels": [1, 2, {"deep": null}]});
                    }
                }
                participants.push(json!({
                    "id": person.account_id,
                    "user_id": user_id,
                    "user_name": person.name,
                    "device": person.device,
                    "ip_address": person.ip_address,
                    "location": person.location,
                    "network_type": person.network_type,
                    "data_center": person.data_center,
                    "connection_type": if person.client == ClientKind::Phone { "" } else { "UDP" },
                    "join_time": join_text,
                    "leave_time": leave_text,
                    "leave_reason": join.leave_reason,
                    "microphone": person.microphone,
                    "speaker": person.speaker,
                    "camera": person.camera,
                    "email": person.email,
                    "version": person.version,
                    "status": "in_meeting",
                }));
            }
        }
        let end = self.start + Duration::minutes(i64::from(self.minutes));
        let details = json!({
            "uuid": self.uuid,
            "id": self.meeting_number,
            "topic": self.topic,
            "host": self.host,
            "email": self.host_email,
            "user_type": "Licensed",
            "start_time": self.start.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            "end_time": end.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            "duration": format!("{:02}:{:02}:00", self.minutes / 60, self.minutes % 60),
            "participants": qos_joins.len(),
            "has_pstn": self.people.iter().any(|p| p.client == ClientKind::Phone),
            "has_video": true,
            "has_screen_share": self.people.iter().any(|p| p.shares.is_some()),
        });
        truth.sort();
        GeneratedMeeting { details, qos_joins, participants, truth }
    }
}

impl GeneratedMeeting {
    /// A snapshot as QoScope's fetch records it: details, QoS pages of 10, the participants list.
    pub fn to_snapshot(&self, app_version: &str, source: Source, request: Request, at: DateTime<Utc>) -> Snapshot {
        let id = self.details["id"].to_string();
        let mut snapshot = Snapshot::new(app_version, source, request);
        snapshot.created_at = at;
        let exchange = |kind, path: String, query: Vec<(String, String)>, body: &Value| {
            Exchange {
                kind,
                method: "GET".into(),
                path,
                query,
                status: 200,
                received_at: at,
                body: None,
                body_text: None,
            }
            .with_body(&serde_json::to_string(body).expect("generated JSON serializes"))
        };
        snapshot.exchanges.push(exchange(
            ExchangeKind::MeetingDetails,
            format!("/metrics/meetings/{id}"),
            vec![("type".into(), "past".into())],
            &self.details,
        ));
        let pages: Vec<&[Value]> = self.qos_joins.chunks(10).collect();
        let total = self.qos_joins.len();
        for (i, chunk) in pages.iter().enumerate() {
            let token = if i + 1 < pages.len() { format!("demo-page-{}", i + 2) } else { String::new() };
            let mut query = vec![("type".into(), "past".into()), ("page_size".into(), "10".into())];
            if i > 0 {
                query.push(("next_page_token".into(), format!("demo-page-{}", i + 1)));
            }
            let body = json!({"page_count": pages.len(), "page_size": 10, "total_records": total, "next_page_token": token, "participants": chunk});
            snapshot.exchanges.push(exchange(
                ExchangeKind::QosPage,
                format!("/metrics/meetings/{id}/participants/qos"),
                query,
                &body,
            ));
        }
        let body = json!({"page_count": 1, "page_size": 300, "total_records": self.participants.len(), "next_page_token": "", "participants": self.participants});
        snapshot.exchanges.push(exchange(
            ExchangeKind::ParticipantsPage,
            format!("/metrics/meetings/{id}/participants"),
            vec![("type".into(), "past".into()), ("page_size".into(), "300".into())],
            &body,
        ));
        snapshot
    }
}
