//! What the diagnosis benchmarks share: writing their own section of `docs/benchmarks.md`.

use std::path::{Path, PathBuf};

/// Replaces the section that starts with `heading` in docs/benchmarks.md (or appends it).
pub fn write_section(heading: &str, report: &str) -> std::io::Result<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let path = root.canonicalize().unwrap_or(root).join("docs/benchmarks.md");
    let old = std::fs::read_to_string(&path)?;
    let new = match old.find(heading) {
        Some(start) => {
            let after = start + heading.len();
            let end = old[after..].find("\n## ").map_or(old.len(), |i| after + i + 1);
            format!("{}{}{}", &old[..start], report, &old[end..])
        }
        None => format!("{}\n{}", old.trim_end_matches('\n').to_owned() + "\n", report),
    };
    std::fs::write(&path, new)?;
    Ok(path)
}
