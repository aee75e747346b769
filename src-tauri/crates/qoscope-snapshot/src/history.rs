//! QoScope person-history files (`qoscope-history`): one person's quality across the meetings
//! they joined in a date range.
//!
//! Like a snapshot, a history keeps Zoom's responses verbatim and derives everything from
//! them: the report API's pages listing the person's meetings, and per meeting a small
//! [`Snapshot`] holding only that meeting's participants list and the person's own QoS
//! responses (never the whole meeting). Reading one is hostile input, exactly as a snapshot:
//! a size bound, a nesting bound, counts bounded, and a clear error for foreign, newer,
//! truncated or damaged files.

use crate::{nesting_exceeds, read_bounded, write_atomically, BoundedReadError, Exchange, Snapshot, Source};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::path::Path;
use thiserror::Error;

/// The `format` field of every history file.
pub const HISTORY_FORMAT: &str = "qoscope-history";
/// The newest history version this build reads and the one it writes.
pub const HISTORY_VERSION: u32 = 1;
/// At most this many meetings in one history (Zoom's report lists one month: far fewer).
pub const MAX_HISTORY_MEETINGS: usize = 2_000;
/// At most this many responses in one history (report pages, or one meeting's exchanges).
pub const MAX_HISTORY_EXCHANGES: usize = 10_000;
/// Files larger than this are refused before reading (a person's month is a few megabytes).
pub const MAX_HISTORY_BYTES: u64 = 256 << 20;

/// One person's history.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct History {
    pub format: String,
    pub version: u32,
    pub app_version: String,
    /// When the data was fetched.
    pub created_at: DateTime<Utc>,
    pub source: Source,
    /// The person as typed: an e-mail address or Zoom user ID.
    pub person: String,
    /// The range asked for (inclusive days).
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// False when the fetch stopped early (cancelled, daily limit); `notes` says why.
    pub complete: bool,
    #[serde(default)]
    pub notes: Vec<String>,
    /// The report API's pages (`/report/users/{userId}/meetings?type=pastJoined`), verbatim.
    pub report: Vec<Exchange>,
    /// Per meeting fetched: its participants list and the person's own QoS responses.
    pub meetings: Vec<Snapshot>,
}

/// Why a history file could not be read or written. Messages say what to do.
#[derive(Debug, Error)]
pub enum HistoryError {
    #[error("this file is not a QoScope person history ({detail}); open a history saved by QoScope")]
    NotAHistory { detail: String },
    #[error("this history was made by a newer QoScope (history version {found}); update QoScope to open it")]
    NewerVersion { found: u64 },
    #[error("this history is truncated (the file ends early, perhaps an interrupted copy); fetch the history again or use an intact copy")]
    Truncated,
    #[error("this history is damaged ({detail}); fetch the history again or use an intact copy")]
    Corrupt { detail: String },
    #[error("this is not a regular file (a folder, a pipe or a device); open a history saved by QoScope")]
    NotAFile,
    #[error("this history is {bytes} bytes or more, larger than QoScope opens (256 MiB)")]
    TooLarge { bytes: u64 },
    #[error("cannot access {path}: {detail}")]
    Io { path: String, detail: String },
}

#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u64>,
}

impl History {
    pub fn new(app_version: &str, source: Source, person: &str, from: NaiveDate, to: NaiveDate) -> History {
        History {
            format: HISTORY_FORMAT.to_owned(),
            version: HISTORY_VERSION,
            app_version: app_version.to_owned(),
            created_at: Utc::now(),
            source,
            person: person.to_owned(),
            from,
            to,
            complete: true,
            notes: Vec::new(),
            report: Vec::new(),
            meetings: Vec::new(),
        }
    }

    /// Reads a history from text, telling a foreign, newer, truncated or damaged file apart.
    pub fn from_json(text: &str) -> Result<History, HistoryError> {
        if nesting_exceeds(text, crate::MAX_NESTING) {
            return Err(HistoryError::Corrupt {
                detail: format!("JSON nested deeper than {} levels", crate::MAX_NESTING),
            });
        }
        let header: Header = serde_json::from_str(text).map_err(|e| {
            if e.is_eof() {
                HistoryError::Truncated
            } else {
                HistoryError::NotAHistory { detail: e.to_string() }
            }
        })?;
        match header.format.as_deref() {
            Some(HISTORY_FORMAT) => {}
            other => return Err(HistoryError::NotAHistory { detail: format!("format is {other:?}") }),
        }
        match header.version {
            Some(v) if v > u64::from(HISTORY_VERSION) => return Err(HistoryError::NewerVersion { found: v }),
            Some(v) if v >= 1 => {}
            other => return Err(HistoryError::NotAHistory { detail: format!("version is {other:?}") }),
        }
        let history: History =
            serde_json::from_str(text).map_err(|e| HistoryError::Corrupt { detail: e.to_string() })?;
        history.check()?;
        Ok(history)
    }

    /// Counts bounded; every meeting a snapshot this build reads.
    fn check(&self) -> Result<(), HistoryError> {
        let corrupt = |detail: String| Err(HistoryError::Corrupt { detail });
        if self.meetings.len() > MAX_HISTORY_MEETINGS {
            return corrupt(format!("{} meetings, more than {MAX_HISTORY_MEETINGS}", self.meetings.len()));
        }
        if self.report.len() > MAX_HISTORY_EXCHANGES {
            return corrupt(format!("{} report pages, more than {MAX_HISTORY_EXCHANGES}", self.report.len()));
        }
        for (i, m) in self.meetings.iter().enumerate() {
            if m.format != crate::FORMAT || m.version == 0 || m.version > crate::VERSION {
                return corrupt(format!(
                    "meeting #{i} is not a snapshot this QoScope reads ({} {})",
                    m.format, m.version
                ));
            }
            if m.exchanges.len() > MAX_HISTORY_EXCHANGES {
                return corrupt(format!(
                    "meeting #{i} has {} responses, more than {MAX_HISTORY_EXCHANGES}",
                    m.exchanges.len()
                ));
            }
        }
        Ok(())
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a history always serializes")
    }

    /// Loads a history file: only a regular file (after following symlinks), read with a bound.
    pub fn load(path: &Path) -> Result<History, HistoryError> {
        let bytes = read_bounded(path, MAX_HISTORY_BYTES).map_err(|e| match e {
            BoundedReadError::NotAFile => HistoryError::NotAFile,
            BoundedReadError::TooLarge(bytes) => HistoryError::TooLarge { bytes },
            BoundedReadError::Io(e) => HistoryError::Io { path: path.display().to_string(), detail: e.to_string() },
        })?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| HistoryError::NotAHistory { detail: "not UTF-8 text".to_owned() })?;
        History::from_json(text)
    }

    /// Saves atomically: the old file or the new one, never a torn file.
    pub fn save(&self, path: &Path) -> Result<(), HistoryError> {
        write_atomically(path, self.to_json().as_bytes())
            .map_err(|e| HistoryError::Io { path: path.display().to_string(), detail: e.to_string() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ExchangeKind, Request, SourceKind};

    fn sample() -> History {
        let source = Source { kind: SourceKind::Simulator, profile: Some("Demo".into()), api_base: None };
        let day = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let mut h = History::new("0.1.0", source.clone(), "aiko@example.com", day("2026-11-01"), day("2026-11-30"));
        let ex = |kind, path: &str, body: &str| {
            Exchange {
                kind,
                method: "GET".into(),
                path: path.into(),
                query: vec![],
                status: 200,
                received_at: Utc::now(),
                body: None,
                body_text: None,
            }
            .with_body(body)
        };
        h.report.push(ex(ExchangeKind::Other, "/report/users/aiko%40example.com/meetings", r#"{"meetings":[]}"#));
        let mut m = Snapshot::new(
            "0.1.0",
            source,
            Request { meeting: "abc==".into(), qos_type: "past".into(), webinar: false },
        );
        m.exchanges.push(ex(
            ExchangeKind::ParticipantQos,
            "/metrics/meetings/abc%3D%3D/participants/7/qos",
            r#"{"user_id":"7","user_name":"Aiko","user_qos":[{"date_time":"2026-11-24T10:00:00Z"}]}"#,
        ));
        h.meetings.push(m);
        h
    }

    #[test]
    fn round_trips_and_keeps_the_meetings_derivable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.json");
        let h = sample();
        h.save(&path).unwrap();
        let back = History::load(&path).unwrap();
        assert_eq!(back.to_json(), h.to_json());
        assert_eq!(back.meetings[0].meeting().unwrap().joins.len(), 1);
    }

    #[test]
    fn foreign_newer_truncated_deep_and_oversized_files_are_refused_clearly() {
        let json = sample().to_json();
        assert!(matches!(History::from_json(r#"{"hello":1}"#), Err(HistoryError::NotAHistory { .. })));
        // A snapshot is not a history.
        let snapshot = sample().meetings[0].to_json();
        assert!(matches!(History::from_json(&snapshot), Err(HistoryError::NotAHistory { .. })));
        assert!(matches!(
            History::from_json(r#"{"format":"qoscope-history","version":2}"#),
            Err(HistoryError::NewerVersion { found: 2 })
        ));
        assert!(matches!(History::from_json(&json[..json.len() / 2]), Err(HistoryError::Truncated)));
        assert!(matches!(
            History::from_json(r#"{"format":"qoscope-history","version":1,"meetings":7}"#),
            Err(HistoryError::Corrupt { .. })
        ));
        let deep = json.replacen(r#"{"meetings":[]}"#, &format!("{}1{}", "[".repeat(80), "]".repeat(80)), 1);
        match History::from_json(&deep) {
            Err(HistoryError::Corrupt { detail }) => assert!(detail.contains("nested deeper"), "{detail}"),
            other => panic!("{other:?}"),
        }
        let newer_meeting = json.replacen(
            r#""format":"qoscope-snapshot","version":1"#,
            r#""format":"qoscope-snapshot","version":9"#,
            1,
        );
        assert!(matches!(History::from_json(&newer_meeting), Err(HistoryError::Corrupt { .. })));
        let mut many = sample();
        many.meetings = vec![many.meetings[0].clone(); MAX_HISTORY_MEETINGS + 1];
        assert!(matches!(History::from_json(&many.to_json()), Err(HistoryError::Corrupt { .. })));

        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.json");
        let file = std::fs::File::create(&big).unwrap();
        file.set_len(MAX_HISTORY_BYTES + 1).unwrap();
        assert!(matches!(History::load(&big), Err(HistoryError::TooLarge { .. })));
        assert!(matches!(History::load(dir.path()), Err(HistoryError::NotAFile)));
    }
}
