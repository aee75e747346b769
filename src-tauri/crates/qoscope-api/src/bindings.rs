//! TypeScript bindings for the DTOs, written to `ui/src/lib/bindings/`, and the screen's colour
//! variables, written to `ui/src/palette.generated.css` from `qoscope_report::palette` (the one
//! definition the exports draw with, too).
//!
//! `cargo test -p qoscope-api` fails when the committed files differ from what the Rust side
//! produces; `./x gen-types` (or `QOSCOPE_UPDATE_BINDINGS=1 cargo test -p qoscope-api
//! bindings`) rewrites them.

use crate::accounts::{ConnectionReport, ProfileInfo, ProfileInput, ProfileList};
use crate::compare::{MetricAcross, MetricChoice};
use crate::dto::{AppInfo, MeetingOverview, ParticipantTimeline};
use crate::error::ApiError;
use crate::export::{ChartExportRequest, ReportExportRequest, SavedExport};
use crate::fetching::{FetchEvent, FetchInput, FetchResult, MeetingHit, SearchInput};
use crate::findings_view::FindingsView;
use crate::investigations::{ImportReport, InvestigationSummary};
use crate::preferences::Preferences;
use crate::quality::QualityMap;
use std::path::{Path, PathBuf};
use ts_rs::{Config, ExportError, TS};

/// Where the UI keeps the generated files.
pub fn ui_bindings_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../ui/src/lib/bindings")
}

/// The generated stylesheet of the palette's CSS variables.
pub fn palette_css_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..").join(qoscope_report::palette::CSS_PATH)
}

/// Writes every DTO (and what it references) as `.ts` files into `dir`.
pub fn export_all(dir: &Path) -> Result<(), ExportError> {
    let cfg = Config::new().with_out_dir(dir).with_large_int("number");
    AppInfo::export_all(&cfg)?;
    MeetingOverview::export_all(&cfg)?;
    ParticipantTimeline::export_all(&cfg)?;
    QualityMap::export_all(&cfg)?;
    crate::quality::MinuteCauses::export_all(&cfg)?;
    MetricAcross::export_all(&cfg)?;
    MetricChoice::export_all(&cfg)?;
    ApiError::export_all(&cfg)?;
    ProfileInfo::export_all(&cfg)?;
    ProfileInput::export_all(&cfg)?;
    ProfileList::export_all(&cfg)?;
    ConnectionReport::export_all(&cfg)?;
    ChartExportRequest::export_all(&cfg)?;
    ReportExportRequest::export_all(&cfg)?;
    SavedExport::export_all(&cfg)?;
    FindingsView::export_all(&cfg)?;
    crate::feedback::FeedbackItem::export_all(&cfg)?;
    FetchInput::export_all(&cfg)?;
    FetchEvent::export_all(&cfg)?;
    FetchResult::export_all(&cfg)?;
    SearchInput::export_all(&cfg)?;
    MeetingHit::export_all(&cfg)?;
    crate::person::FocusView::export_all(&cfg)?;
    crate::person::PersonSearchInput::export_all(&cfg)?;
    crate::person::PersonMeetingHit::export_all(&cfg)?;
    crate::person::PersonSearchResult::export_all(&cfg)?;
    InvestigationSummary::export_all(&cfg)?;
    ImportReport::export_all(&cfg)?;
    Preferences::export_all(&cfg)?;
    crate::history::HistoryInput::export_all(&cfg)?;
    crate::history::HistoryPlanView::export_all(&cfg)?;
    crate::history::HistoryEvent::export_all(&cfg)?;
    crate::history::HistoryResult::export_all(&cfg)?;
    crate::history::OpenedHistory::export_all(&cfg)?;
    crate::history_store::HistorySummary::export_all(&cfg)?;
    crate::history_view::HistoryView::export_all(&cfg)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn read_dir(dir: &Path) -> BTreeMap<String, String> {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "ts"))
                    .map(|e| {
                        (
                            e.file_name().to_string_lossy().into_owned(),
                            std::fs::read_to_string(e.path()).unwrap_or_default(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn committed_typescript_bindings_match_the_rust_types() {
        let fresh = tempfile::tempdir().unwrap();
        export_all(fresh.path()).unwrap();
        let committed_dir = ui_bindings_dir();
        if std::env::var("QOSCOPE_UPDATE_BINDINGS").is_ok_and(|v| v == "1") {
            let _ = std::fs::remove_dir_all(&committed_dir);
            std::fs::create_dir_all(&committed_dir).unwrap();
            export_all(&committed_dir).unwrap();
            return;
        }
        let want = read_dir(fresh.path());
        let have = read_dir(&committed_dir);
        assert!(!want.is_empty());
        assert_eq!(have, want, "ui/src/lib/bindings/ is stale: run `./x gen-types` and commit the result");
    }

    #[test]
    fn committed_palette_css_matches_the_rust_palette() {
        let want = qoscope_report::palette::css_file();
        let path = palette_css_path();
        if std::env::var("QOSCOPE_UPDATE_BINDINGS").is_ok_and(|v| v == "1") {
            std::fs::write(&path, &want).unwrap();
            return;
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "ui/src/palette.generated.css is stale or was edited by hand: change the colours in \
             qoscope-report/src/palette.rs, run `./x gen-types` and commit the result"
        );
    }
}
