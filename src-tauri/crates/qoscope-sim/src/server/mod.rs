//! The simulator as an HTTP server on loopback: Zoom's OAuth endpoint and the Dashboard
//! endpoints QoScope uses, with Zoom's envelopes, errors and rate-limit headers, a cost model
//! (latency per request and per KiB of response), and seeded fault injection.
//!
//! ```text
//! let sim = qoscope_sim::server::start(SimConfig::default(), vec![SimMeeting::past(scenario::demo().generate())]).await?;
//! // API base: sim.api_base()   OAuth token URL: sim.token_url()
//! ```

pub mod http;
mod live;
mod report;
mod zoom;

use crate::generator::GeneratedMeeting;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// The simulator's own client secret: a public test value, printed by `qoscope-sim serve`.
pub const SIM_CLIENT_SECRET: &str = "sim-client-secret";

/// What the simulator accepts and how it behaves.
#[derive(Debug, Clone)]
pub struct SimConfig {
    pub account_id: String,
    pub client_id: String,
    pub client_secret: String,
    /// Lifetime of minted access tokens (Zoom: 3600 s).
    pub token_lifetime: Duration,
    /// Space-separated scopes granted to tokens.
    pub scopes: String,
    /// Whether the token response carries `api_url` (pointing back at this server).
    pub return_api_url: bool,
    /// Requests per wall-clock second before a QPS 429 (Zoom Business: 40 for Heavy APIs).
    pub qps_limit: Option<u32>,
    /// Requests per day before a daily-limit 429.
    pub daily_limit: Option<u64>,
    pub cost: CostModel,
    pub faults: Faults,
    /// How long a `next_page_token` stays valid (Zoom: 15 minutes).
    pub page_token_ttl: Duration,
}

/// Zoom-like response times: a fixed cost per request plus a cost per KiB of response body.
#[derive(Debug, Clone, Copy, Default)]
pub struct CostModel {
    pub per_request: Duration,
    pub per_kib: Duration,
}

/// Seeded misbehaviour.
#[derive(Debug, Clone, Copy)]
pub struct Faults {
    pub seed: u64,
    /// Probability of a 500/502/503 answer (some as HTML pages, like a proxy's).
    pub server_error: f64,
    /// Probability of closing the connection without an answer.
    pub drop: f64,
    /// Probability of an extra `slow_delay`.
    pub slow: f64,
    pub slow_delay: Duration,
    /// The Nth use of a page token (counting all paged endpoints) finds it expired (Zoom code
    /// 300), as if the user had paused for 15 minutes.
    pub expire_page_token_at_use: Option<u32>,
}

impl Default for Faults {
    fn default() -> Faults {
        Faults {
            seed: 1,
            server_error: 0.0,
            drop: 0.0,
            slow: 0.0,
            slow_delay: Duration::from_millis(300),
            expire_page_token_at_use: None,
        }
    }
}

impl Default for SimConfig {
    fn default() -> SimConfig {
        SimConfig {
            account_id: "sim-account".to_owned(),
            client_id: "sim-client".to_owned(),
            client_secret: SIM_CLIENT_SECRET.to_owned(),
            token_lifetime: Duration::from_secs(3600),
            scopes:
                "dashboard_meetings:read:admin dashboard_webinars:read:admin meeting:read:admin webinar:read:admin \
                     report:read:admin"
                    .to_owned(),
            return_api_url: false,
            qps_limit: None,
            daily_limit: None,
            cost: CostModel::default(),
            faults: Faults::default(),
            page_token_ttl: Duration::from_secs(15 * 60),
        }
    }
}

/// A meeting the simulator knows.
#[derive(Debug, Clone)]
pub struct SimMeeting {
    pub generated: GeneratedMeeting,
    pub webinar: bool,
    /// Still running: answers `type=live`; `type=past` says "not ended" (3001).
    pub live: bool,
}

impl SimMeeting {
    pub fn past(generated: GeneratedMeeting) -> SimMeeting {
        SimMeeting { generated, webinar: false, live: false }
    }
}

/// Counters for tests and benchmarks.
#[derive(Debug, Default)]
pub struct SimStats {
    pub requests: AtomicU64,
    pub rate_limited: AtomicU64,
    pub faults: AtomicU64,
    pub tokens_minted: AtomicU64,
    /// Answers 4700 (the token lacks the call's scope).
    pub scope_refusals: AtomicU64,
}

impl SimStats {
    pub fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }
}

/// A simulator listening on loopback; stops when dropped.
pub struct RunningSimulator {
    pub addr: SocketAddr,
    pub stats: Arc<SimStats>,
    task: tokio::task::JoinHandle<()>,
}

impl RunningSimulator {
    /// The API base to give the client (`QOSCOPE_API_BASE`).
    pub fn api_base(&self) -> String {
        format!("http://{}/v2", self.addr)
    }

    /// The OAuth token URL (`QOSCOPE_OAUTH_TOKEN_URL`).
    pub fn token_url(&self) -> String {
        format!("http://{}/oauth/token", self.addr)
    }
}

impl Drop for RunningSimulator {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts a simulator on `127.0.0.1:<port>` (0 picks a free port).
pub async fn start_on(port: u16, config: SimConfig, meetings: Vec<SimMeeting>) -> std::io::Result<RunningSimulator> {
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    let stats = Arc::new(SimStats::default());
    let state = Arc::new(zoom::SimState::new(config, meetings, addr, stats.clone()));
    let task = tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { continue };
            let _ = stream.set_nodelay(true);
            let state = state.clone();
            tokio::spawn(async move {
                http::serve_connection(stream, |req| {
                    let state = state.clone();
                    async move { state.handle(req) }
                })
                .await;
            });
        }
    });
    Ok(RunningSimulator { addr, stats, task })
}

/// Starts a simulator on a free loopback port.
pub async fn start(config: SimConfig, meetings: Vec<SimMeeting>) -> std::io::Result<RunningSimulator> {
    start_on(0, config, meetings).await
}
