//! The fault soak shared by the test (`tests/fault_soak.rs`, a few runs) and the benchmark
//! (`benches/soak.rs`, twenty): seeded fetches of a large simulated meeting with every fault on,
//! each compared with a clean run, row by row in the canonical CSV.
#![allow(dead_code)]

use qoscope_secrets::{Credentials, SecretString};
use qoscope_sim::generator::GeneratedMeeting;
use qoscope_sim::server::{self, Faults, SimConfig, SimMeeting, SimStats};
use qoscope_snapshot::Snapshot;
use qoscope_zoom::{
    fetch_meeting, CancelFlag, ClientConfig, CredentialSource, Endpoints, FetchOptions, FetchRequest, QosType,
    RetryPolicy, ZoomClient,
};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// Every fault at once: 5xx (some as HTML), dropped connections, slow answers, 5-second
/// tokens, an expired page token, and a per-second limit below the client's rate (429s).
pub fn faulty(seed: u64) -> SimConfig {
    SimConfig {
        token_lifetime: Duration::from_secs(5),
        qps_limit: Some(20),
        faults: Faults {
            seed,
            server_error: 0.05,
            drop: 0.02,
            slow: 0.05,
            slow_delay: Duration::from_millis(400),
            expire_page_token_at_use: Some(2),
        },
        ..SimConfig::default()
    }
}

/// A client for `sim`, asking for `rate` requests per second.
pub fn client_for(sim: &server::RunningSimulator, config: &SimConfig, rate: f64) -> ZoomClient {
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

/// The canonical CSV rows of a snapshot (header dropped), sorted.
pub fn csv_rows(snapshot: &Snapshot) -> Vec<String> {
    let meeting = snapshot.meeting().unwrap();
    let mut out = Vec::new();
    qoscope_model::csv::write_canonical_csv(&meeting, &mut out).unwrap();
    let mut lines: Vec<String> = String::from_utf8(out).unwrap().lines().skip(1).map(str::to_owned).collect();
    lines.sort_unstable();
    lines
}

pub fn request_for(meeting_number: u64) -> FetchRequest {
    FetchRequest { meeting: meeting_number.to_string(), qos_type: QosType::Past, webinar: false }
}

/// One fetch of `generated` from a simulator with `config`; returns the snapshot and the
/// simulator's counters.
pub async fn fetch_once(generated: &GeneratedMeeting, meeting_number: u64, config: SimConfig, rate: f64) -> Run {
    let sim = server::start(config.clone(), vec![SimMeeting::past(generated.clone())]).await.unwrap();
    let client = client_for(&sim, &config, rate);
    let started = Instant::now();
    let outcome =
        fetch_meeting(&client, &request_for(meeting_number), &FetchOptions::default(), |_| {}, &CancelFlag::new())
            .await
            .expect("the fetch gets the meeting");
    Run {
        elapsed: started.elapsed(),
        complete: outcome.complete,
        rows: csv_rows(&outcome.snapshot),
        requests: sim.stats.requests.load(Ordering::Relaxed),
        faults: SimStats::get(&sim.stats.faults),
        rate_limited: SimStats::get(&sim.stats.rate_limited),
        tokens: SimStats::get(&sim.stats.tokens_minted),
    }
}

pub struct Run {
    pub elapsed: Duration,
    pub complete: bool,
    pub rows: Vec<String>,
    pub requests: u64,
    pub faults: u64,
    pub rate_limited: u64,
    pub tokens: u64,
}

/// The first row where two CSVs differ, for a failure message.
pub fn first_difference(a: &[String], b: &[String]) -> String {
    match a.iter().zip(b).position(|(x, y)| x != y) {
        Some(i) => format!("row {i}: {:?} vs {:?}", a[i], b[i]),
        None => format!("{} rows vs {} rows", a.len(), b.len()),
    }
}
