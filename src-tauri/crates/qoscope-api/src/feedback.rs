//! What participants told Zoom: the thumbs up/down and comment of `/participants/satisfaction`
//! (kept verbatim in the snapshot), matched to the people of the meeting and linked to the
//! findings about them ("Aiko rated the meeting badly; QoScope found her weak Wi-Fi").

use crate::person::{finding_concerns, focus_joins};
use chrono::SecondsFormat;
use qoscope_diagnosis::Finding;
use qoscope_model::lenient::{LenientList, RawScalar};
use qoscope_model::meeting::{parse_time, text};
use qoscope_model::Meeting;
use qoscope_snapshot::{ExchangeKind, Snapshot};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// At most this many answers are read (a meeting has at most a few thousand people).
pub const MAX_FEEDBACK: usize = 5000;
/// Comments are cut to this many characters (Zoom's own limit is lower).
pub const MAX_COMMENT_CHARS: usize = 2000;

/// One participant's answer, linked to the findings about them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FeedbackItem {
    /// The person's name in the meeting (the one display-name rule), else the e-mail address.
    pub user_name: String,
    pub email: Option<String>,
    /// As Zoom sent it: `GOOD` or `NOT GOOD`.
    pub quality: String,
    /// A thumbs-down.
    pub bad: bool,
    pub comment: Option<String>,
    /// When it was given (RFC 3339 UTC).
    pub date_time: Option<String>,
    /// The causes (findings' `cause_id`) about this person: they suffered or caused it.
    pub cause_ids: Vec<String>,
    /// Their joins in the meeting (empty when the answer matches nobody).
    pub user_ids: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SatisfactionPage {
    participants: LenientList<SatisfactionRaw>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SatisfactionRaw {
    date_time: Option<RawScalar>,
    email: Option<RawScalar>,
    quality: Option<RawScalar>,
    user_id: Option<RawScalar>,
    comment: Option<RawScalar>,
}

fn clip(s: String, n: usize) -> String {
    if s.chars().count() <= n {
        s
    } else {
        s.chars().take(n).chain(std::iter::once('…')).collect()
    }
}

/// One answer of the snapshot matched to the meeting's joins, not yet linked to findings (what
/// an open meeting keeps: the findings change with the thresholds, the answers do not).
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackAnswer {
    /// The item with its `cause_ids` still empty.
    item: FeedbackItem,
    /// The indices in `meeting.joins` of `item.user_ids`.
    joins: Vec<usize>,
}

/// Every answer in the snapshot (thumbs-down first), matched to the meeting's people: read once
/// when the meeting is opened.
pub fn answers(snapshot: &Snapshot, meeting: &Meeting) -> Vec<FeedbackAnswer> {
    let mut out: Vec<FeedbackAnswer> = Vec::new();
    let pages = snapshot.exchanges.iter().filter(|e| e.kind == ExchangeKind::Satisfaction && e.status == 200);
    for body in pages.filter_map(|e| e.body.as_ref()) {
        let Ok(page) = serde_json::from_str::<SatisfactionPage>(body.get()) else { continue };
        for raw in page.participants.items {
            if out.len() >= MAX_FEEDBACK {
                // As before: a list cut at the bound keeps the order it was read in.
                return out;
            }
            let email = text(&raw.email);
            let user_id = text(&raw.user_id);
            let joins: Vec<usize> = match (&email, &user_id) {
                (Some(e), _) if !focus_joins(meeting, e).is_empty() => focus_joins(meeting, e),
                (_, Some(u)) => focus_joins(meeting, u),
                _ => Vec::new(),
            };
            let quality = text(&raw.quality).map(|q| clip(q, 20)).unwrap_or_default();
            // A page fetched twice (a pass restarted after its page token expired) lists the
            // same answers again: each answer counts once.
            let comment = text(&raw.comment).map(|c| clip(c, MAX_COMMENT_CHARS));
            let date_time =
                text(&raw.date_time).and_then(|t| parse_time(&t)).map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true));
            let user_ids: Vec<String> = joins.iter().map(|&j| meeting.joins[j].user_id.clone()).collect();
            if out.iter().any(|o| {
                let o = &o.item;
                o.email == email
                    && o.quality == quality
                    && o.comment == comment
                    && o.date_time == date_time
                    && o.user_ids == user_ids
            }) {
                continue;
            }
            let item = FeedbackItem {
                user_name: joins
                    .first()
                    .map(|&j| qoscope_model::names::person_name(&meeting.joins[j]))
                    .or_else(|| email.clone())
                    .unwrap_or_else(|| "(someone not in the meeting's data)".to_owned()),
                bad: quality.trim().eq_ignore_ascii_case("NOT GOOD"),
                quality,
                email,
                comment,
                date_time,
                cause_ids: Vec::new(),
                user_ids,
            };
            out.push(FeedbackAnswer { item, joins });
        }
    }
    out.sort_by_key(|a| !a.item.bad);
    out
}

/// The answers, each linked to the causes (findings' `cause_id`) about its person.
pub fn feedback(answers: &[FeedbackAnswer], meeting: &Meeting, findings: &[Finding]) -> Vec<FeedbackItem> {
    answers
        .iter()
        .map(|a| {
            let mut cause_ids: Vec<String> = Vec::new();
            for f in findings.iter().filter(|f| finding_concerns(meeting, f, &a.joins)) {
                if !cause_ids.contains(&f.cause_id) {
                    cause_ids.push(f.cause_id.clone());
                }
            }
            FeedbackItem { cause_ids, ..a.item.clone() }
        })
        .collect()
}

/// The thumbs-downs of `items` as the PDF report draws them, each with what QoScope found
/// about that person (`findings` resolve the cause ids).
pub fn report_notes(items: &[FeedbackItem], findings: &[Finding]) -> Vec<qoscope_report::FeedbackNote> {
    items
        .iter()
        .filter(|i| i.bad)
        .map(|i| qoscope_report::FeedbackNote {
            user_name: i.user_name.clone(),
            comment: i.comment.clone(),
            user_ids: i.user_ids.clone(),
            found: i
                .cause_ids
                .iter()
                .filter_map(|id| findings.iter().find(|f| &f.cause_id == id))
                .map(|f| (f.kind.title().to_owned(), f.start, f.end))
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_s_thumbs_down_is_aiko_s_and_linked_to_her_wifi() {
        let w = crate::workspace::Workspace::demo().unwrap();
        let items = w.feedback_for(w.findings_utc());
        assert_eq!(items.len(), 1, "{items:?}");
        let aiko = &items[0];
        assert_eq!(aiko.user_name, "Aiko Tanaka");
        assert!(aiko.bad && aiko.quality == "NOT GOOD");
        assert!(aiko.comment.as_deref().is_some_and(|c| c.contains("freezing")));
        assert!(aiko.cause_ids.iter().any(|c| c.starts_with("wifi:")), "{:?}", aiko.cause_ids);
    }

    #[test]
    fn a_page_fetched_twice_counts_each_answer_once() {
        let w = crate::workspace::Workspace::demo().unwrap();
        let mut snapshot = qoscope_sim::demo_snapshot().unwrap();
        let page = snapshot.exchanges.iter().find(|e| e.kind == ExchangeKind::Satisfaction).unwrap().clone();
        snapshot.exchanges.push(page);
        let items = feedback(&answers(&snapshot, w.meeting()), w.meeting(), w.findings_utc());
        assert_eq!(items.len(), 1, "{items:?}");
    }
}
