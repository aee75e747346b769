//! The investigation that is open in the app: the meeting derived from a snapshot, its grades and
//! episodes (computed when it is opened), its findings (made when first asked for) and the little
//! it still needs of the snapshot. The raw
//! responses are not kept: they stay in the snapshot's file (a 1,000-person meeting's are a
//! hundred megabytes), and nothing the open meeting shows or exports reads them again.

use crate::compare::{self, MetricAcross, MetricChoice};
use crate::dto::{MeetingOverview, ParticipantTimeline};
use crate::error::ApiError;
use crate::feedback::{FeedbackAnswer, FeedbackItem};
use crate::findings_view::{findings_view, FindingsView};
use crate::quality::{self, QualityMap};
use crate::sharing::SharePeriod;
use crate::views;
use qoscope_diagnosis::attribution::MinuteLabel;
use qoscope_diagnosis::{Analysis, Clock, Episode, Finding, Thresholds};
use qoscope_model::Meeting;
use qoscope_snapshot::{Snapshot, SnapshotInfo};
use std::path::Path;
use std::sync::{Mutex, OnceLock};

/// An open meeting's episodes with their attribution (made once, for the findings).
struct Attributed {
    episodes: Vec<Episode>,
    labels: Vec<Vec<MinuteLabel>>,
}

/// An open meeting and everything derived from it.
pub struct Workspace {
    /// The snapshot without its exchanges.
    info: SnapshotInfo,
    /// Participants' answers to Zoom's question, matched to the meeting (read at open).
    answers: Vec<FeedbackAnswer>,
    /// Who shared their screen when (read at open).
    shares: Vec<SharePeriod>,
    meeting: Meeting,
    thresholds: Thresholds,
    /// The grades and the episodes, not attributed
    /// ([`qoscope_diagnosis::analyze_grades_and_episodes`]): the first screen does not wait for
    /// the attribution and the findings, made when the findings are first asked for. Its
    /// summaries, labels and findings are empty: never call `Analysis::findings_in` on it (use
    /// [`Workspace::findings_written_in`]).
    analysis: Analysis,
    quality: QualityMap,
    /// The episodes attributed, and what explains each of their minutes (for the findings).
    attributed: OnceLock<Attributed>,
    /// The findings in UTC (`summary`, exports, the feedback notes), written when first asked for.
    utc_findings: OnceLock<Vec<Finding>>,
    /// The findings written in the last display zone asked for: the findings panel asks again
    /// in the same zone (a reload, another investigation's tab), and writing them again costs as
    /// much as finding them.
    zoned: Mutex<Option<(Clock, Vec<Finding>)>>,
}

impl Workspace {
    /// Derives the meeting from a snapshot and analyses it with the default thresholds. The
    /// snapshot's responses are read here and dropped before the analysis (which can then reuse
    /// their memory): the workspace keeps only what it derived from them.
    pub fn from_snapshot(snapshot: Snapshot) -> Result<Workspace, ApiError> {
        Workspace::from_snapshot_with(snapshot, Thresholds::default())
    }

    /// [`Workspace::from_snapshot`] analysed with `thresholds` (the user's settings), once.
    pub fn from_snapshot_with(snapshot: Snapshot, thresholds: Thresholds) -> Result<Workspace, ApiError> {
        let meeting = snapshot.meeting()?;
        let info = snapshot.info();
        let answers = crate::feedback::answers(&snapshot, &meeting);
        let shares = crate::sharing::share_periods(&snapshot, &meeting);
        drop(snapshot);
        let analysis = qoscope_diagnosis::analyze_grades_and_episodes(&meeting, &thresholds);
        let quality = quality::quality_map(&meeting, &analysis);
        Ok(Workspace {
            info,
            answers,
            shares,
            meeting,
            thresholds,
            analysis,
            quality,
            attributed: OnceLock::new(),
            utc_findings: OnceLock::new(),
            zoned: Mutex::new(None),
        })
    }

    /// The same meeting analysed with `thresholds` (the user's settings); a no-op when they are
    /// the ones already used.
    pub fn with_thresholds(mut self, thresholds: Thresholds) -> Workspace {
        self.set_thresholds(thresholds);
        self
    }

    /// Analyses the open meeting again with other thresholds (after Settings changed them).
    pub fn set_thresholds(&mut self, thresholds: Thresholds) {
        if thresholds != self.thresholds {
            self.analysis = qoscope_diagnosis::analyze_grades_and_episodes(&self.meeting, &thresholds);
            self.quality = quality::quality_map(&self.meeting, &self.analysis);
            self.thresholds = thresholds;
            self.attributed = OnceLock::new();
            self.utc_findings = OnceLock::new();
            *self.zoned.get_mut().unwrap_or_else(|e| e.into_inner()) = None;
        }
    }

    /// Who rated the meeting badly, for the PDF report.
    pub fn report_feedback(&self) -> Vec<qoscope_report::FeedbackNote> {
        let findings = self.findings_utc();
        let items = self.feedback_for(findings);
        crate::feedback::report_notes(&items, findings)
    }

    /// What participants told Zoom (thumbs-down first), linked to `findings` (the open
    /// analysis's, or the CLI's own with other thresholds).
    pub fn feedback_for(&self, findings: &[Finding]) -> Vec<FeedbackItem> {
        crate::feedback::feedback(&self.answers, &self.meeting, findings)
    }

    /// The diagnosis's findings, grouped by cause, times in UTC.
    pub fn findings(&self) -> FindingsView {
        self.findings_in(&qoscope_diagnosis::Clock::utc())
    }

    /// The findings with their sentences' times in the display zone of `clock` (the app's
    /// Settings choice), labelled, UTC in brackets.
    pub fn findings_in(&self, clock: &Clock) -> FindingsView {
        let findings = self.findings_written_in(clock);
        let mut view = findings_view(&self.meeting, &findings);
        // The answers link to the findings by cause id, which is the same in every zone.
        view.feedback = self.feedback_for(&findings);
        // An investigation about a person shows the causes that concern them first.
        if let Some(focus) = crate::person::focus_view(&self.meeting, self.info.focus.as_deref()) {
            let theirs = |c: &crate::findings_view::CauseView| {
                c.culprit_user_id.as_ref().is_some_and(|u| focus.user_ids.contains(u))
                    || c.findings.iter().any(|f| focus.user_ids.contains(&f.user_id))
            };
            view.causes.sort_by_key(|c| !theirs(c));
        }
        view
    }

    /// The findings with their sentences in `clock`'s zone (UTC: the ones `summary` writes).
    pub fn findings_written_in(&self, clock: &Clock) -> Vec<Finding> {
        if *clock == Clock::utc() {
            return self.findings_utc().to_vec();
        }
        let mut zoned = self.zoned.lock().unwrap_or_else(|e| e.into_inner());
        match zoned.as_ref() {
            Some((zone, findings)) if zone == clock => findings.clone(),
            _ => {
                let findings = self.write_findings(clock);
                *zoned = Some((clock.clone(), findings.clone()));
                findings
            }
        }
    }

    /// The built-in demo meeting.
    pub fn demo() -> Result<Workspace, ApiError> {
        Workspace::demo_with(Thresholds::default())
    }

    /// The built-in demo meeting analysed with `thresholds`.
    pub fn demo_with(thresholds: Thresholds) -> Result<Workspace, ApiError> {
        Workspace::from_snapshot_with(qoscope_sim::demo_snapshot()?, thresholds)
    }

    /// Opens a snapshot file.
    pub fn open_file(path: &Path) -> Result<Workspace, ApiError> {
        Workspace::open_file_with(path, Thresholds::default())
    }

    /// Opens a snapshot file and analyses it with `thresholds`.
    pub fn open_file_with(path: &Path, thresholds: Thresholds) -> Result<Workspace, ApiError> {
        Workspace::from_snapshot_with(Snapshot::load(path)?, thresholds)
    }

    /// What the snapshot says besides its responses (source, request, focus…).
    pub fn snapshot_info(&self) -> &SnapshotInfo {
        &self.info
    }

    pub fn meeting(&self) -> &Meeting {
        &self.meeting
    }

    /// The thresholds the analysis used (exports grade with the same ones as the screen).
    pub fn thresholds(&self) -> &Thresholds {
        &self.thresholds
    }

    /// The findings, times in UTC (as `summary` and the exports write them), written on the
    /// first call.
    pub fn findings_utc(&self) -> &[Finding] {
        self.utc_findings.get_or_init(|| self.write_findings(&Clock::utc()))
    }

    /// Finds and writes the findings, times by `clock`, attributing the episodes first if no
    /// findings were asked for yet.
    fn write_findings(&self, clock: &Clock) -> Vec<Finding> {
        let a = self.attributed.get_or_init(|| {
            let mut episodes = self.analysis.episodes.clone();
            let labels = qoscope_diagnosis::attribution::attribute(&self.meeting, &mut episodes, &self.analysis.grades);
            Attributed { episodes, labels }
        });
        let rules = &self.thresholds.episodes;
        qoscope_diagnosis::findings::find(&self.meeting, &self.analysis.grades, &a.episodes, &a.labels, rules, clock)
    }

    pub fn overview(&self) -> MeetingOverview {
        views::overview(&self.info, &self.meeting)
    }

    /// Everyone's grades minute by minute, and the episodes.
    pub fn quality_map(&self) -> QualityMap {
        let mut map = self.quality.clone();
        map.sharing = self.shares.clone();
        map
    }

    /// What made each degraded minute of one join degraded (the heatmap's tooltips, on demand).
    pub fn minute_causes(&self, user_id: &str) -> Result<quality::MinuteCauses, ApiError> {
        quality::minute_causes(&self.analysis, user_id)
            .ok_or_else(|| ApiError::new(crate::ErrorCode::NotFound, "this participant is not in the open meeting"))
    }

    pub fn timeline(&self, user_id: &str) -> Result<ParticipantTimeline, ApiError> {
        views::timeline(&self.meeting, &self.thresholds, &self.quality.episodes, user_id)
    }

    /// The metrics that have data, for Compare.
    pub fn metric_choices(&self) -> Vec<MetricChoice> {
        compare::metric_choices(&self.meeting)
    }

    /// One metric of every join that has it.
    pub fn metric_across(&self, stream: &str, metric: &str) -> Result<MetricAcross, ApiError> {
        compare::metric_across(&self.meeting, &self.thresholds, stream, metric)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;
    use qoscope_diagnosis::Clock;

    #[test]
    fn the_findings_panel_writes_the_display_zone_and_the_cli_keeps_utc() {
        let ws = Workspace::demo().unwrap();
        let utc = ws.findings();
        let zoned = ws.findings_in(&Clock::zoned(FixedOffset::west_opt(5 * 3600).unwrap(), "EST"));
        assert_eq!(utc.causes.len(), zoned.causes.len());
        assert_eq!(
            utc.causes.iter().map(|c| &c.cause_id).collect::<Vec<_>>(),
            zoned.causes.iter().map(|c| &c.cause_id).collect::<Vec<_>>(),
            "the same causes, only their words differ"
        );
        let wifi = |v: &FindingsView| v.causes.iter().find(|c| c.kind == "wifi").unwrap().sentence.clone();
        assert!(wifi(&utc).starts_with("From 10:12 to 10:19 UTC, "), "{}", wifi(&utc));
        assert!(wifi(&zoned).starts_with("From 05:12 to 05:19 EST (10:12–10:19 UTC), "), "{}", wifi(&zoned));
        // `summary --json` reads the analysis: its sentences stay in UTC.
        assert!(ws.findings_utc().iter().all(|f| !f.sentence.contains("EST")));
        let disconnect = zoned.causes.iter().find(|c| c.kind == "disconnect").unwrap();
        assert!(disconnect.sentence.starts_with("At 05:31 EST (10:31 UTC) "), "{}", disconnect.sentence);
    }

    #[test]
    fn the_findings_written_when_asked_are_the_analysis_findings_with_any_thresholds() {
        let mut strict = Thresholds::default();
        strict.wifi_rssi.warning = -95.0;
        strict.wifi_rssi.poor = -99.0;
        for thresholds in [Thresholds::default(), strict] {
            let ws = Workspace::demo_with(thresholds.clone()).unwrap();
            let full = qoscope_diagnosis::analyze(ws.meeting(), &thresholds);
            assert!(!full.findings.is_empty());
            assert_eq!(ws.findings_utc(), full.findings.as_slice(), "the same findings as `summary` finds");
            let later = Workspace::demo().unwrap().with_thresholds(thresholds);
            assert_eq!(later.findings_utc(), full.findings.as_slice(), "opened with them or changed to them");
        }
    }

    #[test]
    fn findings_in_a_zone_are_written_once_per_zone_and_again_after_new_thresholds() {
        let est = Clock::zoned(FixedOffset::west_opt(5 * 3600).unwrap(), "EST");
        let cet = Clock::zoned(FixedOffset::east_opt(3600).unwrap(), "CET");
        let mut ws = Workspace::demo().unwrap();
        let first = ws.findings_written_in(&est);
        assert_eq!(first, ws.findings_written_in(&est), "the same zone, the same findings");
        assert!(ws.findings_written_in(&cet).iter().any(|f| f.sentence.contains("CET")), "another zone, rewritten");
        assert!(ws.findings_written_in(&est).iter().any(|f| f.sentence.contains("EST")), "and back");
        // Wi-Fi degraded only below -95 dBm: Aiko's weak Wi-Fi is no longer the cause.
        let mut strict = Thresholds::default();
        strict.wifi_rssi.warning = -95.0;
        strict.wifi_rssi.poor = -99.0;
        ws.set_thresholds(strict.clone());
        let fresh = Workspace::demo().unwrap().with_thresholds(strict);
        let sentences = |f: Vec<Finding>| f.into_iter().map(|f| f.sentence).collect::<Vec<_>>();
        let now = sentences(ws.findings_written_in(&est));
        assert!(now != sentences(first), "other thresholds, other findings");
        assert!(now == sentences(fresh.findings_written_in(&est)), "not the old thresholds' findings");
    }
}
