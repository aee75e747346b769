//! A person's history (issue #18): their quality in every meeting they joined in a date range.
//! First the plan — the meetings Zoom's report lists and the request budget at the account's
//! rate, shown before anything heavy starts — then the fetch of only their data (progress and
//! Cancel like a meeting's fetch), saved as a history file and shown as a
//! [`HistoryView`](crate::history_view::HistoryView).

use crate::error::{ApiError, ErrorCode};
use crate::fetching::fetch_error;
use crate::history_store::{HistoryStore, HistorySummary};
use crate::history_view::{history_view, HistoryView};
use crate::person::PersonMeetingHit;
use chrono::{NaiveDate, Utc};
use qoscope_diagnosis::Thresholds;
use qoscope_snapshot::{History, SourceKind};
use qoscope_zoom::history::{self as zoom_history, HistoryOptions, HistoryPlan, HistoryProgress};
use qoscope_zoom::person;
use qoscope_zoom::{CallContext, CancelFlag, ErrorKind, Progress, ZoomClient, ZoomError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Whose history, over which days.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct HistoryInput {
    /// A stored profile's name, or the demo profile.
    pub profile: String,
    /// E-mail address or Zoom user ID.
    pub person: String,
    /// `yyyy-mm-dd`, inclusive (at most one month, within the last six months).
    pub from: String,
    pub to: String,
}

/// What a history will fetch, before it starts.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct HistoryPlanView {
    pub person: String,
    pub from: String,
    pub to: String,
    /// The meetings Zoom's report lists for them, newest first.
    pub meetings: Vec<PersonMeetingHit>,
    /// Requests still to make: per meeting its participants list and their own QoS.
    pub requests: u32,
    /// Requests per second (Settings).
    pub rate: f64,
    /// How long that takes at the rate, at least.
    pub seconds: f64,
    /// "6 meetings: about 12 requests, about 1 s at 20 requests per second."
    pub message: String,
}

/// Progress of a history fetch, streamed to the UI.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HistoryEvent {
    /// Fetching their data in meeting `index` (0-based) of `total`.
    Meeting { index: u32, total: u32, topic: Option<String> },
    /// Waiting for Zoom's rate limit (or QoScope's own request rate).
    RateLimitWait { seconds: f64 },
    /// A call failed transiently and is tried again.
    Retrying { attempt: u32, max: u32, reason: String },
}

/// A finished history fetch, saved and ready to show.
#[derive(Debug, Clone, Serialize, TS)]
pub struct HistoryResult {
    pub history: HistorySummary,
    pub view: HistoryView,
    /// False when the fetch stopped early (cancelled, daily limit…): what was fetched is kept.
    pub complete: bool,
    /// For people: what was fetched, and why it stopped early if it did.
    pub message: String,
}

/// A saved history reopened.
#[derive(Debug, Clone, Serialize, TS)]
pub struct OpenedHistory {
    pub history: HistorySummary,
    pub view: HistoryView,
}

fn invalid(e: ZoomError) -> ApiError {
    let text = e.to_string();
    let mut chars = text.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
    ApiError::new(ErrorCode::InvalidInput, format!("{first}{}.", chars.as_str()))
}

fn day(value: &str, what: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        ApiError::new(ErrorCode::InvalidInput, format!("Enter the {what} date as a date, such as 2026-11-24."))
    })
}

/// The person and range, checked.
pub fn check_input(input: &HistoryInput, today: NaiveDate) -> Result<(String, NaiveDate, NaiveDate), ApiError> {
    let who = person::validate_person(&input.person).map_err(invalid)?;
    let (from, to) = (day(&input.from, "start")?, day(&input.to, "end")?);
    person::validate_person_range(from, to, today).map_err(invalid)?;
    Ok((who, from, to))
}

/// "about 12 requests, about 1 s at 20 requests per second".
pub fn budget_sentence(meetings: usize, requests: u64, seconds: f64, rate: f64) -> String {
    let time = if seconds < 90.0 {
        format!("{} s", seconds.ceil().max(1.0) as u64)
    } else {
        format!("{} min", (seconds / 60.0).ceil() as u64)
    };
    format!(
        "{meetings} {}: about {requests} requests, about {time} at {} requests per second",
        if meetings == 1 { "meeting" } else { "meetings" },
        qoscope_model::metric::format_number(rate)
    )
}

fn zoom_failure(e: ZoomError) -> ApiError {
    match e.kind() {
        ErrorKind::Config => invalid(e),
        _ => fetch_error(e, false),
    }
}

/// Lists the person's meetings and says what fetching their history will cost.
pub async fn plan(
    client: &ZoomClient,
    input: &HistoryInput,
    cancel: &CancelFlag,
) -> Result<(HistoryPlan, HistoryPlanView), ApiError> {
    let (who, from, to) = check_input(input, Utc::now().date_naive())?;
    let ctx = CallContext::new(cancel.clone());
    let plan = zoom_history::plan_history(client, &who, from, to, &ctx).await.map_err(zoom_failure)?;
    let b = plan.budget;
    let message = if plan.meetings.is_empty() {
        format!(
            "Zoom reports no meeting that {who} joined from {from} to {to} (it lists meetings of two or more people)."
        )
    } else {
        format!("{}.", budget_sentence(b.meetings, b.requests, b.seconds, b.rate))
    };
    let view = HistoryPlanView {
        person: who,
        from: from.to_string(),
        to: to.to_string(),
        meetings: plan.meetings.iter().map(crate::person::hit).collect(),
        requests: b.requests.min(u64::from(u32::MAX)) as u32,
        rate: b.rate,
        seconds: b.seconds,
        message,
    };
    Ok((plan, view))
}

/// A progress event for the UI (stages, pages and token mints are not shown).
pub fn history_event(p: HistoryProgress) -> Option<HistoryEvent> {
    match p {
        HistoryProgress::Meeting { index, total, topic } => {
            Some(HistoryEvent::Meeting { index: index as u32, total: total as u32, topic })
        }
        HistoryProgress::Zoom(Progress::WaitingForRateLimit { seconds }) => {
            Some(HistoryEvent::RateLimitWait { seconds })
        }
        HistoryProgress::Zoom(Progress::Retrying { attempt, max, reason }) => {
            Some(HistoryEvent::Retrying { attempt, max, reason })
        }
        HistoryProgress::Zoom(_) => None,
    }
}

/// Fetches the person's data in every meeting of `plan`. Returns the history and a sentence.
pub async fn fetch(
    client: &ZoomClient,
    profile: &str,
    plan: &HistoryPlan,
    on_event: impl Fn(HistoryEvent),
    cancel: &CancelFlag,
) -> Result<(History, String), ApiError> {
    let options = HistoryOptions {
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        profile: Some(profile.to_owned()),
        source: if crate::demo_zoom::is_demo(profile) { SourceKind::Simulator } else { SourceKind::Zoom },
    };
    let history = zoom_history::fetch_history(
        client,
        plan,
        &options,
        |p| history_event(p).into_iter().for_each(&on_event),
        cancel,
    )
    .await
    .map_err(zoom_failure)?;
    let (done, total) = (history.meetings.len(), plan.meetings.len());
    let message = if history.complete {
        format!("Fetched their data in {done} of {total} meetings.")
    } else {
        format!(
            "Stopped early: their data in {done} of {total} meetings is saved (marked partial). {}",
            history.notes.join(" ")
        )
    };
    Ok((history, message))
}

/// Saves a fetched history and builds its view.
pub fn save_and_show(
    store: &HistoryStore,
    history: &History,
    thresholds: &Thresholds,
    message: String,
) -> Result<HistoryResult, ApiError> {
    let summary = store.save(history)?;
    let view = history_view(history, thresholds)?;
    Ok(HistoryResult { history: summary, complete: history.complete, view, message })
}

/// Reopens a saved history (offline).
pub fn open(store: &HistoryStore, id: &str, thresholds: &Thresholds) -> Result<OpenedHistory, ApiError> {
    let (summary, history) = store.open(id)?;
    Ok(OpenedHistory { history: summary, view: history_view(&history, thresholds)? })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo_zoom::{DemoZoom, DEMO_PROFILE};
    use std::sync::{Arc, Mutex};

    async fn demo_client(demo: &DemoZoom) -> ZoomClient {
        let (endpoints, credentials) = demo.connection().await.unwrap();
        ZoomClient::new(qoscope_zoom::ClientConfig::with_endpoints(endpoints), credentials).unwrap()
    }

    fn aiko() -> HistoryInput {
        let today = Utc::now().date_naive();
        HistoryInput {
            profile: DEMO_PROFILE.into(),
            person: "aiko.tanaka@example.com".into(),
            from: (today - chrono::Duration::days(30)).to_string(),
            to: today.to_string(),
        }
    }

    #[tokio::test]
    async fn the_demo_persons_history_shows_six_meetings_with_a_verdict_and_reopens() {
        let demo = DemoZoom::new();
        let client = demo_client(&demo).await;
        let (plan, view) = plan(&client, &aiko(), &CancelFlag::new()).await.unwrap();
        assert_eq!(view.meetings.len(), 6, "{view:?}");
        assert!(view.message.starts_with("6 meetings: about "), "{}", view.message);
        let events = Arc::new(Mutex::new(Vec::new()));
        let sink = events.clone();
        let (history, message) =
            fetch(&client, DEMO_PROFILE, &plan, move |e| sink.lock().unwrap().push(e), &CancelFlag::new())
                .await
                .unwrap();
        assert!(history.complete, "{message}");
        assert_eq!(history.source.kind, SourceKind::Simulator);
        let meetings = events.lock().unwrap().iter().filter(|e| matches!(e, HistoryEvent::Meeting { .. })).count();
        assert_eq!(meetings, 6);

        let dir = tempfile::tempdir().unwrap();
        let store = HistoryStore::new(dir.path());
        let result = save_and_show(&store, &history, &Thresholds::default(), message).unwrap();
        let rows = &result.view.meetings;
        assert_eq!(rows.len(), 6);
        assert_eq!(result.view.person.user_name.as_deref(), Some("Aiko Tanaka"));
        assert!(rows.iter().all(|r| r.joins >= 1 && r.worst != "no_data"), "{rows:#?}");
        assert!(rows.iter().all(|r| r.network_type.as_deref() == Some("Wifi")), "{rows:#?}");
        assert!(rows.iter().any(|r| r.findings.iter().any(|f| f.kind == "wifi")), "{rows:#?}");
        // Weak Wi-Fi in four of them; in the other two, trouble only the whole meeting explains.
        assert_eq!(
            result.view.verdict,
            "Poor in 4 of 6 meetings, always on Wi-Fi; 2 more had degraded minutes only the whole meeting can explain."
        );
        assert!(rows.iter().all(|r| r.one_sided), "received trouble everywhere is one-sided: {rows:#?}");

        let reopened = open(&store, &result.history.id, &Thresholds::default()).unwrap();
        assert_eq!(reopened.view, result.view, "derived from the saved file alone");
        assert_eq!(store.list().len(), 1);
        store.delete(&result.history.id).unwrap();
        assert!(store.list().is_empty());
        assert_eq!(open(&store, &result.history.id, &Thresholds::default()).unwrap_err().code, ErrorCode::NotFound);
    }

    #[tokio::test]
    async fn one_300_person_meeting_takes_a_handful_of_requests_not_the_whole_meeting() {
        use qoscope_sim::server::{self, SimConfig, SimMeeting};
        use std::sync::atomic::Ordering;
        let mut large = qoscope_sim::scenario::large(300, 1);
        large.start = Utc::now() - chrono::Duration::days(3);
        large.people.push(qoscope_sim::scenario::aiko(large.minutes, Some((10, 20))));
        let sim = server::start(SimConfig::default(), vec![SimMeeting::past(large.generate())]).await.unwrap();
        let config = SimConfig::default();
        let endpoints = qoscope_zoom::Endpoints::new(&sim.api_base(), &sim.token_url()).unwrap();
        let credentials = qoscope_zoom::CredentialSource::OAuth(qoscope_secrets::Credentials {
            account_id: config.account_id,
            client_id: config.client_id,
            client_secret: qoscope_secrets::SecretString::new(config.client_secret),
        });
        let client = ZoomClient::new(qoscope_zoom::ClientConfig::with_endpoints(endpoints), credentials).unwrap();
        let input = HistoryInput { profile: "Work".into(), ..aiko() };
        let (plan, view) = plan(&client, &input, &CancelFlag::new()).await.unwrap();
        assert_eq!(view.meetings.len(), 1);
        assert!(view.requests <= 4, "budget: {view:?}");
        let (history, message) = fetch(&client, "Work", &plan, |_| {}, &CancelFlag::new()).await.unwrap();
        assert!(history.complete, "{message}");
        let requests = sim.stats.requests.load(Ordering::Relaxed);
        // A token, the report, the participants list (page size 300: one or two pages), her QoS.
        assert!(requests <= 6, "{requests} requests for one person in one 300-person meeting");
        let row = &history_view_of(&history).meetings[0];
        assert_eq!((row.joins, row.worst.as_str()), (1, "poor"), "{row:?}");
        assert!(row.findings.iter().any(|f| f.kind == "wifi" && !f.one_sided), "{row:?}");
    }

    fn history_view_of(history: &History) -> HistoryView {
        history_view(history, &Thresholds::default()).unwrap()
    }

    #[test]
    fn inputs_are_checked_with_advice() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let input = |person: &str, from: &str, to: &str| HistoryInput {
            profile: DEMO_PROFILE.into(),
            person: person.into(),
            from: from.into(),
            to: to.into(),
        };
        assert!(check_input(&input("a@b.c", "2026-11-01", "2026-11-26"), today).is_ok());
        let msg = |i: HistoryInput| check_input(&i, today).unwrap_err().message;
        assert!(msg(input("", "2026-11-01", "2026-11-26")).contains("e-mail"));
        assert!(msg(input("a@b.c", "2026-05-01", "2026-05-20")).contains("six months"));
        assert!(msg(input("a@b.c", "2026-09-01", "2026-11-20")).contains("one month"));
        assert!(msg(input("a@b.c", "soon", "2026-11-20")).contains("such as"));
        assert_eq!(
            budget_sentence(6, 14, 0.7, 20.0),
            "6 meetings: about 14 requests, about 1 s at 20 requests per second"
        );
        assert_eq!(
            budget_sentence(1, 400, 200.0, 2.0),
            "1 meeting: about 400 requests, about 4 min at 2 requests per second"
        );
    }
}
