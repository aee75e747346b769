//! A person's history: their quality in every meeting they joined in a date range, fetched
//! without fetching anyone else's QoS.
//!
//! Per meeting the report API lists: the participants list (page size 300, `type=past`) gives
//! the person's joins — matched by e-mail address (case-insensitive), account user ID,
//! `participant_user_id` or per-join `user_id` — then one `participants/{participantId}/qos`
//! request per join gives their data. That is a handful of requests per meeting, never the
//! meeting's whole QoS list. Joins the list names without a `user_id` (guests, privacy rules)
//! cannot be asked for one by one: the meeting says so in its notes instead of fetching everyone.

use crate::client::{ApiResponse, Product, QosType, ZoomClient};
use crate::errors::{ErrorKind, ZoomError};
use crate::fetch::PARTICIPANTS_PAGE_SIZE;
use crate::meeting_ref::MeetingRef;
use crate::paging::fetch_all_pages;
use crate::person::{list_person_meetings_recorded, PersonMeeting};
use crate::progress::{CallContext, CancelFlag, Progress, Stage};
use chrono::NaiveDate;
use qoscope_model::meeting::text;
use qoscope_model::raw::{ParticipantListEntry, ParticipantsPage};
use qoscope_snapshot::{ExchangeKind, History, Request, Snapshot, Source, SourceKind};
use std::sync::Arc;
use tokio::sync::mpsc;

/// The person's meetings in the range, as the report API lists them, and what fetching their
/// data in each will cost.
#[derive(Debug, Clone)]
pub struct HistoryPlan {
    pub person: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Newest first.
    pub meetings: Vec<PersonMeeting>,
    /// The report's pages, kept verbatim in the history.
    pub report: Vec<ApiResponse>,
    pub budget: HistoryBudget,
}

/// The requests a history will make and how long they take at the account's rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HistoryBudget {
    pub meetings: usize,
    /// Requests still to make (the report's pages are already made).
    pub requests: u64,
    /// Requests per second QoScope allows itself (Settings / `--rate`).
    pub rate: f64,
    /// The requests are made one after another: each takes the longer of the latency observed
    /// so far and `1 / rate`.
    pub seconds: f64,
}

/// The most participants a meeting's count is believed at (Zoom's largest webinars); the report
/// is untrusted text, and a count beyond it must not turn the budget into nonsense.
const MAX_PARTICIPANTS: u64 = 100_000;

/// Per meeting: the participants list's pages (⌈participants / 300⌉, at least one) and one QoS
/// request per join (at least one: most people join once). `latency`: seconds per request
/// observed so far (the report's pages); the fetch makes its requests one after another.
pub fn estimate_budget(meetings: &[PersonMeeting], rate: f64, latency: f64) -> HistoryBudget {
    let page = u64::from(PARTICIPANTS_PAGE_SIZE);
    let requests: u64 = meetings
        .iter()
        .map(|m| {
            let reported = m.info.participants_reported.and_then(|n| u64::try_from(n).ok()).unwrap_or(1);
            reported.clamp(1, MAX_PARTICIPANTS).div_ceil(page) + 1
        })
        .fold(0u64, u64::saturating_add);
    let rate = if rate.is_finite() && rate > 0.0 { rate } else { 1.0 };
    let latency = if latency.is_finite() && latency > 0.0 { latency } else { 0.0 };
    let each = (1.0 / rate).max(latency);
    HistoryBudget { meetings: meetings.len(), requests, rate, seconds: requests as f64 * each }
}

/// Whether a participants-list entry is the person (an e-mail address or a Zoom user ID).
pub fn is_person(entry: &ParticipantListEntry, person: &str) -> bool {
    let wanted = person.trim().to_lowercase();
    if wanted.is_empty() {
        return false;
    }
    [&entry.email, &entry.id, &entry.participant_user_id, &entry.user_id]
        .into_iter()
        .any(|v| text(v).is_some_and(|s| s.trim().to_lowercase() == wanted))
}

/// The person's joins in a participants list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonJoins {
    /// Their per-join `user_id`s, in list order, each once.
    pub user_ids: Vec<String>,
    /// Entries that are the person but carry no `user_id` (cannot be fetched one by one).
    pub without_id: usize,
    /// Joins past [`MAX_PERSON_JOINS`], not fetched.
    pub beyond_limit: usize,
}

/// The most joins of one person fetched in one meeting: the list is untrusted, and a list that
/// names them thousands of times must not turn into thousands of requests.
pub const MAX_PERSON_JOINS: usize = 50;

pub fn person_joins<'a>(pages: impl IntoIterator<Item = &'a ParticipantsPage>, person: &str) -> PersonJoins {
    let mut out = PersonJoins::default();
    let mut seen = std::collections::HashSet::new();
    for entry in pages.into_iter().flat_map(|p| p.participants.items.iter()).filter(|e| is_person(e, person)) {
        match text(&entry.user_id) {
            Some(id) if seen.insert(id.clone()) => {
                if out.user_ids.len() < MAX_PERSON_JOINS {
                    out.user_ids.push(id);
                } else {
                    out.beyond_limit += 1;
                }
            }
            Some(_) => {}
            None => out.without_id += 1,
        }
    }
    out
}

/// Lists the person's meetings (the report API) and estimates the rest of the fetch.
pub async fn plan_history(
    client: &ZoomClient,
    person: &str,
    from: NaiveDate,
    to: NaiveDate,
    ctx: &CallContext,
) -> Result<HistoryPlan, ZoomError> {
    let person = crate::person::validate_person(person)?;
    let (meetings, report) = list_person_meetings_recorded(client, &person, from, to, ctx).await?;
    let budget = estimate_budget(&meetings, client.config().requests_per_second, client.latency_seconds());
    Ok(HistoryPlan { person, from, to, meetings, report, budget })
}

/// What the history fetch reports besides Zoom's own progress (waits, retries).
#[derive(Debug, Clone, PartialEq)]
pub enum HistoryProgress {
    /// Fetching the person's data in meeting `index` (0-based) of `total`.
    Meeting {
        index: usize,
        total: usize,
        topic: Option<String>,
    },
    Zoom(Progress),
}

/// Recorded in the history.
#[derive(Debug, Clone)]
pub struct HistoryOptions {
    pub app_version: String,
    /// The profile name (never a credential).
    pub profile: Option<String>,
    pub source: SourceKind,
}

/// Fetches the person's data in every meeting of `plan`, one meeting after another. A cancel,
/// the daily limit or any error after the first meeting keeps what was fetched (the history is
/// marked incomplete and its notes say why); `Err` only for a failure before anything was kept.
pub async fn fetch_history(
    client: &ZoomClient,
    plan: &HistoryPlan,
    options: &HistoryOptions,
    progress: impl Fn(HistoryProgress),
    cancel: &CancelFlag,
) -> Result<History, ZoomError> {
    let source = Source { kind: options.source, profile: options.profile.clone(), api_base: Some(client.api_base()) };
    let mut history = History::new(&options.app_version, source.clone(), &plan.person, plan.from, plan.to);
    history.report = plan.report.iter().map(|r| r.to_exchange(ExchangeKind::Other)).collect();
    let (tx, mut rx) = mpsc::unbounded_channel::<Progress>();
    let ctx = CallContext::new(cancel.clone()).with_progress(Arc::new(move |p| {
        let _ = tx.send(p);
    }));
    let total = plan.meetings.len();
    let mut stopped: Option<ZoomError> = None;
    for (index, meeting) in plan.meetings.iter().enumerate() {
        progress(HistoryProgress::Meeting { index, total, topic: meeting.info.topic.clone() });
        let work = fetch_one(client, meeting, &plan.person, options, &source, &ctx);
        tokio::pin!(work);
        let result = loop {
            tokio::select! {
                biased;
                out = &mut work => break out,
                Some(p) = rx.recv() => progress(HistoryProgress::Zoom(p)),
            }
        };
        while let Ok(p) = rx.try_recv() {
            progress(HistoryProgress::Zoom(p));
        }
        match result {
            Ok(snapshot) => history.meetings.push(snapshot),
            Err((snapshot, e)) => {
                if let Some(s) = snapshot {
                    history.meetings.push(*s);
                }
                // One meeting's trouble (gone, too old, an answer not in Zoom's format, a server
                // error after the retries) does not stop the others; its row says why.
                if !stops_history(&e) {
                    continue;
                }
                stopped = Some(e);
                break;
            }
        }
    }
    match stopped {
        None => Ok(history),
        // Not one answer about them (credentials, a missing scope…): an error, not an empty history.
        Some(e) if !has_their_qos(&history) && !matches!(e, ZoomError::Cancelled) => Err(e),
        Some(e) => {
            history.complete = false;
            let left = total - history.meetings.len();
            history.notes.push(format!("Stopped early ({e}); {left} of {total} meetings were not fetched."));
            Ok(history)
        }
    }
}

/// Errors that end the whole history: no other meeting would fare better (credentials, the
/// daily limit, a cancel, the network, a missing scope).
fn stops_history(e: &ZoomError) -> bool {
    e.is_fatal() || e.kind() == ErrorKind::MissingScopes
}

fn has_their_qos(history: &History) -> bool {
    history.meetings.iter().flat_map(|m| &m.exchanges).any(|e| e.kind == ExchangeKind::ParticipantQos)
}

/// A meeting's fetch that failed: the snapshot so far (when it has anything), and why.
type Stopped = (Option<Box<Snapshot>>, ZoomError);

/// One meeting: its participants list, then the person's joins one by one. On an error, the
/// snapshot so far (when it has anything) goes back with it, marked incomplete.
async fn fetch_one(
    client: &ZoomClient,
    meeting: &PersonMeeting,
    person: &str,
    options: &HistoryOptions,
    source: &Source,
    ctx: &CallContext,
) -> Result<Snapshot, Stopped> {
    let typed = meeting.info.uuid.clone().or(meeting.info.meeting_number.clone()).unwrap_or_default();
    let request = Request { meeting: typed, qos_type: "past".into(), webinar: false };
    let mut snapshot = Snapshot::new(&options.app_version, source.clone(), request);
    snapshot.focus = Some(person.to_owned());
    let fail = |mut snapshot: Snapshot, e: ZoomError| {
        snapshot.complete = false;
        snapshot.notes.push(if stops_history(&e) {
            format!("Stopped early: {e}")
        } else {
            format!("Their data in this meeting could not be fetched: {e}")
        });
        // Kept when it has answers, or to say why a meeting that did not stop the history shows no data.
        let keep = !snapshot.exchanges.is_empty() || !stops_history(&e);
        Err((keep.then(|| Box::new(snapshot)), e))
    };
    let reference = match (&meeting.info.uuid, &meeting.info.meeting_number) {
        (Some(uuid), _) => MeetingRef::Uuid(uuid.clone()),
        (None, Some(number)) => match MeetingRef::parse(number) {
            Ok(r) => r,
            Err(e) => return fail(snapshot, e),
        },
        (None, None) => {
            let e =
                ZoomError::BadResponse { status: 200, detail: "the report lists this meeting without an ID".into() };
            return fail(snapshot, e);
        }
    };

    ctx.report(Progress::Stage(Stage::ParticipantsList));
    let path = format!("/metrics/meetings/{}/participants", reference.path_segment());
    let mut pages: Vec<ApiResponse> = Vec::new();
    let chain = &ctx.for_chain();
    let reference_ref = &reference;
    let listed = fetch_all_pages(
        Stage::ParticipantsList,
        &path,
        PARTICIPANTS_PAGE_SIZE,
        3,
        chain,
        |token| async move {
            client
                .participants_page(
                    reference_ref,
                    Product::Meeting,
                    QosType::Past,
                    PARTICIPANTS_PAGE_SIZE,
                    token.as_deref(),
                    chain,
                )
                .await
        },
        |resp| pages.push(resp.clone()),
    )
    .await;
    let bodies = match listed {
        Ok(bodies) => bodies,
        Err(e) => return fail(snapshot, e),
    };
    // Only the final, complete pass (an expired page token restarts from page one).
    for page in pages.split_off(pages.len().saturating_sub(bodies.len())) {
        snapshot.exchanges.push(page.to_exchange(ExchangeKind::ParticipantsPage));
    }
    let parsed: Vec<ParticipantsPage> = bodies.iter().map(|b| serde_json::from_str(b).unwrap_or_default()).collect();
    let joins = person_joins(&parsed, person);
    if joins.without_id > 0 {
        snapshot.notes.push(format!(
            "{} of their joins in the participants list have no user_id, so their QoS cannot be fetched on its own \
             (fetch the whole meeting to see them).",
            joins.without_id
        ));
    }
    if joins.beyond_limit > 0 {
        snapshot.notes.push(format!(
            "The participants list names them in {} more joins than the {MAX_PERSON_JOINS} fetched (fetch the whole \
             meeting to see them).",
            joins.beyond_limit
        ));
    }
    if joins.user_ids.is_empty() && joins.without_id == 0 {
        snapshot.notes.push(
            "The participants list does not name them (an e-mail address hidden by privacy rules?): no QoS was \
             fetched."
                .to_owned(),
        );
    }

    ctx.report(Progress::Stage(Stage::ParticipantQos));
    let total = joins.user_ids.len();
    for (done, id) in joins.user_ids.iter().enumerate() {
        match client.participant_qos(&reference, Product::Meeting, id, QosType::Past, ctx).await {
            Ok(resp) => snapshot.exchanges.push(resp.to_exchange(ExchangeKind::ParticipantQos)),
            // The one scope this needs: no fallback to the meeting's whole QoS list.
            Err(e) if e.is_fatal() || e.kind() == ErrorKind::MissingScopes => return fail(snapshot, e),
            Err(e) => snapshot.notes.push(format!("Their join {id} could not be fetched: {e}")),
        }
        ctx.report(Progress::ParticipantsDone { done: done + 1, total });
    }
    Ok(snapshot)
}

#[cfg(test)]
mod tests {
    use super::*;
    use qoscope_model::meeting::MeetingInfo;

    fn page(json: &str) -> ParticipantsPage {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn the_persons_joins_are_matched_by_email_or_id_case_insensitively() {
        let list = page(
            r#"{"participants":[
                {"user_id":"16778240","id":"u-aiko","email":"Aiko.Tanaka@Example.com","user_name":"Aiko"},
                {"user_id":"16779264","id":"u-ben","email":"ben@example.com"},
                {"user_id":"16780288","id":"u-aiko","email":"","user_name":"Aiko (phone)"},
                {"user_id":"16778240","email":"aiko.tanaka@example.com"},
                {"email":"aiko.tanaka@example.com","user_name":"Aiko as guest"},
                {"user_id":"17000000","participant_user_id":"PUID-9","user_name":"Someone"},
                "not an object"
            ]}"#,
        );
        let by_mail = person_joins([&list], " AIKO.TANAKA@example.com ");
        assert_eq!(by_mail.user_ids, ["16778240"]);
        assert_eq!(by_mail.without_id, 1, "the guest entry without user_id is counted, not fetched");
        let by_id = person_joins([&list], "u-aiko");
        assert_eq!(by_id.user_ids, ["16778240", "16780288"]);
        assert_eq!(person_joins([&list], "puid-9").user_ids, ["17000000"]);
        assert_eq!(person_joins([&list], "nobody@example.com"), PersonJoins::default());
        assert_eq!(person_joins([&list], "  "), PersonJoins::default());
    }

    fn meeting(people: Option<i64>) -> PersonMeeting {
        PersonMeeting {
            info: MeetingInfo { participants_reported: people, ..MeetingInfo::default() },
            joined_at: None,
            left_at: None,
            at_time: false,
        }
    }

    #[test]
    fn the_budget_counts_list_pages_and_one_qos_request_per_meeting() {
        let b = estimate_budget(&[meeting(Some(8)), meeting(Some(301)), meeting(None), meeting(Some(-5))], 10.0, 0.05);
        assert_eq!(b.meetings, 4);
        // 1+1, 2+1, 1+1, 1+1
        assert_eq!(b.requests, 9);
        assert!((b.seconds - 0.9).abs() < 1e-9, "{b:?}");
        // One after another: a slow Zoom, not the rate, sets the time.
        let slow = estimate_budget(&[meeting(Some(8)), meeting(Some(301))], 30.0, 0.5);
        assert!((slow.seconds - 2.5).abs() < 1e-9, "{slow:?}");
        assert_eq!(estimate_budget(&[], 0.0, f64::NAN).requests, 0);
        assert_eq!(estimate_budget(&[meeting(Some(1))], f64::NAN, -1.0).rate, 1.0);
        // A hostile count is believed only up to Zoom's largest webinars, and nothing overflows.
        let huge: Vec<PersonMeeting> = (0..1000).map(|_| meeting(Some(i64::MAX))).collect();
        let b = estimate_budget(&huge, 30.0, 0.2);
        assert_eq!(b.requests, 1000 * (MAX_PARTICIPANTS.div_ceil(300) + 1));
        assert!(b.seconds.is_finite());
    }

    #[test]
    fn a_list_naming_them_thousands_of_times_makes_a_bounded_number_of_requests() {
        let entries: Vec<String> = (0..5000)
            .map(|i| format!(r#"{{"user_id": "{i}", "email": "aiko@example.com"}}"#))
            .chain(std::iter::once(r#"{"user_id": "7", "email": "aiko@example.com"}"#.to_owned()))
            .collect();
        let list = page(&format!(r#"{{"participants": [{}]}}"#, entries.join(",")));
        let joins = person_joins([&list], "aiko@example.com");
        assert_eq!(joins.user_ids.len(), MAX_PERSON_JOINS);
        assert_eq!(joins.beyond_limit, 5000 - MAX_PERSON_JOINS);
    }
}
