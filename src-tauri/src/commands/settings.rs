//! Commands for the Settings screen: time zone display, request rate, diagnosis thresholds,
//! retention of saved investigations.

use crate::app::AppState;
use crate::settings;
use qoscope_api::preferences::{self, Preferences};
use qoscope_api::ApiError;
use tauri::{AppHandle, Manager, Runtime};

/// The current preferences.
#[tauri::command]
pub fn get_preferences<R: Runtime>(app: AppHandle<R>) -> Result<Preferences, ApiError> {
    Ok(preferences::preferences(&settings::load(&app)?))
}

/// Checks and saves the preferences; nothing is saved when a value is wrong. The open meeting is
/// analysed again (on a blocking thread: a big one takes a second).
#[tauri::command]
pub async fn save_preferences<R: Runtime>(app: AppHandle<R>, input: Preferences) -> Result<Preferences, ApiError> {
    super::blocking(&app, move |app| {
        let state = app.state::<AppState>();
        let saved = settings::update(app, &state.settings_lock, |s| preferences::apply(s, &input))?;
        reanalyze(app, &state)?;
        // A new retention limit applies at once (the Saved screen reloads its list when shown).
        crate::app::apply_retention(app, &state).map_err(|e| {
            ApiError::new(
                e.code,
                format!("The settings were saved, but old investigations were not all deleted: {}", e.message),
            )
        })?;
        Ok(saved)
    })
    .await
}

/// Puts every threshold back to QoScope's documented defaults.
#[tauri::command]
pub async fn reset_thresholds<R: Runtime>(app: AppHandle<R>) -> Result<Preferences, ApiError> {
    super::blocking(&app, |app| {
        let state = app.state::<AppState>();
        let saved = settings::update(app, &state.settings_lock, |s| Ok(preferences::reset_thresholds(s)))?;
        reanalyze(app, &state)?;
        Ok(saved)
    })
    .await
}

/// Analyses the open meeting again with the saved thresholds.
fn reanalyze<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> Result<(), ApiError> {
    let thresholds = settings::load(app)?.thresholds;
    if let Some(workspace) = super::write(state)?.as_mut() {
        workspace.set_thresholds(thresholds);
    }
    Ok(())
}
