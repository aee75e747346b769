//! `qoscope <subcommand>`: the headless CLI over the same core as the window.
//!
//! Exit codes (a contract for automation, also in `qoscope help` and the README):
//!   0 success · 1 the work failed · 2 usage error · 3 credentials or permissions ·
//!   4 meeting not found, not ended or too old · 5 stopped early, partial snapshot written.
//! Errors are one line on stderr starting with `qoscope: `.

mod export;
mod flags;
mod person;
mod report;
mod summary;
mod zoom;

use flags::Flags;
use qoscope_diagnosis::Thresholds;
use std::ffi::OsString;
use std::process::ExitCode;

const USAGE: &str = "\
QoScope — Zoom meeting quality investigations

Usage:
  qoscope                                   open the window (on the built-in demo meeting)
  qoscope fetch <MEETING> [--type past|live] [--webinar] [--profile P] [--rate N]
                [--focus EMAIL|USER_ID] --out FILE
                                            fetch every participant's QoS into a snapshot file
                                            (MEETING: numeric ID, UUID or join link; progress on stderr),
                                            with participants' feedback and screen-sharing periods;
                                            --focus records the person the ticket is about (the pdf
                                            and summary then start from them)
  qoscope fetch --resume PARTIAL [--profile P] [--rate N] --out FILE
                                            complete a partial snapshot (daily limit, cancel): keeps
                                            its joins and fetches only the missing ones
  qoscope export <SNAPSHOT> --format csv|json [--raw-text] [--redact] [--default-thresholds]
                 --out FILE
                                            write a snapshot's QoS data (canonical CSV or JSON);
                                            CSV names starting with = + - @ tab or CR get a
                                            leading ' (spreadsheet formulas); --raw-text keeps
                                            them exactly as Zoom sent them; json --redact masks
                                            personal data as the pdf does
  qoscope export <SNAPSHOT> --format png|svg|pdf [--participant USER_ID|NAME]... [--stream S]
                 [--metric M] [--compare [--culprit USER_ID|NAME]] [--redact|--no-redact] [--utc]
                 [--default-thresholds] --out FILE
                                            ticket-ready exports:
                                            pdf: the report (focused on --participant, or the
                                              whole meeting); REDACTED BY DEFAULT: IP, MAC,
                                              hard-disk ID, PC name, e-mail and location are
                                              masked because the PDF gets attached to tickets
                                              and forwarded; --no-redact keeps them
                                            png (2x) / svg: no --participant: the heatmap;
                                              --stream: that stream's metrics; --metric: one
                                              metric; --compare: received vs the blamed sender
                                              (or --culprit) and the meeting median;
                                              --participant given 2–8 times with --stream and
                                              --metric: their lines over the meeting median
                                              (the Compare tab's chart).
                                              Charts show no device identifiers; --redact also
                                              scrubs addresses from names and the topic
                                            times are local (the zone is printed); --utc for UTC
  qoscope summary <SNAPSHOT> [--json] [--default-thresholds] [--out FILE]
                                            the diagnosis: who had trouble, when, caused by whom,
                                            with evidence and next steps (text, or JSON for tools)
  qoscope meetings --from YYYY-MM-DD --to YYYY-MM-DD [--webinar] [--profile P] [--json]
                                            past meetings in a range (at most one month)
  qoscope meetings --participant EMAIL|USER_ID --from YYYY-MM-DD --to YYYY-MM-DD [--at HH:MM]
                   [--profile P] [--json]
                                            the meetings a person joined (Zoom's report API: one month
                                            at a time, within the last six months; Pro plan or higher,
                                            scope report:read:admin) with when they joined and left;
                                            --at (local time) puts the meeting they were in first (▶)
  qoscope person <EMAIL|USER_ID> --from YYYY-MM-DD --to YYYY-MM-DD [--profile P] [--json]
                                            a person's quality in every meeting they joined (one month
                                            at a time, within the last six months): per meeting their
                                            worst grade per stream group, minutes at warning and poor,
                                            network, device, version, data centre, findings (* one-sided:
                                            fetch the whole meeting to be sure) and a verdict. Fetches
                                            only their data (participants list + their own QoS); the
                                            request budget is printed on stderr first
  qoscope instances <MEETING_ID> [--webinar] [--profile P] [--json]
                                            past instances (UUIDs) of a recurring meeting
  qoscope login [--profile P] [--account-id ID] [--client-id ID] [--no-verify]
                                            store a Server-to-Server OAuth app in the system keychain
                                            (the client secret is read from a hidden prompt or stdin)
  qoscope logout [--profile P]              remove a profile's credentials from the keychain
  qoscope demo --out FILE                   write the built-in demo meeting as a snapshot file
  qoscope help | --help                     this text
  qoscope version | --version               the version

Credentials: --profile P reads the keychain; without it the ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and
ZOOM_CLIENT_SECRET (or ZOOM_ACCESS_TOKEN) environment variables are used when set, else the
\"default\" profile. QOSCOPE_API_BASE and QOSCOPE_OAUTH_TOKEN_URL override Zoom's endpoints.
`-` for FILE writes to standard output.
Thresholds: summary and the json, png, svg and pdf exports use the app's Settings (its
settings.json) when there is one, like the window; --default-thresholds uses QoScope's defaults.
Canonical CSV header: user_id,user_name,date_time,stream,metric,value,unit

Exit codes: 0 success, 1 the work failed, 2 usage error, 3 credentials or permissions,
4 meeting not found / not ended / too old, 5 stopped early (partial snapshot written).
";

const SUBCOMMANDS: &[&str] =
    &["fetch", "export", "summary", "meetings", "person", "instances", "login", "logout", "demo", "help", "version"];

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

/// A CLI failure: the one line to print and the exit code.
#[derive(Debug)]
pub enum CliError {
    Usage(String),
    Failed(String),
    Credentials(String),
    NotFound(String),
    /// The snapshot was written but is incomplete.
    Partial(String),
}

impl CliError {
    fn exit_code(&self) -> u8 {
        match self {
            CliError::Failed(_) => 1,
            CliError::Usage(_) => 2,
            CliError::Credentials(_) => 3,
            CliError::NotFound(_) => 4,
            CliError::Partial(_) => 5,
        }
    }
}

pub fn run(args: Vec<OsString>) -> ExitCode {
    match dispatch(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let (CliError::Usage(msg)
            | CliError::Failed(msg)
            | CliError::Credentials(msg)
            | CliError::NotFound(msg)
            | CliError::Partial(msg)) = &e;
            // One line, whatever Zoom, a damaged file or the file system put in the message
            // (serde echoes a file's text: "unknown variant `ESC ] 0 ; … BEL`").
            eprintln!("qoscope: {}", qoscope_model::text::sanitize(&msg.replace(['\n', '\r'], " ")));
            if matches!(e, CliError::Usage(_)) {
                eprintln!("qoscope: run `qoscope help` for usage");
            }
            ExitCode::from(e.exit_code())
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
        "export" => export::export(Flags::parse_with_repeatable(
            args,
            &["--format", "--out", "--participant", "--stream", "--metric", "--culprit"],
            &["--participant"],
            &["--redact", "--no-redact", "--compare", "--utc", "--raw-text", "--default-thresholds"],
        )?),
        "summary" => summary::summary(Flags::parse(args, &["--out"], &["--json", "--default-thresholds"])?),
        "demo" => export::demo(Flags::parse(args, &["--out"], &[])?),
        "fetch" => zoom::fetch(Flags::parse(
            args,
            &["--type", "--profile", "--out", "--rate", "--resume", "--focus"],
            &["--webinar"],
        )?),
        "meetings" => zoom::meetings(Flags::parse(
            args,
            &["--from", "--to", "--profile", "--participant", "--at"],
            &["--webinar", "--json"],
        )?),
        "person" => person::person(Flags::parse(args, &["--from", "--to", "--profile"], &["--json"])?),
        "instances" => zoom::instances(Flags::parse(args, &["--profile"], &["--webinar", "--json"])?),
        "login" => zoom::login(Flags::parse(args, &["--profile", "--account-id", "--client-id"], &["--no-verify"])?),
        "logout" => zoom::logout(Flags::parse(args, &["--profile"], &[])?),
        other => Err(CliError::Usage(format!("unknown command {other:?}"))),
    }
}

/// An error about a file, naming the file once: "FILE: message", or the message alone when it
/// names the file already ("cannot access FILE: …").
fn about_file(path: &std::path::Path, message: &str) -> CliError {
    let name = path.display().to_string();
    CliError::Failed(if message.contains(&name) { message.to_owned() } else { format!("{name}: {message}") })
}

/// The thresholds to analyse with: the app's Settings, as the window uses them (read, never
/// written), or QoScope's defaults with `--default-thresholds`. An unusable settings file is said
/// once on stderr and the defaults are used: it never fails the command.
fn thresholds(flags: &Flags) -> Thresholds {
    if flags.has("--default-thresholds") {
        return Thresholds::default();
    }
    qoscope_api::app_settings::app_thresholds().unwrap_or_else(|e| {
        let line: String = e.message.replace(['\n', '\r'], " ").chars().take(300).collect();
        eprintln!(
            "qoscope: {}; using the default thresholds (--default-thresholds skips the settings)",
            qoscope_model::text::sanitize(&line)
        );
        Thresholds::default()
    })
}

/// Whether `out` is standard output and that is a terminal (untrusted text gets sanitized).
fn is_terminal_output(out: &str) -> bool {
    use std::io::IsTerminal;
    out == "-" && std::io::stdout().is_terminal()
}

/// JSON for `out`: serde_json leaves DEL, C1 and bidi controls raw inside strings; they are
/// written as `\uXXXX` escapes instead (the same JSON value), so printing it cannot run an
/// escape sequence.
fn json_bytes(json: String) -> Vec<u8> {
    match qoscope_model::text::escape_hidden_in_json(&json) {
        std::borrow::Cow::Borrowed(_) => json.into_bytes(),
        std::borrow::Cow::Owned(escaped) => escaped.into_bytes(),
    }
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
