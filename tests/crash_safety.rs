//! Crash safety: killing `qoscope` (SIGKILL) while it writes an export or a snapshot leaves the
//! previous file or the new one, byte for byte, never a torn file. One test kills a writer that
//! is provably mid-write (held at the pause point just before the rename); the others kill at
//! random moments and count how many runs had not finished.

use qoscope_sim::scenario;
use qoscope_snapshot::{Request, Source, SourceKind};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn qoscope(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qoscope"));
    cmd.args(args).stdout(Stdio::null()).stderr(Stdio::null());
    cmd
}

/// A small seeded generator for the kill moments (no dependency needed).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

fn write_snapshot(dir: &Path, spec: &qoscope_sim::generator::MeetingSpec) -> PathBuf {
    let path = dir.join(format!("{}.qoscope.json", spec.meeting_number));
    spec.generate()
        .to_snapshot(
            "test",
            Source { kind: SourceKind::Simulator, profile: None, api_base: None },
            Request { meeting: spec.meeting_number.to_string(), qos_type: "past".into(), webinar: false },
            spec.start,
        )
        .save(&path)
        .unwrap();
    path
}

/// Runs `args_for(out)` to completion once per variant to learn the expected bytes and how long
/// a write takes, then kills writers at random moments and checks `out` after each kill.
fn kill_while_writing(name: &str, variants: [Vec<String>; 2], out: &Path, kills: usize, seed: u64) {
    let mut expected = Vec::new();
    let mut longest = Duration::ZERO;
    for args in &variants {
        let started = Instant::now();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert!(qoscope(&args).status().unwrap().success(), "{name}: {args:?}");
        longest = longest.max(started.elapsed());
        expected.push(std::fs::read(out).unwrap());
    }
    assert_ne!(expected[0], expected[1], "{name}: the two variants must differ");
    let mut rng = Lcg(seed);
    let (mut mid_write, mut finished) = (0, 0);
    for i in 0..kills {
        let args: Vec<&str> = variants[i % 2].iter().map(String::as_str).collect();
        let mut child = qoscope(&args).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(rng.below(longest.as_micros() as u64 + 1)));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            finished += 1
        } else {
            mid_write += 1
        }
        let now = std::fs::read(out).unwrap();
        assert!(
            now == expected[0] || now == expected[1],
            "{name}: kill {i} left a torn file of {} bytes (expected {} or {})",
            now.len(),
            expected[0].len(),
            expected[1].len()
        );
    }
    // "While running" is not proof of "while writing": the test below proves that one.
    println!("{name}: {kills} kills ({mid_write} while running, {finished} after it finished), no torn file");
    assert!(mid_write > kills / 4, "{name}: too few kills landed while running ({mid_write})");
}

#[test]
fn killing_an_export_leaves_the_old_or_the_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let large = write_snapshot(dir.path(), &scenario::large(120, 3));
    let small = write_snapshot(dir.path(), &scenario::small());
    let out = dir.path().join("report.json");
    let args = |snap: &Path| -> Vec<String> {
        ["export", snap.to_str().unwrap(), "--format", "json", "--out", out.to_str().unwrap()]
            .map(str::to_owned)
            .to_vec()
    };
    kill_while_writing("export json", [args(&large), args(&small)], &out, 30, 7);
}

#[test]
fn killing_a_snapshot_write_leaves_the_old_or_the_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let large = write_snapshot(dir.path(), &scenario::large(120, 4));
    let out = dir.path().join("meeting.qoscope.json");
    // `qoscope demo --out` writes a snapshot file; a summary of a large meeting, written over it,
    // is the other variant (both go through the same atomic writer the app uses).
    let demo: Vec<String> = ["demo", "--out", out.to_str().unwrap()].map(str::to_owned).to_vec();
    let summary: Vec<String> =
        ["summary", large.to_str().unwrap(), "--json", "--out", out.to_str().unwrap()].map(str::to_owned).to_vec();
    kill_while_writing("snapshot / summary", [demo, summary], &out, 30, 11);
}

#[test]
fn a_writer_killed_just_before_the_rename_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let large = write_snapshot(dir.path(), &scenario::large(60, 5));
    let small = write_snapshot(dir.path(), &scenario::small());
    let out = dir.path().join("report.json");
    let export = |snap: &Path| {
        let mut cmd = qoscope(&["export", snap.to_str().unwrap(), "--format", "json", "--out", out.to_str().unwrap()]);
        cmd.env_remove(qoscope_snapshot::PAUSE_BEFORE_RENAME);
        cmd
    };
    assert!(export(&small).status().unwrap().success());
    let old = std::fs::read(&out).unwrap();

    let marker = dir.path().join("paused");
    let mut writer = export(&large);
    writer.env(qoscope_snapshot::PAUSE_BEFORE_RENAME, &marker);
    let mut child = writer.spawn().unwrap();
    let started = Instant::now();
    while !marker.exists() {
        assert!(started.elapsed() < Duration::from_secs(120), "the writer never reached the pause point");
        assert!(child.try_wait().unwrap().is_none(), "the writer exited before reaching the pause point");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Proof that the kill lands mid-write: the complete temp file sits beside the target.
    let prefix = qoscope_snapshot::leftover_prefix(out.file_name().unwrap());
    let temps: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(&prefix))
        .collect();
    assert_eq!(temps.len(), 1, "one temp file being written: {temps:?}");
    assert!(std::fs::metadata(&temps[0]).unwrap().len() > old.len() as u64, "the temp file holds the new export");
    child.kill().unwrap();
    assert!(!child.wait().unwrap().success());
    assert_eq!(std::fs::read(&out).unwrap(), old, "the old export must survive a kill before the rename");
}
