//! A person's history as the UI and the CLI show it, built from a saved [`History`] alone: one
//! row per meeting (their worst grade per stream group, minutes at warning and poor, network,
//! device, client version, data centre, the kinds of findings about them), their grade minute by
//! minute for the chart, and a one-sentence verdict.
//!
//! Findings come from the diagnosis run on a model holding only the person's joins (their own
//! QoS) plus what the meeting's participants list says about those joins. Where the verdict
//! needs everyone (received trouble whose cause may be a sender, sent trouble that may be the
//! whole meeting's, shared-network trouble), the finding is marked one-sided
//! ([`is_one_sided`]): fetching the whole meeting settles it.

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

/// Whether a finding about the person needs the meeting-wide view. Only their device (CPU),
/// their Wi-Fi signal and their disconnects are theirs alone. Trouble in what they received may
/// come from a sender; trouble in what they sent looks the same from their side whether it was
/// their uplink or the whole meeting; shared-network and meeting-wide trouble are about others
/// by definition — and a kind this code does not know yet is treated the same careful way.
pub fn is_one_sided(finding: &Finding) -> bool {
    !matches!(
        finding.kind,
        FindingKind::DeviceCpu | FindingKind::Wifi | FindingKind::Disconnect | FindingKind::UdpBlocked
    )
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
        verdict: crate::history_verdict::verdict(&meetings),
        meetings,
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use qoscope_snapshot::{Exchange, Request, Source, SourceKind};

    fn exchange(kind: ExchangeKind, path: &str, body: &str) -> Exchange {
        Exchange {
            kind,
            method: "GET".into(),
            path: path.into(),
            query: vec![],
            status: 200,
            received_at: Utc::now(),
            body: None,
            body_text: None,
        }
        .with_body(body)
    }

    fn minute(t: &str, loss: &str) -> String {
        format!(
            r#"{{"date_time":"2026-11-24T10:{t}:00Z","audio_input":{{"bitrate":"24 kbps","latency":"40 ms","jitter":"5 ms","avg_loss":"{loss}","max_loss":"{loss}"}}}}"#
        )
    }

    /// Four meetings: m1 with her QoS (one bad minute), m2 where she joined as a guest without a
    /// user_id, m3 never fetched, m4 with a QoS answer that is not in Zoom's format.
    fn history() -> History {
        let source = Source { kind: SourceKind::Simulator, profile: None, api_base: None };
        let day = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let mut h = History::new("0.1.0", source.clone(), "aiko@example.com", day, day);
        let item = |uuid: &str, start: &str| {
            format!(
                r#"{{"uuid":"{uuid}","id":123,"topic":"T {uuid}","start_time":"2026-11-{start}T10:00:00Z","participants_count":3}}"#
            )
        };
        let report = format!(
            r#"{{"total_records":4,"meetings":[{},{},{},{}]}}"#,
            item("m1", "24"),
            item("m2", "23"),
            item("m3", "22"),
            item("m4", "21")
        );
        h.report.push(exchange(ExchangeKind::Other, "/report/users/x/meetings", &report));
        let snapshot = |uuid: &str, exchanges: Vec<Exchange>, notes: Vec<String>| {
            let mut s = Snapshot::new(
                "0.1.0",
                source.clone(),
                Request { meeting: uuid.into(), qos_type: "past".into(), webinar: false },
            );
            s.exchanges = exchanges;
            s.notes = notes;
            s
        };
        let list = r#"{"participants":[
            {"user_id":"7","email":"AIKO@example.com","user_name":"Aiko Tanaka","network_type":"Wifi","device":"Windows","version":"6.2","data_center":"Frankfurt (DE)"},
            {"user_id":"8","email":"ben@example.com","user_name":"Ben","network_type":"Wired"}]}"#;
        let qos = format!(
            r#"{{"user_id":"7","user_name":"Aiko Tanaka","user_qos":[{},{},{}]}}"#,
            minute("00", "0.1%"),
            minute("01", "25%"),
            minute("02", "0.1%")
        );
        h.meetings.push(snapshot(
            "m1",
            vec![
                exchange(ExchangeKind::ParticipantsPage, "/metrics/meetings/m1/participants", list),
                exchange(ExchangeKind::ParticipantQos, "/metrics/meetings/m1/participants/7/qos", &qos),
            ],
            vec![],
        ));
        let guest =
            r#"{"participants":[{"email":"aiko@example.com","user_name":"Aiko (guest)","network_type":"Cellular"}]}"#;
        h.meetings.push(snapshot(
            "m2",
            vec![exchange(ExchangeKind::ParticipantsPage, "/metrics/meetings/m2/participants", guest)],
            vec!["1 of their joins in the participants list have no user_id".into()],
        ));
        h.meetings.push(snapshot(
            "m4",
            vec![exchange(
                ExchangeKind::ParticipantQos,
                "/metrics/meetings/m4/participants/7/qos",
                r#""not an object""#,
            )],
            vec![],
        ));
        h
    }

    #[test]
    fn rows_come_from_her_own_data_and_the_list_and_say_why_data_is_missing() {
        let view = history_view(&history(), &Thresholds::default()).unwrap();
        assert_eq!(view.person.email.as_deref(), Some("AIKO@example.com"));
        assert_eq!(view.person.user_name.as_deref(), Some("Aiko Tanaka"));
        let rows = &view.meetings;
        assert_eq!(rows.iter().map(|r| r.uuid.clone().unwrap()).collect::<Vec<_>>(), ["m1", "m2", "m3", "m4"]);

        let m1 = &rows[0];
        assert_eq!((m1.joins, m1.worst.as_str(), m1.worst_by_group.audio.as_str()), (1, "poor", "poor"));
        assert_eq!(m1.worst_by_group.video, "no_data");
        assert_eq!((m1.minutes_warning, m1.minutes_poor), (0, 1));
        assert_eq!(m1.grades, "gpg");
        assert_eq!(m1.network_type.as_deref(), Some("Wifi"), "hers, not Ben's");
        assert_eq!((m1.device.as_deref(), m1.version.as_deref()), (Some("Windows"), Some("6.2")));
        assert_eq!(m1.data_center.as_deref(), Some("Frankfurt (DE)"));
        assert_eq!(m1.start_time.as_deref(), Some("2026-11-24T10:00:00Z"));

        let m2 = &rows[1];
        assert_eq!((m2.joins, m2.worst.as_str(), m2.network_type.as_deref()), (1, "no_data", Some("Cellular")));
        assert!(m2.notes.iter().any(|n| n.contains("no user_id")), "{:?}", m2.notes);
        assert!(rows[2].notes[0].contains("Not fetched"), "{:?}", rows[2].notes);
        assert_eq!(rows[3].worst, "no_data");
        assert!(rows[3].notes.iter().any(|n| n.contains("cannot be read")), "{:?}", rows[3].notes);
        assert_eq!(
            view.verdict,
            "No trouble of their own in 1 meeting; 1 meeting had degraded minutes only the whole meeting can explain \
             (no data for 3 more)."
        );

        let json = person_json(&view);
        assert_eq!(json["person"]["email"], "AIKO@example.com");
        assert_eq!(json["meetings"][0]["worst"], "poor");
        assert_eq!(json["meetings"][2]["worst"], "no_data");
    }

    #[test]
    fn a_damaged_report_is_an_error_and_hostile_text_stays_text() {
        let mut h = history();
        h.report[0] = exchange(ExchangeKind::Other, "/report", r#"{"meetings":"nope","total_records":{"a":1}}"#);
        // Lenient: a wrong type inside is no meetings, not an error.
        assert!(history_view(&h, &Thresholds::default()).unwrap().meetings.is_empty());
        h.report[0] = exchange(ExchangeKind::Other, "/report", r#""not an object""#);
        assert_eq!(history_view(&h, &Thresholds::default()).unwrap_err().code, ErrorCode::SnapshotUnreadable);
    }

    #[test]
    fn hostile_answers_anywhere_in_a_history_never_panic() {
        let hostile = [
            "null",
            "[]",
            r#""text""#,
            "1e999",
            r#"{"participants":{"a":1}}"#,
            r#"{"participants":[{"user_id":{"x":[1]},"email":7},{"user_id":"7","email":"aiko@example.com","network_type":"\u001b]0;x\u0007Wifi"}]}"#,
            r#"{"participants":[{"user_id":"7","email":"aiko@example.com","version":1e400}]}"#,
            r#"{"user_id":"7","user_qos":[{"date_time":"9999-99-99"},{"date_time":"2026-11-24T10:00:00Z","audio_input":{"avg_loss":"-5e308%"}}]}"#,
            r#"{"meetings":[{"uuid":[],"start_time":"yesterday","participants_count":"-1"}],"next_page_token":{}}"#,
        ];
        let base = history();
        let slots: Vec<(Option<usize>, usize)> = std::iter::once((None, 0))
            .chain(
                base.meetings.iter().enumerate().flat_map(|(m, s)| (0..s.exchanges.len()).map(move |e| (Some(m), e))),
            )
            .collect();
        for body in hostile {
            for &(meeting, index) in &slots {
                let mut h = base.clone();
                let slot = match meeting {
                    None => &mut h.report[index],
                    Some(m) => &mut h.meetings[m].exchanges[index],
                };
                *slot = exchange(slot.kind, &slot.path, body);
                let _ = history_view(&h, &Thresholds::default()).map(|v| person_json(&v));
            }
        }
    }

    #[test]
    fn only_own_device_wifi_disconnects_and_udp_fallbacks_are_not_one_sided() {
        let demo = qoscope_sim::demo_snapshot().unwrap().meeting().unwrap();
        let analysis = analyze(&demo, &Thresholds::default());
        let kinds: Vec<(FindingKind, bool)> = analysis.findings.iter().map(|f| (f.kind, is_one_sided(f))).collect();
        assert!(kinds.iter().any(|(_, one)| *one) && kinds.iter().any(|(_, one)| !*one), "{kinds:?}");
        // The demo's firewall (Tom Becker's video over TCP) is his own trouble.
        assert!(kinds.contains(&(FindingKind::UdpBlocked, false)), "{kinds:?}");
        for (kind, one_sided) in kinds {
            let own = matches!(
                kind,
                FindingKind::DeviceCpu | FindingKind::Wifi | FindingKind::Disconnect | FindingKind::UdpBlocked
            );
            assert_eq!(one_sided, !own, "{kind:?}");
        }
    }
}
