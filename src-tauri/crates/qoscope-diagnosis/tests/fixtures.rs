//! The hand-written fixtures of `tests/fixtures/diagnosis/` (repository root): small snapshot
//! files written by hand, not by the simulator, one or more per rule edge. Each
//! `NAME.qoscope.json` has a `NAME.expect` listing exactly the findings the diagnosis must make
//! (`kind participant culprit|- HH:MM HH:MM`, UTC), and nothing else.

use qoscope_diagnosis::{analyze, Thresholds};
use qoscope_snapshot::Snapshot;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures/diagnosis")
}

/// The findings of a fixture as `.expect` lines, sorted.
fn findings_of(path: &std::path::Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let snapshot = Snapshot::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let meeting = snapshot.meeting().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(meeting.issues.is_empty(), "{}: {:?}", path.display(), meeting.issues);
    let mut lines: Vec<String> = analyze(&meeting, &Thresholds::default())
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {} {}",
                f.kind.key(),
                f.participant.user_id,
                f.culprit.as_ref().map_or("-", |c| c.user_id.as_str()),
                f.start.format("%H:%M"),
                f.end.format("%H:%M")
            )
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn every_hand_written_fixture_gives_exactly_its_expected_findings() {
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir()).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        let Some(name) = path.file_name().and_then(|n| n.to_str()).and_then(|n| n.strip_suffix(".qoscope.json")) else {
            continue;
        };
        let expect_path = path.with_file_name(format!("{name}.expect"));
        let expected_text =
            std::fs::read_to_string(&expect_path).unwrap_or_else(|_| panic!("{name}.expect is missing"));
        let mut expected: Vec<String> =
            expected_text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
        expected.sort();
        let got = findings_of(&path);
        if got != expected {
            failures.push(format!("{name}:\n  expected {expected:#?}\n  got      {got:#?}"));
        }
        checked += 1;
    }
    assert!(checked >= 6, "only {checked} fixtures found in {}", dir().display());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
