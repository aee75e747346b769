//! QoScope's ticket-ready exports (Tauri-free, used by the app and the CLI).
//!
//! * [`charts`]: one participant's metric, a stream's small multiples, the "who caused it"
//!   comparison and one metric of several participants, drawn with plotters as SVG.
//! * [`heatmap`]: every join × every minute, coloured by grade, worst first ([`heatmap_layout`]:
//!   row order, row height and which rows get names, for 3 to 1,000 joins).
//! * [`palette`]: the one definition of the grade, series and chart colours; the screen's CSS is
//!   generated from it.
//! * [`raster`]: SVG → PNG at 2× scale with the embedded fonts (no system fontconfig).
//! * [`pdf`]: the vector PDF report (SVG pages → krilla), with embedded, selectable fonts.
//! * [`report`]: the report's content and page layout (header, verdict, timelines, tables).
//! * [`redaction`]: masks IP/MAC/disk ID/PC name/e-mail/location before anything is drawn, and
//!   scrubs every other text field of them ([`scrub`]: the text side).
//! * [`fonts`]: the embedded DejaVu Sans and WenQuanYi Micro Hei faces and text measuring.
//! * [`zoom_verdict`]: Zoom's own verdict beside QoScope's, and where they contradict.
//! * [`context`]: what every export needs (meeting, diagnosis, time zone, redaction).

pub mod charts;
pub mod context;
pub mod error;
pub mod fonts;
pub mod heatmap;
pub mod heatmap_layout;
mod pages;
pub mod palette;
pub mod pdf;
pub mod raster;
pub mod redaction;
pub mod report;
mod report_feedback;
mod report_findings;
pub mod scrub;
mod sent_received;
pub mod series;
pub mod svg;
pub mod timefmt;
pub mod verdict;
pub mod zoom_verdict;

pub use charts::{ChartKind, ChartRequest, MAX_PARTICIPANTS};
pub use context::{ExportContext, ExportOptions, FeedbackNote};
pub use error::ReportError;

/// Renders a chart as SVG text (fonts referenced by family, not embedded).
pub fn chart_svg(ctx: &ExportContext, request: &ChartRequest) -> Result<String, ReportError> {
    match &request.kind {
        ChartKind::Heatmap => heatmap::heatmap_svg(ctx, request),
        _ => charts::chart_svg(ctx, request),
    }
}

/// Renders a chart as a PNG at 2× scale, text drawn with the embedded fonts.
pub fn chart_png(ctx: &ExportContext, request: &ChartRequest) -> Result<Vec<u8>, ReportError> {
    let svg = chart_svg(ctx, request)?;
    raster::svg_to_png(&svg, raster::EXPORT_SCALE)
}

/// Renders a chart as straight RGBA pixels at 2× scale (for the clipboard): (width, height, rgba).
pub fn chart_rgba(ctx: &ExportContext, request: &ChartRequest) -> Result<(u32, u32, Vec<u8>), ReportError> {
    let svg = chart_svg(ctx, request)?;
    raster::svg_to_rgba(&svg, raster::EXPORT_SCALE)
}

/// Renders the PDF report; `focus` is a join's `user_id` (or `None` for the whole meeting).
pub fn report_pdf(ctx: &ExportContext, focus: Option<&str>) -> Result<Vec<u8>, ReportError> {
    let pages = report::report_pages(ctx, focus)?;
    pdf::pages_to_pdf(&pages, &report::document_title(ctx, focus), &ctx.options.app_version)
}
