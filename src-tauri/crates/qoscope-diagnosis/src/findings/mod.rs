//! Findings: the diagnosis a helpdesk person pastes into a ticket.
//!
//! A finding says, for one participant (one join) and one span of minutes, what went wrong and
//! who caused it, with the numbers behind it, a plain sentence and a next step. It is built from
//! the minute labels of [`crate::attribution`]: a join's labelled minutes with the same kind and
//! culprit are merged while the gaps between them hold at most
//! [`EpisodeRules::max_gap_minutes`] good minutes (missing ones do not count, see
//! [`EpisodeRules::bridges`]); a culprit who dropped and rejoined is one culprit (one person,
//! named by the join that sent most of the run's minutes); a one-symptom network spike at a
//! run's end, apart from the rest, is trimmed; a run with fewer than
//! [`EpisodeRules::min_degraded_minutes`] minutes is dropped (a blip); and a run spans the join's
//! missing minutes next to it in which the others show its trouble (see `runs.rs`). Disconnects come from the
//! joins: a leave reason that names the network, or no reason and a rejoin within
//! [`MAX_SILENT_REJOIN_MINUTES`]. Streams that fell back from UDP to TCP or TLS come from the
//! joins' connection facts (see `fallback.rs`).
//!
//! Findings that share a root cause (everyone receiving one bad sender; everyone in one
//! meeting-wide span) share a [`Finding::cause_id`], so tools and the UI can group them.

use crate::attribution::MinuteLabel;
use crate::episodes::{Attribution, Episode};
use crate::grade::{floor_minute, Cause, MeetingGrades};
use crate::thresholds::{EpisodeRules, Grade};
use chrono::{DateTime, Duration, Utc};
use qoscope_model::metric::{Direction, Media};
use qoscope_model::names::hidden_name;
use qoscope_model::{Meeting, Metric, Stream};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

mod clock;
mod disconnects;
mod fallback;
mod runs;
mod sentences;

pub use clock::Clock;
use disconnects::disconnects;
use fallback::udp_blocked;
use runs::{label_runs, Run};
use sentences::Builder;

/// A rejoin this soon after a leave without a reason counts as a disconnect.
pub const MAX_SILENT_REJOIN_MINUTES: i64 = 5;

/// A participant (one join) as findings name them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PersonRef {
    /// Zoom's per-join `user_id`.
    pub user_id: String,
    /// The name as Zoom reported it (may be empty under privacy rules).
    pub user_name: String,
}

/// How bad a finding is: the worst grade of its minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Warning,
    Poor,
}

/// What kind of trouble a finding describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A sender's uplink: what they sent was bad, so everyone receiving them suffered. On the
    /// sender's own finding the culprit is the participant; on a receiver's, the sender.
    SenderUplink,
    /// Only this participant received badly while the senders were fine: their downlink.
    ReceiverDownlink,
    /// Most participants received badly at the same minutes and no sender was bad.
    MeetingWide,
    /// The participant's computer was overloaded (system CPU).
    DeviceCpu,
    /// The participant's Wi-Fi signal was weak.
    Wifi,
    /// The participant dropped out (network leave reason, or a quick rejoin).
    Disconnect,
    /// A group sharing a site, network or data centre suffered together: the group's members,
    /// and everyone receiving them. The culprit is `null`; [`Finding::group`] says what they share.
    SharedNetwork,
    /// The participant's audio, video or screen share went over TCP or TLS instead of UDP (a
    /// firewall or proxy blocking Zoom's UDP ports), which adds latency. Added with issue #18.
    UdpBlocked,
}

impl FindingKind {
    pub const ALL: [FindingKind; 8] = [
        FindingKind::SenderUplink,
        FindingKind::ReceiverDownlink,
        FindingKind::MeetingWide,
        FindingKind::DeviceCpu,
        FindingKind::Wifi,
        FindingKind::Disconnect,
        FindingKind::SharedNetwork,
        FindingKind::UdpBlocked,
    ];

    /// The JSON key (`sender_uplink`, …).
    pub fn key(self) -> &'static str {
        match self {
            FindingKind::SenderUplink => "sender_uplink",
            FindingKind::ReceiverDownlink => "receiver_downlink",
            FindingKind::MeetingWide => "meeting_wide",
            FindingKind::DeviceCpu => "device_cpu",
            FindingKind::Wifi => "wifi",
            FindingKind::Disconnect => "disconnect",
            FindingKind::SharedNetwork => "shared_network",
            FindingKind::UdpBlocked => "udp_blocked",
        }
    }

    /// A short title for people.
    pub fn title(self) -> &'static str {
        match self {
            FindingKind::SenderUplink => "Sender's uplink",
            FindingKind::ReceiverDownlink => "Receiver's downlink",
            FindingKind::MeetingWide => "Meeting-wide",
            FindingKind::DeviceCpu => "Device CPU",
            FindingKind::Wifi => "Weak Wi-Fi",
            FindingKind::Disconnect => "Disconnect",
            FindingKind::SharedNetwork => "Shared network",
            FindingKind::UdpBlocked => "UDP blocked",
        }
    }
}

/// One number behind a finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Whose measurement it is.
    pub participant: PersonRef,
    pub stream: Option<Stream>,
    pub metric: Option<Metric>,
    /// The worst value in the finding's span (bitrate in kbps); or a count for meeting-wide.
    pub value: Option<f64>,
    /// `kbps`, `ms`, `%`, `fps`, `px`, `dBm`, or `participants`.
    pub unit: Option<String>,
    /// The limit it crossed (the warning or poor threshold, same unit).
    pub limit: Option<f64>,
    /// The minute of the worst value.
    pub at: Option<DateTime<Utc>>,
    /// The same, for people: "sent video packet loss (avg) 13.9 % at 10:14 UTC (poor above 10 %)".
    pub text: String,
}

/// What the joins of a [`FindingKind::SharedNetwork`] finding share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRef {
    /// `ip_address` (the same public address: one site or VPN), `location` or `data_center`.
    pub attribute: String,
    /// The shared value, as Zoom reported it.
    pub value: String,
    /// Every join with that value.
    pub members: Vec<PersonRef>,
}

/// One diagnosis statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    pub kind: FindingKind,
    /// Who the finding is about (whose quality suffered).
    pub participant: PersonRef,
    /// Who caused it: the participant themself, another participant (a sender), or nobody in
    /// particular (`null`: meeting-wide).
    pub culprit: Option<PersonRef>,
    /// The main stream concerned (`null` for a disconnect).
    pub stream: Option<Stream>,
    /// Every stream concerned.
    pub streams: Vec<Stream>,
    /// Start of the first minute (or the moment of a disconnect).
    pub start: DateTime<Utc>,
    /// End of the last minute (exclusive), or the rejoin.
    pub end: DateTime<Utc>,
    pub evidence: Vec<Evidence>,
    /// A plain sentence for a ticket.
    pub sentence: String,
    /// What to do next.
    pub next_step: String,
    /// Shared by findings with one root cause, e.g. `sender_uplink:16778240:2026-11-24T10:12Z`.
    pub cause_id: String,
    /// Index into `Meeting::joins` of the participant.
    pub join_index: usize,
    /// For a shared-network finding: what the group shares (absent for other kinds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<GroupRef>,
}

/// Builds every finding of the meeting, ordered by start, severity (worst first), participant.
pub fn find(
    meeting: &Meeting,
    grades: &MeetingGrades,
    episodes: &[Episode],
    labels: &[Vec<MinuteLabel>],
    rules: &EpisodeRules,
    clock: &Clock,
) -> Vec<Finding> {
    let names = Names::new(meeting);
    let mut runs = label_runs(meeting, grades, episodes, labels, rules);
    // Own causes first, so receivers' findings can take their culprit's cause id.
    runs.sort_by_key(|r| (r.culprit_join != Some(r.join) && r.culprit_join.is_some(), r.first, r.join));
    let mut out: Vec<Finding> = Vec::new();
    let mut meeting_wide_spans: Vec<(usize, usize)> = Vec::new();
    for run in &runs {
        if run.kind == FindingKind::MeetingWide {
            meeting_wide_spans.push((run.first, run.last));
        }
    }
    let meeting_wide_ids = merge_spans(meeting_wide_spans);
    let mut group_spans: HashMap<(String, String), Vec<(usize, usize)>> = HashMap::new();
    for run in &runs {
        if let Some(g) = &run.group {
            group_spans.entry(g.clone()).or_default().push((run.first, run.last));
        }
    }
    let group_ids: GroupSpans = group_spans.into_iter().map(|(g, spans)| (g, merge_spans(spans))).collect();
    // Per culprit join: the spans and cause ids of its own findings.
    let mut own_causes: OwnCauses = HashMap::new();
    // What a culprit sent over a span, shared by the findings of everyone receiving them.
    let sent_worst: SentWorst = RefCell::new(HashMap::new());
    for run in runs {
        let builder = Builder {
            meeting,
            grades,
            names: &names,
            run: &run,
            sent_worst: &sent_worst,
            group_ids: &group_ids,
            clock,
        };
        if let Some(finding) = builder.build(&own_causes, &meeting_wide_ids) {
            if run.culprit_join == Some(run.join) {
                own_causes.entry(run.join).or_default().push((finding.start, finding.end, finding.cause_id.clone()));
            }
            out.push(finding);
        }
    }
    out.extend(disconnects(meeting, &names, clock));
    out.extend(udp_blocked(meeting, grades, &names, rules, clock));
    out.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.severity.cmp(&a.severity))
            .then(a.join_index.cmp(&b.join_index))
            .then(a.kind.cmp(&b.kind))
    });
    out
}

/// Findings grouped by root cause ([`Finding::cause_id`]), in order of each cause's first
/// finding; in each group the finding about the culprit themself (which tells the cause best)
/// comes first.
pub fn by_cause(findings: &[Finding]) -> Vec<Vec<&Finding>> {
    let mut groups: Vec<(String, Vec<&Finding>)> = Vec::new();
    for f in findings {
        match groups.iter_mut().find(|(id, _)| *id == f.cause_id) {
            Some((_, g)) => g.push(f),
            None => groups.push((f.cause_id.clone(), vec![f])),
        }
    }
    groups
        .into_iter()
        .map(|(_, mut g)| {
            // The finding about the culprit themself tells the cause best.
            if let Some(i) = g.iter().position(|f| f.culprit.as_ref() == Some(&f.participant)) {
                let own = g.remove(i);
                g.insert(0, own);
            }
            g
        })
        .collect()
}

/// (culprit join, first minute, last minute) → the worst of what the culprit sent then.
type SentWorst = RefCell<HashMap<(usize, usize, usize), Vec<(Cause, usize)>>>;

/// Per shared (attribute, value): the merged spans of its runs (for one cause id per span).
type GroupSpans = HashMap<(String, String), Vec<(usize, usize)>>;

/// Per join: the spans and cause ids of the findings it caused itself.
type OwnCauses = HashMap<usize, Vec<(DateTime<Utc>, DateTime<Utc>, String)>>;

/// Merges overlapping or touching `(first, last)` spans; returns the merged spans.
fn merge_spans(mut spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    spans.sort();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (a, b) in spans {
        match out.last_mut() {
            Some((_, last)) if a <= *last + 1 => *last = (*last).max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Names as findings print them: untrusted text made safe to paste.
struct Names {
    refs: Vec<PersonRef>,
    shown: Vec<String>,
}

impl Names {
    fn new(meeting: &Meeting) -> Names {
        let refs: Vec<PersonRef> = meeting
            .joins
            .iter()
            .map(|j| PersonRef { user_id: j.user_id.clone(), user_name: j.user_name.clone() })
            .collect();
        let shown = meeting
            .joins
            .iter()
            .map(|j| {
                // The one display-name rule (qoscope_model::names), made safe for a ticket.
                let name = plain_text(&j.user_name, 80);
                let name = if name.trim().is_empty() { hidden_name(&plain_text(&j.user_id, 40)) } else { name };
                // The one display-name rule's join ordinal: "Marcus Silva (1/2)".
                meeting.join_label(&j.user_id, &name)
            })
            .collect();
        Names { refs, shown }
    }
}

/// `text` without control or bidi-override characters (they could hide or reorder what a
/// ticket says), cut to `max` characters.
pub fn plain_text(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        out.push(if qoscope_model::text::is_hidden(c) { qoscope_model::text::REPLACEMENT } else { c });
    }
    out
}

fn unit_of(metric: Metric) -> &'static str {
    match metric.unit() {
        qoscope_model::metric::Unit::Kbps => "kbps",
        qoscope_model::metric::Unit::Ms => "ms",
        qoscope_model::metric::Unit::Percent => "%",
        qoscope_model::metric::Unit::Fps => "fps",
        qoscope_model::metric::Unit::Px => "px",
        qoscope_model::metric::Unit::Dbm => "dBm",
    }
}

fn number(v: f64) -> String {
    if (v - v.round()).abs() < 0.05 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn value_text(metric: Metric, v: f64) -> String {
    match metric.unit() {
        qoscope_model::metric::Unit::Percent => format!("{} %", number(v)),
        _ => format!("{} {}", number(v), unit_of(metric)),
    }
}

fn stream_words(stream: Stream) -> String {
    let media = match stream.media() {
        Media::Audio => "audio",
        Media::Video => "video",
        Media::ScreenShare => "screen share",
        Media::Cpu => "CPU",
        Media::Wifi => "Wi-Fi",
    };
    match stream.direction() {
        Direction::Sent => format!("sent {media}"),
        Direction::Received => format!("received {media}"),
        Direction::Device => media.to_owned(),
    }
}

/// "audio and video", "video, audio and screen share".
fn media_list(streams: &[Stream]) -> String {
    let mut media: Vec<&str> = Vec::new();
    for s in streams {
        let m = match s.media() {
            Media::Audio => "audio",
            Media::Video => "video",
            Media::ScreenShare => "screen share",
            _ => continue,
        };
        if !media.contains(&m) {
            media.push(m);
        }
    }
    match media.len() {
        0 => "streams".to_owned(),
        1 => media[0].to_owned(),
        n => format!("{} and {}", media[..n - 1].join(", "), media[n - 1]),
    }
}

fn streams_of(grades: &MeetingGrades, join: usize) -> Vec<Stream> {
    grades.join(join).map(|g| g.streams.iter().map(|s| s.stream).collect()).unwrap_or_default()
}

/// Network metrics before the rest: they are what a ticket is about.
fn metric_rank(m: Metric) -> u8 {
    match m {
        Metric::AvgLoss => 0,
        Metric::Jitter => 1,
        Metric::Latency => 2,
        Metric::MaxLoss => 3,
        Metric::SystemMaxCpuUsage => 4,
        Metric::AvgRssi | Metric::MinRssi | Metric::MaxRssi => 5,
        Metric::FrameRate => 6,
        Metric::Bitrate => 7,
        _ => 8,
    }
}

/// Video before audio before screen share; Zoom's standard streams before connector ones.
fn stream_rank(s: Stream) -> (u8, Stream) {
    let media = match s.media() {
        Media::Video => 0,
        Media::Audio => 1,
        Media::ScreenShare => 2,
        Media::Wifi => 3,
        Media::Cpu => 4,
    };
    (media, s)
}

/// Whether Zoom's leave reason says the network dropped the participant.
pub fn is_network_leave(reason: &str) -> bool {
    let r = reason.to_lowercase();
    !r.contains("host")
        && ["network", "connection error", "connection lost", "lost connection", "reconnect", "timed out", "timeout"]
            .iter()
            .any(|k| r.contains(k))
}

fn ceil_minute(t: DateTime<Utc>) -> DateTime<Utc> {
    let floor = floor_minute(t);
    if floor == t {
        t
    } else {
        floor + Duration::minutes(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::*;
    use crate::{analyze, Thresholds};
    use qoscope_model::{Join, Person};

    /// A meeting whose people are one join each, except where `persons` groups them.
    fn meeting_of(joins: Vec<Join>, persons: Vec<Vec<usize>>) -> Meeting {
        let mut m = meeting(joins);
        m.persons = persons.into_iter().map(|joins| Person { display_name: String::new(), joins }).collect();
        m
    }

    fn findings(m: &Meeting) -> Vec<Finding> {
        analyze(m, &Thresholds::default()).findings
    }

    /// Clean audio from `from` to `to` (exclusive), with leave time and reason.
    fn clean(id: &str, from: i64, to: i64, reason: Option<&str>) -> Join {
        let mut j = join(id, (from..to).map(|m| audio(m, 0.0)).collect());
        j.join_time = Some(at(from));
        j.leave_time = Some(at(to - 1) + Duration::seconds(30));
        j.leave_reason = reason.map(str::to_owned);
        j
    }

    #[test]
    fn a_network_leave_and_rejoin_is_a_poor_disconnect() {
        let m = meeting_of(
            vec![
                clean("1", 0, 10, Some("left the meeting. Reason: Network connection error.")),
                clean("2", 12, 20, Some("left the meeting. Reason: Host ended the meeting.")),
            ],
            vec![vec![0, 1]],
        );
        let f = findings(&m);
        assert_eq!(f.len(), 1, "{f:#?}");
        let d = &f[0];
        assert_eq!((d.kind, d.severity), (FindingKind::Disconnect, Severity::Poor));
        assert_eq!(d.culprit.as_ref().map(|c| c.user_id.as_str()), Some("1"));
        assert_eq!((d.start, d.end), (at(9), at(12)));
        assert!(
            d.sentence.contains("Network connection error")
                && d.sentence.contains("rejoined 2 min 30 s later, at 10:12"),
            "{}",
            d.sentence
        );
        assert_eq!(d.evidence.len(), 2);
    }

    #[test]
    fn a_network_leave_without_rejoin_says_so() {
        let m = meeting_of(vec![clean("1", 0, 10, Some("Reason: connection lost"))], vec![vec![0]]);
        let f = findings(&m);
        assert_eq!(f.len(), 1);
        assert!(f[0].sentence.ends_with("and did not rejoin."), "{}", f[0].sentence);
    }

    #[test]
    fn leaving_early_for_ordinary_reasons_is_no_finding() {
        for reason in [
            "left the meeting. Reason: left the meeting.",
            "Reason: Host ended the meeting.",
            "removed by host (network policy)",
        ] {
            let m = meeting_of(vec![clean("1", 0, 5, Some(reason)), clean("2", 0, 20, None)], vec![vec![0], vec![1]]);
            assert!(findings(&m).is_empty(), "{reason}");
        }
    }

    #[test]
    fn a_silent_quick_rejoin_is_a_warning_disconnect_a_late_one_is_not() {
        let quick = meeting_of(vec![clean("1", 0, 10, None), clean("2", 14, 20, None)], vec![vec![0, 1]]);
        let f = findings(&quick);
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].kind, f[0].severity), (FindingKind::Disconnect, Severity::Warning));
        assert!(f[0].sentence.contains("most likely a dropped connection"), "{}", f[0].sentence);
        // Left at 09:30 (10:09:30), back at 10:16: more than five minutes.
        let late = meeting_of(vec![clean("1", 0, 10, None), clean("2", 16, 20, None)], vec![vec![0, 1]]);
        assert!(findings(&late).is_empty());
    }

    /// Wi-Fi RSSI per minute and sent audio loss per minute.
    fn wifi_join(id: &str, rssi: &[f64], loss: &[f64]) -> Join {
        join(
            id,
            rssi.iter()
                .zip(loss)
                .enumerate()
                .map(|(m, (&r, &l))| {
                    sample(
                        m as i64,
                        &[
                            (Stream::WifiRssi, Metric::AvgRssi, r),
                            (Stream::AudioInput, Metric::AvgLoss, l),
                            (Stream::AudioOutput, Metric::AvgLoss, 0.0),
                        ],
                    )
                })
                .collect(),
        )
    }

    #[test]
    fn weak_wifi_names_the_signal_and_what_it_did_to_the_sent_streams() {
        let m = meeting_of(
            vec![wifi_join("1", &[-60.0, -82.0, -84.0, -81.0, -60.0], &[0.0, 12.0, 11.0, 9.0, 0.0])],
            vec![vec![0]],
        );
        let f = findings(&m);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!((f[0].kind, f[0].severity), (FindingKind::Wifi, Severity::Poor));
        assert_eq!((f[0].start, f[0].end), (at(1), at(4)));
        assert!(
            f[0].sentence.contains("down to -84 dBm") && f[0].sentence.contains("packet loss (avg) up to 12 %"),
            "{}",
            f[0].sentence
        );
        assert!(f[0]
            .evidence
            .iter()
            .any(|e| e.metric == Some(Metric::AvgRssi) && e.value == Some(-84.0) && e.at == Some(at(2))));
    }

    #[test]
    fn wifi_exactly_at_the_warning_limit_or_for_one_minute_is_no_finding() {
        let at_limit = meeting_of(vec![wifi_join("1", &[-70.0; 4], &[0.0; 4])], vec![vec![0]]);
        assert!(findings(&at_limit).is_empty());
        let blip = meeting_of(vec![wifi_join("1", &[-60.0, -85.0, -60.0, -60.0], &[0.0; 4])], vec![vec![0]]);
        assert!(findings(&blip).is_empty());
    }

    #[test]
    fn a_busy_cpu_is_a_device_finding_with_the_cpu_numbers() {
        let cpu = |m: i64, system: f64| {
            sample(
                m,
                &[
                    (Stream::CpuUsage, Metric::SystemMaxCpuUsage, system),
                    (Stream::CpuUsage, Metric::ZoomAvgCpuUsage, 40.0),
                    (Stream::AudioInput, Metric::AvgLoss, 0.0),
                ],
            )
        };
        let m =
            meeting_of(vec![join("1", vec![cpu(0, 40.0), cpu(1, 95.0), cpu(2, 97.0), cpu(3, 40.0)])], vec![vec![0]]);
        let f = findings(&m);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].kind, FindingKind::DeviceCpu);
        assert!(f[0].sentence.contains("system CPU up to 97 % (Zoom itself about 40 %)"), "{}", f[0].sentence);
        // Exactly at the warning limit is fine.
        let m = meeting_of(vec![join("1", vec![cpu(0, 80.0), cpu(1, 80.0), cpu(2, 80.0)])], vec![vec![0]]);
        assert!(findings(&m).is_empty());
    }

    #[test]
    fn an_audio_only_receiver_alone_in_trouble_is_its_downlink() {
        let receiving = |id: &str, loss: f64| {
            join(
                id,
                (0..4)
                    .map(|m| {
                        sample(
                            m,
                            &[(Stream::AudioInput, Metric::AvgLoss, 0.0), (Stream::AudioOutput, Metric::AvgLoss, loss)],
                        )
                    })
                    .collect(),
            )
        };
        let mut phone = receiving("9", 8.0);
        phone.user_name.clear();
        let m = meeting_of(vec![phone, receiving("1", 0.0), receiving("2", 0.0)], vec![vec![0], vec![1], vec![2]]);
        let f = findings(&m);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].kind, FindingKind::ReceiverDownlink);
        assert_eq!(f[0].stream, Some(Stream::AudioOutput));
        // 8 % loss is a warning (3–10 %): the sentence says "degraded", never "poor".
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(
            f[0].sentence.contains("participant 9 (name hidden by Zoom) received degraded audio"),
            "{}",
            f[0].sentence
        );
    }

    #[test]
    fn names_are_pasted_without_control_or_bidi_characters() {
        assert_eq!(plain_text("Eve\u{202e}gnp.exe\u{1b}[31m", 80), "Eve\u{FFFD}gnp.exe\u{FFFD}[31m");
        assert_eq!(plain_text(&"x".repeat(10), 4), "xxxx…");
        assert_eq!(plain_text("Zoë 王 <b>x</b>", 80), "Zoë 王 <b>x</b>");
    }
}
