//! Line charts drawn with plotters as SVG: one participant's metric, a stream's small
//! multiples, the "who caused it" comparison and one metric of several participants (the
//! Compare tab). Every chart carries a title (meeting, participant, metric, time range with its
//! zone), axes with units, a legend, the warning and poor threshold bands and, for one
//! participant, the diagnosis's episodes.

use crate::context::ExportContext;
use crate::error::ReportError;
use crate::fonts;
use crate::series::{self, Series};
use crate::timefmt;
use chrono::{DateTime, Duration, FixedOffset, Utc};
use plotters::coord::Shift;
use plotters::prelude::*;
use qoscope_diagnosis::{Attribution, Episode, Grade, Worse};
use qoscope_model::metric::{Direction, Media};
use qoscope_model::{Join, Metric, Stream};

/// Which chart to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChartKind {
    /// One metric of one stream of one join.
    Metric { user_id: String, stream: Stream, metric: Metric },
    /// Every metric of one stream of one join, one small panel each.
    Stream { user_id: String, stream: Stream },
    /// What one join sent beside what it received, one row per metric, for the given media (the
    /// participant view's small multiples of the stream group on screen); empty = every media
    /// with data.
    SentReceived { user_id: String, media: Vec<Media> },
    /// What a join received beside what the culprit sent and the meeting's median.
    /// `culprit_user_id: None` takes the sender the diagnosis blamed, if any.
    Comparison { user_id: String, stream: Stream, metric: Metric, culprit_user_id: Option<String> },
    /// One metric of one stream of several joins, one line each (in the order given, at most
    /// [`MAX_PARTICIPANTS`]), beside the meeting's median: the app's Compare chart.
    Participants { user_ids: Vec<String>, stream: Stream, metric: Metric },
    /// Every join × every minute, coloured by grade.
    Heatmap,
}

/// A chart and the time range it covers (the range on screen; `None` = the whole meeting).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartRequest {
    pub kind: ChartKind,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

impl ChartRequest {
    /// A chart of the whole meeting.
    pub fn whole(kind: ChartKind) -> ChartRequest {
        ChartRequest { kind, from: None, to: None }
    }
}

/// Chart width in SVG units (the PNG is twice as wide).
pub const WIDTH: u32 = 1000;
/// Height of a single chart.
pub const HEIGHT: u32 = 560;
/// Height of the title and legend block.
pub const HEADER: u32 = 96;

/// The charts' colours as plotters wants them: the light theme of [`crate::palette`] (the one
/// definition the screen's CSS is generated from).
pub mod colors {
    use crate::palette::{self, paper};
    use plotters::style::RGBColor;
    /// The participant's own line (the screen's `--chart-line`).
    pub const SUBJECT: RGBColor = palette::CHART_LINE.light.plot();
    pub const CULPRIT: RGBColor = paper::CULPRIT.plot();
    pub const MEDIAN: RGBColor = paper::MEDIAN.plot();
    pub const WARNING: RGBColor = palette::WARNING.light.plot();
    pub const POOR: RGBColor = palette::POOR.light.plot();
    pub const EPISODE: RGBColor = paper::EPISODE.plot();
    pub const TEXT: RGBColor = paper::TEXT.plot();
    /// Axis labels (the screen's `--chart-text`).
    pub const MUTED: RGBColor = palette::CHART_TEXT.light.plot();
    /// One colour per participant on a chart of several: `--series-1` … `--series-8`, in the
    /// same order, so an export matches the chips on screen.
    pub const SERIES: [RGBColor; 8] = {
        let s = palette::SERIES;
        [
            s[0].light.plot(),
            s[1].light.plot(),
            s[2].light.plot(),
            s[3].light.plot(),
            s[4].light.plot(),
            s[5].light.plot(),
            s[6].light.plot(),
            s[7].light.plot(),
        ]
    };
}

/// The most participants one [`ChartKind::Participants`] chart draws: one distinct colour each
/// from [`colors::SERIES`]; more lines would share colours and the legend could not tell them
/// apart.
pub const MAX_PARTICIPANTS: usize = colors::SERIES.len();

pub(crate) fn render_err<E: std::fmt::Display>(e: E) -> ReportError {
    ReportError::Render(e.to_string())
}

/// The time range a request covers, clipped to the meeting.
pub fn resolve_range(
    ctx: &ExportContext,
    request: &ChartRequest,
) -> Result<(DateTime<Utc>, DateTime<Utc>), ReportError> {
    let (start, end) =
        ctx.time_range().ok_or_else(|| ReportError::NoData("this meeting has no QoS samples to draw".to_owned()))?;
    let from = request.from.map_or(start, |f| f.max(start));
    let to = request.to.map_or(end, |t| t.min(end));
    if from >= to && !(from == to && request.from.is_none() && request.to.is_none()) {
        return Err(ReportError::InvalidRequest(format!(
            "the time range {}–{} does not overlap the meeting ({}–{}); pick a range inside it",
            timefmt::utc_minute(request.from.unwrap_or(start)),
            timefmt::utc_minute(request.to.unwrap_or(end)),
            timefmt::utc_minute(start),
            timefmt::utc_minute(end)
        )));
    }
    Ok((from, to))
}

pub(crate) fn join_or_err<'a>(ctx: &'a ExportContext, user_id: &str) -> Result<&'a Join, ReportError> {
    ctx.find_join(user_id).ok_or_else(|| {
        ReportError::NotFound(format!(
            "no participant {user_id:?} in this meeting; use a user_id or name from the participants list"
        ))
    })
}

/// Renders a line chart request (not the heatmap) as SVG.
pub fn chart_svg(ctx: &ExportContext, request: &ChartRequest) -> Result<String, ReportError> {
    fonts::register_plotters_fonts();
    let range = resolve_range(ctx, request)?;
    match &request.kind {
        ChartKind::Metric { user_id, stream, metric } => {
            let join = join_or_err(ctx, user_id)?;
            metric_chart(ctx, join, *stream, *metric, range)
        }
        ChartKind::Stream { user_id, stream } => {
            let join = join_or_err(ctx, user_id)?;
            stream_chart(ctx, join, *stream, range)
        }
        ChartKind::SentReceived { user_id, media } => {
            let join = join_or_err(ctx, user_id)?;
            crate::sent_received::group_svg(ctx, join, media, range)
        }
        ChartKind::Comparison { user_id, stream, metric, culprit_user_id } => {
            let join = join_or_err(ctx, user_id)?;
            comparison_chart(ctx, join, *stream, *metric, culprit_user_id.as_deref(), range)
        }
        ChartKind::Participants { user_ids, stream, metric } => {
            participants_chart(ctx, user_ids, *stream, *metric, range)
        }
        ChartKind::Heatmap => crate::heatmap::heatmap_svg(ctx, request),
    }
}

/// A legend entry.
pub(crate) enum Mark {
    Line(RGBColor),
    Band(RGBColor, f64),
}

/// Where the first legend row sits in a header, and how far apart wrapped rows are.
const LEGEND_TOP: i32 = 70;
const LEGEND_ROW: i32 = 20;

/// Legend entries laid out left to right, wrapping onto further rows when a row is full:
/// (x, y, label shortened to fit) per entry.
fn legend_layout(legend: &[(Mark, String)], width: f32) -> Vec<(i32, i32, String)> {
    let right = (width - 20.0) as i32;
    let mut x = 20i32;
    let mut y = LEGEND_TOP;
    let mut placed = Vec::with_capacity(legend.len());
    for (_, label) in legend {
        let label = fonts::ellipsize(label, 13.0, false, 260.0);
        let item_width = 28 + fonts::text_width(&label, 13.0, false) as i32;
        if x > 20 && x + item_width > right {
            x = 20;
            y += LEGEND_ROW;
        }
        placed.push((x, y, label));
        x += item_width + 22;
    }
    placed
}

/// The header's height for a legend in a chart `width` wide: [`HEADER`], plus a row for every
/// row the legend wraps onto.
pub(crate) fn header_height(legend: &[(Mark, String)], width: u32) -> u32 {
    let last_row = legend_layout(legend, width as f32).last().map_or(LEGEND_TOP, |&(_, y, _)| y);
    HEADER + (last_row - LEGEND_TOP) as u32
}

/// Draws the title, subtitle and legend into a header area (as tall as [`header_height`] says
/// when the legend wraps).
pub(crate) fn draw_header(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    title: &str,
    subtitle: &str,
    legend: &[(Mark, String)],
) -> Result<(), ReportError> {
    let title_font = ("sans-serif", 20).into_font().style(FontStyle::Bold).color(&colors::TEXT);
    let sub_font = ("sans-serif", 14).into_font().color(&colors::MUTED);
    let legend_font = ("sans-serif", 13).into_font().color(&colors::TEXT);
    let area_width = area.dim_in_pixel().0 as f32;
    let width = area_width - 40.0;
    area.draw(&Text::new(fonts::ellipsize(title, 20.0, true, width), (20, 12), title_font)).map_err(render_err)?;
    area.draw(&Text::new(fonts::ellipsize(subtitle, 14.0, false, width), (20, 40), sub_font)).map_err(render_err)?;
    for ((mark, _), (x, y, label)) in legend.iter().zip(legend_layout(legend, area_width)) {
        match mark {
            Mark::Line(color) => {
                area.draw(&PathElement::new(vec![(x, y + 7), (x + 22, y + 7)], color.stroke_width(3)))
                    .map_err(render_err)?;
            }
            Mark::Band(color, alpha) => {
                area.draw(&Rectangle::new([(x, y), (x + 22, y + 14)], color.mix(*alpha * 2.0).filled()))
                    .map_err(render_err)?;
            }
        }
        area.draw(&Text::new(label, (x + 28, y), legend_font.clone())).map_err(render_err)?;
    }
    Ok(())
}

/// One plotted panel: lines, bands and episodes of one metric.
pub(crate) struct Panel<'a> {
    pub stream: Stream,
    pub metric: Metric,
    pub lines: Vec<(RGBColor, u32, Series)>,
    pub episodes: Vec<&'a Episode>,
}

fn minutes_since(from: DateTime<Utc>, t: DateTime<Utc>) -> f64 {
    (t - from).num_seconds() as f64 / 60.0
}

fn y_bounds(ctx: &ExportContext, panel: &Panel<'_>) -> (f64, f64) {
    let values = panel.lines.iter().flat_map(|(_, _, s)| s.iter().map(|&(_, v)| v));
    let (mut lo, mut hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if let Some(level) = ctx.thresholds.level(panel.stream.media(), panel.metric) {
        lo = lo.min(level.warning.min(level.poor));
        hi = hi.max(level.warning.max(level.poor));
    }
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    if lo >= 0.0 {
        lo = 0.0;
    }
    let pad = ((hi - lo) * 0.08).max(1.0);
    (if lo < 0.0 { lo - pad } else { lo }, hi + pad)
}

/// Draws one panel into `area`.
pub(crate) fn draw_panel(
    ctx: &ExportContext,
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    panel: &Panel<'_>,
    range: (DateTime<Utc>, DateTime<Utc>),
    small: bool,
) -> Result<(), ReportError> {
    let (from, to) = range;
    let tz: FixedOffset = ctx.tz();
    let x_max = minutes_since(from, to).max(1.0);
    let (y_lo, y_hi) = y_bounds(ctx, panel);
    let unit = panel.metric.unit().symbol();
    let label_size = if small { 12 } else { 14 };
    let mut chart = ChartBuilder::on(area)
        .margin_left(8)
        .margin_right(24)
        .margin_top(if small { 22 } else { 8 })
        .margin_bottom(4)
        .x_label_area_size(if small { 30 } else { 44 })
        .y_label_area_size(if small { 58 } else { 74 })
        .build_cartesian_2d(0f64..x_max, y_lo..y_hi)
        .map_err(render_err)?;
    let time_label = |x: &f64| timefmt::local_hm(from + Duration::seconds((*x * 60.0).round() as i64), tz);
    let x_desc = format!("Time ({})", timefmt::zone_label(tz));
    let y_desc = format!("{} ({unit})", panel.metric.label());
    let mut mesh = chart.configure_mesh();
    mesh.x_labels(if small { 6 } else { 10 })
        .y_labels(if small { 5 } else { 8 })
        .x_label_formatter(&time_label)
        .label_style(("sans-serif", label_size).into_font().color(&colors::MUTED))
        .axis_desc_style(("sans-serif", label_size).into_font().color(&colors::TEXT))
        // The major grid only, as on screen: no minor mesh between the labelled lines.
        .max_light_lines(0)
        .light_line_style(TRANSPARENT)
        .bold_line_style(crate::palette::CHART_GRID.light.plot_rgba())
        .y_desc(y_desc.clone());
    if !small {
        mesh.x_desc(x_desc);
    }
    mesh.draw().map_err(render_err)?;

    // Threshold bands (behind the data).
    if let Some(level) = ctx.thresholds.level(panel.stream.media(), panel.metric) {
        let (warn_band, poor_band) = match level.worse {
            Worse::Above => ((level.warning, level.poor), (level.poor, y_hi)),
            Worse::Below => ((level.poor, level.warning), (y_lo, level.poor)),
        };
        for ((a, b), color, alpha) in [(warn_band, colors::WARNING, 0.16), (poor_band, colors::POOR, 0.12)] {
            let (a, b) = (a.clamp(y_lo, y_hi), b.clamp(y_lo, y_hi));
            if b > a {
                chart
                    .draw_series(std::iter::once(Rectangle::new([(0.0, a), (x_max, b)], color.mix(alpha).filled())))
                    .map_err(render_err)?;
            }
        }
    }
    // Episodes: shaded spans with their grade and times.
    for e in &panel.episodes {
        let x0 = minutes_since(from, e.start).clamp(0.0, x_max);
        let x1 = minutes_since(from, e.end).clamp(0.0, x_max);
        if x1 <= x0 {
            continue;
        }
        chart
            .draw_series(std::iter::once(Rectangle::new([(x0, y_lo), (x1, y_hi)], colors::EPISODE.mix(0.10).filled())))
            .map_err(render_err)?;
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(x0, y_lo), (x1, y_hi)],
                colors::EPISODE.mix(0.5).stroke_width(1),
            )))
            .map_err(render_err)?;
        let grade = if e.grade == Grade::Poor { "poor" } else { "warning" };
        let label = format!("{grade} {}–{}", timefmt::local_hm(e.start, tz), timefmt::local_hm(e.end, tz));
        chart
            .draw_series(std::iter::once(Text::new(
                label,
                (x0, y_hi),
                ("sans-serif", if small { 10 } else { 12 }).into_font().color(&colors::EPISODE),
            )))
            .map_err(render_err)?;
    }
    // The data, never bridging missing minutes; single points get a dot.
    for (color, width, series) in &panel.lines {
        for run in series::contiguous_runs(series) {
            let points: Vec<(f64, f64)> = run.iter().map(|&(t, v)| (minutes_since(from, t), v)).collect();
            if points.len() == 1 {
                chart.draw_series(std::iter::once(Circle::new(points[0], 3, color.filled()))).map_err(render_err)?;
            } else {
                chart.draw_series(LineSeries::new(points, color.stroke_width(*width))).map_err(render_err)?;
            }
        }
    }
    if small {
        area.draw(&Text::new(
            format!("{} ({unit})", panel.metric.label()),
            (70, 4),
            ("sans-serif", 13).into_font().style(FontStyle::Bold).color(&colors::TEXT),
        ))
        .map_err(render_err)?;
    }
    Ok(())
}

pub(crate) fn episodes_of<'a>(ctx: &'a ExportContext, join: &Join, stream: Stream) -> Vec<&'a Episode> {
    ctx.analysis.episodes.iter().filter(|e| e.user_id == join.user_id && e.stream == stream).collect()
}

/// Legend entries of the warning and poor threshold bands.
fn threshold_legend() -> Vec<(Mark, String)> {
    vec![
        (Mark::Band(colors::WARNING, 0.16), "warning band".to_owned()),
        (Mark::Band(colors::POOR, 0.12), "poor band".to_owned()),
    ]
}

/// Legend entries of the threshold bands and the diagnosis's episodes.
pub(crate) fn band_legend() -> Vec<(Mark, String)> {
    let mut legend = threshold_legend();
    legend.push((Mark::Band(colors::EPISODE, 0.10), "episode (diagnosis)".to_owned()));
    legend
}

/// An error unless `metric` is one of `stream`'s metrics, listing the ones that are.
fn check_metric_of_stream(stream: Stream, metric: Metric) -> Result<(), ReportError> {
    if metric.belongs_to(stream) {
        return Ok(());
    }
    Err(ReportError::InvalidRequest(format!(
        "{} is not a metric of {}; pick one of: {}",
        metric.key(),
        stream.key(),
        Metric::ALL.iter().filter(|m| m.belongs_to(stream)).map(|m| m.key()).collect::<Vec<_>>().join(", ")
    )))
}

/// A chart of one panel under a header: [`HEIGHT`] tall, taller by the rows a long legend
/// wraps onto.
fn single_panel_svg(
    ctx: &ExportContext,
    title: &str,
    subtitle: &str,
    legend: &[(Mark, String)],
    panel: &Panel<'_>,
    range: (DateTime<Utc>, DateTime<Utc>),
) -> Result<String, ReportError> {
    let head_height = header_height(legend, WIDTH);
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, HEIGHT - HEADER + head_height)).into_drawing_area();
        root.fill(&WHITE).map_err(render_err)?;
        let (head, body) = root.split_vertically(head_height);
        draw_header(&head, title, subtitle, legend)?;
        draw_panel(ctx, &body, panel, range, false)?;
        root.present().map_err(render_err)?;
    }
    Ok(out)
}

pub(crate) fn subtitle(ctx: &ExportContext, who: &str, range: (DateTime<Utc>, DateTime<Utc>)) -> String {
    format!("{} · {who} · {}", ctx.meeting_title(), timefmt::range_label(range.0, range.1, ctx.tz()))
}

fn metric_chart(
    ctx: &ExportContext,
    join: &Join,
    stream: Stream,
    metric: Metric,
    range: (DateTime<Utc>, DateTime<Utc>),
) -> Result<String, ReportError> {
    check_metric_of_stream(stream, metric)?;
    let name = ctx.display_name(join);
    let own = series::join_series(join, stream, metric, range.0, range.1);
    if own.is_empty() {
        return Err(ReportError::NoData(format!(
            "{name} has no {} values for {} in this time range",
            metric.label(),
            stream.label()
        )));
    }
    let median = series::median_series(&ctx.meeting, stream, metric, range.0, range.1);
    let panel = Panel {
        stream,
        metric,
        lines: vec![(colors::MEDIAN, 2, median), (colors::SUBJECT, 3, own)],
        episodes: episodes_of(ctx, join, stream),
    };
    let mut legend =
        vec![(Mark::Line(colors::SUBJECT), name.clone()), (Mark::Line(colors::MEDIAN), "meeting median".into())];
    legend.extend(band_legend());
    let title = format!("{} · {}", metric.label(), stream.label());
    single_panel_svg(ctx, &title, &subtitle(ctx, &name, range), &legend, &panel, range)
}

fn stream_chart(
    ctx: &ExportContext,
    join: &Join,
    stream: Stream,
    range: (DateTime<Utc>, DateTime<Utc>),
) -> Result<String, ReportError> {
    let name = ctx.display_name(join);
    let metrics: Vec<Metric> = series::metrics_with_data(join, stream)
        .into_iter()
        .filter(|&m| !series::join_series(join, stream, m, range.0, range.1).is_empty())
        .collect();
    if metrics.is_empty() {
        return Err(ReportError::NoData(format!("{name} has no {} values in this time range", stream.label())));
    }
    let cols = if metrics.len() == 1 { 1 } else { 2 };
    let rows = metrics.len().div_ceil(cols);
    let panel_h = 250u32;
    let mut legend =
        vec![(Mark::Line(colors::SUBJECT), name.clone()), (Mark::Line(colors::MEDIAN), "meeting median".into())];
    legend.extend(band_legend());
    let head_height = header_height(&legend, WIDTH);
    let height = head_height + rows as u32 * panel_h;
    let episodes = episodes_of(ctx, join, stream);
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(render_err)?;
        let (head, body) = root.split_vertically(head_height);
        draw_header(&head, &stream.label(), &subtitle(ctx, &name, range), &legend)?;
        let cells = body.split_evenly((rows, cols));
        for (cell, &metric) in cells.iter().zip(&metrics) {
            let panel = Panel {
                stream,
                metric,
                lines: vec![
                    (colors::MEDIAN, 1, series::median_series(&ctx.meeting, stream, metric, range.0, range.1)),
                    (colors::SUBJECT, 2, series::join_series(join, stream, metric, range.0, range.1)),
                ],
                episodes: episodes.clone(),
            };
            draw_panel(ctx, cell, &panel, range, true)?;
        }
        root.present().map_err(render_err)?;
    }
    Ok(out)
}

/// The sender the diagnosis blamed for what `join` received on `stream`, if any.
/// Findings first; the episodes' attribution when no finding names a sender.
pub fn blamed_sender<'a>(ctx: &'a ExportContext, join: &Join, stream: Stream) -> Option<&'a Join> {
    let from_findings = ctx.analysis.findings.iter().find_map(|f| {
        let about_this =
            f.participant.user_id == join.user_id && (f.stream == Some(stream) || f.streams.contains(&stream));
        let culprit = f.culprit.as_ref().filter(|c| c.user_id != join.user_id)?;
        if about_this {
            ctx.meeting.join(&culprit.user_id)
        } else {
            None
        }
    });
    from_findings.or_else(|| {
        ctx.analysis.episodes.iter().filter(|e| e.user_id == join.user_id && e.stream == stream).find_map(|e| match &e
            .attribution
        {
            Some(Attribution::SenderUplink { sender_user_id }) => ctx.meeting.join(sender_user_id),
            _ => None,
        })
    })
}

fn comparison_chart(
    ctx: &ExportContext,
    join: &Join,
    stream: Stream,
    metric: Metric,
    culprit_user_id: Option<&str>,
    range: (DateTime<Utc>, DateTime<Utc>),
) -> Result<String, ReportError> {
    let received = match stream.direction() {
        Direction::Received => stream,
        Direction::Sent => series::received_counterpart(stream).unwrap_or(stream),
        Direction::Device => {
            return Err(ReportError::InvalidRequest(format!(
                "{} has no sender to compare with; pick an audio, video or screen-share stream",
                stream.key()
            )))
        }
    };
    let sent = series::sent_counterpart(received).unwrap_or(received);
    let culprit = match culprit_user_id {
        Some(id) => Some(join_or_err(ctx, id)?),
        None => blamed_sender(ctx, join, received),
    };
    let name = ctx.display_name(join);
    let own = series::join_series(join, received, metric, range.0, range.1);
    if own.is_empty() {
        return Err(ReportError::NoData(format!(
            "{name} has no {} values for {} in this time range",
            metric.label(),
            received.label()
        )));
    }
    let mut lines = vec![(colors::MEDIAN, 2, series::median_series(&ctx.meeting, received, metric, range.0, range.1))];
    let mut legend = vec![
        (Mark::Line(colors::SUBJECT), format!("{name} received")),
        (Mark::Line(colors::MEDIAN), "meeting median (received)".to_owned()),
    ];
    if let Some(c) = culprit {
        // A sender reaches receivers through one path; when the culprit has no values on the
        // matching path (e.g. a cloud-recording leg), use their main sent stream of that media.
        let mut sent_series = series::join_series(c, sent, metric, range.0, range.1);
        let mut sent_stream = sent;
        if sent_series.is_empty() {
            if let Some((main_sent, _)) = media_pair(received.media()) {
                sent_series = series::join_series(c, main_sent, metric, range.0, range.1);
                sent_stream = main_sent;
            }
        }
        lines.push((colors::CULPRIT, 3, sent_series));
        legend
            .insert(1, (Mark::Line(colors::CULPRIT), format!("{} sent ({})", ctx.display_name(c), sent_stream.key())));
    }
    lines.push((colors::SUBJECT, 3, own));
    legend.push((Mark::Band(colors::EPISODE, 0.10), "episode".to_owned()));
    let panel = Panel { stream: received, metric, lines, episodes: episodes_of(ctx, join, received) };
    let title = match culprit {
        Some(c) => format!("Who caused it: {} · {} received vs {} sent", metric.label(), name, ctx.display_name(c)),
        None => format!("{} · {} received vs the meeting (no sender blamed)", metric.label(), name),
    };
    single_panel_svg(ctx, &title, &subtitle(ctx, &received.label(), range), &legend, &panel, range)
}

/// One metric of several joins, one colour each in the order asked for, over the meeting's
/// median and the threshold bands; joins without values in the range stay in the legend, marked.
fn participants_chart(
    ctx: &ExportContext,
    user_ids: &[String],
    stream: Stream,
    metric: Metric,
    range: (DateTime<Utc>, DateTime<Utc>),
) -> Result<String, ReportError> {
    check_metric_of_stream(stream, metric)?;
    if user_ids.is_empty() {
        return Err(ReportError::InvalidRequest(
            "no participants to compare; pick at least one participant for the chart".to_owned(),
        ));
    }
    if user_ids.len() > MAX_PARTICIPANTS {
        return Err(ReportError::InvalidRequest(format!(
            "{} participants are too many for one chart: at most {MAX_PARTICIPANTS} stay readable (one colour \
             each); remove some, or export them in groups",
            user_ids.len()
        )));
    }
    // The same join asked for twice (by user_id and by name, say) is drawn once.
    let mut joins: Vec<&Join> = Vec::with_capacity(user_ids.len());
    for id in user_ids {
        let join = join_or_err(ctx, id)?;
        if !joins.iter().any(|j| j.user_id == join.user_id) {
            joins.push(join);
        }
    }
    let mut lines = vec![(colors::MEDIAN, 2, series::median_series(&ctx.meeting, stream, metric, range.0, range.1))];
    let mut legend = Vec::with_capacity(joins.len() + 3);
    for (join, color) in joins.iter().zip(colors::SERIES) {
        let values = series::join_series(join, stream, metric, range.0, range.1);
        let name = ctx.display_name(join);
        legend.push((Mark::Line(color), if values.is_empty() { format!("{name} (no data in range)") } else { name }));
        lines.push((color, 2, values));
    }
    if lines[1..].iter().all(|(_, _, values)| values.is_empty()) {
        return Err(ReportError::NoData(format!(
            "none of the {} chosen participants has {} values for {} in this time range; pick others or a \
             wider range",
            joins.len(),
            metric.label(),
            stream.label()
        )));
    }
    legend.push((Mark::Line(colors::MEDIAN), "meeting median".to_owned()));
    if ctx.thresholds.level(stream.media(), metric).is_some() {
        legend.extend(threshold_legend());
    }
    let who = if joins.len() == 1 { "1 participant".to_owned() } else { format!("{} participants", joins.len()) };
    let title = format!("Compare: {} · {}", metric.label(), stream.label());
    let panel = Panel { stream, metric, lines, episodes: Vec::new() };
    single_panel_svg(ctx, &title, &subtitle(ctx, &who, range), &legend, &panel, range)
}

pub use crate::sent_received::{media_pair, sent_received_svg};

#[cfg(test)]
mod tests {
    use super::*;

    fn names(count: usize, name: &str) -> Vec<(Mark, String)> {
        (0..count).map(|i| (Mark::Line(colors::SERIES[i % colors::SERIES.len()]), format!("{name} {i}"))).collect()
    }

    #[test]
    fn a_short_legend_keeps_the_standard_header() {
        assert_eq!(header_height(&names(3, "Ana"), WIDTH), HEADER);
        assert_eq!(header_height(&[], WIDTH), HEADER);
    }

    #[test]
    fn a_long_legend_wraps_onto_rows_that_stay_inside_the_chart() {
        let legend = names(8, "A participant with quite a long display name");
        let placed = legend_layout(&legend, WIDTH as f32);
        assert_eq!(placed.len(), 8);
        let rows = placed.iter().map(|&(_, y, _)| y).max().unwrap() - LEGEND_TOP;
        assert!(rows >= 2 * LEGEND_ROW, "eight long names need at least three rows");
        assert_eq!(header_height(&legend, WIDTH), HEADER + rows as u32);
        for (x, _, label) in &placed {
            let right = *x + 28 + fonts::text_width(label, 13.0, false) as i32;
            assert!(right <= WIDTH as i32 - 20, "{label:?} ends at {right}, past the chart's edge");
        }
    }
}
