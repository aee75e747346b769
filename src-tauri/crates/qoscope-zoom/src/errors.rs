//! One error type for everything that can go wrong talking to Zoom, with messages a helpdesk
//! technician can act on. Messages never contain a secret (tokens, client secrets).

use chrono::{DateTime, Utc};
use serde_json::Value;
use thiserror::Error;

pub use crate::scopes::{
    ScopeNeed, SCOPE_DASHBOARD_MEETINGS, SCOPE_DASHBOARD_WEBINARS, SCOPE_LIST_MEETINGS, SCOPE_LIST_PARTICIPANTS,
    SCOPE_LIST_PARTICIPANTS_QOS, SCOPE_MEETING, SCOPE_MEETING_READ, SCOPE_MEETING_SHARING, SCOPE_PARTICIPANT_QOS,
    SCOPE_REPORT, SCOPE_REPORT_USER,
};

/// A coarse class of [`ZoomError`] that the app maps to its error codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Bad endpoint configuration or environment.
    Config,
    /// The meeting the user typed is not an ID, UUID or Zoom link.
    InvalidMeetingRef,
    /// Wrong credentials, or a token Zoom keeps refusing.
    Auth,
    /// A pasted access token expired; it cannot be renewed.
    TokenExpired,
    /// The app lacks scopes.
    MissingScopes,
    /// Meeting not found or not ended yet (3001).
    NotFound,
    /// Meeting older than Zoom keeps Dashboard data (12702).
    TooOld,
    /// The account's plan or settings lack the Dashboard.
    PlanRequired,
    /// The account's daily API limit is used up.
    RateLimitedDaily,
    /// Connection problems, timeouts.
    Network,
    /// Any other HTTP error from Zoom.
    Http,
    /// Zoom (or something in between) answered with something that is not the expected JSON.
    BadResponse,
    /// The user cancelled.
    Cancelled,
    /// A paged endpoint never reached its last page.
    PagingDidNotEnd,
}

#[derive(Debug, Clone, Error, PartialEq)]
pub enum ZoomError {
    #[error("{message}")]
    Config { message: String },

    #[error("{message}")]
    InvalidMeetingRef { message: String },

    #[error(
        "Zoom rejected the client ID/secret or account ID ({detail}). Check the Server-to-Server OAuth app's \
         account ID, client ID and client secret, and that the app is activated."
    )]
    Auth { detail: String },

    #[error(
        "The pasted access token has expired or was revoked, and a pasted token cannot be renewed. Paste a new \
         token, or sign in with the Server-to-Server OAuth app's account ID, client ID and client secret."
    )]
    TokenExpired,

    #[error(
        "The Zoom app lacks the scopes this needs. Add {} to the Server-to-Server OAuth app in the Zoom App \
         Marketplace (Scopes), save, and try again.",
        describe_scopes(scopes)
    )]
    MissingScopes { scopes: Vec<String> },

    #[error(
        "Zoom says the meeting was not found or has not ended yet (code 3001). Past data appears only after the \
         meeting ends: for a meeting in progress try type=live; for a recurring meeting pick the instance (UUID)."
    )]
    NotFound { message: String },

    #[error("Zoom keeps Dashboard data for 12 months; this meeting is older (code 12702).")]
    TooOld { message: String },

    #[error(
        "Zoom's Dashboard API is only available on Business (or higher) plans with the Dashboard feature \
         enabled ({message})."
    )]
    PlanRequired { message: String },

    #[error("{}", daily_message(reset_at))]
    RateLimitedDaily { reset_at: Option<DateTime<Utc>> },

    #[error("Could not reach Zoom: {detail}")]
    Network { detail: String },

    #[error("Zoom answered HTTP {status}{}: {message}", code.map(|c| format!(" (code {c})")).unwrap_or_default())]
    Http { status: u16, code: Option<i64>, message: String },

    #[error("Zoom's answer was not usable (HTTP {status}): {detail}")]
    BadResponse { status: u16, detail: String },

    #[error("Cancelled; what was fetched so far is kept.")]
    Cancelled,

    #[error("Zoom's paging for {path} did not end: {detail}. The pages fetched so far are kept.")]
    PagingDidNotEnd { path: String, detail: String },
}

fn describe_scopes(scopes: &[String]) -> String {
    match scopes {
        [] => format!("{SCOPE_DASHBOARD_MEETINGS} (or the granular dashboard:read:… scopes)"),
        [one] => one.clone(),
        many => many.join(" or "),
    }
}

fn daily_message(reset_at: &Option<DateTime<Utc>>) -> String {
    let when = match reset_at {
        Some(t) => format!("It resets at {} UTC.", t.format("%Y-%m-%d %H:%M")),
        None => "It resets at midnight UTC.".to_owned(),
    };
    format!(
        "The Zoom account's daily API limit is used up (shared by every app of the account). {when} \
         What was fetched so far is kept."
    )
}

impl ZoomError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            ZoomError::Config { .. } => ErrorKind::Config,
            ZoomError::InvalidMeetingRef { .. } => ErrorKind::InvalidMeetingRef,
            ZoomError::Auth { .. } => ErrorKind::Auth,
            ZoomError::TokenExpired => ErrorKind::TokenExpired,
            ZoomError::MissingScopes { .. } => ErrorKind::MissingScopes,
            ZoomError::NotFound { .. } => ErrorKind::NotFound,
            ZoomError::TooOld { .. } => ErrorKind::TooOld,
            ZoomError::PlanRequired { .. } => ErrorKind::PlanRequired,
            ZoomError::RateLimitedDaily { .. } => ErrorKind::RateLimitedDaily,
            ZoomError::Network { .. } => ErrorKind::Network,
            ZoomError::Http { .. } => ErrorKind::Http,
            ZoomError::BadResponse { .. } => ErrorKind::BadResponse,
            ZoomError::Cancelled => ErrorKind::Cancelled,
            ZoomError::PagingDidNotEnd { .. } => ErrorKind::PagingDidNotEnd,
        }
    }

    /// Errors after which no further call can succeed (the fetch stops instead of falling back).
    pub fn is_fatal(&self) -> bool {
        matches!(
            self.kind(),
            ErrorKind::Auth
                | ErrorKind::TokenExpired
                | ErrorKind::PlanRequired
                | ErrorKind::RateLimitedDaily
                | ErrorKind::Cancelled
                | ErrorKind::Network
                | ErrorKind::Config
        )
    }

    pub fn config(message: impl Into<String>) -> ZoomError {
        ZoomError::Config { message: message.into() }
    }
}

/// Zoom's error body `{"code": 300, "message": "..."}`, read leniently (a code may come as a string).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ZoomErrorBody {
    pub code: Option<i64>,
    pub message: Option<String>,
}

impl ZoomErrorBody {
    /// `None` when the body is not a JSON object.
    pub fn parse(body: &str) -> Option<ZoomErrorBody> {
        let Value::Object(map) = serde_json::from_str::<Value>(body).ok()? else { return None };
        let code = match map.get("code") {
            Some(Value::Number(n)) => n.as_i64(),
            Some(Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        };
        let message = match (map.get("message"), map.get("reason")) {
            (Some(Value::String(s)), _) | (None, Some(Value::String(s))) => Some(s.clone()),
            _ => None,
        };
        Some(ZoomErrorBody { code, message })
    }
}

/// Scopes named in a 4700 message such as
/// `Invalid access token, does not contain scopes:[dashboard_meetings:read:admin, x:y:admin].`
pub fn scopes_in_message(message: &str) -> Vec<String> {
    let Some(start) = message.find('[') else { return Vec::new() };
    let Some(len) = message[start + 1..].find(']') else { return Vec::new() };
    message[start + 1..start + 1 + len]
        .split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty() && s.contains(':'))
        .map(str::to_owned)
        .collect()
}

/// A short, safe description of a body that was not JSON (an HTML error page, a proxy message).
pub(crate) fn describe_non_json(body: &str) -> String {
    let trimmed = body.trim_start();
    if trimmed.is_empty() {
        return "an empty body".to_owned();
    }
    let lower: String = trimmed.chars().take(200).collect::<String>().to_ascii_lowercase();
    if lower.starts_with("<!doctype") || lower.starts_with("<html") || lower.contains("<body") {
        let title = lower
            .find("<title>")
            .and_then(|i| {
                let rest = &trimmed[i + 7..];
                rest.find('<').map(|j| rest[..j].trim().to_owned())
            })
            .filter(|t| !t.is_empty());
        return match title {
            Some(t) => format!("an HTML page (\"{}\") instead of JSON — a proxy or a Zoom outage?", clip(&t, 80)),
            None => "an HTML page instead of JSON — a proxy or a Zoom outage?".to_owned(),
        };
    }
    format!("text that is not JSON (\"{}\")", clip(trimmed, 80))
}

fn clip(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).filter(|c| !c.is_control()).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

/// Maps a non-successful API response (or a 2xx carrying an error envelope) to an error.
pub fn classify(status: u16, body: &str, need: ScopeNeed) -> ZoomError {
    let Some(parsed) = ZoomErrorBody::parse(body) else {
        return ZoomError::BadResponse { status, detail: format!("Zoom sent {}", describe_non_json(body)) };
    };
    let message = parsed.message.clone().unwrap_or_default();
    match parsed.code {
        Some(4700) => {
            let mut scopes = scopes_in_message(&message);
            if scopes.is_empty() {
                scopes = need.scopes();
            }
            ZoomError::MissingScopes { scopes }
        }
        Some(3001) => ZoomError::NotFound { message },
        Some(12702) => ZoomError::TooOld { message },
        Some(200) => ZoomError::PlanRequired { message },
        Some(124) | Some(4702) | Some(4704) | Some(4705) | Some(4706) | Some(4711) => {
            ZoomError::Auth { detail: safe_detail(parsed.code, &message) }
        }
        code if status == 404 && code.is_none() => ZoomError::NotFound { message },
        code => ZoomError::Http {
            status,
            code,
            message: if message.is_empty() { format!("no message (HTTP {status})") } else { message },
        },
    }
}

pub(crate) fn safe_detail(code: Option<i64>, message: &str) -> String {
    match (code, message.is_empty()) {
        (Some(c), false) => format!("code {c}: {}", clip(message, 200)),
        (Some(c), true) => format!("code {c}"),
        (None, false) => clip(message, 200),
        (None, true) => "no reason given".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_error_bodies_leniently() {
        assert_eq!(
            ZoomErrorBody::parse(r#"{"code":"300","message":"x"}"#),
            Some(ZoomErrorBody { code: Some(300), message: Some("x".into()) })
        );
        assert_eq!(ZoomErrorBody::parse("<html>"), None);
        assert_eq!(ZoomErrorBody::parse(r#"{"reason":"bad"}"#).unwrap().message.as_deref(), Some("bad"));
    }

    #[test]
    fn names_missing_scopes() {
        let e = classify(
            400,
            r#"{"code":4700,"message":"Invalid access token, does not contain scopes:[dashboard_meetings:read:admin, dashboard:read:list_meeting_participants_qos:admin]."}"#,
            ScopeNeed::ParticipantsQos,
        );
        assert_eq!(e.kind(), ErrorKind::MissingScopes);
        let text = e.to_string();
        assert!(text.contains("dashboard_meetings:read:admin or dashboard:read:list_meeting_participants_qos:admin"));
        let e = classify(
            401,
            r#"{"code":4700,"message":"Invalid access token, does not contain scopes."}"#,
            ScopeNeed::Participants,
        );
        assert!(e.to_string().contains(SCOPE_LIST_PARTICIPANTS), "{e}");
    }

    #[test]
    fn classifies_known_codes() {
        assert_eq!(
            classify(404, r#"{"code":3001,"message":"m"}"#, ScopeNeed::MeetingDetails).kind(),
            ErrorKind::NotFound
        );
        assert!(classify(404, r#"{"code":3001}"#, ScopeNeed::MeetingDetails).to_string().contains("type=live"));
        assert_eq!(classify(400, r#"{"code":12702}"#, ScopeNeed::MeetingDetails).kind(), ErrorKind::TooOld);
        assert_eq!(
            classify(200, r#"{"code":200,"message":"Only available for paid account"}"#, ScopeNeed::MeetingDetails)
                .kind(),
            ErrorKind::PlanRequired
        );
        let e = classify(502, "<html><title>502 Bad Gateway</title></html>", ScopeNeed::MeetingDetails);
        assert_eq!(e.kind(), ErrorKind::BadResponse);
        assert!(
            e.to_string().contains("HTML page (\"502 bad gateway\")") || e.to_string().contains("HTML page"),
            "{e}"
        );
        let e = classify(400, r#"{"code":300,"message":"Invalid page token"}"#, ScopeNeed::ParticipantsQos);
        assert_eq!(e, ZoomError::Http { status: 400, code: Some(300), message: "Invalid page token".into() });
    }
}
