//! Ticket-ready exports: render in Rust, ask where to save with the native Save dialog (opened
//! from Rust: the webview has no dialog or fs permission), write atomically, reveal the file,
//! copy a chart to the clipboard.

use qoscope_api::export::{
    render_chart, render_chart_rgba, render_report, ChartExportRequest, RenderedExport, ReportExportRequest,
    SavedExport,
};
use qoscope_api::{ApiError, ErrorCode};
use std::path::PathBuf;
use std::sync::Mutex;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_dialog::DialogExt;

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Files this session saved: the only paths "Show in folder" will reveal.
#[derive(Default)]
pub struct SavedExports(pub Mutex<Vec<PathBuf>>);

/// The E2E's answer to the Save dialog: a folder where every export is saved under its default
/// name, without showing the dialog (WebDriver cannot drive a native GTK dialog). Set only by
/// `scripts/e2e.sh`; everything else — rendering, naming, the atomic write, "Show in folder" —
/// runs as for a user. Compiled into debug builds only.
#[cfg(debug_assertions)]
const E2E_SAVE_DIR: &str = "QOSCOPE_E2E_SAVE_DIR";

/// Where the user wants `export` saved: the native Save dialog's answer (`None`: cancelled).
async fn ask_where<R: Runtime>(app: &AppHandle<R>, export: &RenderedExport) -> Option<tauri_plugin_dialog::FilePath> {
    // Debug builds only (the E2E drives `tauri build --debug`); a release build always asks.
    #[cfg(debug_assertions)]
    if let Some(dir) = std::env::var_os(E2E_SAVE_DIR).filter(|d| !d.is_empty()) {
        log::warn!("{E2E_SAVE_DIR} is set: saving without asking (E2E test mode)");
        return Some(PathBuf::from(dir).join(&export.default_file_name).into());
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Save export")
        .set_file_name(&export.default_file_name)
        .add_filter(export.filter_name, &[export.extension])
        .save_file(move |path| {
            let _ = tx.send(path);
        });
    rx.await.ok().flatten()
}

/// Asks where to save `export` and writes it there; `None` when the user cancels.
async fn save<R: Runtime>(app: &AppHandle<R>, export: RenderedExport) -> Result<Option<SavedExport>, ApiError> {
    let Some(chosen) = ask_where(app, &export).await else { return Ok(None) };
    let mut path = chosen
        .into_path()
        .map_err(|e| ApiError::new(ErrorCode::Io, format!("that location cannot be written to: {e}")))?;
    if path.extension().is_none() {
        path.set_extension(export.extension);
    }
    let bytes = export.bytes;
    let target = path.clone();
    tauri::async_runtime::spawn_blocking(move || {
        qoscope_snapshot::write_atomically(&target, &bytes).map(|_| bytes.len())
    })
    .await
    .map_err(|e| ApiError::new(ErrorCode::Internal, format!("the write stopped unexpectedly: {e}")))?
    .map_err(|e| ApiError::new(ErrorCode::Io, format!("could not write {}: {e}", path.display())))
    .map(|len| {
        if let Ok(mut saved) = app.state::<SavedExports>().0.lock() {
            saved.push(path.clone());
        }
        Some(SavedExport {
            file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            path: path.to_string_lossy().into_owned(),
            bytes: u32::try_from(len).unwrap_or(u32::MAX),
        })
    })
}

#[tauri::command]
pub async fn export_chart<R: Runtime>(
    app: AppHandle<R>,
    request: ChartExportRequest,
) -> Result<Option<SavedExport>, ApiError> {
    let export = super::with_open(&app, move |ws| render_chart(ws, &request, VERSION)).await?;
    save(&app, export).await
}

#[tauri::command]
pub async fn export_report<R: Runtime>(
    app: AppHandle<R>,
    request: ReportExportRequest,
) -> Result<Option<SavedExport>, ApiError> {
    let export = super::with_open(&app, move |ws| render_report(ws, &request, VERSION)).await?;
    save(&app, export).await
}

#[tauri::command]
pub async fn copy_chart_png<R: Runtime>(app: AppHandle<R>, request: ChartExportRequest) -> Result<(), ApiError> {
    let (w, h, rgba) = super::with_open(&app, move |ws| render_chart_rgba(ws, &request, VERSION)).await?;
    app.clipboard()
        .write_image(&tauri::image::Image::new_owned(rgba, w, h))
        .map_err(|e| ApiError::new(ErrorCode::Io, format!("could not copy the chart to the clipboard: {e}")))
}

#[tauri::command]
pub fn reveal_export<R: Runtime>(app: AppHandle<R>, path: String) -> Result<(), ApiError> {
    let path = PathBuf::from(path);
    let known = app.state::<SavedExports>().0.lock().map(|saved| saved.contains(&path)).unwrap_or(false);
    if !known {
        return Err(ApiError::new(ErrorCode::InvalidInput, "only files exported in this session can be shown"));
    }
    tauri_plugin_opener::reveal_item_in_dir(&path)
        .map_err(|e| ApiError::new(ErrorCode::Io, format!("could not show {} in its folder: {e}", path.display())))
}
