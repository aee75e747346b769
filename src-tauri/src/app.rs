//! The desktop window.

use crate::commands;
use qoscope_api::workspace::Workspace;
use std::sync::Mutex;

/// State shared by the commands: the investigation that is open.
#[derive(Default)]
pub struct AppState {
    pub workspace: Mutex<Option<Workspace>>,
}

pub fn run() {
    let result = tauri::Builder::default()
        .manage(AppState::default())
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("qoscope: the window could not start: {e}");
        eprintln!("qoscope: on Linux this needs a graphical session (DISPLAY or WAYLAND_DISPLAY); the CLI works without one (qoscope help)");
        std::process::exit(1);
    }
}
