//! Commands for saved investigations: list, open, rename, delete, import (the Open dialog is
//! shown from Rust; the webview has no file access) and the channel for dropped files.

use super::{blocking, set_open};
use crate::app::{investigations, AppState};
use crate::diagnostics::Logged;
use qoscope_api::dto::MeetingOverview;
use qoscope_api::investigations::{ImportReport, InvestigationSummary};
use qoscope_api::workspace::Workspace;
use qoscope_api::{ApiError, ErrorCode};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;

/// Saved investigations, newest first.
#[tauri::command(async)]
pub fn list_investigations<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Vec<InvestigationSummary>, ApiError> {
    Ok(investigations(&app, &state)?.list())
}

/// Opens a saved investigation (offline) as the open meeting.
#[tauri::command]
pub async fn open_investigation<R: Runtime>(app: AppHandle<R>, id: String) -> Result<MeetingOverview, ApiError> {
    blocking(&app, move |app| {
        let state = app.state::<AppState>();
        let opened = (|| {
            let thresholds = crate::settings::load(app)?.thresholds;
            let workspace = Workspace::from_snapshot_with(investigations(app, &state)?.open(&id)?, thresholds)?;
            let overview = workspace.overview();
            log::info!("opened a saved investigation: {} joins", overview.participants.len());
            set_open(&state, workspace)?;
            Ok(overview)
        })();
        opened.logged(&state, "open_investigation")
    })
    .await
}

/// Renames a saved investigation (its display name; the data is untouched).
#[tauri::command(async)]
pub fn rename_investigation<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    name: String,
) -> Result<InvestigationSummary, ApiError> {
    investigations(&app, &state)?.rename(&id, &name)
}

/// Deletes a saved investigation (the UI asks for confirmation first).
#[tauri::command(async)]
pub fn delete_investigation<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
) -> Result<(), ApiError> {
    investigations(&app, &state)?.delete(&id)
}

/// Shows the Open dialog and imports the chosen snapshot files. Nothing chosen: an empty report.
#[tauri::command(async)]
pub fn import_investigations<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<ImportReport, ApiError> {
    let store = investigations(&app, &state)?;
    let picked = app
        .dialog()
        .file()
        .set_title("Import a QoScope snapshot")
        .add_filter("QoScope snapshot", &["json"])
        .blocking_pick_files()
        .unwrap_or_default();
    let paths = picked
        .into_iter()
        .map(|p| {
            p.into_path().map_err(|e| ApiError::new(ErrorCode::Io, format!("The chosen file cannot be read: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(store.import_all(&paths))
}

/// Registers where imports of files dropped on the window are reported.
#[tauri::command]
pub fn watch_dropped_files(state: State<'_, AppState>, on_import: Channel<ImportReport>) {
    *state.drop_reports.lock().unwrap_or_else(|e| e.into_inner()) = Some(on_import);
}
