//! The heatmap: one row per join, one cell per minute, coloured by the join's overall grade
//! (the worst of its streams). Drawn as plain SVG so hundreds of rows stay small and crisp.
//!
//! Readable from 3 to 1,000 joins: rows worst first (the diagnosis's findings at the top; a
//! column of colour means everyone), a strip of "how many had trouble" per minute above the
//! rows, rows that touch when they are thin, and names for every row when they fit — else for
//! the rows with a finding and every k-th other one, with the rest counted. Colours come from
//! [`crate::palette`], the definition the screen's CSS is generated from.

use crate::charts::{resolve_range, ChartRequest};
use crate::context::ExportContext;
use crate::error::ReportError;
use crate::fonts;
use crate::heatmap_layout::{self as layout, RowPlan, RowStat, LABEL_SIZE};
use crate::palette::{self, paper};
use crate::svg::{Anchor, SvgDoc, Weight};
use crate::timefmt;
use chrono::{DateTime, Utc};
use qoscope_diagnosis::{Grade, MeetingGrades};
use std::ops::Range;

/// The id of the no-data hatch pattern.
const NO_DATA_PATTERN: &str = "qs-no-data";
const WIDTH: f32 = 1000.0;
const LABEL_W: f32 = 240.0;
const PLOT_W: f32 = WIDTH - LABEL_W - 30.0;
/// Height of the "people with trouble per minute" strip.
const STRIP_H: f32 = 36.0;

/// Fill of a grade's cell (light theme): `url(#…)` for no data, which is hatched as on screen.
pub fn grade_fill(grade: Grade) -> String {
    match grade {
        Grade::NoData => format!("url(#{NO_DATA_PATTERN})"),
        g => palette::grade(g).hex(),
    }
}

/// Renders the heatmap of the request's time range as SVG.
pub fn heatmap_svg(ctx: &ExportContext, request: &ChartRequest) -> Result<String, ReportError> {
    let range = resolve_range(ctx, request)?;
    heatmap_rows_svg(ctx, range, 0..ctx.analysis.grades.joins.len())
}

/// The minutes `[from, to]` covers, as grid indexes (first, last).
fn minute_span(
    grades: &MeetingGrades,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
) -> Result<(usize, usize), ReportError> {
    let start = grades.start.ok_or_else(|| ReportError::NoData("this meeting has no graded minutes".to_owned()))?;
    let first = ((from - start).num_minutes().max(0)) as usize;
    let last = ((to - start).num_minutes().max(0) as usize).min(grades.minutes.saturating_sub(1));
    if grades.joins.is_empty() || first > last {
        return Err(ReportError::NoData("no participant has graded minutes in this time range".to_owned()));
    }
    Ok((first, last))
}

/// Every join in the order the heatmap shows them (worst first), with its counts.
pub fn row_order(ctx: &ExportContext, range: (DateTime<Utc>, DateTime<Utc>)) -> Result<Vec<RowStat>, ReportError> {
    let grades = &ctx.analysis.grades;
    let (first, last) = minute_span(grades, range)?;
    Ok(layout::worst_first(&grades.joins, first, last, &flagged(ctx, range)))
}

/// Per row of the grades, whether the diagnosis has a finding about that join in the range.
fn flagged(ctx: &ExportContext, (from, to): (DateTime<Utc>, DateTime<Utc>)) -> Vec<bool> {
    let grades = &ctx.analysis.grades;
    let to = to + chrono::Duration::minutes(1);
    grades
        .joins
        .iter()
        .map(|j| ctx.analysis.findings.iter().any(|f| f.join_index == j.join_index && f.start < to && f.end > from))
        .collect()
}

/// What one drawing needs.
struct Sheet<'a> {
    meeting: &'a qoscope_model::Meeting,
    grades: &'a MeetingGrades,
    first: usize,
    last: usize,
    cell_w: f32,
    plan: RowPlan,
    /// Top of the first row.
    top: f32,
}

impl Sheet<'_> {
    fn x_of(&self, minute: usize) -> f32 {
        LABEL_W + (minute - self.first) as f32 * self.cell_w
    }
}

/// Renders the rows at positions `rows` of the worst-first order over `[from, to]`: the PDF
/// splits large meetings into figures this way.
pub fn heatmap_rows_svg(
    ctx: &ExportContext,
    range: (DateTime<Utc>, DateTime<Utc>),
    rows: Range<usize>,
) -> Result<String, ReportError> {
    let grades = &ctx.analysis.grades;
    let (first, last) = minute_span(grades, range)?;
    let order = layout::worst_first(&grades.joins, first, last, &flagged(ctx, range));
    let rows = rows.start.min(order.len())..rows.end.min(order.len());
    if rows.is_empty() {
        return Err(ReportError::NoData("no participant has graded minutes in this time range".to_owned()));
    }
    let shown = &order[rows.clone()];
    let minutes = last - first + 1;
    let with_strip = rows.start == 0;
    let top = if with_strip { 126.0 + STRIP_H + 12.0 } else { 126.0 };
    let plan = layout::plan_rows(shown);
    let plot_h = plan.plot_h();
    let notes: Vec<String> =
        naming_notes(&plan, shown).iter().flat_map(|n| fonts::wrap(n, 12.0, false, WIDTH - 40.0)).collect();
    let sheet = Sheet { meeting: &ctx.meeting, grades, first, last, cell_w: PLOT_W / minutes as f32, plan, top };
    let height = top + plot_h + 48.0 + notes.len() as f32 * 18.0 + 8.0;

    let mut doc = SvgDoc::new(WIDTH, height);
    doc.hatch_pattern(
        NO_DATA_PATTERN,
        &palette::GRADE_NONE.light.hex(),
        &palette::GRADE_NONE_HATCH.light.hex(),
        palette::GRADE_NONE_HATCH.light.alpha,
        6.0,
    );
    header(ctx, &mut doc, &order, &rows, range);
    if with_strip {
        trouble_strip(&mut doc, &sheet, 126.0);
    }
    cells(&mut doc, &sheet, shown);
    names(&mut doc, &sheet, shown);
    axis(ctx, &mut doc, &sheet, top + plot_h);
    let mut y = top + plot_h + 66.0;
    for note in notes {
        doc.text(20.0, y, 12.0, Weight::Normal, Anchor::Start, &paper::MUTED.hex(), &note);
        y += 18.0;
    }
    Ok(doc.finish())
}

fn header(
    ctx: &ExportContext,
    doc: &mut SvgDoc,
    order: &[RowStat],
    rows: &Range<usize>,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
) {
    let text = paper::TEXT.hex();
    let muted = paper::MUTED.hex();
    doc.text(
        20.0,
        30.0,
        20.0,
        Weight::Bold,
        Anchor::Start,
        &text,
        "Quality heatmap · every participant, minute by minute",
    );
    let which = if rows.len() == order.len() {
        format!("{} joins, worst first", order.len())
    } else {
        format!("joins {}–{} of {}, worst first", rows.start + 1, rows.end, order.len())
    };
    let subtitle = format!("{} · {which} · {}", ctx.meeting_title(), timefmt::range_label(from, to, ctx.tz()));
    doc.text(
        20.0,
        54.0,
        14.0,
        Weight::Normal,
        Anchor::Start,
        &muted,
        &fonts::ellipsize(&subtitle, 14.0, false, WIDTH - 40.0),
    );
    let troubled = order.iter().filter(|r| r.troubled()).count();
    let degraded = order.iter().filter(|r| r.degraded()).count();
    let verdict = match (troubled, degraded) {
        (0, 0) => "Nobody had warning or poor minutes.".to_owned(),
        (0, d) => format!("No findings; {d} of {} had a stray warning or poor minute.", order.len()),
        (t, d) => {
            format!("{t} of {} with a finding (listed first) · {d} with any warning or poor minute.", order.len())
        }
    };
    doc.text(20.0, 80.0, 14.0, Weight::Bold, Anchor::Start, &text, &verdict);
    let mut x = 20.0;
    for (grade, label) in [
        (Grade::Good, "good"),
        (Grade::Warning, "warning"),
        (Grade::Poor, "poor"),
        (Grade::NoData, "no data (not joined, stream off or hidden)"),
    ] {
        doc.rect(x, 96.0, 16.0, 14.0, &grade_fill(grade), None);
        doc.text(x + 22.0, 108.0, 13.0, Weight::Normal, Anchor::Start, &text, label);
        x += 22.0 + fonts::text_width(label, 13.0, false) + 24.0;
    }
}

/// Per minute, the share of all joins that were poor (bottom) or warning (above it).
fn trouble_strip(doc: &mut SvgDoc, sheet: &Sheet<'_>, y: f32) {
    let joins = sheet.grades.joins.len().max(1) as f32;
    let muted = paper::MUTED.hex();
    doc.text(LABEL_W - 20.0, y + 14.0, 11.0, Weight::Normal, Anchor::End, &muted, "people with trouble");
    doc.text(LABEL_W - 20.0, y + 28.0, 11.0, Weight::Normal, Anchor::End, &muted, "per minute (0–100 %)");
    doc.rect(LABEL_W, y, PLOT_W, STRIP_H, &paper::ZEBRA.hex(), None);
    doc.line(LABEL_W, y + STRIP_H, LABEL_W + PLOT_W, y + STRIP_H, &paper::RULE.hex(), 0.8);
    doc.open_group(r#"shape-rendering="crispEdges""#);
    for m in sheet.first..=sheet.last {
        let (mut poor, mut warning) = (0usize, 0usize);
        for j in &sheet.grades.joins {
            match j.overall.get(m).map(|g| g.grade) {
                Some(Grade::Poor) => poor += 1,
                Some(Grade::Warning) => warning += 1,
                _ => {}
            }
        }
        let x = sheet.x_of(m);
        let hp = STRIP_H * poor as f32 / joins;
        let hw = STRIP_H * warning as f32 / joins;
        // A single person still shows: at least a hairline.
        let (hp, hw) = (if poor > 0 { hp.max(1.0) } else { 0.0 }, if warning > 0 { hw.max(1.0) } else { 0.0 });
        if hp > 0.0 {
            doc.rect(x, y + STRIP_H - hp, sheet.cell_w, hp, &palette::POOR.light.hex(), None);
        }
        if hw > 0.0 {
            doc.rect(x, y + STRIP_H - hp - hw, sheet.cell_w, hw, &palette::WARNING.light.hex(), None);
        }
    }
    doc.close_group();
}

fn cells(doc: &mut SvgDoc, sheet: &Sheet<'_>, shown: &[RowStat]) {
    doc.open_group(r#"class="cells" shape-rendering="crispEdges""#);
    for (r, stat) in shown.iter().enumerate() {
        let join = &sheet.grades.joins[stat.join];
        let (y, h) = (sheet.top + sheet.plan.top[r], sheet.plan.height[r]);
        let gap = if h >= layout::GAP_FROM { 1.0 } else { 0.0 };
        let grade_at = |m: usize| join.overall.get(m).map_or(Grade::NoData, |g| g.grade);
        // Merge equal neighbouring cells into one rectangle (fewer shapes, same picture).
        let mut m = sheet.first;
        while m <= sheet.last {
            let grade = grade_at(m);
            let mut end = m;
            while end < sheet.last && grade_at(end + 1) == grade {
                end += 1;
            }
            // Edges on the half-unit grid (whole pixels in the 2× PNG): no seams between rows.
            let (x0, x1) = (snap(sheet.x_of(m)), snap(sheet.x_of(end + 1)));
            let (y0, y1) = (snap(y + gap / 2.0), snap(y + h - gap / 2.0));
            doc.rect(x0, y0, x1 - x0, (y1 - y0).max(0.5), &grade_fill(grade), None);
            m = end + 1;
        }
    }
    doc.close_group();
}

/// `v` rounded to the nearest half unit.
fn snap(v: f32) -> f32 {
    (v * 2.0).round() / 2.0
}

fn row_name(sheet: &Sheet<'_>, stat: &RowStat) -> String {
    let join = &sheet.grades.joins[stat.join];
    match sheet.meeting.join(&join.user_id) {
        Some(j) => sheet.meeting.display_name(j),
        None => format!("(hidden) {}", join.user_id),
    }
}

/// The names band: each named row's name beside its own row (a short tick marks the row when
/// not every row is named).
fn names(doc: &mut SvgDoc, sheet: &Sheet<'_>, shown: &[RowStat]) {
    let plan = &sheet.plan;
    let all = plan.named.iter().all(|&n| n);
    let tick = paper::MUTED.hex();
    for (r, stat) in shown.iter().enumerate().filter(|&(r, _)| plan.named[r]) {
        let h = plan.height[r];
        let size = if all { (h * 0.75).clamp(LABEL_SIZE, 12.0) } else { LABEL_SIZE };
        let centre = sheet.top + plan.top[r] + h / 2.0;
        let color = if stat.troubled() || all { paper::TEXT.hex() } else { paper::MUTED.hex() };
        let right = if all { LABEL_W - 6.0 } else { LABEL_W - 10.0 };
        let name = fonts::ellipsize(&row_name(sheet, stat), size, false, right - 26.0);
        doc.text(right, centre + size * 0.35, size, Weight::Normal, Anchor::End, &color, &name);
        if !all {
            doc.line(LABEL_W - 7.0, centre, LABEL_W - 1.0, centre, &tick, 0.8);
        }
    }
}

/// Sentences under the picture saying whose names are missing and where to find them.
fn naming_notes(plan: &RowPlan, shown: &[RowStat]) -> Vec<String> {
    let (named_t, troubled, named_o, others) = plan.counts(shown);
    if named_t + named_o == shown.len() {
        return Vec::new();
    }
    let part = |named: usize, of: usize, what: &str| match (named, of) {
        (_, 0) => None,
        (n, of) if n == of => Some(format!("all {of} {what}")),
        (0, of) => Some(format!("none of the {of} {what}")),
        (n, of) => Some(format!("{n} of the {of} {what} (about every {}th)", of.div_ceil(n))),
    };
    let parts: Vec<String> =
        [part(named_t, troubled, "with a finding"), part(named_o, others, "without")].into_iter().flatten().collect();
    let mut notes = vec![format!(
        "Names shown: {}; {} more rows carry no name (the PDF report's tables and `qoscope summary --json` list everyone).",
        parts.join(", "),
        shown.len() - named_t - named_o
    )];
    if plan.troubled_taller {
        notes.push(
            "Rows with a finding are drawn taller than the others so that each has its name; the strip above the rows shows the true share per minute."
                .to_owned(),
        );
    }
    notes
}

fn axis(ctx: &ExportContext, doc: &mut SvgDoc, sheet: &Sheet<'_>, axis_y: f32) {
    let tz = ctx.tz();
    let minutes = sheet.last - sheet.first + 1;
    let (line, muted, text) = (palette::CHART_TEXT.light.hex(), paper::MUTED.hex(), paper::TEXT.hex());
    doc.line(LABEL_W, axis_y + 2.0, LABEL_W + PLOT_W, axis_y + 2.0, &line, 1.0);
    let ticks = minutes.clamp(1, 10);
    for i in 0..=ticks {
        let minute = sheet.first + (minutes - 1) * i / ticks.max(1);
        let x = sheet.x_of(minute) + sheet.cell_w / 2.0;
        doc.line(x, axis_y + 2.0, x, axis_y + 7.0, &line, 1.0);
        if let Some(t) = sheet.grades.minute_time(minute) {
            doc.text(x, axis_y + 20.0, 12.0, Weight::Normal, Anchor::Middle, &muted, &timefmt::local_hm(t, tz));
        }
    }
    doc.text(
        LABEL_W + PLOT_W / 2.0,
        axis_y + 38.0,
        13.0,
        Weight::Normal,
        Anchor::Middle,
        &text,
        &format!("Time ({})", timefmt::zone_label(tz)),
    );
}
