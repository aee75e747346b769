// No console window on Windows release builds; the CLI still writes to a parent console.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if qoscope_app::cli::wants_cli(&args) {
        qoscope_app::cli::run(args)
    } else {
        qoscope_app::webview::prepare_environment();
        qoscope_app::app::run();
        std::process::ExitCode::SUCCESS
    }
}
