//! Commands for a person's history (their quality across meetings): the plan with its request
//! budget (shown before the user confirms), the fetch (progress on a channel; Cancel is
//! `cancel_fetch`, one fetch at a time), and the saved histories: list, open, rename, delete.

use crate::app::{histories, AppState};
use crate::diagnostics::Logged;
use crate::settings;
use qoscope_api::demo_zoom::is_demo;
use qoscope_api::fetching;
use qoscope_api::history::{self, HistoryEvent, HistoryInput, HistoryPlanView, HistoryResult, OpenedHistory};
use qoscope_api::history_store::HistorySummary;
use qoscope_api::ApiError;
use qoscope_secrets::ProfileVault;
use qoscope_zoom::{CancelFlag, Endpoints, ZoomClient};
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

async fn client<R: Runtime>(app: &AppHandle<R>, state: &AppState, profile: &str) -> Result<ZoomClient, ApiError> {
    let settings = settings::load(app)?;
    fetching::connect(profile, &settings, &state.demo, ProfileVault::system, || {
        Endpoints::from_env(|k| std::env::var(k).ok())
    })
    .await
}

/// The person's meetings in the range and the request budget of fetching their history.
#[tauri::command]
pub async fn plan_history<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: HistoryInput,
) -> Result<HistoryPlanView, ApiError> {
    let result = async {
        let client = client(&app, &state, &input.profile).await?;
        Ok(history::plan(&client, &input, &CancelFlag::new()).await?.1)
    }
    .await;
    result.logged(&state, "plan_history")
}

/// Fetches the person's history (only their data), streaming progress to `on_event`; saves it.
#[tauri::command]
pub async fn start_history<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: HistoryInput,
    on_event: Channel<HistoryEvent>,
) -> Result<HistoryResult, ApiError> {
    let cancel = state.start_fetch()?;
    log::info!("history fetch started ({} profile)", if is_demo(&input.profile) { "demo" } else { "Zoom" });
    let result = async {
        let client = client(&app, &state, &input.profile).await?;
        let (plan, _) = history::plan(&client, &input, &cancel).await?;
        let (fetched, message) =
            history::fetch(&client, &input.profile, &plan, |e| drop(on_event.send(e)), &cancel).await?;
        let thresholds = settings::load(&app)?.thresholds;
        history::save_and_show(histories(&app, &state)?, &fetched, &thresholds, message)
    }
    .await;
    state.finish_fetch(&cancel);
    if let Ok(r) = &result {
        log::info!(
            "history fetch finished: {} meetings, {}",
            r.view.meetings.len(),
            if r.complete { "complete" } else { "partial" }
        );
    }
    result.logged(&state, "start_history")
}

/// Saved histories, newest first.
#[tauri::command(async)]
pub fn list_histories<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Vec<HistorySummary>, ApiError> {
    Ok(histories(&app, &state)?.list())
}

/// Reopens a saved history (offline), with the app's thresholds.
#[tauri::command(async)]
pub fn open_history<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
) -> Result<OpenedHistory, ApiError> {
    let opened = (|| history::open(histories(&app, &state)?, &id, &settings::load(&app)?.thresholds))();
    opened.logged(&state, "open_history")
}

/// Renames a saved history (its display name; the data is untouched).
#[tauri::command(async)]
pub fn rename_history<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    name: String,
) -> Result<HistorySummary, ApiError> {
    histories(&app, &state)?.rename(&id, &name)
}

/// Deletes a saved history (the UI asks for confirmation first).
#[tauri::command(async)]
pub fn delete_history<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, id: String) -> Result<(), ApiError> {
    histories(&app, &state)?.delete(&id)
}
