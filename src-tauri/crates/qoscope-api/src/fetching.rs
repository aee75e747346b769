//! Finding a meeting and fetching it, for the app's Find screen: which client a profile (or the
//! demo) uses, the search of past meetings, a recurring meeting's instances, the fetch with
//! progress events for the UI, and errors that say what to do.

use crate::accounts::Settings;
use crate::demo_zoom::{is_demo, DemoZoom};
use crate::dto::MeetingOverview;
use crate::error::{ApiError, ErrorCode};
use crate::investigations::{InvestigationStore, InvestigationSummary};
use crate::partial::{PartialFetch, PartialView};
use crate::workspace::Workspace;
use chrono::{Months, NaiveDate, SecondsFormat, Utc};
use qoscope_diagnosis::Thresholds;
use qoscope_model::meeting::MeetingInfo;
use qoscope_model::raw::MeetingDetailsRaw;
use qoscope_secrets::{ProfileVault, VaultError};
use qoscope_snapshot::{Request, Snapshot, Source, SourceKind};
use qoscope_zoom::{
    fetch_meeting, listing, CallContext, CancelFlag, ClientConfig, CredentialSource, Endpoints, ErrorKind,
    FetchOptions, FetchRequest, MeetingRef, Product, Progress, QosType, Stage, ZoomClient, ZoomError,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How far back Zoom's Dashboard lists meetings.
pub const SEARCH_MONTHS_BACK: u32 = 6;
/// Instances whose details (duration, participants) are looked up; older ones show their start only.
pub const MAX_INSTANCE_DETAILS: usize = 50;

/// What the Find screen asks to fetch.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct FetchInput {
    /// A stored profile's name, or the demo profile.
    pub profile: String,
    /// A meeting ID, UUID or join link, as typed.
    pub meeting: String,
    /// A meeting in progress (Zoom's `type=live`).
    #[serde(default)]
    pub live: bool,
    #[serde(default)]
    pub webinar: bool,
    /// Overwrite this saved investigation instead of adding one (a live meeting's auto-refresh).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub replace: Option<String>,
    /// The person the ticket is about (e-mail or Zoom user ID): recorded in the snapshot, the
    /// investigation opens on them.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub focus: Option<String>,
}

/// Progress of a fetch, streamed to the UI.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FetchEvent {
    /// A new step began; `label` says which, for people.
    Stage { label: String },
    /// `done` of `total` participant joins fetched.
    Participants { done: u32, total: u32 },
    /// Waiting for Zoom's rate limit (or QoScope's own request rate).
    RateLimitWait { seconds: f64 },
    /// A call failed transiently and is tried again.
    Retrying { attempt: u32, max: u32, reason: String },
    /// The joins fetched so far (sent about once a second while more arrive).
    Partial { view: PartialView },
}

/// A finished fetch: saved as an investigation and opened.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FetchResult {
    pub investigation: InvestigationSummary,
    pub overview: MeetingOverview,
    /// False when the fetch stopped early (cancelled, daily limit…): what was fetched is kept.
    pub complete: bool,
    /// For people: what was fetched, and why it stopped early if it did.
    pub message: String,
}

/// The search of past meetings.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct SearchInput {
    pub profile: String,
    /// `yyyy-mm-dd`, inclusive.
    pub from: String,
    pub to: String,
    /// Case-insensitive text matched against topic, host and meeting ID (empty: everything).
    #[serde(default)]
    pub filter: String,
    #[serde(default)]
    pub webinar: bool,
}

/// A meeting (or one instance of it) found by a search or in an instances list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MeetingHit {
    /// The instance's UUID (fetch this to get exactly this occurrence).
    pub uuid: Option<String>,
    pub meeting_number: Option<String>,
    pub topic: Option<String>,
    pub host: Option<String>,
    /// RFC 3339 UTC.
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    /// As Zoom reports it (`"02:21"`, `"1:02:03"`).
    pub duration: Option<String>,
    pub participants: Option<i64>,
}

impl From<&MeetingInfo> for MeetingHit {
    fn from(m: &MeetingInfo) -> MeetingHit {
        let iso = |t: chrono::DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
        MeetingHit {
            uuid: m.uuid.clone(),
            meeting_number: m.meeting_number.clone(),
            topic: m.topic.clone(),
            host: m.host.clone(),
            start_time: m.start_time.map(iso),
            end_time: m.end_time.map(iso),
            duration: m.duration.clone(),
            participants: m.participants_reported,
        }
    }
}

/// A Zoom client for `profile`: the demo's simulator, or a stored profile's credentials from the
/// keychain with the endpoints from the environment. Uses the request rate from the settings.
pub async fn connect(
    profile: &str,
    settings: &Settings,
    demo: &DemoZoom,
    vault: impl FnOnce() -> Result<ProfileVault, VaultError>,
    endpoints: impl FnOnce() -> Result<Endpoints, ZoomError>,
) -> Result<ZoomClient, ApiError> {
    let (endpoints, credentials) = if is_demo(profile) {
        demo.connection().await?
    } else {
        if settings.profile(profile).is_none() {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                format!("There is no profile “{profile}”. Add it under Accounts, or pick the demo profile."),
            ));
        }
        let credentials = vault()?.load(profile)?.ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                format!("The system keychain has no client secret for profile “{profile}”: edit it under Accounts."),
            )
        })?;
        (endpoints()?, CredentialSource::OAuth(credentials))
    };
    let mut config = ClientConfig::with_endpoints(endpoints);
    config.requests_per_second = settings.requests_per_second;
    Ok(ZoomClient::new(config, credentials)?)
}

/// A progress event for the UI (token mints and page counts are not shown).
pub fn progress_event(p: Progress) -> Option<FetchEvent> {
    match p {
        Progress::Stage(stage) => Some(FetchEvent::Stage {
            label: match stage {
                Stage::MeetingDetails => "Reading the meeting’s details",
                Stage::ParticipantsList => "Listing participants",
                Stage::ParticipantQos => "Fetching each participant’s quality data",
                Stage::QosList => "Paging through the quality list",
            }
            .to_owned(),
        }),
        Progress::ParticipantsDone { done, total } => {
            Some(FetchEvent::Participants { done: done as u32, total: total as u32 })
        }
        Progress::WaitingForRateLimit { seconds } => Some(FetchEvent::RateLimitWait { seconds }),
        Progress::Retrying { attempt, max, reason } => Some(FetchEvent::Retrying { attempt, max, reason }),
        Progress::PagingRestarted { .. } => {
            Some(FetchEvent::Stage { label: "Zoom’s page token expired; paging again from the start".to_owned() })
        }
        Progress::PageFetched { .. } | Progress::TokenMinted | Progress::Received(_) => None,
    }
}

/// The request of a fetch of `input`, as its snapshot will record it.
fn fetch_request(input: &FetchInput) -> FetchRequest {
    FetchRequest {
        meeting: input.meeting.trim().to_owned(),
        qos_type: if input.live { QosType::Live } else { QosType::Past },
        webinar: input.webinar,
    }
}

/// Where a fetch of `input` collects its responses for partial results (see [`fetch`]).
pub fn partial_results(input: &FetchInput, thresholds: Thresholds) -> PartialFetch {
    let request = fetch_request(input);
    let template = Snapshot::new(
        env!("CARGO_PKG_VERSION"),
        Source { kind: SourceKind::Zoom, profile: Some(input.profile.clone()), api_base: None },
        Request { meeting: request.meeting, qos_type: request.qos_type.as_str().to_owned(), webinar: request.webinar },
    );
    PartialFetch::new(Snapshot { focus: input.focus.clone(), ..template }, thresholds)
}

/// A Zoom error as the Find screen shows it: what happened and what to do.
pub fn fetch_error(e: ZoomError, live: bool) -> ApiError {
    match e.kind() {
        ErrorKind::NotFound if live => ApiError::new(
            ErrorCode::NotFound,
            "Zoom has no live meeting with that ID (code 3001): it may have ended. Untick “Live” to fetch it as a \
             past meeting.",
        ),
        ErrorKind::NotFound => ApiError::new(
            ErrorCode::NotFound,
            "Zoom says the meeting was not found or has not ended yet (code 3001): meeting not ended or wrong instance. \
             If it is still running, tick “Live”; for a recurring meeting, pick the occurrence from its instances \
             list (Instances).",
        ),
        ErrorKind::TooOld => ApiError::new(
            ErrorCode::NotFound,
            "Zoom keeps quality data for 12 months and this meeting is older (code 12702); it cannot be fetched.",
        ),
        ErrorKind::Config => ApiError::new(ErrorCode::InvalidInput, e.to_string()),
        _ => ApiError::from(e),
    }
}

fn parse_day(value: &str, what: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        ApiError::new(ErrorCode::InvalidInput, format!("Enter the {what} date as a date, such as 2026-11-24."))
    })
}

/// Checks a search's dates: at most one month, within the last six months, not in the future.
pub fn check_search_range(from: &str, to: &str, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let (from, to) = (parse_day(from, "start")?, parse_day(to, "end")?);
    let invalid = |m: String| ApiError::new(ErrorCode::InvalidInput, m);
    if to < from {
        return Err(invalid(format!("The range ends ({to}) before it starts ({from}): swap the dates.")));
    }
    if to > today {
        return Err(invalid(format!("The end date ({to}) is in the future: Zoom lists meetings up to today.")));
    }
    let oldest = today.checked_sub_months(Months::new(SEARCH_MONTHS_BACK)).unwrap_or(today);
    if from < oldest {
        return Err(invalid(format!(
            "Zoom lists meetings of the last six months only: start on {oldest} or later. For an older meeting, \
             type its meeting ID or UUID."
        )));
    }
    listing::validate_range(from, to).map_err(|e| invalid(format!("{}.", capitalize(&e.to_string()))))?;
    Ok((from, to))
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

/// Whether a meeting matches the search's filter text.
pub fn matches_filter(m: &MeetingInfo, filter: &str) -> bool {
    let filter = filter.trim().to_lowercase();
    if filter.is_empty() {
        return true;
    }
    let digits: String = filter.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    let has = |field: &Option<String>| field.as_ref().is_some_and(|v| v.to_lowercase().contains(&filter));
    has(&m.topic)
        || has(&m.host)
        || has(&m.host_email)
        || (!digits.is_empty() && m.meeting_number.as_ref().is_some_and(|n| n.contains(&digits)))
}

/// Past meetings in the range that match the filter, newest first.
pub async fn search(
    client: &ZoomClient,
    input: &SearchInput,
    cancel: &CancelFlag,
) -> Result<Vec<MeetingHit>, ApiError> {
    let (from, to) = check_search_range(&input.from, &input.to, Utc::now().date_naive())?;
    let ctx = CallContext::new(cancel.clone());
    let product = Product::from_webinar_flag(input.webinar);
    let list = listing::list_past_meetings(client, product, from, to, &ctx).await.map_err(|e| fetch_error(e, false))?;
    Ok(list.iter().filter(|m| matches_filter(m, &input.filter)).map(MeetingHit::from).collect())
}

/// A recurring meeting's past instances, newest first, each with its topic, duration and
/// participant count when Zoom has them (the newest [`MAX_INSTANCE_DETAILS`]).
pub async fn instances(
    client: &ZoomClient,
    meeting: &str,
    webinar: bool,
    cancel: &CancelFlag,
) -> Result<Vec<MeetingHit>, ApiError> {
    let meeting = MeetingRef::parse(meeting).map_err(|e| fetch_error(e, false))?;
    let ctx = CallContext::new(cancel.clone());
    let product = Product::from_webinar_flag(webinar);
    let list = listing::list_instances(client, &meeting, product, &ctx).await.map_err(|e| fetch_error(e, false))?;
    let mut out = Vec::with_capacity(list.len());
    for (n, instance) in list.iter().enumerate() {
        let mut info = MeetingInfo {
            uuid: Some(instance.uuid.clone()),
            start_time: instance.start_time,
            ..MeetingInfo::default()
        };
        if n < MAX_INSTANCE_DETAILS {
            let uuid = MeetingRef::Uuid(instance.uuid.clone());
            // Details are a nicety: an instance whose details fail is still listed.
            if let Ok(response) = client.meeting_details(&uuid, product, QosType::Past, &ctx).await {
                if let Ok(raw) = serde_json::from_str::<MeetingDetailsRaw>(&response.body) {
                    let details = MeetingInfo::from_raw(&raw);
                    info =
                        MeetingInfo { uuid: info.uuid, start_time: info.start_time.or(details.start_time), ..details };
                }
            }
        }
        if cancel.is_cancelled() {
            return Err(ApiError::from(ZoomError::Cancelled));
        }
        out.push(MeetingHit::from(&info));
    }
    Ok(out)
}

/// Fetches a meeting with `client`, reporting progress; a cancelled fetch keeps what it has.
/// Every response is also handed to `partial` as it arrives (when given), for partial results.
/// Returns the snapshot, whether it is complete, and a sentence for people.
pub async fn fetch(
    client: &ZoomClient,
    input: &FetchInput,
    on_event: impl Fn(FetchEvent),
    partial: Option<&PartialFetch>,
    cancel: &CancelFlag,
) -> Result<(Snapshot, bool, String), ApiError> {
    let request = fetch_request(input);
    MeetingRef::parse(&request.meeting).map_err(|e| fetch_error(e, input.live))?;
    let focus = match input.focus.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
        Some(f) => Some(
            qoscope_zoom::person::validate_person(f)
                .map_err(|e| ApiError::new(ErrorCode::InvalidInput, e.to_string()))?,
        ),
        None => None,
    };
    let options = FetchOptions { profile: Some(input.profile.clone()), focus, ..FetchOptions::default() };
    let on_progress = |p: Progress| match p {
        Progress::Received(received) => {
            if let Some(partial) = partial {
                partial.add(received);
            }
        }
        p => progress_event(p).into_iter().for_each(&on_event),
    };
    let outcome =
        fetch_meeting(client, &request, &options, on_progress, cancel).await.map_err(|e| fetch_error(e, input.live))?;
    let mut snapshot = outcome.snapshot;
    if is_demo(&input.profile) {
        snapshot.source.kind = SourceKind::Simulator;
    }
    let joins = snapshot.meeting().map(|m| m.joins.len()).unwrap_or(0);
    let message = match (&outcome.stopped_reason, outcome.complete) {
        (None, true) => format!("Fetched {joins} participant joins."),
        (Some(ZoomError::Cancelled), _) => {
            format!("Cancelled: the {joins} participant joins fetched so far are saved (marked partial).")
        }
        (reason, _) => format!(
            "Stopped early ({}): the {joins} participant joins fetched so far are saved (marked partial).",
            reason.as_ref().map(|r| r.to_string()).unwrap_or_else(|| snapshot.notes.join("; "))
        ),
    };
    Ok((snapshot, outcome.complete, message))
}

/// Saves a fetched snapshot as an investigation (or over the one `replace` names) and opens it.
pub fn save_and_open(
    store: &InvestigationStore,
    replace: Option<&str>,
    snapshot: Snapshot,
    complete: bool,
    message: String,
    thresholds: qoscope_diagnosis::Thresholds,
) -> Result<(Workspace, FetchResult), ApiError> {
    let investigation = match replace {
        Some(id) => store.replace(id, &snapshot)?,
        None => store.save(&snapshot)?,
    };
    let workspace = Workspace::from_snapshot_with(snapshot, thresholds)?;
    let overview = workspace.overview();
    Ok((workspace, FetchResult { investigation, overview, complete, message }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo_zoom::{DEMO_PROFILE, LIVE_MEETING_NUMBER, RECURRING_MEETING_NUMBER};
    use std::sync::{Arc, Mutex};

    fn no_vault() -> Result<ProfileVault, VaultError> {
        Err(VaultError::KeychainUnavailable { detail: "test".into() })
    }

    fn no_env() -> Result<Endpoints, ZoomError> {
        Err(ZoomError::config("not used"))
    }

    async fn demo_client(demo: &DemoZoom) -> ZoomClient {
        connect(DEMO_PROFILE, &Settings::default(), demo, no_vault, no_env).await.unwrap()
    }

    fn input(meeting: &str, live: bool) -> FetchInput {
        FetchInput {
            profile: DEMO_PROFILE.into(),
            meeting: meeting.into(),
            live,
            webinar: false,
            replace: None,
            focus: None,
        }
    }

    #[tokio::test]
    async fn the_demo_profile_fetches_with_progress_and_saves_an_investigation() {
        let demo = DemoZoom::new();
        let client = demo_client(&demo).await;
        let events = Arc::new(Mutex::new(Vec::new()));
        let sink = events.clone();
        let (snapshot, complete, message) = fetch(
            &client,
            &input("857 4621 3390", false),
            move |e| sink.lock().unwrap().push(e),
            None,
            &CancelFlag::new(),
        )
        .await
        .unwrap();
        assert!(complete, "{message}");
        assert_eq!(snapshot.source.kind, SourceKind::Simulator);
        assert_eq!(snapshot.source.profile.as_deref(), Some(DEMO_PROFILE));
        let events = events.lock().unwrap();
        assert!(events.iter().any(|e| matches!(e, FetchEvent::Stage { .. })));
        let last = events.iter().rev().find_map(|e| match e {
            FetchEvent::Participants { done, total } => Some((*done, *total)),
            _ => None,
        });
        let (done, total) = last.expect("participant progress");
        assert_eq!(done, total);
        assert!(message.starts_with("Fetched "), "{message}");

        let dir = tempfile::tempdir().unwrap();
        let store = InvestigationStore::new(dir.path());
        let (workspace, result) = save_and_open(&store, None, snapshot, complete, message, Default::default()).unwrap();
        assert_eq!(result.overview.title, "Weekly IT service review");
        let names = |o: &MeetingOverview| o.participants.iter().map(|p| p.display_name.clone()).collect::<Vec<_>>();
        let shipped = Workspace::demo().unwrap().overview();
        assert_eq!(names(&result.overview), names(&shipped), "the same story as the built-in demo meeting");
        assert_eq!(result.investigation.source, "simulator");
        assert_eq!(workspace.overview().participants.len(), result.overview.participants.len());
        assert_eq!(store.list().len(), 1);
    }

    #[tokio::test]
    async fn wrong_instance_and_live_meetings_get_errors_that_say_what_to_do() {
        let demo = DemoZoom::new();
        let client = demo_client(&demo).await;
        let live = LIVE_MEETING_NUMBER.to_string();
        let e = fetch(&client, &input(&live, false), |_| {}, None, &CancelFlag::new()).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::NotFound);
        assert!(e.message.contains("3001") && e.message.contains("instances list"), "{}", e.message);
        let (snapshot, complete, _) =
            fetch(&client, &input(&live, true), |_| {}, None, &CancelFlag::new()).await.unwrap();
        assert!(complete);
        assert_eq!(snapshot.request.qos_type, "live");
        let e = fetch(&client, &input("hello", false), |_| {}, None, &CancelFlag::new()).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
    }

    #[tokio::test]
    async fn a_cancelled_fetch_fails_cleanly_or_keeps_what_it_has() {
        let demo = DemoZoom::new();
        let client = demo_client(&demo).await;
        let cancel = CancelFlag::new();
        let trigger = cancel.clone();
        let partial = partial_results(&input("93000000001", false), Thresholds::default());
        let result = fetch(
            &client,
            &input("93000000001", false),
            move |e| {
                if matches!(e, FetchEvent::Participants { done, .. } if done >= 20) {
                    trigger.cancel();
                }
            },
            Some(&partial),
            &cancel,
        )
        .await;
        let (snapshot, complete, message) = result.unwrap();
        assert!(!complete, "{message}");
        assert!(message.starts_with("Cancelled"), "{message}");
        assert!(!snapshot.complete);
        let joins = snapshot.meeting().unwrap().joins.len();
        assert!((20..300).contains(&joins), "{joins}");
        // The partial results saw every response the saved snapshot keeps, and show its joins.
        assert_eq!(partial.len(), snapshot.exchanges.len());
        let view = partial.view_if_changed().expect("partial results");
        assert_eq!(view.participants.len(), joins);
        assert_eq!(view.quality.rows.len(), joins);
    }

    #[tokio::test]
    async fn a_slow_fetch_cancelled_while_calls_wait_for_the_rate_limit_keeps_what_arrived() {
        let demo = DemoZoom::new();
        let settings = Settings { requests_per_second: 4.0, ..Settings::default() };
        let client = connect(DEMO_PROFILE, &settings, &demo, no_vault, no_env).await.unwrap();
        let cancel = CancelFlag::new();
        let trigger = cancel.clone();
        let partial = Arc::new(partial_results(&input("93000000001", false), Thresholds::default()));
        let watched = partial.clone();
        // Cancel as a user would: as soon as the first partial results show.
        let seen_then = tokio::spawn(async move {
            loop {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                if let Some(view) = watched.view_if_changed() {
                    trigger.cancel();
                    return view.participants.len();
                }
            }
        });
        let (snapshot, complete, message) =
            fetch(&client, &input("93000000001", false), |_| {}, Some(&partial), &cancel).await.unwrap();
        let seen_then = seen_then.await.unwrap();
        assert!(!complete, "{message}");
        let kinds: Vec<_> = snapshot.exchanges.iter().map(|e| e.kind).collect();
        let joins = snapshot.meeting().unwrap().joins.len();
        let seen = partial.view_if_changed().map(|v| v.participants.len()).unwrap_or(0);
        assert_eq!(partial.len(), snapshot.exchanges.len(), "{kinds:?}");
        assert!(joins >= seen_then, "{message}; kept {kinds:?}; the partial view had {seen_then}, then {seen} joins");
        assert!(message.contains(&format!("the {joins} participant joins")), "{message}");
        let dir = tempfile::tempdir().unwrap();
        let store = InvestigationStore::new(dir.path());
        let (_, result) = save_and_open(&store, None, snapshot, complete, message, Default::default()).unwrap();
        assert_eq!(result.overview.participants.len(), joins, "the opened investigation shows what was kept");
    }

    #[tokio::test]
    async fn search_filters_and_lists_a_recurring_meetings_instances() {
        let demo = DemoZoom::new();
        let client = demo_client(&demo).await;
        let today = Utc::now().date_naive();
        let search_input = |filter: &str| SearchInput {
            profile: DEMO_PROFILE.into(),
            from: (today - chrono::Duration::days(30)).to_string(),
            to: today.to_string(),
            filter: filter.into(),
            webinar: false,
        };
        let all = search(&client, &search_input(""), &CancelFlag::new()).await.unwrap();
        assert!(all.len() >= 5, "{all:?}");
        let escalations = search(&client, &search_input("ESCALATION"), &CancelFlag::new()).await.unwrap();
        assert_eq!(escalations.len(), 3);
        let by_host = search(&client, &search_input("ana lima"), &CancelFlag::new()).await.unwrap();
        assert!(by_host.len() >= 3);
        let list = instances(&client, &RECURRING_MEETING_NUMBER.to_string(), false, &CancelFlag::new()).await.unwrap();
        assert_eq!(list.len(), 3);
        assert!(list.iter().all(|i| i.participants.is_some() && i.duration.is_some()), "{list:?}");
        assert!(list[0].start_time > list[1].start_time);
    }

    #[test]
    fn progress_names_rate_limit_waits_and_hides_internal_events() {
        assert_eq!(
            progress_event(Progress::WaitingForRateLimit { seconds: 1.5 }),
            Some(FetchEvent::RateLimitWait { seconds: 1.5 })
        );
        assert_eq!(
            progress_event(Progress::ParticipantsDone { done: 3, total: 9 }),
            Some(FetchEvent::Participants { done: 3, total: 9 })
        );
        assert_eq!(progress_event(Progress::TokenMinted), None);
        assert!(matches!(progress_event(Progress::Stage(Stage::ParticipantsList)), Some(FetchEvent::Stage { .. })));
        let json = serde_json::to_value(FetchEvent::RateLimitWait { seconds: 2.0 }).unwrap();
        assert_eq!(json, serde_json::json!({"kind": "rate_limit_wait", "seconds": 2.0}));
    }

    #[test]
    fn the_filter_matches_topic_host_and_meeting_id() {
        let m = MeetingInfo {
            topic: Some("Weekly Escalation".into()),
            host: Some("Ana Lima".into()),
            meeting_number: Some("91234567890".into()),
            ..MeetingInfo::default()
        };
        for filter in ["", "  ", "escal", "ANA", "912 3456", "4567-890"] {
            assert!(matches_filter(&m, filter), "{filter:?}");
        }
        for filter in ["standup", "999", "lima ana"] {
            assert!(!matches_filter(&m, filter), "{filter:?}");
        }
    }

    #[test]
    fn search_ranges_are_checked_with_advice() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert!(check_search_range("2026-11-01", "2026-11-26", today).is_ok());
        let msg = |f: &str, t: &str| check_search_range(f, t, today).unwrap_err().message;
        assert!(msg("2026-11-20", "2026-11-01").contains("swap"));
        assert!(msg("2026-05-01", "2026-05-20").contains("six months"));
        assert!(msg("2026-10-01", "2026-11-20").contains("one month"));
        assert!(msg("2026-11-01", "2026-12-01").contains("future"));
        assert!(msg("yesterday", "2026-11-01").contains("such as"));
    }

    #[tokio::test]
    async fn a_missing_profile_or_keychain_says_what_to_do() {
        let demo = DemoZoom::new();
        let e = connect("Work", &Settings::default(), &demo, no_vault, no_env).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::NotFound);
        assert!(e.message.contains("Accounts"));
        let mut settings = Settings::default();
        settings.upsert(crate::accounts::ProfileInfo {
            name: "Work".into(),
            account_id: "a".into(),
            client_id: "c".into(),
        });
        let e = connect("Work", &settings, &demo, no_vault, no_env).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::KeychainUnavailable);
        assert!(!demo.is_running(), "a real profile never starts the simulator");
    }
}
