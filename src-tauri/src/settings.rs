//! The app's settings (`qoscope_api::accounts::Settings`) under one key in `settings.json` in the
//! app data directory, through tauri-plugin-store — from Rust only: the webview has no store
//! permission. Secrets never go here (they live in the OS keychain).

use qoscope_api::accounts::{Settings, SETTINGS_FILE, SETTINGS_KEY};
use qoscope_api::{ApiError, ErrorCode};
use std::sync::Mutex;
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;

/// The settings as stored (defaults when there are none or they are unreadable).
pub fn load<R: Runtime>(app: &AppHandle<R>) -> Result<Settings, ApiError> {
    let store = app.store(SETTINGS_FILE).map_err(store_error)?;
    Ok(Settings::from_stored(store.get(SETTINGS_KEY)))
}

/// Loads, changes and saves the settings; `lock` keeps concurrent updates from losing each other.
/// Nothing is written when `change` fails.
pub fn update<R: Runtime, T>(
    app: &AppHandle<R>,
    lock: &Mutex<()>,
    change: impl FnOnce(&mut Settings) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let _guard = lock.lock().unwrap_or_else(|e| e.into_inner());
    let store = app.store(SETTINGS_FILE).map_err(store_error)?;
    let mut settings = Settings::from_stored(store.get(SETTINGS_KEY));
    let result = change(&mut settings)?;
    store.set(SETTINGS_KEY, settings.to_stored());
    store.save().map_err(store_error)?;
    Ok(result)
}

fn store_error(e: tauri_plugin_store::Error) -> ApiError {
    ApiError::new(ErrorCode::Io, format!("QoScope's settings file ({SETTINGS_FILE}) could not be used: {e}"))
}
