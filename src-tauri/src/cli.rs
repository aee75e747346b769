//! `qoscope <subcommand>`: the headless CLI over the same core as the window.
//!
//! Exit codes (a contract for automation):
//!   0 success · 1 the work failed (unreadable snapshot, I/O error) · 2 usage error (bad flags).
//! Errors are one line on stderr starting with `qoscope: `.

use qoscope_api::views;
use qoscope_api::workspace::Workspace;
use serde::Serialize;
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
QoScope — Zoom meeting quality investigations

Usage:
  qoscope                                   open the window (on the built-in demo meeting)
  qoscope export <SNAPSHOT> --format csv|json --out FILE
                                            write a snapshot's QoS data (canonical CSV or JSON)
  qoscope demo --out FILE                   write the built-in demo meeting as a snapshot file
  qoscope help | --help                     this text
  qoscope version | --version               the version

SNAPSHOT is a file saved by QoScope or `qoscope demo`; `-` for FILE writes to standard output.
Canonical CSV header: user_id,user_name,date_time,stream,metric,value,unit

Exit codes: 0 success, 1 the work failed, 2 usage error.
";

const SUBCOMMANDS: &[&str] = &["export", "demo", "help", "version"];

/// Whether the arguments ask for the CLI rather than the window. A first argument that is a
/// word (a subcommand, or a mistyped one that deserves a usage error) or `--help`/`--version`
/// means the CLI; other dash options belong to the window's launcher (WebKit's WebDriver starts
/// the app with `--automation`, for example).
pub fn wants_cli(args: &[OsString]) -> bool {
    match args.first().map(|a| a.to_string_lossy()) {
        None => false,
        Some(first) => {
            SUBCOMMANDS.contains(&first.as_ref())
                || matches!(first.as_ref(), "--help" | "-h" | "--version" | "-V")
                || !first.starts_with('-')
        }
    }
}

/// A CLI failure: what to print and which exit code.
#[derive(Debug)]
pub enum CliError {
    Usage(String),
    Failed(String),
}

pub fn run(args: Vec<OsString>) -> ExitCode {
    match dispatch(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Usage(msg)) => {
            eprintln!("qoscope: {msg}");
            eprintln!("qoscope: run `qoscope help` for usage");
            ExitCode::from(2)
        }
        Err(CliError::Failed(msg)) => {
            eprintln!("qoscope: {msg}");
            ExitCode::from(1)
        }
    }
}

fn dispatch(args: Vec<OsString>) -> Result<(), CliError> {
    let mut args: Vec<String> = args
        .into_iter()
        .map(|a| a.into_string().map_err(|a| CliError::Usage(format!("argument {a:?} is not valid UTF-8"))))
        .collect::<Result<_, _>>()?;
    let command = args.remove(0);
    match command.as_str() {
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        "version" | "--version" | "-V" => {
            println!("qoscope {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        "export" => export(Flags::parse(args, &["--format", "--out"])?),
        "demo" => demo(Flags::parse(args, &["--out"])?),
        other => Err(CliError::Usage(format!("unknown command {other:?}"))),
    }
}

/// `--flag value` pairs and positional arguments.
struct Flags {
    positional: Vec<String>,
    values: Vec<(String, String)>,
}

impl Flags {
    fn parse(args: Vec<String>, known: &[&str]) -> Result<Flags, CliError> {
        let mut flags = Flags { positional: Vec::new(), values: Vec::new() };
        let mut it = args.into_iter();
        while let Some(arg) = it.next() {
            if let Some(name) = arg.strip_prefix("--").map(|_| arg.as_str()) {
                let (name, inline) = match name.split_once('=') {
                    Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
                    None => (name.to_owned(), None),
                };
                if !known.contains(&name.as_str()) {
                    return Err(CliError::Usage(format!("unknown option {name}")));
                }
                let value = match inline {
                    Some(v) => v,
                    None => it.next().ok_or_else(|| CliError::Usage(format!("{name} needs a value")))?,
                };
                if flags.values.iter().any(|(n, _)| *n == name) {
                    return Err(CliError::Usage(format!("{name} given twice")));
                }
                flags.values.push((name, value));
            } else {
                flags.positional.push(arg);
            }
        }
        Ok(flags)
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.values.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn require(&self, name: &str) -> Result<&str, CliError> {
        self.get(name).ok_or_else(|| CliError::Usage(format!("{name} is required")))
    }

    fn one_positional(&self, what: &str) -> Result<&str, CliError> {
        match self.positional.as_slice() {
            [one] => Ok(one),
            [] => Err(CliError::Usage(format!("{what} is required"))),
            more => Err(CliError::Usage(format!("expected one {what}, got {}", more.len()))),
        }
    }

    fn no_positional(&self) -> Result<(), CliError> {
        match self.positional.first() {
            None => Ok(()),
            Some(p) => Err(CliError::Usage(format!("unexpected argument {p:?}"))),
        }
    }
}

#[derive(Serialize)]
struct JsonExport {
    format: &'static str,
    version: u32,
    meeting: qoscope_api::dto::MeetingOverview,
    timelines: Vec<qoscope_api::dto::ParticipantTimeline>,
}

fn export(flags: Flags) -> Result<(), CliError> {
    let snapshot_path = PathBuf::from(flags.one_positional("SNAPSHOT")?);
    let format = flags.require("--format")?;
    let out = flags.require("--out")?;
    if !matches!(format, "csv" | "json") {
        return Err(CliError::Usage(format!(
            "--format must be csv or json, not {format:?} (png, svg and pdf reports come with the report exporter)"
        )));
    }
    let workspace = Workspace::open_file(&snapshot_path)
        .map_err(|e| CliError::Failed(format!("{}: {}", snapshot_path.display(), e.message)))?;
    let mut bytes = Vec::new();
    match format {
        "csv" => qoscope_model::csv::write_canonical_csv(workspace.meeting(), &mut bytes)
            .map_err(|e| CliError::Failed(format!("could not write CSV: {e}")))?,
        _ => {
            let meeting = workspace.meeting();
            let timelines = meeting
                .joins
                .iter()
                .map(|j| views::timeline(meeting, &j.user_id))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| CliError::Failed(e.message))?;
            let doc = JsonExport { format: "qoscope-export", version: 1, meeting: workspace.overview(), timelines };
            serde_json::to_writer_pretty(&mut bytes, &doc)
                .map_err(|e| CliError::Failed(format!("could not write JSON: {e}")))?;
            bytes.push(b'\n');
        }
    }
    write_output(out, &bytes)
}

fn demo(flags: Flags) -> Result<(), CliError> {
    flags.no_positional()?;
    let out = flags.require("--out")?;
    write_output(out, qoscope_sim::DEMO_SNAPSHOT_JSON.as_bytes())
}

/// Writes atomically to a file, or to stdout for `-`.
fn write_output(out: &str, bytes: &[u8]) -> Result<(), CliError> {
    if out == "-" {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        return match stdout.write_all(bytes).and_then(|_| stdout.flush()) {
            // `qoscope export … --out - | head` closes the pipe early: that is not a failure.
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                Err(CliError::Failed(format!("could not write to standard output: {e}")))
            }
            _ => Ok(()),
        };
    }
    qoscope_snapshot::write_atomically(std::path::Path::new(out), bytes)
        .map_err(|e| CliError::Failed(format!("could not write {out}: {e}")))
}
