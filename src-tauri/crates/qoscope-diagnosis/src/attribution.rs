//! Attribution: which of the usual suspects explains each degraded minute of each episode.
//!
//! Rules (an episode "covers" the minutes from its start to its end):
//! * CPU episode → [`Attribution::DeviceCpu`]; Wi-Fi episode → [`Attribution::WeakWifi`].
//! * Sent episode → `WeakWifi` when the same join has an overlapping Wi-Fi episode; else
//!   `DeviceCpu` when it has an overlapping CPU episode and no network metric (latency, jitter,
//!   loss) is degraded; else [`Attribution::OwnUplink`].
//! * Received episode, minute by minute (so a receiver's own trouble before or after a bad
//!   sender's is told apart from it):
//!   - [`Attribution::ReceiverDownlink`] when the join is an outlier among the receivers that
//!     minute (more than [`MIN_PEERS`] of them with data): everyone gets the same senders, so
//!     being far worse than the peers is the receiver's own downlink even while a sender or the
//!     whole meeting also has trouble. Far worse means received video below
//!     [`DOWNLINK_OUTLIER_RATIO`] of the peers' median bitrate (Zoom sends a congested receiver
//!     lower layers), or, for a join receiving no video, received audio whose latency, jitter and loss rose above the join's own
//!     usual values (the 20th percentile of its minutes) on average at least [`AUDIO_OUTLIER_FACTOR`]
//!     times as much as the peers' did (comparing rises, not values, so a cellular participant's
//!     normally higher latency is no outlier);
//!   - else [`Attribution::SenderUplink`] when another join has a sent episode with a degraded
//!     network metric covering the minute (the one overlapping this episode most);
//!   - else [`Attribution::MeetingWide`] when more than half of the joins receiving data in that
//!     minute receive degraded streams (at least two of them);
//!   - else [`Attribution::ReceiverDownlink`].
//!
//! An episode's own [`Episode::attribution`] is the label of most of its degraded minutes.
//! Disconnects come from leave reasons and rejoin gaps, not from episodes (see
//! [`crate::findings`]).

use crate::episodes::{Attribution, Episode};
use crate::grade::MeetingGrades;
use qoscope_model::metric::{Direction, Media};
use qoscope_model::{Meeting, Metric, MetricKey, Stream};
use std::collections::HashMap;

/// A receiver whose received video bitrate is below this share of the other receivers' median
/// in the same minute has a downlink problem of its own.
pub const DOWNLINK_OUTLIER_RATIO: f64 = 0.5;

/// A receiver whose received audio latency, jitter and loss rose on average this many times as
/// much as the other receivers' in the same minute has a downlink problem of its own.
pub const AUDIO_OUTLIER_FACTOR: f64 = 2.2;

/// The outlier rules need more receivers with data than this in the minute.
pub const MIN_PEERS: usize = 2;

/// The streams that carry the video a participant receives.
const RECEIVED_VIDEO: [Stream; 3] = [Stream::VideoOutput, Stream::VideoDeviceToCrc, Stream::VideoDeviceToRwg];

/// The streams that carry the audio a participant receives.
const RECEIVED_AUDIO: [Stream; 3] = [Stream::AudioOutput, Stream::AudioDeviceToCrc, Stream::AudioDeviceToRwg];

/// The received-side numbers the outlier rules compare, per join and minute (audio: rises over
/// the join's usual values, see [`received_numbers`]).
#[derive(Debug, Clone, Copy, Default)]
struct Received {
    video_bitrate: Option<f64>,
    audio_latency: Option<f64>,
    audio_jitter: Option<f64>,
    audio_loss: Option<f64>,
}

impl Received {
    fn of(sample: &qoscope_model::Sample) -> Received {
        let best = |streams: &[Stream], metric: Metric, pick: fn(f64, f64) -> f64| {
            streams
                .iter()
                .filter_map(|&stream| sample.get(MetricKey { stream, metric }))
                .map(|v| v.as_f64())
                .reduce(pick)
        };
        Received {
            video_bitrate: best(&RECEIVED_VIDEO, Metric::Bitrate, f64::max),
            audio_latency: best(&RECEIVED_AUDIO, Metric::Latency, f64::max),
            audio_jitter: best(&RECEIVED_AUDIO, Metric::Jitter, f64::max),
            audio_loss: best(&RECEIVED_AUDIO, Metric::AvgLoss, f64::max),
        }
    }
}

/// The median and count of each received-side number over the joins in one minute.
#[derive(Debug, Clone, Copy, Default)]
struct Medians {
    video_bitrate: Option<(f64, usize)>,
    audio_latency: Option<(f64, usize)>,
    audio_jitter: Option<(f64, usize)>,
    audio_loss: Option<(f64, usize)>,
}

/// One degraded minute of an episode and what explains it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinuteLabel {
    /// Index on the meeting's minute grid.
    pub minute: usize,
    pub attribution: Attribution,
    /// For [`Attribution::SenderUplink`]: index into `Meeting::joins` of the sender.
    pub sender_join: Option<usize>,
}

fn overlap(a: &Episode, b: &Episode) -> i64 {
    let start = a.start.max(b.start);
    let end = a.end.min(b.end);
    (end - start).num_minutes().max(0)
}

/// Whether the episode's trouble is on the network (latency, jitter or loss), not only bitrate,
/// frame rate or resolution.
pub fn network_degraded(e: &Episode) -> bool {
    e.worst.iter().any(|c| matches!(c.metric, Metric::Latency | Metric::Jitter | Metric::AvgLoss | Metric::MaxLoss))
}

/// Labels every degraded minute of every episode (same order as `episodes`) and sets
/// [`Episode::attribution`] to the label of most of its minutes.
pub fn attribute(meeting: &Meeting, episodes: &mut [Episode], grades: &MeetingGrades) -> Vec<Vec<MinuteLabel>> {
    let labels: Vec<Vec<MinuteLabel>> = {
        let ctx = Context::new(meeting, episodes, grades);
        episodes.iter().map(|e| ctx.label(e)).collect()
    };
    for (e, l) in episodes.iter_mut().zip(&labels) {
        e.attribution = majority(l);
    }
    labels
}

fn majority(labels: &[MinuteLabel]) -> Option<Attribution> {
    let mut counts: Vec<(&Attribution, usize)> = Vec::new();
    for l in labels {
        match counts.iter_mut().find(|(a, _)| **a == l.attribution) {
            Some((_, n)) => *n += 1,
            None => counts.push((&l.attribution, 1)),
        }
    }
    // First-seen wins ties: the label the episode started with.
    let mut best: Option<(&Attribution, usize)> = None;
    for (a, n) in counts {
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((a, n));
        }
    }
    best.map(|(a, _)| a.clone())
}

/// The episodes and grades indexed the way the rules look them up.
struct Context<'a> {
    grades: &'a MeetingGrades,
    by_join: HashMap<usize, Vec<&'a Episode>>,
    /// Sent episodes with a degraded network metric.
    bad_senders: Vec<&'a Episode>,
    /// Per minute: joins with any received-stream data.
    receiving: Vec<u32>,
    /// Per minute: joins with a degraded received stream.
    receiving_degraded: Vec<u32>,
    /// Per join index, per minute: the received-side numbers.
    received: HashMap<usize, Vec<Received>>,
    /// Per minute: their medians over the joins with data.
    medians: Vec<Medians>,
}

/// Per join, per minute: the received-side numbers, the audio ones as rises above the join's
/// usual values.
fn received_numbers(meeting: &Meeting, grades: &MeetingGrades) -> HashMap<usize, Vec<Received>> {
    let mut out = HashMap::new();
    for (i, join) in meeting.joins.iter().enumerate() {
        let mut minutes = vec![Received::default(); grades.minutes];
        for s in &join.samples {
            if let Some(m) = grades.minute_index(s.time).filter(|&m| m < grades.minutes) {
                minutes[m] = Received::of(s);
            }
        }
        let usual = |f: fn(&mut Received) -> &mut Option<f64>, minutes: &mut Vec<Received>| {
            let Some(baseline) = low_quantile(minutes.iter_mut().filter_map(|r| *f(r)).collect()) else { return };
            for r in minutes.iter_mut() {
                if let Some(v) = f(r) {
                    *v = (*v - baseline).max(0.0);
                }
            }
        };
        usual(|r| &mut r.audio_latency, &mut minutes);
        usual(|r| &mut r.audio_jitter, &mut minutes);
        usual(|r| &mut r.audio_loss, &mut minutes);
        out.insert(i, minutes);
    }
    out
}

/// The join's usual value: the 20th percentile of its minutes, its clean state as long as a
/// fifth of its minutes are clean (a median would take a busy meeting's trouble as normal).
fn low_quantile(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[(v.len() - 1) / 5])
}

fn median(mut v: Vec<f64>) -> Option<(f64, usize)> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some((if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }, n))
}

impl<'a> Context<'a> {
    fn new(meeting: &Meeting, all: &'a [Episode], grades: &'a MeetingGrades) -> Context<'a> {
        let mut by_join: HashMap<usize, Vec<&Episode>> = HashMap::new();
        for e in all {
            by_join.entry(e.join_index).or_default().push(e);
        }
        let mut receiving = vec![0; grades.minutes];
        let mut receiving_degraded = vec![0; grades.minutes];
        for j in &grades.joins {
            let received: Vec<_> = j.streams.iter().filter(|s| s.stream.direction() == Direction::Received).collect();
            for m in 0..grades.minutes {
                let minute = received.iter().filter_map(|s| s.minutes.get(m));
                let (mut any, mut degraded) = (false, false);
                for g in minute {
                    any |= g.grade != crate::Grade::NoData;
                    degraded |= g.grade.is_degraded();
                }
                receiving[m] += u32::from(any);
                receiving_degraded[m] += u32::from(degraded);
            }
        }
        let received = received_numbers(meeting, grades);
        let medians = (0..grades.minutes)
            .map(|m| {
                let of = |f: fn(&Received) -> Option<f64>| median(received.values().filter_map(|v| f(&v[m])).collect());
                Medians {
                    video_bitrate: of(|r| r.video_bitrate),
                    audio_latency: of(|r| r.audio_latency),
                    audio_jitter: of(|r| r.audio_jitter),
                    audio_loss: of(|r| r.audio_loss),
                }
            })
            .collect();
        Context {
            grades,
            by_join,
            bad_senders: all.iter().filter(|o| o.direction == Direction::Sent && network_degraded(o)).collect(),
            receiving,
            receiving_degraded,
            received,
            medians,
        }
    }

    /// Whether `join` received far worse than the other receivers in `minute`. The medians
    /// include this join; with many peers that hardly matters, with few it is conservative.
    fn far_below_peers(&self, join: usize, minute: usize) -> bool {
        let (Some(mine), Some(medians)) = (self.received.get(&join).map(|v| v[minute]), self.medians.get(minute))
        else {
            return false;
        };
        let enough = |m: Option<(f64, usize)>| m.filter(|(_, n)| *n > MIN_PEERS).map(|(v, _)| v);
        if let (Some(rate), Some(median)) = (mine.video_bitrate, enough(medians.video_bitrate)) {
            if rate < DOWNLINK_OUTLIER_RATIO * median {
                return true;
            }
        }
        if mine.video_bitrate.is_some() {
            return false;
        }
        // Audio-only receivers: the mean of the three ratios of rises, each smoothed (5 ms, 5 ms, 1 %) so that
        // small rises over peers with none are no outlier.
        let ratios: Vec<f64> = [
            (mine.audio_latency, medians.audio_latency, 5.0),
            (mine.audio_jitter, medians.audio_jitter, 5.0),
            (mine.audio_loss, medians.audio_loss, 1.0),
        ]
        .into_iter()
        .filter_map(|(mine, median, smooth)| Some((mine? + smooth) / (enough(median)? + smooth)))
        .collect();
        ratios.len() == 3 && ratios.iter().sum::<f64>() / 3.0 >= AUDIO_OUTLIER_FACTOR
    }

    fn label(&self, e: &Episode) -> Vec<MinuteLabel> {
        let minutes = self.degraded_minutes(e);
        match (e.media, e.direction) {
            (_, Direction::Received) => minutes.into_iter().map(|m| self.received_minute(e, m)).collect(),
            _ => {
                let attribution = self.own_cause(e);
                minutes
                    .into_iter()
                    .map(|minute| MinuteLabel { minute, attribution: attribution.clone(), sender_join: None })
                    .collect()
            }
        }
    }

    /// The grid indexes of the episode's degraded minutes.
    fn degraded_minutes(&self, e: &Episode) -> Vec<usize> {
        let (Some(first), Some(stream)) =
            (self.grades.minute_index(e.start), self.grades.join(e.join_index).and_then(|j| j.stream(e.stream)))
        else {
            return Vec::new();
        };
        let count = (e.end - e.start).num_minutes().max(0) as usize;
        (first..first + count).filter(|&m| stream.minutes.get(m).is_some_and(|g| g.grade.is_degraded())).collect()
    }

    /// What explains a sent or device episode: the device, the Wi-Fi, or the uplink.
    fn own_cause(&self, e: &Episode) -> Attribution {
        let same_join_overlapping = |media: Media| {
            self.by_join.get(&e.join_index).is_some_and(|v| v.iter().any(|o| o.media == media && overlap(o, e) > 0))
        };
        match e.media {
            Media::Cpu => Attribution::DeviceCpu,
            Media::Wifi => Attribution::WeakWifi,
            _ if same_join_overlapping(Media::Wifi) => Attribution::WeakWifi,
            _ if same_join_overlapping(Media::Cpu) && !network_degraded(e) => Attribution::DeviceCpu,
            _ => Attribution::OwnUplink,
        }
    }

    fn received_minute(&self, e: &Episode, minute: usize) -> MinuteLabel {
        let downlink = MinuteLabel { minute, attribution: Attribution::ReceiverDownlink, sender_join: None };
        let Some(time) = self.grades.minute_time(minute) else { return downlink };
        if self.far_below_peers(e.join_index, minute) {
            return downlink;
        }
        let sender = self
            .bad_senders
            .iter()
            .filter(|o| o.join_index != e.join_index && o.start <= time && time < o.end)
            .max_by_key(|o| (overlap(o, e), std::cmp::Reverse(o.join_index)));
        if let Some(o) = sender {
            return MinuteLabel {
                minute,
                attribution: Attribution::SenderUplink { sender_user_id: o.user_id.clone() },
                sender_join: Some(o.join_index),
            };
        }
        let receiving = self.receiving.get(minute).copied().unwrap_or(0);
        let degraded = self.receiving_degraded.get(minute).copied().unwrap_or(0);
        let attribution = if degraded >= 2 && degraded * 2 > receiving {
            Attribution::MeetingWide
        } else {
            Attribution::ReceiverDownlink
        };
        MinuteLabel { minute, attribution, sender_join: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::grade_meeting;
    use crate::testutil::*;
    use crate::{find_episodes, Thresholds};
    use qoscope_model::Stream;

    /// A join receiving audio with `loss` at minutes `0..n` and sending cleanly.
    fn receiver(id: &str, loss: f64, n: i64) -> qoscope_model::Join {
        receiver_with(id, &vec![loss; n as usize])
    }

    fn receiver_with(id: &str, losses: &[f64]) -> qoscope_model::Join {
        join(
            id,
            losses
                .iter()
                .enumerate()
                .map(|(m, &loss)| {
                    sample(
                        m as i64,
                        &[(Stream::AudioInput, Metric::AvgLoss, 0.0), (Stream::AudioOutput, Metric::AvgLoss, loss)],
                    )
                })
                .collect(),
        )
    }

    fn attributed(joins: Vec<qoscope_model::Join>) -> (Vec<Episode>, Vec<Vec<MinuteLabel>>) {
        let t = Thresholds::default();
        let m = meeting(joins);
        let grades = grade_meeting(&m, &t);
        let mut e = find_episodes(&grades, &t.episodes);
        let labels = attribute(&m, &mut e, &grades);
        (e, labels)
    }

    #[test]
    fn one_receiver_alone_is_its_downlink_most_receivers_together_is_meeting_wide() {
        let (e, _) = attributed(vec![receiver("a", 8.0, 4), receiver("b", 0.0, 4), receiver("c", 0.0, 4)]);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].attribution, Some(Attribution::ReceiverDownlink));
        let (e, _) = attributed(vec![receiver("a", 8.0, 4), receiver("b", 8.0, 4), receiver("c", 0.0, 4)]);
        assert_eq!(e.len(), 2);
        assert!(e.iter().all(|e| e.attribution == Some(Attribution::MeetingWide)));
    }

    #[test]
    fn exactly_half_of_the_receivers_is_not_meeting_wide() {
        let (e, _) = attributed(vec![
            receiver("a", 8.0, 4),
            receiver("b", 8.0, 4),
            receiver("c", 0.0, 4),
            receiver("d", 0.0, 4),
        ]);
        assert_eq!(e.len(), 2);
        assert!(e.iter().all(|e| e.attribution == Some(Attribution::ReceiverDownlink)), "{e:?}");
    }

    #[test]
    fn a_bad_sender_explains_what_others_receive() {
        let (e, _) = attributed(vec![loss_join("s", &[Some(12.0); 4]), receiver("r", 8.0, 4)]);
        let sent = e.iter().find(|e| e.user_id == "s").unwrap();
        assert_eq!(sent.attribution, Some(Attribution::OwnUplink));
        let received = e.iter().find(|e| e.user_id == "r").unwrap();
        assert_eq!(received.attribution, Some(Attribution::SenderUplink { sender_user_id: "s".into() }));
    }

    #[test]
    fn a_receivers_own_trouble_around_a_bad_sender_is_told_apart_minute_by_minute() {
        // The sender is bad at minutes 3–5; the receiver suffers at 0–5.
        let sender = loss_join("s", &[Some(0.0), Some(0.0), Some(0.0), Some(12.0), Some(12.0), Some(12.0)]);
        let (e, labels) = attributed(vec![sender, receiver("r", 8.0, 6), receiver("q", 0.0, 6)]);
        let i = e.iter().position(|e| e.user_id == "r").unwrap();
        let kinds: Vec<_> = labels[i].iter().map(|l| (l.minute, l.attribution.clone())).collect();
        let up = Attribution::SenderUplink { sender_user_id: "s".into() };
        assert_eq!(
            kinds,
            vec![
                (0, Attribution::ReceiverDownlink),
                (1, Attribution::ReceiverDownlink),
                (2, Attribution::ReceiverDownlink),
                (3, up.clone()),
                (4, up.clone()),
                (5, up),
            ]
        );
        assert_eq!(labels[i][3].sender_join, Some(0));
    }
}
