//! Saved person histories: every history as a file `<dir>/<id>.qoscope-history.json`, with an
//! index (`index.json`) holding each one's display name and a summary for the list — the same
//! rules as saved investigations ([`crate::investigations`], whose id, name and file helpers
//! this shares): atomic writes, ids that cannot leave the directory, an index entry whose file
//! is gone dropped from the list, delete removing a crashed write's leftover too.

use crate::error::{ApiError, ErrorCode};
use crate::investigations::{clip, io_error, remove_file, valid_id, INDEX_FILE};
use crate::retention;
use chrono::{SecondsFormat, Utc};
use qoscope_snapshot::{write_atomically, History, HistoryError, SourceKind};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use ts_rs::TS;

/// Every history file name ends with this.
pub const HISTORY_SUFFIX: &str = ".qoscope-history.json";

/// One saved history, as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HistorySummary {
    /// The file's stable id (its name without the suffix).
    pub id: String,
    /// What the user called it (initially "person — from to to").
    pub name: String,
    /// The person as typed (e-mail address or Zoom user ID).
    pub person: String,
    /// `yyyy-mm-dd`, inclusive.
    pub from: String,
    pub to: String,
    /// Meetings fetched.
    pub meeting_count: u32,
    /// When the data was fetched (RFC 3339 UTC).
    pub fetched_at: String,
    /// False when the fetch stopped early: the data is partial.
    pub complete: bool,
    /// `zoom`, `simulator` or `demo`.
    pub source: String,
    /// The profile used (never a credential).
    pub profile: Option<String>,
}

impl From<HistoryError> for ApiError {
    fn from(e: HistoryError) -> ApiError {
        let code = match e {
            HistoryError::Io { .. } => ErrorCode::Io,
            _ => ErrorCode::SnapshotUnreadable,
        };
        ApiError::new(code, e.to_string())
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Index {
    #[serde(default)]
    histories: Vec<HistorySummary>,
}

fn not_found(id: &str) -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        format!("There is no saved history “{id}” any more; it may have been deleted. Refresh the list."),
    )
}

/// The summary of a history; the name defaults to "person — from to to".
pub fn summarize(id: &str, history: &History) -> HistorySummary {
    HistorySummary {
        id: id.to_owned(),
        name: clip(&format!("{} — {} to {}", history.person, history.from, history.to)),
        person: clip(&history.person),
        from: history.from.to_string(),
        to: history.to.to_string(),
        meeting_count: history.meetings.len() as u32,
        fetched_at: history.created_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        complete: history.complete,
        source: match history.source.kind {
            SourceKind::Zoom => "zoom",
            SourceKind::Simulator => "simulator",
            SourceKind::Demo => "demo",
        }
        .to_owned(),
        profile: history.source.profile.clone(),
    }
}

/// The histories directory. One process-wide lock keeps index updates from losing each other.
pub struct HistoryStore {
    dir: PathBuf,
    lock: Mutex<()>,
}

impl HistoryStore {
    /// A store in `dir` (created on first save).
    pub fn new(dir: impl Into<PathBuf>) -> HistoryStore {
        HistoryStore { dir: dir.into(), lock: Mutex::new(()) }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path_of(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}{HISTORY_SUFFIX}"))
    }

    fn read_index(&self) -> Index {
        qoscope_snapshot::read_bounded(&self.dir.join(INDEX_FILE), qoscope_snapshot::MAX_FILE_BYTES)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    fn write_index(&self, index: &Index) -> Result<(), ApiError> {
        let path = self.dir.join(INDEX_FILE);
        let text = serde_json::to_string_pretty(index)
            .map_err(|e| ApiError::new(ErrorCode::Internal, format!("the histories index: {e}")))?;
        write_atomically(&path, text.as_bytes()).map_err(|e| io_error("write", &path, e))
    }

    fn guard(&self) -> std::sync::MutexGuard<'_, ()> {
        self.lock.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Every saved history whose file exists, newest fetch first.
    pub fn list(&self) -> Vec<HistorySummary> {
        let _guard = self.guard();
        let mut list: Vec<HistorySummary> =
            self.read_index().histories.into_iter().filter(|s| self.path_of(&s.id).is_file()).collect();
        list.sort_by(|a, b| b.fetched_at.cmp(&a.fetched_at).then_with(|| b.id.cmp(&a.id)));
        list
    }

    /// Saves a history as a new entry.
    pub fn save(&self, history: &History) -> Result<HistorySummary, ApiError> {
        let _guard = self.guard();
        std::fs::create_dir_all(&self.dir).map_err(|e| io_error("create", &self.dir, e))?;
        let stamp = Utc::now().format("%Y%m%dT%H%M%S").to_string();
        let id = (1u32..)
            .map(|n| if n == 1 { stamp.clone() } else { format!("{stamp}-{n}") })
            .find(|id| !self.path_of(id).exists())
            .unwrap_or(stamp);
        let summary = summarize(&id, history);
        history.save(&self.path_of(&id))?;
        let mut index = self.read_index();
        index.histories.retain(|s| s.id != id);
        index.histories.push(summary.clone());
        self.write_index(&index)?;
        Ok(summary)
    }

    /// Reads a saved history (hostile input: bounded and checked like any file).
    pub fn open(&self, id: &str) -> Result<(HistorySummary, History), ApiError> {
        if !valid_id(id) || !self.path_of(id).is_file() {
            return Err(not_found(id));
        }
        let history = History::load(&self.path_of(id))?;
        let _guard = self.guard();
        let summary =
            self.read_index().histories.into_iter().find(|s| s.id == id).unwrap_or_else(|| summarize(id, &history));
        Ok((summary, history))
    }

    /// Changes the display name (the data is untouched).
    pub fn rename(&self, id: &str, name: &str) -> Result<HistorySummary, ApiError> {
        let name = clip(name);
        if name.is_empty() {
            return Err(ApiError::new(ErrorCode::InvalidInput, "Enter a name for the history."));
        }
        let _guard = self.guard();
        let mut index = self.read_index();
        let entry = index.histories.iter_mut().find(|s| s.id == id).ok_or_else(|| not_found(id))?;
        entry.name = name;
        let updated = entry.clone();
        self.write_index(&index)?;
        Ok(updated)
    }

    /// Deletes a history for real: its file, any leftover temp file of an interrupted write of
    /// it, and its index entry (which holds the person's address).
    pub fn delete(&self, id: &str) -> Result<(), ApiError> {
        if !valid_id(id) {
            return Err(not_found(id));
        }
        let _guard = self.guard();
        let mut index = self.read_index();
        let before = index.histories.len();
        index.histories.retain(|s| s.id != id);
        let had_file = remove_file(&self.path_of(id))?;
        let prefix = qoscope_snapshot::leftover_prefix(std::ffi::OsStr::new(&format!("{id}{HISTORY_SUFFIX}")));
        let names: Vec<String> = std::fs::read_dir(&self.dir)
            .map(|entries| entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        for name in names {
            if name.starts_with(&prefix) && retention::is_leftover_temp(&name) {
                remove_file(&self.dir.join(&name))?;
            }
        }
        if !had_file && index.histories.len() == before {
            return Err(not_found(id));
        }
        self.write_index(&index)
    }

    /// Settings' retention rule, as for investigations ([`retention::sweep`]): deletes every
    /// history file and leftover temp file older than `days` at `now`, and their index entries.
    pub fn sweep(&self, days: u32, now: std::time::SystemTime) -> Result<retention::SweepReport, ApiError> {
        let _guard = self.guard();
        let mut report = retention::SweepReport::default();
        let names: Vec<String> = std::fs::read_dir(&self.dir)
            .map(|entries| entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        let mut result = Ok(());
        for name in names {
            let path = self.dir.join(&name);
            let id = name.strip_suffix(HISTORY_SUFFIX).filter(|id| !name.starts_with('.') && valid_id(id));
            let old = std::fs::symlink_metadata(&path)
                .ok()
                .filter(|m| m.is_file())
                .and_then(|m| m.modified().ok())
                .is_some_and(|m| retention::is_expired(m, now, days));
            if !old || (id.is_none() && !retention::is_leftover_temp(&name)) {
                continue;
            }
            if let Err(e) = remove_file(&path) {
                result = Err(e);
                break;
            }
            match id {
                Some(id) => report.deleted.push(id.to_owned()),
                None => report.temp_files += 1,
            }
        }
        if !report.deleted.is_empty() {
            let mut index = self.read_index();
            index.histories.retain(|s| !report.deleted.contains(&s.id));
            self.write_index(&index)?;
        }
        result.map(|()| report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use qoscope_snapshot::Source;

    fn history() -> History {
        let day = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let source = Source { kind: SourceKind::Simulator, profile: Some("Demo".into()), api_base: None };
        History::new("0.1.0", source, "lena.fischer@example.com", day, day)
    }

    #[test]
    fn histories_are_listed_reopened_renamed_and_deleted_with_their_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let store = HistoryStore::new(dir.path().join("histories"));
        assert!(store.list().is_empty());
        let kept = store.save(&history()).unwrap();
        let gone = store.save(&history()).unwrap();
        assert_ne!(kept.id, gone.id);
        assert_eq!(kept.name, "lena.fischer@example.com — 2026-11-01 to 2026-11-01");
        assert_eq!((kept.source.as_str(), kept.meeting_count), ("simulator", 0));
        assert_eq!(store.list().len(), 2);
        let (summary, reopened) = store.open(&kept.id).unwrap();
        assert_eq!((summary, reopened.to_json()), (kept.clone(), history_json(&store, &kept.id)));
        assert_eq!(store.rename(&kept.id, " Ticket\n4711 ").unwrap().name, "Ticket 4711");
        assert_eq!(store.rename(&kept.id, "  ").unwrap_err().code, ErrorCode::InvalidInput);

        std::fs::write(store.dir().join(format!(".{}{HISTORY_SUFFIX}.XYZ.tmp", gone.id)), "partial").unwrap();
        store.delete(&gone.id).unwrap();
        let mut left: Vec<String> = std::fs::read_dir(store.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, vec![format!("{}{HISTORY_SUFFIX}", kept.id), INDEX_FILE.to_owned()]);
        assert_eq!(store.delete(&gone.id).unwrap_err().code, ErrorCode::NotFound);
        for id in ["../x", "a/b", "", ".."] {
            assert_eq!(store.open(id).unwrap_err().code, ErrorCode::NotFound);
            assert_eq!(store.delete(id).unwrap_err().code, ErrorCode::NotFound);
        }
    }

    #[test]
    fn histories_older_than_the_retention_limit_are_deleted_from_disk_and_index() {
        let dir = tempfile::tempdir().unwrap();
        let store = HistoryStore::new(dir.path());
        let old = store.save(&history()).unwrap();
        let recent = store.save(&history()).unwrap();
        let now = std::time::SystemTime::now();
        let day = std::time::Duration::from_secs(86_400);
        let age = |name: String, days: u32| {
            let file = std::fs::File::options().write(true).open(dir.path().join(name)).unwrap();
            file.set_modified(now - day * days).unwrap();
        };
        age(format!("{}{HISTORY_SUFFIX}", old.id), 31);
        age(format!("{}{HISTORY_SUFFIX}", recent.id), 29);
        std::fs::write(dir.path().join(format!(".{}{HISTORY_SUFFIX}.Q1.tmp", recent.id)), "x").unwrap();
        age(format!(".{}{HISTORY_SUFFIX}.Q1.tmp", recent.id), 40);
        let report = store.sweep(30, now).unwrap();
        assert_eq!((report.deleted, report.temp_files), (vec![old.id.clone()], 1));
        assert_eq!(store.list().iter().map(|s| s.id.clone()).collect::<Vec<_>>(), vec![recent.id]);
        assert!(!std::fs::read_to_string(dir.path().join(INDEX_FILE)).unwrap().contains(&format!("\"{}\"", old.id)));
        assert_eq!(store.sweep(30, now).unwrap(), retention::SweepReport::default());
    }

    fn history_json(store: &HistoryStore, id: &str) -> String {
        std::fs::read_to_string(store.dir().join(format!("{id}{HISTORY_SUFFIX}"))).unwrap()
    }

    #[test]
    fn a_damaged_or_foreign_file_in_the_store_is_refused_with_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let store = HistoryStore::new(dir.path());
        let saved = store.save(&history()).unwrap();
        let path = dir.path().join(format!("{}{HISTORY_SUFFIX}", saved.id));
        let text = history().to_json();
        for (bad, says) in [
            (text[..text.len() / 2].to_owned(), "truncated"),
            (text.replacen("\"version\":1", "\"version\":7", 1), "newer QoScope"),
            (r#"{"format":"qoscope-snapshot","version":1}"#.to_owned(), "not a QoScope person history"),
            (format!("{}{}", "[".repeat(100), "]".repeat(100)), "nested deeper"),
        ] {
            std::fs::write(&path, &bad).unwrap();
            let e = store.open(&saved.id).unwrap_err();
            assert_eq!(e.code, ErrorCode::SnapshotUnreadable, "{bad:.40}");
            assert!(e.message.contains(says), "{}", e.message);
        }
    }
}
