//! The CLI commands that talk to Zoom: fetch, meetings, instances, login, logout.

use super::{write_output, CliError, Flags};
use qoscope_secrets::{Credentials, ProfileVault, SecretString};
use qoscope_zoom::credentials::{self, CredentialsError, ResolvedCredentials, DEFAULT_PROFILE};
use qoscope_zoom::listing;
use qoscope_zoom::{
    fetch_meeting, resume_meeting, CallContext, CancelFlag, ClientConfig, CredentialSource, Endpoints, ErrorKind,
    FetchOptions, FetchRequest, MeetingRef, Product, Progress, QosType, Stage, ZoomClient, ZoomError,
};
use std::io::{BufRead, IsTerminal, Write};

fn env(key: &str) -> Option<String> {
    std::env::var(key).ok()
}

pub(super) fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Failed(format!("could not start the async runtime: {e}")))
}

/// Zoom errors → exit codes: credentials/permissions 3, meeting not found 4, the rest 1.
pub(super) fn zoom_error(e: ZoomError) -> CliError {
    let message = e.to_string();
    match e.kind() {
        ErrorKind::Auth | ErrorKind::TokenExpired | ErrorKind::MissingScopes | ErrorKind::PlanRequired => {
            CliError::Credentials(message)
        }
        ErrorKind::NotFound | ErrorKind::TooOld => CliError::NotFound(message),
        ErrorKind::Config | ErrorKind::InvalidMeetingRef => CliError::Usage(message),
        _ => CliError::Failed(message),
    }
}

fn credentials_error(e: CredentialsError) -> CliError {
    match e {
        CredentialsError::Zoom(z) => zoom_error(z),
        other => CliError::Credentials(other.to_string()),
    }
}

/// A client for the `--profile`, the environment, or the default profile.
pub(super) fn client(flags: &Flags) -> Result<(ZoomClient, ResolvedCredentials), CliError> {
    let resolved =
        credentials::resolve(flags.get("--profile"), env, ProfileVault::system).map_err(credentials_error)?;
    let endpoints = Endpoints::from_env(env).map_err(zoom_error)?;
    let mut config = ClientConfig::with_endpoints(endpoints);
    if let Some(rate) = flags.get("--rate") {
        config.requests_per_second =
            rate.parse::<f64>().ok().filter(|r| r.is_finite() && *r > 0.0 && *r <= 1000.0).ok_or_else(|| {
                CliError::Usage(format!("--rate must be requests per second (e.g. 30), not {rate:?}"))
            })?;
    }
    let client = ZoomClient::new(config, resolved.source.clone()).map_err(zoom_error)?;
    Ok((client, resolved))
}

fn product(flags: &Flags) -> Product {
    if flags.has("--webinar") {
        Product::Webinar
    } else {
        Product::Meeting
    }
}

/// Progress lines on stderr: stages, waits and retries always; participant counts at most
/// every tenth of the way (a terminal gets one updating line).
pub(super) struct ProgressPrinter {
    pub(super) terminal: bool,
    pub(super) last_decile: std::sync::atomic::AtomicUsize,
}

impl ProgressPrinter {
    pub(super) fn print(&self, p: Progress) {
        let line = match p {
            Progress::Stage(stage) => Some(
                match stage {
                    Stage::MeetingDetails => "reading the meeting's details",
                    Stage::ParticipantsList => "listing participants",
                    Stage::ParticipantQos => "fetching each participant's QoS",
                    Stage::QosList => "paging through the QoS list",
                }
                .to_owned(),
            ),
            Progress::ParticipantsDone { done, total } => {
                let decile = (done * 10).checked_div(total).unwrap_or(10);
                let previous = self.last_decile.swap(decile, std::sync::atomic::Ordering::Relaxed);
                (self.terminal || decile != previous || done == total).then(|| format!("{done} / {total} participants"))
            }
            Progress::WaitingForRateLimit { seconds } => {
                Some(format!("Zoom's rate limit: waiting {seconds:.1} s before the next request"))
            }
            Progress::Retrying { attempt, max, reason } => Some(format!("retrying ({attempt}/{max}): {reason}")),
            Progress::PagingRestarted { restart, .. } => {
                Some(format!("the page token expired; paging again from the first page (restart {restart})"))
            }
            Progress::PageFetched { .. } | Progress::TokenMinted | Progress::Received(_) => None,
        };
        if let Some(line) = line {
            // A retry's reason can quote what a server sent.
            let line = qoscope_model::text::sanitize(&line);
            let mut err = std::io::stderr().lock();
            if self.terminal {
                let _ = write!(err, "\r\x1b[2Kqoscope: {line}");
            } else {
                let _ = writeln!(err, "qoscope: {line}");
            }
        }
    }
}

/// What `qoscope fetch` was asked to do.
enum FetchWork {
    Fresh(FetchRequest),
    /// Complete a partial snapshot.
    Resume(Box<qoscope_snapshot::Snapshot>),
}

pub fn fetch(flags: Flags) -> Result<(), CliError> {
    let out = flags.require("--out")?.to_owned();
    // `--resume PARTIAL`: the meeting and type come from the partial snapshot.
    let work = match flags.get("--resume") {
        Some(path) => {
            flags.no_positional()?;
            if flags.get("--type").is_some() || flags.has("--webinar") {
                return Err(CliError::Usage(
                    "--resume takes the meeting, --type and --webinar from the snapshot".into(),
                ));
            }
            let snapshot = qoscope_snapshot::Snapshot::load(std::path::Path::new(path))
                .map_err(|e| super::about_file(std::path::Path::new(path), &e.to_string()))?;
            if snapshot.complete {
                return Err(CliError::Usage(format!(
                    "{path} is complete: there is nothing to resume (fetch the meeting again to refresh it)"
                )));
            }
            FetchWork::Resume(Box::new(snapshot))
        }
        None => {
            let meeting = flags.one_positional("MEETING")?.to_owned();
            let qos_type = match flags.get("--type").unwrap_or("past") {
                "past" => QosType::Past,
                "live" => QosType::Live,
                other => return Err(CliError::Usage(format!("--type must be past or live, not {other:?}"))),
            };
            MeetingRef::parse(&meeting).map_err(zoom_error)?;
            FetchWork::Fresh(FetchRequest { meeting, qos_type, webinar: flags.has("--webinar") })
        }
    };
    let focus = flags.get("--focus").map(qoscope_zoom::person::validate_person).transpose().map_err(zoom_error)?;
    let (client, resolved) = client(&flags)?;
    let options = FetchOptions { profile: resolved.profile.clone(), focus, ..FetchOptions::default() };
    let printer = ProgressPrinter { terminal: std::io::stderr().is_terminal(), last_decile: Default::default() };
    let cancel = CancelFlag::new();
    let outcome = runtime()?.block_on(async {
        let on_ctrl_c = cancel.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                on_ctrl_c.cancel();
            }
        });
        match &work {
            FetchWork::Resume(partial) => {
                resume_meeting(&client, partial, &options, |p| printer.print(p), &cancel).await
            }
            FetchWork::Fresh(request) => fetch_meeting(&client, request, &options, |p| printer.print(p), &cancel).await,
        }
    });
    if printer.terminal {
        eprintln!();
    }
    let outcome = outcome.map_err(zoom_error)?;
    let snapshot = &outcome.snapshot;
    let joins = snapshot.meeting().map(|m| m.joins.len()).unwrap_or(0);
    write_output(&out, snapshot.to_json().as_bytes())?;
    match outcome.stopped_reason {
        None if outcome.complete => {
            eprintln!("qoscope: saved {joins} joins to {out}");
            Ok(())
        }
        reason => Err(CliError::Partial(format!(
            "stopped early ({}); the {joins} joins fetched so far are saved in {out}; to fetch only the rest later, \
             run: qoscope fetch --resume {out} --out FILE",
            reason.map(|r| r.to_string()).unwrap_or_else(|| snapshot.notes.join("; "))
        ))),
    }
}

pub(super) fn parse_day(flag: &str, value: &str) -> Result<chrono::NaiveDate, CliError> {
    chrono::NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| CliError::Usage(format!("{flag} must be a date like 2026-11-24, not {value:?}")))
}

/// Untrusted Zoom text for a terminal: control and bidi characters are replaced.
pub(super) fn plain(s: Option<&str>) -> String {
    qoscope_model::text::sanitize(s.unwrap_or("—")).into_owned()
}

pub fn meetings(flags: Flags) -> Result<(), CliError> {
    flags.no_positional()?;
    let from = parse_day("--from", flags.require("--from")?)?;
    let to = parse_day("--to", flags.require("--to")?)?;
    if let Some(person) = flags.get("--participant") {
        return person_meetings(&flags, person, from, to);
    }
    if flags.get("--at").is_some() {
        return Err(CliError::Usage("--at needs --participant (the time someone was in a meeting)".into()));
    }
    listing::validate_range(from, to).map_err(zoom_error)?;
    let (client, _) = client(&flags)?;
    let ctx = CallContext::new(CancelFlag::new());
    let list = runtime()?
        .block_on(listing::list_past_meetings(&client, product(&flags), from, to, &ctx))
        .map_err(zoom_error)?;
    if flags.has("--json") {
        let text = serde_json::to_string_pretty(&list).map_err(|e| CliError::Failed(e.to_string()))?;
        return write_output("-", &super::json_bytes(text + "\n"));
    }
    let mut out = String::from("START (UTC)           MEETING ID    PARTICIPANTS  TOPIC  ·  HOST  ·  UUID\n");
    for m in &list {
        out.push_str(&format!(
            "{:<21} {:<13} {:>12}  {}  ·  {}  ·  {}\n",
            m.start_time.map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| "—".into()),
            plain(m.meeting_number.as_deref()),
            m.participants_reported.map(|n| n.to_string()).unwrap_or_else(|| "—".into()),
            plain(m.topic.as_deref()),
            plain(m.host.as_deref()),
            plain(m.uuid.as_deref()),
        ));
    }
    out.push_str(&format!("{} meetings from {from} to {to}\n", list.len()));
    write_output("-", out.as_bytes())
}

/// `meetings --participant EMAIL|USER_ID [--at HH:MM]`: the meetings a person joined (Zoom's
/// report API), the one they were in at `--at` (local time) first.
fn person_meetings(
    flags: &Flags,
    person: &str,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<(), CliError> {
    let person = qoscope_zoom::person::validate_person(person).map_err(zoom_error)?;
    if flags.has("--webinar") {
        return Err(CliError::Usage("--participant lists meetings and webinars together; drop --webinar".into()));
    }
    let at = flags.get("--at").map(qoscope_zoom::person::parse_time_of_day).transpose().map_err(zoom_error)?;
    qoscope_zoom::person::validate_person_range(from, to, chrono::Utc::now().date_naive()).map_err(zoom_error)?;
    let (client, _) = client(flags)?;
    let ctx = CallContext::new(CancelFlag::new());
    let mut list = runtime()?
        .block_on(qoscope_zoom::person::list_person_meetings(&client, &person, from, to, &ctx))
        .map_err(zoom_error)?;
    // The local zone itself, not today's offset: a month can cross a daylight-saving change.
    qoscope_zoom::person::order_for_time(&mut list, at, &chrono::Local);
    if list.is_empty() {
        eprintln!(
            "qoscope: {} joined no meeting from {from} to {to} that Zoom reports (it lists meetings of two or more people); widen the range (one month at a time, within the last six months) or check the address",
            plain(Some(&person))
        );
    }
    if flags.has("--json") {
        let text = serde_json::to_string_pretty(&list).map_err(|e| CliError::Failed(e.to_string()))?;
        return write_output("-", &super::json_bytes(text + "\n"));
    }
    let local = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| "—".into())
    };
    let hm = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| t.with_timezone(&chrono::Local).format("%H:%M").to_string()).unwrap_or_else(|| "—".into())
    };
    let offset = chrono::Local::now().format("%:z");
    let mut out =
        format!("  START (local, UTC{offset})  JOINED–LEFT   DURATION  PARTICIPANTS  TOPIC  ·  HOST  ·  UUID\n");
    for m in &list {
        out.push_str(&format!(
            "{} {:<24} {}–{}  {:>8}  {:>12}  {}  ·  {}  ·  {}\n",
            if m.at_time { "▶" } else { " " },
            local(m.info.start_time),
            hm(m.joined_at),
            hm(m.left_at),
            plain(m.info.duration.as_deref()),
            m.info.participants_reported.map(|n| n.to_string()).unwrap_or_else(|| "—".into()),
            plain(m.info.topic.as_deref()),
            plain(m.info.host.as_deref()),
            plain(m.info.uuid.as_deref()),
        ));
    }
    out.push_str(&format!("{} meetings joined by {} from {from} to {to}", list.len(), plain(Some(&person))));
    if let Some(at) = at {
        out.push_str(&format!("; ▶ in the meeting at {}", at.format("%H:%M")));
    }
    out.push('\n');
    write_output("-", out.as_bytes())
}

pub fn instances(flags: Flags) -> Result<(), CliError> {
    let meeting = MeetingRef::parse(flags.one_positional("MEETING_ID")?).map_err(zoom_error)?;
    let (client, _) = client(&flags)?;
    let ctx = CallContext::new(CancelFlag::new());
    let list =
        runtime()?.block_on(listing::list_instances(&client, &meeting, product(&flags), &ctx)).map_err(zoom_error)?;
    if flags.has("--json") {
        let text = serde_json::to_string_pretty(&list).map_err(|e| CliError::Failed(e.to_string()))?;
        return write_output("-", &super::json_bytes(text + "\n"));
    }
    let mut out = String::from("START (UTC)           UUID (pass it to `qoscope fetch`)\n");
    for i in &list {
        out.push_str(&format!(
            "{:<21} {}\n",
            i.start_time.map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| "—".into()),
            plain(Some(&i.uuid))
        ));
    }
    out.push_str(&format!("{} instances\n", list.len()));
    write_output("-", out.as_bytes())
}

/// Reads one line: from a prompt on a terminal, else from piped stdin.
fn read_line(prompt: &str, secret: bool) -> Result<String, CliError> {
    let value = if std::io::stdin().is_terminal() {
        if secret {
            rpassword::prompt_password(prompt)
                .map_err(|e| CliError::Failed(format!("could not read the secret: {e}")))?
        } else {
            eprint!("{prompt}");
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).map_err(|e| CliError::Failed(e.to_string()))?;
            line
        }
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| CliError::Failed(e.to_string()))?;
        line
    };
    let value = value.trim().to_owned();
    if value.is_empty() {
        return Err(CliError::Usage(format!("{} cannot be empty", prompt.trim_end_matches([':', ' ']))));
    }
    Ok(value)
}

pub fn login(flags: Flags) -> Result<(), CliError> {
    flags.no_positional()?;
    let profile = flags.get("--profile").unwrap_or(DEFAULT_PROFILE).to_owned();
    qoscope_secrets::validate_profile_name(&profile).map_err(|e| CliError::Usage(e.to_string()))?;
    let vault = ProfileVault::system().map_err(|e| CliError::Credentials(e.to_string()))?;
    let account_id = match flags.get("--account-id") {
        Some(v) => v.trim().to_owned(),
        None => read_line("Zoom account ID: ", false)?,
    };
    let client_id = match flags.get("--client-id") {
        Some(v) => v.trim().to_owned(),
        None => read_line("Client ID: ", false)?,
    };
    let client_secret = SecretString::new(read_line("Client secret (hidden): ", true)?);
    let credentials = Credentials { account_id, client_id, client_secret };
    let scopes = if flags.has("--no-verify") {
        None
    } else {
        let endpoints = Endpoints::from_env(env).map_err(zoom_error)?;
        let client =
            ZoomClient::new(ClientConfig::with_endpoints(endpoints), CredentialSource::OAuth(credentials.clone()))
                .map_err(zoom_error)?;
        let ctx = CallContext::new(CancelFlag::new());
        Some(runtime()?.block_on(client.authenticate(&ctx)).map_err(zoom_error)?)
    };
    vault.save(&profile, &credentials).map_err(|e| CliError::Credentials(e.to_string()))?;
    match scopes {
        Some(scopes) => eprintln!(
            "qoscope: signed in as profile {profile:?}; Zoom granted: {}",
            plain(scopes.as_deref().filter(|s| !s.is_empty()))
        ),
        None => eprintln!("qoscope: saved profile {profile:?} without checking it with Zoom"),
    }
    Ok(())
}

pub fn logout(flags: Flags) -> Result<(), CliError> {
    flags.no_positional()?;
    let profile = flags.get("--profile").unwrap_or(DEFAULT_PROFILE);
    let vault = ProfileVault::system().map_err(|e| CliError::Credentials(e.to_string()))?;
    match vault.delete(profile).map_err(|e| CliError::Credentials(e.to_string()))? {
        true => eprintln!("qoscope: removed profile {profile:?} from the keychain"),
        false => eprintln!("qoscope: profile {profile:?} had no credentials in the keychain"),
    }
    Ok(())
}
