//! `qoscope summary`: the diagnosis as people and tools read it, from the real binary.

use qoscope_sim::generator::MeetingSpec;
use qoscope_sim::scenario;
use qoscope_snapshot::{Request, Source, SourceKind};
use serde_json::Value;
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

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn write_snapshot(dir: &Path, spec: &MeetingSpec) -> String {
    let path = dir.join(format!("{}.qoscope.json", spec.meeting_number));
    let snapshot = spec.generate().to_snapshot(
        "test",
        Source { kind: SourceKind::Simulator, profile: None, api_base: None },
        Request { meeting: spec.meeting_number.to_string(), qos_type: "past".into(), webinar: false },
        spec.start,
    );
    snapshot.save(&path).expect("the snapshot saves");
    path.to_str().unwrap().to_owned()
}

fn summary_json(snapshot: &str) -> Value {
    let o = qoscope(&["summary", snapshot, "--json"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("summary --json is JSON")
}

#[test]
fn json_findings_have_the_documented_shape_and_every_kind() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_snapshot(dir.path(), &scenario::small());
    let doc = summary_json(&path);
    assert_eq!(doc["format"], "qoscope-summary");
    assert_eq!(doc["meeting"]["topic"], "Escalation call");
    let findings = doc["findings"].as_array().expect("findings[]");
    let mut kinds: Vec<&str> = findings.iter().map(|f| f["kind"].as_str().unwrap()).collect();
    kinds.sort();
    kinds.dedup();
    assert_eq!(
        kinds,
        ["device_cpu", "disconnect", "meeting_wide", "receiver_downlink", "sender_uplink", "wifi"],
        "the small scenario injects every kind"
    );
    for f in findings {
        assert!(matches!(f["severity"].as_str(), Some("warning" | "poor")), "{f}");
        assert!(f["participant"]["user_id"].is_string() && f["participant"]["user_name"].is_string(), "{f}");
        let culprit = &f["culprit"];
        assert!(culprit.is_null() || culprit["user_id"].is_string(), "{f}");
        assert_eq!(culprit.is_null(), f["kind"] == "meeting_wide", "{f}");
        assert!(f["stream"].is_string() || (f["kind"] == "disconnect" && f["stream"].is_null()), "{f}");
        for key in ["start", "end"] {
            let t = f[key].as_str().unwrap();
            assert!(chrono::DateTime::parse_from_rfc3339(t).is_ok(), "{key}: {t}");
        }
        assert!(!f["evidence"].as_array().unwrap().is_empty(), "{f}");
        assert!(f["sentence"].as_str().unwrap().len() > 40, "{f}");
    }
    // A receiver's trouble names the sender who caused it.
    let sam = findings
        .iter()
        .find(|f| f["kind"] == "sender_uplink" && f["culprit"]["user_name"] == "Sam O'Neil, \"IT\"")
        .expect("others received Sam's Wi-Fi trouble");
    assert_ne!(sam["participant"]["user_id"], sam["culprit"]["user_id"]);
}

#[test]
fn text_groups_findings_by_cause_with_next_steps() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.qoscope.json");
    let o = qoscope(&["demo", "--out", path.to_str().unwrap()]);
    assert!(o.status.success());
    let o = qoscope(&["summary", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.starts_with("Weekly IT service review"), "{out}");
    assert!(out.contains("6 causes found"), "{out}");
    for expected in [
        "UDP blocked: Tom Becker, 10:00–11:00 UTC",
        "Weak Wi-Fi: Aiko Tanaka, 10:12–10:19 UTC",
        "Sender's uplink: Marcus Silva",
        "Disconnect: Marcus Silva, 10:31",
        "Device CPU: Lena Fischer",
        "Receiver's downlink: Zoë 王",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    assert_eq!(out.matches("Next step:").count(), 6, "{out}");

    // --out writes the same text to a file.
    let file = dir.path().join("summary.txt");
    let o = qoscope(&["summary", path.to_str().unwrap(), "--out", file.to_str().unwrap()]);
    assert!(o.status.success());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), out);
}

#[test]
fn a_clean_meeting_says_so() {
    let mut spec = scenario::small();
    spec.meeting_wide.clear();
    for p in &mut spec.people {
        p.conditions.clear();
        p.joins.truncate(1);
        p.joins[0].to = spec.minutes;
        p.joins[0].leave_reason = "left the meeting. Reason: Host ended the meeting.";
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write_snapshot(dir.path(), &spec);
    assert_eq!(summary_json(&path)["findings"].as_array().unwrap().len(), 0);
    let o = qoscope(&["summary", &path]);
    assert!(text(&o.stdout).contains("No quality problems found"), "{}", text(&o.stdout));
}

#[test]
fn bad_input_gets_a_clear_error_and_exit_code() {
    let o = qoscope(&["summary"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.qoscope.json");
    let o = qoscope(&["summary", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.starts_with("qoscope: ") && err.contains("nope.qoscope.json"), "{err}");
    let o = qoscope(&["summary", missing.to_str().unwrap(), "--bogus"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn names_cannot_smuggle_terminal_controls_into_the_text() {
    let mut spec = scenario::small();
    spec.people[1].name = "Sam \u{1b}[2J\u{202e}evil".to_owned();
    let dir = tempfile::tempdir().unwrap();
    let path = write_snapshot(dir.path(), &spec);
    let out = text(&qoscope(&["summary", &path]).stdout);
    assert!(!out.contains('\u{1b}') && !out.contains('\u{202e}'), "{out:?}");
    assert!(out.contains("Sam \u{FFFD}[2J\u{FFFD}evil"), "{out}");
}

/// The demo meeting with Zoom's verdicts changed in its participants list: `(user_name, key,
/// value)` per change (the first join of that name).
fn demo_with_zoom_verdicts(dir: &Path, changes: &[(&str, &str, &str)]) -> String {
    let mut doc: Value = serde_json::from_str(qoscope_sim::DEMO_SNAPSHOT_JSON).unwrap();
    let page = doc["exchanges"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e["kind"] == "participants_page")
        .expect("the demo has a participants list");
    for (name, key, value) in changes {
        let entry = page["body"]["participants"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|p| p["user_name"] == *name)
            .unwrap_or_else(|| panic!("{name} is in the demo's participants list"));
        entry[*key] = Value::from(*value);
    }
    let path = dir.join("verdicts.qoscope.json");
    std::fs::write(&path, serde_json::to_string(&doc).unwrap()).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn json_participants_carry_zooms_verdicts_after_the_existing_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_with_zoom_verdicts(dir.path(), &[("Lena Fischer", "video_quality", "Superb <b>")]);
    let doc = summary_json(&path);
    let participants = doc["participants"].as_array().unwrap();
    for p in participants {
        let keys: Vec<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["user_id", "user_name", "worst", "minutes_warning", "minutes_poor", "zoom_quality"]);
        let q = p["zoom_quality"].as_object().unwrap();
        assert_eq!(q.keys().map(String::as_str).collect::<Vec<_>>(), ["audio", "video", "screen_share"]);
        for v in q.values() {
            assert!(v.is_null() || matches!(v.as_str(), Some("good" | "fair" | "poor" | "bad")), "{p}");
        }
    }
    let of = |name: &str| &participants.iter().find(|p| p["user_name"] == name).unwrap()["zoom_quality"];
    assert_eq!(of("Priya Raman"), &serde_json::json!({"audio": "fair", "video": "fair", "screen_share": "good"}));
    assert_eq!(of("Caller 555-0100"), &serde_json::json!({"audio": "fair", "video": null, "screen_share": null}));
    assert!(of("Lena Fischer")["video"].is_null(), "a word outside Zoom's four is no verdict, never kept as text");
}

#[test]
fn text_marks_where_zoom_contradicts_qoscope() {
    let dir = tempfile::tempdir().unwrap();
    let o = qoscope(&["summary", &demo_with_zoom_verdicts(dir.path(), &[])]);
    assert!(!text(&o.stdout).contains('≠'), "the demo's verdicts agree with QoScope's:\n{}", text(&o.stdout));
    // Zoë's downlink was poor for minutes; Zoom calling her audio GOOD is a contradiction.
    let path = demo_with_zoom_verdicts(dir.path(), &[("Zoë 王", "audio_quality", "GOOD")]);
    let o = qoscope(&["summary", &path]);
    let out = text(&o.stdout);
    let marked: Vec<&str> = out.lines().filter(|l| l.trim_start().starts_with('≠')).collect();
    assert_eq!(marked, ["  ≠ Zoë 王: audio: Zoom: good · QoScope: poor ≠"], "{out}");
    assert!(out.contains("Zoom's own verdict contradicts QoScope's"), "{out}");
}

#[test]
fn a_cause_that_hit_many_people_stays_short() {
    // Everyone's uplink and downlink at minutes 52–56: one cause, 40 people.
    let spec = scenario::large(40, 1);
    let dir = tempfile::tempdir().unwrap();
    let path = write_snapshot(dir.path(), &spec);
    let o = qoscope(&["summary", &path]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("Also affected:") && l.contains(" more — see"))
        .unwrap_or_else(|| panic!("a cause with more than ten others is cut short:\n{out}"));
    let names = line.trim_start().trim_start_matches("Also affected: ").split(", ").count();
    assert_eq!(names, 11, "ten names and 'and N more': {line}");
    assert!(line.contains("`qoscope summary --json` or the PDF report's appendix"), "{line}");
    assert!(out.contains("of 40 participants affected"), "{out}");
    assert!(out.lines().all(|l| l.chars().count() < 600), "no paragraph of names");
}

#[test]
fn feedback_names_who_rated_the_meeting_badly_with_the_causes_about_them() {
    // Issue #17: the demo's thumbs-down is Aiko's, linked to her weak Wi-Fi.
    let dir = tempfile::tempdir().unwrap();
    let path = write_snapshot(dir.path(), &scenario::demo());
    let json = summary_json(&path);
    let feedback = json["feedback"].as_array().expect("summary --json has feedback");
    assert_eq!(feedback.len(), 1, "{feedback:?}");
    let aiko = &feedback[0];
    let keys: Vec<&str> = aiko.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["user_name", "email", "quality", "comment", "date_time", "cause_ids"]);
    assert_eq!(aiko["user_name"], "Aiko Tanaka");
    assert_eq!(aiko["email"], "aiko.tanaka@example.com");
    assert_eq!(aiko["quality"], "NOT GOOD");
    let causes: Vec<&str> = aiko["cause_ids"].as_array().unwrap().iter().filter_map(|c| c.as_str()).collect();
    let findings = json["findings"].as_array().unwrap();
    assert!(causes.iter().any(|c| c.starts_with("wifi:")), "{causes:?}");
    assert!(causes.iter().all(|c| findings.iter().any(|f| f["cause_id"] == *c)), "every cause id is a finding's");
    let o = qoscope(&["summary", &path]);
    let out = text(&o.stdout);
    assert!(out.contains("Aiko Tanaka rated the meeting badly"), "{out}");
    assert!(out.contains("QoScope found weak wi-fi at 10:12"), "{out}");
    // A snapshot without feedback (older files, feedback switched off) has an empty list.
    let json = summary_json(&write_snapshot(dir.path(), &scenario::small()));
    assert_eq!(json["feedback"], serde_json::json!([]));
}

#[test]
fn the_demo_names_tom_beckers_video_over_tcp_as_udp_blocked() {
    // Issue #18: Tom Becker's video falls back to TCP behind a firewall; the finding is about
    // him alone, a warning, with a next step for the network team.
    let dir = tempfile::tempdir().unwrap();
    let path = write_snapshot(dir.path(), &scenario::demo());
    let doc = summary_json(&path);
    let findings = doc["findings"].as_array().unwrap();
    let udp: Vec<&Value> = findings.iter().filter(|f| f["kind"] == "udp_blocked").collect();
    assert_eq!(udp.len(), 1, "{udp:?}");
    let f = udp[0];
    assert_eq!(
        (f["participant"]["user_name"].as_str(), f["culprit"]["user_name"].as_str()),
        (Some("Tom Becker"), Some("Tom Becker"))
    );
    assert_eq!(f["severity"], "warning");
    let streams: Vec<&str> = f["streams"].as_array().unwrap().iter().filter_map(|s| s.as_str()).collect();
    assert!(!streams.is_empty() && streams.iter().all(|s| s.starts_with("video_")), "{streams:?}");
    assert!(f["next_step"].as_str().unwrap().contains("UDP to Zoom's IP ranges on ports 8801–8810"), "{f}");
}
