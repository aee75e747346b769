//! A person's history as the UI and the CLI show it, built from a saved [`History`] alone: one
//! row per meeting (their worst grade per stream group, minutes at warning and poor, network,
//! device, client version, data centre, the kinds of findings about them), their grade minute by
//! minute for the chart, and a one-sentence verdict.
//!
//! Findings come from the diagnosis run on a model holding only the person's joins (their own
//! QoS) plus what the meeting's participants list says about those joins. Where the verdict
//! needs everyone (received trouble whose cause may be a sender, meeting-wide or shared-network
//! trouble), the finding is marked one-sided: fetching the whole meeting settles it.

use crate::error::{ApiError, ErrorCode};
use crate::quality::{grade_code, quality_map};
use chrono::{DateTime, SecondsFormat, Utc};
use qoscope_diagnosis::{analyze, Finding, FindingKind, Grade, Severity, Thresholds};
use qoscope_model::meeting::text;
use qoscope_model::raw::{ParticipantListEntry, ParticipantsPage};
use qoscope_snapshot::{ExchangeKind, History, Snapshot};
use qoscope_zoom::history::{is_person, person_joins};
use qoscope_zoom::person::{person_meetings_from_pages, PersonMeeting};
use serde::Serialize;
use ts_rs::TS;

/// Who the history is about, as the data names them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct HistoryPerson {
    /// As typed: an e-mail address or Zoom user ID.
    pub typed: String,
    pub email: Option<String>,
    pub user_name: Option<String>,
}

/// The worst grade of each stream group over the person's joins in one meeting
/// (`good`, `warning`, `poor` or `no_data`).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GroupWorst {
    pub audio: String,
    pub video: String,
    pub screen_share: String,
    /// CPU and Wi-Fi.
    pub device: String,
}

/// A finding about the person in one meeting.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct HistoryFinding {
    /// The diagnosis's kind key (`wifi`, `receiver_downlink`, …; unknown kinds are generic).
    pub kind: String,
    /// The kind in a few words for people ("Weak Wi-Fi", "Receiver's downlink").
    pub title: String,
    /// `warning` or `poor`.
    pub severity: String,
    pub sentence: String,
    /// The meeting-wide view is needed to be sure (the cause may be someone else): fetch the
    /// whole meeting.
    pub one_sided: bool,
}

/// One meeting of the person's history.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct HistoryMeetingRow {
    /// The instance's UUID: fetching the whole meeting starts from it.
    pub uuid: Option<String>,
    pub meeting_number: Option<String>,
    pub topic: Option<String>,
    /// RFC 3339 UTC.
    pub start_time: Option<String>,
    /// Their joins in the participants list.
    pub joins: u32,
    /// Their worst grade over every stream: `good`, `warning`, `poor` or `no_data`.
    pub worst: String,
    pub worst_by_group: GroupWorst,
    /// Minutes at warning / at poor (their worst over their joins, per minute).
    pub minutes_warning: u32,
    pub minutes_poor: u32,
    /// As the participants list says (joins that differ: " / "-separated).
    pub network_type: Option<String>,
    pub device: Option<String>,
    pub version: Option<String>,
    pub data_center: Option<String>,
    pub findings: Vec<HistoryFinding>,
    /// Some finding needs the meeting-wide view.
    pub one_sided: bool,
    /// Their worst grade per minute: `-` no data, `g`, `w`, `p` (see the quality map).
    pub grades: String,
    /// The first minute of `grades`, Unix seconds (UTC); `null` without data.
    pub grades_start: Option<f64>,
    /// Why data is missing or partial, for people.
    pub notes: Vec<String>,
}

/// A person's history, ready to show.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct HistoryView {
    pub person: HistoryPerson,
    /// `yyyy-mm-dd`, inclusive.
    pub from: String,
    pub to: String,
    /// RFC 3339 UTC.
    pub fetched_at: String,
    /// False when the fetch stopped early.
    pub complete: bool,
    pub notes: Vec<String>,
    /// Newest first.
    pub meetings: Vec<HistoryMeetingRow>,
    /// "Poor in 4 of 6 meetings, always on Wi-Fi."
    pub verdict: String,
}

fn grade_key(g: Grade) -> &'static str {
    match g {
        Grade::NoData => "no_data",
        Grade::Good => "good",
        Grade::Warning => "warning",
        Grade::Poor => "poor",
    }
}

fn grade_of_code(c: char) -> Grade {
    match c {
        'g' => Grade::Good,
        'w' => Grade::Warning,
        'p' => Grade::Poor,
        _ => Grade::NoData,
    }
}

fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Whether a finding about the person needs the meeting-wide view: trouble in what they
/// received (a sender may have caused it), trouble shared with others, or a culprit other than
/// them. Their own uplink, CPU, Wi-Fi and disconnects are their own data.
pub fn is_one_sided(finding: &Finding) -> bool {
    match finding.kind {
        FindingKind::ReceiverDownlink | FindingKind::MeetingWide | FindingKind::SharedNetwork => true,
        FindingKind::SenderUplink => finding.culprit.as_ref().is_none_or(|c| c.user_id != finding.participant.user_id),
        _ => false,
    }
}

/// Distinct values joined with " / " (None when there are none).
fn distinct(values: impl Iterator<Item = Option<String>>) -> Option<String> {
    let mut seen: Vec<String> = Vec::new();
    for v in values.flatten() {
        let v = v.trim().to_owned();
        if !v.is_empty() && !seen.contains(&v) {
            seen.push(v);
        }
    }
    (!seen.is_empty()).then(|| seen.join(" / "))
}

fn list_pages(snapshot: &Snapshot) -> Vec<ParticipantsPage> {
    snapshot
        .exchanges
        .iter()
        .filter(|e| e.kind == ExchangeKind::ParticipantsPage && e.status == 200)
        .filter_map(|e| e.body.as_ref().and_then(|b| serde_json::from_str(b.get()).ok()))
        .collect()
}

/// One meeting's row from its report entry and its snapshot (`None`: not fetched).
pub fn meeting_row(
    report: &PersonMeeting,
    snapshot: Option<&Snapshot>,
    person: &str,
    thresholds: &Thresholds,
) -> HistoryMeetingRow {
    let mut row = HistoryMeetingRow {
        uuid: report.info.uuid.clone(),
        meeting_number: report.info.meeting_number.clone(),
        topic: report.info.topic.clone(),
        start_time: report.info.start_time.map(iso),
        joins: 0,
        worst: grade_key(Grade::NoData).to_owned(),
        worst_by_group: GroupWorst {
            audio: "no_data".into(),
            video: "no_data".into(),
            screen_share: "no_data".into(),
            device: "no_data".into(),
        },
        minutes_warning: 0,
        minutes_poor: 0,
        network_type: None,
        device: None,
        version: None,
        data_center: None,
        findings: Vec::new(),
        one_sided: false,
        grades: String::new(),
        grades_start: None,
        notes: Vec::new(),
    };
    let Some(snapshot) = snapshot else {
        row.notes.push("Not fetched: the history stopped before this meeting.".to_owned());
        return row;
    };
    row.notes.extend(snapshot.notes.iter().cloned());
    let pages = list_pages(snapshot);
    let joins = person_joins(&pages, person);
    row.joins = (joins.user_ids.len() + joins.without_id) as u32;
    let entries: Vec<&ParticipantListEntry> =
        pages.iter().flat_map(|p| p.participants.items.iter()).filter(|e| is_person(e, person)).collect();
    let meeting = match snapshot.meeting() {
        Ok(m) => m,
        Err(e) => {
            row.notes.push(format!("Their data in this meeting cannot be read: {e}"));
            return row;
        }
    };
    let from_list = |f: fn(&ParticipantListEntry) -> &Option<qoscope_model::lenient::RawScalar>| {
        distinct(entries.iter().map(|e| text(f(e))))
    };
    row.network_type =
        from_list(|e| &e.network_type).or_else(|| distinct(meeting.joins.iter().map(|j| j.network_type.clone())));
    row.device = from_list(|e| &e.device).or_else(|| distinct(meeting.joins.iter().map(|j| j.device.clone())));
    row.version = from_list(|e| &e.version).or_else(|| distinct(meeting.joins.iter().map(|j| j.version.clone())));
    row.data_center =
        from_list(|e| &e.data_center).or_else(|| distinct(meeting.joins.iter().map(|j| j.data_center.clone())));
    if meeting.joins.is_empty() {
        if snapshot.notes.is_empty() {
            row.notes.push("Zoom returned no QoS data for them in this meeting.".to_owned());
        }
        return row;
    }
    let analysis = analyze(&meeting, thresholds);
    let map = quality_map(&meeting, &analysis);
    row.grades_start = map.start;
    let minutes = map.minutes as usize;
    let worst_over = |pick: fn(&crate::quality::QualityRow) -> &String| -> Vec<Grade> {
        let mut out = vec![Grade::NoData; minutes];
        for r in &map.rows {
            for (i, c) in pick(r).chars().enumerate().take(minutes) {
                out[i] = out[i].max(grade_of_code(c));
            }
        }
        out
    };
    let all = worst_over(|r| &r.all);
    let worst = |grades: &[Grade]| grade_key(grades.iter().copied().max().unwrap_or(Grade::NoData)).to_owned();
    row.grades = all.iter().map(|&g| grade_code(g)).collect();
    row.minutes_warning = all.iter().filter(|&&g| g == Grade::Warning).count() as u32;
    row.minutes_poor = all.iter().filter(|&&g| g == Grade::Poor).count() as u32;
    row.worst = worst(&all);
    row.worst_by_group = GroupWorst {
        audio: worst(&worst_over(|r| &r.audio)),
        video: worst(&worst_over(|r| &r.video)),
        screen_share: worst(&worst_over(|r| &r.screen_share)),
        device: worst(&worst_over(|r| &r.device)),
    };
    row.findings = analysis
        .findings
        .iter()
        .map(|f| HistoryFinding {
            kind: f.kind.key().to_owned(),
            title: f.kind.title().to_owned(),
            severity: match f.severity {
                Severity::Poor => "poor",
                Severity::Warning => "warning",
            }
            .to_owned(),
            sentence: f.sentence.clone(),
            one_sided: is_one_sided(f),
        })
        .collect();
    row.one_sided = row.findings.iter().any(|f| f.one_sided);
    row
}

/// The person's name and address as the participants lists give them.
fn person_of(history: &History) -> HistoryPerson {
    let entries = history.meetings.iter().flat_map(|m| {
        list_pages(m)
            .into_iter()
            .flat_map(|p| p.participants.items.into_iter())
            .filter(|e| is_person(e, &history.person))
    });
    let (mut email, mut user_name) = (None, None);
    for e in entries {
        email = email.or_else(|| text(&e.email).filter(|s| !s.trim().is_empty()));
        user_name = user_name.or_else(|| text(&e.user_name).filter(|s| !s.trim().is_empty()));
        if email.is_some() && user_name.is_some() {
            break;
        }
    }
    let typed = history.person.clone();
    HistoryPerson { email: email.or_else(|| typed.contains('@').then(|| typed.clone())), user_name, typed }
}

/// The whole view of a saved history.
pub fn history_view(history: &History, thresholds: &Thresholds) -> Result<HistoryView, ApiError> {
    let bodies: Vec<&str> =
        history.report.iter().filter(|e| e.status == 200).filter_map(|e| e.body.as_ref().map(|b| b.get())).collect();
    let report = person_meetings_from_pages(bodies.into_iter())
        .map_err(|e| ApiError::new(ErrorCode::SnapshotUnreadable, format!("This history is damaged: {e}.")))?;
    let key = |uuid: &Option<String>, number: &Option<String>| uuid.clone().or(number.clone()).unwrap_or_default();
    let meetings: Vec<HistoryMeetingRow> = report
        .iter()
        .map(|m| {
            let wanted = key(&m.info.uuid, &m.info.meeting_number);
            let snapshot = history.meetings.iter().find(|s| s.request.meeting == wanted);
            meeting_row(m, snapshot, &history.person, thresholds)
        })
        .collect();
    Ok(HistoryView {
        person: person_of(history),
        from: history.from.to_string(),
        to: history.to.to_string(),
        fetched_at: iso(history.created_at),
        complete: history.complete,
        notes: history.notes.clone(),
        verdict: verdict(&meetings),
        meetings,
    })
}

/// Zoom's network type for a sentence: "Wifi" → "Wi-Fi".
pub fn network_label(network: &str) -> String {
    match network.trim().to_lowercase().replace(['-', ' '], "").as_str() {
        "wifi" => "Wi-Fi".to_owned(),
        "wired" => "Wired".to_owned(),
        "cellular" => "cellular".to_owned(),
        _ => network.trim().to_owned(),
    }
}

/// The one network all of `rows` were on, if they were.
fn one_network(rows: &[&HistoryMeetingRow]) -> Option<String> {
    let first = rows.first()?.network_type.as_deref()?;
    rows.iter().all(|r| r.network_type.as_deref() == Some(first)).then(|| network_label(first))
}

/// The verdict: how many meetings were poor (or else degraded), whether the bad ones share a
/// network, and the network of the good ones when it differs — "Poor in 4 of 6 meetings, always
/// on Wi-Fi; fine on Wired."
pub fn verdict(rows: &[HistoryMeetingRow]) -> String {
    if rows.is_empty() {
        return "No meetings in this range.".to_owned();
    }
    let with_data: Vec<&HistoryMeetingRow> = rows.iter().filter(|r| r.worst != "no_data").collect();
    if with_data.is_empty() {
        return format!("No quality data for them in any of the {} meetings.", rows.len());
    }
    let of = |w: &str| with_data.iter().copied().filter(|r| r.worst == w).collect::<Vec<_>>();
    let (poor, warning, good) = (of("poor"), of("warning"), of("good"));
    let n = with_data.len();
    let plural = |k: usize| if k == 1 { "meeting" } else { "meetings" };
    let (mut sentence, bad) = if !poor.is_empty() {
        (format!("Poor in {} of {n} {}", poor.len(), plural(n)), poor)
    } else if !warning.is_empty() {
        (format!("Degraded in {} of {n} {}", warning.len(), plural(n)), warning)
    } else {
        (format!("Fine in all {n} {}", plural(n)), Vec::new())
    };
    if let Some(network) = one_network(&bad).filter(|_| bad.len() > 1) {
        sentence.push_str(&format!(", always on {network}"));
    } else if let Some(network) = one_network(&bad) {
        sentence.push_str(&format!(", on {network}"));
    }
    if !bad.is_empty() {
        if let Some(fine) = one_network(&good).filter(|f| Some(f) != one_network(&bad).as_ref()) {
            sentence.push_str(&format!("; fine on {fine}"));
        }
    }
    let missing = rows.len() - n;
    if missing > 0 {
        sentence.push_str(&format!(" (no data for {missing} more)"));
    }
    sentence.push('.');
    sentence
}

/// `qoscope person --json`: the contract's shape, exactly.
pub fn person_json(view: &HistoryView) -> serde_json::Value {
    serde_json::json!({
        "format": "qoscope-person",
        "version": 1,
        "person": { "email": view.person.email, "user_name": view.person.user_name },
        "meetings": view.meetings.iter().map(|m| serde_json::json!({
            "uuid": m.uuid,
            "meeting_number": m.meeting_number,
            "topic": m.topic,
            "start_time": m.start_time,
            "joins": m.joins,
            "worst": m.worst,
            "minutes_warning": m.minutes_warning,
            "minutes_poor": m.minutes_poor,
            "network_type": m.network_type,
            "device": m.device,
            "version": m.version,
            "findings": distinct_kinds(&m.findings),
        })).collect::<Vec<_>>(),
    })
}

/// The kinds of findings, each once, in order.
pub fn distinct_kinds(findings: &[HistoryFinding]) -> Vec<String> {
    let mut kinds: Vec<String> = Vec::new();
    for f in findings {
        if !kinds.contains(&f.kind) {
            kinds.push(f.kind.clone());
        }
    }
    kinds
}
