//! Errors as the UI sees them: `{code, message}`. The codes are a closed set the UI switches
//! on; messages are for people and say what to do.

use qoscope_secrets::VaultError;
use qoscope_snapshot::SnapshotError;
use qoscope_zoom::{ErrorKind, ZoomError};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request itself is wrong (bad meeting ID, unknown participant).
    InvalidInput,
    /// Nothing is open that the request needs, or the thing asked for does not exist.
    NotFound,
    /// A snapshot file is foreign, newer, truncated or damaged.
    SnapshotUnreadable,
    /// No OS keychain (no Secret Service on Linux).
    KeychainUnavailable,
    /// The keychain is locked or refused access.
    KeychainLocked,
    /// Reading or writing a file failed.
    Io,
    /// A bug: the message says what happened.
    Internal,
    /// Zoom rejected the account ID, client ID or client secret (or the app is not activated).
    ZoomAuth,
    /// The Zoom app lacks scopes QoScope needs; the message names them.
    ZoomScopes,
    /// Zoom could not be reached (offline, proxy, DNS, timeout).
    Network,
    /// Zoom answered with an error that is none of the above; the message says which.
    ZoomError,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError { code, message: message.into() }
    }
}

impl From<SnapshotError> for ApiError {
    fn from(e: SnapshotError) -> ApiError {
        let code = match e {
            SnapshotError::Io { .. } => ErrorCode::Io,
            _ => ErrorCode::SnapshotUnreadable,
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<VaultError> for ApiError {
    fn from(e: VaultError) -> ApiError {
        let code = match e {
            // The vault's own message also offers the CLI's ZOOM_* variables, which the app does
            // not read: the app says what to do in the app.
            VaultError::KeychainUnavailable { detail } => {
                return ApiError::new(
                    ErrorCode::KeychainUnavailable,
                    format!("the system keychain is not available ({detail}); start it (on Linux a Secret Service such as GNOME Keyring or KWallet, which usually starts with the desktop session), then try again"),
                )
            }
            VaultError::KeychainLocked { .. } => ErrorCode::KeychainLocked,
            VaultError::InvalidProfileName { .. } => ErrorCode::InvalidInput,
            VaultError::Damaged { .. } | VaultError::Failed { .. } => ErrorCode::Internal,
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<ZoomError> for ApiError {
    fn from(e: ZoomError) -> ApiError {
        let code = match e.kind() {
            ErrorKind::Auth | ErrorKind::TokenExpired => ErrorCode::ZoomAuth,
            ErrorKind::MissingScopes => ErrorCode::ZoomScopes,
            ErrorKind::Network => ErrorCode::Network,
            ErrorKind::InvalidMeetingRef => ErrorCode::InvalidInput,
            ErrorKind::Config
            | ErrorKind::NotFound
            | ErrorKind::TooOld
            | ErrorKind::PlanRequired
            | ErrorKind::RateLimitedDaily
            | ErrorKind::Http
            | ErrorKind::BadResponse
            | ErrorKind::Cancelled
            | ErrorKind::PagingDidNotEnd => ErrorCode::ZoomError,
        };
        ApiError::new(code, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_keychain_says_what_to_do_in_the_app_not_in_the_cli() {
        let e = ApiError::from(VaultError::KeychainUnavailable { detail: "no D-Bus session".into() });
        assert_eq!(e.code, ErrorCode::KeychainUnavailable);
        assert!(e.message.contains("no D-Bus session") && e.message.contains("GNOME Keyring"), "{}", e.message);
        assert!(!e.message.contains("ZOOM_"), "the app does not read the CLI's variables: {}", e.message);
        let locked = ApiError::from(VaultError::KeychainLocked { detail: "dismissed".into() });
        assert_eq!(locked.code, ErrorCode::KeychainLocked);
        assert!(locked.message.contains("unlock it"), "{}", locked.message);
    }

    #[test]
    fn zoom_errors_map_to_codes_the_ui_switches_on() {
        let auth = ApiError::from(ZoomError::Auth { detail: "code 124: Invalid client_id or client_secret".into() });
        assert_eq!(auth.code, ErrorCode::ZoomAuth);
        assert!(auth.message.contains("client secret"), "{}", auth.message);
        let scopes = ApiError::from(ZoomError::MissingScopes { scopes: vec!["meeting:read:admin".into()] });
        assert_eq!(scopes.code, ErrorCode::ZoomScopes);
        assert!(scopes.message.contains("meeting:read:admin"));
        assert_eq!(ApiError::from(ZoomError::Network { detail: "dns".into() }).code, ErrorCode::Network);
        assert_eq!(
            ApiError::from(ZoomError::Http { status: 500, code: None, message: "x".into() }).code,
            ErrorCode::ZoomError
        );
        assert_eq!(ApiError::from(ZoomError::config("bad URL")).code, ErrorCode::ZoomError);
    }

    #[test]
    fn error_codes_serialize_in_snake_case() {
        assert_eq!(serde_json::to_string(&ErrorCode::ZoomAuth).unwrap(), "\"zoom_auth\"");
        assert_eq!(serde_json::to_string(&ErrorCode::ZoomScopes).unwrap(), "\"zoom_scopes\"");
        assert_eq!(serde_json::to_string(&ErrorCode::Network).unwrap(), "\"network\"");
        assert_eq!(serde_json::to_string(&ErrorCode::ZoomError).unwrap(), "\"zoom_error\"");
    }
}
