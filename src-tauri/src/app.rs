//! The desktop window.

use crate::commands;
use qoscope_api::demo_zoom::DemoZoom;
use qoscope_api::history_store::HistoryStore;
use qoscope_api::investigations::{ImportReport, InvestigationStore};
use qoscope_api::retention;
use qoscope_api::workspace::Workspace;
use qoscope_api::{ApiError, ErrorCode};
use qoscope_zoom::CancelFlag;
use std::sync::{Mutex, OnceLock, RwLock};
use tauri::ipc::Channel;
use tauri::{AppHandle, DragDropEvent, Manager, Runtime, WindowEvent};

/// State shared by the commands: the investigation that is open, the running fetch, the saved
/// investigations and the demo profile's simulator.
#[derive(Default)]
pub struct AppState {
    /// Read by many commands at once (the grades and the findings are asked together and
    /// answered on two threads); written when a meeting opens or the thresholds change.
    pub workspace: RwLock<Option<Workspace>>,
    /// Held while the settings are loaded, changed and saved.
    pub settings_lock: Mutex<()>,
    /// Cancels the fetch in progress (at most one at a time).
    pub fetch_cancel: Mutex<Option<CancelFlag>>,
    /// `<app data>/investigations`, set on first use.
    pub investigations: OnceLock<InvestigationStore>,
    /// `<app data>/histories`, set on first use.
    pub histories: OnceLock<HistoryStore>,
    /// The "Demo (simulated Zoom)" profile's simulator, started on first use.
    pub demo: DemoZoom,
    /// Where imports of files dropped on the window are reported (the UI registers it).
    pub drop_reports: Mutex<Option<Channel<ImportReport>>>,
    /// The last errors, for "Copy diagnostics".
    pub errors: crate::diagnostics::ErrorLog,
}

impl AppState {
    /// A fetch (of a meeting or a person's history) starts: its cancel flag, unless another one
    /// is still running (at most one at a time).
    pub fn start_fetch(&self) -> Result<CancelFlag, ApiError> {
        let mut running = self.fetch_cancel.lock().unwrap_or_else(|e| e.into_inner());
        if running.as_ref().is_some_and(|c| !c.is_cancelled()) {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                "A fetch is already running: wait for it or cancel it.",
            ));
        }
        let cancel = CancelFlag::new();
        *running = Some(cancel.clone());
        Ok(cancel)
    }

    /// A fetch that started with `cancel` ended: forget its flag, unless a newer fetch (started
    /// after this one was cancelled) has put its own there meanwhile.
    pub fn finish_fetch(&self, cancel: &CancelFlag) {
        let mut running = self.fetch_cancel.lock().unwrap_or_else(|e| e.into_inner());
        if running.as_ref().is_some_and(|c| c.is_same(cancel)) {
            *running = None;
        }
    }
}

/// The saved investigations in the app data directory.
pub fn investigations<'a, R: Runtime>(
    app: &AppHandle<R>,
    state: &'a AppState,
) -> Result<&'a InvestigationStore, ApiError> {
    if let Some(store) = state.investigations.get() {
        return Ok(store);
    }
    let dir = app.path().app_data_dir().map_err(|e| {
        ApiError::new(ErrorCode::Io, format!("QoScope could not find its data folder to keep investigations in: {e}"))
    })?;
    Ok(state.investigations.get_or_init(|| InvestigationStore::new(dir.join("investigations"))))
}

/// The saved person histories in the app data directory.
pub fn histories<'a, R: Runtime>(app: &AppHandle<R>, state: &'a AppState) -> Result<&'a HistoryStore, ApiError> {
    if let Some(store) = state.histories.get() {
        return Ok(store);
    }
    let dir = app.path().app_data_dir().map_err(|e| {
        ApiError::new(ErrorCode::Io, format!("QoScope could not find its data folder to keep histories in: {e}"))
    })?;
    Ok(state.histories.get_or_init(|| HistoryStore::new(dir.join("histories"))))
}

/// Applies Settings' retention rule to the saved investigations and person histories (nothing
/// when it is off). Logs
/// how many were deleted, never their names.
pub fn apply_retention<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> Result<(), ApiError> {
    let Some(days) = crate::settings::load(app)?.retention_days else { return Ok(()) };
    let now = std::time::SystemTime::now();
    let report = retention::sweep(investigations(app, state)?, days, now)?;
    let people = histories(app, state)?.sweep(days, now)?;
    if report != retention::SweepReport::default() || people != retention::SweepReport::default() {
        log::info!(
            "retention ({days} days): deleted {} saved investigation(s), {} saved person histories and {} leftover \
             temp file(s)",
            report.deleted.len(),
            people.deleted.len(),
            report.temp_files + people.temp_files
        );
    }
    Ok(())
}

/// [`apply_retention`] off the calling thread (at start and after a save), logging a failure.
pub fn apply_retention_in_background<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        if let Err(e) = apply_retention(&app, &app.state::<AppState>()) {
            log::warn!("retention: {}", e.message);
        }
    });
}

/// Files dropped on the window are imported as investigations, off the main thread; the result
/// goes to the UI's drop channel.
fn on_window_event<R: Runtime>(window: &tauri::Window<R>, event: &WindowEvent) {
    let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event else { return };
    let app = window.app_handle().clone();
    let paths = paths.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let report = match investigations(&app, &state) {
            Ok(store) => store.import_all(&paths),
            Err(e) => ImportReport { imported: Vec::new(), errors: vec![e] },
        };
        let channel = state.drop_reports.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if let Some(channel) = channel {
            let _ = channel.send(report);
        }
    });
}

/// Environment variable that makes the window show one word instead of QoScope's UI (the page
/// `ui/public/bench-one-word.html`: no script, no styles), for benchmarks only: `./x deb-check`
/// measures the installed app's idle memory against this baseline of the same binary.
pub const BENCH_ONE_WORD_ENV: &str = "QOSCOPE_BENCH_ONE_WORD";
const BENCH_ONE_WORD_PAGE: &str = "bench-one-word.html";

/// Creates the main window from its declaration in tauri.conf.json (declared with
/// `"create": false` so that its page can be chosen here): the UI, or the one-word page when
/// `QOSCOPE_BENCH_ONE_WORD=1`. Everything else (label, title, sizes, centring) is the declaration's.
fn create_main_window<R: Runtime>(app: &tauri::App<R>) -> tauri::Result<()> {
    let mut config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == "main")
        .cloned()
        .ok_or_else(|| tauri::Error::WindowNotFound)?;
    if std::env::var(BENCH_ONE_WORD_ENV).is_ok_and(|v| v == "1") {
        log::info!("{BENCH_ONE_WORD_ENV}=1: the window shows one word instead of the UI (a benchmark baseline)");
        config.url = tauri::WebviewUrl::App(BENCH_ONE_WORD_PAGE.into());
    }
    tauri::WebviewWindowBuilder::from_config(app, &config)?.build()?;
    Ok(())
}

pub fn run() {
    let result = tauri::Builder::default()
        // qoscope.log in the OS log folder (rotated); nothing the webview can call.
        .plugin(crate::diagnostics::log_plugin())
        // Settings (settings.json in the app data directory), used from Rust only: the window's
        // capability grants no store permission.
        .plugin(tauri_plugin_store::Builder::default().build())
        // The window's size, position and maximized state, restored at the next start (Rust
        // side only: the webview is granted nothing from this plugin).
        .plugin(tauri_plugin_window_state::Builder::default().build())
        // The Open dialog for importing snapshots, shown from Rust only: the window's capability
        // grants no dialog or fs permission.
        .plugin(tauri_plugin_dialog::init())
        // The clipboard for "Copy PNG" on charts, used from Rust only.
        .plugin(tauri_plugin_clipboard_manager::init())
        .setup(|app| {
            // Saved investigations older than Settings' limit go first thing.
            apply_retention_in_background(app.handle());
            log::info!(
                "QoScope {} starting on {} {} (log level: {})",
                env!("CARGO_PKG_VERSION"),
                std::env::consts::OS,
                std::env::consts::ARCH,
                std::env::var(crate::diagnostics::LOG_LEVEL_ENV).unwrap_or_else(|_| "info".into())
            );
            #[cfg(target_os = "linux")]
            log::info!("WebKitGTK settings: {}", crate::webview::describe_environment());
            create_main_window(app)?;
            Ok(())
        })
        .manage(AppState::default())
        .manage(commands::export::SavedExports::default())
        .on_window_event(on_window_event)
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("qoscope: the window could not start: {e}");
        eprintln!("qoscope: on Linux this needs a graphical session (DISPLAY or WAYLAND_DISPLAY); the CLI works without one (qoscope help)");
        std::process::exit(1);
    }
}
