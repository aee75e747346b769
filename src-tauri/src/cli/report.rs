//! `qoscope export <SNAPSHOT> --format png|svg|pdf …`: charts and the PDF report from a snapshot.
//!
//! Redaction: the PDF is redacted by default (it is the file that gets attached to tickets and
//! forwarded; IP, MAC, disk ID, PC name, e-mail and location are rarely needed to act on it),
//! `--no-redact` keeps them. Charts show none of those fields; `--redact` also scrubs addresses
//! out of names and the topic.

use super::{CliError, Flags};
use qoscope_api::workspace::Workspace;
use qoscope_model::{Metric, Stream};
use qoscope_report::{ChartKind, ChartRequest, ExportContext, ExportOptions, ReportError};
use std::io::IsTerminal;

fn report_error(e: ReportError) -> CliError {
    match e {
        ReportError::NotFound(m) => CliError::NotFound(m),
        ReportError::InvalidRequest(m) => CliError::Usage(m),
        ReportError::NoData(m) | ReportError::Render(m) => CliError::Failed(m),
    }
}

fn parse_stream(key: &str) -> Result<Stream, CliError> {
    Stream::from_key(key).ok_or_else(|| {
        let all: Vec<&str> = Stream::ALL.iter().map(|s| s.key()).collect();
        CliError::Usage(format!("--stream {key:?} is not a stream; use one of: {}", all.join(", ")))
    })
}

fn parse_metric(key: &str) -> Result<Metric, CliError> {
    Metric::from_key(key).ok_or_else(|| {
        let all: Vec<&str> = Metric::ALL.iter().map(|m| m.key()).collect();
        CliError::Usage(format!("--metric {key:?} is not a metric; use one of: {}", all.join(", ")))
    })
}

/// Renders a png, svg or pdf export of `workspace` as the flags ask.
pub fn render(flags: &Flags, workspace: &Workspace, format: &str) -> Result<Vec<u8>, CliError> {
    let out = flags.require("--out")?;
    if out == "-" && format != "svg" && std::io::stdout().is_terminal() {
        return Err(CliError::Usage(format!(
            "refusing to write a binary {format} file to the terminal; use --out FILE or redirect standard output"
        )));
    }
    if flags.has("--redact") && flags.has("--no-redact") {
        return Err(CliError::Usage("--redact and --no-redact contradict each other; pick one".to_owned()));
    }
    let redact = flags.has("--redact") || (format == "pdf" && !flags.has("--no-redact"));
    let start = workspace.meeting().time_range().map(|(s, _)| s);
    let mut options = ExportOptions::local_now(redact, env!("CARGO_PKG_VERSION"), start);
    if flags.has("--utc") {
        options.utc_offset_seconds = 0;
    }
    options.source_note = qoscope_api::export::source_note(workspace);
    let mut ctx = ExportContext::new(workspace.meeting(), workspace.thresholds(), options);
    ctx.feedback = workspace.report_feedback();
    // Resolve each name to the join's user_id once, with a clear error.
    let mut participants = Vec::new();
    for who in flags.get_all("--participant") {
        let user_id = ctx.find_join(who).map(|j| j.user_id.clone()).ok_or_else(|| {
            CliError::NotFound(format!(
                "no participant {who:?} in this meeting; `qoscope export SNAPSHOT --format json --out -` lists them"
            ))
        })?;
        if !participants.contains(&user_id) {
            participants.push(user_id);
        }
    }
    if format == "pdf" {
        for chart_only in ["--stream", "--metric", "--culprit"] {
            if flags.get(chart_only).is_some() {
                return Err(CliError::Usage(format!(
                    "{chart_only} applies to png and svg charts, not to the pdf report"
                )));
            }
        }
        if participants.len() > 1 {
            return Err(CliError::Usage(
                "the pdf report focuses on one --participant (or none for the whole meeting); \
                 several participants side by side are a png or svg chart (with --stream and --metric)"
                    .to_owned(),
            ));
        }
        // Without --participant, a snapshot fetched about a person (`fetch --focus`) is reported
        // on that person; the whole meeting otherwise.
        let focus = participants.first().cloned().or_else(|| snapshot_focus(workspace));
        return qoscope_report::report_pdf(&ctx, focus.as_deref()).map_err(report_error);
    }
    let kind = chart_kind(flags, participants)?;
    let request = ChartRequest::whole(kind);
    match format {
        "svg" => qoscope_report::chart_svg(&ctx, &request).map(String::into_bytes).map_err(report_error),
        _ => qoscope_report::chart_png(&ctx, &request).map_err(report_error),
    }
}

/// The first join of the person a snapshot was fetched about, if any.
fn snapshot_focus(workspace: &Workspace) -> Option<String> {
    let focus = workspace.snapshot_info().focus.as_deref()?;
    let first = *qoscope_api::person::focus_joins(workspace.meeting(), focus).first()?;
    Some(workspace.meeting().joins[first].user_id.clone())
}

/// The chart the flags ask for, given the participants named (resolved to user_ids, no repeats).
fn chart_kind(flags: &Flags, mut participants: Vec<String>) -> Result<ChartKind, CliError> {
    let stream = flags.get("--stream").map(parse_stream).transpose()?;
    let metric = flags.get("--metric").map(parse_metric).transpose()?;
    let compare = flags.has("--compare") || flags.get("--culprit").is_some();
    if participants.len() > 1 {
        if compare {
            return Err(CliError::Usage(
                "--compare draws one participant against the sender to blame; for several participants \
                 side by side leave out --compare and --culprit"
                    .to_owned(),
            ));
        }
        let (Some(stream), Some(metric)) = (stream, metric) else {
            return Err(CliError::Usage(
                "several participants are drawn as one metric of one stream: add --stream and --metric \
                 (e.g. --stream audio_input --metric jitter)"
                    .to_owned(),
            ));
        };
        if participants.len() > qoscope_report::MAX_PARTICIPANTS {
            return Err(CliError::Usage(format!(
                "{} participants are too many for one chart: at most {} stay readable (one colour each); \
                 export them in groups",
                participants.len(),
                qoscope_report::MAX_PARTICIPANTS
            )));
        }
        return Ok(ChartKind::Participants { user_ids: participants, stream, metric });
    }
    let Some(user_id) = participants.pop() else {
        if stream.is_some() || metric.is_some() || compare {
            return Err(CliError::Usage("--stream, --metric and --compare need --participant".to_owned()));
        }
        return Ok(ChartKind::Heatmap);
    };
    let Some(stream) = stream else {
        // No stream named: the participant view's small multiples, sent beside received for
        // every media with data.
        if compare || metric.is_some() {
            return Err(CliError::Usage(
                "--metric and --compare need --stream (e.g. audio_output, video_input); without them a \
                 participant's chart shows what they sent beside what they received"
                    .to_owned(),
            ));
        }
        return Ok(ChartKind::SentReceived { user_id, media: Vec::new() });
    };
    Ok(match (compare, metric) {
        (true, Some(metric)) => ChartKind::Comparison {
            user_id,
            stream,
            metric,
            culprit_user_id: flags.get("--culprit").map(str::to_owned),
        },
        (true, None) => return Err(CliError::Usage("--compare needs --metric".to_owned())),
        (false, Some(metric)) => ChartKind::Metric { user_id, stream, metric },
        (false, None) => ChartKind::Stream { user_id, stream },
    })
}
