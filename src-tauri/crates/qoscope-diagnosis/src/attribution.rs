//! First-cut attribution: which of the usual suspects most likely explains each episode.
//!
//! Rules, in order (episodes "overlap" when their minute spans intersect):
//! * CPU episode → [`Attribution::DeviceCpu`]; Wi-Fi episode → [`Attribution::WeakWifi`].
//! * Sent episode → `WeakWifi` when the same join has an overlapping Wi-Fi episode; else
//!   `DeviceCpu` when it has an overlapping CPU episode and no network metric (latency, jitter,
//!   loss) is degraded; else [`Attribution::OwnUplink`].
//! * Received episode → [`Attribution::SenderUplink`] when another join has an overlapping sent
//!   episode with a degraded network metric (the one overlapping most); else
//!   [`Attribution::MeetingWide`] when more than half of the joins with received data have an
//!   overlapping received episode; else [`Attribution::ReceiverDownlink`].
//!
//! Disconnects are not attributed yet.

use crate::episodes::{Attribution, Episode};
use qoscope_model::metric::{Direction, Media};
use qoscope_model::Metric;
use std::collections::{HashMap, HashSet};

fn overlap(a: &Episode, b: &Episode) -> i64 {
    let start = a.start.max(b.start);
    let end = a.end.min(b.end);
    (end - start).num_minutes().max(0)
}

fn network_degraded(e: &Episode) -> bool {
    e.worst.iter().any(|c| matches!(c.metric, Metric::Latency | Metric::Jitter | Metric::AvgLoss | Metric::MaxLoss))
}

/// Sets [`Episode::attribution`] on every episode. `joins_receiving` is the number of joins
/// with any received-stream data (the base for "meeting-wide").
pub fn attribute(episodes: &mut [Episode], joins_receiving: usize) {
    let ctx = Context::new(episodes, joins_receiving);
    let result: Vec<Attribution> = episodes.iter().map(|e| ctx.attribute_one(e)).collect();
    for (e, a) in episodes.iter_mut().zip(result) {
        e.attribution = Some(a);
    }
}

/// The episodes grouped the way the rules look them up.
struct Context<'a> {
    by_join: HashMap<usize, Vec<&'a Episode>>,
    /// Sent episodes with a degraded network metric.
    bad_senders: Vec<&'a Episode>,
    received: Vec<&'a Episode>,
    joins_receiving: usize,
}

impl<'a> Context<'a> {
    fn new(all: &'a [Episode], joins_receiving: usize) -> Context<'a> {
        let mut by_join: HashMap<usize, Vec<&Episode>> = HashMap::new();
        for e in all {
            by_join.entry(e.join_index).or_default().push(e);
        }
        Context {
            by_join,
            bad_senders: all.iter().filter(|o| o.direction == Direction::Sent && network_degraded(o)).collect(),
            received: all.iter().filter(|o| o.direction == Direction::Received).collect(),
            joins_receiving,
        }
    }

    fn attribute_one(&self, e: &Episode) -> Attribution {
        let same_join_overlapping = |media: Media| {
            self.by_join.get(&e.join_index).is_some_and(|v| v.iter().any(|o| o.media == media && overlap(o, e) > 0))
        };
        match (e.media, e.direction) {
            (Media::Cpu, _) => Attribution::DeviceCpu,
            (Media::Wifi, _) => Attribution::WeakWifi,
            (_, Direction::Sent) | (_, Direction::Device) => {
                if same_join_overlapping(Media::Wifi) {
                    Attribution::WeakWifi
                } else if same_join_overlapping(Media::Cpu) && !network_degraded(e) {
                    Attribution::DeviceCpu
                } else {
                    Attribution::OwnUplink
                }
            }
            (_, Direction::Received) => {
                let sender = self
                    .bad_senders
                    .iter()
                    .filter(|o| o.join_index != e.join_index)
                    .map(|o| (overlap(o, e), o))
                    .filter(|(n, _)| *n > 0)
                    .max_by_key(|(n, o)| (*n, std::cmp::Reverse(o.join_index)));
                if let Some((_, o)) = sender {
                    return Attribution::SenderUplink { sender_user_id: o.user_id.clone() };
                }
                let receivers: HashSet<usize> =
                    self.received.iter().filter(|o| overlap(o, e) > 0).map(|o| o.join_index).collect();
                if self.joins_receiving > 0 && receivers.len() * 2 > self.joins_receiving {
                    Attribution::MeetingWide
                } else {
                    Attribution::ReceiverDownlink
                }
            }
        }
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
        join(
            id,
            (0..n)
                .map(|m| {
                    sample(
                        m,
                        &[(Stream::AudioInput, Metric::AvgLoss, 0.0), (Stream::AudioOutput, Metric::AvgLoss, loss)],
                    )
                })
                .collect(),
        )
    }

    fn attributed(joins: Vec<qoscope_model::Join>) -> Vec<Episode> {
        let t = Thresholds::default();
        let n = joins.len();
        let mut e = find_episodes(&grade_meeting(&meeting(joins), &t), &t.episodes);
        attribute(&mut e, n);
        e
    }

    #[test]
    fn one_receiver_alone_is_its_downlink_most_receivers_together_is_meeting_wide() {
        let e = attributed(vec![receiver("a", 8.0, 4), receiver("b", 0.0, 4), receiver("c", 0.0, 4)]);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].attribution, Some(Attribution::ReceiverDownlink));
        let e = attributed(vec![receiver("a", 8.0, 4), receiver("b", 8.0, 4), receiver("c", 0.0, 4)]);
        assert_eq!(e.len(), 2);
        assert!(e.iter().all(|e| e.attribution == Some(Attribution::MeetingWide)));
    }

    #[test]
    fn a_bad_sender_explains_what_others_receive() {
        let e = attributed(vec![loss_join("s", &[Some(12.0); 4]), receiver("r", 8.0, 4)]);
        let sent = e.iter().find(|e| e.user_id == "s").unwrap();
        assert_eq!(sent.attribution, Some(Attribution::OwnUplink));
        let received = e.iter().find(|e| e.user_id == "r").unwrap();
        assert_eq!(received.attribution, Some(Attribution::SenderUplink { sender_user_id: "s".into() }));
    }
}
