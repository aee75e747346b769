//! Findings: the diagnosis a helpdesk person pastes into a ticket.
//!
//! A finding says, for one participant (one join) and one span of minutes, what went wrong and
//! who caused it, with the numbers behind it, a plain sentence and a next step. It is built from
//! the minute labels of [`crate::attribution`]: a join's labelled minutes with the same kind and
//! culprit are merged while the gaps between them are at most
//! [`EpisodeRules::max_gap_minutes`], and a run with fewer than
//! [`EpisodeRules::min_degraded_minutes`] minutes is dropped (a blip). Disconnects come from the
//! joins: a leave reason that names the network, or no reason and a rejoin within
//! [`MAX_SILENT_REJOIN_MINUTES`].
//!
//! Findings that share a root cause (everyone receiving one bad sender; everyone in one
//! meeting-wide span) share a [`Finding::cause_id`], so tools and the UI can group them.

use crate::attribution::MinuteLabel;
use crate::episodes::{Attribution, Episode};
use crate::grade::{floor_minute, Cause, MeetingGrades};
use crate::thresholds::{EpisodeRules, Grade};
use chrono::{DateTime, Duration, Utc};
use qoscope_model::metric::{Direction, Media};
use qoscope_model::{Meeting, Metric, Stream};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
}

impl FindingKind {
    pub const ALL: [FindingKind; 7] = [
        FindingKind::SenderUplink,
        FindingKind::ReceiverDownlink,
        FindingKind::MeetingWide,
        FindingKind::DeviceCpu,
        FindingKind::Wifi,
        FindingKind::Disconnect,
        FindingKind::SharedNetwork,
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
) -> Vec<Finding> {
    let names = Names::new(meeting);
    let mut runs = label_runs(episodes, labels, rules);
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
        let builder =
            Builder { meeting, grades, names: &names, run: &run, sent_worst: &sent_worst, group_ids: &group_ids };
        if let Some(finding) = builder.build(&own_causes, &meeting_wide_ids) {
            if run.culprit_join == Some(run.join) {
                own_causes.entry(run.join).or_default().push((finding.start, finding.end, finding.cause_id.clone()));
            }
            out.push(finding);
        }
    }
    out.extend(disconnects(meeting, &names));
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

/// Consecutive labelled minutes of one join with one kind and culprit.
#[derive(Debug)]
struct Run {
    join: usize,
    kind: FindingKind,
    culprit_join: Option<usize>,
    first: usize,
    last: usize,
    /// Every (stream, minute) in the run.
    cells: BTreeSet<(Stream, usize)>,
    /// For a shared-network run: the (attribute, value) the group shares.
    group: Option<(String, String)>,
}

fn kind_of(a: &Attribution) -> FindingKind {
    match a {
        Attribution::SenderUplink { .. } | Attribution::OwnUplink => FindingKind::SenderUplink,
        Attribution::ReceiverDownlink => FindingKind::ReceiverDownlink,
        Attribution::MeetingWide => FindingKind::MeetingWide,
        Attribution::DeviceCpu => FindingKind::DeviceCpu,
        Attribution::WeakWifi => FindingKind::Wifi,
        Attribution::SharedNetwork { .. } => FindingKind::SharedNetwork,
    }
}

/// (culprit join, first minute, last minute) → the worst of what the culprit sent then.
type SentWorst = RefCell<HashMap<(usize, usize, usize), Vec<(Cause, usize)>>>;

/// Per shared (attribute, value): the merged spans of its runs (for one cause id per span).
type GroupSpans = HashMap<(String, String), Vec<(usize, usize)>>;

/// Per join: the spans and cause ids of the findings it caused itself.
type OwnCauses = HashMap<usize, Vec<(DateTime<Utc>, DateTime<Utc>, String)>>;

/// (join, kind, culprit join, shared (attribute, value)): what one run is about.
type RunKey = (usize, FindingKind, Option<usize>, Option<(String, String)>);

fn label_runs(episodes: &[Episode], labels: &[Vec<MinuteLabel>], rules: &EpisodeRules) -> Vec<Run> {
    let mut cells: BTreeMap<RunKey, BTreeSet<(Stream, usize)>> = BTreeMap::new();
    for (e, ls) in episodes.iter().zip(labels) {
        for l in ls {
            let kind = kind_of(&l.attribution);
            let culprit = match kind {
                FindingKind::MeetingWide | FindingKind::SharedNetwork => None,
                FindingKind::SenderUplink => Some(l.sender_join.unwrap_or(e.join_index)),
                _ => Some(e.join_index),
            };
            let group = match &l.attribution {
                Attribution::SharedNetwork { attribute, value } => Some((attribute.clone(), value.clone())),
                _ => None,
            };
            cells.entry((e.join_index, kind, culprit, group)).or_default().insert((e.stream, l.minute));
        }
    }
    let mut out = Vec::new();
    for ((join, kind, culprit_join, group), cells) in cells {
        let minutes: BTreeSet<usize> = cells.iter().map(|(_, m)| *m).collect();
        let mut spans: Vec<(usize, usize, usize)> = Vec::new(); // first, last, count
        for m in minutes {
            match spans.last_mut() {
                Some((_, last, n)) if m - *last - 1 <= rules.max_gap_minutes as usize => {
                    *last = m;
                    *n += 1;
                }
                _ => spans.push((m, m, 1)),
            }
        }
        for (first, last, n) in spans {
            if n < rules.min_degraded_minutes.max(1) as usize {
                continue;
            }
            let cells = cells.iter().filter(|(_, m)| (first..=last).contains(m)).copied().collect();
            out.push(Run { join, kind, culprit_join, first, last, cells, group: group.clone() });
        }
    }
    out
}

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
                let name = plain_text(&j.user_name, 80);
                if name.trim().is_empty() {
                    format!("participant {} (name hidden by Zoom)", plain_text(&j.user_id, 40))
                } else {
                    name
                }
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

fn hm(t: DateTime<Utc>) -> String {
    t.format("%H:%M").to_string()
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

struct Builder<'a> {
    meeting: &'a Meeting,
    grades: &'a MeetingGrades,
    names: &'a Names,
    run: &'a Run,
    sent_worst: &'a SentWorst,
    group_ids: &'a GroupSpans,
}

impl Builder<'_> {
    fn time(&self, minute: usize) -> DateTime<Utc> {
        self.grades.minute_time(minute).unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// The worst cause per (stream, metric) of `join` over `streams` in minutes `first..=last`,
    /// worst grade first, with the minute it happened.
    fn worst(&self, join: usize, streams: &[Stream], first: usize, last: usize) -> Vec<(Cause, usize)> {
        let Some(jg) = self.grades.join(join) else { return Vec::new() };
        let mut worst: Vec<(Cause, usize)> = Vec::new();
        for sg in jg.streams.iter().filter(|s| streams.contains(&s.stream)) {
            for m in first..=last.min(sg.minutes.len().saturating_sub(1)) {
                for c in &sg.minutes[m].causes {
                    match worst.iter_mut().find(|(w, _)| w.stream == c.stream && w.metric == c.metric) {
                        Some((w, at)) if c.grade > w.grade || (c.grade == w.grade && c.is_worse_than(w)) => {
                            *w = *c;
                            *at = m;
                        }
                        Some(_) => {}
                        None => worst.push((*c, m)),
                    }
                }
            }
        }
        worst.sort_by(|(a, _), (b, _)| {
            b.grade.cmp(&a.grade).then(metric_rank(a.metric).cmp(&metric_rank(b.metric))).then(a.stream.cmp(&b.stream))
        });
        worst
    }

    fn evidence(&self, join: usize, (c, minute): (Cause, usize)) -> Evidence {
        let level = if c.grade == Grade::Poor { "poor" } else { "warning" };
        let side = if c.worse == crate::thresholds::Worse::Above { "above" } else { "below" };
        let what = format!("{} {}", stream_words(c.stream), c.metric.label().to_lowercase());
        let at = self.time(minute);
        Evidence {
            participant: self.names.refs[join].clone(),
            stream: Some(c.stream),
            metric: Some(c.metric),
            value: Some(c.value),
            unit: Some(unit_of(c.metric).to_owned()),
            limit: Some(c.limit),
            at: Some(at),
            text: format!(
                "{}: {what} {} at {} UTC ({level} {side} {})",
                self.names.shown[join],
                value_text(c.metric, c.value),
                hm(at),
                value_text(c.metric, c.limit)
            ),
        }
    }

    /// "packet loss (avg) up to 13.9 % and jitter up to 61 ms".
    fn numbers_phrase(worst: &[(Cause, usize)], max: usize) -> String {
        let mut seen: Vec<Metric> = Vec::new();
        let mut parts: Vec<String> = Vec::new();
        for (c, _) in worst {
            if seen.contains(&c.metric) || parts.len() == max {
                continue;
            }
            seen.push(c.metric);
            let bound = if c.worse == crate::thresholds::Worse::Above { "up to" } else { "down to" };
            parts.push(format!("{} {bound} {}", c.metric.label().to_lowercase(), value_text(c.metric, c.value)));
        }
        parts.join(" and ")
    }

    fn build(&self, own_causes: &OwnCauses, meeting_wide_ids: &[(usize, usize)]) -> Option<Finding> {
        let run = self.run;
        let j = run.join;
        let name = &self.names.shown[j];
        let streams: Vec<Stream> = {
            let mut s: Vec<Stream> = run.cells.iter().map(|(s, _)| *s).collect();
            s.dedup();
            s.sort_by_key(|s| stream_rank(*s));
            s
        };
        let start = self.time(run.first);
        let end = self.time(run.last + 1);
        let span = format!("From {} to {} UTC", hm(start), hm(end));
        let own = self.worst(j, &streams, run.first, run.last);
        let severity = if own.iter().any(|(c, _)| c.grade == Grade::Poor) { Severity::Poor } else { Severity::Warning };
        let main_stream = own.first().map(|(c, _)| c.stream).or(streams.first().copied());
        let mut evidence: Vec<Evidence> = own.iter().take(3).map(|w| self.evidence(j, *w)).collect();
        let numbers = Self::numbers_phrase(&own, 2);
        let media = media_list(&streams);
        let participant = self.names.refs[j].clone();
        let culprit = run.culprit_join.map(|c| self.names.refs[c].clone());
        let self_caused = run.culprit_join == Some(j);
        let (sentence, next_step, cause_id) = match run.kind {
            FindingKind::SenderUplink if self_caused => {
                let (affected, receiving) = self.degraded_receivers(run.first, run.last, Some(j));
                evidence.push(Evidence {
                    participant: participant.clone(),
                    stream: None,
                    metric: None,
                    value: Some(affected as f64),
                    unit: Some("participants".to_owned()),
                    limit: None,
                    at: Some(start),
                    text: format!(
                        "{affected} of the {receiving} other participants received degraded streams between {} and {} UTC",
                        hm(start),
                        hm(end)
                    ),
                });
                (
                    format!(
                        "{span}, {name}'s uplink was poor: the {media} they sent had {numbers}; {affected} of the {receiving} other participants received degraded streams at the same time."
                    ),
                    format!(
                        "Check {name}'s upstream connection: upload bandwidth, other uploads on the line, VPN, ISP; a wired connection usually helps."
                    ),
                    format!("sender_uplink:{}:{}", participant.user_id, start.format("%Y-%m-%dT%H:%MZ")),
                )
            }
            FindingKind::SenderUplink => {
                let c = run.culprit_join.unwrap_or(j);
                let culprit_name = &self.names.shown[c];
                let theirs = self
                    .sent_worst
                    .borrow_mut()
                    .entry((c, run.first, run.last))
                    .or_insert_with(|| {
                        let sent: Vec<Stream> =
                            streams_of(self.grades, c).into_iter().filter(|s| s.direction() == Direction::Sent).collect();
                        self.worst(c, &sent, run.first, run.last)
                    })
                    .clone();
                evidence.extend(theirs.iter().take(2).map(|w| self.evidence(c, *w)));
                let their_numbers = Self::numbers_phrase(&theirs, 1);
                let cause = own_causes
                    .get(&c)
                    .and_then(|own| own.iter().find(|(a, b, _)| *a < end && start < *b))
                    .map(|(_, _, id)| id.clone())
                    .unwrap_or_else(|| {
                        format!("sender_uplink:{}:{}", self.names.refs[c].user_id, start.format("%Y-%m-%dT%H:%MZ"))
                    });
                let because = if their_numbers.is_empty() {
                    format!("{culprit_name}'s uplink was poor at the same time")
                } else {
                    format!("{culprit_name}'s uplink was poor at the same time (what they sent had {their_numbers})")
                };
                (
                    format!("{span}, {name} received poor {media} ({numbers}) because {because}; {name}'s own connection was not the cause."),
                    format!("Nothing to fix on {name}'s side; check {culprit_name}'s upstream connection (see the finding about {culprit_name})."),
                    cause,
                )
            }
            FindingKind::ReceiverDownlink => (
                format!(
                    "{span}, {name} received poor {media} ({numbers}), far worse than the other participants receiving the same senders: {name}'s downlink was the problem."
                ),
                format!(
                    "Check {name}'s downstream connection: bandwidth, other downloads or streaming on the line, VPN, Wi-Fi."
                ),
                format!("receiver_downlink:{}:{}", participant.user_id, start.format("%Y-%m-%dT%H:%MZ")),
            ),
            FindingKind::MeetingWide => {
                let (affected, receiving) = self.degraded_receivers(run.first, run.last, None);
                evidence.push(Evidence {
                    participant: participant.clone(),
                    stream: None,
                    metric: None,
                    value: Some(affected as f64),
                    unit: Some("participants".to_owned()),
                    limit: Some(receiving as f64 / 2.0),
                    at: Some(start),
                    text: format!(
                        "{affected} of {receiving} participants received degraded streams between {} and {} UTC",
                        hm(start),
                        hm(end)
                    ),
                });
                let data_center = self.meeting.joins[j]
                    .data_center
                    .as_deref()
                    .map(|d| format!(" ({})", plain_text(d, 60)))
                    .unwrap_or_default();
                let span_id = meeting_wide_ids
                    .iter()
                    .find(|(a, b)| *a <= run.last && run.first <= *b)
                    .map_or(run.first, |(a, _)| *a);
                let suffered = match (
                    streams.iter().any(|s| s.direction() == Direction::Sent),
                    streams.iter().any(|s| s.direction() == Direction::Received),
                ) {
                    (true, true) => format!("both what {name} sent and received suffered"),
                    (true, false) => format!("what {name} sent suffered"),
                    _ => format!("{name} received poor {media}"),
                };
                (
                    format!(
                        "{span}, {suffered} ({numbers}), like {affected} of {receiving} participants at the same minutes: a meeting-wide problem on the common path (data centre, Zoom), not {name}'s connection or any one sender."
                    ),
                    format!(
                        "Check Zoom's status page for that time and the data center{data_center}; if participants share a site or VPN, check its internet link."
                    ),
                    format!("meeting_wide:{}", self.time(span_id).format("%Y-%m-%dT%H:%MZ")),
                )
            }
            FindingKind::DeviceCpu => {
                let all: Vec<Stream> = streams_of(self.grades, j);
                let worst_all = self.worst(j, &all, run.first, run.last);
                let cpu = worst_all.iter().find(|(c, _)| c.metric == Metric::SystemMaxCpuUsage);
                let zoom = self.peak(j, Stream::CpuUsage, Metric::ZoomAvgCpuUsage, run.first, run.last);
                let fps = worst_all.iter().find(|(c, _)| c.metric == Metric::FrameRate && c.stream.direction() == Direction::Sent);
                for w in [cpu, fps].into_iter().flatten() {
                    if !evidence.iter().any(|e| e.stream == Some(w.0.stream) && e.metric == Some(w.0.metric)) {
                        evidence.push(self.evidence(j, *w));
                    }
                }
                let mut s = format!("{span}, {name}'s computer was overloaded");
                if let Some((c, _)) = cpu {
                    s.push_str(&format!(": system CPU up to {}", value_text(Metric::SystemMaxCpuUsage, c.value)));
                    if let Some(z) = zoom {
                        s.push_str(&format!(" (Zoom itself about {})", value_text(Metric::ZoomAvgCpuUsage, z)));
                    }
                }
                if let Some((c, _)) = fps {
                    s.push_str(&format!(", and the video they sent dropped to {}", value_text(Metric::FrameRate, c.value)));
                }
                s.push('.');
                (
                    s,
                    format!(
                        "Close other heavy applications on {name}'s device, turn off HD video and virtual backgrounds, or check the device (updates, overheating)."
                    ),
                    format!("device_cpu:{}:{}", participant.user_id, start.format("%Y-%m-%dT%H:%MZ")),
                )
            }
            FindingKind::Wifi => {
                let all: Vec<Stream> = streams_of(self.grades, j);
                let worst_all = self.worst(j, &all, run.first, run.last);
                let rssi = worst_all.iter().find(|(c, _)| c.stream == Stream::WifiRssi);
                let sent: Vec<(Cause, usize)> =
                    worst_all.iter().filter(|(c, _)| c.stream.direction() == Direction::Sent).copied().collect();
                for w in rssi.into_iter().chain(sent.first()) {
                    if !evidence.iter().any(|e| e.stream == Some(w.0.stream) && e.metric == Some(w.0.metric)) {
                        evidence.push(self.evidence(j, *w));
                    }
                }
                let mut s = format!("{span}, {name}'s Wi-Fi signal was weak");
                if let Some((c, _)) = rssi {
                    s.push_str(&format!(" (down to {})", value_text(c.metric, c.value)));
                }
                let sent_numbers = Self::numbers_phrase(&sent, 2);
                if !sent_numbers.is_empty() {
                    let sent_streams: Vec<Stream> = sent.iter().map(|(c, _)| c.stream).collect();
                    s.push_str(&format!(" and the {} they sent suffered ({sent_numbers})", media_list(&sent_streams)));
                }
                s.push('.');
                (
                    s,
                    format!(
                        "Move {name} closer to the access point or onto a cable; check for Wi-Fi interference or a crowded channel."
                    ),
                    format!("wifi:{}:{}", participant.user_id, start.format("%Y-%m-%dT%H:%MZ")),
                )
            }
            FindingKind::SharedNetwork => {
                let (sentence, next_step, cause_id) = self.shared_network_words(&span, &numbers, &media);
                (sentence, next_step, cause_id)
            }
            // Disconnects come from the joins, never from minute labels.
            FindingKind::Disconnect => return None,
        };
        Some(Finding {
            severity,
            kind: run.kind,
            participant,
            culprit,
            stream: main_stream,
            streams,
            start,
            end,
            evidence,
            sentence,
            next_step,
            cause_id,
            join_index: j,
            group: self.group_ref(),
        })
    }

    /// The members of this run's group, when it is a shared-network run.
    fn group_ref(&self) -> Option<GroupRef> {
        let (attribute, value) = self.run.group.as_ref()?;
        let of = |j: &qoscope_model::Join| match attribute.as_str() {
            "ip_address" => j.ip_address.clone(),
            "location" => j.location.clone(),
            _ => j.data_center.clone(),
        };
        let members = self
            .meeting
            .joins
            .iter()
            .enumerate()
            .filter(|(_, j)| of(j).as_deref() == Some(value.as_str()))
            .map(|(i, _)| self.names.refs[i].clone())
            .collect();
        Some(GroupRef { attribute: attribute.clone(), value: value.clone(), members })
    }

    /// Sentence, next step and cause id of a shared-network finding.
    fn shared_network_words(&self, span: &str, numbers: &str, media: &str) -> (String, String, String) {
        let (attribute, value) = self.run.group.clone().unwrap_or_default();
        let shown = plain_text(&value, 60);
        let what = match attribute.as_str() {
            "ip_address" => format!("the public IP address {shown}"),
            "location" => format!("the location {shown}"),
            _ => format!("the data centre {shown}"),
        };
        let group = self.group_ref().map_or(0, |g| g.members.len());
        let j = self.run.join;
        let name = &self.names.shown[j];
        let member = self.group_ref().is_some_and(|g| g.members.contains(&self.names.refs[j]));
        let sentence = if member {
            format!(
                "{span}, {name} was one of {group} participants sharing {what} whose connections suffered together ({numbers}): their shared network (the site's internet link, VPN or data centre) is the likely cause, not {name}'s own device."
            )
        } else {
            format!(
                "{span}, {name} received poor {media} ({numbers}) from the {group} participants sharing {what}, whose connections suffered together; {name}'s own connection was not the cause."
            )
        };
        let next_step = format!(
            "Check what the participants sharing {what} have in common: the site's internet link, firewall or VPN concentrator; for a data centre, Zoom's status page."
        );
        let first = self
            .group_ids
            .get(&(attribute.clone(), value.clone()))
            .and_then(|spans| spans.iter().find(|(a, b)| *a <= self.run.last && self.run.first <= *b))
            .map_or(self.run.first, |(a, _)| *a);
        let cause_id = format!(
            "shared_network:{attribute}:{}:{}",
            plain_text(&value, 60),
            self.time(first).format("%Y-%m-%dT%H:%MZ")
        );
        (sentence, next_step, cause_id)
    }

    /// The highest value of one metric of one join in minutes `first..=last`.
    fn peak(&self, join: usize, stream: Stream, metric: Metric, first: usize, last: usize) -> Option<f64> {
        let key = qoscope_model::MetricKey { stream, metric };
        let (from, to) = (self.time(first), self.time(last + 1));
        self.meeting
            .joins
            .get(join)?
            .samples
            .iter()
            .filter(|s| s.time >= from && s.time < to)
            .filter_map(|s| s.get(key).map(|v| v.as_f64()))
            .reduce(f64::max)
    }

    /// How many joins (other than `except`) received degraded streams in minutes
    /// `first..=last`, of how many received anything.
    fn degraded_receivers(&self, first: usize, last: usize, except: Option<usize>) -> (usize, usize) {
        let mut affected = 0;
        let mut receiving = 0;
        for j in self.grades.joins.iter().filter(|j| Some(j.join_index) != except) {
            let received: Vec<_> = j.streams.iter().filter(|s| s.stream.direction() == Direction::Received).collect();
            let minutes = || received.iter().flat_map(|s| s.minutes.get(first..=last).unwrap_or(&[]));
            if minutes().any(|g| g.grade != Grade::NoData) {
                receiving += 1;
            }
            if minutes().any(|g| g.symptom_grade().is_degraded()) {
                affected += 1;
            }
        }
        (affected, receiving)
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

/// A finding per join that ended with a network leave reason, or with no reason and a rejoin
/// within [`MAX_SILENT_REJOIN_MINUTES`].
fn disconnects(meeting: &Meeting, names: &Names) -> Vec<Finding> {
    let mut out = Vec::new();
    for person in &meeting.persons {
        for (k, &i) in person.joins.iter().enumerate() {
            let join = &meeting.joins[i];
            let Some(left) = join.leave_time.or_else(|| join.samples.last().map(|s| s.time + Duration::minutes(1)))
            else {
                continue;
            };
            let next = person.joins.get(k + 1).map(|&n| &meeting.joins[n]);
            let back = next.and_then(|n| n.join_time.or_else(|| n.samples.first().map(|s| s.time)));
            let reason = join.leave_reason.as_deref().map(|r| plain_text(r, 120)).filter(|r| !r.trim().is_empty());
            let network = reason.as_deref().is_some_and(is_network_leave);
            let silent_rejoin = reason.is_none()
                && back.is_some_and(|b| b >= left && b - left <= Duration::minutes(MAX_SILENT_REJOIN_MINUTES));
            if !network && !silent_rejoin {
                continue;
            }
            let name = &names.shown[i];
            let start = floor_minute(left);
            let end = back.map_or(start + Duration::minutes(1), |b| ceil_minute(b).max(start + Duration::minutes(1)));
            let gap = back.map(|b| (b - left).num_seconds().max(0));
            let gap_words = |secs: i64| match (secs / 60, secs % 60) {
                (0, s) => format!("{s} seconds"),
                (1, 0) => "1 minute".to_owned(),
                (m, 0) => format!("{m} minutes"),
                (m, s) => format!("{m} min {s} s"),
            };
            let dropped = match &reason {
                Some(r) => {
                    format!("At {} UTC {name} was disconnected (Zoom's leave reason: \"{r}\")", left.format("%H:%M"))
                }
                None => format!("At {} UTC {name} left without a reason", left.format("%H:%M")),
            };
            let sentence = match (back, gap) {
                (Some(b), Some(g)) if network => {
                    format!("{dropped} and rejoined {} later, at {} UTC.", gap_words(g), b.format("%H:%M"))
                }
                (Some(b), Some(g)) => format!(
                    "{dropped} and rejoined {} later, at {} UTC: most likely a dropped connection.",
                    gap_words(g),
                    b.format("%H:%M")
                ),
                _ => format!("{dropped} and did not rejoin."),
            };
            let mut evidence = vec![Evidence {
                participant: names.refs[i].clone(),
                stream: None,
                metric: None,
                value: None,
                unit: None,
                limit: None,
                at: Some(left),
                text: match &reason {
                    Some(r) => format!("{name}: left at {} UTC, reason \"{r}\"", left.format("%H:%M:%S")),
                    None => format!("{name}: left at {} UTC, no reason given", left.format("%H:%M:%S")),
                },
            }];
            if let (Some(b), Some(g)) = (back, gap) {
                evidence.push(Evidence {
                    participant: names.refs[i].clone(),
                    stream: None,
                    metric: None,
                    value: Some((g as f64 / 60.0 * 10.0).round() / 10.0),
                    unit: Some("min".to_owned()),
                    limit: None,
                    at: Some(b),
                    text: format!("{name}: rejoined at {} UTC, {} later", b.format("%H:%M:%S"), gap_words(g)),
                });
            }
            out.push(Finding {
                severity: if network { Severity::Poor } else { Severity::Warning },
                kind: FindingKind::Disconnect,
                participant: names.refs[i].clone(),
                culprit: Some(names.refs[i].clone()),
                stream: None,
                streams: Vec::new(),
                start,
                end,
                evidence,
                sentence,
                next_step: format!(
                    "Check {name}'s network stability around {} UTC (Wi-Fi roaming, VPN reconnects, ISP); use a wired connection if it recurs.",
                    left.format("%H:%M")
                ),
                cause_id: format!("disconnect:{}:{}", names.refs[i].user_id, start.format("%Y-%m-%dT%H:%MZ")),
                join_index: i,
                group: None,
            });
        }
    }
    out
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
        assert!(f[0].sentence.contains("participant 9 (name hidden by Zoom) received poor audio"), "{}", f[0].sentence);
    }

    #[test]
    fn names_are_pasted_without_control_or_bidi_characters() {
        assert_eq!(plain_text("Eve\u{202e}gnp.exe\u{1b}[31m", 80), "Eve\u{FFFD}gnp.exe\u{FFFD}[31m");
        assert_eq!(plain_text(&"x".repeat(10), 4), "xxxx…");
        assert_eq!(plain_text("Zoë 王 <b>x</b>", 80), "Zoë 王 <b>x</b>");
    }
}
