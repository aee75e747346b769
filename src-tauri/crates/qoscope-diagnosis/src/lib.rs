//! QoScope's diagnosis engine (Tauri-free): grades a [`Meeting`] minute by minute against
//! configurable [`Thresholds`], summarizes every join and finds quality [`Episode`]s.
//!
//! * [`thresholds`]: warning / poor limits per stream kind and metric, with sourced defaults.
//! * [`grade`]: per join, per stream, per minute grades (Good / Warning / Poor / NoData) and
//!   the metric and value that caused them.
//! * [`summary`]: per-join min / avg / p95 / max and minutes at warning and poor per metric.
//! * [`episodes`]: contiguous degraded minutes merged into episodes.
//! * [`groups`]: trouble many joins share at once (meeting-wide uplink, shared-network groups).
//! * [`attribution`]: what explains each degraded minute of each episode (sender uplink,
//!   receiver downlink, meeting-wide, device CPU, Wi-Fi).
//! * [`findings`]: per participant and span, the kind of trouble, its culprit, the evidence, a
//!   sentence for a ticket and a next step; disconnects from leave reasons and rejoin gaps.

pub mod attribution;
pub mod episodes;
pub mod findings;
pub mod grade;
pub mod groups;
mod received;
pub mod summary;
pub mod thresholds;
pub mod zoom_verdict;

#[cfg(test)]
mod testutil;

pub use episodes::{find_episodes, Attribution, Episode};
pub use findings::{Clock, Evidence, Finding, FindingKind, GroupRef, PersonRef, Severity};
pub use grade::{grade_meeting, Cause, JoinGrades, MeetingGrades, MinuteGrade, StreamGrades};
pub use summary::{summarize, JoinSummary, MetricSummary};
pub use thresholds::{Grade, Level, Thresholds, Worse};

use qoscope_model::Meeting;
use serde::{Deserialize, Serialize};

/// Everything the diagnosis knows about one meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub grades: MeetingGrades,
    pub summaries: Vec<JoinSummary>,
    pub episodes: Vec<Episode>,
    /// The findings, times in UTC (empty from [`analyze_grades_and_episodes`]).
    pub findings: Vec<Finding>,
    /// What explains each minute of each join (kept to write the findings in another zone).
    #[serde(skip)]
    pub labels: Vec<Vec<attribution::MinuteLabel>>,
}

impl Analysis {
    /// The findings with their times written by `clock` (the display zone, UTC in brackets);
    /// [`Analysis::findings`] are in UTC.
    pub fn findings_in(&self, meeting: &Meeting, thresholds: &Thresholds, clock: &Clock) -> Vec<Finding> {
        if *clock == Clock::utc() {
            return self.findings.clone();
        }
        findings::find(meeting, &self.grades, &self.episodes, &self.labels, &thresholds.episodes, clock)
    }
}

/// Grades and summarizes a meeting, finds its episodes, attributes them and states the findings.
pub fn analyze(meeting: &Meeting, thresholds: &Thresholds) -> Analysis {
    let grades = grade_meeting(meeting, thresholds);
    // The summaries need only the grades: they are made on a second core beside the episodes,
    // their attribution and the findings (a third of the analysis of a 1,000-person meeting).
    let (summaries, episodes, labels, findings) = std::thread::scope(|scope| {
        // Without a second thread (the system refused one), the summaries are made here after.
        let summaries = std::thread::Builder::new().spawn_scoped(scope, || summarize(meeting, &grades, thresholds));
        let mut episodes = find_episodes(&grades, &thresholds.episodes);
        let labels = attribution::attribute(meeting, &mut episodes, &grades);
        let findings = findings::find(meeting, &grades, &episodes, &labels, &thresholds.episodes, &Clock::utc());
        let summaries = match summaries {
            Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => summarize(meeting, &grades, thresholds),
        };
        (summaries, episodes, labels, findings)
    });
    Analysis { grades, summaries, episodes, findings, labels }
}

/// Only the grades and the episodes, **not attributed**: [`Episode::attribution`] is left as
/// found, and [`Analysis::summaries`], [`Analysis::labels`] and [`Analysis::findings`] are empty.
/// The window opens a meeting this way: its first screen (the grades) does not wait for the
/// rest, two thirds of the analysis; [`attribution::attribute`] and [`findings::find`] make the
/// findings when the findings panel asks for them, once, in the zone it shows them in.
pub fn analyze_grades_and_episodes(meeting: &Meeting, thresholds: &Thresholds) -> Analysis {
    let grades = grade_meeting(meeting, thresholds);
    let episodes = find_episodes(&grades, &thresholds.episodes);
    Analysis { grades, summaries: Vec::new(), episodes, findings: Vec::new(), labels: Vec::new() }
}
