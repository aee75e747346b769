//! The `qoscope` CLI as automation sees it: the real binary, real files, exit codes, stdout.

use std::path::Path;
use std::process::{Command, Output};

fn qoscope(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qoscope"))
        .args(args)
        .env("LANG", "C.UTF-8")
        // Not the real app data directory: the app's settings would change the thresholds.
        .env("XDG_DATA_HOME", concat!(env!("CARGO_TARGET_TMPDIR"), "/no-app-data"))
        .output()
        .expect("the qoscope binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write_demo(dir: &Path) -> String {
    let path = dir.join("demo.qoscope.json");
    let o = qoscope(&["demo", "--out", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    path.to_str().unwrap().to_owned()
}

#[test]
fn version_and_help() {
    let o = qoscope(&["--version"]);
    assert!(o.status.success());
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), format!("qoscope {}", env!("CARGO_PKG_VERSION")));
    let o = qoscope(&["help"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("user_id,user_name,date_time,stream,metric,value,unit"));
}

#[test]
fn exports_the_demo_meeting_as_canonical_csv() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = write_demo(dir.path());
    let out = dir.path().join("demo.csv");
    let o = qoscope(&["export", &snapshot, "--format", "csv", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = std::fs::read_to_string(&out).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("user_id,user_name,date_time,stream,metric,value,unit"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(rows.len() > 10_000, "an hour of 9 joins: {} rows", rows.len());
    assert!(rows.iter().all(|r| r.len() == 7), "no field needs quoting in the demo");
    assert!(rows.iter().all(|r| !r[5].is_empty()), "only non-empty values are rows");
    // Zoom's published example values, parsed to numbers with units.
    assert!(rows.iter().any(|r| r[3] == "audio_input" && r[4] == "bitrate" && r[5] == "23" && r[6] == "kbps"));
    assert!(rows.iter().any(|r| r[3] == "audio_input" && r[4] == "latency" && r[5] == "126" && r[6] == "ms"));
    assert!(rows.iter().any(|r| r[4] == "avg_loss" && r[5] == "0.3" && r[6] == "%"));
    assert!(rows.iter().any(|r| r[4] == "resolution" && r[5] == "1280x720" && r[6] == "px"));
    assert!(rows.iter().any(|r| r[4] == "frame_rate" && r[5] == "12" && r[6] == "fps"));
    assert!(rows.iter().any(|r| r[3] == "wifi_rssi" && r[6] == "dBm" && r[5].starts_with('-')));
    assert!(rows.iter().any(|r| r[1] == "Zoë 王"), "non-Latin names survive");
}

#[test]
fn exports_json_with_every_join() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = write_demo(dir.path());
    let o = qoscope(&["export", &snapshot, "--format", "json", "--out", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["meeting"]["title"], "Weekly IT service review");
    assert_eq!(doc["timelines"].as_array().unwrap().len(), 9);
}

#[test]
fn json_export_redacts_on_request_and_is_unchanged_without() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = write_demo(dir.path());
    let plain = qoscope(&["export", &snapshot, "--format", "json", "--out", "-"]);
    assert!(plain.status.success(), "{}", stderr(&plain));
    let plain_text = String::from_utf8_lossy(&plain.stdout);
    assert!(plain_text.contains("198.51.100.91") && plain_text.contains("Cologne"), "the demo has Lena's IP");
    assert!(!plain_text.contains("\"redacted\""), "no new key without --redact");

    let o = qoscope(&["export", &snapshot, "--format", "json", "--redact", "--out", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["redacted"], true);
    assert_eq!(doc["timelines"].as_array().unwrap().len(), 9);
    let text = String::from_utf8_lossy(&o.stdout);
    for leak in ["198.51.100.91", "Cologne", "@example.com", "LENA-MAC"] {
        assert!(!text.contains(leak), "the redacted JSON leaks {leak}");
    }
    assert!(text.contains("Lena Fischer"), "names stay");
    let both = qoscope(&["export", &snapshot, "--format", "json", "--redact", "--no-redact", "--out", "-"]);
    assert_eq!(both.status.code(), Some(2), "{}", stderr(&both));
}

#[test]
fn bad_input_gets_one_clear_line_and_the_documented_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "<html>502 Bad Gateway</html>").unwrap();
    let o = qoscope(&["export", junk.to_str().unwrap(), "--format", "csv", "--out", "-"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not a QoScope snapshot"), "{}", stderr(&o));
    assert_eq!(stderr(&o).lines().count(), 1);

    let truncated = dir.path().join("truncated.json");
    let demo = std::fs::read_to_string(write_demo(dir.path())).unwrap();
    std::fs::write(&truncated, &demo[..demo.len() / 3]).unwrap();
    let o = qoscope(&["export", truncated.to_str().unwrap(), "--format", "csv", "--out", "-"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("truncated"), "{}", stderr(&o));

    let o = qoscope(&["export", "missing.json", "--format", "csv", "--out", "-"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("missing.json"), "{}", stderr(&o));

    for args in [
        vec!["export", "x.json", "--format", "xlsx", "--out", "-"],
        vec!["export", "--format", "csv", "--out", "-"],
        vec!["export", "x.json", "--format", "csv"],
        vec!["export", "x.json", "--format", "csv", "--out", "-", "--bogus", "1"],
        vec!["frobnicate"],
    ] {
        let o = qoscope(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).starts_with("qoscope: "), "{args:?}");
    }
}

#[test]
fn a_failed_export_leaves_the_previous_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.csv");
    std::fs::write(&out, "previous").unwrap();
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "{}").unwrap();
    let o = qoscope(&["export", junk.to_str().unwrap(), "--format", "csv", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous");
}

#[test]
fn a_missing_snapshot_is_named_once_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere.qoscope.json");
    let missing = missing.to_str().unwrap();
    for args in [vec!["summary", missing], vec!["export", missing, "--format", "csv", "--out", "-"]] {
        let o = qoscope(&args);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let text = stderr(&o);
        assert_eq!(text.matches(missing).count(), 1, "the path once: {text}");
        assert!(text.contains("cannot access"), "{text}");
    }
    // A message that does not name the file gets it in front.
    let truncated = dir.path().join("cut.qoscope.json");
    std::fs::write(&truncated, "{\"format\":\"qoscope-snapshot\"").unwrap();
    let o = qoscope(&["summary", truncated.to_str().unwrap()]);
    let text = stderr(&o);
    assert!(text.starts_with(&format!("qoscope: {}: this snapshot is truncated", truncated.display())), "{text}");
}
