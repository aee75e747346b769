//! Renders the heatmap PNG, a metric chart and the whole-meeting PDF of meetings of 8, 300 and
//! 1,000 people, to look at how the exports scale: `cargo run -p qoscope-report --example
//! render_scale -- OUT_DIR`.

use qoscope_diagnosis::Thresholds;
use qoscope_model::{Meeting, Metric, Stream};
use qoscope_report::{chart_png, report_pdf, ChartKind, ChartRequest, ExportContext, ExportOptions};
use qoscope_sim::generator::MeetingSpec;
use qoscope_snapshot::{Request, Source, SourceKind};
use std::path::{Path, PathBuf};

fn meeting_of(spec: &MeetingSpec) -> Meeting {
    let snapshot = spec.generate().to_snapshot(
        "look",
        Source { kind: SourceKind::Simulator, profile: None, api_base: None },
        Request { meeting: spec.meeting_number.to_string(), qos_type: "past".into(), webinar: false },
        spec.start,
    );
    snapshot.meeting().expect("the simulated snapshot reads")
}

fn render(out: &Path, name: &str, meeting: &Meeting) -> Result<(), Box<dyn std::error::Error>> {
    let mut options = ExportOptions::local_now(false, "look", None);
    options.utc_offset_seconds = 0;
    let ctx = ExportContext::new(meeting, &Thresholds::default(), options);
    let t = std::time::Instant::now();
    std::fs::write(
        out.join(format!("{name}-heatmap.png")),
        chart_png(&ctx, &ChartRequest::whole(ChartKind::Heatmap))?,
    )?;
    let heat = t.elapsed();
    let focus = ctx.analysis.summaries.iter().max_by_key(|s| s.minutes_poor).map(|s| s.user_id.clone());
    if let Some(focus) = &focus {
        let metric = ChartKind::Metric { user_id: focus.clone(), stream: Stream::AudioOutput, metric: Metric::Jitter };
        if let Ok(png) = chart_png(&ctx, &ChartRequest::whole(metric)) {
            std::fs::write(out.join(format!("{name}-metric.png")), png)?;
        }
    }
    let t = std::time::Instant::now();
    std::fs::write(out.join(format!("{name}-whole.pdf")), report_pdf(&ctx, None)?)?;
    let pdf = t.elapsed();
    if let Some(focus) = &focus {
        std::fs::write(out.join(format!("{name}-focus.pdf")), report_pdf(&ctx, Some(focus))?)?;
    }
    println!(
        "{name}: {} joins, {} findings; heatmap {heat:.1?}, whole PDF {pdf:.1?}",
        ctx.meeting.joins.len(),
        ctx.analysis.findings.len()
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::args().nth(1).ok_or("usage: render_scale OUT_DIR")?);
    let only = std::env::args().nth(2);
    std::fs::create_dir_all(&out)?;
    let wants = |n: &str| only.as_deref().map_or(!n.contains('-'), |o| o == n);
    if wants("8") {
        render(&out, "8", &qoscope_sim::demo_snapshot()?.meeting()?)?;
    }
    if wants("300") {
        // The demo account's all-hands (meeting 930 0000 0001).
        render(&out, "300", &meeting_of(&qoscope_sim::scenario::large(300, 1)))?;
    }
    if wants("1000") {
        render(&out, "1000", &meeting_of(&qoscope_sim::realistic::meeting(1000, 60, 7, 6)))?;
    }
    if wants("1000-quiet") {
        // A quiet 1,000-person meeting: one person's trouble among a thousand.
        let mut spec = qoscope_sim::realistic::meeting(1000, 60, 11, 0);
        spec.people[17].conditions.push(qoscope_sim::generator::Condition::BusyCpu { from: 20, to: 31 });
        spec.people[420].conditions.push(qoscope_sim::generator::Condition::BadDownlink { from: 40, to: 47 });
        render(&out, "1000-quiet", &meeting_of(&spec))?;
    }
    Ok(())
}
