//! Episodes: runs of degraded minutes of one stream of one join.
//!
//! Degraded (Warning or Poor) minutes are merged while the gaps between them (Good or NoData
//! minutes) are at most [`EpisodeRules::max_gap_minutes`]; a run with fewer than
//! [`EpisodeRules::min_degraded_minutes`] degraded minutes (a blip) is no episode.

use crate::grade::{Cause, MeetingGrades, StreamGrades};
use crate::thresholds::{EpisodeRules, Grade};
use chrono::{DateTime, Utc};
use qoscope_model::metric::{Direction, Media};
use qoscope_model::Stream;
use serde::{Deserialize, Serialize};

/// What most likely caused an episode. Set by [`crate::attribution::attribute`] (which
/// [`crate::analyze`] runs); [`find_episodes`] alone leaves it `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Attribution {
    /// What this join receives is bad because one sender's uplink is bad.
    SenderUplink { sender_user_id: String },
    /// This join's own uplink (what it sends is bad, at the source).
    OwnUplink,
    /// This join's downlink: only what it receives is bad, senders are fine.
    ReceiverDownlink,
    /// Most joins degrade at the same minutes.
    MeetingWide,
    /// The device's CPU is saturated.
    DeviceCpu,
    /// The device's Wi-Fi signal is weak.
    WeakWifi,
}

/// One episode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Episode {
    /// Index into `Meeting::joins`.
    pub join_index: usize,
    pub user_id: String,
    pub user_name: String,
    pub stream: Stream,
    pub media: Media,
    pub direction: Direction,
    /// Start of the first degraded minute.
    pub start: DateTime<Utc>,
    /// End of the last degraded minute (exclusive: last minute + 1 min).
    pub end: DateTime<Utc>,
    /// The worst grade in the episode.
    pub grade: Grade,
    pub degraded_minutes: u32,
    pub poor_minutes: u32,
    /// The worst value of every metric that was degraded, worst grade first.
    pub worst: Vec<Cause>,
    pub attribution: Option<Attribution>,
}

/// Every episode of the meeting, ordered by start, then join, then stream.
pub fn find_episodes(grades: &MeetingGrades, rules: &EpisodeRules) -> Vec<Episode> {
    let mut out = Vec::new();
    let Some(_) = grades.start else { return out };
    for jg in &grades.joins {
        for sg in &jg.streams {
            for (from, to) in runs(sg, rules) {
                let Some(start) = grades.minute_time(from) else { continue };
                let Some(end) = grades.minute_time(to + 1) else { continue };
                let minutes = &sg.minutes[from..=to];
                let mut worst: Vec<Cause> = Vec::new();
                for c in minutes.iter().flat_map(|m| m.causes.iter()) {
                    match worst.iter_mut().find(|w| w.metric == c.metric) {
                        Some(w) if c.grade > w.grade || (c.grade == w.grade && c.is_worse_than(w)) => *w = *c,
                        Some(_) => {}
                        None => worst.push(*c),
                    }
                }
                worst.sort_by(|a, b| b.grade.cmp(&a.grade).then(a.metric.cmp(&b.metric)));
                out.push(Episode {
                    join_index: jg.join_index,
                    user_id: jg.user_id.clone(),
                    user_name: jg.user_name.clone(),
                    stream: sg.stream,
                    media: sg.stream.media(),
                    direction: sg.stream.direction(),
                    start,
                    end,
                    grade: minutes.iter().map(|m| m.grade).max().unwrap_or(Grade::NoData),
                    degraded_minutes: minutes.iter().filter(|m| m.grade.is_degraded()).count() as u32,
                    poor_minutes: minutes.iter().filter(|m| m.grade == Grade::Poor).count() as u32,
                    worst,
                    attribution: None,
                });
            }
        }
    }
    out.sort_by_key(|e| (e.start, e.join_index, e.stream));
    out
}

/// `(first, last)` degraded minute indexes of each run that qualifies as an episode.
fn runs(sg: &StreamGrades, rules: &EpisodeRules) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, usize, u32)> = None; // first, last, degraded count
    for (i, m) in sg.minutes.iter().enumerate() {
        if !m.grade.is_degraded() {
            continue;
        }
        current = match current {
            Some((first, last, n)) if i - last - 1 <= rules.max_gap_minutes as usize => Some((first, i, n + 1)),
            Some(done) => {
                push_run(&mut out, done, rules);
                Some((i, i, 1))
            }
            None => Some((i, i, 1)),
        };
    }
    if let Some(done) = current {
        push_run(&mut out, done, rules);
    }
    out
}

fn push_run(out: &mut Vec<(usize, usize)>, (first, last, n): (usize, usize, u32), rules: &EpisodeRules) {
    if n >= rules.min_degraded_minutes.max(1) {
        out.push((first, last));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::grade_meeting;
    use crate::testutil::*;
    use crate::Thresholds;
    use qoscope_model::Metric;

    fn episodes(losses: &[Option<f64>]) -> Vec<Episode> {
        let t = Thresholds::default();
        find_episodes(&grade_meeting(&meeting(vec![loss_join("1", losses)]), &t), &t.episodes)
    }

    #[test]
    fn a_one_minute_blip_is_no_episode() {
        assert!(episodes(&[Some(0.0), Some(20.0), Some(0.0), Some(0.0)]).is_empty());
    }

    #[test]
    fn a_one_minute_gap_inside_an_episode_is_merged() {
        let e = episodes(&[Some(0.0), Some(5.0), Some(12.0), Some(0.0), Some(6.0), Some(0.0), Some(0.0)]);
        assert_eq!(e.len(), 1, "{e:?}");
        let e = &e[0];
        assert_eq!((e.start, e.end), (at(1), at(5)));
        assert_eq!((e.stream, e.direction, e.media), (Stream::AudioInput, Direction::Sent, Media::Audio));
        assert_eq!((e.grade, e.degraded_minutes, e.poor_minutes), (Grade::Poor, 3, 1));
        assert_eq!(e.worst.len(), 1);
        assert_eq!((e.worst[0].metric, e.worst[0].value), (Metric::AvgLoss, 12.0));
        assert_eq!(e.user_id, "1");
        assert_eq!(e.attribution, None);
    }

    #[test]
    fn a_missing_minute_inside_an_episode_is_a_gap_too() {
        let e = episodes(&[Some(5.0), None, Some(5.0)]);
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].start, e[0].end, e[0].degraded_minutes), (at(0), at(3), 2));
    }

    #[test]
    fn a_two_minute_gap_splits_episodes() {
        let e = episodes(&[Some(5.0), Some(5.0), Some(0.0), Some(0.0), Some(5.0), Some(5.0)]);
        let spans: Vec<_> = e.iter().map(|e| (e.start, e.end)).collect();
        assert_eq!(spans, vec![(at(0), at(2)), (at(4), at(6))]);
    }

    #[test]
    fn missing_data_makes_no_episode() {
        assert!(episodes(&[None, None, None]).is_empty());
        assert!(episodes(&[Some(0.0), None, None, None, Some(0.0)]).is_empty());
        let t = Thresholds::default();
        assert!(find_episodes(&grade_meeting(&meeting(vec![]), &t), &t.episodes).is_empty());
    }

    #[test]
    fn values_exactly_at_the_warning_threshold_make_no_episode() {
        assert!(episodes(&[Some(3.0), Some(3.0), Some(3.0)]).is_empty());
        assert_eq!(episodes(&[Some(3.1), Some(3.1)]).len(), 1);
    }
}
