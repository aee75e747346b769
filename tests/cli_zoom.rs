//! `qoscope fetch | meetings | instances | login | logout` as automation runs them: the real
//! binary against QoScope's Zoom simulator on loopback.

use qoscope_sim::generator::GeneratedMeeting;
use qoscope_sim::scenario;
use qoscope_sim::server::{self, Faults, RunningSimulator, SimConfig, SimMeeting};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

struct Sim {
    running: RunningSimulator,
    config: SimConfig,
    _runtime: tokio::runtime::Runtime,
}

fn simulator(config: SimConfig, meetings: Vec<GeneratedMeeting>) -> Sim {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let meetings = meetings.into_iter().map(SimMeeting::past).collect();
    let running = runtime.block_on(server::start(config.clone(), meetings)).unwrap();
    Sim { running, config, _runtime: runtime }
}

/// The binary with the simulator's endpoints and (unless `with_env_credentials` is false)
/// credentials from the environment, as automation would run it.
fn qoscope(sim: &Sim, args: &[&str], with_env_credentials: bool) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qoscope"));
    cmd.args(args)
        .env("QOSCOPE_API_BASE", sim.running.api_base())
        .env("QOSCOPE_OAUTH_TOKEN_URL", sim.running.token_url())
        .env_remove("ZOOM_ACCESS_TOKEN")
        .stdin(Stdio::null());
    if with_env_credentials {
        cmd.env("ZOOM_ACCOUNT_ID", &sim.config.account_id)
            .env("ZOOM_CLIENT_ID", &sim.config.client_id)
            .env("ZOOM_CLIENT_SECRET", &sim.config.client_secret);
    } else {
        cmd.env_remove("ZOOM_ACCOUNT_ID").env_remove("ZOOM_CLIENT_ID").env_remove("ZOOM_CLIENT_SECRET");
    }
    cmd
}

fn run(mut cmd: Command) -> Output {
    cmd.output().expect("qoscope runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn sorted_csv_rows(csv: &str) -> Vec<String> {
    let mut rows: Vec<String> = csv.lines().skip(1).map(str::to_owned).collect();
    rows.sort_unstable();
    rows
}

#[test]
fn fetch_then_export_gives_the_generators_ground_truth_despite_faults() {
    for (spec, typed) in [
        (scenario::demo(), "857 4621 3390".to_owned()),
        (scenario::small(), "https://us06web.zoom.us/j/91234567890?pwd=abc".to_owned()),
        (scenario::large(40, 3), "93000000003".to_owned()),
    ] {
        fetch_then_export(spec, &typed);
    }
}

fn fetch_then_export(spec: qoscope_sim::generator::MeetingSpec, typed: &str) {
    let generated = spec.generate();
    let mut truth: Vec<String> = generated.truth.iter().map(|r| r.csv_line()).collect();
    truth.sort_unstable();
    let config = SimConfig {
        token_lifetime: Duration::from_secs(5),
        qps_limit: Some(20),
        faults: Faults {
            seed: 42,
            server_error: 0.05,
            drop: 0.02,
            expire_page_token_at_use: Some(1),
            ..Faults::default()
        },
        ..SimConfig::default()
    };
    let sim = simulator(config, vec![generated]);
    let dir = tempfile::tempdir().unwrap();
    let snap = dir.path().join("meeting.qoscope.json");
    // As people paste it: an ID with spaces, a join link.
    let o = run(qoscope(&sim, &["fetch", typed, "--out", snap.to_str().unwrap()], true));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("participants"), "progress on stderr: {}", stderr(&o));
    let csv = dir.path().join("meeting.csv");
    let o = run(qoscope(
        &sim,
        &["export", snap.to_str().unwrap(), "--format", "csv", "--out", csv.to_str().unwrap()],
        true,
    ));
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = sorted_csv_rows(&std::fs::read_to_string(&csv).unwrap());
    assert_eq!(rows.len(), truth.len(), "{}", spec.topic);
    for (i, (got, want)) in rows.iter().zip(&truth).enumerate() {
        assert_eq!(got, want, "{}: row {i}", spec.topic);
    }
    let snapshot = std::fs::read_to_string(&snap).unwrap();
    assert!(!snapshot.contains(&sim.config.client_secret), "the snapshot holds no secret");
    assert!(!snapshot.contains("simtok-"), "the snapshot holds no access token");
}

#[test]
fn zoom_errors_map_to_documented_exit_codes_with_one_clear_line() {
    let sim = simulator(SimConfig::default(), vec![scenario::small().generate()]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.json");
    let out = out.to_str().unwrap();

    let o = run(qoscope(&sim, &["fetch", "11111111111", "--out", out], true));
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    assert!(stderr(&o).contains("not found") || stderr(&o).contains("not ended"), "{}", stderr(&o));

    let o = run(qoscope(&sim, &["fetch", "not a meeting", "--out", out], true));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));

    let mut cmd = qoscope(&sim, &["fetch", "91234567890", "--out", out], true);
    cmd.env("ZOOM_CLIENT_SECRET", "wrong");
    let o = run(cmd);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(!stderr(&o).contains("wrong"), "the secret is never echoed: {}", stderr(&o));

    let o = run(qoscope(&sim, &["fetch", "91234567890", "--type", "sometimes", "--out", out], true));
    assert_eq!(o.status.code(), Some(2));

    let mut cmd = qoscope(&sim, &["fetch", "91234567890", "--out", out], true);
    cmd.env("QOSCOPE_API_BASE", "http://example.com/v2");
    let o = run(cmd);
    assert_eq!(o.status.code(), Some(2), "plain http only for loopback: {}", stderr(&o));
    assert!(!std::path::Path::new(out).exists(), "nothing written on failure");
}

#[test]
fn missing_scopes_are_named() {
    let config = SimConfig { scopes: "meeting:read:admin".into(), ..SimConfig::default() };
    let sim = simulator(config, vec![scenario::small().generate()]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.json");
    let o = run(qoscope(&sim, &["fetch", "91234567890", "--out", out.to_str().unwrap()], true));
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("dashboard"), "names the scope to add: {}", stderr(&o));
}

#[test]
fn the_daily_limit_keeps_what_was_fetched_and_says_so() {
    // A complete fetch needs at least three requests (details, participants list, one QoS page
    // with all nine joins), so two always stop it, whatever order the concurrent calls take.
    let config = SimConfig { daily_limit: Some(2), ..SimConfig::default() };
    let sim = simulator(config, vec![scenario::demo().generate()]);
    let dir = tempfile::tempdir().unwrap();
    let snap = dir.path().join("partial.json");
    let o = run(qoscope(&sim, &["fetch", "85746213390", "--out", snap.to_str().unwrap()], true));
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    assert!(stderr(&o).contains("stopped early"), "{}", stderr(&o));
    let saved = std::fs::read_to_string(&snap).unwrap();
    assert!(saved.contains("\"complete\":false"), "the partial snapshot says it is partial");
    assert!(stderr(&o).contains("qoscope fetch --resume"), "says how to resume: {}", stderr(&o));

    // The next day: `--resume` completes it, and the CSV is the generator's truth.
    let generated = scenario::demo().generate();
    let mut truth: Vec<String> = generated.truth.iter().map(|r| r.csv_line()).collect();
    truth.sort_unstable();
    let sim = simulator(SimConfig::default(), vec![generated]);
    let full = dir.path().join("full.json");
    let o = run(qoscope(&sim, &["fetch", "--resume", snap.to_str().unwrap(), "--out", full.to_str().unwrap()], true));
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = dir.path().join("full.csv");
    let o = run(qoscope(
        &sim,
        &["export", full.to_str().unwrap(), "--format", "csv", "--out", csv.to_str().unwrap()],
        true,
    ));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(sorted_csv_rows(&std::fs::read_to_string(&csv).unwrap()), truth);
    // A complete snapshot has nothing to resume; a meeting and --resume together are a usage error.
    let o = run(qoscope(&sim, &["fetch", "--resume", full.to_str().unwrap(), "--out", "-"], true));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = run(qoscope(&sim, &["fetch", "857", "--resume", snap.to_str().unwrap(), "--out", "-"], true));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn meetings_and_instances_list_what_the_account_has() {
    let sim = simulator(SimConfig::default(), vec![scenario::demo().generate(), scenario::small().generate()]);
    let o = run(qoscope(&sim, &["meetings", "--from", "2026-11-01", "--to", "2026-11-30"], true));
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("Weekly IT service review") && text.contains("Escalation call"), "{text}");
    assert!(text.contains("2 meetings"), "{text}");

    let o = run(qoscope(&sim, &["meetings", "--from", "2026-11-01", "--to", "2026-11-30", "--json"], true));
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);

    let o = run(qoscope(&sim, &["meetings", "--from", "2026-08-01", "--to", "2026-11-30"], true));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("one month"), "{}", stderr(&o));

    let o = run(qoscope(&sim, &["instances", "85746213390"], true));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("aDYlohsHRtCd4ii1uC2+hA=="));
}

#[test]
#[ignore = "uses the real OS keychain; `./x test` runs it inside a private gnome-keyring session"]
fn login_stores_in_the_keychain_and_fetch_uses_the_profile() {
    use std::io::Write;
    let sim = simulator(SimConfig::default(), vec![scenario::small().generate()]);
    let profile = format!("cli-test-{}", std::process::id());
    let mut cmd = qoscope(
        &sim,
        &["login", "--profile", &profile, "--account-id", &sim.config.account_id, "--client-id", &sim.config.client_id],
        false,
    );
    let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    writeln!(child.stdin.take().unwrap(), "{}", sim.config.client_secret).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("dashboard_meetings:read:admin"), "shows the granted scopes: {}", stderr(&o));

    let dir = tempfile::tempdir().unwrap();
    let snap = dir.path().join("s.json");
    let o =
        run(qoscope(&sim, &["fetch", "91234567890", "--profile", &profile, "--out", snap.to_str().unwrap()], false));
    assert!(o.status.success(), "{}", stderr(&o));
    let saved = std::fs::read_to_string(&snap).unwrap();
    assert!(saved.contains(&format!("\"profile\":\"{profile}\"")), "the snapshot names the profile");
    assert!(!saved.contains(&sim.config.client_secret));

    let o = run(qoscope(&sim, &["logout", "--profile", &profile], false));
    assert!(o.status.success(), "{}", stderr(&o));
    let o =
        run(qoscope(&sim, &["fetch", "91234567890", "--profile", &profile, "--out", snap.to_str().unwrap()], false));
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("qoscope login"), "{}", stderr(&o));
}

/// Every file under `dir` (recursively) that contains `needle`.
fn files_containing(dir: &std::path::Path, needle: &str) -> Vec<std::path::PathBuf> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if std::fs::read(&path)
                .is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
            {
                hits.push(path);
            }
        }
    }
    hits
}

#[test]
#[ignore = "uses the real OS keychain; `./x test` runs it inside a private gnome-keyring session"]
fn a_whole_cli_session_leaves_no_secret_or_token_on_disk() {
    use std::io::Write;
    let sim = simulator(SimConfig::default(), vec![scenario::small().generate()]);
    let home = tempfile::tempdir().unwrap();
    let with_home = |mut cmd: Command| {
        cmd.env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .env("TMPDIR", home.path().join("tmp"));
        std::fs::create_dir_all(home.path().join("tmp")).unwrap();
        cmd
    };
    let profile = format!("audit-{}", std::process::id());
    let mut login = with_home(qoscope(
        &sim,
        &["login", "--profile", &profile, "--account-id", &sim.config.account_id, "--client-id", &sim.config.client_id],
        false,
    ));
    let mut child = login.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    writeln!(child.stdin.take().unwrap(), "{}", sim.config.client_secret).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = home.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let snap = out.join("s.json");
    let mut outputs = vec![o];
    outputs.push(run(with_home(qoscope(
        &sim,
        &["fetch", "91234567890", "--profile", &profile, "--out", snap.to_str().unwrap()],
        false,
    ))));
    // Every export format; the PDF unredacted, the most that can leak.
    for (format, file, extra) in [
        ("csv", "s.csv", None),
        ("json", "s.export.json", None),
        ("svg", "s.svg", None),
        ("png", "s.png", None),
        ("pdf", "s.pdf", Some("--no-redact")),
    ] {
        let path = out.join(file);
        let mut args = vec!["export", snap.to_str().unwrap(), "--format", format, "--out", path.to_str().unwrap()];
        args.extend(extra);
        outputs.push(run(with_home(qoscope(&sim, &args, false))));
    }
    outputs.push(run(with_home(qoscope(&sim, &["logout", "--profile", &profile], false))));
    for o in &outputs {
        assert!(o.status.success(), "{}", stderr(o));
        for stream in [&o.stdout, &o.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(!text.contains(&sim.config.client_secret) && !text.contains("simtok-"), "printed: {text}");
        }
    }
    // The simulator's tokens all start with "simtok-"; the secret is the simulator's.
    for needle in [sim.config.client_secret.as_str(), "simtok-"] {
        assert_eq!(files_containing(home.path(), needle), Vec::<std::path::PathBuf>::new(), "{needle} on disk");
    }
    // The PDF's text is compressed on disk: read it as a person would see it.
    let pdf_text =
        Command::new("pdftotext").arg(out.join("s.pdf")).arg("-").output().expect("pdftotext (poppler-utils)");
    let pdf_text = String::from_utf8_lossy(&pdf_text.stdout);
    assert!(pdf_text.contains("ZOOM MEETING QUALITY REPORT"), "the PDF has text to audit: {pdf_text}");
    assert!(!pdf_text.contains(&sim.config.client_secret) && !pdf_text.contains("simtok-"), "in the PDF: {pdf_text}");
    for file in ["s.csv", "s.export.json", "s.svg", "s.png", "s.pdf"] {
        assert!(out.join(file).exists(), "the session really ran: {file} was exported");
    }
    assert!(snap.exists(), "the session really ran");
}

#[test]
fn meeting_lists_show_no_escape_or_bidi_character_from_zoom() {
    let mut spec = scenario::small();
    spec.topic = spec_topic().to_owned();
    spec.host = "Eve\u{2066}\u{7f}".to_owned();
    let sim = simulator(SimConfig::default(), vec![spec.generate()]);
    for json in [false, true] {
        let mut args = vec!["meetings", "--from", "2026-11-01", "--to", "2026-11-30"];
        if json {
            args.push("--json");
        }
        let o = run(qoscope(&sim, &args, true));
        assert!(o.status.success(), "{}", stderr(&o));
        let text = String::from_utf8(o.stdout).unwrap();
        let hidden: Vec<char> = text.chars().filter(|c| *c != '\n' && qoscope_model::text::is_hidden(*c)).collect();
        assert_eq!(hidden, Vec::<char>::new(), "json: {json}");
        if json {
            let list: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(list[0]["topic"], spec_topic(), "the JSON value is unchanged (\\u escapes)");
        } else {
            assert!(text.contains("Budget\u{FFFD}gnp.exe\u{FFFD}]0;pwned\u{FFFD}\u{FFFD}2J"), "{text}");
        }
    }
}

fn spec_topic() -> &'static str {
    "Budget\u{202e}gnp.exe\u{1b}]0;pwned\u{7}\u{9b}2J"
}

#[test]
fn meetings_of_a_participant_put_the_one_at_the_time_first() {
    // Issue #17: Aiko is in the demo meeting (24 Nov, 10:00) and in an escalation call (23 Nov, 14:00).
    let mut call = scenario::small();
    call.people.push(scenario::aiko(call.minutes, Some((5, 9))));
    let sim = simulator(SimConfig::default(), vec![scenario::demo().generate(), call.generate()]);
    let args = ["meetings", "--participant", "aiko.tanaka@example.com", "--from", "2026-11-10", "--to", "2026-11-30"];
    let json = |extra: &[&str]| -> serde_json::Value {
        let mut cmd = qoscope(&sim, &[&args[..], extra, &["--json"]].concat(), true);
        cmd.env("TZ", "UTC");
        let o = run(cmd);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let newest_first = json(&[]);
    assert_eq!(newest_first[0]["topic"], "Weekly IT service review");
    let list = json(&["--at", "14:10"]);
    let items = list.as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["topic"], "Escalation call", "the meeting she was in at 14:10 comes first");
    let keys: Vec<&str> = items[0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "uuid",
            "meeting_number",
            "topic",
            "host",
            "host_email",
            "start_time",
            "end_time",
            "duration",
            "participants_reported",
            "joined_at",
            "left_at"
        ]
    );
    assert_eq!(items[0]["host_email"], serde_json::Value::Null);
    assert!(items[0]["joined_at"].as_str().is_some_and(|t| t.starts_with("2026-11-23T14:0")), "{}", items[0]);

    let mut cmd = qoscope(&sim, &[&args[..], &["--at", "14:10"]].concat(), true);
    cmd.env("TZ", "UTC");
    let o = run(cmd);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.lines().nth(1).is_some_and(|l| l.starts_with('▶') && l.contains("Escalation call")), "{text}");

    let o =
        run(qoscope(&sim, &["meetings", "--participant", "a@b.c", "--from", "2026-05-01", "--to", "2026-05-20"], true));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("six months"), "{}", stderr(&o));
    let o = run(qoscope(&sim, &["meetings", "--from", "2026-11-10", "--to", "2026-11-30", "--at", "10:15"], true));
    assert_eq!(o.status.code(), Some(2), "--at needs --participant");
}
