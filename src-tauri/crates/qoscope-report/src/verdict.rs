//! The verdict's content: the diagnosis's findings (what went wrong, with numbers and times, who
//! caused it, what to do next), worst first; for the whole meeting one item per root cause, with
//! everyone it affected as rows for the report's appendix (a count in the verdict, never a
//! paragraph of names).

use crate::context::ExportContext;
use chrono::{DateTime, Utc};
use qoscope_diagnosis::findings::{Finding, FindingKind, PersonRef, Severity};
use qoscope_diagnosis::Grade;
use qoscope_model::metric::Direction;
use qoscope_model::{Metric, Stream};

/// One finding in the verdict box.
#[derive(Debug, Clone, PartialEq)]
pub struct VerdictItem {
    /// Warning or Poor.
    pub severity: Grade,
    pub kind: FindingKind,
    /// The participant whose quality suffered.
    pub user_id: String,
    /// Another participant blamed for it (a sender's uplink), if any.
    pub culprit_user_id: Option<String>,
    pub stream: Option<Stream>,
    /// The metric to chart for "who caused it" (the participant's own evidence first).
    pub metric: Option<Metric>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The diagnosis's sentence (numbers and times included).
    pub sentence: String,
    /// The numbers behind it, one line each.
    pub evidence: Vec<String>,
    /// What the helpdesk should do next.
    pub next_step: String,
    /// Other participants whose findings share this root cause (whole-meeting view).
    pub also_affected: Vec<String>,
    /// The cause in a few words: "Sender's uplink: Lena Fischer", "Meeting-wide: everyone".
    pub cause: String,
    /// Everyone whose quality suffered from this cause, one row per person (the root
    /// participant first): the report's appendix.
    pub affected: Vec<AffectedRow>,
}

/// One person affected by a cause.
#[derive(Debug, Clone, PartialEq)]
pub struct AffectedRow {
    pub user_id: String,
    pub name: String,
    /// The streams concerned (Zoom's keys), comma-separated; empty for a disconnect.
    pub streams: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The worst value of their own evidence, e.g. "packet loss (avg) 13.9 %", or empty.
    pub worst: String,
}

/// A participant's name for the verdict: the name, or their id when Zoom hid it.
fn person_name(p: &PersonRef) -> String {
    if p.user_name.trim().is_empty() {
        format!("participant {}", p.user_id)
    } else {
        p.user_name.clone()
    }
}

/// The cause of `f` in a few words.
fn cause_of(f: &Finding) -> String {
    let who = match (&f.culprit, f.kind) {
        (_, FindingKind::MeetingWide) => "everyone".to_owned(),
        (Some(c), _) => person_name(c),
        (None, FindingKind::SharedNetwork) => {
            f.group.as_ref().map_or("a shared network".to_owned(), |g| g.value.clone())
        }
        (None, _) => person_name(&f.participant),
    };
    format!("{}: {who}", f.kind.title())
}

/// The worst value of the participant's own evidence, in words.
fn worst_of(f: &Finding) -> String {
    let own = f.evidence.iter().filter(|e| e.participant.user_id == f.participant.user_id);
    own.chain(f.evidence.iter())
        .find_map(|e| {
            let (metric, value) = (e.metric?, e.value?);
            let number =
                if (value - value.round()).abs() < 0.05 { format!("{value:.0}") } else { format!("{value:.1}") };
            let unit = e.unit.as_deref().unwrap_or_default();
            let sep = if unit.is_empty() { "" } else { " " };
            Some(format!("{} {number}{sep}{unit}", metric.label().to_lowercase()))
        })
        .unwrap_or_default()
}

/// The appendix row of one finding.
fn affected_row(f: &Finding) -> AffectedRow {
    let streams = if f.streams.is_empty() { f.stream.into_iter().collect() } else { f.streams.clone() };
    AffectedRow {
        user_id: f.participant.user_id.clone(),
        name: person_name(&f.participant),
        streams: streams.iter().map(|s| s.key()).collect::<Vec<_>>().join(", "),
        start: f.start,
        end: f.end,
        worst: worst_of(f),
    }
}

/// The rows of a group of findings, one per person (their findings on several streams merged).
fn affected_rows(ctx: &ExportContext, group: &[&Finding]) -> Vec<AffectedRow> {
    let mut rows: Vec<(usize, AffectedRow)> = Vec::new();
    for f in group {
        let person = person_index(ctx, f.join_index);
        let row = affected_row(f);
        match rows.iter_mut().find(|(p, _)| *p == person) {
            Some((_, r)) => {
                for s in row.streams.split(", ").filter(|s| !s.is_empty()) {
                    if !r.streams.split(", ").any(|have| have == s) {
                        r.streams = if r.streams.is_empty() { s.to_owned() } else { format!("{}, {s}", r.streams) };
                    }
                }
                r.start = r.start.min(row.start);
                r.end = r.end.max(row.end);
                if r.worst.is_empty() {
                    r.worst = row.worst;
                }
            }
            None => rows.push((person, row)),
        }
    }
    rows.into_iter().map(|(_, r)| r).collect()
}

/// The person (index into `Meeting::persons`) a join belongs to; joins outside every person
/// count as their own person.
fn person_index(ctx: &ExportContext, join_index: usize) -> usize {
    ctx.meeting.persons.iter().position(|p| p.joins.contains(&join_index)).unwrap_or(usize::MAX - join_index)
}

/// The number of distinct people in the meeting (the "M" of "N of M participants affected").
pub fn people_count(ctx: &ExportContext) -> usize {
    ctx.meeting.persons.len().max(1)
}

/// A verdict item for one finding.
pub fn item_for(f: &Finding) -> VerdictItem {
    let culprit_user_id = f.culprit.as_ref().filter(|c| c.user_id != f.participant.user_id).map(|c| c.user_id.clone());
    let own_metric = f
        .evidence
        .iter()
        .find(|e| e.participant.user_id == f.participant.user_id && e.metric.is_some())
        .or_else(|| f.evidence.iter().find(|e| e.metric.is_some()))
        .and_then(|e| e.metric);
    VerdictItem {
        severity: match f.severity {
            Severity::Poor => Grade::Poor,
            Severity::Warning => Grade::Warning,
        },
        kind: f.kind,
        user_id: f.participant.user_id.clone(),
        culprit_user_id,
        stream: f.stream,
        metric: own_metric,
        start: f.start,
        end: f.end,
        sentence: f.sentence.clone(),
        evidence: f.evidence.iter().map(|e| e.text.clone()).filter(|t| !t.trim().is_empty()).collect(),
        next_step: f.next_step.clone(),
        also_affected: Vec::new(),
        cause: cause_of(f),
        affected: vec![affected_row(f)],
    }
}

/// Verdict items for the report: the focus participant's findings and those blaming them (or
/// every finding for the whole meeting), worst first, then by time.
pub fn verdict_items(ctx: &ExportContext, focus: Option<&str>) -> Vec<VerdictItem> {
    let ids = focus.map(|id| person_join_ids(ctx, id));
    let mut findings: Vec<&Finding> = ctx
        .analysis
        .findings
        .iter()
        .filter(|f| match &ids {
            None => true,
            Some(ids) => {
                ids.contains(&f.participant.user_id) || f.culprit.as_ref().is_some_and(|c| ids.contains(&c.user_id))
            }
        })
        .collect();
    findings
        .sort_by(|a, b| b.severity.cmp(&a.severity).then(a.start.cmp(&b.start)).then(a.join_index.cmp(&b.join_index)));
    findings.into_iter().map(item_for).collect()
}

/// Whether an item is about something the participant received (what "who caused it" charts).
pub fn is_received(item: &VerdictItem) -> bool {
    item.stream.is_some_and(|s| s.direction() == Direction::Received)
}

/// The `user_id`s of every join of the person `user_id` belongs to (a rejoin is a new join).
pub fn person_join_ids(ctx: &ExportContext, user_id: &str) -> Vec<String> {
    let joins = &ctx.meeting.joins;
    let index = joins.iter().position(|j| j.user_id == user_id);
    ctx.meeting
        .persons
        .iter()
        .find(|p| index.is_some_and(|i| p.joins.contains(&i)))
        .map(|p| p.joins.iter().filter_map(|&i| joins.get(i)).map(|j| j.user_id.clone()).collect())
        .unwrap_or_else(|| vec![user_id.to_owned()])
}

/// One item per root cause (findings sharing a `cause_id`), for the whole-meeting report: the
/// root finding (the culprit's own, when there is one) with everyone else it affected listed.
pub fn verdict_by_cause(ctx: &ExportContext) -> Vec<VerdictItem> {
    let mut groups: Vec<Vec<&Finding>> = Vec::new();
    for f in &ctx.analysis.findings {
        match groups.iter_mut().find(|g| g[0].cause_id == f.cause_id) {
            Some(g) => g.push(f),
            None => groups.push(vec![f]),
        }
    }
    let mut items: Vec<VerdictItem> = groups
        .into_iter()
        .map(|group| {
            let root = group
                .iter()
                .find(|f| f.culprit.as_ref().is_some_and(|c| c.user_id == f.participant.user_id))
                .or_else(|| group.iter().max_by_key(|f| f.severity))
                .copied()
                .unwrap_or(group[0]);
            let mut item = item_for(root);
            item.severity = group.iter().map(|f| f.severity).max().map_or(item.severity, |s| match s {
                Severity::Poor => Grade::Poor,
                Severity::Warning => Grade::Warning,
            });
            let mut names: Vec<String> = Vec::new();
            for f in &group {
                if f.participant.user_id == root.participant.user_id {
                    continue;
                }
                let name = if f.participant.user_name.trim().is_empty() {
                    format!("participant {}", f.participant.user_id)
                } else {
                    f.participant.user_name.clone()
                };
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            item.also_affected = names;
            // The root participant first, then the others in the order the diagnosis found them.
            let mut ordered: Vec<&Finding> = vec![root];
            ordered.extend(group.iter().copied().filter(|f| !std::ptr::eq(*f, root)));
            item.affected = affected_rows(ctx, &ordered);
            item
        })
        .collect();
    // Worst first: poor before warning, then the causes that affected the most people.
    items.sort_by(|a, b| {
        b.severity.cmp(&a.severity).then(b.affected.len().cmp(&a.affected.len())).then(a.start.cmp(&b.start))
    });
    items
}
