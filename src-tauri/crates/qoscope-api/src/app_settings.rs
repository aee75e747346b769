//! The desktop app's settings as the CLI reads them, so that `qoscope summary` and `export` find
//! what the window shows: the same `settings.json` that tauri-plugin-store keeps in Tauri's app
//! data directory, read without Tauri, migrated in memory and never written (the app owns it).

use crate::accounts::{Settings, SETTINGS_FILE, SETTINGS_KEY};
use crate::error::{ApiError, ErrorCode};
use qoscope_diagnosis::thresholds::Thresholds;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The app's bundle identifier (`identifier` in tauri.conf.json): Tauri names the app data
/// directory after it.
pub const APP_IDENTIFIER: &str = "app.qoscope.desktop";

/// Where the app keeps `settings.json`: Tauri's `app_data_dir`, the OS data directory
/// (`$XDG_DATA_HOME` or `~/.local/share`, `~/Library/Application Support`, `%APPDATA%`) plus
/// [`APP_IDENTIFIER`]. `None` when the OS names no data directory.
pub fn settings_path() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join(APP_IDENTIFIER).join(SETTINGS_FILE))
}

/// Reads a store file: `Ok(None)` when there is none (the app never saved settings), the
/// settings (migrated) when it can be read, and why not when it is damaged or unreadable.
pub fn read_settings(path: &Path) -> Result<Option<Settings>, ApiError> {
    let damaged = |why: String| {
        ApiError::new(ErrorCode::Io, format!("QoScope's settings file {} could not be used: {why}", path.display()))
    };
    let bytes = match std::fs::read(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(damaged(e.to_string())),
        Ok(bytes) => bytes,
    };
    let store: Value = serde_json::from_slice(&bytes).map_err(|e| damaged(format!("it is not JSON ({e})")))?;
    let Value::Object(mut entries) = store else {
        return Err(damaged("it does not hold a settings store".to_owned()));
    };
    match entries.remove(SETTINGS_KEY) {
        None => Ok(Some(Settings::default())),
        Some(value) => Settings::try_from_stored(value).map(Some).map_err(|e| damaged(e.to_string())),
    }
}

/// The thresholds the app analyses with: its settings' (the defaults when it has none). An
/// unusable settings file is an error; the caller decides whether to fall back to the defaults.
pub fn app_thresholds() -> Result<Thresholds, ApiError> {
    let Some(path) = settings_path() else { return Ok(Thresholds::default()) };
    Ok(read_settings(&path)?.map(|s| s.thresholds).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use qoscope_diagnosis::thresholds::Level;
    use serde_json::json;

    #[test]
    fn the_identifier_is_the_apps() {
        let conf = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../tauri.conf.json")).unwrap();
        let conf: Value = serde_json::from_str(&conf).unwrap();
        assert_eq!(conf["identifier"], APP_IDENTIFIER, "the CLI must look where the app keeps its settings");
        assert!(conf["app"].get("appDirectoriesOverride").is_none(), "settings_path would be wrong");
    }

    #[test]
    fn a_store_file_is_read_and_migrated_but_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(SETTINGS_FILE);
        assert!(read_settings(&path).unwrap().is_none(), "no file: nothing");
        let mut thresholds = Thresholds::version_2_defaults();
        thresholds.audio.avg_loss = Level::above(50.0, 60.0);
        let text =
            serde_json::to_string_pretty(&json!({"settings": {"version": 2, "thresholds": thresholds}})).unwrap();
        std::fs::write(&path, &text).unwrap();
        let s = read_settings(&path).unwrap().unwrap();
        assert_eq!(s.thresholds.audio.avg_loss, Level::above(50.0, 60.0));
        assert_eq!(s.thresholds.share_frame_rate, Thresholds::default().share_frame_rate);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "the file stays as it was");
        std::fs::write(&path, "{}").unwrap();
        assert_eq!(read_settings(&path).unwrap(), Some(Settings::default()));
    }

    #[test]
    fn a_damaged_file_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(SETTINGS_FILE);
        for (content, why) in [
            (&b"{\"settings\": "[..], "not JSON"),
            (b"[1, 2]", "does not hold a settings store"),
            (b"{\"settings\": \"junk\"}", "invalid type"),
            (b"\xff\xfe", "not JSON"),
        ] {
            std::fs::write(&path, content).unwrap();
            let e = read_settings(&path).unwrap_err();
            assert_eq!(e.code, ErrorCode::Io);
            assert!(e.message.contains(why) && e.message.contains(SETTINGS_FILE), "{}", e.message);
        }
        // A directory where the file should be: unreadable, still an error and no panic.
        let e = read_settings(dir.path()).unwrap_err();
        assert!(e.message.contains("could not be used"), "{}", e.message);
    }
}
