//! What the qoscope-api benchmarks share: writing their section of `docs/benchmarks.md` and the
//! machine's load at the end of a run.

use std::path::Path;

/// Replaces (or appends) the section under `heading` in `docs/benchmarks.md` through
/// `scripts/replace-benchmark-section.mjs`, so every benchmark edits the file the same way.
pub fn write_section(heading: &str, section: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let status = std::process::Command::new("node")
        .args(["scripts/replace-benchmark-section.mjs", heading])
        .current_dir(&root)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write as _;
            child.stdin.take().expect("stdin").write_all(section.as_bytes())?;
            child.wait()
        });
    match status {
        Ok(s) if s.success() => eprintln!("wrote \"{heading}\" in docs/benchmarks.md"),
        _ => eprintln!("could not write docs/benchmarks.md (needs node)"),
    }
}

/// The 1-minute load average (other work on the machine slows every step alike).
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "n/a".to_owned())
}
