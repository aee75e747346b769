//! Opening a saved meeting, step by step: `cargo bench -p qoscope-api --bench open_meeting`.
//!
//! What the app does when it opens a saved 300-person, 60-minute snapshot (issue #20's "where do
//! the ~950 ms go"): read the file, derive the meeting, analyse it, then the three answers the
//! Overview asks for over IPC (the overview, everyone's grades, the findings in the display zone,
//! here New York's winter time), each serialized to JSON as Tauri's IPC does. Times each step
//! (median of the runs) and the size of each answer, and, apart, the answer a heatmap row asks for
//! on hover (its minute causes).
//! Writes its section of `docs/benchmarks.md`. `QOSCOPE_BENCH_NO_WRITE=1` prints only.

mod support;

use qoscope_api::workspace::Workspace;
use qoscope_sim::scenario;
use qoscope_snapshot::{Request, Snapshot, Source, SourceKind};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

const HEADING: &str = "## Opening a saved meeting, step by step (`cargo bench -p qoscope-api --bench open_meeting`)";
const RUNS: usize = 7;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let people: usize = std::env::var("QOSCOPE_BENCH_PEOPLE").ok().and_then(|s| s.parse().ok()).unwrap_or(300);
    let dir = tempfile::tempdir().expect("a temp dir");
    // QOSCOPE_BENCH_FILE: time another saved snapshot instead (e.g. the scale benchmark's
    // target/bench/scale-meeting-1000.qoscope.json); printed only, never written to the docs.
    let given = std::env::var_os("QOSCOPE_BENCH_FILE").map(std::path::PathBuf::from);
    let path = match &given {
        Some(path) => path.clone(),
        None => {
            let spec = scenario::large(people, 42);
            let snapshot = spec.generate().to_snapshot(
                "bench",
                Source { kind: SourceKind::Simulator, profile: None, api_base: None },
                Request { meeting: spec.meeting_number.to_string(), qos_type: "past".into(), webinar: false },
                chrono::Utc::now(),
            );
            let path = dir.path().join("meeting.qoscope.json");
            snapshot.save(&path).expect("the snapshot saves");
            path
        }
    };
    let file_bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);

    let steps = [
        "read the file",
        "derive the meeting",
        "analyse (grades and episodes)",
        "overview answer",
        "grades answer (heatmap)",
        "findings answer (attribution, findings in the display zone)",
    ];
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); steps.len()];
    let mut sizes = [0usize; 3];
    let mut joins = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        let loaded = Snapshot::load(&path).expect("the snapshot loads");
        times[0].push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let meeting = loaded.meeting().expect("the meeting derives");
        times[1].push(t.elapsed().as_secs_f64());
        joins = meeting.joins.len();
        drop(meeting);
        // Workspace::from_snapshot derives again and analyses: the analysis is the difference.
        let t = Instant::now();
        let workspace = Workspace::from_snapshot(loaded).expect("the workspace opens");
        let both = t.elapsed().as_secs_f64();
        let derive = times[1].last().copied().unwrap_or(0.0);
        times[2].push((both - derive).max(0.0));
        let answers: [Box<dyn Fn() -> String>; 3] = [
            Box::new(|| serde_json::to_string(&workspace.overview()).unwrap()),
            Box::new(|| serde_json::to_string(&workspace.quality_map()).unwrap()),
            Box::new(|| serde_json::to_string(&workspace.findings_in(&display_zone())).unwrap()),
        ];
        for (i, answer) in answers.iter().enumerate() {
            let t = Instant::now();
            let json = answer();
            times[3 + i].push(t.elapsed().as_secs_f64());
            sizes[i] = json.len();
        }
    }
    let medians: Vec<f64> = times.into_iter().map(median).collect();
    let inside = analysis_parts(&path);
    let hover = hover_answer(&path);
    let parts = answer_parts(&path);
    let total: f64 = medians.iter().sum();
    // The findings answer is asked once the grades are in and shown after them: the first screen
    // waits for the rest.
    let first_screen: f64 = medians[..5].iter().sum();

    let mut r = String::new();
    let w = &mut r;
    let _ = writeln!(w, "{HEADING}\n");
    let _ = writeln!(
        w,
        "Run {} UTC on {} CPU(s), load average {} at the end (other builds slow every step alike), release build, median of {RUNS}. A saved `scenario::large({people}, 42)` snapshot \
         ({joins} joins, 60 minutes, {:.1} MB file), opened as the app opens it: read, derive, analyse with the default \
         thresholds, then the three answers the Overview asks for over IPC, serialized to JSON (the page then parses \
         them and renders; `scripts/bench-webview.sh` times that part in the real window). The episodes are not \
         attributed and the findings not written when the meeting opens: both are made once, the findings in the \
         display zone, when the findings panel asks for them once the grades are in, and the page paints the table and the \
         heatmap without waiting for them.\n",
        chrono::Utc::now().format("%Y-%m-%d %H:%M"),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        support::load_average(),
        file_bytes as f64 / 1e6,
    );
    let _ = writeln!(w, "| step | median | answer size (JSON) |\n|---|---:|---:|");
    for (i, (step, t)) in steps.iter().zip(&medians).enumerate() {
        let size = if i >= 3 { format!("{:.1} KB", sizes[i - 3] as f64 / 1e3) } else { "—".to_owned() };
        let _ = writeln!(w, "| {step} | {:.1} ms | {size} |", t * 1e3);
    }
    let _ = writeln!(
        w,
        "| **Rust side before the first screen** (all but the findings) | **{:.1} ms** | {:.1} KB |",
        first_screen * 1e3,
        sizes[..2].iter().sum::<usize>() as f64 / 1e3
    );
    let _ = writeln!(
        w,
        "| Rust side in all | {:.1} ms | {:.1} KB |\n",
        total * 1e3,
        sizes.iter().sum::<usize>() as f64 / 1e3
    );
    let _ = writeln!(
        w,
        "What the answers hold (JSON bytes): in the grades answer, the episodes take {:.1} KB ({} episodes), Zoom's \
         verdicts {:.1} KB, the grade strings (one character per minute and stream group) the rest; in the findings \
         answer, the rows of who each cause affected take {:.1} KB ({} rows: name, stream, times, severity). The heatmap's \
         tooltip texts are not in the grades answer: a row asks for its own when the pointer or the keyboard reaches it \
         (the worst row's answer: {:.1} KB in {:.2} ms, median), so the first paint does not wait for megabytes of text \
         nobody may read.\n",
        parts.episodes as f64 / 1e3,
        parts.episode_count,
        parts.verdicts as f64 / 1e3,
        parts.affected as f64 / 1e3,
        parts.affected_rows,
        hover.bytes as f64 / 1e3,
        hover.seconds * 1e3,
    );
    let _ = writeln!(
        w,
        "Inside the analysis (the same meeting, median of {RUNS}): {}.\n",
        inside.iter().map(|(name, t)| format!("{name} {:.1} ms", t * 1e3)).collect::<Vec<_>>().join(", ")
    );
    println!("{r}");
    if std::env::var_os("QOSCOPE_BENCH_NO_WRITE").is_none() && given.is_none() {
        support::write_section(HEADING, &r);
    }
}

/// The analysis's own steps (median of the runs), for the text under the table.
fn analysis_parts(path: &Path) -> Vec<(&'static str, f64)> {
    use qoscope_diagnosis as d;
    let meeting = Snapshot::load(path).expect("the snapshot loads").meeting().expect("the meeting derives");
    let t = d::Thresholds::default();
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); 5];
    for _ in 0..RUNS {
        let mut lap = Instant::now();
        let mut next = |i: usize, times: &mut Vec<Vec<f64>>| {
            times[i].push(lap.elapsed().as_secs_f64());
            lap = Instant::now();
        };
        let grades = d::grade_meeting(&meeting, &t);
        next(0, &mut times);
        let _summaries = d::summarize(&meeting, &grades, &t);
        next(1, &mut times);
        let mut episodes = d::find_episodes(&grades, &t.episodes);
        next(2, &mut times);
        let labels = d::attribution::attribute(&meeting, &mut episodes, &grades);
        next(3, &mut times);
        let _zoned = d::findings::find(&meeting, &grades, &episodes, &labels, &t.episodes, &display_zone());
        next(4, &mut times);
    }
    let names = [
        "grades (at open)",
        "summaries (`summary` and the exports only)",
        "episodes (at open)",
        "attribution (with the findings answer)",
        "findings in the display zone (likewise)",
    ];
    names.into_iter().zip(times.into_iter().map(median)).collect()
}

/// The display zone the findings are written in: New York in winter ("EST"), as a user there sees them.
fn display_zone() -> qoscope_diagnosis::Clock {
    qoscope_diagnosis::Clock::zoned(chrono::FixedOffset::west_opt(5 * 3600).expect("a valid offset"), "EST")
}

/// The answer a heatmap row asks for on hover: the worst row's minute causes.
struct HoverAnswer {
    bytes: usize,
    seconds: f64,
}

fn hover_answer(path: &Path) -> HoverAnswer {
    let workspace = Workspace::open_file(path).expect("the snapshot opens");
    let map = workspace.quality_map();
    let degraded = |r: &qoscope_api::quality::QualityRow| r.all.chars().filter(|&c| c == 'w' || c == 'p').count();
    let worst = map.rows.iter().max_by_key(|r| degraded(r)).map(|r| r.user_id.clone()).unwrap_or_default();
    let mut times = Vec::new();
    let mut bytes = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        let answer = workspace.minute_causes(&worst).map(|c| serde_json::to_string(&c).unwrap()).unwrap_or_default();
        times.push(t.elapsed().as_secs_f64());
        bytes = answer.len();
    }
    HoverAnswer { bytes, seconds: median(times) }
}

/// The parts of the grades and findings answers, in JSON bytes.
struct AnswerParts {
    verdicts: usize,
    episodes: usize,
    episode_count: usize,
    affected: usize,
    affected_rows: usize,
}

fn answer_parts(path: &Path) -> AnswerParts {
    let workspace = Workspace::open_file(path).expect("the snapshot opens");
    let map = workspace.quality_map();
    let findings = workspace.findings_in(&display_zone());
    AnswerParts {
        verdicts: map.rows.iter().map(|r| json(&r.zoom_verdict)).sum(),
        episodes: json(&map.episodes),
        episode_count: map.episodes.len(),
        affected: findings.causes.iter().map(|c| json(&c.findings)).sum(),
        affected_rows: findings.causes.iter().map(|c| c.findings.len()).sum(),
    }
}

/// The length of a value's JSON.
fn json<T: serde::Serialize>(value: &T) -> usize {
    serde_json::to_string(value).map_or(0, |s| s.len())
}
