//! Writes the demo meeting's exports into a folder: `cargo run -p qoscope-report --example
//! render_demo -- OUT_DIR` (used by `scripts/samples.sh`).

use qoscope_diagnosis::Thresholds;
use qoscope_model::{Metric, Stream};
use qoscope_report::{chart_png, report_pdf, ChartKind, ChartRequest, ExportContext, ExportOptions};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::args().nth(1).ok_or("usage: render_demo OUT_DIR")?);
    std::fs::create_dir_all(&out)?;
    let meeting = qoscope_sim::demo_snapshot()?.meeting()?;
    let mut options = ExportOptions::local_now(true, env!("CARGO_PKG_VERSION"), None);
    options.utc_offset_seconds = 0;
    options.source_note = "QoScope's built-in demo meeting (simulated Zoom QoS data).".into();
    let ctx = ExportContext::new(&meeting, &Thresholds::default(), options);
    // The demo's most interesting participant: the one with the most poor minutes.
    let focus = ctx
        .analysis
        .summaries
        .iter()
        .max_by_key(|s| s.minutes_poor)
        .map(|s| s.user_id.clone())
        .ok_or("the demo has no participants")?;
    std::fs::write(out.join("report.pdf"), report_pdf(&ctx, Some(&focus))?)?;
    std::fs::write(out.join("report-whole-meeting.pdf"), report_pdf(&ctx, None)?)?;
    let charts = [
        (
            "metric.png",
            ChartKind::Metric { user_id: focus.clone(), stream: Stream::VideoOutput, metric: Metric::AvgLoss },
        ),
        ("stream.png", ChartKind::Stream { user_id: focus.clone(), stream: Stream::VideoOutput }),
        (
            "comparison.png",
            ChartKind::Comparison {
                user_id: focus.clone(),
                stream: Stream::VideoOutput,
                metric: Metric::AvgLoss,
                culprit_user_id: None,
            },
        ),
        ("heatmap.png", ChartKind::Heatmap),
    ];
    for (name, kind) in charts {
        match chart_png(&ctx, &ChartRequest::whole(kind)) {
            Ok(png) => std::fs::write(out.join(name), png)?,
            Err(e) => eprintln!("{name}: {e}"),
        }
    }
    println!("focus participant: {focus}");
    Ok(())
}
