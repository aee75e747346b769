//! QoScope snapshot files.
//!
//! A snapshot is the source of truth of an investigation: the raw Zoom responses **verbatim**
//! (as JSON `RawValue`s, byte for byte, or as text when Zoom answered with something that is
//! not JSON), plus what was asked, when, from which profile (never a secret) and by which app
//! version. Everything QoScope shows is derived from it, so better analysis can re-read old
//! snapshots and an investigation reopens offline.

mod atomic;
mod error;
pub mod history;
mod read;

pub use atomic::{leftover_prefix, write_atomically, PAUSE_BEFORE_RENAME};
pub use error::SnapshotError;
pub use history::{History, HistoryError};
pub use read::{read_bounded, BoundedReadError};

use chrono::{DateTime, Utc};
use qoscope_model::meeting::RawMeeting;
use qoscope_model::raw::{MeetingDetailsRaw, ParticipantsPage, QosPage, QosParticipant};
use qoscope_model::Meeting;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::path::Path;

/// The `format` field of every snapshot file.
pub const FORMAT: &str = "qoscope-snapshot";
/// The newest snapshot version this build reads and the one it writes.
pub const VERSION: u32 = 1;
/// JSON nested deeper than this is refused (Zoom's responses are about six levels deep inside a
/// snapshot's nine; deep nesting only costs memory and stack further down).
pub const MAX_NESTING: usize = 64;
/// Files larger than this are refused before reading (a year of a 1,000-person meeting is far less).
pub const MAX_FILE_BYTES: u64 = 1 << 30;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Snapshot {
    pub format: String,
    pub version: u32,
    pub app_version: String,
    pub created_at: DateTime<Utc>,
    pub source: Source,
    pub request: Request,
    /// The person the investigation is about (an e-mail address or Zoom user ID), when it
    /// started from a person (`qoscope fetch --focus`, the Find screen's person search). Older
    /// snapshots have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus: Option<String>,
    /// False when the fetch stopped early (cancelled, daily limit); `notes` says why.
    pub complete: bool,
    #[serde(default)]
    pub notes: Vec<String>,
    pub exchanges: Vec<Exchange>,
}

/// Everything a snapshot says besides its exchanges: what was asked, when, from where, about
/// whom and whether it finished. What an open meeting keeps of its snapshot once the meeting is
/// derived (the raw responses stay in the file).
#[derive(Debug, Clone, PartialEq)]
pub struct SnapshotInfo {
    pub app_version: String,
    pub created_at: DateTime<Utc>,
    pub source: Source,
    pub request: Request,
    pub focus: Option<String>,
    pub complete: bool,
    pub notes: Vec<String>,
}

/// Where the data came from. Never holds a secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub kind: SourceKind,
    /// The profile name the user chose (not the account id, not a credential).
    #[serde(default)]
    pub profile: Option<String>,
    /// The API base the responses came from.
    #[serde(default)]
    pub api_base: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// Zoom's API.
    Zoom,
    /// QoScope's Zoom simulator (the demo profile, tests).
    Simulator,
    /// The built-in demo meeting shipped with the app.
    Demo,
}

/// What the user asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// The meeting as typed (ID, UUID or join URL).
    pub meeting: String,
    /// `past` or `live`.
    pub qos_type: String,
    #[serde(default)]
    pub webinar: bool,
}

/// Which endpoint an exchange was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExchangeKind {
    MeetingDetails,
    QosPage,
    ParticipantQos,
    ParticipantsPage,
    /// `/participants/satisfaction`: participants' feedback to Zoom.
    Satisfaction,
    /// `/participants/sharing`: who shared their screen when.
    Sharing,
    /// Anything else, including kinds a newer QoScope records.
    #[serde(other)]
    Other,
}

/// One HTTP response, kept verbatim.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Exchange {
    pub kind: ExchangeKind,
    pub method: String,
    /// Path relative to the API base, e.g. `/metrics/meetings/123/participants/qos`.
    pub path: String,
    #[serde(default)]
    pub query: Vec<(String, String)>,
    pub status: u16,
    pub received_at: DateTime<Utc>,
    /// The body when it was JSON, byte for byte.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Box<RawValue>>,
    /// The body when it was not JSON (an HTML error page, an empty body).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_text: Option<String>,
}

impl Exchange {
    /// Records a response body: JSON verbatim when it parses, text otherwise.
    pub fn with_body(mut self, body: &str) -> Exchange {
        match serde_json::from_str::<Box<RawValue>>(body) {
            Ok(raw) => self.body = Some(raw),
            Err(_) => self.body_text = Some(body.to_owned()),
        }
        self
    }
}

/// Just enough to tell a snapshot from anything else, and which version it is.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u64>,
}

/// A snapshot's format and a version this build reads, or why not.
fn check_header(format: Option<&str>, version: Option<u64>) -> Result<(), SnapshotError> {
    match format {
        Some(FORMAT) => {}
        other => return Err(SnapshotError::NotASnapshot { detail: format!("format is {other:?}") }),
    }
    match version {
        Some(v) if v > u64::from(VERSION) => Err(SnapshotError::NewerVersion { found: v }),
        Some(v) if v >= 1 => Ok(()),
        other => Err(SnapshotError::NotASnapshot { detail: format!("version is {other:?}") }),
    }
}

impl Snapshot {
    pub fn new(app_version: &str, source: Source, request: Request) -> Snapshot {
        Snapshot {
            format: FORMAT.to_owned(),
            version: VERSION,
            app_version: app_version.to_owned(),
            created_at: Utc::now(),
            source,
            request,
            focus: None,
            complete: true,
            notes: Vec::new(),
            exchanges: Vec::new(),
        }
    }

    /// Reads a snapshot from text, telling a foreign, newer or corrupt file apart.
    pub fn from_json(text: &str) -> Result<Snapshot, SnapshotError> {
        if nesting_exceeds(text, MAX_NESTING) {
            return Err(SnapshotError::Corrupt { detail: format!("JSON nested deeper than {MAX_NESTING} levels") });
        }
        // One pass over the text when it is a snapshot (a big one is a hundred megabytes); the
        // header is read on its own only to say what is wrong with a text that is not.
        match serde_json::from_str::<Snapshot>(text) {
            Ok(snapshot) => {
                check_header(Some(&snapshot.format), Some(u64::from(snapshot.version)))?;
                Ok(snapshot)
            }
            Err(full) => {
                let header: Header = serde_json::from_str(text).map_err(|e| {
                    if e.is_eof() {
                        SnapshotError::Truncated
                    } else {
                        SnapshotError::NotASnapshot { detail: e.to_string() }
                    }
                })?;
                check_header(header.format.as_deref(), header.version)?;
                Err(SnapshotError::Corrupt { detail: full.to_string() })
            }
        }
    }

    /// The snapshot without its exchanges.
    pub fn info(&self) -> SnapshotInfo {
        SnapshotInfo {
            app_version: self.app_version.clone(),
            created_at: self.created_at,
            source: self.source.clone(),
            request: self.request.clone(),
            focus: self.focus.clone(),
            complete: self.complete,
            notes: self.notes.clone(),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a snapshot always serializes")
    }

    /// Loads a snapshot file: only a regular file (after following symlinks), read with a bound.
    pub fn load(path: &Path) -> Result<Snapshot, SnapshotError> {
        let bytes = read_bounded(path, MAX_FILE_BYTES).map_err(|e| match e {
            BoundedReadError::NotAFile => SnapshotError::NotAFile,
            BoundedReadError::TooLarge(bytes) => SnapshotError::TooLarge { bytes },
            BoundedReadError::Io(e) => SnapshotError::Io { path: path.display().to_string(), detail: e.to_string() },
        })?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| SnapshotError::NotASnapshot { detail: "not UTF-8 text".to_owned() })?;
        Snapshot::from_json(text)
    }

    /// Saves atomically: the old file or the new one, never a torn file.
    pub fn save(&self, path: &Path) -> Result<(), SnapshotError> {
        write_atomically(path, self.to_json().as_bytes())
            .map_err(|e| SnapshotError::Io { path: path.display().to_string(), detail: e.to_string() })
    }

    /// Derives the meeting from the successful responses.
    pub fn meeting(&self) -> Result<Meeting, SnapshotError> {
        let mut details: Option<MeetingDetailsRaw> = None;
        let mut qos_pages: Vec<QosPage> = Vec::new();
        let mut single_joins: Vec<QosParticipant> = Vec::new();
        let mut participant_pages: Vec<ParticipantsPage> = Vec::new();
        for body in parse_bodies(&self.exchanges) {
            match body? {
                Body::Details(d) => details = Some(d),
                Body::QosPage(p) => qos_pages.push(p),
                Body::ParticipantQos(j) => single_joins.push(*j),
                Body::ParticipantsPage(p) => participant_pages.push(p),
                Body::Unused => {}
            }
        }
        Ok(Meeting::derive(&RawMeeting {
            details: details.as_ref(),
            qos_pages: qos_pages.iter().collect(),
            single_joins: single_joins.iter().collect(),
            participant_pages: participant_pages.iter().collect(),
        }))
    }
}

/// A response body read into its Zoom type.
enum Body {
    Details(MeetingDetailsRaw),
    QosPage(QosPage),
    ParticipantQos(Box<QosParticipant>),
    ParticipantsPage(ParticipantsPage),
    /// Not a successful JSON response, or one the meeting is not derived from.
    Unused,
}

/// Reads every exchange's body, in order. Reading is most of the time a big meeting takes to
/// derive, so the second half of the exchanges is read on a second thread.
fn parse_bodies(exchanges: &[Exchange]) -> Vec<Result<Body, SnapshotError>> {
    let read = |offset: usize, part: &[Exchange]| -> Vec<Result<Body, SnapshotError>> {
        part.iter().enumerate().map(|(i, ex)| parse_body(offset + i, ex)).collect()
    };
    let half = exchanges.len() / 2;
    let (first, second) = exchanges.split_at(half);
    std::thread::scope(|scope| {
        // Without a second thread (the system refused one), the second half is read here too.
        let later = std::thread::Builder::new().spawn_scoped(scope, || read(half, second));
        let mut bodies = read(0, first);
        match later {
            Ok(handle) => bodies.extend(handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))),
            Err(_) => bodies.extend(read(half, second)),
        }
        bodies
    })
}

fn parse_body(index: usize, ex: &Exchange) -> Result<Body, SnapshotError> {
    let Some(body) = ex.body.as_ref().filter(|_| ex.status == 200) else { return Ok(Body::Unused) };
    let bad = |e: serde_json::Error| SnapshotError::BadResponse { index, path: ex.path.clone(), detail: e.to_string() };
    Ok(match ex.kind {
        ExchangeKind::MeetingDetails => Body::Details(serde_json::from_str(body.get()).map_err(bad)?),
        ExchangeKind::QosPage => Body::QosPage(serde_json::from_str(body.get()).map_err(bad)?),
        ExchangeKind::ParticipantQos => Body::ParticipantQos(serde_json::from_str(body.get()).map_err(bad)?),
        ExchangeKind::ParticipantsPage => Body::ParticipantsPage(serde_json::from_str(body.get()).map_err(bad)?),
        ExchangeKind::Satisfaction | ExchangeKind::Sharing | ExchangeKind::Other => Body::Unused,
    })
}

/// Whether `text` nests arrays and objects deeper than `max` (brackets inside strings do not count).
pub(crate) fn nesting_exceeds(text: &str, max: usize) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Snapshot {
        let mut s = Snapshot::new(
            "0.1.0",
            Source { kind: SourceKind::Simulator, profile: Some("Demo".into()), api_base: None },
            Request { meeting: "123 456 789".into(), qos_type: "past".into(), webinar: false },
        );
        let ex = Exchange {
            kind: ExchangeKind::QosPage,
            method: "GET".into(),
            path: "/metrics/meetings/123456789/participants/qos".into(),
            query: vec![("type".into(), "past".into())],
            status: 200,
            received_at: Utc::now(),
            body: None,
            body_text: None,
        };
        s.exchanges.push(ex.with_body(
            r#"{ "participants": [ {"user_id":"1","user_name":"A","user_qos":[{"date_time":"2022-03-01T10:16:00Z","audio_input":{"bitrate":"23 kbps"}}],"future_field":{"x":1.50}} ] }"#,
        ));
        s
    }

    #[test]
    fn keeps_bodies_byte_for_byte() {
        let s = sample();
        let back = Snapshot::from_json(&s.to_json()).unwrap();
        let body = back.exchanges[0].body.as_ref().unwrap().get();
        assert!(body.contains(r#""future_field":{"x":1.50}"#), "{body}");
        assert!(body.starts_with("{ \"participants\": [ {"), "whitespace kept: {body}");
    }

    #[test]
    fn non_json_bodies_are_kept_as_text() {
        let ex = sample().exchanges[0].clone();
        let ex = Exchange { body: None, ..ex }.with_body("<html>502 Bad Gateway</html>");
        assert_eq!(ex.body_text.as_deref(), Some("<html>502 Bad Gateway</html>"));
        assert!(ex.body.is_none());
    }

    #[test]
    fn derives_the_meeting() {
        let m = sample().meeting().unwrap();
        assert_eq!(m.joins.len(), 1);
        assert_eq!(m.joins[0].samples.len(), 1);
    }

    #[test]
    fn tells_foreign_newer_truncated_and_corrupt_files_apart() {
        assert!(matches!(Snapshot::from_json(r#"{"hello":1}"#), Err(SnapshotError::NotASnapshot { .. })));
        assert!(matches!(Snapshot::from_json("<html>"), Err(SnapshotError::NotASnapshot { .. })));
        assert!(matches!(
            Snapshot::from_json(r#"{"format":"qoscope-snapshot","version":99}"#),
            Err(SnapshotError::NewerVersion { found: 99 })
        ));
        let json = sample().to_json();
        assert!(matches!(Snapshot::from_json(&json[..json.len() / 2]), Err(SnapshotError::Truncated)));
        assert!(matches!(
            Snapshot::from_json(r#"{"format":"qoscope-snapshot","version":1,"exchanges":5}"#),
            Err(SnapshotError::Corrupt { .. })
        ));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn load_refuses_a_fifo_and_a_symlink_to_dev_zero_without_reading_them() {
        let dir = tempfile::tempdir().unwrap();
        let zero = dir.path().join("zero.qoscope.json");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        assert!(matches!(Snapshot::load(&zero), Err(SnapshotError::NotAFile)));
        let fifo = dir.path().join("fifo.qoscope.json");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        assert!(matches!(Snapshot::load(&fifo), Err(SnapshotError::NotAFile)));
    }

    #[test]
    fn deep_nesting_is_refused_with_a_clear_error() {
        let mut s = sample();
        let deep = format!("{}1{}", "[".repeat(100), "]".repeat(100));
        s.exchanges[0] = s.exchanges[0].clone().with_body(&format!(r#"{{"participants":{deep},"s":"[[[["}}"#));
        match Snapshot::from_json(&s.to_json()) {
            Err(SnapshotError::Corrupt { detail }) => assert!(detail.contains("nested deeper than 64"), "{detail}"),
            other => panic!("{other:?}"),
        }
        assert!(!nesting_exceeds(r#"{"a":"[[[[[[[[[[\"[[[[[[[["}"#, 2));
        assert!(Snapshot::from_json(&sample().to_json()).is_ok());
    }

    #[test]
    fn save_and_load_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("meeting.qoscope.json");
        let s = sample();
        s.save(&path).unwrap();
        let back = Snapshot::load(&path).unwrap();
        assert_eq!(back.to_json(), s.to_json());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temp files left behind");
    }
}
