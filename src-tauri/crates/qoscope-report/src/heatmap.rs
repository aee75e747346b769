//! The heatmap: one row per join, one cell per minute, coloured by the join's overall grade
//! (the worst of its streams). Drawn as plain SVG so hundreds of rows stay small and crisp.

use crate::charts::{resolve_range, ChartRequest};
use crate::context::ExportContext;
use crate::error::ReportError;
use crate::fonts;
use crate::svg::{Anchor, SvgDoc, Weight};
use crate::timefmt;
use chrono::{DateTime, Utc};
use qoscope_diagnosis::Grade;
use std::ops::Range;

/// Fill colour of a grade.
pub fn grade_color(grade: Grade) -> &'static str {
    match grade {
        Grade::Good => "#2f9e44",
        Grade::Warning => "#f59f00",
        Grade::Poor => "#e03131",
        Grade::NoData => "#e9ecef",
    }
}

/// Renders the heatmap of the request's time range as SVG.
pub fn heatmap_svg(ctx: &ExportContext, request: &ChartRequest) -> Result<String, ReportError> {
    let range = resolve_range(ctx, request)?;
    heatmap_rows_svg(ctx, range, 0..ctx.analysis.grades.joins.len())
}

/// Renders the heatmap rows `rows` (join indexes) of `[from, to]`: the PDF splits large
/// meetings into pages this way.
pub fn heatmap_rows_svg(
    ctx: &ExportContext,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    rows: Range<usize>,
) -> Result<String, ReportError> {
    let all_rows = ctx.analysis.grades.joins.len();
    let rows = rows.start.min(all_rows)..rows.end.min(all_rows);
    let grades = &ctx.analysis.grades;
    let start = grades.start.ok_or_else(|| ReportError::NoData("this meeting has no graded minutes".to_owned()))?;
    let first = ((from - start).num_minutes().max(0)) as usize;
    let last = ((to - start).num_minutes().max(0) as usize).min(grades.minutes.saturating_sub(1));
    if rows.is_empty() || first > last {
        return Err(ReportError::NoData("no participant has graded minutes in this time range".to_owned()));
    }
    let minutes = last - first + 1;
    let row_range = rows.clone();
    let rows = row_range.len();
    let width = 1000.0f32;
    let label_w = 220.0f32;
    let plot_w = width - label_w - 30.0;
    let row_h = (720.0 / rows as f32).clamp(6.0, 18.0);
    let header = 96.0f32;
    let axis_h = 44.0f32;
    let height = header + rows as f32 * row_h + axis_h;
    let cell_w = plot_w / minutes as f32;
    let tz = ctx.tz();

    let mut doc = SvgDoc::new(width, height);
    doc.text(
        20.0,
        30.0,
        20.0,
        Weight::Bold,
        Anchor::Start,
        "#1f2937",
        "Quality heatmap · every participant, minute by minute",
    );
    let subtitle = format!(
        "{} · joins {}–{} of {} · {}",
        ctx.meeting_title(),
        row_range.start + 1,
        row_range.end,
        all_rows,
        timefmt::range_label(from, to, tz)
    );
    doc.text(
        20.0,
        56.0,
        14.0,
        Weight::Normal,
        Anchor::Start,
        "#4b5563",
        &fonts::ellipsize(&subtitle, 14.0, false, width - 40.0),
    );
    let mut x = 20.0;
    for (grade, label) in [
        (Grade::Good, "good"),
        (Grade::Warning, "warning"),
        (Grade::Poor, "poor"),
        (Grade::NoData, "no data (not joined, stream off or hidden)"),
    ] {
        doc.rect(x, 70.0, 16.0, 14.0, grade_color(grade), Some("#9ca3af"));
        doc.text(x + 22.0, 82.0, 13.0, Weight::Normal, Anchor::Start, "#1f2937", label);
        x += 22.0 + fonts::text_width(label, 13.0, false) + 24.0;
    }
    let label_size = (row_h * 0.8).clamp(5.0, 12.0);
    for (r, join) in grades.joins[row_range].iter().enumerate() {
        let y = header + r as f32 * row_h;
        let name = if join.user_name.trim().is_empty() {
            format!("(hidden) {}", join.user_id)
        } else {
            join.user_name.clone()
        };
        doc.text(
            label_w - 6.0,
            y + row_h * 0.78,
            label_size,
            Weight::Normal,
            Anchor::End,
            "#1f2937",
            &fonts::ellipsize(&name, label_size, false, label_w - 26.0),
        );
        // Merge equal neighbouring cells into one rectangle (fewer shapes, same picture).
        let mut m = first;
        while m <= last {
            let grade = join.overall.get(m).map_or(Grade::NoData, |g| g.grade);
            let mut end = m;
            while end < last && join.overall.get(end + 1).map_or(Grade::NoData, |g| g.grade) == grade {
                end += 1;
            }
            let x0 = label_w + (m - first) as f32 * cell_w;
            doc.rect(x0, y + 0.5, (end - m + 1) as f32 * cell_w, row_h - 1.0, grade_color(grade), None);
            m = end + 1;
        }
    }
    // Time axis.
    let axis_y = header + rows as f32 * row_h;
    doc.line(label_w, axis_y + 2.0, label_w + plot_w, axis_y + 2.0, "#6b7280", 1.0);
    let ticks = minutes.clamp(1, 10);
    for i in 0..=ticks {
        let minute = first + (minutes - 1) * i / ticks.max(1);
        let x = label_w + (minute - first) as f32 * cell_w + cell_w / 2.0;
        doc.line(x, axis_y + 2.0, x, axis_y + 7.0, "#6b7280", 1.0);
        if let Some(t) = grades.minute_time(minute) {
            doc.text(x, axis_y + 20.0, 12.0, Weight::Normal, Anchor::Middle, "#4b5563", &timefmt::local_hm(t, tz));
        }
    }
    doc.text(
        label_w + plot_w / 2.0,
        axis_y + 38.0,
        13.0,
        Weight::Normal,
        Anchor::Middle,
        "#1f2937",
        &format!("Time ({})", timefmt::zone_label(tz)),
    );
    Ok(doc.finish())
}
