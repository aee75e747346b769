//! The commands the UI may call. Each is a few lines over the core; errors reach the UI as
//! `ApiError {code, message}`. Every command listed in `handler()` is also declared in
//! `src-tauri/build.rs` and granted in `src-tauri/capabilities/main-window.json`.

use crate::app::AppState;
use crate::settings;
use qoscope_api::accounts::{self, ConnectionReport, ProfileInfo, ProfileInput, ProfileList};
use qoscope_api::dto::{AppInfo, MeetingOverview, ParticipantTimeline};
use qoscope_api::workspace::Workspace;
use qoscope_api::{ApiError, ErrorCode};
use qoscope_secrets::ProfileVault;
use qoscope_zoom::Endpoints;
use tauri::{AppHandle, Runtime, State};

pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app_info,
        open_demo_meeting,
        participant_timeline,
        list_profiles,
        save_profile,
        delete_profile,
        test_connection
    ]
}

/// The names in `handler()`, for the test that keeps build.rs and the capability in sync.
pub const COMMAND_NAMES: &[&str] = &[
    "app_info",
    "open_demo_meeting",
    "participant_timeline",
    "list_profiles",
    "save_profile",
    "delete_profile",
    "test_connection",
];

#[tauri::command]
pub fn app_info() -> AppInfo {
    AppInfo {
        name: "QoScope".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        snapshot_version: qoscope_snapshot::VERSION,
    }
}

#[tauri::command]
pub fn open_demo_meeting(state: State<'_, AppState>) -> Result<MeetingOverview, ApiError> {
    let workspace = Workspace::demo()?;
    let overview = workspace.overview();
    *lock(&state)? = Some(workspace);
    Ok(overview)
}

#[tauri::command]
pub fn participant_timeline(state: State<'_, AppState>, user_id: String) -> Result<ParticipantTimeline, ApiError> {
    let guard = lock(&state)?;
    let workspace =
        guard.as_ref().ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no meeting is open; open one first"))?;
    workspace.timeline(&user_id)
}

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
    let vault = ProfileVault::system()?;
    settings::update(&app, &state.settings_lock, |s| accounts::save_profile(s, &vault, input))
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
pub async fn test_connection<R: Runtime>(app: AppHandle<R>, name: String) -> Result<ConnectionReport, ApiError> {
    let settings = settings::load(&app)?;
    let vault = ProfileVault::system()?;
    let config = accounts::connection_test_config(Endpoints::from_env(|k| std::env::var(k).ok())?);
    accounts::test_connection(&settings, &vault, config, &name).await
}

fn lock<'a>(state: &'a State<'_, AppState>) -> Result<std::sync::MutexGuard<'a, Option<Workspace>>, ApiError> {
    state.workspace.lock().map_err(|_| {
        ApiError::new(ErrorCode::Internal, "an earlier command failed while holding the open meeting; reopen it")
    })
}

#[cfg(test)]
mod tests {
    use super::COMMAND_NAMES;

    const ROOT: &str = env!("CARGO_MANIFEST_DIR");

    #[test]
    fn every_command_is_declared_in_build_rs_and_granted_to_the_window() {
        let build_rs = std::fs::read_to_string(format!("{ROOT}/src-tauri/build.rs")).unwrap();
        let capability = std::fs::read_to_string(format!("{ROOT}/src-tauri/capabilities/main-window.json")).unwrap();
        let capability: serde_json::Value = serde_json::from_str(&capability).unwrap();
        let granted: Vec<&str> =
            capability["permissions"].as_array().unwrap().iter().filter_map(|p| p.as_str()).collect();
        for name in COMMAND_NAMES {
            assert!(build_rs.contains(&format!("\"{name}\"")), "{name} is not declared in build.rs");
            let permission = format!("allow-{}", name.replace('_', "-"));
            assert!(granted.contains(&permission.as_str()), "{permission} is not granted in main-window.json");
        }
        assert_eq!(
            granted.len(),
            COMMAND_NAMES.len(),
            "the window is granted something that is not a QoScope command: {granted:?}"
        );
    }

    #[test]
    fn the_webview_is_locked_down() {
        let conf: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(format!("{ROOT}/tauri.conf.json")).unwrap()).unwrap();
        assert_eq!(conf["app"]["withGlobalTauri"], false);
        let csp = &conf["app"]["security"]["csp"];
        assert_eq!(csp["script-src"], "'self'");
        assert_eq!(csp["style-src"], "'self'");
        for (directive, value) in csp.as_object().unwrap() {
            let value = value.as_str().unwrap();
            assert!(
                !value.contains("https:") && !value.contains("http://") || directive == "connect-src",
                "{directive}: {value}"
            );
            assert!(!value.contains("unsafe"), "{directive}: {value}");
        }
    }
}
