//! Saved investigations: every fetched (or imported) snapshot as a file
//! `<dir>/<id>.qoscope.json`, with an index (`index.json`) holding each one's display name and
//! a summary for the list, so the list never has to parse every snapshot.
//!
//! Renaming changes the display name only, never the raw data. Files are written atomically; an
//! index entry whose file is gone is dropped from the list.

use crate::error::{ApiError, ErrorCode};
use crate::retention;
use chrono::{SecondsFormat, Utc};
use qoscope_snapshot::{write_atomically, Snapshot, SourceKind};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use ts_rs::TS;

/// The index file in the investigations directory.
pub const INDEX_FILE: &str = "index.json";
/// Every snapshot file name ends with this.
pub const SNAPSHOT_SUFFIX: &str = ".qoscope.json";
/// The longest display name accepted.
pub const MAX_NAME_CHARS: usize = 120;

/// One saved investigation, as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InvestigationSummary {
    /// The file's stable id (its name without the suffix).
    pub id: String,
    /// What the user called it (initially the meeting's topic and start).
    pub name: String,
    /// The meeting's topic as Zoom reported it (untrusted text).
    pub topic: Option<String>,
    pub meeting_number: Option<String>,
    /// RFC 3339 UTC.
    pub start_time: Option<String>,
    /// Distinct people in the data.
    pub person_count: u32,
    /// When the data was fetched (RFC 3339 UTC).
    pub fetched_at: String,
    /// False when the fetch stopped early (cancelled, daily limit…): the data is partial.
    pub complete: bool,
    /// `zoom`, `simulator` or `demo`.
    pub source: String,
    /// The profile used (never a credential).
    pub profile: Option<String>,
}

/// What an import (Open dialog or files dropped on the window) did, file by file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct ImportReport {
    /// The investigations created, in the order of the files.
    pub imported: Vec<InvestigationSummary>,
    /// One error per file that could not be imported, saying which and why.
    pub errors: Vec<ApiError>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Index {
    #[serde(default)]
    investigations: Vec<InvestigationSummary>,
}

/// The investigations directory. One process-wide lock keeps index updates from losing each other.
pub struct InvestigationStore {
    dir: PathBuf,
    lock: Mutex<()>,
}

pub(crate) fn io_error(what: &str, path: &Path, e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Io, format!("Could not {what} {}: {e}", path.display()))
}

fn not_found(id: &str) -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        format!("There is no saved investigation “{id}” any more; it may have been deleted. Refresh the list."),
    )
}

/// Ids are generated here: a timestamp and a counter, letters, digits and `-` only.
pub(crate) fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 80 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// The summary of a snapshot; `name` defaults to "topic — start".
pub fn summarize(id: &str, snapshot: &Snapshot) -> Result<InvestigationSummary, ApiError> {
    let meeting = snapshot.meeting()?;
    let info = &meeting.info;
    let start = info.start_time.or(meeting.time_range().map(|r| r.0));
    let topic = info.topic.clone().filter(|t| !t.trim().is_empty());
    let title = topic.clone().unwrap_or_else(|| format!("Meeting {}", snapshot.request.meeting));
    let name = match start {
        Some(t) => format!("{title} — {}", t.format("%Y-%m-%d %H:%M UTC")),
        None => title,
    };
    Ok(InvestigationSummary {
        id: id.to_owned(),
        name: clip(&name),
        topic,
        meeting_number: info.meeting_number.clone(),
        start_time: start.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)),
        person_count: meeting.persons.len() as u32,
        fetched_at: snapshot.created_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        complete: snapshot.complete,
        source: match snapshot.source.kind {
            SourceKind::Zoom => "zoom",
            SourceKind::Simulator => "simulator",
            SourceKind::Demo => "demo",
        }
        .to_owned(),
        profile: snapshot.source.profile.clone(),
    })
}

pub(crate) fn clip(name: &str) -> String {
    let one_line: String = name.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    one_line.trim().chars().take(MAX_NAME_CHARS).collect()
}

impl InvestigationStore {
    /// A store in `dir` (created on first save).
    pub fn new(dir: impl Into<PathBuf>) -> InvestigationStore {
        InvestigationStore { dir: dir.into(), lock: Mutex::new(()) }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path_of(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}{SNAPSHOT_SUFFIX}"))
    }

    fn read_index(&self) -> Index {
        // The index is small; a bound keeps a planted FIFO or device from hanging the list.
        qoscope_snapshot::read_bounded(&self.dir.join(INDEX_FILE), qoscope_snapshot::MAX_FILE_BYTES)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    fn write_index(&self, index: &Index) -> Result<(), ApiError> {
        let path = self.dir.join(INDEX_FILE);
        let text = serde_json::to_string_pretty(index)
            .map_err(|e| ApiError::new(ErrorCode::Internal, format!("the investigations index: {e}")))?;
        write_atomically(&path, text.as_bytes()).map_err(|e| io_error("write", &path, e))
    }

    fn guard(&self) -> std::sync::MutexGuard<'_, ()> {
        self.lock.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Every saved investigation whose file exists, newest fetch first.
    pub fn list(&self) -> Vec<InvestigationSummary> {
        let _guard = self.guard();
        let mut list: Vec<InvestigationSummary> =
            self.read_index().investigations.into_iter().filter(|s| self.path_of(&s.id).is_file()).collect();
        list.sort_by(|a, b| b.fetched_at.cmp(&a.fetched_at).then_with(|| b.id.cmp(&a.id)));
        list
    }

    /// Saves a snapshot as a new investigation.
    pub fn save(&self, snapshot: &Snapshot) -> Result<InvestigationSummary, ApiError> {
        let _guard = self.guard();
        std::fs::create_dir_all(&self.dir).map_err(|e| io_error("create", &self.dir, e))?;
        let stamp = Utc::now().format("%Y%m%dT%H%M%S").to_string();
        let id = (1u32..)
            .map(|n| if n == 1 { stamp.clone() } else { format!("{stamp}-{n}") })
            .find(|id| !self.path_of(id).exists())
            .unwrap_or(stamp);
        let summary = summarize(&id, snapshot)?;
        snapshot.save(&self.path_of(&id))?;
        let mut index = self.read_index();
        index.investigations.retain(|s| s.id != id);
        index.investigations.push(summary.clone());
        self.write_index(&index)?;
        Ok(summary)
    }

    /// Replaces a saved investigation's data with a newer fetch of the same meeting (a live
    /// meeting's auto-refresh), keeping its display name.
    pub fn replace(&self, id: &str, snapshot: &Snapshot) -> Result<InvestigationSummary, ApiError> {
        if !valid_id(id) {
            return Err(not_found(id));
        }
        let _guard = self.guard();
        let mut index = self.read_index();
        let entry = index.investigations.iter_mut().find(|s| s.id == id).ok_or_else(|| not_found(id))?;
        let summary = InvestigationSummary { name: entry.name.clone(), ..summarize(id, snapshot)? };
        snapshot.save(&self.path_of(id))?;
        *entry = summary.clone();
        self.write_index(&index)?;
        Ok(summary)
    }

    /// Reads a saved investigation's snapshot.
    pub fn open(&self, id: &str) -> Result<Snapshot, ApiError> {
        if !valid_id(id) || !self.path_of(id).is_file() {
            return Err(not_found(id));
        }
        Ok(Snapshot::load(&self.path_of(id))?)
    }

    /// Changes the display name (the data is untouched).
    pub fn rename(&self, id: &str, name: &str) -> Result<InvestigationSummary, ApiError> {
        let name = clip(name);
        if name.is_empty() {
            return Err(ApiError::new(ErrorCode::InvalidInput, "Enter a name for the investigation."));
        }
        let _guard = self.guard();
        let mut index = self.read_index();
        let entry = index.investigations.iter_mut().find(|s| s.id == id).ok_or_else(|| not_found(id))?;
        entry.name = name;
        let updated = entry.clone();
        self.write_index(&index)?;
        Ok(updated)
    }

    /// Deletes an investigation for real: its file, any leftover temp file of an interrupted
    /// write of it, and its index entry (which holds its name and topic).
    pub fn delete(&self, id: &str) -> Result<(), ApiError> {
        if !valid_id(id) {
            return Err(not_found(id));
        }
        let _guard = self.guard();
        let mut index = self.read_index();
        let before = index.investigations.len();
        index.investigations.retain(|s| s.id != id);
        let had_file = remove_file(&self.path_of(id))?;
        let leftover_prefix =
            qoscope_snapshot::leftover_prefix(std::ffi::OsStr::new(&format!("{id}{SNAPSHOT_SUFFIX}")));
        for name in self.file_names() {
            if name.starts_with(&leftover_prefix) && retention::is_leftover_temp(&name) {
                remove_file(&self.dir.join(&name))?;
            }
        }
        if !had_file && index.investigations.len() == before {
            return Err(not_found(id));
        }
        self.write_index(&index)
    }

    /// The names of the files in the directory (none when it does not exist yet).
    fn file_names(&self) -> Vec<String> {
        std::fs::read_dir(&self.dir)
            .map(|entries| entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default()
    }

    /// Deletes every file `(path, name)` selects (never the index), and the index entries of the
    /// snapshots among them: the retention sweep ([`retention::sweep`]).
    pub(crate) fn delete_where(
        &self,
        select: impl Fn(&Path, &str) -> bool,
    ) -> Result<retention::SweepReport, ApiError> {
        let _guard = self.guard();
        let mut report = retention::SweepReport::default();
        let mut result = Ok(());
        for name in self.file_names() {
            let path = self.dir.join(&name);
            if name == INDEX_FILE || !select(&path, &name) {
                continue;
            }
            if let Err(e) = remove_file(&path) {
                result = Err(e);
                break;
            }
            match name.strip_suffix(SNAPSHOT_SUFFIX).filter(|id| valid_id(id)) {
                Some(id) if !name.starts_with('.') => report.deleted.push(id.to_owned()),
                _ => report.temp_files += 1,
            }
        }
        if !report.deleted.is_empty() {
            let mut index = self.read_index();
            index.investigations.retain(|s| !report.deleted.contains(&s.id));
            self.write_index(&index)?;
        }
        result.map(|()| report)
    }

    /// Imports several files; each succeeds or fails on its own.
    pub fn import_all(&self, paths: &[PathBuf]) -> ImportReport {
        let mut report = ImportReport::default();
        for path in paths {
            match self.import(path) {
                Ok(summary) => report.imported.push(summary),
                Err(e) => report.errors.push(e),
            }
        }
        report
    }

    /// Imports a snapshot file (a copy is saved; the original is left alone). Foreign, newer,
    /// truncated or damaged files are refused with a message that says which.
    pub fn import(&self, path: &Path) -> Result<InvestigationSummary, ApiError> {
        let snapshot = Snapshot::load(path).map_err(|e| {
            let api = ApiError::from(e);
            ApiError::new(api.code, format!("{} cannot be imported: {}", file_name(path), api.message))
        })?;
        self.save(&snapshot)
    }
}

/// Removes a file; `false` when there was none.
pub(crate) fn remove_file(path: &Path) -> Result<bool, ApiError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(io_error("delete", path, e)),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Snapshot {
        qoscope_sim::demo_snapshot().unwrap()
    }

    #[test]
    fn saved_investigations_are_listed_reopened_renamed_and_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let store = InvestigationStore::new(dir.path().join("investigations"));
        assert!(store.list().is_empty());
        let first = store.save(&demo()).unwrap();
        let second = store.save(&demo()).unwrap();
        assert_ne!(first.id, second.id);
        assert!(first.name.contains("2026-11-24"), "{}", first.name);
        assert_eq!(store.list().len(), 2);
        let reopened = store.open(&first.id).unwrap();
        assert_eq!(reopened.to_json(), demo().to_json());

        let renamed = store.rename(&first.id, "  Ticket 4711\n (Ana) ").unwrap();
        assert_eq!(renamed.name, "Ticket 4711  (Ana)");
        assert_eq!(store.list().iter().find(|s| s.id == first.id).unwrap().name, "Ticket 4711  (Ana)");
        assert_eq!(store.open(&first.id).unwrap().to_json(), demo().to_json(), "rename keeps the raw data");
        assert_eq!(store.rename(&first.id, "   ").unwrap_err().code, ErrorCode::InvalidInput);

        let mut newer = demo();
        newer.complete = false;
        let replaced = store.replace(&first.id, &newer).unwrap();
        assert_eq!((replaced.name.as_str(), replaced.complete), ("Ticket 4711  (Ana)", false), "the name is kept");
        assert_eq!(store.list().len(), 2, "replaced, not added");
        assert!(!store.open(&first.id).unwrap().complete);
        assert_eq!(store.replace("nope", &newer).unwrap_err().code, ErrorCode::NotFound);

        store.delete(&first.id).unwrap();
        assert_eq!(store.list().iter().map(|s| s.id.clone()).collect::<Vec<_>>(), vec![second.id.clone()]);
        assert_eq!(store.delete(&first.id).unwrap_err().code, ErrorCode::NotFound);
        assert_eq!(store.open(&first.id).unwrap_err().code, ErrorCode::NotFound);
    }

    #[test]
    fn delete_removes_the_data_from_disk_including_a_crashed_writes_leftover() {
        let dir = tempfile::tempdir().unwrap();
        let store = InvestigationStore::new(dir.path());
        let kept = store.save(&demo()).unwrap();
        let gone = store.save(&demo()).unwrap();
        store.rename(&gone.id, "Ticket 4711 (Lena Fischer)").unwrap();
        // What a crash in the middle of a live refresh of `gone` leaves behind.
        std::fs::write(dir.path().join(format!(".{}{SNAPSHOT_SUFFIX}.4242.tmp", gone.id)), demo().to_json()).unwrap();

        store.delete(&gone.id).unwrap();
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, vec![format!("{}{SNAPSHOT_SUFFIX}", kept.id), INDEX_FILE.to_owned()]);
        let index = std::fs::read_to_string(dir.path().join(INDEX_FILE)).unwrap();
        assert!(!index.contains(&gone.id) && !index.contains("Lena Fischer"), "the index forgets it: {index}");
    }

    #[test]
    fn ids_cannot_reach_outside_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        let store = InvestigationStore::new(dir.path());
        for id in ["../x", "a/b", "", ".."] {
            assert_eq!(store.open(id).unwrap_err().code, ErrorCode::NotFound);
            assert_eq!(store.delete(id).unwrap_err().code, ErrorCode::NotFound);
        }
    }

    #[test]
    fn a_file_deleted_behind_the_apps_back_leaves_the_list() {
        let dir = tempfile::tempdir().unwrap();
        let store = InvestigationStore::new(dir.path());
        let saved = store.save(&demo()).unwrap();
        std::fs::remove_file(dir.path().join(format!("{}{SNAPSHOT_SUFFIX}", saved.id))).unwrap();
        assert!(store.list().is_empty());
    }

    #[test]
    fn import_copies_a_snapshot_and_explains_bad_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = InvestigationStore::new(dir.path().join("store"));
        let good = dir.path().join("meeting.qoscope.json");
        demo().save(&good).unwrap();
        let imported = store.import(&good).unwrap();
        assert!(good.exists(), "the original stays");
        assert_eq!(store.list()[0].id, imported.id);

        let truncated = dir.path().join("cut.qoscope.json");
        let text = demo().to_json();
        std::fs::write(&truncated, &text[..text.len() / 2]).unwrap();
        let e = store.import(&truncated).unwrap_err();
        assert_eq!(e.code, ErrorCode::SnapshotUnreadable);
        assert!(e.message.starts_with("cut.qoscope.json cannot be imported"), "{}", e.message);

        let foreign = dir.path().join("notes.json");
        std::fs::write(&foreign, r#"{"hello": "world"}"#).unwrap();
        assert_eq!(store.import(&foreign).unwrap_err().code, ErrorCode::SnapshotUnreadable);

        let newer = dir.path().join("newer.qoscope.json");
        std::fs::write(&newer, text.replacen("\"version\":1", "\"version\":999", 1)).unwrap();
        let e = store.import(&newer).unwrap_err();
        assert_eq!(e.code, ErrorCode::SnapshotUnreadable);
        assert!(e.message.contains("999") || e.message.to_lowercase().contains("newer"), "{}", e.message);
        assert_eq!(store.list().len(), 1);

        let report = store.import_all(&[good.clone(), foreign]);
        assert_eq!((report.imported.len(), report.errors.len()), (1, 1));
        assert!(report.errors[0].message.starts_with("notes.json"), "{}", report.errors[0].message);
    }
}
