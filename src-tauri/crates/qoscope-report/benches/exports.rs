//! Export speed on a 300-participant, 60-minute meeting (goals: PDF < 5 s, one PNG chart
//! < 200 ms). Generates `scenario::large(300, 42)`, reads it through a snapshot like the app,
//! times each export over a few runs and writes its own section of `docs/benchmarks.md`.
//! Run with `cargo bench -p qoscope-report --bench exports` (a release build).

use qoscope_diagnosis::Thresholds;
use qoscope_model::{Metric, Stream};
use qoscope_report::{chart_png, report_pdf, ChartKind, ChartRequest, ExportContext, ExportOptions};
use qoscope_snapshot::{Request, Source, SourceKind};
use std::path::Path;
use std::time::{Duration, Instant};

const HEADING: &str = "## Exports (qoscope-report, `cargo bench -p qoscope-report --bench exports`)";

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, f64, f64, T) {
    let mut last = None;
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            let out = std::hint::black_box(f());
            let elapsed = started.elapsed();
            last = Some(out);
            elapsed
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (ms(times[0]), ms(times[times.len() / 2]), ms(times[times.len() - 1]), last.expect("at least one run"))
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
    let options = ExportOptions::local_now(true, "bench", None);
    let thresholds = Thresholds::default();
    let ctx = ExportContext::new(&meeting, &thresholds, options.clone());
    // The focus: the participant with the most findings about them or blaming them.
    let focus =
        ctx.analysis.summaries.iter().max_by_key(|s| s.minutes_poor).map(|s| s.user_id.clone()).expect("participants");
    let metric_chart = ChartRequest::whole(ChartKind::Metric {
        user_id: focus.clone(),
        stream: Stream::VideoOutput,
        metric: Metric::AvgLoss,
    });
    let heatmap = ChartRequest::whole(ChartKind::Heatmap);

    let context = time(5, || ExportContext::new(&meeting, &thresholds, options.clone()));
    let whole = time(3, || report_pdf(&ctx, None).expect("whole-meeting PDF"));
    let focused = time(3, || report_pdf(&ctx, Some(&focus)).expect("focused PDF"));
    let png = time(10, || chart_png(&ctx, &metric_chart).expect("metric PNG"));
    let heat = time(5, || chart_png(&ctx, &heatmap).expect("heatmap PNG"));

    let pages = |pdf: &[u8]| {
        String::from_utf8_lossy(pdf)
            .matches("/Type /Page\n")
            .count()
            .max(String::from_utf8_lossy(pdf).matches("/Type/Page").count())
    };
    let kb = |b: &[u8]| b.len() as f64 / 1024.0;
    let verdict = |ms: f64, goal: f64| if ms < goal { "met" } else { "NOT met" };
    let total_pdf = context.1 + whole.1;
    let mut report = format!(
        "{HEADING}\n\nRun {} on {} ({} CPUs), release build. Meeting: `scenario::large(300, 42)`: {} joins, \
         60 minutes, {} findings. Times include rendering every chart and page, font subsetting and \
         PDF/PNG encoding; the PDF goal is checked against \"context + PDF\" (redaction and `analyze` \
         run once per export).\n\n\
         | export | runs | best | median | worst | output | goal |\n|---|---:|---:|---:|---:|---|---|\n",
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        std::env::consts::ARCH,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        ctx.meeting.joins.len(),
        ctx.analysis.findings.len(),
    );
    let mut row = |name: &str, runs: usize, (best, median, worst): (f64, f64, f64), output: String, goal: String| {
        report.push_str(&format!(
            "| {name} | {runs} | {best:.0} ms | {median:.0} ms | {worst:.0} ms | {output} | {goal} |\n"
        ));
    };
    row("context: redact + `analyze`", 5, (context.0, context.1, context.2), String::new(), String::new());
    row(
        "PDF, whole meeting",
        3,
        (whole.0, whole.1, whole.2),
        format!("{:.0} KiB, {} pages", kb(&whole.3), pages(&whole.3)),
        format!("context + PDF {total_pdf:.0} ms < 5 s: {}", verdict(total_pdf, 5000.0)),
    );
    row(
        "PDF, focused on the worst participant",
        3,
        (focused.0, focused.1, focused.2),
        format!("{:.0} KiB, {} pages", kb(&focused.3), pages(&focused.3)),
        format!("< 5 s: {}", verdict(context.1 + focused.1, 5000.0)),
    );
    row(
        "PNG, one metric chart (2000×1120)",
        10,
        (png.0, png.1, png.2),
        format!("{:.0} KiB", kb(&png.3)),
        format!("< 200 ms: {}", verdict(png.1, 200.0)),
    );
    row("PNG, heatmap of every join", 5, (heat.0, heat.1, heat.2), format!("{:.0} KiB", kb(&heat.3)), String::new());
    print!("{report}");
    match write_section(&report) {
        Ok(path) => eprintln!("wrote {}", path.display()),
        Err(e) => eprintln!("could not write docs/benchmarks.md: {e}"),
    }
}

/// Replaces this benchmark's section of docs/benchmarks.md (or appends it).
fn write_section(report: &str) -> std::io::Result<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let path = root.canonicalize().unwrap_or(root).join("docs/benchmarks.md");
    let old = std::fs::read_to_string(&path)?;
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
