//! The desktop window.

use crate::commands;
use qoscope_api::workspace::Workspace;
use std::sync::Mutex;

/// State shared by the commands: the investigation that is open.
#[derive(Default)]
pub struct AppState {
    pub workspace: Mutex<Option<Workspace>>,
    /// Held while the settings are loaded, changed and saved.
    pub settings_lock: Mutex<()>,
}

pub fn run() {
    let result = tauri::Builder::default()
        // Settings (settings.json in the app data directory), used from Rust only: the window's
        // capability grants no store permission.
        .plugin(tauri_plugin_store::Builder::default().build())
        // Save dialog and clipboard for exports, used from Rust only (no webview permission).
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .manage(AppState::default())
        .manage(commands::export::SavedExports::default())
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("qoscope: the window could not start: {e}");
        eprintln!("qoscope: on Linux this needs a graphical session (DISPLAY or WAYLAND_DISPLAY); the CLI works without one (qoscope help)");
        std::process::exit(1);
    }
}
