//! "Copy diagnostics": versions, OS, log folder and recent errors, personal data masked.

use crate::app::AppState;
use tauri::{AppHandle, Runtime, State};

/// The diagnostics text for a support ticket (the UI puts it on the clipboard).
#[tauri::command]
pub fn diagnostics_report<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> String {
    crate::diagnostics::report(&app, &state)
}
