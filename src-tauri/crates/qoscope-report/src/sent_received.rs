//! A participant's timelines sent beside received: one row per metric of each media, the sent
//! stream on the left and the received one on the right — the participant view's small
//! multiples, for the PDF report and for chart exports of the stream group on screen.

use crate::charts::{
    band_legend, colors, draw_header, draw_panel, episodes_of, header_height, render_err, subtitle, Mark, Panel, WIDTH,
};
use crate::context::ExportContext;
use crate::error::ReportError;
use crate::{fonts, series};
use chrono::{DateTime, Utc};
use plotters::prelude::*;
use qoscope_model::metric::Media;
use qoscope_model::{Join, Metric, Stream};

/// The media a figure of "every stream" covers, in the participant view's order.
const ALL_MEDIA: [Media; 3] = [Media::Audio, Media::Video, Media::ScreenShare];

/// The metrics drawn per media, in row order.
const METRICS: [Metric; 5] = [Metric::AvgLoss, Metric::Jitter, Metric::Latency, Metric::Bitrate, Metric::FrameRate];

/// The sent and received streams of one kind of media, e.g. `audio_input` / `audio_output`.
pub fn media_pair(media: Media) -> Option<(Stream, Stream)> {
    match media {
        Media::Audio => Some((Stream::AudioInput, Stream::AudioOutput)),
        Media::Video => Some((Stream::VideoInput, Stream::VideoOutput)),
        Media::ScreenShare => Some((Stream::AsInput, Stream::AsOutput)),
        Media::Cpu | Media::Wifi => None,
    }
}

/// "Audio", "Video", "Screen share".
fn media_label(media: Media) -> &'static str {
    match media {
        Media::Audio => "Audio",
        Media::Video => "Video",
        Media::ScreenShare => "Screen share",
        Media::Cpu => "CPU",
        Media::Wifi => "Wi-Fi",
    }
}

/// The rows of a figure: (sent, received, metric) with data in the range, media by media.
fn rows(join: &Join, media: &[Media], range: (DateTime<Utc>, DateTime<Utc>)) -> Vec<(Stream, Stream, Metric)> {
    let has = |s: Stream, m: Metric| !series::join_series(join, s, m, range.0, range.1).is_empty();
    media
        .iter()
        .filter_map(|&m| media_pair(m))
        .flat_map(|(sent, received)| {
            METRICS
                .into_iter()
                .filter(move |&m| m.belongs_to(sent) && (has(sent, m) || has(received, m)))
                .map(move |m| (sent, received, m))
        })
        .collect()
}

/// A figure of one join's sent (left) and received (right) timelines of one kind of media, one
/// row per metric; `None` when the join has no data for it in the range.
pub fn sent_received_svg(
    ctx: &ExportContext,
    join: &Join,
    media: Media,
    range: (DateTime<Utc>, DateTime<Utc>),
) -> Result<Option<String>, ReportError> {
    draw(ctx, join, &[media], range)
}

/// The chart of [`crate::ChartKind::SentReceived`]: the given media (every media with data when
/// empty), sent beside received; an error saying so when the join has none of them.
pub fn group_svg(
    ctx: &ExportContext,
    join: &Join,
    media: &[Media],
    range: (DateTime<Utc>, DateTime<Utc>),
) -> Result<String, ReportError> {
    let media = if media.is_empty() { &ALL_MEDIA[..] } else { media };
    draw(ctx, join, media, range)?.ok_or_else(|| {
        let what: Vec<&str> = media.iter().map(|&m| media_label(m)).collect();
        ReportError::NoData(format!(
            "{} has no {} values in this time range",
            ctx.display_name(join),
            what.join(", ").to_lowercase()
        ))
    })
}

fn draw(
    ctx: &ExportContext,
    join: &Join,
    media: &[Media],
    range: (DateTime<Utc>, DateTime<Utc>),
) -> Result<Option<String>, ReportError> {
    fonts::register_plotters_fonts();
    let rows = rows(join, media, range);
    if rows.is_empty() {
        return Ok(None);
    }
    let shown: Vec<Media> =
        media.iter().copied().filter(|&m| rows.iter().any(|r| Some(r.0) == media_pair(m).map(|p| p.0))).collect();
    let name = ctx.display_name(join);
    let panel_h = 190u32;
    let mut legend =
        vec![(Mark::Line(colors::SUBJECT), name.clone()), (Mark::Line(colors::MEDIAN), "meeting median".into())];
    legend.extend(band_legend());
    let head_height = header_height(&legend, WIDTH);
    let height = head_height + 26 + rows.len() as u32 * panel_h;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(render_err)?;
        let (head, body) = root.split_vertically(head_height);
        let labels: Vec<&str> = shown.iter().map(|&m| media_label(m)).collect();
        let title = format!("{}: sent vs received", labels.join(", "));
        draw_header(&head, &title, &subtitle(ctx, &name, range), &legend)?;
        let (columns_head, grid) = body.split_vertically(26);
        let (left, right) = columns_head.split_horizontally(WIDTH / 2);
        let col_font = ("sans-serif", 15).into_font().style(FontStyle::Bold).color(&colors::TEXT);
        let keys = |pick: fn(&(Stream, Stream, Metric)) -> Stream| {
            let mut keys: Vec<&str> = rows.iter().map(|r| pick(r).key()).collect();
            keys.dedup();
            keys.join(", ")
        };
        left.draw(&Text::new(format!("Sent ({})", keys(|r| r.0)), (70, 4), col_font.clone())).map_err(render_err)?;
        right.draw(&Text::new(format!("Received ({})", keys(|r| r.1)), (70, 4), col_font)).map_err(render_err)?;
        let cells = grid.split_evenly((rows.len(), 2));
        for (i, &(sent, received, metric)) in rows.iter().enumerate() {
            for (c, stream) in [sent, received].into_iter().enumerate() {
                let panel = Panel {
                    stream,
                    metric,
                    lines: vec![
                        (colors::MEDIAN, 1, series::median_series(&ctx.meeting, stream, metric, range.0, range.1)),
                        (colors::SUBJECT, 2, series::join_series(join, stream, metric, range.0, range.1)),
                    ],
                    episodes: episodes_of(ctx, join, stream),
                };
                draw_panel(ctx, &cells[i * 2 + c], &panel, range, true)?;
            }
        }
        root.present().map_err(render_err)?;
    }
    Ok(Some(out))
}
