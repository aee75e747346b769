//! The report's findings at any meeting size: the whole meeting's verdict as one line per cause
//! with "N of M participants affected" (at most one page, the rest counted), the worst causes in
//! detail, a focus participant's findings as boxes, and the appendix that lists who each cause
//! affected (name, streams, minutes, worst value) as a table that breaks across pages.

use crate::context::ExportContext;
use crate::fonts::{ellipsize, wrap};
use crate::pages::{Pages, BODY, BOTTOM, CONTENT_W, MARGIN, MUTED, SMALL, TEXT, TOP};
use crate::palette::{self, paper};
use crate::svg::{Anchor, Weight};
use crate::timefmt;
use crate::verdict::{people_count, VerdictItem};
use chrono::{DateTime, Utc};
use qoscope_diagnosis::Grade;
use std::collections::HashSet;

/// Causes described in full under the whole meeting's verdict list.
const DETAILED_CAUSES: usize = 5;
/// Height of one line of the cause list and of an appendix row.
const ROW_H: f32 = 12.0;

/// "N of M participants affected".
pub(crate) fn affected_text(ctx: &ExportContext, item: &VerdictItem) -> String {
    let m = people_count(ctx);
    let n = item.affected.len().min(m);
    let noun = if m == 1 { "participant" } else { "participants" };
    format!("{n} of {m} {noun} affected")
}

fn span(ctx: &ExportContext, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let tz = ctx.tz();
    let minutes = (end - start).num_minutes().max(1);
    format!("{}–{} ({minutes} min)", timefmt::local_hm(start, tz), timefmt::local_hm(end, tz))
}

fn severity_style(severity: Grade) -> (String, String, &'static str) {
    match severity {
        Grade::Poor => (palette::POOR_BG.light.hex(), palette::POOR.light.hex(), "POOR"),
        _ => (palette::WARNING_BG.light.hex(), palette::WARNING.light.hex(), "WARNING"),
    }
}

/// The whole meeting's verdict: a summary, then one line per cause (worst first) on what is
/// left of the page; the causes that do not fit are counted. Returns how many were listed.
pub(crate) fn cause_list(ctx: &ExportContext, pages: &mut Pages, items: &[VerdictItem]) -> usize {
    pages.heading("Verdict");
    if items.is_empty() {
        let none = "No quality problems found: every graded minute was good or had no data.";
        pages.paragraph(none, 10.0, Weight::Bold, TEXT, 0.0);
        return 0;
    }
    let poor = items.iter().filter(|i| i.severity == Grade::Poor).count();
    let mut people: Vec<&str> = items.iter().flat_map(|i| i.affected.iter().map(|a| a.user_id.as_str())).collect();
    people.sort_unstable();
    people.dedup();
    let summary = format!(
        "{} cause{}: {poor} poor, {} warning · {} of {} participants affected by at least one.",
        items.len(),
        if items.len() == 1 { "" } else { "s" },
        items.len() - poor,
        people.len().min(people_count(ctx)),
        people_count(ctx)
    );
    pages.paragraph(&summary, 10.0, Weight::Bold, TEXT, 0.0);
    pages.gap(4.0);
    // What fits on this page (a fresh one if less than a quarter is left), one line kept for
    // "… and N more".
    if pages.y > BOTTOM - (BOTTOM - TOP) / 4.0 {
        pages.new_page();
    }
    let room = ((BOTTOM - pages.y) / ROW_H).floor() as usize;
    let listed = if items.len() <= room { items.len() } else { room.saturating_sub(2) };
    let x_time = MARGIN + CONTENT_W - 215.0;
    let x_count = MARGIN + CONTENT_W - 4.0;
    for (i, item) in items.iter().take(listed).enumerate() {
        let (fill, bar, label) = severity_style(item.severity);
        let y = pages.y;
        if i % 2 == 0 {
            pages.doc.rect(MARGIN, y, CONTENT_W, ROW_H, &fill, None);
        }
        pages.doc.rect(MARGIN, y, 3.0, ROW_H, &bar, None);
        pages.doc.text(MARGIN + 8.0, y + 8.8, SMALL, Weight::Bold, Anchor::Start, TEXT, label);
        let cause = format!("{}. {}", i + 1, item.cause);
        let cause = ellipsize(&cause, SMALL + 0.5, false, x_time - MARGIN - 60.0);
        pages.doc.text(MARGIN + 52.0, y + 8.8, SMALL + 0.5, Weight::Normal, Anchor::Start, TEXT, &cause);
        pages.doc.text(x_time, y + 8.8, SMALL, Weight::Normal, Anchor::Start, MUTED, &span(ctx, item.start, item.end));
        let count = affected_text(ctx, item);
        pages.doc.text(x_count, y + 8.8, SMALL, Weight::Normal, Anchor::End, TEXT, &count);
        pages.y += ROW_H;
    }
    if listed < items.len() {
        let more = format!(
            "… and {} more cause{} (fewer people, or warning only): `qoscope summary --json` lists every finding.",
            items.len() - listed,
            if items.len() - listed == 1 { "" } else { "s" }
        );
        pages.paragraph(&more, BODY, Weight::Normal, MUTED, 0.0);
    }
    pages.gap(4.0);
    let note = "Who was affected by each listed cause: the appendix at the end of this report.";
    pages.paragraph(note, SMALL, Weight::Normal, MUTED, 0.0);
    listed
}

/// The worst causes in full: sentence, evidence, "N of M participants affected", next step.
pub(crate) fn cause_details(ctx: &ExportContext, pages: &mut Pages, items: &[VerdictItem]) {
    if items.is_empty() {
        return;
    }
    let shown = items.len().min(DETAILED_CAUSES);
    pages.heading(&format!("The worst {shown} cause{} in detail", if shown == 1 { "" } else { "s" }));
    for (i, item) in items.iter().take(shown).enumerate() {
        let affected = format!("{} (cause {} in the appendix)", affected_text(ctx, item), i + 1);
        finding_box(pages, item, Some(&affected));
    }
}

/// A focus participant's findings as boxes (at most `limit`, the rest counted).
pub(crate) fn finding_boxes(ctx: &ExportContext, pages: &mut Pages, items: &[VerdictItem], limit: usize) {
    pages.heading("Verdict");
    let poor = items.iter().filter(|i| i.severity == Grade::Poor).count();
    let summary = if items.is_empty() {
        "No quality problems found: every graded minute was good or had no data.".to_owned()
    } else {
        format!("{} finding(s): {poor} poor, {} warning.", items.len(), items.len() - poor)
    };
    pages.paragraph(&summary, 10.0, Weight::Bold, TEXT, 0.0);
    pages.gap(4.0);
    for item in items.iter().take(limit) {
        let affected = (item.affected.len() > 1).then(|| affected_text(ctx, item));
        finding_box(pages, item, affected.as_deref());
    }
    if items.len() > limit {
        let more =
            format!("… and {} more, listed by `qoscope summary` and in the app's findings panel.", items.len() - limit);
        pages.paragraph(&more, BODY, Weight::Normal, MUTED, 0.0);
    }
}

/// One finding or cause: a tinted box with its severity, sentence, evidence and next step.
fn finding_box(pages: &mut Pages, item: &VerdictItem, affected: Option<&str>) {
    let text_w = CONTENT_W - 70.0;
    let sentence = wrap(&item.sentence, BODY, false, text_w);
    let mut evidence: Vec<String> =
        item.evidence.iter().flat_map(|e| wrap(&format!("• {e}"), SMALL, false, text_w - 8.0)).collect();
    let affected: Vec<String> = affected.map(|a| wrap(a, BODY, true, text_w)).unwrap_or_default();
    evidence.truncate(8);
    let step = wrap(&format!("Next step: {}", item.next_step), BODY, false, text_w);
    let lines = sentence.len() + affected.len() + step.len();
    let h = lines as f32 * BODY * 1.35 + evidence.len() as f32 * SMALL * 1.35 + 12.0;
    pages.ensure(h + 4.0);
    let (fill, bar, label) = severity_style(item.severity);
    let y0 = pages.y;
    pages.doc.rect(MARGIN, y0, CONTENT_W, h, &fill, None);
    pages.doc.rect(MARGIN, y0, 4.0, h, &bar, None);
    pages.doc.text(MARGIN + 10.0, y0 + 14.0, 7.5, Weight::Bold, Anchor::Start, TEXT, label);
    let mut y = y0 + 6.0;
    let mut put = |lines: &[String], size: f32, weight: Weight, indent: f32, color: &str| {
        for line in lines {
            pages.doc.text(MARGIN + indent, y + size, size, weight, Anchor::Start, color, line);
            y += size * 1.35;
        }
    };
    put(&sentence, BODY, Weight::Normal, 62.0, TEXT);
    put(&affected, BODY, Weight::Bold, 62.0, TEXT);
    put(&evidence, SMALL, Weight::Normal, 68.0, MUTED);
    put(&step, BODY, Weight::Normal, 62.0, &paper::ACCENT.hex());
    pages.y = y0 + h + 4.0;
}

/// Appendix columns: title and width.
const COLUMNS: [(&str, f32); 4] =
    [("Participant", 175.0), ("Streams", 125.0), ("Minutes (local)", 90.0), ("Worst value", 125.0)];

fn appendix_header(pages: &mut Pages) {
    pages.doc.rect(MARGIN, pages.y, CONTENT_W, ROW_H + 2.0, &paper::RULE.hex(), None);
    let mut x = MARGIN + 3.0;
    for (title, width) in COLUMNS {
        pages.doc.text(x, pages.y + 10.0, SMALL, Weight::Bold, Anchor::Start, TEXT, title);
        x += width;
    }
    pages.y += ROW_H + 2.0;
}

/// The people of the meeting a cause did not affect, by name.
fn unaffected(ctx: &ExportContext, item: &VerdictItem) -> Vec<String> {
    let ids: HashSet<&str> = item.affected.iter().map(|a| a.user_id.as_str()).collect();
    let joins = &ctx.meeting.joins;
    ctx.meeting
        .persons
        .iter()
        .filter(|p| !p.joins.iter().any(|&j| joins.get(j).is_some_and(|jn| ids.contains(jn.user_id.as_str()))))
        .filter_map(|p| p.joins.first().and_then(|&j| joins.get(j)).map(qoscope_model::names::person_name))
        .collect()
}

/// Whether the appendix lists who a cause did *not* affect (shorter when it hit most people).
fn lists_the_unaffected(ctx: &ExportContext, item: &VerdictItem) -> bool {
    let m = people_count(ctx);
    m >= 20 && item.affected.len() * 2 > m
}

/// A cause's title line in the appendix (with "(continued)" on later pages).
fn appendix_title(pages: &mut Pages, title: &str) {
    let title = ellipsize(title, BODY, true, CONTENT_W);
    pages.doc.text(MARGIN, pages.y + BODY, BODY, Weight::Bold, Anchor::Start, TEXT, &title);
    pages.y += BODY * 1.5;
}

/// The appendix: for each listed cause, everyone it affected, one row each (or, when it hit
/// most of the meeting, the few it did not); the table's header is repeated on every page it
/// continues on.
pub(crate) fn appendix(ctx: &ExportContext, pages: &mut Pages, items: &[VerdictItem]) {
    if items.is_empty() {
        return;
    }
    pages.new_page();
    pages.heading("Appendix: who was affected, by cause");
    let intro = "One row per person: the streams concerned, the minutes of the finding and the worst value \
                 of their own measurements. Causes are numbered as in the verdict. When a cause affected \
                 most of the meeting, the people it did not affect are listed instead.";
    pages.paragraph(intro, BODY, Weight::Normal, MUTED, 0.0);
    pages.gap(4.0);
    let tz = ctx.tz();
    for (i, item) in items.iter().enumerate() {
        let span = span(ctx, item.start, item.end);
        pages.ensure(BODY * 3.0 + 3.0 * ROW_H);
        pages.gap(4.0);
        appendix_title(pages, &format!("{}. {} · {span}", i + 1, item.cause));
        let count = affected_text(ctx, item);
        if lists_the_unaffected(ctx, item) {
            let others = unaffected(ctx, item);
            let line = match others.len() {
                0 => format!("{count}: everyone."),
                n => format!("{count}: everyone except the {n} below."),
            };
            pages.paragraph(&line, SMALL, Weight::Normal, MUTED, 0.0);
            name_grid(pages, &others);
            continue;
        }
        pages.paragraph(&format!("{count}:"), SMALL, Weight::Normal, MUTED, 0.0);
        appendix_header(pages);
        for (r, row) in item.affected.iter().enumerate() {
            if pages.ensure(ROW_H) {
                appendix_title(pages, &format!("{}. {} (continued)", i + 1, item.cause));
                appendix_header(pages);
            }
            if r % 2 == 1 {
                pages.doc.rect(MARGIN, pages.y, CONTENT_W, ROW_H, &paper::ZEBRA.hex(), None);
            }
            let minutes = format!(
                "{}–{} · {} min",
                timefmt::local_hm(row.start, tz),
                timefmt::local_hm(row.end, tz),
                (row.end - row.start).num_minutes().max(1)
            );
            let cells = [row.name.as_str(), row.streams.as_str(), minutes.as_str(), row.worst.as_str()];
            let mut x = MARGIN + 3.0;
            for ((_, width), text) in COLUMNS.iter().zip(cells) {
                let shown = ellipsize(if text.is_empty() { "–" } else { text }, SMALL, false, width - 6.0);
                pages.doc.text(x, pages.y + 8.8, SMALL, Weight::Normal, Anchor::Start, TEXT, &shown);
                x += width;
            }
            pages.y += ROW_H;
        }
    }
}

/// Names in three columns, row by row.
fn name_grid(pages: &mut Pages, names: &[String]) {
    let col_w = CONTENT_W / 3.0;
    for chunk in names.chunks(3) {
        pages.ensure(ROW_H);
        for (c, name) in chunk.iter().enumerate() {
            let shown = ellipsize(name, SMALL, false, col_w - 8.0);
            let x = MARGIN + 3.0 + c as f32 * col_w;
            pages.doc.text(x, pages.y + 8.8, SMALL, Weight::Normal, Anchor::Start, TEXT, &shown);
        }
        pages.y += ROW_H;
    }
}
