//! What can go wrong while exporting, in words a helpdesk user can act on.

use thiserror::Error;

/// An export that could not be made.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ReportError {
    /// The request names a participant, stream or metric the meeting does not have.
    #[error("{0}")]
    NotFound(String),
    /// The request itself does not make sense (e.g. an empty time range).
    #[error("{0}")]
    InvalidRequest(String),
    /// The selection has no values to draw.
    #[error("{0}")]
    NoData(String),
    /// Drawing or encoding failed (a bug, not bad input).
    #[error("could not render the export: {0}")]
    Render(String),
}
