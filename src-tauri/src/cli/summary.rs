//! `qoscope summary <SNAPSHOT> [--json]`: the diagnosis of a snapshot, for people or for tools,
//! with the app's thresholds (`--default-thresholds`: QoScope's defaults).
//!
//! JSON (a contract for automation; extended compatibly): `{format: "qoscope-summary", version,
//! meeting: {...}, findings: [{severity, kind, participant: {user_id, user_name}, culprit |
//! null, stream, streams, start, end, evidence, sentence, next_step, cause_id, join_index}],
//! participants: [{user_id, user_name, worst, minutes_warning, minutes_poor, zoom_quality:
//! {audio, video, screen_share}}]}` (Zoom's own words, `good`|`fair`|`poor`|`bad` or null).
//! Text groups findings by root cause (`cause_id`), each with "N of M participants affected" and
//! at most ten other names (the rest counted: the JSON and the PDF appendix list everyone), then
//! lists where Zoom's verdict contradicts QoScope's.

use super::{write_output, CliError, Flags};
use qoscope_api::workspace::Workspace;
use qoscope_diagnosis::findings::{by_cause, plain_text};
use qoscope_diagnosis::zoom_verdict::meeting_verdicts;
use qoscope_diagnosis::{analyze, Analysis, Finding, Grade, Severity};
use qoscope_model::{Meeting, ZoomQuality};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::PathBuf;

/// The meeting a summary is about.
#[derive(Serialize)]
struct MeetingFacts {
    topic: Option<String>,
    meeting_number: Option<String>,
    uuid: Option<String>,
    host: Option<String>,
    start_time: Option<String>,
    end_time: Option<String>,
    /// Distinct people.
    people: usize,
    /// Joins (a rejoin counts again).
    joins: usize,
}

/// One join's overall quality.
#[derive(Serialize)]
struct ParticipantQuality<'a> {
    user_id: &'a str,
    user_name: &'a str,
    /// `good`, `warning`, `poor` or `no_data`: the worst minute.
    worst: Grade,
    minutes_warning: u32,
    minutes_poor: u32,
    /// Zoom's own verdicts from the participants list (`{audio, video, screen_share}`).
    zoom_quality: ZoomQuality,
}

#[derive(Serialize)]
struct SummaryJson<'a> {
    format: &'static str,
    version: u32,
    meeting: MeetingFacts,
    findings: &'a [Finding],
    participants: Vec<ParticipantQuality<'a>>,
    /// What participants told Zoom, each linked to the causes about them.
    feedback: Vec<FeedbackJson>,
}

/// One answer to Zoom's end-of-meeting question (`summary --json`'s `feedback`).
#[derive(Serialize)]
struct FeedbackJson {
    user_name: String,
    email: Option<String>,
    quality: String,
    comment: Option<String>,
    date_time: Option<String>,
    cause_ids: Vec<String>,
}

pub fn summary(flags: Flags) -> Result<(), CliError> {
    let snapshot_path = PathBuf::from(flags.one_positional("SNAPSHOT")?);
    let workspace = Workspace::open_file(&snapshot_path).map_err(|e| super::about_file(&snapshot_path, &e.message))?;
    let meeting = workspace.meeting();
    let analysis = analyze(meeting, &super::thresholds(&flags));
    let feedback = workspace.feedback_for(&analysis.findings);
    let out = flags.get("--out").unwrap_or("-");
    let bytes = if flags.has("--json") {
        let json = serde_json::to_string_pretty(&summary_json(meeting, &analysis, &feedback))
            .map_err(|e| CliError::Failed(format!("could not write JSON: {e}")))?;
        super::json_bytes(json + "\n")
    } else {
        // The names in it are sanitized already; this pass keeps anything else out, too.
        let text = summary_text(meeting, &analysis) + &feedback_text(&feedback, &analysis);
        qoscope_model::text::sanitize_lines(&text).into_owned().into_bytes()
    };
    write_output(out, &bytes)
}

fn rfc3339(t: Option<chrono::DateTime<chrono::Utc>>) -> Option<String> {
    t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

fn meeting_facts(meeting: &Meeting) -> MeetingFacts {
    let info = &meeting.info;
    let first = meeting.joins.iter().filter_map(|j| j.samples.first().map(|s| s.time)).min();
    let last = meeting.joins.iter().filter_map(|j| j.samples.last().map(|s| s.time)).max();
    MeetingFacts {
        topic: info.topic.clone(),
        meeting_number: info.meeting_number.clone(),
        uuid: info.uuid.clone(),
        host: info.host.clone(),
        start_time: rfc3339(info.start_time.or(first)),
        end_time: rfc3339(info.end_time.or(last.map(|t| t + chrono::Duration::minutes(1)))),
        people: meeting.persons.len(),
        joins: meeting.joins.len(),
    }
}

/// Who rated the meeting badly, and what QoScope found about them.
fn feedback_text(feedback: &[qoscope_api::feedback::FeedbackItem], analysis: &Analysis) -> String {
    let mut s = String::new();
    for item in feedback.iter().filter(|f| f.bad) {
        if s.is_empty() {
            s.push_str("\nWhat they told Zoom:\n");
        }
        let name = plain_text(&item.user_name, 60);
        let comment = item.comment.as_deref().map(|c| format!(": \"{}\"", plain_text(c, 300)));
        let _ = writeln!(s, "  {name} rated the meeting badly{}", comment.unwrap_or_else(|| ".".to_owned()));
        let found: Vec<String> = item
            .cause_ids
            .iter()
            .filter_map(|id| analysis.findings.iter().find(|f| &f.cause_id == id))
            .map(|f| {
                format!(
                    "{} at {}–{} UTC",
                    f.kind.title().to_lowercase(),
                    f.start.format("%H:%M"),
                    f.end.format("%H:%M")
                )
            })
            .collect();
        if !found.is_empty() {
            let _ = writeln!(s, "    QoScope found {}.", found.join(", "));
        }
    }
    s
}

fn summary_json<'a>(
    meeting: &'a Meeting,
    analysis: &'a Analysis,
    feedback: &[qoscope_api::feedback::FeedbackItem],
) -> SummaryJson<'a> {
    let participants = analysis
        .summaries
        .iter()
        .filter_map(|s| {
            let join = meeting.joins.get(s.join_index)?;
            let worst = if s.minutes_poor > 0 {
                Grade::Poor
            } else if s.minutes_warning > 0 {
                Grade::Warning
            } else if s.minutes_good > 0 {
                Grade::Good
            } else {
                Grade::NoData
            };
            Some(ParticipantQuality {
                user_id: &join.user_id,
                user_name: &join.user_name,
                worst,
                minutes_warning: s.minutes_warning,
                minutes_poor: s.minutes_poor,
                zoom_quality: join.zoom_quality,
            })
        })
        .collect();
    SummaryJson {
        format: "qoscope-summary",
        version: 1,
        meeting: meeting_facts(meeting),
        findings: &analysis.findings,
        participants,
        feedback: feedback
            .iter()
            .map(|f| FeedbackJson {
                user_name: f.user_name.clone(),
                email: f.email.clone(),
                quality: f.quality.clone(),
                comment: f.comment.clone(),
                date_time: f.date_time.clone(),
                cause_ids: f.cause_ids.clone(),
            })
            .collect(),
    }
}

fn shown_name(p: &qoscope_diagnosis::PersonRef) -> String {
    join_name(&p.user_id, &p.user_name)
}

fn join_name(user_id: &str, user_name: &str) -> String {
    let name = plain_text(user_name, 60);
    if name.trim().is_empty() {
        qoscope_model::names::hidden_name(&plain_text(user_id, 40))
    } else {
        name
    }
}

fn summary_text(meeting: &Meeting, analysis: &Analysis) -> String {
    let facts = meeting_facts(meeting);
    let mut s = String::new();
    let title = facts.topic.as_deref().map(|t| plain_text(t, 120)).unwrap_or_else(|| "Untitled meeting".to_owned());
    let _ = write!(s, "{title}");
    if let Some(n) = &facts.meeting_number {
        let _ = write!(s, " — meeting {}", plain_text(n, 40));
    }
    s.push('\n');
    if let (Some(a), Some(b)) = (&facts.start_time, &facts.end_time) {
        let _ = write!(s, "{a} – {b} · ");
    }
    let _ = writeln!(s, "{} people ({} joins)", facts.people, facts.joins);
    if !meeting.issues.is_empty() {
        let _ = writeln!(s, "{} values could not be read (see `qoscope export --format json`).", meeting.issues.len());
    }
    s.push('\n');
    if analysis.findings.is_empty() {
        s.push_str(
            "No quality problems found: every participant's audio, video and screen share stayed within the thresholds.\n",
        );
        s.push_str(&disagreements_text(meeting, analysis));
        return s;
    }
    let groups = by_cause(&analysis.findings);
    let _ = writeln!(
        s,
        "{} cause{} found ({} finding{}):\n",
        groups.len(),
        if groups.len() == 1 { "" } else { "s" },
        analysis.findings.len(),
        if analysis.findings.len() == 1 { "" } else { "s" }
    );
    for (i, group) in groups.iter().enumerate() {
        let lead = group[0];
        let severity = if group.iter().any(|f| f.severity == Severity::Poor) { "POOR" } else { "WARNING" };
        let who = match &lead.culprit {
            Some(c) => shown_name(c),
            None => "everyone".to_owned(),
        };
        let _ = writeln!(
            s,
            "{:>2}. {severity:<7} {}: {who}, {}–{} UTC",
            i + 1,
            lead.kind.title(),
            lead.start.format("%H:%M"),
            lead.end.format("%H:%M")
        );
        let _ = writeln!(s, "    {}", lead.sentence);
        let _ = writeln!(s, "    Next step: {}", lead.next_step);
        s.push_str(&affected_text(meeting, group));
        s.push('\n');
    }
    s.push_str(&disagreements_text(meeting, analysis));
    s.push_str("Times are UTC. `qoscope summary --json` lists every finding with its evidence.\n");
    s
}

/// Names listed after "Also affected" before the rest are counted.
const AFFECTED_NAMES: usize = 10;

/// "N of M participants affected", and the first few others by name (the rest counted): a
/// cause that hit 300 people stays two lines.
fn affected_text(meeting: &Meeting, group: &[&Finding]) -> String {
    // People, not joins or findings: one person's rejoin or second stream counts once.
    let person_of = |join_index: usize| meeting.persons.iter().position(|p| p.joins.contains(&join_index));
    let mut seen: Vec<Option<usize>> = Vec::new();
    let mut others: Vec<String> = Vec::new();
    for (i, f) in group.iter().enumerate() {
        let person = person_of(f.join_index);
        if person.is_some() && seen.contains(&person) {
            continue;
        }
        seen.push(person);
        let name = shown_name(&f.participant);
        if i > 0 && !others.contains(&name) {
            others.push(name);
        }
    }
    let people = meeting.persons.len().max(seen.len());
    let mut s = String::new();
    if group.len() > 1 || people > 1 {
        let noun = if people == 1 { "participant" } else { "participants" };
        let _ = writeln!(s, "    {} of {people} {noun} affected", seen.len());
    }
    if !others.is_empty() {
        let mut names: Vec<String> = others.iter().take(AFFECTED_NAMES).cloned().collect();
        if others.len() > AFFECTED_NAMES {
            names.push(format!(
                "and {} more — see `qoscope summary --json` or the PDF report's appendix",
                others.len() - AFFECTED_NAMES
            ));
        }
        let _ = writeln!(s, "    Also affected: {}", names.join(", "));
    }
    s
}

/// One line per join where Zoom's own verdict contradicts QoScope's (empty when none does).
fn disagreements_text(meeting: &Meeting, analysis: &Analysis) -> String {
    let mut s = String::new();
    for v in meeting_verdicts(meeting, &analysis.grades).iter().filter(|v| v.disagreements().next().is_some()) {
        let Some(join) = meeting.joins.get(v.join_index) else { continue };
        if s.is_empty() {
            s.push_str("Zoom's own verdict contradicts QoScope's (≠):\n");
        }
        let _ = writeln!(s, "  ≠ {}: {}", join_name(&join.user_id, &join.user_name), v.disagreement_text());
    }
    if !s.is_empty() {
        s.push('\n');
    }
    s
}
