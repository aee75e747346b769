//! The contract between QoScope's Rust core and its UI.
//!
//! * [`dto`]: what the UI receives (exported to TypeScript with ts-rs into
//!   `ui/src/lib/bindings/`; a test fails when the committed files are stale).
//! * [`error`]: `{code, message}` with a closed set of codes the UI can switch on.
//! * [`views`]: builds DTOs from a snapshot's derived meeting.
//! * [`findings_view`]: the diagnosis's findings grouped by cause for the findings panel.
//! * [`accounts`]: Zoom profiles (settings + keychain) and "Test connection".
//! * [`export`]: chart and report export requests (ts-rs) → `qoscope-report`, file names.
//! * [`workspace`]: the open investigation, shared by the app's commands.

pub mod accounts;
pub mod bindings;
pub mod dto;
pub mod error;
pub mod export;
pub mod findings_view;
pub mod views;
pub mod workspace;

pub use error::{ApiError, ErrorCode};
