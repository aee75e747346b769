//! The CLI analyses with the app's thresholds (its `settings.json` in the app data directory), so
//! `summary` and the exports find what the window shows; `--default-thresholds` ignores them, and
//! a damaged settings file is said once on stderr without failing the command.
//!
//! Each run gets its own HOME and XDG data directory, never the real one.

use qoscope_diagnosis::thresholds::Level;
use qoscope_diagnosis::Thresholds;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Command, Output};

/// A private home: `XDG_DATA_HOME` (Linux) and `HOME` (macOS' data directory) point into it.
struct Home(tempfile::TempDir);

impl Home {
    fn new() -> Home {
        Home(tempfile::tempdir().unwrap())
    }

    /// Where the app keeps its settings under this home (Tauri's app data directory).
    fn settings_file(&self) -> PathBuf {
        let data = if cfg!(target_os = "macos") {
            self.0.path().join("Library/Application Support")
        } else {
            self.0.path().join("data")
        };
        data.join("app.qoscope.desktop").join("settings.json")
    }

    fn write_settings(&self, content: &[u8]) {
        let path = self.settings_file();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }

    fn qoscope(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_qoscope"))
            .args(args)
            .env("LANG", "C.UTF-8")
            .env("HOME", self.0.path())
            .env("XDG_DATA_HOME", self.0.path().join("data"))
            .output()
            .expect("the qoscope binary runs")
    }

    fn snapshot(&self) -> String {
        let path = self.0.path().join("demo.qoscope.json");
        assert!(self.qoscope(&["demo", "--out", path.to_str().unwrap()]).status.success());
        path.to_str().unwrap().to_owned()
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn findings(o: &Output) -> Vec<Value> {
    assert!(o.status.success(), "{}", text(&o.stderr));
    let doc: Value = serde_json::from_slice(&o.stdout).expect("summary --json is JSON");
    doc["findings"].as_array().unwrap().clone()
}

/// Settings as the app stores them, where a busy CPU is never a problem.
fn cpu_blind_settings() -> Vec<u8> {
    let t = Thresholds { system_cpu: Level::above(100.0, 100.0), ..Thresholds::default() };
    serde_json::to_vec_pretty(&json!({"settings": {"version": 3, "profiles": [], "thresholds": t}})).unwrap()
}

#[test]
fn summary_uses_the_apps_thresholds_unless_told_not_to() {
    let home = Home::new();
    let snapshot = home.snapshot();
    let without_settings = home.qoscope(&["summary", &snapshot, "--json"]);
    let defaults = findings(&without_settings);
    assert!(defaults.iter().any(|f| f["kind"] == "device_cpu"), "the demo has a CPU finding");

    home.write_settings(&cpu_blind_settings());
    let with_settings = home.qoscope(&["summary", &snapshot, "--json"]);
    let fewer = findings(&with_settings);
    assert!(fewer.len() < defaults.len(), "{} findings with the settings, {} without", fewer.len(), defaults.len());
    assert!(!fewer.iter().any(|f| f["kind"] == "device_cpu"), "the settings' CPU limit applies");
    assert!(with_settings.stderr.is_empty(), "nothing extra on the normal path: {}", text(&with_settings.stderr));

    let ignored = home.qoscope(&["summary", &snapshot, "--json", "--default-thresholds"]);
    assert!(ignored.status.success() && ignored.stderr.is_empty(), "{}", text(&ignored.stderr));
    assert_eq!(ignored.stdout, without_settings.stdout, "--default-thresholds: the default findings");
    let text_summary = home.qoscope(&["summary", &snapshot]);
    assert_ne!(text_summary.stdout, home.qoscope(&["summary", &snapshot, "--default-thresholds"]).stdout);
}

#[test]
fn exports_grade_with_the_apps_thresholds_and_csv_has_none() {
    let home = Home::new();
    let snapshot = home.snapshot();
    let json = |extra: &[&str]| {
        let mut args = vec!["export", &snapshot, "--format", "json", "--out", "-"];
        args.extend_from_slice(extra);
        let o = home.qoscope(&args);
        assert!(o.status.success() && o.stderr.is_empty(), "{}", text(&o.stderr));
        o.stdout
    };
    let defaults = json(&[]);
    home.write_settings(&cpu_blind_settings());
    assert_ne!(json(&[]), defaults, "the timelines' grades follow the settings");
    assert_eq!(json(&["--default-thresholds"]), defaults);
    let o = home.qoscope(&["export", &snapshot, "--format", "csv", "--out", "-", "--default-thresholds"]);
    assert_eq!(o.status.code(), Some(2), "the CSV holds no grades: {}", text(&o.stderr));
}

#[test]
fn a_damaged_settings_file_is_said_once_and_the_defaults_are_used() {
    let home = Home::new();
    let snapshot = home.snapshot();
    let defaults = home.qoscope(&["summary", &snapshot, "--json"]);
    for damaged in [&b"{\"settings\": {\"version\": 3,"[..], b"\"junk\x1b]0;pwned\x07\"", b"{\"settings\": 7}"] {
        home.write_settings(damaged);
        let o = home.qoscope(&["summary", &snapshot, "--json"]);
        assert!(o.status.success(), "never fails the command: {}", text(&o.stderr));
        assert_eq!(o.stdout, defaults.stdout, "the default thresholds");
        let err = text(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("qoscope: ") && err.contains("settings.json") && err.contains("default thresholds"));
        assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
        let quiet = home.qoscope(&["summary", &snapshot, "--json", "--default-thresholds"]);
        assert!(quiet.stderr.is_empty(), "--default-thresholds does not read it: {}", text(&quiet.stderr));
    }
    // A directory where the file should be cannot be read either.
    std::fs::remove_file(home.settings_file()).unwrap();
    std::fs::create_dir(home.settings_file()).unwrap();
    let o = home.qoscope(&["export", &snapshot, "--format", "svg", "--out", "-"]);
    assert!(o.status.success() && text(&o.stderr).lines().count() == 1, "{}", text(&o.stderr));
}
