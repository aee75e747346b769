//! Commands over the open investigation: app facts, opening a meeting, a participant's data,
//! everyone's grades (heatmap) and one metric across everyone (Compare). They run on Tauri's
//! blocking threads (`super::blocking`), not the window's or the async workers', under a shared
//! read lock: the findings (asked once the grades are in) are made while the page draws.

use super::{blocking, set_open, with_open};
use crate::app::AppState;
use crate::diagnostics::Logged;
use crate::settings;
use qoscope_api::compare::{MetricAcross, MetricChoice};
use qoscope_api::dto::{AppInfo, MeetingOverview, ParticipantTimeline};
use qoscope_api::findings_view::FindingsView;
use qoscope_api::quality::{MinuteCauses, QualityMap};
use qoscope_api::workspace::Workspace;
use qoscope_api::ApiError;
use tauri::{AppHandle, Manager, Runtime};

#[tauri::command]
pub fn app_info() -> AppInfo {
    AppInfo {
        name: "QoScope".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        snapshot_version: qoscope_snapshot::VERSION,
    }
}

#[tauri::command]
pub async fn open_demo_meeting<R: Runtime>(app: AppHandle<R>) -> Result<MeetingOverview, ApiError> {
    blocking(&app, |app| {
        let workspace = Workspace::demo_with(settings::load(app)?.thresholds)?;
        let overview = workspace.overview();
        set_open(&app.state::<AppState>(), workspace)?;
        Ok(overview)
    })
    .await
}

#[tauri::command]
pub async fn participant_timeline<R: Runtime>(
    app: AppHandle<R>,
    user_id: String,
) -> Result<ParticipantTimeline, ApiError> {
    with_open(&app, move |w| w.timeline(&user_id)).await
}

/// Environment variable naming a snapshot file to open at startup instead of the demo meeting
/// (benchmarks and scripted sessions use it; people use the rail).
pub const OPEN_SNAPSHOT_ENV: &str = "QOSCOPE_OPEN_SNAPSHOT";

/// Opens the meeting the window starts on: the snapshot named by `QOSCOPE_OPEN_SNAPSHOT` when
/// it is set, else the built-in demo meeting.
#[tauri::command]
pub async fn open_startup_meeting<R: Runtime>(app: AppHandle<R>) -> Result<MeetingOverview, ApiError> {
    blocking(&app, |app| {
        let state = app.state::<AppState>();
        let opened = (|| {
            let thresholds = settings::load(app)?.thresholds;
            let workspace = match std::env::var_os(OPEN_SNAPSHOT_ENV).filter(|v| !v.is_empty()) {
                Some(path) => Workspace::open_file_with(std::path::Path::new(&path), thresholds)?,
                None => Workspace::demo_with(thresholds)?,
            };
            let overview = workspace.overview();
            set_open(&state, workspace)?;
            Ok(overview)
        })();
        opened.logged(&state, "open_startup_meeting")
    })
    .await
}

/// Everyone's grades minute by minute (the heatmap) and the meeting's episodes.
#[tauri::command]
pub async fn quality_map<R: Runtime>(app: AppHandle<R>) -> Result<QualityMap, ApiError> {
    with_open(&app, |w| Ok(w.quality_map())).await
}

/// What made each degraded minute of one join degraded (the heatmap's tooltips, asked per row).
#[tauri::command]
pub async fn minute_causes<R: Runtime>(app: AppHandle<R>, user_id: String) -> Result<MinuteCauses, ApiError> {
    with_open(&app, move |w| w.minute_causes(&user_id)).await
}

/// The (stream, metric) pairs that have data in the open meeting, for Compare.
#[tauri::command]
pub async fn metric_choices<R: Runtime>(app: AppHandle<R>) -> Result<Vec<MetricChoice>, ApiError> {
    with_open(&app, |w| Ok(w.metric_choices())).await
}

/// One metric of every join that has it, with the meeting's median per minute.
#[tauri::command]
pub async fn metric_across<R: Runtime>(
    app: AppHandle<R>,
    stream: String,
    metric: String,
) -> Result<MetricAcross, ApiError> {
    with_open(&app, move |w| w.metric_across(&stream, &metric)).await
}

/// The diagnosis of the open meeting: findings grouped by cause (the Findings panel), their
/// sentences in the app's display zone (minutes east of UTC and its label; none = UTC).
#[tauri::command]
pub async fn meeting_findings<R: Runtime>(
    app: AppHandle<R>,
    utc_offset_minutes: Option<i32>,
    zone_label: Option<String>,
) -> Result<FindingsView, ApiError> {
    let offset = utc_offset_minutes.unwrap_or(0).clamp(-18 * 60, 18 * 60) * 60;
    let clock = match chrono::FixedOffset::east_opt(offset) {
        Some(tz) => qoscope_diagnosis::Clock::zoned(tz, zone_label.as_deref().unwrap_or("")),
        None => qoscope_diagnosis::Clock::utc(),
    };
    with_open(&app, move |w| Ok(w.findings_in(&clock))).await
}
