//! `qoscope export` and `qoscope demo`: files from snapshots (png/svg/pdf in [`super::report`];
//! the JSON document and its redaction in `qoscope_api::json_export`).

use super::{write_output, CliError, Flags};
use qoscope_api::workspace::Workspace;
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
        if format == "csv" && ["--redact", "--no-redact"].iter().any(|s| flags.has(s)) {
            return Err(CliError::Usage(
                "--redact and --no-redact apply to json, png, svg and pdf exports, not to csv".to_owned(),
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
    let workspace = Workspace::open_file(&snapshot_path).map_err(|e| super::about_file(&snapshot_path, &e.message))?;
    if matches!(format, "png" | "svg" | "pdf") {
        let bytes = super::report::render(&flags, &workspace, format)?;
        return write_output(out, &bytes);
    }
    let mut bytes = Vec::new();
    match format {
        "csv" => qoscope_model::csv::write_canonical_csv(workspace.meeting(), &mut bytes)
            .map_err(|e| CliError::Failed(format!("could not write CSV: {e}")))?,
        _ => {
            // Unredacted unless asked: the JSON feeds tools on the helpdesk's own machine.
            let doc = qoscope_api::json_export::json_export(&workspace, flags.has("--redact"))
                .map_err(|e| CliError::Failed(e.message))?;
            serde_json::to_writer_pretty(&mut bytes, &doc)
                .map_err(|e| CliError::Failed(format!("could not write JSON: {e}")))?;
            bytes.push(b'\n');
        }
    }
    write_output(out, &bytes)
}

pub fn demo(flags: Flags) -> Result<(), CliError> {
    flags.no_positional()?;
    let out = flags.require("--out")?;
    write_output(out, qoscope_sim::DEMO_SNAPSHOT_JSON.as_bytes())
}
