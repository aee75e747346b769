//! `qoscope export` and `qoscope demo`: files from snapshots (png/svg/pdf in [`super::report`];
//! the JSON document and its redaction in `qoscope_api::json_export`).

use super::{write_output, CliError, Flags};
use qoscope_api::workspace::Workspace;
use qoscope_model::csv::CsvOptions;
use std::path::PathBuf;

pub fn export(flags: Flags) -> Result<(), CliError> {
    let snapshot_path = PathBuf::from(flags.one_positional("SNAPSHOT")?);
    let format = flags.require("--format")?;
    let out = flags.require("--out")?;
    if !matches!(format, "csv" | "json" | "png" | "svg" | "pdf") {
        return Err(CliError::Usage(format!("--format must be csv, json, png, svg or pdf, not {format:?}")));
    }
    if matches!(format, "csv" | "json") {
        let report_only = ["--participant", "--stream", "--metric", "--culprit"];
        if let Some(flag) = report_only.iter().find(|f| flags.get(f).is_some()) {
            return Err(CliError::Usage(format!("{flag} applies to png, svg and pdf exports, not to {format}")));
        }
        if format == "json" && flags.has("--raw-text") {
            return Err(CliError::Usage(
                "--raw-text applies to csv exports (JSON holds the names exactly as Zoom sent them)".to_owned(),
            ));
        }
        if format == "csv" && ["--redact", "--no-redact"].iter().any(|s| flags.has(s)) {
            return Err(CliError::Usage(
                "--redact and --no-redact apply to json, png, svg and pdf exports, not to csv".to_owned(),
            ));
        }
        if format == "csv" && flags.has("--default-thresholds") {
            return Err(CliError::Usage(
                "--default-thresholds applies to json, png, svg and pdf exports (the CSV holds no grades)".to_owned(),
            ));
        }
        if ["--compare", "--utc"].iter().any(|s| flags.has(s)) {
            return Err(CliError::Usage(format!(
                "--compare and --utc apply to png, svg and pdf exports, not to {format}"
            )));
        }
    }
    if flags.has("--redact") && flags.has("--no-redact") {
        return Err(CliError::Usage("--redact and --no-redact contradict each other; pick one".to_owned()));
    }
    // Grades, episodes and findings as the window shows them (the CSV is the raw values).
    let thresholds = if format == "csv" { Default::default() } else { super::thresholds(&flags) };
    let workspace = Workspace::open_file_with(&snapshot_path, thresholds)
        .map_err(|e| super::about_file(&snapshot_path, &e.message))?;
    if matches!(format, "png" | "svg" | "pdf") {
        if flags.has("--raw-text") {
            return Err(CliError::Usage(format!("--raw-text applies to csv exports, not to {format}")));
        }
        let bytes = super::report::render(&flags, &workspace, format)?;
        return write_output(out, &bytes);
    }
    let mut bytes = Vec::new();
    match format {
        "csv" => {
            // A file gets the canonical CSV byte for byte; a terminal gets names it can show.
            let options =
                CsvOptions { raw_text: flags.has("--raw-text"), for_terminal: super::is_terminal_output(out) };
            qoscope_model::csv::write_csv(workspace.meeting(), &mut bytes, options)
                .map_err(|e| CliError::Failed(format!("could not write CSV: {e}")))?
        }
        _ => {
            // Unredacted unless asked: the JSON feeds tools on the helpdesk's own machine.
            let doc = qoscope_api::json_export::json_export(&workspace, flags.has("--redact"))
                .map_err(|e| CliError::Failed(e.message))?;
            let json = serde_json::to_string_pretty(&doc)
                .map_err(|e| CliError::Failed(format!("could not write JSON: {e}")))?;
            bytes = super::json_bytes(json + "\n");
        }
    }
    write_output(out, &bytes)
}

pub fn demo(flags: Flags) -> Result<(), CliError> {
    flags.no_positional()?;
    let out = flags.require("--out")?;
    write_output(out, qoscope_sim::DEMO_SNAPSHOT_JSON.as_bytes())
}
