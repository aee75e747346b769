//! Ticket-ready exports as the UI asks for them: which chart (participant, stream, metric, time
//! range) or which report, redaction, and the default file name. Rendering is
//! `qoscope-report`'s; this module turns requests into its calls and its errors into
//! [`ApiError`]s. The app's commands (and nothing in the webview) then open the Save dialog and
//! write the file.

use crate::error::{ApiError, ErrorCode};
use crate::workspace::Workspace;
use chrono::{DateTime, Utc};
use qoscope_model::metric::Media;
use qoscope_model::{Metric, Stream};
use qoscope_report::{ChartKind, ChartRequest, ExportContext, ExportOptions, ReportError};
use qoscope_snapshot::SourceKind;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which chart the user is looking at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ChartType {
    /// One metric of one stream of one participant (`user_id`, `stream`, `metric`).
    Metric,
    /// Every metric of one stream of one participant (`user_id`, `stream`).
    Stream,
    /// What `user_id` received on `stream` beside what the culprit sent and the meeting median.
    Comparison,
    /// One metric of several participants (`user_ids`, `stream`, `metric`) beside the meeting
    /// median: the Compare tab's chart.
    Participants,
    /// What one participant (`user_id`) sent beside what they received, one row per metric, for
    /// `media` (the participant view's stream group on screen).
    SentReceived,
    /// Every participant, minute by minute.
    Heatmap,
}

/// The image format of a chart export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImageFormat {
    /// PNG at 2× scale with embedded fonts.
    Png,
    /// Vector SVG (text refers to the DejaVu Sans family).
    Svg,
}

/// A chart to export: the same data and time range as on screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChartExportRequest {
    pub chart: ChartType,
    /// Zoom's per-join `user_id` (not needed for the heatmap).
    pub user_id: Option<String>,
    /// Zoom's stream key, e.g. `"video_output"`.
    pub stream: Option<String>,
    /// Zoom's metric key, e.g. `"avg_loss"`.
    pub metric: Option<String>,
    /// For comparisons: the sender to compare with; `null` = the one the diagnosis blamed.
    pub culprit_user_id: Option<String>,
    /// For a participants chart: the joins' `user_id`s, one line each in this order (at most
    /// `qoscope_report::charts::MAX_PARTICIPANTS`). Optional, so requests from before it existed
    /// still work.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub user_ids: Option<Vec<String>>,
    /// For a sent-received chart: `"audio"`, `"video"`, `"screen_share"` or `"all"` (`null` =
    /// all). Optional, so requests from before it existed still work.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub media: Option<String>,
    /// The visible range, RFC 3339; `null` = the whole meeting.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Mask IP, MAC, hard-disk ID, PC name, e-mail and location.
    pub redact: bool,
    /// The UI's time zone as minutes east of UTC (`-new Date().getTimezoneOffset()`).
    pub utc_offset_minutes: i32,
    pub format: ImageFormat,
}

/// The PDF report to export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportExportRequest {
    /// The focus participant's `user_id`; `null` = the whole-meeting report.
    pub focus_user_id: Option<String>,
    /// Mask IP, MAC, hard-disk ID, PC name, e-mail and location (the UI defaults to on).
    pub redact: bool,
    /// The UI's time zone as minutes east of UTC.
    pub utc_offset_minutes: i32,
}

/// Where an export was saved (`null` from the command when the user cancelled the dialog).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SavedExport {
    /// The full path, for "Show in folder".
    pub path: String,
    pub file_name: String,
    pub bytes: u32,
}

/// A rendered export: its bytes, a sensible file name and the file type's name/extension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedExport {
    pub bytes: Vec<u8>,
    pub default_file_name: String,
    /// For the Save dialog's filter ("PDF document", "pdf").
    pub filter_name: &'static str,
    pub extension: &'static str,
}

/// A line for the report's notes saying where the data came from.
pub fn source_note(workspace: &Workspace) -> String {
    let snapshot = workspace.snapshot_info();
    let fetched = snapshot.created_at.format("%Y-%m-%d %H:%M UTC");
    match snapshot.source.kind {
        SourceKind::Zoom => {
            format!("Zoom's Dashboard QoS API (per-minute samples per participant), fetched {fetched}.")
        }
        SourceKind::Simulator => {
            format!("QoScope's Zoom simulator (simulated data, not a real meeting), made {fetched}.")
        }
        SourceKind::Demo => "QoScope's built-in demo meeting (simulated data, not a real meeting).".to_owned(),
    }
}

fn report_error(e: ReportError) -> ApiError {
    let code = match e {
        ReportError::NotFound(_) => ErrorCode::NotFound,
        ReportError::InvalidRequest(_) | ReportError::NoData(_) => ErrorCode::InvalidInput,
        ReportError::Render(_) => ErrorCode::Internal,
    };
    ApiError::new(code, e.to_string())
}

fn context(workspace: &Workspace, redact: bool, utc_offset_minutes: i32, app_version: &str) -> ExportContext {
    let offset = utc_offset_minutes.clamp(-18 * 60, 18 * 60) * 60;
    let options = ExportOptions {
        redact,
        utc_offset_seconds: offset,
        app_version: app_version.to_owned(),
        exported_at: Utc::now(),
        source_note: source_note(workspace),
    };
    let mut ctx = ExportContext::new(workspace.meeting(), workspace.thresholds(), options);
    ctx.feedback = workspace.report_feedback();
    ctx
}

fn parse_time(field: &str, v: &Option<String>) -> Result<Option<DateTime<Utc>>, ApiError> {
    v.as_deref()
        .map(|s| {
            DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).map_err(|_| {
                ApiError::new(ErrorCode::InvalidInput, format!("{field} must be an RFC 3339 time, not {s:?}"))
            })
        })
        .transpose()
}

fn need<'a>(field: &str, v: &'a Option<String>, chart: ChartType) -> Result<&'a str, ApiError> {
    v.as_deref().ok_or_else(|| ApiError::new(ErrorCode::InvalidInput, format!("a {chart:?} chart needs {field}")))
}

fn stream_of(key: &str) -> Result<Stream, ApiError> {
    Stream::from_key(key).ok_or_else(|| ApiError::new(ErrorCode::InvalidInput, format!("unknown stream {key:?}")))
}

fn metric_of(key: &str) -> Result<Metric, ApiError> {
    Metric::from_key(key).ok_or_else(|| ApiError::new(ErrorCode::InvalidInput, format!("unknown metric {key:?}")))
}

/// The media of a sent-received chart; "all" (or none) is every media.
fn media_of(key: Option<&str>) -> Result<Vec<Media>, ApiError> {
    Ok(match key.unwrap_or("all") {
        "all" => Vec::new(),
        "audio" => vec![Media::Audio],
        "video" => vec![Media::Video],
        "screen_share" => vec![Media::ScreenShare],
        other => {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!("unknown media {other:?}; use audio, video, screen_share or all"),
            ))
        }
    })
}

/// The report crate's request for a UI request.
pub fn chart_request(req: &ChartExportRequest) -> Result<ChartRequest, ApiError> {
    let c = req.chart;
    let kind = match c {
        ChartType::Heatmap => ChartKind::Heatmap,
        ChartType::Metric => ChartKind::Metric {
            user_id: need("user_id", &req.user_id, c)?.to_owned(),
            stream: stream_of(need("stream", &req.stream, c)?)?,
            metric: metric_of(need("metric", &req.metric, c)?)?,
        },
        ChartType::Stream => ChartKind::Stream {
            user_id: need("user_id", &req.user_id, c)?.to_owned(),
            stream: stream_of(need("stream", &req.stream, c)?)?,
        },
        ChartType::SentReceived => ChartKind::SentReceived {
            user_id: need("user_id", &req.user_id, c)?.to_owned(),
            media: media_of(req.media.as_deref())?,
        },
        ChartType::Comparison => ChartKind::Comparison {
            user_id: need("user_id", &req.user_id, c)?.to_owned(),
            stream: stream_of(need("stream", &req.stream, c)?)?,
            metric: metric_of(need("metric", &req.metric, c)?)?,
            culprit_user_id: req.culprit_user_id.clone(),
        },
        ChartType::Participants => ChartKind::Participants {
            user_ids: req
                .user_ids
                .clone()
                .ok_or_else(|| ApiError::new(ErrorCode::InvalidInput, format!("a {c:?} chart needs user_ids")))?,
            stream: stream_of(need("stream", &req.stream, c)?)?,
            metric: metric_of(need("metric", &req.metric, c)?)?,
        },
    };
    Ok(ChartRequest { kind, from: parse_time("from", &req.from)?, to: parse_time("to", &req.to)? })
}

fn media_key(media: Media) -> &'static str {
    match media {
        Media::Audio => "audio",
        Media::Video => "video",
        Media::ScreenShare => "screen-share",
        Media::Cpu => "cpu",
        Media::Wifi => "wifi",
    }
}

/// Renders a chart of the open meeting.
pub fn render_chart(
    workspace: &Workspace,
    req: &ChartExportRequest,
    app_version: &str,
) -> Result<RenderedExport, ApiError> {
    let request = chart_request(req)?;
    let ctx = context(workspace, req.redact, req.utc_offset_minutes, app_version);
    let what = match &request.kind {
        ChartKind::Metric { stream, metric, .. } => format!("{}-{}", stream.key(), metric.key()),
        ChartKind::Stream { stream, .. } => stream.key().to_owned(),
        ChartKind::SentReceived { media, .. } => match media.as_slice() {
            [one] => format!("{}-sent-received", media_key(*one)),
            _ => "sent-received".to_owned(),
        },
        ChartKind::Comparison { stream, metric, .. } => format!("who-caused-it-{}-{}", stream.key(), metric.key()),
        ChartKind::Participants { stream, metric, .. } => format!("compare-{}-{}", stream.key(), metric.key()),
        ChartKind::Heatmap => "heatmap".to_owned(),
    };
    let who = match request.kind {
        // Several people: none of them names the file.
        ChartKind::Participants { .. } | ChartKind::Heatmap => None,
        _ => req.user_id.as_deref().and_then(|id| ctx.find_join(id)).map(|j| j.user_name.clone()),
    };
    let (bytes, filter_name, extension) = match req.format {
        ImageFormat::Png => (qoscope_report::chart_png(&ctx, &request).map_err(report_error)?, "PNG image", "png"),
        ImageFormat::Svg => {
            (qoscope_report::chart_svg(&ctx, &request).map_err(report_error)?.into_bytes(), "SVG image", "svg")
        }
    };
    Ok(RenderedExport {
        bytes,
        default_file_name: file_name(&ctx, who.as_deref(), &what, extension),
        filter_name,
        extension,
    })
}

/// Renders a chart of the open meeting as RGBA pixels at 2× for the clipboard.
pub fn render_chart_rgba(
    workspace: &Workspace,
    req: &ChartExportRequest,
    app_version: &str,
) -> Result<(u32, u32, Vec<u8>), ApiError> {
    let request = chart_request(req)?;
    let ctx = context(workspace, req.redact, req.utc_offset_minutes, app_version);
    qoscope_report::chart_rgba(&ctx, &request).map_err(report_error)
}

/// Renders the PDF report of the open meeting.
pub fn render_report(
    workspace: &Workspace,
    req: &ReportExportRequest,
    app_version: &str,
) -> Result<RenderedExport, ApiError> {
    let ctx = context(workspace, req.redact, req.utc_offset_minutes, app_version);
    let bytes = qoscope_report::report_pdf(&ctx, req.focus_user_id.as_deref()).map_err(report_error)?;
    let who = req.focus_user_id.as_deref().and_then(|id| ctx.find_join(id)).map(|j| j.user_name.clone());
    Ok(RenderedExport {
        bytes,
        default_file_name: file_name(&ctx, who.as_deref(), "report", "pdf"),
        filter_name: "PDF document",
        extension: "pdf",
    })
}

/// "QoScope_<meeting>_<participant>_<what>_<date>.<ext>", safe on every file system.
pub fn file_name(ctx: &ExportContext, participant: Option<&str>, what: &str, extension: &str) -> String {
    let date = ctx
        .time_range()
        .map(|(s, _)| s.with_timezone(&ctx.tz()).format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "undated".to_owned());
    let mut parts = vec!["QoScope".to_owned(), safe_part(&ctx.meeting_title(), 40)];
    if let Some(p) = participant.map(|p| safe_part(p, 30)).filter(|p| !p.is_empty()) {
        parts.push(p);
    }
    parts.push(safe_part(what, 50));
    parts.push(date);
    format!("{}.{extension}", parts.into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join("_"))
}

/// Letters (any script) and digits kept, everything else becomes single dashes.
fn safe_part(text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out: String = out.trim_end_matches('-').chars().take(max_chars).collect();
    out.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heatmap() -> ChartExportRequest {
        ChartExportRequest {
            chart: ChartType::Heatmap,
            user_id: None,
            stream: None,
            metric: None,
            culprit_user_id: None,
            user_ids: None,
            media: None,
            from: None,
            to: None,
            redact: true,
            utc_offset_minutes: 60,
            format: ImageFormat::Png,
        }
    }

    #[test]
    fn file_names_are_safe_and_say_what_they_hold() {
        assert_eq!(safe_part("Zoë 王 <b>x</b> / ../etc", 40), "Zoë-王-b-x-b-etc");
        assert_eq!(safe_part("***", 10), "");
        let ws = Workspace::demo().unwrap();
        let png = render_chart(&ws, &heatmap(), "1.0").unwrap();
        assert_eq!(png.default_file_name, "QoScope_Weekly-IT-service-review_heatmap_2026-11-24.png");
        assert!(png.bytes.starts_with(b"\x89PNG"));
    }

    #[test]
    fn incomplete_requests_are_invalid_input() {
        let ws = Workspace::demo().unwrap();
        let mut req = heatmap();
        req.chart = ChartType::Metric;
        let e = render_chart(&ws, &req, "1.0").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert!(e.message.contains("user_id"));
        req.user_id = Some("nobody".into());
        req.stream = Some("audio_input".into());
        req.metric = Some("jitter".into());
        assert_eq!(render_chart(&ws, &req, "1.0").unwrap_err().code, ErrorCode::NotFound);
        req.from = Some("yesterday".into());
        assert_eq!(render_chart(&ws, &req, "1.0").unwrap_err().code, ErrorCode::InvalidInput);
    }

    /// The demo's joins with video_output packet loss, in join order.
    fn joins_with_video_loss(ws: &Workspace) -> Vec<String> {
        let key = qoscope_model::MetricKey { stream: Stream::VideoOutput, metric: Metric::AvgLoss };
        ws.meeting()
            .joins
            .iter()
            .filter(|j| j.samples.iter().any(|s| s.get(key).is_some()))
            .map(|j| j.user_id.clone())
            .collect()
    }

    fn participants(user_ids: Option<Vec<String>>) -> ChartExportRequest {
        ChartExportRequest {
            chart: ChartType::Participants,
            stream: Some("video_output".into()),
            metric: Some("avg_loss".into()),
            user_ids,
            ..heatmap()
        }
    }

    #[test]
    fn requests_without_user_ids_still_deserialize() {
        // What every chart export sent before `user_ids` existed.
        let json = r#"{"chart":"metric","user_id":"16786456","stream":"audio_output","metric":"jitter",
            "culprit_user_id":null,"from":"2026-11-24T10:10:00Z","to":null,"redact":false,
            "utc_offset_minutes":60,"format":"svg"}"#;
        let req: ChartExportRequest = serde_json::from_str(json).unwrap();
        assert_eq!(req.user_ids, None);
        assert_eq!(
            chart_request(&req).unwrap().kind,
            ChartKind::Metric { user_id: "16786456".into(), stream: Stream::AudioOutput, metric: Metric::Jitter }
        );
        let with: ChartExportRequest = serde_json::from_str(
            &json.replace(r#""chart":"metric""#, r#""chart":"participants","user_ids":["16786456","16780289"]"#),
        )
        .unwrap();
        assert_eq!(with.chart, ChartType::Participants);
        assert_eq!(with.user_ids.as_deref(), Some(&["16786456".to_owned(), "16780289".to_owned()][..]));
    }

    #[test]
    fn participants_requests_map_to_the_compare_chart_and_name_the_file() {
        let ws = Workspace::demo().unwrap();
        let ids: Vec<String> = joins_with_video_loss(&ws).into_iter().take(3).collect();
        let mut req = participants(Some(ids.clone()));
        req.from = Some("2026-11-24T10:10:00Z".into());
        req.to = Some("2026-11-24T10:20:00Z".into());
        let mapped = chart_request(&req).unwrap();
        assert_eq!(
            mapped.kind,
            ChartKind::Participants { user_ids: ids.clone(), stream: Stream::VideoOutput, metric: Metric::AvgLoss }
        );
        assert_eq!(mapped.from.map(|t| t.to_rfc3339()), Some("2026-11-24T10:10:00+00:00".to_owned()));
        assert_eq!(mapped.to.map(|t| t.to_rfc3339()), Some("2026-11-24T10:20:00+00:00".to_owned()));
        let png = render_chart(&ws, &req, "1.0").unwrap();
        assert!(png.bytes.starts_with(b"\x89PNG"));
        assert_eq!(
            png.default_file_name,
            "QoScope_Weekly-IT-service-review_compare-video-output-avg-loss_2026-11-24.png"
        );
        let (w, h, rgba) = render_chart_rgba(&ws, &req, "1.0").unwrap();
        assert_eq!(rgba.len(), (w * h * 4) as usize);
        assert_eq!(w, qoscope_report::charts::WIDTH * 2);
    }

    #[test]
    fn bad_participants_requests_say_what_to_do() {
        let ws = Workspace::demo().unwrap();
        let ids = joins_with_video_loss(&ws);
        let missing = render_chart(&ws, &participants(None), "1.0").unwrap_err();
        assert_eq!(missing.code, ErrorCode::InvalidInput);
        assert!(missing.message.contains("user_ids"), "{}", missing.message);
        let empty = render_chart(&ws, &participants(Some(Vec::new())), "1.0").unwrap_err();
        assert_eq!(empty.code, ErrorCode::InvalidInput);
        assert!(empty.message.contains("pick at least one"), "{}", empty.message);
        let ghost = render_chart(&ws, &participants(Some(vec![ids[0].clone(), "ghost".into()])), "1.0").unwrap_err();
        assert_eq!(ghost.code, ErrorCode::NotFound);
        let too_many = vec![ids[0].clone(); qoscope_report::charts::MAX_PARTICIPANTS + 1];
        let e = render_chart(&ws, &participants(Some(too_many)), "1.0").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert!(e.message.contains("at most"), "{}", e.message);
    }

    #[test]
    fn the_report_is_a_pdf_named_after_the_focus() {
        let ws = Workspace::demo().unwrap();
        let id = ws.meeting().joins.iter().find(|j| j.user_name == "Lena Fischer").unwrap().user_id.clone();
        let pdf = render_report(
            &ws,
            &ReportExportRequest { focus_user_id: Some(id), redact: true, utc_offset_minutes: 0 },
            "1.0",
        )
        .unwrap();
        assert!(pdf.bytes.starts_with(b"%PDF"));
        assert_eq!(pdf.default_file_name, "QoScope_Weekly-IT-service-review_Lena-Fischer_report_2026-11-24.pdf");
    }

    #[test]
    fn the_exported_heatmap_and_legend_name_joins_as_the_screen_does() {
        let ws = Workspace::demo().unwrap();
        let meeting = ws.meeting();
        let rows: Vec<(String, String)> = meeting
            .joins
            .iter()
            .filter(|j| j.user_name == "Marcus Silva")
            .map(|j| (j.user_id.clone(), crate::views::display_name(meeting, j)))
            .collect();
        let shown: Vec<&str> = rows.iter().map(|(_, name)| name.as_str()).collect();
        assert_eq!(shown, ["Marcus Silva (1/2)", "Marcus Silva (2/2)"], "the screen's label for each join");
        let svg = |req: &ChartExportRequest| {
            String::from_utf8(
                render_chart(&ws, &ChartExportRequest { format: ImageFormat::Svg, ..req.clone() }, "1.0")
                    .unwrap()
                    .bytes,
            )
            .unwrap()
        };
        let heatmap = svg(&ChartExportRequest { redact: false, ..heatmap() });
        let legend = svg(&ChartExportRequest {
            redact: false,
            stream: Some("audio_input".into()),
            metric: Some("avg_loss".into()),
            ..participants(Some(rows.iter().map(|(id, _)| id.clone()).collect()))
        });
        for name in shown {
            assert!(heatmap.contains(&format!(">{name}<")), "heatmap row named {name}");
            assert!(legend.contains(name), "legend names {name}");
        }
    }

    #[test]
    fn the_participant_export_draws_the_group_on_screen_sent_beside_received() {
        let ws = Workspace::demo().unwrap();
        let id = ws.meeting().joins.iter().find(|j| j.user_name == "Aiko Tanaka").unwrap().user_id.clone();
        let req = |media: Option<&str>| ChartExportRequest {
            chart: ChartType::SentReceived,
            user_id: Some(id.clone()),
            media: media.map(str::to_owned),
            format: ImageFormat::Svg,
            ..heatmap()
        };
        assert_eq!(
            chart_request(&req(Some("video"))).unwrap().kind,
            ChartKind::SentReceived { user_id: id.clone(), media: vec![Media::Video] }
        );
        let video = render_chart(&ws, &req(Some("video")), "1.0").unwrap();
        let svg = String::from_utf8(video.bytes).unwrap();
        assert!(svg.contains("Sent (video_input)") && svg.contains("Received (video_output)"), "both sides");
        assert!(video.default_file_name.contains("video-sent-received"), "{}", video.default_file_name);
        let all = String::from_utf8(render_chart(&ws, &req(None), "1.0").unwrap().bytes).unwrap();
        assert!(all.contains("Audio, Video"), "no media named: every media with data");
        let bad = render_chart(&ws, &req(Some("smell")), "1.0").unwrap_err();
        assert_eq!(bad.code, ErrorCode::InvalidInput);
    }

    #[test]
    fn exports_write_the_findings_in_their_zone_labelled_with_utc_in_brackets() {
        let ws = Workspace::demo().unwrap();
        let utc = context(&ws, false, 0, "1.0");
        let wifi = |ctx: &ExportContext| {
            ctx.analysis
                .findings
                .iter()
                .find(|f| f.kind == qoscope_diagnosis::FindingKind::Wifi)
                .unwrap()
                .sentence
                .clone()
        };
        assert!(wifi(&utc).starts_with("From 10:12 to 10:19 UTC, "), "{}", wifi(&utc));
        let new_york = context(&ws, false, -300, "1.0");
        assert!(
            wifi(&new_york).starts_with("From 05:12 to 05:19 UTC-05:00 (10:12–10:19 UTC), "),
            "{}",
            wifi(&new_york)
        );
    }
}
