//! Retention of saved investigations: they hold personal data (names, IP addresses, locations,
//! device names), so Settings can have them deleted once they are older than N days (off by
//! default). The app applies the rule at start, when the setting changes and after each save.
//!
//! "Older" is measured by the snapshot file's modification time: when it was saved on this
//! computer or last refreshed (a live meeting's auto-refresh rewrites it), not when the meeting
//! took place — an imported old snapshot gets its full N days. Snapshot files the index does not
//! list (an index lost in a crash) and leftover temp files of interrupted writes are swept by the
//! same rule: they hold the same data.

use crate::error::ApiError;
use crate::investigations::{InvestigationStore, SNAPSHOT_SUFFIX};
use std::ops::RangeInclusive;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// The retention periods Settings accepts, in days (up to ten years).
pub const RETENTION_DAYS: RangeInclusive<u32> = 1..=3650;

const DAY: Duration = Duration::from_secs(24 * 60 * 60);

/// Whether a file last written at `modified` is older than `days` at `now`. A time in the future
/// (a clock that was wrong) is not old.
pub fn is_expired(modified: SystemTime, now: SystemTime, days: u32) -> bool {
    now.duration_since(modified).is_ok_and(|age| age > DAY * days)
}

/// Whether `name` is a file the investigations directory's writes leave behind when interrupted:
/// hidden and ending in `.tmp` (`.<id>.qoscope.json.<pid>.tmp`), or a `tempfile` name (`.tmp…`).
pub fn is_leftover_temp(name: &str) -> bool {
    name.starts_with('.') && (name.ends_with(".tmp") || name.starts_with(".tmp"))
}

/// What a retention sweep deleted.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SweepReport {
    /// Investigations whose snapshot file was deleted (listed or not), by id.
    pub deleted: Vec<String>,
    /// Leftover temp files deleted.
    pub temp_files: usize,
}

/// Deletes every saved investigation older than `days` at `now` (see the module doc), and
/// their index entries. A file that cannot be deleted is an error naming it; files deleted before
/// it stay deleted and the index is updated for them.
pub fn sweep(store: &InvestigationStore, days: u32, now: SystemTime) -> Result<SweepReport, ApiError> {
    store.delete_where(|path, name| {
        let is_snapshot = name.ends_with(SNAPSHOT_SUFFIX) && !name.starts_with('.');
        (is_snapshot || is_leftover_temp(name)) && modified(path).is_some_and(|m| is_expired(m, now, days))
    })
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::symlink_metadata(path).ok().filter(|m| m.is_file()).and_then(|m| m.modified().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::investigations::INDEX_FILE;
    use std::fs::File;

    fn demo() -> qoscope_snapshot::Snapshot {
        qoscope_sim::demo_snapshot().unwrap()
    }

    fn age(path: &Path, now: SystemTime, days: u32) {
        File::options().write(true).open(path).unwrap().set_modified(now - DAY * days).unwrap();
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn expiry_is_strictly_older_than_n_days_and_future_times_are_kept() {
        let now = SystemTime::UNIX_EPOCH + DAY * 1000;
        assert!(!is_expired(now - DAY * 30, now, 30), "exactly 30 days old is kept");
        assert!(is_expired(now - DAY * 30 - Duration::from_secs(1), now, 30));
        assert!(!is_expired(now + DAY, now, 1), "a file from the future is not old");
    }

    #[test]
    fn investigations_older_than_the_limit_are_deleted_from_disk_and_index() {
        let dir = tempfile::tempdir().unwrap();
        let store = InvestigationStore::new(dir.path());
        let old = store.save(&demo()).unwrap();
        let recent = store.save(&demo()).unwrap();
        let now = SystemTime::now();
        age(&dir.path().join(format!("{}{SNAPSHOT_SUFFIX}", old.id)), now, 31);
        age(&dir.path().join(format!("{}{SNAPSHOT_SUFFIX}", recent.id)), now, 29);
        // An orphan (the index lost it) and a crash's leftover temp file, both old.
        let orphan = dir.path().join(format!("20200101T000000{SNAPSHOT_SUFFIX}"));
        demo().save(&orphan).unwrap();
        age(&orphan, now, 400);
        let leftover = dir.path().join(format!(".{}{SNAPSHOT_SUFFIX}.4242.tmp", recent.id));
        std::fs::write(&leftover, demo().to_json()).unwrap();
        age(&leftover, now, 40);

        let report = sweep(&store, 30, now).unwrap();
        let mut deleted = report.deleted.clone();
        deleted.sort();
        assert_eq!(deleted, vec!["20200101T000000".to_owned(), old.id.clone()]);
        assert_eq!(report.temp_files, 1);
        assert_eq!(names(dir.path()), vec![format!("{}{SNAPSHOT_SUFFIX}", recent.id), INDEX_FILE.to_owned()]);
        assert_eq!(store.list().iter().map(|s| s.id.clone()).collect::<Vec<_>>(), vec![recent.id.clone()]);
        let index = std::fs::read_to_string(dir.path().join(INDEX_FILE)).unwrap();
        assert!(!index.contains(&format!("\"{}\"", old.id)), "the index forgets the deleted one too");

        assert_eq!(sweep(&store, 30, now).unwrap(), SweepReport::default(), "a second sweep finds nothing");
    }

    #[test]
    fn a_missing_directory_is_nothing_to_sweep() {
        let dir = tempfile::tempdir().unwrap();
        let store = InvestigationStore::new(dir.path().join("never-created"));
        assert_eq!(sweep(&store, 1, SystemTime::now()).unwrap(), SweepReport::default());
    }
}
