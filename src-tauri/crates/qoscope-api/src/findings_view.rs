//! The diagnosis as the UI shows it: findings grouped by root cause, each cause with its plain
//! sentence, next step, evidence and every participant it affected (for click-to-jump).

use crate::views::display_name;
use chrono::{DateTime, Utc};
use qoscope_diagnosis::findings::by_cause;
use qoscope_diagnosis::{Finding, Severity};
use qoscope_model::Meeting;
use serde::Serialize;
use ts_rs::TS;

/// Every finding of the open meeting, grouped by cause (in order of first appearance).
#[derive(Debug, Clone, Serialize, TS)]
pub struct FindingsView {
    pub causes: Vec<CauseView>,
    /// All findings, over all causes.
    pub finding_count: u32,
    /// What participants told Zoom (thumbs-down first), linked to these causes.
    pub feedback: Vec<crate::feedback::FeedbackItem>,
}

/// One root cause: a sender's uplink, someone's Wi-Fi, the whole meeting, …
#[derive(Debug, Clone, Serialize, TS)]
pub struct CauseView {
    /// Stable id of the cause (shared by its findings).
    pub cause_id: String,
    #[ts(
        type = "\"sender_uplink\" | \"receiver_downlink\" | \"meeting_wide\" | \"device_cpu\" | \"wifi\" | \"disconnect\" | \"shared_network\" | \"udp_blocked\""
    )]
    pub kind: String,
    /// "Weak Wi-Fi", "Sender's uplink", …
    pub title: String,
    /// The worst severity of its findings.
    #[ts(type = "\"warning\" | \"poor\"")]
    pub severity: String,
    /// Who caused it (`null`: nobody in particular, meeting-wide).
    pub culprit_user_id: Option<String>,
    pub culprit_name: Option<String>,
    /// Span over all its findings, Unix seconds (UTC).
    pub start: f64,
    pub end: f64,
    /// The lead finding's sentence (about the culprit when there is one) and next step.
    pub sentence: String,
    pub next_step: String,
    /// The lead finding's evidence, one line each.
    pub evidence: Vec<String>,
    /// Every finding of this cause, lead first: who suffered and when.
    pub findings: Vec<FindingRow>,
}

/// One participant's finding within a cause.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FindingRow {
    /// The participant's join (key for the participant view).
    pub user_id: String,
    pub display_name: String,
    /// Zoom's stream key of the main stream (`null` for a disconnect).
    pub stream: Option<String>,
    pub start: f64,
    pub end: f64,
    #[ts(type = "\"warning\" | \"poor\"")]
    pub severity: String,
}

fn secs(t: DateTime<Utc>) -> f64 {
    t.timestamp() as f64
}

fn severity(s: Severity) -> String {
    match s {
        Severity::Warning => "warning",
        Severity::Poor => "poor",
    }
    .to_owned()
}

fn name_of(meeting: &Meeting, f: &Finding, user_id: &str, fallback: &str) -> String {
    let join = meeting.joins.get(f.join_index).filter(|j| j.user_id == user_id);
    match join.or_else(|| meeting.joins.iter().find(|j| j.user_id == user_id)) {
        Some(j) => display_name(meeting, j),
        None => fallback.to_owned(),
    }
}

/// Groups the findings by cause for the findings panel.
pub fn findings_view(meeting: &Meeting, findings: &[Finding]) -> FindingsView {
    let causes = by_cause(findings)
        .into_iter()
        .map(|group| {
            let lead = group[0];
            let worst = group.iter().map(|f| f.severity).max().unwrap_or(lead.severity);
            CauseView {
                cause_id: lead.cause_id.clone(),
                kind: lead.kind.key().to_owned(),
                title: lead.kind.title().to_owned(),
                severity: severity(worst),
                culprit_user_id: lead.culprit.as_ref().map(|c| c.user_id.clone()),
                culprit_name: lead.culprit.as_ref().map(|c| name_of(meeting, lead, &c.user_id, &c.user_name)),
                start: group.iter().map(|f| secs(f.start)).fold(f64::INFINITY, f64::min),
                end: group.iter().map(|f| secs(f.end)).fold(f64::NEG_INFINITY, f64::max),
                sentence: lead.sentence.clone(),
                next_step: lead.next_step.clone(),
                evidence: lead.evidence.iter().map(|e| e.text.clone()).collect(),
                findings: group
                    .iter()
                    .map(|f| FindingRow {
                        user_id: f.participant.user_id.clone(),
                        display_name: name_of(meeting, f, &f.participant.user_id, &f.participant.user_name),
                        stream: f.stream.map(|s| s.key().to_owned()),
                        start: secs(f.start),
                        end: secs(f.end),
                        severity: severity(f.severity),
                    })
                    .collect(),
            }
        })
        .collect();
    FindingsView { causes, finding_count: findings.len() as u32, feedback: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use qoscope_diagnosis::{analyze, Thresholds};

    #[test]
    fn the_demo_meeting_has_its_six_causes_with_everyone_affected() {
        let meeting = qoscope_sim::demo_snapshot().unwrap().meeting().unwrap();
        let analysis = analyze(&meeting, &Thresholds::default());
        let view = findings_view(&meeting, &analysis.findings);
        let titles: Vec<(&str, Option<&str>)> =
            view.causes.iter().map(|c| (c.title.as_str(), c.culprit_name.as_deref())).collect();
        assert_eq!(
            titles,
            [
                ("UDP blocked", Some("Tom Becker")),
                ("Weak Wi-Fi", Some("Aiko Tanaka")),
                ("Sender's uplink", Some("Marcus Silva (1/2)")),
                ("Disconnect", Some("Marcus Silva (1/2)")),
                ("Device CPU", Some("Lena Fischer")),
                ("Receiver's downlink", Some("Zoë 王")),
            ]
        );
        let tcp = &view.causes[0];
        assert_eq!((tcp.kind.as_str(), tcp.severity.as_str(), tcp.findings.len()), ("udp_blocked", "warning", 1));
        let wifi = &view.causes[1];
        assert_eq!(wifi.findings[0].display_name, "Aiko Tanaka", "the lead is about the culprit");
        assert!(wifi.findings.len() > 5, "everyone receiving Aiko is listed");
        assert_eq!(view.finding_count as usize, analysis.findings.len());
        assert_eq!(view.causes.iter().map(|c| c.findings.len()).sum::<usize>(), analysis.findings.len());
        assert!(wifi.start < wifi.end && !wifi.evidence.is_empty());
    }
}
