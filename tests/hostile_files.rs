//! Crafted snapshot files run through the built `qoscope` under an address-space limit: every
//! command ends with a clear error or a result, never by a signal (an allocation failure aborts
//! with SIGABRT), and a FIFO or `/dev/zero` is refused instead of read forever.
#![cfg(target_os = "linux")]

use serde_json::Value;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The address space each run may use. The binary maps the Tauri/WebKit libraries it links
/// (without starting them) and a few thread stacks; the rest is the command's working memory.
const ADDRESS_SPACE_BYTES: u64 = 2 << 30;

/// `qoscope args…` under the address-space limit: `prlimit` (util-linux) when present, else the
/// shell's `ulimit -v`.
fn limited(args: &[&str]) -> Command {
    let bin = env!("CARGO_BIN_EXE_qoscope");
    let has_prlimit = Command::new("prlimit").arg("--version").output().is_ok_and(|o| o.status.success());
    if has_prlimit {
        let mut cmd = Command::new("prlimit");
        cmd.arg(format!("--as={ADDRESS_SPACE_BYTES}")).arg("--").arg(bin).args(args);
        cmd
    } else {
        let mut cmd = Command::new("sh");
        cmd.arg("-c").arg(format!("ulimit -v {}; exec \"$0\" \"$@\"", ADDRESS_SPACE_BYTES / 1024)).arg(bin).args(args);
        cmd
    }
}

/// The demo meeting with one participant's first sample on 0001-01-01 and last on 9999-12-31:
/// the file that made `summary` and `export --format png` abort.
fn ten_thousand_years(dir: &Path) -> PathBuf {
    let mut doc: Value = serde_json::from_str(qoscope_sim::DEMO_SNAPSHOT_JSON).unwrap();
    let page = doc["exchanges"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e["kind"] == "qos_page")
        .expect("the demo has a QoS page");
    let samples = page["body"]["participants"][0]["user_qos"].as_array_mut().unwrap();
    samples.first_mut().unwrap()["date_time"] = "0001-01-01T00:00:00Z".into();
    samples.last_mut().unwrap()["date_time"] = "9999-12-31T23:59:00Z".into();
    let path = dir.join("ten-thousand-years.qoscope.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    path
}

fn assert_clean_exit(what: &str, out: &Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.signal().is_none(), "{what}: killed by signal {:?}; stderr: {stderr}", out.status.signal());
    assert!(out.status.success() || !stderr.trim().is_empty(), "{what}: failed without a message");
}

#[test]
fn a_file_spanning_ten_thousand_years_summarises_and_exports_within_the_memory_limit() {
    let dir = tempfile::tempdir().unwrap();
    let file = ten_thousand_years(dir.path());
    let file = file.to_str().unwrap();
    let out = limited(&["summary", file]).output().unwrap();
    assert_clean_exit("summary", &out);
    assert!(out.status.success(), "summary: {}", String::from_utf8_lossy(&out.stderr));
    for format in ["png", "svg", "pdf", "csv", "json"] {
        let target = dir.path().join(format!("out.{format}"));
        let out = limited(&["export", file, "--format", format, "--out", target.to_str().unwrap()]).output().unwrap();
        assert_clean_exit(format, &out);
        assert!(out.status.success(), "export {format}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let json = std::fs::read_to_string(dir.path().join("out.json")).unwrap();
    assert!(json.contains("outside the meeting's time"), "the dropped samples are listed as data issues");
}

#[test]
fn a_fifo_and_dev_zero_are_refused_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.qoscope.json");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let zero = dir.path().join("zero.qoscope.json");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    for path in [&fifo, &zero] {
        let out = limited(&["summary", path.to_str().unwrap()]).output().unwrap();
        assert_clean_exit("summary", &out);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("not a regular file"), "{}: {stderr}", path.display());
    }
}
