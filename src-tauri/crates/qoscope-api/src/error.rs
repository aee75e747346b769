//! Errors as the UI sees them: `{code, message}`. The codes are a closed set the UI switches
//! on; messages are for people and say what to do.

use qoscope_secrets::VaultError;
use qoscope_snapshot::SnapshotError;
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
            VaultError::KeychainUnavailable { .. } => ErrorCode::KeychainUnavailable,
            VaultError::KeychainLocked { .. } => ErrorCode::KeychainLocked,
            VaultError::InvalidProfileName { .. } => ErrorCode::InvalidInput,
            VaultError::Damaged { .. } | VaultError::Failed { .. } => ErrorCode::Internal,
        };
        ApiError::new(code, e.to_string())
    }
}
