//! Commands for finding and fetching a meeting: the profiles to fetch with, the search of past
//! meetings, a recurring meeting's instances, the fetch (progress on a channel) and Cancel.

use super::set_open;
use crate::app::{investigations, AppState};
use crate::diagnostics::Logged;
use crate::settings;
use qoscope_api::demo_zoom::{is_demo, DEMO_PROFILE};
use qoscope_api::fetching::{self, FetchEvent, FetchInput, FetchResult, MeetingHit, SearchInput};
use qoscope_api::partial::PartialFetch;
use qoscope_api::person::{self, PersonSearchInput, PersonSearchResult};
use qoscope_api::ApiError;
use qoscope_secrets::ProfileVault;
use qoscope_zoom::{CancelFlag, Endpoints, ZoomClient};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

/// How often a running fetch shows its partial results (at least).
const PARTIAL_RESULTS_EVERY: Duration = Duration::from_secs(1);
/// How soon a running fetch first looks for results to show, and again until it has shown some:
/// the first QoS pages arrive within a request's latency, and the user waits for them.
const FIRST_PARTIAL_CHECK: Duration = Duration::from_millis(200);

async fn client<R: Runtime>(app: &AppHandle<R>, state: &AppState, profile: &str) -> Result<ZoomClient, ApiError> {
    let settings = settings::load(app)?;
    fetching::connect(profile, &settings, &state.demo, ProfileVault::system, || {
        Endpoints::from_env(|k| std::env::var(k).ok())
    })
    .await
}

/// The profiles a fetch can use: the demo first, then the stored ones.
#[tauri::command]
pub fn fetch_profiles<R: Runtime>(app: AppHandle<R>) -> Result<Vec<String>, ApiError> {
    let list = settings::load(&app)?.profile_list(None);
    Ok(std::iter::once(DEMO_PROFILE.to_owned()).chain(list.profiles.into_iter().map(|p| p.name)).collect())
}

/// Past meetings in a date range matching a filter.
#[tauri::command]
pub async fn search_meetings<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: SearchInput,
) -> Result<Vec<MeetingHit>, ApiError> {
    let result = async {
        let client = client(&app, &state, &input.profile).await?;
        fetching::search(&client, &input, &CancelFlag::new()).await
    }
    .await;
    result.logged(&state, "search_meetings")
}

/// The meetings a person joined in a date range, the one they were in at a time of day first.
#[tauri::command]
pub async fn search_person<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: PersonSearchInput,
) -> Result<PersonSearchResult, ApiError> {
    let result = async {
        let client = client(&app, &state, &input.profile).await?;
        person::search_person(&client, &input, &CancelFlag::new()).await
    }
    .await;
    result.logged(&state, "search_person")
}

/// A recurring meeting's past instances.
#[tauri::command]
pub async fn meeting_instances<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    profile: String,
    meeting: String,
    webinar: bool,
) -> Result<Vec<MeetingHit>, ApiError> {
    let result = async {
        let client = client(&app, &state, &profile).await?;
        fetching::instances(&client, &meeting, webinar, &CancelFlag::new()).await
    }
    .await;
    result.logged(&state, "meeting_instances")
}

/// Fetches a meeting, streaming progress to `on_event`; saves it as an investigation and opens it.
#[tauri::command]
pub async fn start_fetch<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    input: FetchInput,
    on_event: Channel<FetchEvent>,
) -> Result<FetchResult, ApiError> {
    let cancel = state.start_fetch()?;
    let started = std::time::Instant::now();
    log::info!("fetch started ({} profile)", if is_demo(&input.profile) { "demo" } else { "Zoom" });
    let result = async {
        if is_demo(&input.profile) && !state.demo.is_running() {
            let label = "Starting the simulated Zoom (first use only)".to_owned();
            let _ = on_event.send(FetchEvent::Stage { label });
        }
        let client = client(&app, &state, &input.profile).await?;
        // Read once, before the fetch: the snapshot is saved whatever happens to the settings file
        // meanwhile, and the meeting opens graded as its partial views were.
        let thresholds = settings::load(&app)?.thresholds;
        let partial = Arc::new(fetching::partial_results(&input, thresholds.clone()));
        let shower = tauri::async_runtime::spawn(show_partial_results(partial.clone(), on_event.clone()));
        let fetched = fetching::fetch(&client, &input, |e| drop(on_event.send(e)), Some(&partial), &cancel).await;
        shower.abort();
        let (snapshot, complete, message) = fetched?;
        let store = investigations(&app, &state)?;
        let (workspace, result) =
            fetching::save_and_open(store, input.replace.as_deref(), snapshot, complete, message, thresholds)?;
        set_open(&state, workspace)?;
        crate::app::apply_retention_in_background(&app);
        Ok(result)
    }
    .await;
    state.finish_fetch(&cancel);
    if let Ok(r) = &result {
        log::info!(
            "fetch finished in {:.1} s: {} joins, {}",
            started.elapsed().as_secs_f64(),
            r.overview.participants.len(),
            if r.complete { "complete" } else { "partial" }
        );
    }
    result.logged(&state, "start_fetch")
}

/// While a fetch runs: as soon as the first responses are in (checked every 200 ms), then about
/// once a second when more arrived, the joins fetched so far go
/// to the UI. Deriving them takes longer on a big meeting, so the pause grows with it (at most a
/// third of the time is spent on this), and it runs off the async threads.
async fn show_partial_results(partial: Arc<PartialFetch>, on_event: Channel<FetchEvent>) {
    let mut pause = FIRST_PARTIAL_CHECK;
    let mut shown = false;
    loop {
        tokio::time::sleep(pause).await;
        let started = Instant::now();
        let source = partial.clone();
        let Ok(view) = tauri::async_runtime::spawn_blocking(move || source.view_if_changed()).await else { return };
        if let Some(view) = view {
            if on_event.send(FetchEvent::Partial { view }).is_err() {
                return;
            }
            shown = true;
        }
        let every = if shown { PARTIAL_RESULTS_EVERY } else { FIRST_PARTIAL_CHECK };
        pause = every.max(started.elapsed() * 2);
    }
}

/// Stops the running fetch; what was fetched is kept. Returns whether a fetch was running.
#[tauri::command]
pub fn cancel_fetch(state: State<'_, AppState>) -> bool {
    match state.fetch_cancel.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
        Some(cancel) => {
            cancel.cancel();
            true
        }
        None => false,
    }
}
