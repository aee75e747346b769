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
use tauri::{AppHandle, Manager, Runtime};

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

/// Runs `f` on Tauri's blocking threads: opening, reading and exporting a big meeting take from
/// a fraction of a second to seconds, and neither the window's thread nor the async workers (the
/// fetch's requests, its progress events) may wait for them.
pub(crate) async fn blocking<R: Runtime, T: Send + 'static>(
    app: &AppHandle<R>,
    f: impl FnOnce(&AppHandle<R>) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || f(&app))
        .await
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("the command stopped unexpectedly: {e}")))?
}

/// Runs `f` on the open meeting, on a blocking thread, under the shared read lock (many at once).
pub(crate) async fn with_open<R: Runtime, T: Send + 'static>(
    app: &AppHandle<R>,
    f: impl FnOnce(&Workspace) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    blocking(app, move |app| {
        let state = app.state::<AppState>();
        let guard = read(&state)?;
        let workspace =
            guard.as_ref().ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no meeting is open; open one first"))?;
        f(workspace)
    })
    .await
}

fn poisoned<T>(_: T) -> ApiError {
    ApiError::new(ErrorCode::Internal, "an earlier command failed while holding the open meeting; reopen it")
}

/// The open investigation, to read (many commands at once), or an error the UI can show.
pub(crate) fn read(state: &AppState) -> Result<std::sync::RwLockReadGuard<'_, Option<Workspace>>, ApiError> {
    state.workspace.read().map_err(poisoned)
}

/// Makes `workspace` the open investigation, then drops the one it replaces and gives the memory
/// freed on the way (the snapshot's text, the old meeting) back to the system, on a thread of
/// their own.
/// A command that panicked while changing the open meeting leaves the lock poisoned; a new
/// meeting replaces whatever it left, so opening one clears that.
pub(crate) fn set_open(state: &AppState, workspace: Workspace) -> Result<(), ApiError> {
    let mut open = state.workspace.write().unwrap_or_else(|poisoned| {
        state.workspace.clear_poison();
        poisoned.into_inner()
    });
    let previous = open.replace(workspace);
    drop(open);
    // Freeing the meeting that was open and giving memory back to the system take tens of
    // milliseconds for a big meeting: done beside the new meeting's answer, not before it.
    let release = move || {
        drop(previous);
        crate::memory::release_freed();
    };
    if let Err(refused) = std::thread::Builder::new().name("release-memory".into()).spawn(release) {
        // The closure (and the previous meeting) went with the refusal; give the memory back here.
        drop(refused);
        crate::memory::release_freed();
    }
    Ok(())
}

/// The open investigation, to replace or change (waits for the commands reading it).
pub(crate) fn write(state: &AppState) -> Result<std::sync::RwLockWriteGuard<'_, Option<Workspace>>, ApiError> {
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
