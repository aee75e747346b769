//! Logs a helpdesk can send: a rotating log file in the OS log folder (tauri-plugin-log), the
//! last errors the window met, and "Copy diagnostics" — versions, OS, log folder, recent errors —
//! with secrets never present and personal data (home folder, e-mail and IP addresses) masked,
//! in the log file as on the clipboard ([`qoscope_api::log_mask`]).

use crate::app::AppState;
use qoscope_api::log_mask::mask_personal;
use qoscope_api::ApiError;
use std::collections::VecDeque;
use std::sync::Mutex;
use tauri::{AppHandle, Manager, Runtime};

/// Environment variable choosing the log level (`error`, `warn`, `info`, `debug`, `trace`).
pub const LOG_LEVEL_ENV: &str = "QOSCOPE_LOG";

/// How many recent errors "Copy diagnostics" lists.
const RECENT_ERRORS: usize = 20;

/// The home folder, shown as `~` in logs and diagnostics.
fn home_dir() -> Option<String> {
    std::env::var("HOME").or_else(|_| std::env::var("USERPROFILE")).ok()
}

/// One line of `qoscope.log`: tauri-plugin-log's own layout (`[date][time][target][LEVEL]
/// message`, UTC) with the message masked like "Copy diagnostics".
fn log_line(now: chrono::DateTime<chrono::Utc>, record: &log::Record, message: &str, home: Option<&str>) -> String {
    format!(
        "{}[{}][{}] {}",
        now.format("[%Y-%m-%d][%H:%M:%S]"),
        record.target(),
        record.level(),
        mask_personal(message, home)
    )
}

/// The log plugin: `qoscope.log` in the OS log folder, rotated at 1 MB keeping five files, at
/// `QOSCOPE_LOG` level (default `info`); chatty dependencies only from `warn` up. Every line is
/// masked ([`log_line`]).
pub fn log_plugin<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    use tauri_plugin_log::{RotationStrategy, Target, TargetKind};
    let level = std::env::var(LOG_LEVEL_ENV)
        .ok()
        .and_then(|v| v.parse::<log::LevelFilter>().ok())
        .unwrap_or(log::LevelFilter::Info);
    let home = home_dir();
    let mut builder = tauri_plugin_log::Builder::new()
        .clear_targets()
        .target(Target::new(TargetKind::LogDir { file_name: Some("qoscope".into()) }))
        .rotation_strategy(RotationStrategy::KeepSome(5))
        .max_file_size(1_000_000)
        .format(move |out, message, record| {
            let line = log_line(chrono::Utc::now(), record, &message.to_string(), home.as_deref());
            out.finish(format_args!("{line}"))
        })
        .level(level);
    for noisy in ["tao", "wry", "reqwest", "hyper", "hyper_util", "tracing", "rustls", "h2"] {
        builder = builder.level_for(noisy, log::LevelFilter::Warn);
    }
    builder.build()
}

/// The last errors the window met (command, code, message).
#[derive(Default)]
pub struct ErrorLog(Mutex<VecDeque<String>>);

impl ErrorLog {
    fn push(&self, line: String) {
        let mut errors = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if errors.len() == RECENT_ERRORS {
            errors.pop_front();
        }
        errors.push_back(line);
    }

    fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).iter().cloned().collect()
    }
}

/// Logs a command's failure and keeps it for "Copy diagnostics".
pub trait Logged {
    fn logged(self, state: &AppState, command: &str) -> Self;
}

impl<T> Logged for Result<T, ApiError> {
    fn logged(self, state: &AppState, command: &str) -> Self {
        if let Err(e) = &self {
            let line = format!(
                "{} {command}: {:?}: {}",
                chrono::Utc::now().format("%Y-%m-%d %H:%M:%S UTC"),
                e.code,
                e.message
            );
            log::warn!("{line}");
            state.errors.push(line);
        }
        self
    }
}

/// The text "Copy diagnostics" puts on the clipboard.
pub fn report<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> String {
    let home = home_dir();
    let log_dir =
        app.path().app_log_dir().map(|p| p.display().to_string()).unwrap_or_else(|e| format!("unknown ({e})"));
    let os_release = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|t| t.lines().find_map(|l| l.strip_prefix("PRETTY_NAME=").map(|v| v.trim_matches('"').to_owned())));
    let mut text = format!(
        "QoScope {} (snapshot format {})\nTauri {}\nOS: {} {}{}\nLog folder: {}\nLog level: {}\n",
        env!("CARGO_PKG_VERSION"),
        qoscope_snapshot::VERSION,
        tauri::VERSION,
        std::env::consts::OS,
        std::env::consts::ARCH,
        os_release.map(|r| format!(" ({r})")).unwrap_or_default(),
        log_dir,
        std::env::var(LOG_LEVEL_ENV).unwrap_or_else(|_| "info".into()),
    );
    #[cfg(target_os = "linux")]
    text.push_str(&format!("WebKitGTK settings: {}\n", crate::webview::describe_environment()));
    let errors = state.errors.lines();
    if errors.is_empty() {
        text.push_str("Recent errors: none\n");
    } else {
        text.push_str(&format!("Recent errors ({}):\n", errors.len()));
        for e in errors {
            text.push_str("  ");
            text.push_str(&e);
            text.push('\n');
        }
    }
    mask_personal(&text, home.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_file_lines_are_masked() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-24T10:15:00Z").unwrap().to_utc();
        let message = "fetch failed for ana@example.com at [2001:db8::1]:443 (ip=198.51.100.5) in /home/ana/x";
        let record = log::Record::builder().target("qoscope_app").level(log::Level::Warn).build();
        assert_eq!(
            log_line(now, &record, message, Some("/home/ana")),
            "[2026-11-24][10:15:00][qoscope_app][WARN] fetch failed for <e-mail> at <ip> (ip=<ip>) in ~/x"
        );
    }

    #[test]
    fn the_error_log_keeps_the_last_twenty() {
        let log = ErrorLog::default();
        for i in 0..25 {
            log.push(format!("e{i}"));
        }
        let lines = log.lines();
        assert_eq!(lines.len(), 20);
        assert_eq!(lines[0], "e5");
    }
}
