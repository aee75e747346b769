//! The full fault soak: 20 seeded fetches of `scenario::large(300, 42)` with every fault on,
//! each compared with a clean fetch; writes its section of `docs/benchmarks.md`. Run with
//! `cargo bench -p qoscope-zoom --bench soak` (`QOSCOPE_SOAK_RUNS` changes the count).

#[path = "../tests/soak/mod.rs"]
mod soak;

use qoscope_sim::scenario;
use qoscope_sim::server::SimConfig;
use soak::{faulty, fetch_once, first_difference};
use std::path::Path;

const HEADING: &str = "## Fault soak (qoscope-zoom, `cargo bench -p qoscope-zoom --bench soak`)";

fn main() {
    let runs: u64 = std::env::var("QOSCOPE_SOAK_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(20);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let spec = scenario::large(300, 42);
    let generated = spec.generate();
    let clean = rt.block_on(fetch_once(&generated, spec.meeting_number, SimConfig::default(), 30.0));
    let mut rows = String::new();
    let mut failures = 0;
    for seed in 1..=runs {
        let run = rt.block_on(fetch_once(&generated, spec.meeting_number, faulty(seed), 30.0));
        let same = run.complete && run.rows == clean.rows;
        if !same {
            failures += 1;
            eprintln!("seed {seed}: {}", first_difference(&run.rows, &clean.rows));
        }
        let line = format!(
            "| {seed} | {} | {} | {} | {} | {:.1} s | {} |\n",
            run.requests,
            run.faults,
            run.rate_limited,
            run.tokens,
            run.elapsed.as_secs_f64(),
            if same { "identical" } else { "**DIFFERENT**" }
        );
        eprint!("{line}");
        rows.push_str(&line);
    }
    let report = format!(
        "{HEADING}\n\nRun {} ({runs} runs, release build). Meeting `scenario::large(300, 42)`: {} CSV rows. Faults: 5 % \
         5xx (some as HTML), 2 % dropped connections, 5 % answers 400 ms slow, 5-second tokens, a page token expired at \
         its 2nd use, server limit 20 req/s against a client asking 30 req/s (per-second 429s). Clean fetch: {} \
         requests, {:.1} s. **{} of {runs} faulty fetches gave a CSV identical to the clean one.**\n\n\
         | seed | requests | faults injected | per-second 429s | tokens minted | time | CSV |\n\
         |---:|---:|---:|---:|---:|---:|---|\n{rows}",
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        clean.rows.len(),
        clean.requests,
        clean.elapsed.as_secs_f64(),
        runs - failures,
    );
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../docs/benchmarks.md");
    match std::fs::read_to_string(&path) {
        Ok(old) => {
            let new = match old.find(HEADING) {
                Some(start) => {
                    let after = start + HEADING.len();
                    let end = old[after..].find("\n## ").map_or(old.len(), |i| after + i + 1);
                    format!("{}{}{}", &old[..start], report, &old[end..])
                }
                None => format!("{}\n\n{}", old.trim_end(), report),
            };
            if let Err(e) = std::fs::write(&path, new) {
                eprintln!("could not write {}: {e}", path.display());
            }
        }
        Err(e) => eprintln!("could not read {}: {e}", path.display()),
    }
    print!("{report}");
    assert_eq!(failures, 0, "{failures} faulty fetches differed from the clean one");
}
