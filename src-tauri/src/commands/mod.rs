//! The commands the UI may call, one module per concern. Each is a few lines over the core;
//! errors reach the UI as `ApiError {code, message}`. Every command listed in `handler()` is also
//! declared in `src-tauri/build.rs` and granted in `src-tauri/capabilities/main-window.json`.

mod accounts;
mod diagnostics;
pub mod export;
mod fetch;
mod history;
mod investigations;
mod meeting;
mod settings;

use crate::app::AppState;
use qoscope_api::workspace::Workspace;
use qoscope_api::{ApiError, ErrorCode};
use tauri::State;

pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        meeting::app_info,
        meeting::open_demo_meeting,
        meeting::participant_timeline,
        meeting::open_startup_meeting,
        meeting::quality_map,
        meeting::minute_causes,
        meeting::metric_choices,
        meeting::metric_across,
        meeting::meeting_findings,
        diagnostics::diagnostics_report,
        accounts::list_profiles,
        accounts::save_profile,
        accounts::delete_profile,
        accounts::test_connection,
        fetch::fetch_profiles,
        fetch::search_meetings,
        fetch::search_person,
        fetch::meeting_instances,
        fetch::start_fetch,
        fetch::cancel_fetch,
        investigations::list_investigations,
        investigations::open_investigation,
        investigations::rename_investigation,
        investigations::delete_investigation,
        investigations::import_investigations,
        investigations::watch_dropped_files,
        settings::get_preferences,
        settings::save_preferences,
        settings::reset_thresholds,
        export::export_chart,
        export::export_report,
        export::copy_chart_png,
        export::reveal_export,
        history::plan_history,
        history::start_history,
        history::list_histories,
        history::open_history,
        history::rename_history,
        history::delete_history
    ]
}

/// The names in `handler()`, for the test that keeps build.rs and the capability in sync.
pub const COMMAND_NAMES: &[&str] = &[
    "app_info",
    "open_demo_meeting",
    "participant_timeline",
    "open_startup_meeting",
    "quality_map",
    "minute_causes",
    "metric_choices",
    "metric_across",
    "meeting_findings",
    "diagnostics_report",
    "list_profiles",
    "save_profile",
    "delete_profile",
    "test_connection",
    "fetch_profiles",
    "search_meetings",
    "search_person",
    "meeting_instances",
    "start_fetch",
    "cancel_fetch",
    "list_investigations",
    "open_investigation",
    "rename_investigation",
    "delete_investigation",
    "import_investigations",
    "watch_dropped_files",
    "get_preferences",
    "save_preferences",
    "reset_thresholds",
    "export_chart",
    "export_report",
    "copy_chart_png",
    "reveal_export",
    "plan_history",
    "start_history",
    "list_histories",
    "open_history",
    "rename_history",
    "delete_history",
];

fn poisoned<T>(_: T) -> ApiError {
    ApiError::new(ErrorCode::Internal, "an earlier command failed while holding the open meeting; reopen it")
}

/// The open investigation, to read (many commands at once), or an error the UI can show.
pub(crate) fn read<'a>(
    state: &'a State<'_, AppState>,
) -> Result<std::sync::RwLockReadGuard<'a, Option<Workspace>>, ApiError> {
    state.workspace.read().map_err(poisoned)
}

/// Makes `workspace` the open investigation (the one it replaces is dropped), then gives the
/// memory freed on the way (the snapshot's text, the old meeting) back to the system.
pub(crate) fn set_open(state: &State<'_, AppState>, workspace: Workspace) -> Result<(), ApiError> {
    *write(state)? = Some(workspace);
    crate::memory::release_freed();
    Ok(())
}

/// The open investigation, to replace or change (waits for the commands reading it).
pub(crate) fn write<'a>(
    state: &'a State<'_, AppState>,
) -> Result<std::sync::RwLockWriteGuard<'a, Option<Workspace>>, ApiError> {
    state.workspace.write().map_err(poisoned)
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
