//! The PDF report's content and layout: A4 pages written as SVG (text stays text), handed to
//! [`crate::pdf`]. Two variants: focused on one participant, or the whole meeting.

use crate::charts::{self, ChartKind, ChartRequest};
use crate::context::{display_name, ExportContext};
use crate::error::ReportError;
use crate::fonts::{ellipsize, wrap};
use crate::heatmap;
use crate::pdf::{PAGE_HEIGHT, PAGE_WIDTH};
use crate::svg::{svg_size, Anchor, SvgDoc, Weight};
use crate::timefmt;
use crate::verdict::{is_received, verdict_by_cause, verdict_items, VerdictItem};
use crate::zoom_verdict;
use chrono::{DateTime, Utc};
use qoscope_diagnosis::{Grade, Level};
use qoscope_model::metric::Media;
use qoscope_model::Join;

const MARGIN: f32 = 40.0;
const CONTENT_W: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const TOP: f32 = 46.0;
const BOTTOM: f32 = PAGE_HEIGHT - 46.0;
const BODY: f32 = 9.0;
const SMALL: f32 = 7.5;
const TEXT: &str = "#1f2937";
const MUTED: &str = "#4b5563";
/// Stands for the page count in footers until it is known.
const TOTAL_MARK: &str = "\u{E000}";
/// Rows per heatmap figure in the PDF.
const HEATMAP_ROWS_PER_FIGURE: usize = 60;
/// Verdict items shown for the whole meeting (the rest are counted).
const WHOLE_MEETING_ITEMS: usize = 12;
/// Verdict items shown for one participant (a bad sender can be blamed by everyone).
const FOCUS_ITEMS: usize = 30;

/// The PDF's title (document metadata).
pub fn document_title(ctx: &ExportContext, focus: Option<&str>) -> String {
    match focus.and_then(|f| ctx.find_join(f)) {
        Some(j) => format!("QoScope report · {} · {}", ctx.meeting_title(), display_name(j)),
        None => format!("QoScope report · {}", ctx.meeting_title()),
    }
}

/// Writes pages top to bottom, breaking when a block does not fit.
struct Pages {
    done: Vec<SvgDoc>,
    doc: SvgDoc,
    y: f32,
}

impl Pages {
    fn new() -> Pages {
        Pages { done: Vec::new(), doc: SvgDoc::new(PAGE_WIDTH, PAGE_HEIGHT), y: TOP }
    }

    fn new_page(&mut self) {
        let full = std::mem::replace(&mut self.doc, SvgDoc::new(PAGE_WIDTH, PAGE_HEIGHT));
        self.done.push(full);
        self.y = TOP;
    }

    /// Starts a new page unless `height` still fits; true when it broke the page.
    fn ensure(&mut self, height: f32) -> bool {
        if self.y + height > BOTTOM && self.y > TOP {
            self.new_page();
            return true;
        }
        false
    }

    fn gap(&mut self, h: f32) {
        self.y += h;
    }

    fn heading(&mut self, text: &str) {
        self.ensure(60.0);
        self.y += 8.0;
        self.doc.text(MARGIN, self.y + 12.0, 13.0, Weight::Bold, Anchor::Start, TEXT, text);
        self.y += 18.0;
        self.doc.line(MARGIN, self.y, MARGIN + CONTENT_W, self.y, "#d1d5db", 0.8);
        self.y += 8.0;
    }

    fn paragraph(&mut self, text: &str, size: f32, weight: Weight, color: &str, indent: f32) {
        let line_h = size * 1.35;
        for line in wrap(text, size, weight == Weight::Bold, CONTENT_W - indent) {
            self.ensure(line_h);
            self.doc.text(MARGIN + indent, self.y + size, size, weight, Anchor::Start, color, &line);
            self.y += line_h;
        }
    }

    /// Label / value rows; values wrap.
    fn facts(&mut self, rows: &[(String, String)]) {
        let label_w = 130.0;
        let line_h = BODY * 1.4;
        for (label, value) in rows {
            let lines = wrap(value, BODY, false, CONTENT_W - label_w);
            self.ensure(line_h * lines.len() as f32);
            self.doc.text(MARGIN, self.y + BODY, BODY, Weight::Bold, Anchor::Start, MUTED, label);
            for line in lines {
                self.doc.text(MARGIN + label_w, self.y + BODY, BODY, Weight::Normal, Anchor::Start, TEXT, &line);
                self.y += line_h;
            }
        }
    }

    /// An SVG figure scaled to the content width (or to the page height if it is taller).
    fn figure(&mut self, svg: &str) {
        let (w, h) = svg_size(svg).unwrap_or((1000.0, 560.0));
        let mut width = CONTENT_W;
        let mut height = h * width / w;
        let max_h = BOTTOM - TOP;
        if height > max_h {
            height = max_h;
            width = w * height / h;
        }
        self.ensure(height + 6.0);
        let x = MARGIN + (CONTENT_W - width) / 2.0;
        self.doc.rect(x - 0.5, self.y - 0.5, width + 1.0, height + 1.0, "none", Some("#e5e7eb"));
        self.doc.embed(x, self.y, width, height, svg);
        self.y += height + 10.0;
    }

    /// Adds "page n of N" footers and returns the finished SVG pages.
    fn finish(mut self, footer: &str) -> Vec<String> {
        self.done.push(self.doc);
        let total = self.done.len();
        self.done
            .into_iter()
            .enumerate()
            .map(|(i, mut doc)| {
                let y = PAGE_HEIGHT - 24.0;
                doc.line(MARGIN, y - 10.0, MARGIN + CONTENT_W, y - 10.0, "#e5e7eb", 0.6);
                doc.text(
                    MARGIN,
                    y,
                    SMALL,
                    Weight::Normal,
                    Anchor::Start,
                    MUTED,
                    &ellipsize(footer, SMALL, false, 400.0),
                );
                doc.text(
                    MARGIN + CONTENT_W,
                    y,
                    SMALL,
                    Weight::Normal,
                    Anchor::End,
                    MUTED,
                    &format!("page {} of {TOTAL_MARK}", i + 1),
                );
                doc.finish().replace(TOTAL_MARK, &total.to_string())
            })
            .collect()
    }
}

fn opt(v: &Option<String>) -> String {
    match v.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() => s.to_owned(),
        _ => "not reported".to_owned(),
    }
}

fn local_and_utc(ctx: &ExportContext, t: Option<DateTime<Utc>>) -> String {
    match t {
        Some(t) if ctx.options.utc_offset_seconds == 0 => timefmt::utc_minute(t),
        Some(t) => format!(
            "{} {}  ·  {}",
            timefmt::local_minute(t, ctx.tz()),
            timefmt::zone_label(ctx.tz()),
            timefmt::utc_minute(t)
        ),
        None => "not reported".to_owned(),
    }
}

/// Every page of the report.
pub fn report_pages(ctx: &ExportContext, focus: Option<&str>) -> Result<Vec<String>, ReportError> {
    let focus_join = match focus {
        Some(who) => Some(ctx.find_join(who).ok_or_else(|| {
            ReportError::NotFound(format!(
                "no participant {who:?} in this meeting; use a user_id or name from the participants list"
            ))
        })?),
        None => None,
    };
    let range = ctx
        .time_range()
        .ok_or_else(|| ReportError::NoData("this meeting has no QoS samples to report on".to_owned()))?;
    let mut pages = Pages::new();
    header(ctx, &mut pages, focus_join);
    let items = match focus_join {
        Some(j) => verdict_items(ctx, Some(&j.user_id)),
        None => verdict_by_cause(ctx),
    };
    if let Some(join) = focus_join {
        focus_facts(ctx, &mut pages, join);
        verdict_box(&mut pages, &items, FOCUS_ITEMS);
        timelines(ctx, &mut pages, join, range)?;
        who_caused_it(ctx, &mut pages, &items, Some(join))?;
    } else {
        verdict_box(&mut pages, &items, WHOLE_MEETING_ITEMS);
        heatmap_section(ctx, &mut pages, range)?;
        who_caused_it(ctx, &mut pages, &items, None)?;
    }
    participants_table(ctx, &mut pages, focus_join);
    footnotes(ctx, &mut pages);
    let footer = format!("QoScope {} · {}", ctx.options.app_version, ctx.meeting_title());
    Ok(pages.finish(&footer))
}

fn header(ctx: &ExportContext, pages: &mut Pages, focus: Option<&Join>) {
    let info = &ctx.meeting.info;
    pages.doc.text(MARGIN, pages.y + 8.0, 8.0, Weight::Bold, Anchor::Start, "#1c64d8", "ZOOM MEETING QUALITY REPORT");
    pages.y += 14.0;
    for line in wrap(&ctx.meeting_title(), 18.0, true, CONTENT_W) {
        pages.doc.text(MARGIN, pages.y + 18.0, 18.0, Weight::Bold, Anchor::Start, TEXT, &line);
        pages.y += 24.0;
    }
    if let Some(j) = focus {
        pages.paragraph(&format!("Focus: {}", display_name(j)), 12.0, Weight::Bold, "#1c64d8", 0.0);
    } else {
        pages.paragraph("Whole meeting (no focus participant)", 12.0, Weight::Bold, "#1c64d8", 0.0);
    }
    pages.gap(6.0);
    let duration = match (info.start_time, info.end_time) {
        (Some(s), Some(e)) if e > s => timefmt::duration_label((e - s).num_minutes()),
        _ => info.duration.clone().map_or("not reported".to_owned(), |d| format!("{d} (as Zoom reports it)")),
    };
    let people = ctx.meeting.persons.len();
    let joins = ctx.meeting.joins.len();
    let reported = info.participants_reported.map(|n| format!(" (Zoom reports {n})")).unwrap_or_default();
    let exported =
        format!("{}  ·  by QoScope {}", local_and_utc(ctx, Some(ctx.options.exported_at)), ctx.options.app_version);
    let rows = vec![
        ("Topic".to_owned(), opt(&info.topic)),
        ("Meeting number".to_owned(), opt(&info.meeting_number)),
        ("Instance UUID".to_owned(), opt(&info.uuid)),
        ("Host".to_owned(), opt(&info.host)),
        ("Start".to_owned(), local_and_utc(ctx, info.start_time.or(ctx.time_range().map(|r| r.0)))),
        ("End".to_owned(), local_and_utc(ctx, info.end_time.or(ctx.time_range().map(|r| r.1)))),
        ("Duration".to_owned(), duration),
        ("Participants".to_owned(), format!("{people} people, {joins} joins{reported}")),
        ("Exported".to_owned(), exported),
        (
            "Personal data".to_owned(),
            if ctx.options.redact {
                "redacted: IP, MAC, hard-disk ID, PC name, e-mail, location and domain are masked (in device names too)"
                    .to_owned()
            } else {
                "not redacted: this report contains IP addresses and device identifiers".to_owned()
            },
        ),
    ];
    pages.facts(&rows);
}

fn focus_facts(ctx: &ExportContext, pages: &mut Pages, join: &Join) {
    pages.heading(&format!("Participant: {}", display_name(join)));
    let device = [&join.device, &join.os, &join.client, &join.version]
        .iter()
        .filter_map(|v| v.as_deref().filter(|s| !s.trim().is_empty()))
        .collect::<Vec<_>>()
        .join(" · ");
    let av = format!(
        "microphone: {} · speaker: {} · camera: {}",
        opt(&join.microphone),
        opt(&join.speaker),
        opt(&join.camera)
    );
    let rows = vec![
        ("Name".to_owned(), display_name(join)),
        ("Zoom user id".to_owned(), join.user_id.clone()),
        ("E-mail".to_owned(), opt(&join.email)),
        ("Device".to_owned(), if device.is_empty() { "not reported".to_owned() } else { device }),
        ("Audio/video devices".to_owned(), av),
        ("Network".to_owned(), format!("{} · connection {}", opt(&join.network_type), opt(&join.connection_type))),
        ("Data center".to_owned(), opt(&join.data_center)),
        ("Location".to_owned(), opt(&join.location)),
        ("IP address".to_owned(), opt(&join.ip_address)),
        ("PC name".to_owned(), opt(&join.pc_name)),
        ("MAC address".to_owned(), opt(&join.mac_addr)),
        ("Hard-disk ID".to_owned(), opt(&join.harddisk_id)),
    ];
    pages.facts(&rows);
    pages.facts(&zoom_verdict::fact_rows(ctx, join));
    // Join segments: every join of the same person.
    pages.gap(6.0);
    pages.paragraph("Join segments", 10.0, Weight::Bold, TEXT, 0.0);
    let index = ctx.meeting.joins.iter().position(|j| j.user_id == join.user_id);
    let person = ctx.meeting.persons.iter().find(|p| index.is_some_and(|i| p.joins.contains(&i)));
    let segments: Vec<&Join> = match person {
        Some(p) => p.joins.iter().filter_map(|&i| ctx.meeting.joins.get(i)).collect(),
        None => vec![join],
    };
    let tz = ctx.tz();
    for (n, j) in segments.iter().enumerate() {
        let span = match (j.join_time, j.leave_time) {
            (Some(a), Some(b)) => format!(
                "{}–{} {} ({})",
                timefmt::local_hm(a, tz),
                timefmt::local_hm(b, tz),
                timefmt::zone_label(tz),
                timefmt::duration_label((b - a).num_minutes())
            ),
            (Some(a), None) => format!("from {} {}", timefmt::local_hm(a, tz), timefmt::zone_label(tz)),
            _ => "times not reported".to_owned(),
        };
        let reason = j.leave_reason.as_deref().filter(|r| !r.trim().is_empty()).unwrap_or("no leave reason reported");
        pages.paragraph(
            &format!("{}. {span} · user id {} · {reason}", n + 1, j.user_id),
            BODY,
            Weight::Normal,
            TEXT,
            10.0,
        );
    }
}

fn verdict_box(pages: &mut Pages, items: &[VerdictItem], limit: usize) {
    let poor = items.iter().filter(|i| i.severity == Grade::Poor).count();
    pages.heading("Verdict");
    let grouped = items.iter().any(|i| !i.also_affected.is_empty());
    let what = if grouped { "cause(s)" } else { "finding(s)" };
    let summary = if items.is_empty() {
        "No quality problems found: every graded minute was good or had no data.".to_owned()
    } else {
        format!("{} {what}: {poor} poor, {} warning.", items.len(), items.len() - poor)
    };
    pages.paragraph(&summary, 10.0, Weight::Bold, TEXT, 0.0);
    pages.gap(4.0);
    let text_w = CONTENT_W - 70.0;
    for item in items.iter().take(limit) {
        let sentence = wrap(&item.sentence, BODY, false, text_w);
        let mut evidence: Vec<String> =
            item.evidence.iter().flat_map(|e| wrap(&format!("• {e}"), SMALL, false, text_w - 8.0)).collect();
        if !item.also_affected.is_empty() {
            let line = format!("Also affected ({}): {}", item.also_affected.len(), item.also_affected.join(", "));
            evidence.extend(wrap(&line, SMALL, false, text_w - 8.0));
        }
        let step = wrap(&format!("Next step: {}", item.next_step), BODY, false, text_w);
        let h = (sentence.len() + step.len()) as f32 * BODY * 1.35 + evidence.len() as f32 * SMALL * 1.35 + 12.0;
        pages.ensure(h + 4.0);
        let (fill, bar, label) = match item.severity {
            Grade::Poor => ("#fff1f1", "#e03131", "POOR"),
            _ => ("#fff8e6", "#f59f00", "WARNING"),
        };
        let y0 = pages.y;
        pages.doc.rect(MARGIN, y0, CONTENT_W, h, fill, None);
        pages.doc.rect(MARGIN, y0, 4.0, h, bar, None);
        pages.doc.text(MARGIN + 10.0, y0 + 14.0, 7.5, Weight::Bold, Anchor::Start, bar, label);
        let mut y = y0 + 6.0;
        for line in &sentence {
            pages.doc.text(MARGIN + 62.0, y + BODY, BODY, Weight::Normal, Anchor::Start, TEXT, line);
            y += BODY * 1.35;
        }
        for line in &evidence {
            pages.doc.text(MARGIN + 68.0, y + SMALL, SMALL, Weight::Normal, Anchor::Start, MUTED, line);
            y += SMALL * 1.35;
        }
        for line in &step {
            pages.doc.text(MARGIN + 62.0, y + BODY, BODY, Weight::Normal, Anchor::Start, "#1c64d8", line);
            y += BODY * 1.35;
        }
        pages.y = y0 + h + 4.0;
    }
    if items.len() > limit {
        pages.paragraph(
            &format!(
                "… and {} more, listed by `qoscope summary` and in the app's findings panel.",
                items.len() - limit
            ),
            BODY,
            Weight::Normal,
            MUTED,
            0.0,
        );
    }
}

fn timelines(
    ctx: &ExportContext,
    pages: &mut Pages,
    join: &Join,
    range: (DateTime<Utc>, DateTime<Utc>),
) -> Result<(), ReportError> {
    pages.heading("Timelines: sent vs received");
    let mut any = false;
    for media in [Media::Audio, Media::Video, Media::ScreenShare] {
        if let Some(svg) = charts::sent_received_svg(ctx, join, media, range)? {
            pages.figure(&svg);
            any = true;
        }
    }
    for stream in [qoscope_model::Stream::CpuUsage, qoscope_model::Stream::WifiRssi] {
        let request = ChartRequest::whole(ChartKind::Stream { user_id: join.user_id.clone(), stream });
        match charts::chart_svg(ctx, &request) {
            Ok(svg) => {
                pages.figure(&svg);
                any = true;
            }
            Err(ReportError::NoData(_)) => {}
            Err(e) => return Err(e),
        }
    }
    if !any {
        pages.paragraph("Zoom reported no QoS values for this participant.", BODY, Weight::Normal, MUTED, 0.0);
    }
    Ok(())
}

fn who_caused_it(
    ctx: &ExportContext,
    pages: &mut Pages,
    items: &[VerdictItem],
    focus: Option<&Join>,
) -> Result<(), ReportError> {
    // Received-side findings, with a blamed sender first; at most three distinct charts.
    let mut picked: Vec<&VerdictItem> = Vec::new();
    let focus_ids = focus.map(|f| crate::verdict::person_join_ids(ctx, &f.user_id));
    let candidates = items.iter().filter(|i| {
        is_received(i) && focus_ids.as_ref().is_none_or(|ids| ids.contains(&i.user_id)) && i.metric.is_some()
    });
    let (blamed, unblamed): (Vec<&VerdictItem>, Vec<&VerdictItem>) =
        candidates.partition(|i| i.culprit_user_id.is_some());
    for item in blamed.into_iter().chain(unblamed) {
        let dup = picked
            .iter()
            .any(|p| p.user_id == item.user_id && p.stream == item.stream && p.culprit_user_id == item.culprit_user_id);
        if !dup && picked.len() < 3 {
            picked.push(item);
        }
    }
    pages.heading("Who caused it");
    if picked.is_empty() {
        pages.paragraph(
            "No received-side problem to trace: nothing this participant (or anyone) received was degraded long enough to be an episode.",
            BODY,
            Weight::Normal,
            MUTED,
            0.0,
        );
        return Ok(());
    }
    pages.paragraph(
        "What was received beside what the blamed sender sent and the meeting's median: when the sender's line is bad at the same minutes, the problem started at the sender.",
        BODY,
        Weight::Normal,
        MUTED,
        0.0,
    );
    pages.gap(4.0);
    for item in picked {
        let (Some(metric), Some(stream)) = (item.metric, item.stream) else { continue };
        let request = ChartRequest::whole(ChartKind::Comparison {
            user_id: item.user_id.clone(),
            stream,
            metric,
            culprit_user_id: item.culprit_user_id.clone(),
        });
        match charts::chart_svg(ctx, &request) {
            Ok(svg) => pages.figure(&svg),
            Err(ReportError::NoData(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn heatmap_section(
    ctx: &ExportContext,
    pages: &mut Pages,
    range: (DateTime<Utc>, DateTime<Utc>),
) -> Result<(), ReportError> {
    pages.heading("Every participant, minute by minute");
    let rows = ctx.analysis.grades.joins.len();
    let mut start = 0;
    while start < rows {
        let end = (start + HEATMAP_ROWS_PER_FIGURE).min(rows);
        pages.figure(&heatmap::heatmap_rows_svg(ctx, range, start..end)?);
        start = end;
    }
    Ok(())
}

/// Column: title, width, and how to fill it.
struct Column {
    title: &'static str,
    width: f32,
}

const COLUMNS: [Column; 6] = [
    Column { title: "Participant", width: 120.0 },
    Column { title: "Device · network", width: 100.0 },
    Column { title: "Location", width: 70.0 },
    Column { title: "In meeting", width: 62.0 },
    Column { title: "Good/warn/poor min", width: 70.0 },
    Column { title: "Worst metric", width: 93.0 },
];

fn table_header(pages: &mut Pages) {
    let h = 14.0;
    pages.doc.rect(MARGIN, pages.y, CONTENT_W, h, "#e5e7eb", None);
    let mut x = MARGIN + 3.0;
    for c in &COLUMNS {
        pages.doc.text(x, pages.y + 10.0, SMALL, Weight::Bold, Anchor::Start, TEXT, c.title);
        x += c.width;
    }
    pages.y += h;
}

fn participants_table(ctx: &ExportContext, pages: &mut Pages, focus: Option<&Join>) {
    pages.heading("Participants");
    let tz = ctx.tz();
    let row_h = 12.0;
    pages.ensure(row_h * 3.0);
    table_header(pages);
    for (i, join) in ctx.meeting.joins.iter().enumerate() {
        if pages.ensure(row_h) {
            table_header(pages);
        }
        let summary = ctx.analysis.summaries.iter().find(|s| s.join_index == i);
        let minutes = summary
            .map_or("–".to_owned(), |s| format!("{} / {} / {}", s.minutes_good, s.minutes_warning, s.minutes_poor));
        let worst = summary
            .and_then(|s| {
                s.metrics
                    .iter()
                    .filter(|m| m.minutes_poor + m.minutes_warning > 0)
                    .max_by_key(|m| (m.minutes_poor, m.minutes_warning))
                    .map(|m| {
                        format!(
                            "{} {} ({} min)",
                            m.stream.key(),
                            m.metric.label().to_lowercase(),
                            m.minutes_poor + m.minutes_warning
                        )
                    })
            })
            .unwrap_or_else(|| "–".to_owned());
        let span = match (join.join_time, join.leave_time) {
            (Some(a), Some(b)) => format!("{}–{}", timefmt::local_hm(a, tz), timefmt::local_hm(b, tz)),
            (Some(a), None) => format!("from {}", timefmt::local_hm(a, tz)),
            _ => "–".to_owned(),
        };
        let device = [&join.device, &join.network_type]
            .iter()
            .filter_map(|v| v.as_deref().filter(|s| !s.trim().is_empty()))
            .collect::<Vec<_>>()
            .join(" · ");
        let cells = [display_name(join), device, opt(&join.location), span, minutes, worst];
        let is_focus = focus.is_some_and(|f| f.user_id == join.user_id);
        if is_focus {
            pages.doc.rect(MARGIN, pages.y, CONTENT_W, row_h, "#e7f0ff", None);
        } else if i % 2 == 1 {
            pages.doc.rect(MARGIN, pages.y, CONTENT_W, row_h, "#f9fafb", None);
        }
        let mut x = MARGIN + 3.0;
        for (c, text) in COLUMNS.iter().zip(cells) {
            let weight = if is_focus { Weight::Bold } else { Weight::Normal };
            let shown = ellipsize(&text, SMALL, is_focus, c.width - 6.0);
            pages.doc.text(x, pages.y + 8.8, SMALL, weight, Anchor::Start, TEXT, &shown);
            x += c.width;
        }
        pages.y += row_h;
    }
    pages.gap(6.0);
    let contradictions = zoom_verdict::disagreement_lines(ctx);
    if !contradictions.is_empty() {
        pages.paragraph("Zoom's own verdict contradicts QoScope's (≠):", BODY, Weight::Bold, TEXT, 0.0);
        for line in &contradictions {
            pages.paragraph(line, BODY, Weight::Normal, TEXT, 10.0);
        }
        pages.gap(6.0);
    }
}

fn level_text(name: &str, l: &Level, unit: &str) -> String {
    let cmp = match l.worse {
        qoscope_diagnosis::Worse::Above => ">",
        qoscope_diagnosis::Worse::Below => "<",
    };
    format!("{name} warning {cmp} {}{unit}, poor {cmp} {}{unit}", l.warning, l.poor)
}

fn footnotes(ctx: &ExportContext, pages: &mut Pages) {
    let t = &ctx.thresholds;
    pages.heading("Notes");
    let source = if ctx.options.source_note.is_empty() {
        "Zoom Dashboard QoS data (per-minute samples per participant).".to_owned()
    } else {
        ctx.options.source_note.clone()
    };
    let net = |label: &str, n: &qoscope_diagnosis::thresholds::NetworkThresholds| {
        format!(
            "{label}: {}; {}; {}; {}.",
            level_text("latency", &n.latency, " ms"),
            level_text("jitter", &n.jitter, " ms"),
            level_text("avg loss", &n.avg_loss, " %"),
            level_text("max loss", &n.max_loss, " %")
        )
    };
    let notes = [
        format!("Data source: {source} Times are shown in {} and UTC.", timefmt::zone_label(ctx.tz())),
        format!(
            "Thresholds used: {} {} {} Video {}; screen share {}; video bitrate {} of the expected rate for its resolution; {}; {}. Episodes need {} degraded minute(s) and tolerate gaps of {} minute(s).",
            net("Audio", &t.audio),
            net("Video", &t.video),
            net("Screen share", &t.screen_share),
            level_text("frame rate", &t.video_frame_rate, " fps"),
            level_text("frame rate", &t.share_frame_rate, " fps"),
            level_text("ratio", &t.video_bitrate.ratio, ""),
            level_text("system CPU", &t.system_cpu, " %"),
            level_text("Wi-Fi signal", &t.wifi_rssi, " dBm"),
            t.episodes.min_degraded_minutes,
            t.episodes.max_gap_minutes
        ),
        "A value exactly at a limit counts as the better grade. Empty values mean no data (not joined, stream off, or hidden) and are never counted as zero or as good.".to_owned(),
        "What Zoom hides: for external users (participants from other Zoom accounts) and on HIPAA/BAA accounts Zoom may leave the user name, IP address, location and e-mail empty; guests' ids are hidden since March 2023. Such fields read \"not reported\" here.".to_owned(),
        "Attribution is a rule-based estimate from what each side sent and received; confirm it with the people involved before acting on it.".to_owned(),
    ];
    for (i, note) in notes.iter().enumerate() {
        pages.paragraph(&format!("{}. {note}", i + 1), SMALL, Weight::Normal, MUTED, 0.0);
        pages.gap(2.0);
    }
}
