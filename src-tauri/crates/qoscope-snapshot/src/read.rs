//! Reading a user-supplied file with a bound.
//!
//! Snapshots arrive through tickets and e-mail. A size check on the path is not enough: a FIFO
//! reports size 0 and blocks forever, a symlink to `/dev/zero` reports 0 and never ends, and a
//! file can grow between the check and the read. So the file is opened first, the *opened*
//! file's metadata must say "regular file", and the read stops one byte past the limit.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// Why a bounded read failed.
#[derive(Debug)]
pub enum BoundedReadError {
    /// Not a regular file (a directory, FIFO, socket or device), after following symlinks.
    NotAFile,
    /// Larger than the limit (the size read so far, at least `limit + 1`).
    TooLarge(u64),
    Io(io::Error),
}

/// Reads the regular file at `path`, refusing anything else and anything over `limit` bytes.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, BoundedReadError> {
    let file = open_no_block(path).map_err(BoundedReadError::Io)?;
    let meta = file.metadata().map_err(BoundedReadError::Io)?;
    if !meta.file_type().is_file() {
        return Err(BoundedReadError::NotAFile);
    }
    if meta.len() > limit {
        return Err(BoundedReadError::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(BoundedReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(BoundedReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Opens for reading without blocking on a FIFO that has no writer (Unix: `O_NONBLOCK`, which
/// has no effect on regular files).
fn open_no_block(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_regular_file_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, b"12345").unwrap();
        assert_eq!(read_bounded(&path, 5).unwrap(), b"12345");
        assert!(matches!(read_bounded(&path, 4), Err(BoundedReadError::TooLarge(5))));
    }

    #[test]
    fn refuses_a_directory() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(read_bounded(dir.path(), 1 << 20), Err(BoundedReadError::NotAFile)));
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_symlink_to_dev_zero_without_reading_it() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("zero.json");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        assert!(matches!(read_bounded(&link, 1 << 20), Err(BoundedReadError::NotAFile)));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn refuses_a_fifo_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo.json");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(status.success());
        assert!(matches!(read_bounded(&fifo, 1 << 20), Err(BoundedReadError::NotAFile)));
    }
}
