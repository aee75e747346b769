//! Episodes: runs of minutes of one stream of one join with a degraded *symptom* (network
//! latency, jitter or loss; system CPU; Wi-Fi signal — see [`crate::thresholds::is_symptom`]).
//! Minutes degraded only in bitrate, resolution or frame rate (content and layout) are no part
//! of an episode.
//!
//! Degraded minutes are merged while the gaps between them hold at most
//! [`EpisodeRules::max_gap_minutes`] good minutes (missing minutes say nothing and do not count,
//! up to [`crate::thresholds::MAX_MISSING_IN_GAP`] of them). A run is an episode only when
//! [`EpisodeRules::min_degraded_minutes`] *consecutive* minutes in it (or twice as many,
//! flapping) are degraded in the *same* metric: isolated one-minute spikes in different minutes
//! or different metrics do not make an episode together.

use crate::grade::{Cause, MeetingGrades, StreamGrades};
use crate::thresholds::{EpisodeRules, Grade};
use chrono::{DateTime, Utc};
use qoscope_model::metric::{Direction, Media};
use qoscope_model::{Metric, Stream};
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
    /// A group of participants sharing a site, network or data centre suffered together.
    SharedNetwork { attribute: String, value: String },
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
                for c in minutes.iter().flat_map(|m| m.symptoms()) {
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
                    grade: minutes.iter().map(|m| m.symptom_grade()).max().unwrap_or(Grade::NoData),
                    degraded_minutes: minutes.iter().filter(|m| m.symptom_grade().is_degraded()).count() as u32,
                    poor_minutes: minutes.iter().filter(|m| m.symptom_grade() == Grade::Poor).count() as u32,
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
    let mut current: Option<(usize, usize)> = None; // first, last
    for (i, m) in sg.minutes.iter().enumerate() {
        if !m.symptom_grade().is_degraded() {
            continue;
        }
        current = match current {
            Some((first, last)) if rules.bridges(sg.minutes[last + 1..i].iter().map(|m| m.grade != Grade::NoData)) => {
                Some((first, i))
            }
            Some(done) => {
                push_run(&mut out, sg, done, rules);
                Some((i, i))
            }
            None => Some((i, i)),
        };
    }
    if let Some(done) = current {
        push_run(&mut out, sg, done, rules);
    }
    out
}

fn push_run(out: &mut Vec<(usize, usize)>, sg: &StreamGrades, (first, last): (usize, usize), rules: &EpisodeRules) {
    if !has_steady_core(&sg.minutes[first..=last], rules.min_degraded_minutes.max(1) as usize) {
        return;
    }
    out.push(trim_lone_ends(&sg.minutes, first, last));
}

/// Drops a lone degraded minute at either end of a run when a gap separates it from the rest:
/// a one-minute spike next to real trouble must not stretch its boundaries. A minute is lone
/// only when measured minutes show it: with a missing minute on its far side, it may as well be
/// the start of more trouble whose sample is missing, and it stays.
fn trim_lone_ends(minutes: &[crate::grade::MinuteGrade], mut first: usize, mut last: usize) -> (usize, usize) {
    let degraded = |i: usize| minutes[i].symptom_grade().is_degraded();
    // Only a minute measured as good separates; a missing minute says nothing.
    let good = |i: usize| minutes[i].grade != Grade::NoData && !degraded(i);
    let missing = |i: Option<usize>| i.and_then(|i| minutes.get(i)).is_some_and(|m| m.grade == Grade::NoData);
    if first < last && good(first + 1) && !missing(first.checked_sub(1)) {
        if let Some(n) = (first + 1..=last).find(|&i| degraded(i)) {
            if n < last && degraded(n + 1) {
                first = n;
            }
        }
    }
    if first < last && good(last - 1) && !missing(Some(last + 1)) {
        if let Some(p) = (first..last).rev().find(|&i| degraded(i)) {
            if p > first && degraded(p - 1) {
                last = p;
            }
        }
    }
    (first, last)
}

/// The symptom families a steady core is counted in (average and peak loss are one family).
pub(crate) fn family(metric: Metric) -> u8 {
    match metric {
        Metric::AvgLoss | Metric::MaxLoss => 0,
        Metric::Jitter => 1,
        Metric::Latency => 2,
        _ => 3,
    }
}

/// Whether the run has a steady core: `need` consecutive minutes degraded in one and the same
/// symptom family, or twice `need` minutes of that family anywhere in the run (flapping). For network streams one more condition separates trouble from two
/// independent spikes that happen to fall on neighbouring minutes: a second family is degraded
/// in one of those minutes too, or the streak is one minute longer. (CPU and Wi-Fi numbers do
/// not spike on their own.)
pub(crate) fn has_steady_core(minutes: &[crate::grade::MinuteGrade], need: usize) -> bool {
    let families = |m: &crate::grade::MinuteGrade| {
        let mut f: Vec<u8> = m.symptoms().map(|c| family(c.metric)).collect();
        f.sort_unstable();
        f.dedup();
        f
    };
    let per_minute: Vec<Vec<u8>> = minutes.iter().map(families).collect();
    let network = minutes
        .iter()
        .flat_map(|m| m.symptoms())
        .next()
        .is_some_and(|c| matches!(c.stream.media(), Media::Audio | Media::Video | Media::ScreenShare));
    for family in 0..4u8 {
        // Flapping trouble (bad every other minute) is trouble too: twice as many minutes as a
        // steady core needs, in one family, within the run.
        if per_minute.iter().filter(|f| f.contains(&family)).count() >= 2 * need {
            return true;
        }
        let mut streak: Vec<usize> = Vec::new();
        for (i, f) in per_minute.iter().enumerate() {
            if minutes[i].grade == Grade::NoData {
                continue; // a missing minute neither breaks nor extends a streak
            }
            if !f.contains(&family) {
                streak.clear();
                continue;
            }
            streak.push(i);
            if streak.len() < need {
                continue;
            }
            let window = &streak[streak.len() - need..];
            let corroborated = window.iter().any(|&m| per_minute[m].len() >= 2);
            if !network || corroborated || streak.len() > need {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::grade_meeting;
    use crate::testutil::*;
    use crate::Thresholds;

    fn episodes(losses: &[Option<f64>]) -> Vec<Episode> {
        let t = Thresholds::default();
        find_episodes(&grade_meeting(&meeting(vec![loss_join("1", losses)]), &t), &t.episodes)
    }

    #[test]
    fn a_one_minute_blip_is_no_episode() {
        assert!(episodes(&[Some(0.0), Some(20.0), Some(0.0), Some(0.0)]).is_empty());
    }

    #[test]
    fn isolated_spikes_in_different_minutes_make_no_episode_together() {
        assert!(episodes(&[Some(0.0), Some(20.0), Some(0.0), Some(9.0), Some(0.0), Some(0.0)]).is_empty());
    }

    #[test]
    fn spikes_of_different_metrics_in_neighbouring_minutes_make_no_episode() {
        let m = meeting(vec![join(
            "1",
            vec![
                sample(0, &[(Stream::AudioInput, Metric::AvgLoss, 0.0), (Stream::AudioInput, Metric::Jitter, 5.0)]),
                sample(1, &[(Stream::AudioInput, Metric::AvgLoss, 9.0), (Stream::AudioInput, Metric::Jitter, 5.0)]),
                sample(2, &[(Stream::AudioInput, Metric::AvgLoss, 0.0), (Stream::AudioInput, Metric::Jitter, 60.0)]),
                sample(3, &[(Stream::AudioInput, Metric::AvgLoss, 0.0), (Stream::AudioInput, Metric::Jitter, 5.0)]),
            ],
        )]);
        let t = Thresholds::default();
        assert!(find_episodes(&grade_meeting(&m, &t), &t.episodes).is_empty());
    }

    #[test]
    fn content_metrics_alone_make_no_episode() {
        let video = |minute: i64, fps: f64, kbps: f64| {
            sample(
                minute,
                &[
                    (Stream::VideoOutput, Metric::FrameRate, fps),
                    (Stream::VideoOutput, Metric::Bitrate, kbps),
                    (Stream::VideoOutput, Metric::AvgLoss, 0.0),
                ],
            )
        };
        let m = meeting(vec![join("1", (0..6).map(|i| video(i, 4.0, 90.0)).collect())]);
        let t = Thresholds::default();
        let g = grade_meeting(&m, &t);
        assert_eq!(g.joins[0].overall[0].grade, Grade::Poor, "the grade still shows it");
        assert!(find_episodes(&g, &t.episodes).is_empty());
    }

    #[test]
    fn a_one_minute_gap_inside_an_episode_is_merged() {
        let e = episodes(&[Some(0.0), Some(5.0), Some(12.0), Some(4.0), Some(0.0), Some(6.0), Some(6.0), Some(0.0)]);
        assert_eq!(e.len(), 1, "{e:?}");
        let e = &e[0];
        assert_eq!((e.start, e.end), (at(1), at(7)));
        assert_eq!((e.stream, e.direction, e.media), (Stream::AudioInput, Direction::Sent, Media::Audio));
        assert_eq!((e.grade, e.degraded_minutes, e.poor_minutes), (Grade::Poor, 5, 1));
        assert_eq!(e.worst.len(), 1);
        assert_eq!((e.worst[0].metric, e.worst[0].value), (Metric::AvgLoss, 12.0));
        assert_eq!(e.user_id, "1");
        assert_eq!(e.attribution, None);
    }

    #[test]
    fn flapping_trouble_every_other_minute_is_an_episode() {
        let e = episodes(&[Some(6.0), Some(0.0), Some(6.0), Some(0.0), Some(6.0), Some(0.0), Some(6.0), Some(0.0)]);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!((e[0].start, e[0].end, e[0].degraded_minutes), (at(0), at(7), 4));
    }

    #[test]
    fn a_lone_spike_after_a_gap_does_not_stretch_an_episode() {
        let e = episodes(&[Some(5.0), Some(5.0), Some(5.0), Some(0.0), Some(9.0), Some(0.0)]);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!((e[0].start, e[0].end), (at(0), at(3)));
        let e = episodes(&[Some(9.0), Some(0.0), Some(5.0), Some(5.0), Some(5.0), Some(0.0)]);
        assert_eq!((e[0].start, e[0].end), (at(2), at(5)));
    }

    #[test]
    fn a_missing_minute_inside_an_episode_is_a_gap_too() {
        let e = episodes(&[Some(5.0), Some(5.0), None, Some(5.0), Some(5.0)]);
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].start, e[0].end, e[0].degraded_minutes), (at(0), at(5), 4));
    }

    #[test]
    fn two_missing_minutes_inside_an_episode_do_not_split_it_three_do() {
        let e = episodes(&[Some(5.0), Some(5.0), None, None, Some(0.0), Some(5.0), Some(5.0)]);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!((e[0].start, e[0].end, e[0].degraded_minutes), (at(0), at(7), 4));
        let e = episodes(&[Some(5.0), Some(5.0), Some(5.0), None, None, None, Some(5.0), Some(5.0), Some(5.0)]);
        assert_eq!(e.len(), 2, "{e:?}");
    }

    #[test]
    fn a_two_minute_gap_splits_episodes() {
        let e = episodes(&[Some(5.0), Some(5.0), Some(5.0), Some(0.0), Some(0.0), Some(5.0), Some(5.0), Some(5.0)]);
        let spans: Vec<_> = e.iter().map(|e| (e.start, e.end)).collect();
        assert_eq!(spans, vec![(at(0), at(3)), (at(5), at(8))]);
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
        assert_eq!(episodes(&[Some(3.1), Some(3.1), Some(3.1)]).len(), 1);
        // Two minutes of one metric alone could be two independent spikes: no episode.
        assert!(episodes(&[Some(3.1), Some(3.1)]).is_empty());
    }
}
