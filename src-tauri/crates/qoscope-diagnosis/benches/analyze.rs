//! Diagnosis speed on a 300-participant, 60-minute meeting (goal: < 200 ms for `analyze`).
//!
//! Generates `scenario::large(300, 42)`, reads it through a snapshot like the app does, then
//! times `analyze` and each of its steps over 20 runs, and writes its own section of
//! `docs/benchmarks.md`. Run with `cargo bench -p qoscope-diagnosis --bench analyze`.

mod support;

use qoscope_diagnosis::{analyze, attribution, find_episodes, findings, grade_meeting, summarize, Thresholds};
use qoscope_snapshot::{Request, Source, SourceKind};
use std::time::{Duration, Instant};

const HEADING: &str = "## Diagnosis (qoscope-diagnosis, `cargo bench -p qoscope-diagnosis --bench analyze`)";
const RUNS: usize = 20;

fn stats(mut times: Vec<Duration>) -> (f64, f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (ms(times[0]), ms(times[times.len() / 2]), ms(times[times.len() - 1]))
}

fn time<T>(mut f: impl FnMut() -> T) -> (f64, f64, f64) {
    let times = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(f());
            started.elapsed()
        })
        .collect();
    stats(times)
}

fn main() {
    let spec = qoscope_sim::scenario::large(300, 42);
    let snapshot = spec.generate().to_snapshot(
        "bench",
        Source { kind: SourceKind::Simulator, profile: None, api_base: None },
        Request { meeting: spec.meeting_number.to_string(), qos_type: "past".into(), webinar: false },
        spec.start,
    );
    let meeting = snapshot.meeting().expect("the simulated snapshot reads");
    let t = Thresholds::default();
    let analysis = analyze(&meeting, &t);

    let grades = grade_meeting(&meeting, &t);
    let mut episodes = find_episodes(&grades, &t.episodes);
    let labels = attribution::attribute(&meeting, &mut episodes, &grades);
    let rows = [
        ("`analyze`: everything below", time(|| analyze(&meeting, &t)), "< 200 ms"),
        ("grade every join, stream and minute", time(|| grade_meeting(&meeting, &t)), ""),
        ("summaries (avg, p95, max, minutes at warning/poor)", time(|| summarize(&meeting, &grades, &t)), ""),
        ("episodes", time(|| find_episodes(&grades, &t.episodes)), ""),
        ("attribution (per minute)", time(|| attribution::attribute(&meeting, &mut episodes.clone(), &grades)), ""),
        (
            "findings (evidence, sentences)",
            time(|| findings::find(&meeting, &grades, &episodes, &labels, &t.episodes, &findings::Clock::utc())),
            "",
        ),
    ];
    let total_median = rows[0].1 .1;
    let mut report = format!(
        "{HEADING}\n\nRun {} on {} ({} CPUs), release build, {RUNS} runs each. Meeting: `scenario::large(300, 42)`: \
         {} joins, {} minutes, {} samples; {} episodes, {} findings.\n\n\
         | step | best | median | worst | goal |\n|---|---:|---:|---:|---|\n",
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        std::env::consts::ARCH,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        meeting.joins.len(),
        analysis.grades.minutes,
        meeting.joins.iter().map(|j| j.samples.len()).sum::<usize>(),
        analysis.episodes.len(),
        analysis.findings.len(),
    );
    for (step, (best, median, worst), goal) in rows {
        let goal = if goal.is_empty() {
            String::new()
        } else {
            format!("{goal}: {}", if median < 200.0 { "met" } else { "NOT met" })
        };
        report.push_str(&format!("| {step} | {best:.1} ms | {median:.1} ms | {worst:.1} ms | {goal} |\n"));
    }
    print!("{report}");
    match support::write_section(HEADING, &report) {
        Ok(path) => eprintln!("wrote {}", path.display()),
        Err(e) => eprintln!("could not write docs/benchmarks.md: {e}"),
    }
    assert!(total_median.is_finite());
}
