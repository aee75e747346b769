//! `qoscope person <EMAIL|USER_ID> --from D --to D [--json] [--profile P]`: a person's quality
//! in every meeting they joined in the range, fetching only their data (issue #18). The request
//! budget goes to stderr before the fetch starts; stdout gets a table and a verdict, or the
//! `qoscope-person` JSON.

use super::zoom::{client, parse_day, plain, runtime, zoom_error, ProgressPrinter};
use super::{write_output, CliError, Flags};
use qoscope_api::history::budget_sentence;
use qoscope_api::history_view::{distinct_kinds, history_view, person_json, HistoryMeetingRow};
use qoscope_snapshot::SourceKind;
use qoscope_zoom::history::{fetch_history, plan_history, HistoryOptions, HistoryProgress};
use qoscope_zoom::{CallContext, CancelFlag, Progress};
use std::io::{IsTerminal, Write};

pub fn person(flags: Flags) -> Result<(), CliError> {
    let typed = flags.one_positional("EMAIL|USER_ID")?.to_owned();
    let from = parse_day("--from", flags.require("--from")?)?;
    let to = parse_day("--to", flags.require("--to")?)?;
    let who = qoscope_zoom::person::validate_person(&typed).map_err(zoom_error)?;
    qoscope_zoom::person::validate_person_range(from, to, chrono::Utc::now().date_naive()).map_err(zoom_error)?;
    let thresholds = super::thresholds(&flags);
    let (client, resolved) = client(&flags)?;
    let printer = ProgressPrinter { terminal: std::io::stderr().is_terminal(), last_decile: Default::default() };
    let cancel = CancelFlag::new();
    let options = HistoryOptions {
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        profile: resolved.profile.clone(),
        source: SourceKind::Zoom,
    };
    let history = runtime()?.block_on(async {
        let on_ctrl_c = cancel.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                on_ctrl_c.cancel();
            }
        });
        let plan = plan_history(&client, &who, from, to, &CallContext::new(cancel.clone())).await?;
        let b = plan.budget;
        if plan.meetings.is_empty() {
            eprintln!(
                "qoscope: {} joined no meeting from {from} to {to} that Zoom reports (it lists meetings of two or more people); widen the range (one month at a time, within the last six months) or check the address",
                plain(Some(&who))
            );
        } else {
            eprintln!("qoscope: {}", budget_sentence(b.meetings, b.requests, b.seconds, b.rate));
        }
        fetch_history(&client, &plan, &options, |p| show(&printer, p), &cancel).await
    });
    if printer.terminal {
        eprintln!();
    }
    let history = history.map_err(zoom_error)?;
    let view = history_view(&history, &thresholds).map_err(|e| CliError::Failed(e.message))?;
    if flags.has("--json") {
        let text = serde_json::to_string_pretty(&person_json(&view)).map_err(|e| CliError::Failed(e.to_string()))?;
        write_output("-", &super::json_bytes(text + "\n"))?;
    } else {
        write_output("-", table(&view.meetings, &view.verdict).as_bytes())?;
    }
    if history.complete {
        Ok(())
    } else {
        Err(CliError::Partial(format!(
            "stopped early: their data in {} of {} meetings is shown ({})",
            view.meetings.iter().filter(|m| m.worst != "no_data").count(),
            view.meetings.len(),
            history.notes.join("; ")
        )))
    }
}

/// Which meeting is being fetched, and Zoom's waits and retries (not each meeting's stages).
fn show(printer: &ProgressPrinter, p: HistoryProgress) {
    match p {
        HistoryProgress::Meeting { index, total, topic } => {
            let line = format!("meeting {} / {total}: {}", index + 1, plain(topic.as_deref()));
            let mut err = std::io::stderr().lock();
            if printer.terminal {
                let _ = write!(err, "\r\x1b[2Kqoscope: {line}");
            } else {
                let _ = writeln!(err, "qoscope: {line}");
            }
        }
        HistoryProgress::Zoom(
            p @ (Progress::WaitingForRateLimit { .. } | Progress::Retrying { .. } | Progress::PagingRestarted { .. }),
        ) => printer.print(p),
        HistoryProgress::Zoom(_) => {}
    }
}

fn grade_word(g: &str) -> &str {
    match g {
        "no_data" => "—",
        other => other,
    }
}

/// The table (local times) and the verdict; every Zoom string sanitized.
fn table(rows: &[HistoryMeetingRow], verdict: &str) -> String {
    let local = |t: Option<&str>| {
        t.and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_else(|| "—".into())
    };
    let offset = chrono::Local::now().format("%:z");
    let mut out = format!(
        "START (local, UTC{offset})  WORST    AUDIO    VIDEO    SHARE    WARN/POOR MIN  NETWORK  DEVICE  ·  VERSION  ·  DATA CENTRE  ·  FINDINGS  ·  TOPIC\n"
    );
    let mut one_sided = false;
    for r in rows {
        let kinds: Vec<String> = distinct_kinds(&r.findings)
            .into_iter()
            .map(|k| {
                let partial = r.findings.iter().any(|f| f.kind == k && f.one_sided);
                one_sided |= partial;
                if partial {
                    format!("{k}*")
                } else {
                    k
                }
            })
            .collect();
        out.push_str(&format!(
            "{:<24}  {:<7}  {:<7}  {:<7}  {:<7}  {:>6} / {:<5}  {}  {}  ·  {}  ·  {}  ·  {}  ·  {}\n",
            local(r.start_time.as_deref()),
            grade_word(&r.worst),
            grade_word(&r.worst_by_group.audio),
            grade_word(&r.worst_by_group.video),
            grade_word(&r.worst_by_group.screen_share),
            r.minutes_warning,
            r.minutes_poor,
            plain(r.network_type.as_deref()),
            plain(r.device.as_deref()),
            plain(r.version.as_deref()),
            plain(r.data_center.as_deref()),
            if kinds.is_empty() { "—".to_owned() } else { plain(Some(&kinds.join(", "))) },
            plain(r.topic.as_deref()),
        ));
    }
    if one_sided {
        out.push_str(
            "* one-sided: from their own data only; fetch the whole meeting (qoscope fetch UUID) to see who caused it\n",
        );
    }
    out.push_str(&plain(Some(verdict)));
    out.push('\n');
    out
}
