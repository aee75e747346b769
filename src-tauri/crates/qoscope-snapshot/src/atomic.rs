//! Atomic file replacement: write a temp file beside the target, flush it to disk, rename.
//!
//! The temp file comes from `tempfile`: a random name created exclusively (`O_EXCL`, so a
//! symlink planted beside the target is never followed) with mode 0600 (snapshots and exports
//! hold personal data; the persisted file keeps that mode).

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to `path` so that a crash leaves either the old file or the new one.
/// How a temp file for `file_name` starts (it ends in `.tmp`): what a crashed write of that
/// file leaves behind, for whoever deletes the file to find.
pub fn leftover_prefix(file_name: &std::ffi::OsStr) -> String {
    format!(".{}.", file_name.to_string_lossy())
}

pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Some(name) = path.file_name() else {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a file path"));
    };
    // `.NAME.XXXXXX.tmp`: a crashed write's leftover names the file it was for, so deleting
    // that file can find it. Dropping the temp file on an error removes it.
    let prefix = leftover_prefix(name);
    let mut tmp = tempfile::Builder::new().prefix(&prefix).suffix(".tmp").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    pause_before_rename_for_tests();
    tmp.persist(path).map_err(|e| e.error)?;
    // Make the rename itself durable (best effort: not every platform can open a directory).
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Crash-safety tests need a write caught in the act: when `QOSCOPE_TEST_PAUSE_BEFORE_RENAME`
/// names a file, the writer creates it once the temp file is complete and synced, then waits
/// (up to a minute) just before the rename, to be killed there. Unset, this costs one `getenv`.
pub const PAUSE_BEFORE_RENAME: &str = "QOSCOPE_TEST_PAUSE_BEFORE_RENAME";

fn pause_before_rename_for_tests() {
    // Debug builds only (the crash-safety test runs cargo's debug binary); release never pauses.
    if !cfg!(debug_assertions) {
        return;
    }
    let Some(marker) = std::env::var_os(PAUSE_BEFORE_RENAME).filter(|m| !m.is_empty()) else { return };
    if std::fs::write(&marker, b"temp file written; about to rename\n").is_ok() {
        std::thread::sleep(std::time::Duration::from_secs(60));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn the_leftover_prefix_names_the_file() {
        assert_eq!(leftover_prefix(std::ffi::OsStr::new("abc.qoscope.json")), ".abc.qoscope.json.");
    }

    #[test]
    fn the_written_file_is_private_and_a_planted_symlink_is_not_followed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("meeting.qoscope.json");
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, b"untouched").unwrap();
        // The temp name the old code used: `.{name}.{pid}.tmp`.
        let planted = dir.path().join(format!(".meeting.qoscope.json.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();

        write_atomically(&target, b"personal data").unwrap();

        assert_eq!(std::fs::read(&target).unwrap(), b"personal data");
        assert_eq!(std::fs::read(&victim).unwrap(), b"untouched", "the symlink was followed");
        assert!(std::fs::symlink_metadata(&target).unwrap().file_type().is_file());
        let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "mode {mode:o}");
    }

    #[test]
    fn a_failed_write_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a-directory");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("x"), b"x").unwrap();
        assert!(write_atomically(&target, b"data").is_err());
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a-directory")]);
    }
}
