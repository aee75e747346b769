//! Commands over the open investigation: app facts, opening a meeting, a participant's data.

use super::lock;
use crate::app::AppState;
use qoscope_api::dto::{AppInfo, MeetingOverview, ParticipantTimeline};
use qoscope_api::workspace::Workspace;
use qoscope_api::{ApiError, ErrorCode};
use tauri::State;

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
