//! Issue acceptance: against QoScope's Zoom simulator with faults on (5% 5xx, 2% dropped
//! connections, 5-second tokens, 20 req/s, forced page-token expiry), `fetch` then the
//! canonical CSV gives exactly the generator's ground truth, row by row, for every scenario,
//! whichever fetch strategy is used (Auto, PerParticipant, QosListOnly).

use qoscope_secrets::{Credentials, SecretString};
use qoscope_sim::generator::MeetingSpec;
use qoscope_sim::scenario;
use qoscope_sim::server::{self, Faults, SimConfig, SimMeeting};
use qoscope_zoom::{
    fetch_meeting, CancelFlag, ClientConfig, Concurrency, CredentialSource, Endpoints, FetchOptions, FetchRequest,
    QosType, RetryPolicy, Strategy, ZoomClient,
};
use std::time::Duration;

fn hostile_config(seed: u64) -> SimConfig {
    SimConfig {
        token_lifetime: Duration::from_secs(5),
        qps_limit: Some(20),
        faults: Faults { seed, server_error: 0.05, drop: 0.02, expire_page_token_at_use: Some(3), ..Faults::default() },
        ..SimConfig::default()
    }
}

/// A client for `sim` asking `rate` requests per second, retrying patiently.
fn client_for(sim: &server::RunningSimulator, config: &SimConfig, rate: f64) -> ZoomClient {
    let endpoints = Endpoints::new(&sim.api_base(), &sim.token_url()).unwrap();
    let client_config = ClientConfig {
        requests_per_second: rate,
        retry: RetryPolicy { max_retries: 8, ..RetryPolicy::fast() },
        ..ClientConfig::with_endpoints(endpoints)
    };
    let credentials = CredentialSource::OAuth(Credentials {
        account_id: config.account_id.clone(),
        client_id: config.client_id.clone(),
        client_secret: SecretString::new(config.client_secret.clone()),
    });
    ZoomClient::new(client_config, credentials).unwrap()
}

fn csv_rows(snapshot: &qoscope_snapshot::Snapshot) -> Vec<String> {
    let meeting = snapshot.meeting().unwrap();
    let mut out = Vec::new();
    qoscope_model::csv::write_canonical_csv(&meeting, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let mut lines: Vec<String> = text.lines().skip(1).map(str::to_owned).collect();
    lines.sort_unstable();
    lines
}

async fn fetch_and_compare(spec: MeetingSpec, seed: u64, strategy: Strategy) {
    let generated = spec.generate();
    let mut truth: Vec<String> = generated.truth.iter().map(|r| r.csv_line()).collect();
    truth.sort_unstable();
    let config = hostile_config(seed);
    let sim = server::start(config.clone(), vec![SimMeeting::past(generated)]).await.unwrap();
    let client = client_for(&sim, &config, 18.0);
    let request = FetchRequest { meeting: spec.meeting_number.to_string(), qos_type: QosType::Past, webinar: false };
    let options = FetchOptions { strategy, ..FetchOptions::default() };
    let outcome = fetch_meeting(&client, &request, &options, |_| {}, &CancelFlag::new()).await.unwrap();
    assert!(outcome.complete, "{}: stopped early: {:?}", spec.topic, outcome.stopped_reason);
    let rows = csv_rows(&outcome.snapshot);
    assert_eq!(rows.len(), truth.len(), "{} ({strategy:?}): row count", spec.topic);
    for (i, (got, want)) in rows.iter().zip(&truth).enumerate() {
        assert_eq!(got, want, "{} ({strategy:?}): row {i}", spec.topic);
    }
    let faults = server::SimStats::get(&sim.stats.faults);
    let minted = server::SimStats::get(&sim.stats.tokens_minted);
    assert!(faults > 0 || sim.stats.requests.load(std::sync::atomic::Ordering::Relaxed) < 40, "faults were injected");
    assert!(minted >= 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_meeting_survives_faults_with_every_strategy() {
    fetch_and_compare(scenario::demo(), 7, Strategy::Auto).await;
    fetch_and_compare(scenario::demo(), 8, Strategy::QosListOnly).await;
    fetch_and_compare(scenario::demo(), 13, Strategy::PerParticipant).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn small_meeting_survives_faults_with_two_strategies() {
    fetch_and_compare(scenario::small(), 9, Strategy::Auto).await;
    fetch_and_compare(scenario::small(), 10, Strategy::QosListOnly).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_meeting_with_rejoins_hidden_names_and_unknown_fields_survives_faults() {
    fetch_and_compare(scenario::large(120, 5), 11, Strategy::Auto).await;
    fetch_and_compare(scenario::large(60, 6), 12, Strategy::QosListOnly).await;
    fetch_and_compare(scenario::large(60, 7), 14, Strategy::PerParticipant).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fetch_that_outlives_its_token_renews_it_and_loses_nothing() {
    // One-second tokens, and a fetch paced at 4 requests a second: the details, the list and
    // nine joins one by one take at least 2.5 s, so the token expires mid-fetch, every time.
    let spec = scenario::demo();
    let generated = spec.generate();
    let mut truth: Vec<String> = generated.truth.iter().map(|r| r.csv_line()).collect();
    truth.sort_unstable();
    let config = SimConfig { token_lifetime: Duration::from_secs(1), ..SimConfig::default() };
    let sim = server::start(config.clone(), vec![SimMeeting::past(generated)]).await.unwrap();
    let client = client_for(&sim, &config, 4.0);
    let request = FetchRequest { meeting: spec.meeting_number.to_string(), qos_type: QosType::Past, webinar: false };
    let options = FetchOptions {
        strategy: Strategy::PerParticipant,
        concurrency: Concurrency::Fixed(3),
        ..FetchOptions::default()
    };
    let started = std::time::Instant::now();
    let outcome = fetch_meeting(&client, &request, &options, |_| {}, &CancelFlag::new()).await.unwrap();
    assert!(outcome.complete, "{:?}", outcome.stopped_reason);
    assert!(started.elapsed() > Duration::from_secs(2), "the fetch outlived a token");
    assert_eq!(csv_rows(&outcome.snapshot), truth);
    let minted = server::SimStats::get(&sim.stats.tokens_minted);
    assert!(minted >= 2, "the expired token was renewed ({minted} minted)");
}

/// Issue #17: an app with granular scopes but without `dashboard:read:meeting_participant_qos:admin`
/// gets a 4700 for every `/participants/{participantId}/qos` call. The first one must switch the
/// fetch to the QoS list for the rest: at most the calls already in flight fail, not one per join,
/// and the result is still complete and exact.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_per_participant_scope_switches_to_the_qos_list_after_the_first_refusal() {
    for strategy in [Strategy::Auto, Strategy::PerParticipant] {
        let spec = scenario::large(60, 7);
        let generated = spec.generate();
        let joins = generated.qos_joins.len();
        let mut truth: Vec<String> = generated.truth.iter().map(|r| r.csv_line()).collect();
        truth.sort_unstable();
        let config = SimConfig {
            scopes:
                "dashboard:read:list_meeting_participants_qos:admin dashboard:read:list_meeting_participants:admin \
                     dashboard:read:meeting:admin dashboard:read:list_meetings:admin"
                    .into(),
            ..SimConfig::default()
        };
        let sim = server::start(config.clone(), vec![SimMeeting::past(generated)]).await.unwrap();
        let client = client_for(&sim, &config, 200.0);
        let request =
            FetchRequest { meeting: spec.meeting_number.to_string(), qos_type: QosType::Past, webinar: false };
        // Feedback and sharing (also refused here) are counted apart: they are asked once each.
        let options =
            FetchOptions { strategy, concurrency: Concurrency::Fixed(4), extras: false, ..FetchOptions::default() };
        let outcome = fetch_meeting(&client, &request, &options, |_| {}, &CancelFlag::new()).await.unwrap();
        assert!(outcome.complete, "{strategy:?}: {:?}", outcome.stopped_reason);
        assert_eq!(csv_rows(&outcome.snapshot), truth, "{strategy:?}");
        let refusals = server::SimStats::get(&sim.stats.scope_refusals);
        assert!(
            refusals <= options.concurrency.workers() as u64,
            "{strategy:?}: {refusals} calls were refused for a missing scope ({joins} joins); after the first the \
             fetch must stop asking"
        );
        assert!(
            outcome.snapshot.notes.iter().any(|n| n.contains("dashboard:read:meeting_participant_qos:admin")),
            "{strategy:?}: the snapshot names the missing scope: {:?}",
            outcome.snapshot.notes
        );
    }
}
