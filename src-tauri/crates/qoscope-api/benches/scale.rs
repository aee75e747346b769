//! The meetings helpdesks dread most: `cargo bench -p qoscope-api --bench scale`.
//!
//! A 1,000-person, 120-minute meeting and a 3,000-attendee, 60-minute webinar
//! (`qoscope_sim::realistic`), each fetched from the simulator with the default settings
//! (Business-plan 40 req/s, 250 ms per request + 0.5 ms per KiB), saved, then opened as the app
//! opens it (read, derive, analyse, the Overview's three answers as JSON) and exported (the
//! whole-meeting PDF and the heatmap PNG). The opening and the exports run in a process of their
//! own, so its peak memory (VmHWM) is what they take, without the simulator or the generator.
//! The memory the open meeting holds (once opened, its answers sent) is measured there too: the
//! live heap (counted by this benchmark's allocator) and the resident set (VmRSS).
//! The window's own part (WebKit) is not in this benchmark: the fetched snapshots are kept in
//! `target/bench/` ([`kept_snapshot`]), where `scripts/bench-webview-scale.sh` opens them in the
//! window. Writes its section of `docs/benchmarks.md`; `QOSCOPE_BENCH_NO_WRITE=1` prints only.

mod support;

use qoscope_api::export::{render_chart, render_report, ChartExportRequest, ReportExportRequest};
use qoscope_api::workspace::Workspace;
use qoscope_secrets::{Credentials, SecretString};
use qoscope_sim::server::{self, CostModel, SimConfig, SimMeeting, SimStats};
use qoscope_zoom::{
    fetch_meeting, CancelFlag, ClientConfig, CredentialSource, Endpoints, FetchOptions, FetchRequest, QosType,
    ZoomClient,
};
use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The system allocator, counting the bytes alive (what the open meeting holds).
struct Counting;

static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            LIVE_BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() {
            LIVE_BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
            LIVE_BYTES.fetch_add(new_size, Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const HEADING: &str = "## Large meetings and webinars (`cargo bench -p qoscope-api --bench scale`)";
/// The child process's variable: which saved snapshot to open and export.
const OPEN_ENV: &str = "QOSCOPE_SCALE_OPEN";

struct Case {
    label: &'static str,
    people: usize,
    minutes: u32,
    seed: u64,
    webinar: bool,
}

const CASES: [Case; 2] = [
    Case { label: "meeting, 1,000 people × 120 min", people: 1000, minutes: 120, seed: 7, webinar: false },
    Case { label: "webinar, 3,000 attendees × 60 min", people: 3000, minutes: 60, seed: 11, webinar: true },
];

fn main() {
    if let Some(path) = std::env::var_os(OPEN_ENV) {
        open_and_export(Path::new(&path));
        return;
    }
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let mut rows = Vec::new();
    for case in &CASES {
        let spec = qoscope_sim::realistic::meeting(case.people, case.minutes, case.seed, 6);
        let generated = spec.generate();
        let joins = generated.qos_joins.len();
        let (seconds, requests, snapshot) = rt.block_on(fetch(generated, spec.meeting_number, case.webinar));
        let path = kept_snapshot(case);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("target/bench is writable");
        }
        snapshot.save(&path).expect("the snapshot saves");
        let bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
        drop(snapshot);
        let child = std::process::Command::new(std::env::current_exe().expect("this benchmark's path"))
            .env(OPEN_ENV, &path)
            .output()
            .expect("the opening process runs");
        let opened = String::from_utf8_lossy(&child.stdout).trim().to_owned();
        assert!(child.status.success(), "opening failed: {}", String::from_utf8_lossy(&child.stderr));
        eprintln!("{}: fetch {seconds:.1} s, {requests} requests; {opened}", case.label);
        rows.push((case, joins, seconds, requests, bytes, opened));
    }

    let mut r = String::new();
    let w = &mut r;
    let _ = writeln!(w, "{HEADING}\n");
    let _ = writeln!(
        w,
        "Run {} UTC on {} CPU(s), load average {} at the end, release build. `qoscope_sim::realistic` meetings with 6 problems each, fetched from \
         the simulator with the default settings (server limit 40 req/s, 250 ms per request + 0.5 ms per KiB), saved, \
         then opened and exported in a process of its own (its peak memory is the last column; the window's WebKit \
         processes are not included: `scripts/bench-webview-scale.sh` opens these snapshots in the window). Open = read + derive + analyse + \
         the Overview's three answers as JSON; goal (issue #20) under 2 s in the window. Held once open = what the \
         open meeting keeps after its answers are sent: live heap, then the process's resident set.\n",
        chrono::Utc::now().format("%Y-%m-%d %H:%M"),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        support::load_average(),
    );
    let _ = writeln!(
        w,
        "| meeting | joins | fetch | requests | snapshot | open | answers (JSON) | held once open (heap / resident) | PDF | heatmap PNG | peak memory (open + exports) |"
    );
    let _ = writeln!(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (case, joins, seconds, requests, bytes, opened) in &rows {
        let _ = writeln!(
            w,
            "| {} | {joins} | {seconds:.1} s | {requests} | {:.0} MB | {opened} |",
            case.label,
            *bytes as f64 / 1e6
        );
    }
    let cell = |opened: &str, i: usize| opened.split(" | ").nth(i).unwrap_or("?").to_owned();
    let told: Vec<String> = rows
        .iter()
        .map(|(case, _, seconds, requests, _, opened)| {
            let what = if case.webinar {
                format!("a {}-attendee, {}-minute webinar", thousands(case.people), case.minutes)
            } else {
                format!("a {}-person, {}-minute meeting", thousands(case.people), case.minutes)
            };
            let pdf = cell(opened, 3);
            let pdf = pdf.split(" (").next().unwrap_or("?");
            format!(
                "{what} is fetched in {seconds:.1} s ({requests} requests), opened in {} and its PDF report written in {pdf}",
                cell(opened, 0)
            )
        })
        .collect();
    let _ = writeln!(
        w,
        "\nQuoted in the README: <!-- quote:scale -->with the default settings, {} (release build, without the window)<!-- /quote -->.",
        told.join("; ")
    );
    println!("{r}");
    if std::env::var_os("QOSCOPE_BENCH_NO_WRITE").is_none() {
        support::write_section(HEADING, &r);
    }
}

/// 3000 → "3,000".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Where a case's fetched snapshot is kept for the window benchmark:
/// `target/bench/scale-{meeting|webinar}-{people}.qoscope.json` (`CARGO_TARGET_DIR` respected).
fn kept_snapshot(case: &Case) -> std::path::PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../target"));
    let kind = if case.webinar { "webinar" } else { "meeting" };
    target.join("bench").join(format!("scale-{kind}-{}.qoscope.json", case.people))
}

/// Fetches the meeting from a fresh simulator with the default settings.
async fn fetch(
    generated: qoscope_sim::generator::GeneratedMeeting,
    number: u64,
    webinar: bool,
) -> (f64, u64, qoscope_snapshot::Snapshot) {
    let config = SimConfig {
        qps_limit: Some(40),
        cost: CostModel { per_request: Duration::from_millis(250), per_kib: Duration::from_micros(500) },
        ..SimConfig::default()
    };
    let meeting = SimMeeting { webinar, ..SimMeeting::past(generated) };
    let sim = server::start(config.clone(), vec![meeting]).await.expect("the simulator starts");
    let endpoints = Endpoints::new(&sim.api_base(), &sim.token_url()).expect("endpoints");
    let credentials = CredentialSource::OAuth(Credentials {
        account_id: config.account_id.clone(),
        client_id: config.client_id.clone(),
        client_secret: SecretString::new(config.client_secret.clone()),
    });
    let client = ZoomClient::new(ClientConfig::with_endpoints(endpoints), credentials).expect("a client");
    let request = FetchRequest { meeting: number.to_string(), qos_type: QosType::Past, webinar };
    let start = Instant::now();
    let outcome = fetch_meeting(&client, &request, &FetchOptions::default(), |_| {}, &CancelFlag::new())
        .await
        .expect("the fetch");
    assert!(outcome.complete, "stopped early: {:?}", outcome.stopped_reason);
    (start.elapsed().as_secs_f64(), SimStats::get(&sim.stats.requests), outcome.snapshot)
}

/// In the child process: opens the saved meeting and exports it; prints the table's last cells.
fn open_and_export(path: &Path) {
    let start = Instant::now();
    let workspace = Workspace::open_file(path).expect("the snapshot opens");
    let answers = [
        serde_json::to_string(&workspace.overview()).unwrap().len(),
        serde_json::to_string(&workspace.quality_map()).unwrap().len(),
        // In a display zone (New York's winter time), as the app asks for them.
        serde_json::to_string(&workspace.findings_in(&qoscope_diagnosis::Clock::zoned(
            chrono::FixedOffset::west_opt(5 * 3600).expect("a valid offset"),
            "EST",
        )))
        .unwrap()
        .len(),
    ];
    let open = start.elapsed().as_secs_f64();
    let held_heap = LIVE_BYTES.load(Ordering::Relaxed) as f64 / 1e6;
    let held_resident = status_mb("VmRSS:").map_or_else(|| "n/a".to_owned(), |m| format!("{m:.0} MB"));
    // Built from JSON, as the UI sends them (fields added later keep their defaults).
    let report: ReportExportRequest =
        serde_json::from_value(serde_json::json!({"focus_user_id": null, "redact": true, "utc_offset_minutes": 0}))
            .expect("a report request");
    let chart: ChartExportRequest = serde_json::from_value(serde_json::json!({
        "chart": "heatmap", "user_id": null, "stream": null, "metric": null, "culprit_user_id": null,
        "format": "png", "redact": true, "utc_offset_minutes": 0, "from": null, "to": null
    }))
    .expect("a chart request");
    let t = Instant::now();
    let pdf = render_report(&workspace, &report, "bench").expect("the PDF renders");
    let pdf_seconds = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let png = render_chart(&workspace, &chart, "bench").expect("the heatmap renders");
    let png_seconds = t.elapsed().as_secs_f64();
    println!(
        "{open:.2} s | {:.1} MB | {held_heap:.0} MB / {held_resident} | {pdf_seconds:.2} s ({:.1} MB) | {png_seconds:.2} s ({:.1} MB) | {} MB",
        answers.iter().sum::<usize>() as f64 / 1e6,
        pdf.bytes.len() as f64 / 1e6,
        png.bytes.len() as f64 / 1e6,
        status_mb("VmHWM:").map_or_else(|| "n/a".to_owned(), |m| format!("{m:.0}")),
    );
}

/// One memory line of this process's status (VmHWM: the peak, VmRSS: now), in MB.
fn status_mb(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024.0 / 1e6)
}
