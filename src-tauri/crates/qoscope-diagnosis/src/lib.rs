//! QoScope's diagnosis engine (Tauri-free): grades a [`Meeting`] minute by minute against
//! configurable [`Thresholds`], summarizes every join and finds quality [`Episode`]s.
//!
//! * [`thresholds`]: warning / poor limits per stream kind and metric, with sourced defaults.
//! * [`grade`]: per join, per stream, per minute grades (Good / Warning / Poor / NoData) and
//!   the metric and value that caused them.
//! * [`summary`]: per-join min / avg / p95 / max and minutes at warning and poor per metric.
//! * [`episodes`]: contiguous degraded minutes merged into episodes.
//! * [`attribution`]: a first, rule-based guess at each episode's cause (sender uplink,
//!   receiver downlink, meeting-wide, device CPU, Wi-Fi).

pub mod attribution;
pub mod episodes;
pub mod grade;
pub mod summary;
pub mod thresholds;

#[cfg(test)]
mod testutil;

pub use episodes::{find_episodes, Attribution, Episode};
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
}

/// Grades, summarizes, finds the episodes of a meeting and attributes them.
pub fn analyze(meeting: &Meeting, thresholds: &Thresholds) -> Analysis {
    let grades = grade_meeting(meeting, thresholds);
    let summaries = summarize(meeting, &grades, thresholds);
    let mut episodes = find_episodes(&grades, &thresholds.episodes);
    let joins_receiving = grades
        .joins
        .iter()
        .filter(|j| j.streams.iter().any(|s| s.stream.direction() == qoscope_model::metric::Direction::Received))
        .count();
    attribution::attribute(&mut episodes, joins_receiving);
    Analysis { grades, summaries, episodes }
}
