//! QoScope's shell: the Tauri window (`app`, `commands`) and the headless CLI (`cli`) over the
//! same Tauri-free core crates in `src-tauri/crates/`.

pub mod app;
pub mod cli;
pub mod commands;
pub mod diagnostics;
pub mod memory;
pub mod settings;
pub mod webview;
