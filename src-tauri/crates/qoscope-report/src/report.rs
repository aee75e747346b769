//! The PDF report's content and layout: A4 pages written as SVG (text stays text), handed to
//! [`crate::pdf`]. Two variants: focused on one participant, or the whole meeting.

use crate::charts::{self, ChartKind, ChartRequest};
use crate::context::ExportContext;
use crate::error::ReportError;
use crate::fonts::{ellipsize, wrap};
use crate::heatmap;
use crate::pages::{Pages, BODY, CONTENT_W, MARGIN, MUTED, SMALL, TEXT};
use crate::palette::paper;
use crate::report_feedback;
use crate::report_findings;
use crate::svg::{Anchor, Weight};
use crate::timefmt;
use crate::verdict::{is_received, verdict_by_cause, verdict_items, VerdictItem};
use crate::zoom_verdict;
use chrono::{DateTime, Utc};
use qoscope_diagnosis::Level;
use qoscope_model::metric::Media;
use qoscope_model::Join;

/// Rows per heatmap figure in the PDF.
const HEATMAP_ROWS_PER_FIGURE: usize = 60;
/// Heatmap rows in the PDF beyond the participants with trouble: the rest had none and are
/// counted (the participants table lists them).
const HEATMAP_QUIET_ROWS: usize = 20;
/// At most this many detailed heatmap figures (worst rows first) after the overview.
const HEATMAP_DETAIL_FIGURES: usize = 3;
/// Verdict items shown for one participant (a bad sender can be blamed by everyone).
const FOCUS_ITEMS: usize = 30;

/// The PDF's title (document metadata).
pub fn document_title(ctx: &ExportContext, focus: Option<&str>) -> String {
    match focus.and_then(|f| ctx.find_join(f)) {
        Some(j) => format!("QoScope report · {} · {}", ctx.meeting_title(), ctx.display_name(j)),
        None => format!("QoScope report · {}", ctx.meeting_title()),
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
    let mut listed = 0;
    if let Some(join) = focus_join {
        focus_facts(ctx, &mut pages, join);
        report_feedback::feedback_section(ctx, &mut pages, Some(join));
        report_findings::finding_boxes(ctx, &mut pages, &items, FOCUS_ITEMS);
        timelines(ctx, &mut pages, join, range)?;
        who_caused_it(ctx, &mut pages, &items, Some(join))?;
    } else {
        listed = report_findings::cause_list(ctx, &mut pages, &items);
        report_feedback::feedback_section(ctx, &mut pages, None);
        report_findings::cause_details(ctx, &mut pages, &items);
        heatmap_section(ctx, &mut pages, range)?;
        who_caused_it(ctx, &mut pages, &items, None)?;
    }
    participants_table(ctx, &mut pages, focus_join);
    footnotes(ctx, &mut pages);
    if focus_join.is_none() {
        report_findings::appendix(ctx, &mut pages, &items[..listed]);
    }
    let footer = format!("QoScope {} · {}", ctx.options.app_version, ctx.meeting_title());
    Ok(pages.finish(&footer))
}

fn header(ctx: &ExportContext, pages: &mut Pages, focus: Option<&Join>) {
    let info = &ctx.meeting.info;
    pages.doc.text(
        MARGIN,
        pages.y + 8.0,
        8.0,
        Weight::Bold,
        Anchor::Start,
        &paper::ACCENT.hex(),
        "ZOOM MEETING QUALITY REPORT",
    );
    pages.y += 14.0;
    for line in wrap(&ctx.meeting_title(), 18.0, true, CONTENT_W) {
        pages.doc.text(MARGIN, pages.y + 18.0, 18.0, Weight::Bold, Anchor::Start, TEXT, &line);
        pages.y += 24.0;
    }
    if let Some(j) = focus {
        pages.paragraph(&format!("Focus: {}", ctx.display_name(j)), 12.0, Weight::Bold, &paper::ACCENT.hex(), 0.0);
    } else {
        pages.paragraph("Whole meeting (no focus participant)", 12.0, Weight::Bold, &paper::ACCENT.hex(), 0.0);
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
    pages.heading(&format!("Participant: {}", ctx.display_name(join)));
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
        ("Name".to_owned(), ctx.display_name(join)),
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
    pages.facts(&new_fact_rows(join));
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

/// Zoom's 2024–2026 per-join facts, each only when Zoom reported it: the connection per medium
/// (with "UDP blocked?" when one fell back to TCP or TLS), socket breaks, CPU pressure, webinar
/// health.
fn new_fact_rows(join: &Join) -> Vec<(String, String)> {
    let f = &join.facts;
    [
        ("Connection per medium", f.transports.words()),
        ("Socket breaks (reconnects)", f.socket_breaks.summary()),
        ("CPU pressure (Zoom)", f.cpu_pressure.as_ref().map(|p| p.words())),
        ("Webinar health (Zoom)", f.webinar_words()),
    ]
    .into_iter()
    .filter_map(|(label, value)| value.map(|v| (label.to_owned(), v)))
    .collect()
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
    let order = heatmap::row_order(ctx, range)?;
    let rows = order.len();
    // Never a heading alone at a page's foot: the overview of a large meeting takes a page, a
    // small meeting's figure at least a third of one.
    if rows > HEATMAP_ROWS_PER_FIGURE {
        pages.ensure(crate::pages::BOTTOM - crate::pages::TOP);
    } else {
        pages.ensure((crate::pages::BOTTOM - crate::pages::TOP) / 3.0);
    }
    pages.heading("Every participant, minute by minute");
    if rows > HEATMAP_ROWS_PER_FIGURE {
        // Everyone on one figure first: whether a problem hit one person or everyone shows as a
        // row or a column of colour even when the names are too small to read.
        pages.figure_in_rest(&heatmap::heatmap_rows_svg(ctx, range, 0..rows)?);
    }
    // Then the worst rows, named, a figure at a time: everyone with trouble (at most
    // HEATMAP_DETAIL_FIGURES figures) and a few without.
    let troubled = order.iter().filter(|r| r.troubled()).count();
    let detail = (troubled + HEATMAP_QUIET_ROWS).min(rows).min(HEATMAP_ROWS_PER_FIGURE * HEATMAP_DETAIL_FIGURES);
    let mut start = 0;
    while start < detail {
        let end = (start + HEATMAP_ROWS_PER_FIGURE).min(detail);
        pages.figure(&heatmap::heatmap_rows_svg(ctx, range, start..end)?);
        start = end;
    }
    if detail < rows {
        let note = format!(
            "The {} rows after the first {detail} (worst first) are drawn only in the overview above; the participants table below and the heatmap export (PNG/SVG) have everyone.",
            rows - detail
        );
        pages.paragraph(&note, BODY, Weight::Normal, MUTED, 0.0);
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
    pages.doc.rect(MARGIN, pages.y, CONTENT_W, h, &paper::RULE.hex(), None);
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
        let cells = [ctx.display_name(join), device, opt(&join.location), span, minutes, worst];
        let is_focus = focus.is_some_and(|f| f.user_id == join.user_id);
        if is_focus {
            pages.doc.rect(MARGIN, pages.y, CONTENT_W, row_h, &paper::SELECTED.hex(), None);
        } else if i % 2 == 1 {
            pages.doc.rect(MARGIN, pages.y, CONTENT_W, row_h, &paper::ZEBRA.hex(), None);
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
