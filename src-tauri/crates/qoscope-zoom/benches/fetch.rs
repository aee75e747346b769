//! Fetch benchmark: `cargo bench -p qoscope-zoom --bench fetch`.
//!
//! One 300-participant, 60-minute meeting (`scenario::large(300, seed)`) on the simulator with a
//! Zoom-like cost model (250 ms per request + 0.5 ms per KiB of response, Business-plan 40 req/s
//! limit, no faults). Times `fetch_meeting` with `Strategy::Auto` at a few concurrency / client
//! rate settings and with `Strategy::QosListOnly` (sequential paging, 10 joins per page), each
//! against a fresh simulator; checks every fetch gives the generator's truth as canonical CSV;
//! computes the best time the cost model and rate limit allow from the observed response sizes;
//! measures parse + derive throughput (`Snapshot::meeting()`) and peak memory (VmHWM). Prints a
//! Markdown report and writes it into `docs/benchmarks.md` (its own section only).
//!
//! First, and as the headline, the **default settings** (`FetchOptions::default()`, the default
//! client rate) at 100, 250, 600 and 1,000 ms per request against 10 and 40 req/s servers, each
//! against the floor of any client sending those requests at that rate (successful requests ÷
//! min(server limit, client rate) + one request's latency), beside the old fixed 8 in flight as
//! the baseline of the same run.
//!
//! Environment: `QOSCOPE_BENCH_SETTINGS="12:38,16:38"` (concurrency:requests-per-second pairs to
//! try besides the defaults), `QOSCOPE_BENCH_SEED` (default 42), `QOSCOPE_BENCH_NO_WRITE=1`
//! (print only).

use qoscope_model::meeting::RawMeeting;
use qoscope_model::raw::{MeetingDetailsRaw, ParticipantsPage, QosParticipant};
use qoscope_model::Meeting;
use qoscope_secrets::{Credentials, SecretString};
use qoscope_sim::generator::GeneratedMeeting;
use qoscope_sim::scenario;
use qoscope_sim::server::{self, CostModel, SimConfig, SimMeeting, SimStats};
use qoscope_snapshot::{ExchangeKind, Snapshot};
use qoscope_zoom::{
    config::DEFAULT_REQUESTS_PER_SECOND, fetch_meeting, CancelFlag, ClientConfig, Concurrency, CredentialSource,
    Endpoints, FetchOptions, FetchRequest, Progress, QosType, RetryPolicy, Stage, Strategy, ZoomClient,
};
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

const PEOPLE: usize = 300;
const QPS_LIMIT: u32 = 40;
const PER_REQUEST: Duration = Duration::from_millis(250);
const PER_KIB: Duration = Duration::from_micros(500);
const HEADING: &str = "## Zoom fetch (qoscope-zoom, `cargo bench -p qoscope-zoom --bench fetch`)";
const DEFAULT_SETTINGS: &str = "16:38,16:40,20:40";

/// The cautious client rate measured besides the fast settings.
const SLOW_RPS: f64 = 4.0;

/// The server limits and per-request latencies the default settings are measured at.
const DEFAULTS_LIMITS: [u32; 2] = [10, 40];
const DEFAULTS_LATENCIES_MS: [u64; 4] = [100, 250, 600, 1000];
/// The goal for the default settings against the floor (issue #20).
const DEFAULTS_GOAL: f64 = 1.15;
/// The fixed number in flight before Little's law (the baseline rows).
const OLD_FIXED_IN_FLIGHT: usize = 8;

/// The simulator: `latency` per request + 0.5 ms per KiB, `limit` req/s.
#[derive(Clone, Copy)]
struct Server {
    latency: Duration,
    limit: u32,
}

const BUSINESS: Server = Server { latency: PER_REQUEST, limit: QPS_LIMIT };

fn sim_config(server: Server) -> SimConfig {
    SimConfig {
        qps_limit: Some(server.limit),
        cost: CostModel { per_request: server.latency, per_kib: PER_KIB },
        ..SimConfig::default()
    }
}

fn describe(c: Concurrency) -> String {
    match c {
        Concurrency::Adaptive => "adaptive (default)".to_owned(),
        Concurrency::Fixed(n) => n.to_string(),
    }
}

/// The simulator's service time for a response of `bytes` (it charges whole KiB).
fn cost_of(bytes: usize) -> Duration {
    PER_REQUEST + PER_KIB * (bytes / 1024) as u32
}

struct Run {
    label: String,
    concurrency: Concurrency,
    rps: f64,
    seconds: f64,
    /// When the last page of the participants list arrived (it feeds the "N / M" count).
    list_seconds: Option<f64>,
    snapshot: Snapshot,
    requests: u64,
    rate_limited: u64,
    /// Answered with data (not 429s, faults or scope refusals).
    successful: u64,
    matches_truth: bool,
}

fn csv_rows(snapshot: &Snapshot) -> Vec<String> {
    let meeting = snapshot.meeting().expect("the snapshot derives");
    let mut out = Vec::new();
    qoscope_model::csv::write_canonical_csv(&meeting, &mut out).unwrap();
    let mut rows: Vec<String> = String::from_utf8(out).unwrap().lines().skip(1).map(str::to_owned).collect();
    rows.sort_unstable();
    rows
}

async fn run_fetch(
    generated: &GeneratedMeeting,
    meeting_number: u64,
    truth: &[String],
    strategy: Strategy,
    concurrency: Concurrency,
    rps: f64,
    server: Server,
) -> Run {
    let config = sim_config(server);
    let sim = server::start(config.clone(), vec![SimMeeting::past(generated.clone())]).await.unwrap();
    let endpoints = Endpoints::new(&sim.api_base(), &sim.token_url()).unwrap();
    let client_config = ClientConfig {
        requests_per_second: rps,
        retry: RetryPolicy::default(),
        ..ClientConfig::with_endpoints(endpoints)
    };
    let credentials = CredentialSource::OAuth(Credentials {
        account_id: config.account_id.clone(),
        client_id: config.client_id.clone(),
        client_secret: SecretString::new(config.client_secret.clone()),
    });
    let client = ZoomClient::new(client_config, credentials).unwrap();
    let request = FetchRequest { meeting: meeting_number.to_string(), qos_type: QosType::Past, webinar: false };
    let options = FetchOptions { strategy, concurrency, ..FetchOptions::default() };
    let start = Instant::now();
    let list_done = std::sync::Arc::new(std::sync::Mutex::new(None::<f64>));
    let on_progress = {
        let list_done = list_done.clone();
        move |p: Progress| {
            if let Progress::PageFetched { stage: Stage::ParticipantsList, page, total_pages } = p {
                if total_pages == Some(page) {
                    *list_done.lock().unwrap() = Some(start.elapsed().as_secs_f64());
                }
            }
        }
    };
    let outcome = fetch_meeting(&client, &request, &options, on_progress, &CancelFlag::new()).await.expect("the fetch");
    let seconds = start.elapsed().as_secs_f64();
    let list_seconds = *list_done.lock().unwrap();
    assert!(outcome.complete, "{strategy:?}: stopped early: {:?}", outcome.stopped_reason);
    let matches_truth = csv_rows(&outcome.snapshot) == truth;
    let label = match strategy {
        Strategy::Auto => format!("Auto (pager + one by one), in flight {}, client {rps} req/s", describe(concurrency)),
        Strategy::PerParticipant => {
            format!("PerParticipant only, in flight {}, client {rps} req/s", describe(concurrency))
        }
        Strategy::QosListOnly => format!("QosListOnly (page_size 10), client {rps} req/s"),
    };
    eprintln!("{label}: {seconds:.2} s, {} answers, truth {}", outcome.snapshot.exchanges.len(), matches_truth);
    Run {
        label,
        concurrency,
        rps,
        seconds,
        list_seconds,
        requests: SimStats::get(&sim.stats.requests),
        rate_limited: SimStats::get(&sim.stats.rate_limited),
        successful: SimStats::get(&sim.stats.requests)
            - SimStats::get(&sim.stats.rate_limited)
            - SimStats::get(&sim.stats.faults)
            - SimStats::get(&sim.stats.scope_refusals)
            - SimStats::get(&sim.stats.tokens_minted),
        snapshot: outcome.snapshot,
        matches_truth,
    }
}

fn body_sizes(snapshot: &Snapshot, kind: ExchangeKind) -> Vec<usize> {
    snapshot
        .exchanges
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| e.body.as_ref().map_or(0, |b| b.get().len()) + e.body_text.as_ref().map_or(0, String::len))
        .collect()
}

fn total_bytes(snapshot: &Snapshot) -> usize {
    [ExchangeKind::MeetingDetails, ExchangeKind::ParticipantsPage, ExchangeKind::ParticipantQos, ExchangeKind::QosPage]
        .into_iter()
        .flat_map(|k| body_sizes(snapshot, k))
        .sum()
}

fn proc_status(field: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(field)).map(|l| l[field.len()..].trim().to_owned()))
        .unwrap_or_else(|| "n/a".into())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

fn kib(bytes: usize) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

fn write_section(report: &str) -> std::io::Result<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let path = root.canonicalize().unwrap_or(root).join("docs/benchmarks.md");
    let old = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        "# Benchmarks\n\nMeasured numbers for QoScope's performance goals; each section is written by its benchmark.\n"
            .to_owned()
    });
    let new = match old.find(HEADING) {
        Some(start) => {
            let after = start + HEADING.len();
            let end = old[after..].find("\n## ").map_or(old.len(), |i| after + i + 1);
            format!("{}{}{}", &old[..start], report, &old[end..])
        }
        None => format!("{}\n{}", old.trim_end_matches('\n').to_owned() + "\n", report),
    };
    std::fs::write(&path, new)?;
    Ok(path)
}

fn main() {
    let settings: Vec<(usize, f64)> = std::env::var("QOSCOPE_BENCH_SETTINGS")
        .unwrap_or_else(|_| DEFAULT_SETTINGS.into())
        .split(',')
        .filter_map(|s| {
            let (c, r) = s.trim().split_once(':')?;
            Some((c.parse().ok()?, r.parse().ok()?))
        })
        .collect();
    let seed: u64 = std::env::var("QOSCOPE_BENCH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(42);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();

    let spec = scenario::large(PEOPLE, seed);
    let gen_start = Instant::now();
    let generated = spec.generate();
    let gen_seconds = gen_start.elapsed().as_secs_f64();
    let truth: Vec<String> = {
        let mut t: Vec<String> = generated.truth.iter().map(|r| r.csv_line()).collect();
        t.sort_unstable();
        t
    };
    let joins = generated.qos_joins.len();
    eprintln!("generated {joins} joins, {} truth rows in {gen_seconds:.2} s", truth.len());

    let fetch = |strategy, concurrency, rps, server| {
        rt.block_on(run_fetch(&generated, spec.meeting_number, &truth, strategy, concurrency, rps, server))
    };
    // The default settings at each latency and server limit, and the old fixed 8 beside them.
    let mut defaults = Vec::new();
    for limit in DEFAULTS_LIMITS {
        for ms in DEFAULTS_LATENCIES_MS {
            let server = Server { latency: Duration::from_millis(ms), limit };
            let new = fetch(Strategy::Auto, Concurrency::Adaptive, DEFAULT_REQUESTS_PER_SECOND, server);
            let old =
                fetch(Strategy::Auto, Concurrency::Fixed(OLD_FIXED_IN_FLIGHT), DEFAULT_REQUESTS_PER_SECOND, server);
            defaults.push((server, new, old));
        }
    }
    let mut autos = Vec::new();
    for &(concurrency, rps) in &settings {
        autos.push(fetch(Strategy::Auto, Concurrency::Fixed(concurrency), rps, BUSINESS));
    }
    // A cautious client rate (Settings → requests per second): the pagers go first at the limiter.
    let slow = fetch(Strategy::Auto, Concurrency::Adaptive, SLOW_RPS, BUSINESS);
    let per = fetch(Strategy::PerParticipant, Concurrency::Fixed(24), 38.0, BUSINESS);
    let seq = fetch(Strategy::QosListOnly, Concurrency::Fixed(1), 38.0, BUSINESS);
    // The headline: the default settings on the Business-plan server of the other rows.
    let headline = &defaults
        .iter()
        .find(|(server, ..)| server.limit == QPS_LIMIT && server.latency == PER_REQUEST)
        .expect("the defaults were measured at 250 ms and 40 req/s")
        .1;

    // --- the best time the model allows, from the response sizes observed ---------------------
    // Measured on the per-participant-only snapshot (every join fetched one by one).
    let snap = &per.snapshot;
    let details = body_sizes(snap, ExchangeKind::MeetingDetails);
    let list_pages = body_sizes(snap, ExchangeKind::ParticipantsPage);
    let per_join = body_sizes(snap, ExchangeKind::ParticipantQos);
    let auto_requests = details.len() + list_pages.len() + per_join.len();
    let throughput_bound = auto_requests as f64 / f64::from(QPS_LIMIT);
    let list_path: Duration = details.iter().chain(&list_pages).map(|b| cost_of(*b)).sum();
    let slowest_join = per_join.iter().map(|b| cost_of(*b)).max().unwrap_or_default();
    let fastest_join = per_join.iter().map(|b| cost_of(*b)).min().unwrap_or_default();
    let critical_path = (list_path + slowest_join).as_secs_f64();
    let per_participant_bound = throughput_bound.max(critical_path);
    // Design-aware: per-join calls need the list's user_ids, so they start after the list.
    let list_only: Duration = list_pages.iter().map(|b| cost_of(*b)).sum();
    let design_bound = list_only.as_secs_f64()
        + (per_join.len().saturating_sub(1)) as f64 / f64::from(QPS_LIMIT)
        + fastest_join.as_secs_f64();
    let qos_pages = body_sizes(&seq.snapshot, ExchangeKind::QosPage);
    let seq_details = body_sizes(&seq.snapshot, ExchangeKind::MeetingDetails);
    let seq_bound: f64 = seq_details.iter().chain(&qos_pages).map(|b| cost_of(*b).as_secs_f64()).sum();
    // Any design: QoS-list pages (10 joins each) can only come one after another, every
    // request counts against the same 40 req/s, and the last answer takes at least the fastest
    // call's time. Pages cover 10 joins per request but at most 1/page-cost of them per second.
    // By time T: joins ≤ 10·T/Lp + (40·T − T/Lp − list pages − 1 details); need all N joins.
    let page_cost = qos_pages.iter().map(|b| cost_of(*b).as_secs_f64()).sum::<f64>() / qos_pages.len().max(1) as f64;
    let n_joins = per_join.len() as f64;
    let send_time = (n_joins + list_pages.len() as f64 + 1.0) / (f64::from(QPS_LIMIT) + 9.0 / page_cost);
    let bound = send_time + fastest_join.as_secs_f64();
    let avg = |v: &[usize]| if v.is_empty() { 0 } else { v.iter().sum::<usize>() / v.len() };

    // --- parse + derive throughput ------------------------------------------------------------
    let bytes = total_bytes(snap);
    let mut parse_times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let meeting = snap.meeting().unwrap();
        parse_times.push(t.elapsed().as_secs_f64());
        std::hint::black_box(meeting);
    }
    parse_times.sort_by(f64::total_cmp);
    let mbps = |s: f64| bytes as f64 / 1e6 / s;
    let seq_bytes = total_bytes(&seq.snapshot);
    let t = Instant::now();
    std::hint::black_box(seq.snapshot.meeting().unwrap());
    let seq_parse = t.elapsed().as_secs_f64();
    // Where the time goes: serde into the raw types alone, then derive alone.
    let mut parse_only = f64::MAX;
    let mut derive_only = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let mut joins_raw: Vec<QosParticipant> = Vec::new();
        let mut lists: Vec<ParticipantsPage> = Vec::new();
        let mut details_raw: Option<MeetingDetailsRaw> = None;
        for e in &snap.exchanges {
            let Some(b) = e.body.as_ref() else { continue };
            match e.kind {
                ExchangeKind::ParticipantQos => joins_raw.push(serde_json::from_str(b.get()).unwrap()),
                ExchangeKind::ParticipantsPage => lists.push(serde_json::from_str(b.get()).unwrap()),
                ExchangeKind::MeetingDetails => details_raw = Some(serde_json::from_str(b.get()).unwrap()),
                _ => {}
            }
        }
        parse_only = parse_only.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let m = Meeting::derive(&RawMeeting {
            details: details_raw.as_ref(),
            qos_pages: Vec::new(),
            single_joins: joins_raw.iter().collect(),
            participant_pages: lists.iter().collect(),
        });
        derive_only = derive_only.min(t.elapsed().as_secs_f64());
        std::hint::black_box(m);
    }
    let t = Instant::now();
    for e in &snap.exchanges {
        if let Some(b) = e.body.as_ref() {
            std::hint::black_box(serde_json::from_str::<serde::de::IgnoredAny>(b.get()).unwrap());
        }
    }
    let scan_only = t.elapsed().as_secs_f64();
    let hwm = proc_status("VmHWM:");

    // --- report -------------------------------------------------------------------------------
    let mut r = String::new();
    let w = &mut r;
    let nproc = std::thread::available_parallelism().map_or(0, |n| n.get());
    let _ = writeln!(w, "{HEADING}\n");
    let _ = writeln!(
        w,
        "Run {} UTC on {nproc} CPU(s) ({}), release build. Meeting: `scenario::large({PEOPLE}, {seed})` — {PEOPLE} \
         people, 60 minutes, {joins} joins (rejoins included), {} truth rows. Simulator cost model: {} ms per request \
         + {} ms per KiB of response, server limit {QPS_LIMIT} req/s (fixed one-second windows), no faults. Each fetch \
         against a fresh simulator.\n",
        chrono::Utc::now().format("%Y-%m-%d %H:%M"),
        cpu_model(),
        truth.len(),
        PER_REQUEST.as_millis(),
        PER_KIB.as_secs_f64() * 1000.0,
    );
    write_defaults_table(w, &defaults, fastest_join.saturating_sub(PER_REQUEST));
    let _ =
        writeln!(w, "Other settings, on the {QPS_LIMIT} req/s server at {} ms per request:\n", PER_REQUEST.as_millis());
    let _ = writeln!(
        w,
        "| fetch | time | participants list complete | requests sent (incl. token, 429s) | 429s | CSV = truth | vs. bound |"
    );
    let _ = writeln!(w, "|---|---:|---:|---:|---:|---|---:|");
    for run in std::iter::once(headline).chain(&autos).chain([&slow, &per, &seq]) {
        let _ = writeln!(
            w,
            "| {} | {:.2} s | {} | {} | {} | {} | {} |",
            run.label,
            run.seconds,
            run.list_seconds.map(|t| format!("{t:.2} s")).unwrap_or_else(|| "—".to_owned()),
            run.requests,
            run.rate_limited,
            if run.matches_truth { "yes" } else { "**NO**" },
            // The bound assumes the server's full rate; a slower client has its own.
            if run.rps < f64::from(QPS_LIMIT) / 2.0 {
                "—".to_owned()
            } else {
                format!("{:.2}×", run.seconds / bound)
            }
        );
    }
    let _ = writeln!(w);
    let speedup = seq.seconds / headline.seconds;
    let ratio = headline.seconds / bound;
    let verdict = |ok: bool| if ok { "met" } else { "**not met**" };
    let _ = writeln!(
        w,
        "**Default settings** (in flight {}, {} req/s) on this server: {:.2} s = **{ratio:.2}× the lower bound below** \
         (goal ≤ 1.3×: {}); **{speedup:.2}× faster than sequential** paging (goal ≥ 3×: {}).\n",
        describe(headline.concurrency),
        headline.rps,
        headline.seconds,
        verdict(ratio <= 1.3),
        verdict(speedup >= 3.0)
    );
    let _ = writeln!(
        w,
        "\"Participants list complete\" is when its last page arrived (it feeds the workers and the app's \
         \"N / M participants\"). The two pagers are chains (each page needs the one before), so they ask the \
         client's rate limiter with priority (`Priority::Chain`): at {SLOW_RPS} req/s the list was complete after \
         {} and the fetch took {:.2} s with {} requests; the singles fill the slots the pagers leave.\n",
        slow.list_seconds.map(|t| format!("{t:.2} s")).unwrap_or_else(|| "—".to_owned()),
        slow.seconds,
        slow.requests
    );
    let _ = writeln!(
        w,
        "Lower bound for **any** fetch under this model: pages of the QoS list hold 10 joins but come one after \
         another (avg {:.3} s each), and every request counts against {QPS_LIMIT} req/s. By time T at most \
         10·T/{:.3} joins come from pages and {QPS_LIMIT}·T − T/{:.3} − {} requests are left for joins one by one, \
         so sending needs T ≥ ({} + {} + 1) / ({QPS_LIMIT} + 9/{:.3}) = {send_time:.2} s, plus the fastest call \
         ({:.3} s): **bound = {bound:.2} s**. The sequential floor below / this bound = {:.2}× is the most any design \
         can gain.\n",
        page_cost,
        page_cost,
        page_cost,
        list_pages.len() + 1,
        per_join.len(),
        list_pages.len(),
        page_cost,
        fastest_join.as_secs_f64(),
        seq_bound / bound,
    );
    let _ = writeln!(
        w,
        "Bound for a design that fetches every join one by one (PerParticipant, {:.2} s measured), from its snapshot:\n",
        per.seconds
    );
    let _ = writeln!(
        w,
        "- requests: 1 details ({}) + {} participants-list page(s) ({} total) + {} per-join QoS calls (avg {}, max {}) \
         = {auto_requests}",
        kib(details.iter().sum()),
        list_pages.len(),
        kib(list_pages.iter().sum()),
        per_join.len(),
        kib(avg(&per_join)),
        kib(per_join.iter().copied().max().unwrap_or(0)),
    );
    let _ = writeln!(w, "- rate limit: {auto_requests} / {QPS_LIMIT} req/s = {throughput_bound:.2} s");
    let _ = writeln!(
        w,
        "- critical path: details + list pages in series ({:.2} s) + slowest per-join call ({:.3} s) = {critical_path:.2} s",
        list_path.as_secs_f64(),
        slowest_join.as_secs_f64()
    );
    let _ = writeln!(w, "- **bound = max = {per_participant_bound:.2} s**");
    let _ = writeln!(
        w,
        "- estimate for any design that needs the list's `user_id`s first: list pages ({:.2} s) + ({} − 1) / {QPS_LIMIT} \
         req/s + fastest per-join call ({:.3} s) = {design_bound:.2} s (default settings = {:.2}× this; not strict: the \
         server counts fixed one-second windows, so a burst straddling a boundary can exceed {QPS_LIMIT} in 1 s)",
        list_only.as_secs_f64(),
        per_join.len(),
        fastest_join.as_secs_f64(),
        headline.seconds / design_bound
    );
    let _ = writeln!(
        w,
        "- sequential QoS-list paging cannot beat details + {} pages in series (avg {} per page) = {seq_bound:.2} s \
         (measured {:.2} s)\n",
        qos_pages.len(),
        kib(avg(&qos_pages)),
        seq.seconds
    );
    let _ = writeln!(
        w,
        "Parse + derive (`Snapshot::meeting()`), PerParticipant snapshot, {} of JSON bodies, 5 runs:\n",
        kib(bytes)
    );
    let _ = writeln!(
        w,
        "| best | median | worst | throughput (best / median) | goal ≥ 200 MB/s |\n|---:|---:|---:|---:|---|\n| {:.1} ms | {:.1} ms | {:.1} ms | {:.0} / {:.0} MB/s | {} |\n",
        parse_times[0] * 1e3,
        parse_times[2] * 1e3,
        parse_times[4] * 1e3,
        mbps(parse_times[0]),
        mbps(parse_times[2]),
        verdict(mbps(parse_times[2]) >= 200.0)
    );
    let _ = writeln!(
        w,
        "Where the time goes (best of 3): serde into the lenient raw types {:.1} ms ({:.0} MB/s), `Meeting::derive` \
         (metric-string parsing, merging, grouping) {:.1} ms; for scale, serde_json merely skipping the same JSON \
         (`IgnoredAny`) takes {:.1} ms ({:.0} MB/s).\n",
        parse_only * 1e3,
        mbps(parse_only),
        derive_only * 1e3,
        scan_only * 1e3,
        mbps(scan_only)
    );
    let _ = writeln!(
        w,
        "Sequential snapshot ({}, QoS-list pages): {:.1} ms = {:.0} MB/s. Peak memory of the benchmark process \
         (VmHWM, both snapshots, all generated data and the simulators included): {hwm}. Meeting generation: {gen_seconds:.2} s.",
        kib(seq_bytes),
        seq_parse * 1e3,
        seq_bytes as f64 / 1e6 / seq_parse
    );
    println!("{r}");

    let every_run = defaults.iter().flat_map(|(_, new, old)| [new, old]).chain(&autos).chain([&slow, &per, &seq]);
    assert!(every_run.into_iter().all(|r| r.matches_truth), "a fetch did not match the truth");
    if std::env::var_os("QOSCOPE_BENCH_NO_WRITE").is_none() {
        match write_section(&r) {
            Ok(p) => {
                eprintln!("wrote {}", p.display());
                sync_readme_quotes();
            }
            Err(e) => eprintln!("could not write docs/benchmarks.md: {e}"),
        }
    }
}

/// The default settings against the floor of any client sending the same successful requests at
/// min(server limit, client rate), plus one request's latency; the old fixed 8 beside them.
/// `size_cost`: the size part of the smallest per-join answer's service time.
fn write_defaults_table(w: &mut String, defaults: &[(Server, Run, Run)], size_cost: Duration) {
    let _ = writeln!(
        w,
        "**Default settings** (`FetchOptions::default()`: in flight by Little's law on the client's rate and observed \
         latency; client rate {DEFAULT_REQUESTS_PER_SECOND} req/s), each against the floor of any client: successful \
         requests ÷ min(server limit, client rate) + one request's latency (the smallest per-join answer). Goal ≤ \
         {DEFAULTS_GOAL}×. Baseline in the same run: the old fixed {OLD_FIXED_IN_FLIGHT} in flight.\n"
    );
    let _ = writeln!(
        w,
        "| server limit | latency | successful requests | floor | default settings | vs floor | 429s | fixed {OLD_FIXED_IN_FLIGHT} in flight | vs floor |"
    );
    let _ = writeln!(w, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut worst: f64 = 0.0;
    for (server, new, old) in defaults {
        let floor_of = |run: &Run| {
            run.successful as f64 / f64::from(server.limit).min(run.rps) + (server.latency + size_cost).as_secs_f64()
        };
        let (new_floor, old_floor) = (floor_of(new), floor_of(old));
        worst = worst.max(new.seconds / new_floor);
        let _ = writeln!(
            w,
            "| {} req/s | {} ms | {} | {:.2} s | {:.2} s | **{:.2}×** | {} | {:.2} s | {:.2}× |",
            server.limit,
            server.latency.as_millis(),
            new.successful,
            new_floor,
            new.seconds,
            new.seconds / new_floor,
            new.rate_limited,
            old.seconds,
            old.seconds / old_floor,
        );
    }
    let met = if worst <= DEFAULTS_GOAL { "met" } else { "**not met**" };
    let _ = writeln!(w, "\nWorst default-settings ratio: **{worst:.2}×** (goal ≤ {DEFAULTS_GOAL}×: {met}).\n");
    if let Some((server, run, _)) = defaults.iter().find(|(s, ..)| s.limit == QPS_LIMIT && s.latency == PER_REQUEST) {
        let _ = writeln!(
            w,
            "Quoted in the README: <!-- quote:fetch-defaults -->with the default settings, fetching a {PEOPLE}-person, \
             60-minute meeting takes {:.1} s on a {} req/s account at {} ms per request, and stays within {worst:.2}× \
             the floor of any client from {} to {} ms per request on {} and {} req/s accounts<!-- /quote -->.\n",
            run.seconds,
            server.limit,
            server.latency.as_millis(),
            DEFAULTS_LATENCIES_MS[0],
            DEFAULTS_LATENCIES_MS[DEFAULTS_LATENCIES_MS.len() - 1],
            DEFAULTS_LIMITS[0],
            DEFAULTS_LIMITS[1],
        );
    }
}

/// Copies the section's quotes into the README (`scripts/bench-quotes.mjs`).
fn sync_readme_quotes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let status = std::process::Command::new("node").arg("scripts/bench-quotes.mjs").current_dir(&root).status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("could not update the README's quotes: run `node scripts/bench-quotes.mjs`");
    }
}
