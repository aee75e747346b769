//! End-to-end tests of the client and the fetch against a mock Zoom on 127.0.0.1.

mod support;

use qoscope_secrets::{Credentials, SecretString};
use qoscope_snapshot::{ExchangeKind, Snapshot};
use qoscope_zoom::{
    fetch_meeting, CallContext, CancelFlag, ClientConfig, Concurrency, CredentialSource, Endpoints, ErrorKind,
    FetchOptions, FetchOutcome, FetchRequest, MeetingRef, Product, Progress, QosType, RetryPolicy, Strategy,
    ZoomClient, ZoomError,
};
use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::{Faults, MockZoom};

const MEETING: &str = "857 4621 3390";

fn creds() -> CredentialSource {
    CredentialSource::OAuth(Credentials {
        account_id: support::ACCOUNT_ID.into(),
        client_id: support::CLIENT_ID.into(),
        client_secret: SecretString::new(support::CLIENT_SECRET),
    })
}

fn config(api_base: &str, token_url: &str) -> ClientConfig {
    ClientConfig {
        endpoints: Endpoints::new(api_base, token_url).unwrap(),
        requests_per_second: 1000.0,
        retry: RetryPolicy { max_retries: 3, ..RetryPolicy::fast() },
        ..ClientConfig::default()
    }
}

fn client(mock: &MockZoom) -> ZoomClient {
    ZoomClient::new(config(&mock.base(), &mock.token_url()), creds()).unwrap()
}

fn request(meeting: &str) -> FetchRequest {
    FetchRequest { meeting: meeting.into(), qos_type: QosType::Past, webinar: false }
}

fn options(strategy: Strategy) -> FetchOptions {
    FetchOptions { strategy, profile: Some("Helpdesk".into()), ..FetchOptions::default() }
}

async fn fetch(client: &ZoomClient, strategy: Strategy) -> Result<FetchOutcome, ZoomError> {
    fetch_meeting(client, &request(MEETING), &options(strategy), |_| {}, &CancelFlag::new()).await
}

/// The requests for the meeting's QoS (not the feedback and sharing asked beside it).
fn qos_requests(mock: &MockZoom) -> usize {
    let extra = |t: &str| t.contains("/participants/satisfaction") || t.contains("/participants/sharing");
    mock.api_requests().iter().filter(|l| !extra(&l.target)).count()
}

/// user_id → number of samples, from the derived meeting.
fn joins(s: &Snapshot) -> BTreeMap<String, usize> {
    let m = s.meeting().unwrap();
    let map: BTreeMap<String, usize> = m.joins.iter().map(|j| (j.user_id.clone(), j.samples.len())).collect();
    assert_eq!(map.len(), m.joins.len(), "a join appears twice");
    map
}

fn expected(n: usize) -> BTreeMap<String, usize> {
    (0..n).map(|i| (support::user_id(i), support::samples_of(i))).collect()
}

fn count(s: &Snapshot, kind: ExchangeKind) -> usize {
    s.exchanges.iter().filter(|e| e.kind == kind).count()
}

#[tokio::test]
async fn fetches_a_meeting_with_one_token_and_keeps_bodies_verbatim() {
    let mock = MockZoom::start(12, Faults::default()).await;
    let c = client(&mock);
    let out = fetch(&c, Strategy::PerParticipant).await.unwrap();
    assert!(out.complete && out.stopped_reason.is_none(), "{:?}", out.snapshot.notes);
    assert_eq!(joins(&out.snapshot), expected(12));
    assert_eq!(mock.mints(), 1, "token minted once and reused");
    assert_eq!(c.token_mints(), 1);
    let oauth: Vec<_> = mock.log().into_iter().filter(|l| l.target.starts_with("/oauth")).collect();
    assert_eq!(oauth[0].authorization, support::BASIC);
    assert_eq!(oauth[0].body, "grant_type=account_credentials&account_id=acc%201");
    assert!(mock.api_requests().iter().all(|l| l.authorization == "Bearer tok-1"));
    let s = &out.snapshot;
    assert_eq!(count(s, ExchangeKind::MeetingDetails), 1);
    assert_eq!(count(s, ExchangeKind::ParticipantsPage), 1);
    assert_eq!(count(s, ExchangeKind::ParticipantQos), 12);
    assert_eq!(count(s, ExchangeKind::QosPage), 0);
    let ex = s.exchanges.iter().find(|e| e.kind == ExchangeKind::ParticipantQos).unwrap();
    assert_eq!(ex.path, "/metrics/meetings/85746213390/participants/16770000/qos");
    assert_eq!(ex.query, vec![("type".to_owned(), "past".to_owned())]);
    assert_eq!(ex.status, 200);
    assert!(ex.body.as_ref().unwrap().get().contains("\"user_name\":\"User <b>0</b>\""));
    assert_eq!(s.source.kind, qoscope_snapshot::SourceKind::Zoom);
    assert_eq!(s.source.profile.as_deref(), Some("Helpdesk"));
    assert_eq!(s.source.api_base.as_deref(), Some(mock.base().as_str()));
    assert_eq!(s.request.meeting, MEETING);
    let json = s.to_json();
    assert!(!json.contains(support::CLIENT_SECRET) && !json.contains("tok-1"), "no secret in the snapshot");
}

#[tokio::test]
async fn remints_once_after_401_code_124() {
    let mock = MockZoom::start(3, Faults { revoke_first_token: true, ..Faults::default() }).await;
    let out = fetch(&client(&mock), Strategy::Auto).await.unwrap();
    assert!(out.complete);
    assert_eq!(mock.mints(), 2);
    assert_eq!(joins(&out.snapshot), expected(3));
}

#[tokio::test]
async fn a_token_refused_twice_fails_clearly() {
    let mock = MockZoom::start(3, Faults { always_124: true, ..Faults::default() }).await;
    let err = fetch(&client(&mock), Strategy::Auto).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth, "{err}");
    assert_eq!(mock.mints(), 2, "re-minted exactly once");
}

#[tokio::test]
async fn a_pasted_token_cannot_be_renewed() {
    let mock = MockZoom::start(3, Faults::default()).await;
    let ok =
        ZoomClient::new(config(&mock.base(), &mock.token_url()), CredentialSource::access_token("pasted")).unwrap();
    assert!(fetch(&ok, Strategy::Auto).await.unwrap().complete);
    assert_eq!(mock.mints(), 0);
    mock.set(|f| f.always_124 = true);
    let err = fetch(&ok, Strategy::Auto).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TokenExpired);
    assert!(err.to_string().contains("cannot be renewed"), "{err}");
}

#[tokio::test]
async fn wrong_credentials_are_reported_as_such() {
    let mock = MockZoom::start(3, Faults { reject_oauth: true, ..Faults::default() }).await;
    let err = fetch(&client(&mock), Strategy::Auto).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth);
    let text = err.to_string();
    assert!(text.starts_with("Zoom rejected the client ID/secret"), "{text}");
    assert!(!text.contains(support::CLIENT_SECRET));
}

#[tokio::test]
async fn api_url_from_the_token_response_is_respected() {
    let mock = MockZoom::start(4, Faults { api_prefix: "/regional/v2".into(), ..Faults::default() }).await;
    let regional = format!("http://{}/regional/v2", mock.addr);
    mock.set(|f| f.api_url = Some(regional.clone()));
    // The configured base points nowhere useful; only the api_url works.
    let c = ZoomClient::new(config("http://127.0.0.1:9/v2", &mock.token_url()), creds()).unwrap();
    let out = fetch(&c, Strategy::Auto).await.unwrap();
    assert!(out.complete);
    assert_eq!(out.snapshot.source.api_base.as_deref(), Some(regional.as_str()));
    assert!(mock.api_requests().iter().all(|l| l.target.starts_with("/regional/v2/")));
}

#[tokio::test]
async fn missing_scopes_are_named() {
    let mock = MockZoom::start(3, Faults { missing_scopes: true, ..Faults::default() }).await;
    let err = fetch(&client(&mock), Strategy::Auto).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MissingScopes);
    let text = err.to_string();
    assert!(text.contains("dashboard_meetings:read:admin"), "{text}");
    assert!(text.contains("dashboard:read:list_meeting_participants_qos:admin"), "{text}");
}

#[tokio::test]
async fn meeting_not_found_or_not_ended() {
    let mock = MockZoom::start(3, Faults { not_found: true, ..Faults::default() }).await;
    let err = fetch(&client(&mock), Strategy::Auto).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.to_string().contains("not ended yet") && err.to_string().contains("type=live"), "{err}");
}

#[tokio::test]
async fn an_html_502_is_retried_then_reported_clearly() {
    let mock = MockZoom::start(3, Faults { html_502: 2, ..Faults::default() }).await;
    let retries = Arc::new(Mutex::new(0));
    let r = retries.clone();
    let out = fetch_meeting(
        &client(&mock),
        &request(MEETING),
        &options(Strategy::Auto),
        move |p| {
            if matches!(p, Progress::Retrying { .. }) {
                *r.lock().unwrap() += 1;
            }
        },
        &CancelFlag::new(),
    )
    .await
    .unwrap();
    assert!(out.complete);
    assert_eq!(*retries.lock().unwrap(), 2);

    // QosListOnly asks one thing at a time, so the count is exact: details, 1 try + 3 retries.
    let mock = MockZoom::start(3, Faults { html_502: 1000, ..Faults::default() }).await;
    let err = fetch(&client(&mock), Strategy::QosListOnly).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadResponse);
    let text = err.to_string();
    assert!(text.contains("HTML page") && text.contains("502") && text.contains("4 tries"), "{text}");
    assert_eq!(qos_requests(&mock), 4, "1 try + 3 retries");
    // Auto asks details, the list and the QoS list at once: each is tried 4 times, then it stops.
    let mock = MockZoom::start(3, Faults { html_502: 1000, ..Faults::default() }).await;
    let err = fetch(&client(&mock), Strategy::Auto).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadResponse);
    assert_eq!(qos_requests(&mock), 3 * 4, "three requests, 1 try + 3 retries each");
}

#[tokio::test]
async fn a_qps_429_waits_for_the_reset_and_succeeds() {
    let mock = MockZoom::start(3, Faults { qps_429: 1, ..Faults::default() }).await;
    let waits = Arc::new(Mutex::new(Vec::new()));
    let w = waits.clone();
    let start = Instant::now();
    let out = fetch_meeting(
        &client(&mock),
        &request(MEETING),
        &options(Strategy::Auto),
        move |p| {
            if let Progress::WaitingForRateLimit { seconds } = p {
                w.lock().unwrap().push(seconds);
            }
        },
        &CancelFlag::new(),
    )
    .await
    .unwrap();
    assert!(out.complete);
    assert_eq!(joins(&out.snapshot), expected(3));
    assert_eq!(*waits.lock().unwrap(), vec![1.0]);
    assert!(start.elapsed() >= Duration::from_millis(950));
}

#[tokio::test]
async fn the_clients_own_pacing_is_not_reported_as_a_wait_for_zoom() {
    // Six workers at 4 requests a second: most calls wait over a second for the client's own
    // limiter. That is steady pacing, not Zoom's rate limit, and it is over by the time it
    // could be reported: no "waiting for the rate limit" event (none came from Zoom either).
    let mock = MockZoom::start(6, Faults::default()).await;
    let mut config = config(&mock.base(), &mock.token_url());
    config.requests_per_second = 4.0;
    let slow = ZoomClient::new(config, creds()).unwrap();
    let waits = Arc::new(Mutex::new(Vec::new()));
    let w = waits.clone();
    let opts = FetchOptions { concurrency: Concurrency::Fixed(6), ..options(Strategy::PerParticipant) };
    let on_progress = move |p: Progress| {
        if let Progress::WaitingForRateLimit { seconds } = p {
            w.lock().unwrap().push(seconds);
        }
    };
    let start = Instant::now();
    let out = fetch_meeting(&slow, &request(MEETING), &opts, on_progress, &CancelFlag::new()).await.unwrap();
    assert!(out.complete);
    assert_eq!(joins(&out.snapshot), expected(6));
    assert!(start.elapsed() >= Duration::from_millis(1500), "8 calls at 4/s were paced");
    assert_eq!(*waits.lock().unwrap(), Vec::<f64>::new());
}

#[tokio::test]
async fn a_429_without_headers_backs_off() {
    let mock = MockZoom::start(3, Faults { bare_429: 3, ..Faults::default() }).await;
    let out = fetch(&client(&mock), Strategy::Auto).await.unwrap();
    assert!(out.complete);
    assert_eq!(joins(&out.snapshot), expected(3));
    // Three bare 429s, details, the list, then a QoS page and/or the three joins one by one
    // (the pager and the workers race for them).
    let n = mock.api_requests().len();
    assert!((3 + 1 + 1 + 1..=3 + 1 + 1 + 1 + 3).contains(&n), "{n} requests");
}

#[tokio::test]
async fn the_daily_limit_stops_and_keeps_what_was_fetched() {
    let mock = MockZoom::start(10, Faults { daily_after_participant_calls: Some(4), ..Faults::default() }).await;
    let opts = FetchOptions { concurrency: Concurrency::Fixed(1), ..options(Strategy::PerParticipant) };
    let out = fetch_meeting(&client(&mock), &request(MEETING), &opts, |_| {}, &CancelFlag::new()).await.unwrap();
    assert!(!out.complete && !out.snapshot.complete);
    let reset = chrono::DateTime::parse_from_rfc3339(support::DAILY_RESET).unwrap().to_utc();
    assert_eq!(out.stopped_reason, Some(ZoomError::RateLimitedDaily { reset_at: Some(reset) }));
    assert_eq!(count(&out.snapshot, ExchangeKind::ParticipantQos), 4);
    assert_eq!(joins(&out.snapshot).len(), 4);
    let notes = out.snapshot.notes.join("\n");
    assert!(notes.contains("daily API limit") && notes.contains("2030-01-02 00:00"), "{notes}");
}

#[tokio::test]
async fn an_expired_page_token_restarts_paging_without_duplicates() {
    let mock = MockZoom::start(25, Faults { expire_qos_token_once: true, ..Faults::default() }).await;
    let out = fetch(&client(&mock), Strategy::QosListOnly).await.unwrap();
    assert!(out.complete, "{:?}", out.snapshot.notes);
    assert_eq!(joins(&out.snapshot), expected(25));
    // First pass: page 1, then the token expired; second pass: 3 pages.
    assert_eq!(count(&out.snapshot, ExchangeKind::QosPage), 4);

    let mock = MockZoom::start(
        25,
        Faults { expire_participants_token_once: true, participants_page_cap: Some(10), ..Faults::default() },
    )
    .await;
    let out = fetch(&client(&mock), Strategy::Auto).await.unwrap();
    assert!(out.complete, "{:?}", out.snapshot.notes);
    assert_eq!(joins(&out.snapshot), expected(25));
    assert!(single_ids_are_unique(&out.snapshot), "no join fetched one by one twice");
}

/// No join was fetched one by one more than once.
fn single_ids_are_unique(s: &Snapshot) -> bool {
    let ids: Vec<String> =
        s.exchanges.iter().filter(|e| e.kind == ExchangeKind::ParticipantQos).map(|e| e.path.clone()).collect();
    let unique: std::collections::HashSet<&String> = ids.iter().collect();
    unique.len() == ids.len()
}

#[tokio::test]
async fn a_repeating_page_token_stops_cleanly() {
    let mock = MockZoom::start(25, Faults { repeat_token: true, ..Faults::default() }).await;
    let out = fetch(&client(&mock), Strategy::QosListOnly).await.unwrap();
    assert!(!out.complete);
    assert_eq!(out.stopped_reason.as_ref().map(ZoomError::kind), Some(ErrorKind::PagingDidNotEnd));
    assert_eq!(count(&out.snapshot, ExchangeKind::QosPage), 2);
    // Auto: the participants list repeats too → falls back to the QoS list → stops the same way.
    let out = fetch(&client(&mock), Strategy::Auto).await.unwrap();
    assert_eq!(out.stopped_reason.as_ref().map(ZoomError::kind), Some(ErrorKind::PagingDidNotEnd));
    assert!(
        out.snapshot.notes.iter().any(|n| n.contains("participants list was unavailable")),
        "{:?}",
        out.snapshot.notes
    );
}

#[tokio::test]
async fn concurrent_per_participant_fetch_equals_sequential_paging() {
    let mock = MockZoom::start(23, Faults::default()).await;
    let c = client(&mock);
    let concurrent = fetch(&c, Strategy::Auto).await.unwrap();
    let sequential = fetch(&c, Strategy::QosListOnly).await.unwrap();
    assert!(concurrent.complete && sequential.complete);
    assert_eq!(count(&sequential.snapshot, ExchangeKind::QosPage), 3);
    assert_eq!(joins(&concurrent.snapshot), joins(&sequential.snapshot));
    assert_eq!(joins(&concurrent.snapshot), expected(23));
    let samples = |s: &Snapshot| -> BTreeMap<String, Vec<String>> {
        s.meeting()
            .unwrap()
            .joins
            .iter()
            .map(|j| (j.user_id.clone(), j.samples.iter().map(|x| x.time.to_rfc3339()).collect()))
            .collect()
    };
    assert_eq!(samples(&concurrent.snapshot), samples(&sequential.snapshot));

    // Joins the per-participant endpoint cannot find are completed from the QoS list.
    mock.set(|f| f.participant_404 = HashSet::from([support::user_id(3), support::user_id(17)]));
    let mixed = fetch(&c, Strategy::Auto).await.unwrap();
    assert!(mixed.complete, "{:?}", mixed.snapshot.notes);
    assert_eq!(joins(&mixed.snapshot), expected(23));
    assert!(count(&mixed.snapshot, ExchangeKind::ParticipantQos) <= 21, "the two missing joins came from pages");
    assert!(single_ids_are_unique(&mixed.snapshot));
    // With one worker the pager is slower than the workers at the end of the list, so both
    // 404s are seen one by one and the QoS list completes them.
    let one = FetchOptions { concurrency: Concurrency::Fixed(1), ..options(Strategy::Auto) };
    mock.set(|f| f.participant_404 = HashSet::from([support::user_id(21), support::user_id(22)]));
    let mixed = fetch_meeting(&c, &request(MEETING), &one, |_| {}, &CancelFlag::new()).await.unwrap();
    assert!(mixed.complete, "{:?}", mixed.snapshot.notes);
    assert_eq!(joins(&mixed.snapshot), expected(23));

    // The participants list unavailable → the QoS list.
    mock.set(|f| {
        f.participant_404.clear();
        f.participants_list_unavailable = true;
    });
    let fallback = fetch(&c, Strategy::Auto).await.unwrap();
    assert!(fallback.complete);
    assert_eq!(joins(&fallback.snapshot), expected(23));
}

#[tokio::test]
async fn cancellation_keeps_what_was_fetched() {
    let mock = MockZoom::start(10, Faults { delay: Duration::from_millis(80), ..Faults::default() }).await;
    let cancel = CancelFlag::new();
    let flag = cancel.clone();
    let opts = FetchOptions { concurrency: Concurrency::Fixed(2), ..options(Strategy::PerParticipant) };
    let out = fetch_meeting(
        &client(&mock),
        &request(MEETING),
        &opts,
        move |p| {
            if matches!(p, Progress::ParticipantsDone { done: 2, .. }) {
                flag.cancel();
            }
        },
        &cancel,
    )
    .await
    .unwrap();
    assert!(!out.complete);
    assert_eq!(out.stopped_reason, Some(ZoomError::Cancelled));
    let n = count(&out.snapshot, ExchangeKind::ParticipantQos);
    assert!((2..10).contains(&n), "{n}");
    assert_eq!(count(&out.snapshot, ExchangeKind::MeetingDetails), 1);
    assert!(out.snapshot.notes.iter().any(|n| n.contains("Cancelled")));
    // Cancelled before anything: nothing to keep.
    let c = CancelFlag::new();
    c.cancel();
    let err = fetch_meeting(&client(&mock), &request(MEETING), &opts, |_| {}, &c).await.unwrap_err();
    assert_eq!(err, ZoomError::Cancelled);
}

#[tokio::test]
async fn uuids_are_double_encoded_in_the_path_when_zoom_requires_it() {
    let mock = MockZoom::start(2, Faults::default()).await;
    let c = client(&mock);
    let out = fetch_meeting(
        &c,
        &request("/ajXp112QmuoKj4854875=="),
        &options(Strategy::QosListOnly),
        |_| {},
        &CancelFlag::new(),
    )
    .await
    .unwrap();
    assert!(out.complete);
    let targets: Vec<String> = mock.api_requests().into_iter().map(|l| l.target).collect();
    assert!(
        targets.iter().all(|t| t.starts_with("/v2/metrics/meetings/%252FajXp112QmuoKj4854875%253D%253D")),
        "{targets:?}"
    );
    let _ = fetch_meeting(
        &c,
        &request("aDYlohsHRtCd4ii1uC2+hA=="),
        &options(Strategy::QosListOnly),
        |_| {},
        &CancelFlag::new(),
    )
    .await
    .unwrap();
    assert!(mock
        .api_requests()
        .iter()
        .any(|l| l.target.starts_with("/v2/metrics/meetings/aDYlohsHRtCd4ii1uC2%2BhA%3D%3D?")));
}

#[tokio::test]
async fn other_typed_calls() {
    let mock = MockZoom::start(2, Faults::default()).await;
    let c = client(&mock);
    let ctx = CallContext::default();
    let m = MeetingRef::parse("https://us02web.zoom.us/w/85746213390?tk=x").unwrap();
    let r = c.meeting_details(&m, Product::Webinar, QosType::Live, &ctx).await.unwrap();
    assert_eq!(r.path, "/metrics/webinars/85746213390");
    assert_eq!(r.query, vec![("type".to_owned(), "live".to_owned())]);
    let err =
        c.list_meetings(Product::Meeting, QosType::Past, "yesterday", "2024-05-02", 300, None, &ctx).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    let _ =
        c.list_meetings(Product::Meeting, QosType::Past, "2024-05-01", "2024-05-02 10:00:00", 300, None, &ctx).await;
    assert!(mock.api_requests().iter().any(
        |l| l.target == "/v2/metrics/meetings?type=past&from=2024-05-01&to=2024-05-02%2010%3A00%3A00&page_size=300"
    ));
    let _ = c.past_instances(&m, Product::Meeting, &ctx).await;
    assert!(mock.api_requests().iter().any(|l| l.target == "/v2/past_meetings/85746213390/instances"));
}

#[test]
fn plain_http_to_a_non_loopback_host_is_rejected() {
    let err = Endpoints::new("http://api.zoom.us/v2", "https://zoom.us/oauth/token").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.to_string().contains("plain http://"));
    let err =
        Endpoints::from_env(|k| (k == "QOSCOPE_OAUTH_TOKEN_URL").then(|| "http://192.168.1.5/oauth/token".to_owned()))
            .unwrap_err();
    assert!(err.to_string().contains("QOSCOPE_OAUTH_TOKEN_URL"));
}

#[test]
fn meeting_input_errors_are_clear() {
    let err = MeetingRef::parse("my meeting").unwrap_err();
    assert!(err.to_string().contains("paste the meeting ID (9–11 digits), its UUID, or the join link"), "{err}");
}

#[tokio::test]
async fn a_token_near_expiry_is_reminted_before_use() {
    let ctx = CallContext::default();
    let m = MeetingRef::parse(MEETING).unwrap();
    // A 30-second token is renewed after four fifths of its life, so two quick calls share it.
    let mock = MockZoom::start(2, Faults { expires_in: 30, ..Faults::default() }).await;
    let c = client(&mock);
    c.meeting_details(&m, Product::Meeting, QosType::Past, &ctx).await.unwrap();
    c.meeting_details(&m, Product::Meeting, QosType::Past, &ctx).await.unwrap();
    assert_eq!(mock.mints(), 1, "a fresh token is reused");
    // A 1-second token is replaced once 0.8 s have passed, before Zoom would reject it.
    let mock = MockZoom::start(2, Faults { expires_in: 1, ..Faults::default() }).await;
    let c = client(&mock);
    c.meeting_details(&m, Product::Meeting, QosType::Past, &ctx).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(850)).await;
    c.meeting_details(&m, Product::Meeting, QosType::Past, &ctx).await.unwrap();
    assert_eq!(mock.mints(), 2, "a token about to expire is replaced before use");
}

#[tokio::test]
async fn dropped_connections_are_retried() {
    let mock = MockZoom::start(3, Faults { drop_connections: 2, ..Faults::default() }).await;
    let out = fetch(&client(&mock), Strategy::Auto).await.unwrap();
    assert!(out.complete);
    assert_eq!(joins(&out.snapshot), expected(3));
}

#[tokio::test]
async fn timeouts_are_retried_then_reported_as_network_errors() {
    let mock = MockZoom::start(2, Faults { delay: Duration::from_millis(400), ..Faults::default() }).await;
    let mut cfg = config(&mock.base(), &mock.token_url());
    cfg.request_timeout = Duration::from_millis(100);
    cfg.retry.max_retries = 2;
    let c = ZoomClient::new(cfg, creds()).unwrap();
    let err = fetch(&c, Strategy::QosListOnly).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network);
    assert!(err.to_string().contains("timed out") && err.to_string().contains("3 tries"), "{err}");
    assert_eq!(qos_requests(&mock), 3);
}

#[tokio::test]
async fn webinars_use_the_webinar_endpoints() {
    let mock = MockZoom::start(4, Faults::default()).await;
    let c = client(&mock);
    let req = FetchRequest {
        meeting: "https://acme.zoom.us/w/85746213390?tk=abc".into(),
        qos_type: QosType::Past,
        webinar: true,
    };
    let out = fetch_meeting(&c, &req, &options(Strategy::Auto), |_| {}, &CancelFlag::new()).await.unwrap();
    assert!(out.complete && out.snapshot.request.webinar);
    assert_eq!(joins(&out.snapshot), expected(4));
    assert!(mock.api_requests().iter().all(|l| l.target.starts_with("/v2/metrics/webinars/85746213390")));
}

#[tokio::test]
async fn secrets_never_show_in_debug_output() {
    let mock = MockZoom::start(1, Faults::default()).await;
    let c = client(&mock);
    c.authenticate(&CallContext::default()).await.unwrap();
    let dbg = format!("{c:?}");
    assert!(!dbg.contains(support::CLIENT_SECRET) && !dbg.contains("tok-1"), "{dbg}");
}

#[tokio::test]
async fn every_response_kept_is_reported_as_it_arrives() {
    let mock = MockZoom::start(23, Faults::default()).await;
    let received = Arc::new(Mutex::new(Vec::new()));
    let sink = received.clone();
    let out = fetch_meeting(
        &client(&mock),
        &request(MEETING),
        &options(Strategy::Auto),
        move |p| {
            if let Progress::Received(r) = p {
                sink.lock().unwrap().push(r.0);
            }
        },
        &CancelFlag::new(),
    )
    .await
    .unwrap();
    assert!(out.complete);
    let received = received.lock().unwrap();
    let key = |kind: ExchangeKind, path: &str, query: &[(String, String)]| format!("{kind:?} {path} {query:?}");
    let mut reported: Vec<String> = received.iter().map(|e| key(e.kind, &e.path, &e.query)).collect();
    let mut kept: Vec<String> = out.snapshot.exchanges.iter().map(|e| key(e.kind, &e.path, &e.query)).collect();
    reported.sort();
    kept.sort();
    assert_eq!(reported, kept, "the responses reported during the fetch are the ones the snapshot keeps");
    // Bodies are the same bytes the snapshot keeps.
    let body = |e: &qoscope_snapshot::Exchange| e.body.as_ref().map(|b| b.get().to_owned());
    let first = &out.snapshot.exchanges[0];
    let twin = received.iter().find(|e| e.path == first.path && e.query == first.query).unwrap();
    assert_eq!(body(twin), body(first));
}

/// Fetches every join one by one (`concurrency` workers), cancelling when `cancel_when` says
/// so; returns the outcome and how many per-join answers were reported as received.
async fn fetch_counting_joins_received(
    mock: &MockZoom,
    concurrency: usize,
    cancel_when: impl Fn(&Progress) -> bool,
) -> (FetchOutcome, usize) {
    let cancel = CancelFlag::new();
    let flag = cancel.clone();
    let received = Arc::new(Mutex::new(0usize));
    let seen = received.clone();
    let opts = FetchOptions { concurrency: Concurrency::Fixed(concurrency), ..options(Strategy::PerParticipant) };
    let on_progress = move |p: Progress| {
        if let Progress::Received(r) = &p {
            if r.0.kind == ExchangeKind::ParticipantQos {
                *seen.lock().unwrap() += 1;
            }
        }
        if cancel_when(&p) {
            flag.cancel();
        }
    };
    let out = fetch_meeting(&client(mock), &request(MEETING), &opts, on_progress, &cancel).await.unwrap();
    let received = *received.lock().unwrap();
    (out, received)
}

#[tokio::test]
async fn a_fetch_stopped_by_one_worker_keeps_every_join_the_others_fetched() {
    // Six workers fetch joins one by one; Zoom's daily limit hits one of them (the fetch must
    // stop) while the others still have calls in flight, or the fetch is cancelled. Stopping
    // them must lose none of the joins they already had: those were shown as partial results.
    for round in 0..6u64 {
        let daily = round % 2 == 0;
        let faults = Faults {
            delay: Duration::from_millis(20 + round * 9),
            daily_after_participant_calls: daily.then_some(14),
            ..Faults::default()
        };
        let mock = MockZoom::start(40, faults).await;
        let (out, received) = fetch_counting_joins_received(&mock, 6, |p| {
            !daily && matches!(p, Progress::ParticipantsDone { done: 9, .. })
        })
        .await;
        assert!(!out.complete, "round {round}");
        let kept = count(&out.snapshot, ExchangeKind::ParticipantQos);
        assert_eq!(kept, received, "round {round}: every join that arrived is kept");
        assert!(kept >= 9, "round {round}: {kept}");
    }
}

#[tokio::test]
async fn a_fetch_cancelled_before_the_participants_list_is_complete_keeps_the_joins_it_has() {
    // The list comes 4 entries a page, so when Cancel comes the workers have joins the list has
    // named so far but the list is not complete: those joins must be kept all the same.
    let faults = Faults { delay: Duration::from_millis(40), participants_page_cap: Some(4), ..Faults::default() };
    let mock = MockZoom::start(40, faults).await;
    let (out, received) =
        fetch_counting_joins_received(&mock, 4, |p| matches!(p, Progress::ParticipantsDone { done: 3, .. })).await;
    assert!(!out.complete);
    let pages = count(&out.snapshot, ExchangeKind::ParticipantsPage);
    assert!(pages < 10, "the list was still coming in when Cancel came ({pages} of 10 pages)");
    let kept = count(&out.snapshot, ExchangeKind::ParticipantQos);
    assert!(kept >= 3, "{kept}");
    assert_eq!(kept, received, "every join that arrived is kept");
    assert_eq!(out.snapshot.meeting().unwrap().joins.iter().filter(|j| !j.samples.is_empty()).count(), kept);
}
