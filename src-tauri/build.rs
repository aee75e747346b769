// Every command the UI may call is declared here: Tauri then generates an `allow-<command>`
// permission for each, and only those granted in src-tauri/capabilities/ can be invoked.
fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(qoscope_commands())),
    )
    .expect("tauri-build failed");
}

/// Keep in sync with `commands::handler()` in src-tauri/src/commands/mod.rs (a test checks it).
fn qoscope_commands() -> &'static [&'static str] {
    &[
        "app_info",
        "open_demo_meeting",
        "participant_timeline",
        "open_startup_meeting",
        "quality_map",
        "minute_causes",
        "metric_choices",
        "metric_across",
        "meeting_findings",
        "diagnostics_report",
        "list_profiles",
        "save_profile",
        "delete_profile",
        "test_connection",
        "fetch_profiles",
        "search_meetings",
        "search_person",
        "meeting_instances",
        "start_fetch",
        "cancel_fetch",
        "list_investigations",
        "open_investigation",
        "rename_investigation",
        "delete_investigation",
        "import_investigations",
        "watch_dropped_files",
        "get_preferences",
        "save_preferences",
        "reset_thresholds",
        "export_chart",
        "export_report",
        "copy_chart_png",
        "reveal_export",
        "plan_history",
        "start_history",
        "list_histories",
        "open_history",
        "rename_history",
        "delete_history",
    ]
}
