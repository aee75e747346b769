use thiserror::Error;

/// Why a snapshot could not be read or written. Messages say what to do.
#[derive(Debug, Error)]
pub enum SnapshotError {
    #[error("this file is not a QoScope snapshot ({detail}); open a file saved by QoScope or `qoscope fetch`")]
    NotASnapshot { detail: String },
    #[error("this snapshot was made by a newer QoScope (snapshot version {found}); update QoScope to open it")]
    NewerVersion { found: u64 },
    #[error("this snapshot is truncated (the file ends early, perhaps an interrupted copy); fetch the meeting again or use an intact copy")]
    Truncated,
    #[error("this snapshot is damaged ({detail}); fetch the meeting again or use an intact copy")]
    Corrupt { detail: String },
    #[error("this is not a regular file (a folder, a pipe or a device); open a snapshot file saved by QoScope or `qoscope fetch`")]
    NotAFile,
    #[error("this snapshot is {bytes} bytes or more, larger than QoScope opens (1 GiB)")]
    TooLarge { bytes: u64 },
    #[error("response #{index} ({path}) in this snapshot is not in Zoom's format: {detail}")]
    BadResponse { index: usize, path: String, detail: String },
    #[error("cannot access {path}: {detail}")]
    Io { path: String, detail: String },
}
