//! Commands for Zoom profiles: list, save (secret straight to the keychain), delete, test.

use crate::app::AppState;
use crate::diagnostics::Logged;
use crate::settings;
use qoscope_api::accounts::{self, ConnectionReport, ProfileInfo, ProfileInput, ProfileList};
use qoscope_api::ApiError;
use qoscope_secrets::ProfileVault;
use qoscope_zoom::Endpoints;
use tauri::{AppHandle, Runtime, State};

/// The Zoom profiles, and whether the system keychain can be used.
// Off the main thread: the keychain may wait for an unlock prompt.
#[tauri::command(async)]
pub fn list_profiles<R: Runtime>(app: AppHandle<R>) -> Result<ProfileList, ApiError> {
    let keychain_error = ProfileVault::system().err().map(ApiError::from);
    Ok(settings::load(&app)?.profile_list(keychain_error))
}

/// Adds or edits a profile: the client secret goes straight to the keychain (`null` keeps the
/// stored one); it is never returned, logged or written anywhere else.
// Off the main thread: the keychain may wait for an unlock prompt.
#[tauri::command(async)]
pub fn save_profile<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: ProfileInput,
) -> Result<ProfileInfo, ApiError> {
    let saved = ProfileVault::system()
        .map_err(ApiError::from)
        .and_then(|vault| settings::update(&app, &state.settings_lock, |s| accounts::save_profile(s, &vault, input)));
    saved.logged(&state, "save_profile")
}

/// Removes a profile from the keychain and the settings.
// Off the main thread: the keychain may wait for an unlock prompt.
#[tauri::command(async)]
pub fn delete_profile<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, name: String) -> Result<(), ApiError> {
    let vault = ProfileVault::system()?;
    settings::update(&app, &state.settings_lock, |s| accounts::delete_profile(s, &vault, &name))
}

/// Signs in to Zoom with a profile and reports granted and missing scopes.
#[tauri::command]
pub async fn test_connection<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    name: String,
) -> Result<ConnectionReport, ApiError> {
    let result = async {
        let settings = settings::load(&app)?;
        let vault = ProfileVault::system()?;
        let config = accounts::connection_test_config(Endpoints::from_env(|k| std::env::var(k).ok())?);
        accounts::test_connection(&settings, &vault, config, &name).await
    }
    .await;
    result.logged(&state, "test_connection")
}
