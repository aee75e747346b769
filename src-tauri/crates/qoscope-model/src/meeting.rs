//! The meeting QoScope shows, derived from raw Zoom pages.
//!
//! Each QoS participant entry is one **join**; a person who rejoins appears again with a new
//! `user_id`. Joins stay separate (they are the segments on a timeline) and are grouped into
//! [`Person`]s when the identity allows (account id, then e-mail, then display name).
//! Everything that could not be read is listed in [`Meeting::issues`]: nothing is dropped
//! silently.

use crate::join_facts::{JoinFacts, RawJoinFacts};
use crate::lenient::RawScalar;
use crate::metric::{MetricKey, MetricValue};
use crate::raw::{MeetingDetailsRaw, ParticipantListEntry, ParticipantsPage, QosPage, QosParticipant};
use crate::zoom_quality::ZoomQuality;
use chrono::{DateTime, NaiveDateTime, Utc};
use std::collections::HashMap;

/// The meeting's header, from `GET /metrics/meetings/{meetingId}` when it was fetched (the
/// meetings list's entries have the same shape).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct MeetingInfo {
    pub uuid: Option<String>,
    pub meeting_number: Option<String>,
    pub topic: Option<String>,
    pub host: Option<String>,
    pub host_email: Option<String>,
    pub start_time: Option<DateTime<Utc>>,
    pub end_time: Option<DateTime<Utc>>,
    /// As Zoom reports it (`"02:21"`, `"1:02:03"`).
    pub duration: Option<String>,
    pub participants_reported: Option<i64>,
}

/// One minute of one join: every non-empty metric value, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub time: DateTime<Utc>,
    pub values: Vec<Reading>,
}

impl Sample {
    /// A sample of these (key, value) pairs, in their order.
    pub fn new(time: DateTime<Utc>, values: impl IntoIterator<Item = (MetricKey, MetricValue)>) -> Sample {
        let mut values: Vec<Reading> = values.into_iter().map(|(k, v)| Reading::new(k, v)).collect();
        values.shrink_to_fit();
        Sample { time, values }
    }

    pub fn get(&self, key: MetricKey) -> Option<MetricValue> {
        self.values.iter().find(|r| r.key() == key).map(|r| r.value())
    }

    /// Every (key, value) pair, in order.
    pub fn pairs(&self) -> impl Iterator<Item = (MetricKey, MetricValue)> + '_ {
        self.values.iter().map(|r| (r.key(), r.value()))
    }
}

/// One value of a sample with its key, in 16 bytes: a `(MetricKey, MetricValue)` pair takes 24,
/// and the samples are most of an open meeting's memory (120,000 samples of some 45 values for
/// a 1,000-person, 2-hour meeting).
#[derive(Clone, Copy)]
pub struct Reading {
    key: MetricKey,
    /// `bits` holds a resolution (width in the high half, height in the low) rather than a
    /// number's `f64` bits.
    resolution: bool,
    bits: u64,
}

impl Reading {
    pub fn new(key: MetricKey, value: MetricValue) -> Reading {
        match value {
            MetricValue::Number(v) => Reading { key, resolution: false, bits: v.to_bits() },
            MetricValue::Resolution { width, height } => {
                Reading { key, resolution: true, bits: (u64::from(width) << 32) | u64::from(height) }
            }
        }
    }

    pub fn key(self) -> MetricKey {
        self.key
    }

    pub fn value(self) -> MetricValue {
        if self.resolution {
            MetricValue::Resolution { width: (self.bits >> 32) as u32, height: self.bits as u32 }
        } else {
            MetricValue::Number(f64::from_bits(self.bits))
        }
    }
}

impl PartialEq for Reading {
    /// As the pair it holds (a number compares as an `f64`: NaN is never equal).
    fn eq(&self, other: &Reading) -> bool {
        self.key == other.key && self.value() == other.value()
    }
}

impl std::fmt::Debug for Reading {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (self.key, self.value()).fmt(f)
    }
}

/// One join of one participant.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Join {
    /// Zoom's per-join `user_id` (unique within the meeting).
    pub user_id: String,
    pub user_name: String,
    /// Account user id (empty for guests).
    pub account_id: Option<String>,
    pub email: Option<String>,
    pub device: Option<String>,
    pub client: Option<String>,
    pub version: Option<String>,
    pub os: Option<String>,
    pub ip_address: Option<String>,
    pub internal_ip_addresses: Vec<String>,
    pub location: Option<String>,
    pub pc_name: Option<String>,
    pub domain: Option<String>,
    pub mac_addr: Option<String>,
    pub harddisk_id: Option<String>,
    pub join_time: Option<DateTime<Utc>>,
    pub leave_time: Option<DateTime<Utc>>,
    /// From the participants list, when it was fetched.
    pub network_type: Option<String>,
    pub data_center: Option<String>,
    pub connection_type: Option<String>,
    pub leave_reason: Option<String>,
    pub microphone: Option<String>,
    pub speaker: Option<String>,
    pub camera: Option<String>,
    /// Zoom's own verdicts per medium, from the participants list.
    pub zoom_quality: ZoomQuality,
    /// Connection types, socket breaks, CPU pressure, webinar health (Zoom, 2024–2026).
    pub facts: JoinFacts,
    /// Samples in time order.
    pub samples: Vec<Sample>,
}

/// Joins that belong to one human, as far as the data tells.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub display_name: String,
    /// Indexes into [`Meeting::joins`], in join order.
    pub joins: Vec<usize>,
}

/// Something in the data that could not be used, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct DataIssue {
    pub user_id: Option<String>,
    pub at: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meeting {
    pub info: MeetingInfo,
    pub joins: Vec<Join>,
    pub persons: Vec<Person>,
    pub issues: Vec<DataIssue>,
}

/// The raw responses a meeting is derived from.
#[derive(Debug, Default)]
pub struct RawMeeting<'a> {
    pub details: Option<&'a MeetingDetailsRaw>,
    pub qos_pages: Vec<&'a QosPage>,
    /// Joins fetched one by one (`/participants/{participantId}/qos`).
    pub single_joins: Vec<&'a QosParticipant>,
    pub participant_pages: Vec<&'a ParticipantsPage>,
}

impl Meeting {
    /// Derives the meeting. Duplicate joins (the same `user_id` seen twice, e.g. from the list and
    /// from a per-participant fetch) are merged sample by sample, never double counted.
    pub fn derive(raw: &RawMeeting<'_>) -> Meeting {
        let mut meeting =
            Meeting { info: raw.details.map(MeetingInfo::from_raw).unwrap_or_default(), ..Default::default() };
        let mut by_user_id: HashMap<String, usize> = HashMap::new();

        let all_joins =
            raw.qos_pages.iter().flat_map(|p| p.participants.items.iter()).chain(raw.single_joins.iter().copied());
        for page in &raw.qos_pages {
            if page.participants.rejected > 0 {
                meeting.issues.push(DataIssue {
                    user_id: None,
                    at: None,
                    message: format!(
                        "{} participant entries were not objects and were skipped",
                        page.participants.rejected
                    ),
                });
            }
        }
        for (n, p) in all_joins.enumerate() {
            let join = derive_join(p, n, &mut meeting.issues);
            match by_user_id.get(&join.user_id) {
                Some(&i) => merge_join(&mut meeting.joins[i], join),
                None => {
                    by_user_id.insert(join.user_id.clone(), meeting.joins.len());
                    meeting.joins.push(join);
                }
            }
        }

        for entry in raw.participant_pages.iter().flat_map(|p| p.participants.items.iter()) {
            let Some(uid) = text(&entry.user_id) else { continue };
            if let Some(&i) = by_user_id.get(&uid) {
                apply_list_entry(&mut meeting.joins[i], entry);
            }
        }

        if meeting.info.meeting_number.is_none() {
            // Zoom's `meeting_number` on every QoS join (2025-11) names the meeting when its
            // details were not fetched.
            let joins =
                raw.qos_pages.iter().flat_map(|p| p.participants.items.iter()).chain(raw.single_joins.iter().copied());
            meeting.info.meeting_number = joins.filter_map(|p| text(&p.meeting_number)).next();
        }

        crate::bounds::enforce(&mut meeting);
        meeting.joins.sort_by(|a, b| {
            (a.join_time.or_else(|| a.samples.first().map(|s| s.time)), &a.user_name, &a.user_id).cmp(&(
                b.join_time.or_else(|| b.samples.first().map(|s| s.time)),
                &b.user_name,
                &b.user_id,
            ))
        });
        meeting.persons = group_persons(&meeting.joins);
        meeting
    }

    /// The first and last sample minute over all joins.
    pub fn time_range(&self) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let times = self.joins.iter().flat_map(|j| j.samples.iter().map(|s| s.time));
        let (mut lo, mut hi): (Option<DateTime<Utc>>, Option<DateTime<Utc>>) = (None, None);
        for t in times {
            lo = Some(lo.map_or(t, |l| l.min(t)));
            hi = Some(hi.map_or(t, |h| h.max(t)));
        }
        lo.zip(hi)
    }

    pub fn join(&self, user_id: &str) -> Option<&Join> {
        self.joins.iter().find(|j| j.user_id == user_id)
    }
}

impl MeetingInfo {
    /// Reads a meeting's details (or a meetings-list entry) leniently.
    pub fn from_raw(d: &MeetingDetailsRaw) -> MeetingInfo {
        MeetingInfo {
            uuid: text(&d.uuid),
            meeting_number: text(&d.id),
            topic: text(&d.topic),
            host: text(&d.host),
            host_email: text(&d.email),
            start_time: text(&d.start_time).and_then(|t| parse_time(&t)),
            end_time: text(&d.end_time).and_then(|t| parse_time(&t)),
            duration: text(&d.duration),
            participants_reported: match &d.participants {
                Some(RawScalar::Int(n)) => Some(*n),
                Some(RawScalar::Str(s)) => s.trim().parse().ok(),
                _ => None,
            },
        }
    }
}

/// Non-empty text of a scalar; `""` and invalid values are `None`.
pub fn text(v: &Option<RawScalar>) -> Option<String> {
    v.as_ref().and_then(RawScalar::as_text).filter(|s| !s.trim().is_empty())
}

/// Zoom's times: `2022-03-01T10:16:00Z`, with offsets, or without a zone (taken as UTC).
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").ok().map(|n| n.and_utc()))
        .or_else(|| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").ok().map(|n| n.and_utc()))
}

fn derive_join(p: &QosParticipant, index: usize, issues: &mut Vec<DataIssue>) -> Join {
    let user_id = text(&p.user_id).unwrap_or_else(|| {
        issues.push(DataIssue {
            user_id: None,
            at: None,
            message: format!(
                "participant entry #{} has no user_id; it is shown as \"unknown-{}\"",
                index + 1,
                index + 1
            ),
        });
        format!("unknown-{}", index + 1)
    });
    let mut join = Join {
        user_name: text(&p.user_name).unwrap_or_default(),
        account_id: text(&p.id),
        email: text(&p.email),
        device: text(&p.device),
        client: text(&p.client),
        version: text(&p.version),
        os: text(&p.os),
        ip_address: text(&p.ip_address),
        internal_ip_addresses: p.internal_ip_addresses.iter().filter(|s| !s.trim().is_empty()).cloned().collect(),
        location: text(&p.location),
        pc_name: text(&p.pc_name),
        domain: text(&p.domain),
        mac_addr: text(&p.mac_addr),
        harddisk_id: text(&p.harddisk_id),
        join_time: text(&p.join_time).and_then(|t| parse_time(&t)),
        leave_time: text(&p.leave_time).and_then(|t| parse_time(&t)),
        facts: JoinFacts::from_raw(&p.raw_facts()),
        user_id,
        ..Default::default()
    };
    if p.user_qos.rejected > 0 {
        issues.push(DataIssue {
            user_id: Some(join.user_id.clone()),
            at: None,
            message: format!("{} samples were not objects and were skipped", p.user_qos.rejected),
        });
    }
    for raw in &p.user_qos.items {
        let Some(time_text) = text(&raw.date_time) else {
            issues.push(DataIssue {
                user_id: Some(join.user_id.clone()),
                at: None,
                message: "a sample without date_time was skipped".to_owned(),
            });
            continue;
        };
        let Some(time) = parse_time(&time_text) else {
            issues.push(DataIssue {
                user_id: Some(join.user_id.clone()),
                at: Some(time_text.clone()),
                message: format!("a sample with an unreadable date_time {time_text:?} was skipped"),
            });
            continue;
        };
        for stream in &raw.invalid_streams {
            issues.push(DataIssue {
                user_id: Some(join.user_id.clone()),
                at: Some(time_text.clone()),
                message: format!("{} is not an object; its values were skipped", stream.key()),
            });
        }
        // Sized for every value, then cut to those kept: collected from a filter, the list would
        // grow by doubling and keep up to half of its room empty (the samples are most of an
        // open meeting's memory).
        let mut values: Vec<Reading> = Vec::with_capacity(raw.values.len());
        values.extend(
            raw.values
                .iter()
                .filter(|(stream, metric, _)| metric.belongs_to(*stream))
                .map(|&(stream, metric, value)| Reading::new(MetricKey { stream, metric }, value)),
        );
        values.shrink_to_fit();
        for (stream, metric, e) in raw.errors.iter().filter(|(s, m, _)| m.belongs_to(*s)) {
            issues.push(DataIssue {
                user_id: Some(join.user_id.clone()),
                at: Some(time_text.clone()),
                message: format!("{}.{}: {e}", stream.key(), metric.key()),
            });
        }
        join.samples.push(Sample { time, values });
    }
    join.samples.sort_by_key(|s| s.time);
    join
}

/// Adds samples of `other` (the same join seen again) that `into` does not have yet.
fn merge_join(into: &mut Join, other: Join) {
    for s in other.samples {
        match into.samples.binary_search_by_key(&s.time, |x| x.time) {
            Ok(_) => {}
            Err(pos) => into.samples.insert(pos, s),
        }
    }
    macro_rules! fill {
        ($($f:ident),*) => { $( if into.$f.is_none() { into.$f = other.$f; } )* };
    }
    fill!(
        account_id,
        email,
        device,
        client,
        version,
        os,
        ip_address,
        location,
        pc_name,
        domain,
        mac_addr,
        harddisk_id,
        join_time,
        leave_time
    );
    if into.user_name.is_empty() {
        into.user_name = other.user_name;
    }
    into.facts.fill_from(&other.facts);
}

fn apply_list_entry(join: &mut Join, e: &ParticipantListEntry) {
    join.network_type = text(&e.network_type).or(join.network_type.take());
    join.data_center = text(&e.data_center).or(join.data_center.take());
    join.connection_type = text(&e.connection_type).or(join.connection_type.take());
    join.leave_reason = text(&e.leave_reason).or(join.leave_reason.take());
    join.microphone = text(&e.microphone).or(join.microphone.take());
    join.speaker = text(&e.speaker).or(join.speaker.take());
    join.camera = text(&e.camera).or(join.camera.take());
    join.zoom_quality.update(e);
    // The QoS join's own connection types first; the list's fill what it lacks.
    let none = None;
    join.facts.fill_from(&JoinFacts::from_raw(&RawJoinFacts {
        connection_type: &e.connection_type,
        video_connection_type: &e.video_connection_type,
        as_connection_type: &e.as_connection_type,
        audio_socket_break: &none,
        video_socket_break: &none,
        as_socket_break: &none,
        command_socket_break: &none,
        cpu_pressure_level: &none,
        health: &none,
        issue_list: &[],
    }));
    if join.email.is_none() {
        join.email = text(&e.email);
    }
    if join.location.is_none() {
        join.location = text(&e.location);
    }
}

fn group_persons(joins: &[Join]) -> Vec<Person> {
    let mut persons: Vec<Person> = Vec::new();
    let mut by_identity: HashMap<String, usize> = HashMap::new();
    for (i, j) in joins.iter().enumerate() {
        let identity = j
            .account_id
            .as_ref()
            .map(|id| format!("id:{id}"))
            .or_else(|| j.email.as_ref().map(|e| format!("email:{}", e.to_lowercase())))
            .or_else(|| (!j.user_name.is_empty()).then(|| format!("name:{}", j.user_name)));
        let slot = identity.as_ref().and_then(|k| by_identity.get(k)).copied();
        match slot {
            Some(p) => persons[p].joins.push(i),
            None => {
                if let Some(k) = identity {
                    by_identity.insert(k, persons.len());
                }
                let display_name =
                    if j.user_name.is_empty() { crate::names::hidden_name(&j.user_id) } else { j.user_name.clone() };
                persons.push(Person { display_name, joins: vec![i] });
            }
        }
    }
    persons
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metric::{Metric, Stream};

    #[test]
    fn a_reading_keeps_its_key_and_value_exactly_in_16_bytes() {
        assert_eq!(std::mem::size_of::<Reading>(), 16);
        let key = MetricKey { stream: Stream::VideoInput, metric: Metric::Bitrate };
        let values = [
            MetricValue::Number(0.1),
            MetricValue::Number(-67.0),
            MetricValue::Number(f64::MAX),
            MetricValue::Number(-0.0),
            MetricValue::Resolution { width: 1280, height: 720 },
            MetricValue::Resolution { width: 0, height: 0 },
            MetricValue::Resolution { width: u32::MAX, height: 1 },
        ];
        for value in values {
            let reading = Reading::new(key, value);
            assert_eq!((reading.key(), reading.value()), (key, value));
            assert_eq!(reading.value().csv_text(), value.csv_text(), "the canonical CSV text is unchanged");
        }
        let sample = Sample::new(Utc::now(), [(key, values[0]), (key, values[4])]);
        assert_eq!(sample.pairs().collect::<Vec<_>>(), vec![(key, values[0]), (key, values[4])]);
        assert_eq!(sample.values.capacity(), 2, "no room kept empty");
    }

    fn page(json: &str) -> QosPage {
        serde_json::from_str(json).expect("page parses")
    }

    fn derive_pages(pages: &[QosPage]) -> Meeting {
        Meeting::derive(&RawMeeting { qos_pages: pages.iter().collect(), ..Default::default() })
    }

    #[test]
    fn parses_zoom_postman_example() {
        let json = include_str!("../tests/data/postman-example-participants-qos.json");
        let m = derive_pages(&[page(json)]);
        assert_eq!(m.joins.len(), 1);
        let j = &m.joins[0];
        assert_eq!(j.user_name, "User");
        assert_eq!(j.device.as_deref(), Some("Android"));
        assert_eq!(j.mac_addr, None, "empty strings are no value");
        let s = &j.samples[0];
        let key = |stream, metric| MetricKey { stream, metric };
        assert_eq!(s.get(key(Stream::AudioInput, Metric::Bitrate)), Some(MetricValue::Number(23.0)));
        assert_eq!(s.get(key(Stream::AudioInput, Metric::Latency)), Some(MetricValue::Number(126.0)));
        assert_eq!(
            s.get(key(Stream::VideoInput, Metric::Resolution)),
            Some(MetricValue::Resolution { width: 1280, height: 720 })
        );
        assert_eq!(
            s.get(key(Stream::AsInput, Metric::Resolution)),
            Some(MetricValue::Resolution { width: 0, height: 0 })
        );
        assert_eq!(s.get(key(Stream::AsInput, Metric::FrameRate)), None, "\"\" is no value");
        assert_eq!(s.get(key(Stream::CpuUsage, Metric::SystemMaxCpuUsage)), Some(MetricValue::Number(40.0)));
        assert!(m.issues.is_empty(), "{:?}", m.issues);
    }

    #[test]
    fn wrong_types_are_reported_not_fatal() {
        let m = derive_pages(&[page(
            r#"{"participants":[{"user_id":"1","user_name":{"x":1},"user_qos":[
                {"date_time":"2022-03-01T10:16:00Z","audio_input":"oops","audio_output":{"bitrate":true,"latency":120,"jitter":null},"wifi_rssi":{"avg_rssi":-61,"rssi_unit":"dBm"}},
                {"date_time":"yesterday"}, 5, {"audio_input":{}}
            ]}, "junk"], "next_page_token": 7}"#,
        )]);
        assert_eq!(m.joins.len(), 1);
        let j = &m.joins[0];
        assert_eq!(j.user_name, "");
        assert_eq!(j.samples.len(), 1);
        let s = &j.samples[0];
        assert_eq!(
            s.get(MetricKey { stream: Stream::AudioOutput, metric: Metric::Latency }),
            Some(MetricValue::Number(120.0))
        );
        assert_eq!(
            s.get(MetricKey { stream: Stream::WifiRssi, metric: Metric::AvgRssi }),
            Some(MetricValue::Number(-61.0))
        );
        let messages: Vec<_> = m.issues.iter().map(|i| i.message.as_str()).collect();
        assert!(messages.iter().any(|m| m.contains("audio_input is not an object")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("wrong JSON type")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("unreadable date_time")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("without date_time")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("were not objects")), "{messages:?}");
    }

    #[test]
    fn rejoins_stay_separate_joins_grouped_into_one_person() {
        let m = derive_pages(&[page(
            r#"{"participants":[
                {"id":"acc1","user_id":"10","user_name":"Ana","join_time":"2022-03-01T10:00:00Z","user_qos":[]},
                {"id":"","user_id":"11","user_name":"Guest","join_time":"2022-03-01T10:01:00Z","user_qos":[]},
                {"id":"acc1","user_id":"12","user_name":"Ana (phone)","join_time":"2022-03-01T10:20:00Z","user_qos":[]}
            ]}"#,
        )]);
        assert_eq!(m.joins.len(), 3);
        assert_eq!(m.persons.len(), 2);
        assert_eq!(m.persons[0].display_name, "Ana");
        assert_eq!(m.persons[0].joins, vec![0, 2]);
    }

    #[test]
    fn the_same_join_twice_is_merged_not_duplicated() {
        let a = page(
            r#"{"participants":[{"user_id":"1","user_name":"A","user_qos":[{"date_time":"2022-03-01T10:16:00Z","audio_input":{"bitrate":"20 kbps"}}]}]}"#,
        );
        let b = page(
            r#"{"participants":[{"user_id":"1","user_name":"A","user_qos":[{"date_time":"2022-03-01T10:16:00Z","audio_input":{"bitrate":"20 kbps"}},{"date_time":"2022-03-01T10:17:00Z","audio_input":{"bitrate":"21 kbps"}}]}]}"#,
        );
        let m = derive_pages(&[a, b]);
        assert_eq!(m.joins.len(), 1);
        assert_eq!(m.joins[0].samples.len(), 2);
    }
}
