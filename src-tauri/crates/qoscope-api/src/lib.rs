//! The contract between QoScope's Rust core and its UI.
//!
//! * [`dto`]: what the UI receives (exported to TypeScript with ts-rs into
//!   `ui/src/lib/bindings/`; a test fails when the committed files are stale).
//! * [`error`]: `{code, message}` with a closed set of codes the UI can switch on.
//! * [`views`]: builds DTOs from a snapshot's derived meeting.
//! * [`findings_view`]: the diagnosis's findings grouped by cause for the findings panel.
//! * [`quality`]: per-minute grades of everyone (the heatmap), episodes, threshold limits.
//! * [`compare`]: one metric of every join, with the meeting's median.
//! * [`accounts`]: Zoom profiles (settings + keychain) and "Test connection".
//! * [`preferences`]: the Settings screen (time zone display, request rate, thresholds).
//! * [`settings_migration`]: settings from an older file brought up to this version.
//! * [`app_settings`]: the app's settings file as the CLI reads it (same thresholds as the app).
//! * [`investigations`]: saved investigations (snapshot files with display names).
//! * [`retention`]: deleting saved investigations older than the Settings' limit.
//! * [`demo_zoom`]: the "Demo (simulated Zoom)" profile's in-process simulator.
//! * [`feedback`]: participants' thumbs up/down to Zoom, linked to the findings about them.
//! * [`fetching`]: finding a meeting and fetching it with progress.
//! * [`person`]: starting from a person: their meetings (report API) and the investigation's focus.
//! * [`history`], [`history_view`], [`history_verdict`], [`history_store`]: a person's quality
//!   across meetings (only their data fetched), its table, chart and verdict, saved histories.
//! * [`partial`]: what a running fetch has brought so far (partial results).
//! * [`export`]: chart and report export requests (ts-rs) → `qoscope-report`, file names.
//! * [`json_export`]: the JSON export document (CLI), redacted on request.
//! * [`workspace`]: the open investigation, shared by the app's commands.
//! * [`zoom_verdict`]: Zoom's own per-join verdict beside QoScope's, and where they disagree.
//! * [`log_mask`]: personal data (home folder, e-mail and IP addresses) masked in logs.

pub mod accounts;
pub mod app_settings;
pub mod bindings;
pub mod compare;
pub mod demo_zoom;
pub mod dto;
pub mod error;
pub mod export;
pub mod feedback;
pub mod fetching;
pub mod findings_view;
pub mod history;
pub mod history_store;
pub mod history_verdict;
pub mod history_view;
pub mod investigations;
pub mod json_export;
pub mod log_mask;
pub mod partial;
pub mod person;
pub mod preferences;
pub mod quality;
pub mod retention;
pub mod settings_migration;
pub mod sharing;
pub mod views;
pub mod workspace;
pub mod zoom_verdict;

pub use error::{ApiError, ErrorCode};
