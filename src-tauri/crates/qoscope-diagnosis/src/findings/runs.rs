//! Runs: a join's labelled minutes with one kind and culprit, merged across short gaps, each
//! the raw material of one finding (see the module docs of [`super`]).

use super::*;
use crate::thresholds::MAX_MISSING_IN_GAP;

/// Consecutive labelled minutes of one join with one kind and culprit.
#[derive(Debug)]
pub(super) struct Run {
    pub(super) join: usize,
    pub(super) kind: FindingKind,
    pub(super) culprit_join: Option<usize>,
    pub(super) first: usize,
    pub(super) last: usize,
    /// Every (stream, minute) in the run.
    pub(super) cells: BTreeSet<(Stream, usize)>,
    /// For a shared-network run: the (attribute, value) the group shares.
    pub(super) group: Option<(String, String)>,
}

fn kind_of(a: &Attribution) -> FindingKind {
    match a {
        Attribution::SenderUplink { .. } | Attribution::OwnUplink => FindingKind::SenderUplink,
        Attribution::ReceiverDownlink => FindingKind::ReceiverDownlink,
        Attribution::MeetingWide => FindingKind::MeetingWide,
        Attribution::DeviceCpu => FindingKind::DeviceCpu,
        Attribution::WeakWifi => FindingKind::Wifi,
        Attribution::SharedNetwork { .. } => FindingKind::SharedNetwork,
    }
}

/// (join, kind, culprit join, shared (attribute, value)): what one run is about.
type RunKey = (usize, FindingKind, Option<usize>, Option<(String, String)>);

pub(super) fn label_runs(
    meeting: &Meeting,
    grades: &MeetingGrades,
    episodes: &[Episode],
    labels: &[Vec<MinuteLabel>],
    rules: &EpisodeRules,
) -> Vec<Run> {
    // A person who dropped and rejoined is one sender: what everyone received from them over
    // both joins is one run (keyed by the person's first join), not one per join.
    let mut first_join_of: Vec<usize> = (0..meeting.joins.len()).collect();
    for p in &meeting.persons {
        if let Some(&first) = p.joins.iter().min() {
            for &j in &p.joins {
                if let Some(slot) = first_join_of.get_mut(j) {
                    *slot = first;
                }
            }
        }
    }
    let person_of = |j: usize| first_join_of.get(j).copied().unwrap_or(j);
    let mut cells: BTreeMap<RunKey, BTreeSet<(Stream, usize)>> = BTreeMap::new();
    // Per run key, per minute: the culprit's join sending then.
    let mut culprit_joins: HashMap<RunKey, BTreeMap<usize, usize>> = HashMap::new();
    for (e, ls) in episodes.iter().zip(labels) {
        for l in ls {
            let kind = kind_of(&l.attribution);
            let culprit = match kind {
                FindingKind::MeetingWide | FindingKind::SharedNetwork => None,
                FindingKind::SenderUplink => Some(l.sender_join.unwrap_or(e.join_index)),
                _ => Some(e.join_index),
            };
            let key_culprit = match culprit {
                Some(c) if c != e.join_index && person_of(c) != person_of(e.join_index) => Some(person_of(c)),
                other => other,
            };
            let group = match &l.attribution {
                Attribution::SharedNetwork { attribute, value } => Some((attribute.clone(), value.clone())),
                _ => None,
            };
            let key = (e.join_index, kind, key_culprit, group);
            if let Some(c) = culprit {
                culprit_joins.entry(key.clone()).or_default().insert(l.minute, c);
            }
            cells.entry(key).or_default().insert((e.stream, l.minute));
        }
    }
    // (sender's person, minute) named by someone's received minute.
    let blamed: BTreeSet<(usize, usize)> = labels
        .iter()
        .flatten()
        .filter_map(|l| match (&l.attribution, l.sender_join) {
            (Attribution::SenderUplink { .. }, Some(s)) => Some((person_of(s), l.minute)),
            _ => None,
        })
        .collect();
    // (shared (attribute, value), or none for meeting-wide; minute) of every shared-network and
    // meeting-wide label.
    let common: BTreeSet<(Option<(String, String)>, usize)> = labels
        .iter()
        .flatten()
        .filter_map(|l| match &l.attribution {
            Attribution::SharedNetwork { attribute, value } => {
                Some((Some((attribute.clone(), value.clone())), l.minute))
            }
            Attribution::MeetingWide => Some((None, l.minute)),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for (key, cells) in cells {
        let (join, kind, _, group) = key.clone();
        let measured =
            |m: usize| grades.join(join).and_then(|g| g.overall.get(m)).is_some_and(|g| g.grade != Grade::NoData);
        let minutes: BTreeSet<usize> = cells.iter().map(|(_, m)| *m).collect();
        let mut spans: Vec<(usize, usize, usize)> = Vec::new(); // first, last, count
        for m in minutes {
            match spans.last_mut() {
                Some((_, last, n)) if rules.bridges((*last + 1..m).map(measured)) => {
                    *last = m;
                    *n += 1;
                }
                _ => spans.push((m, m, 1)),
            }
        }
        for (first, last, _) in spans {
            let cells: BTreeSet<(Stream, usize)> =
                cells.iter().filter(|(_, m)| (first..=last).contains(m)).copied().collect();
            // A weak Wi-Fi or a busy CPU builds up; only a network run's ends may be spikes.
            let (first, last, cells) = match kind {
                FindingKind::SenderUplink | FindingKind::ReceiverDownlink => {
                    trim_lone_spikes(grades, join, first, last, cells)
                }
                _ => (first, last, cells),
            };
            let n = cells.iter().map(|(_, m)| *m).collect::<BTreeSet<_>>().len();
            if n < rules.min_degraded_minutes.max(1) as usize {
                continue;
            }
            if !steady(grades, join, &cells, first, last, rules) {
                continue;
            }
            // The culprit's join that sent most of the run's minutes (the earliest on a tie).
            let culprit_join = culprit_joins.get(&key).and_then(|by_minute| {
                let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
                for (_, c) in by_minute.range(first..=last) {
                    *counts.entry(*c).or_default() += 1;
                }
                let most = counts.values().copied().max()?;
                counts.into_iter().find(|(_, n)| *n == most).map(|(c, _)| c)
            });
            let (first, last) = match culprit_join {
                Some(c) if kind == FindingKind::SenderUplink && c != join => {
                    through_missing(meeting, grades, join, first, last, |m| {
                        sending_badly(grades, c, m) || blamed.contains(&(person_of(c), m))
                    })
                }
                // The sender's own run: their missing minutes in which others received their
                // trouble (the receivers' labels name them) are theirs.
                Some(c) if kind == FindingKind::SenderUplink && c == join => {
                    through_missing(meeting, grades, join, first, last, |m| blamed.contains(&(person_of(join), m)))
                }
                // Everyone's trouble (a shared network, the meeting-wide path): the join's
                // missing minutes in which the others were still labelled with it are its too.
                _ if matches!(kind, FindingKind::SharedNetwork | FindingKind::MeetingWide) => {
                    through_missing(meeting, grades, join, first, last, |m| common.contains(&(group.clone(), m)))
                }
                _ => (first, last),
            };
            out.push(Run { join, kind, culprit_join, first, last, cells, group: group.clone() });
        }
    }
    out
}

/// Drops a run's first or last minute when a minute outside the run separates it from the rest
/// and it is degraded in one network symptom family only (a jitter spike, a latency spike): a
/// one-minute spike beside real trouble, across a missing sample or a minute explained by
/// someone else, must not stretch the finding's boundaries.
fn trim_lone_spikes(
    grades: &MeetingGrades,
    join: usize,
    mut first: usize,
    mut last: usize,
    mut cells: BTreeSet<(Stream, usize)>,
) -> (usize, usize, BTreeSet<(Stream, usize)>) {
    let minutes: Vec<usize> = cells.iter().map(|(_, m)| *m).collect::<BTreeSet<_>>().into_iter().collect();
    if minutes.len() < 3 {
        return (first, last, cells);
    }
    let network = |s: &Stream| matches!(s.media(), Media::Audio | Media::Video | Media::ScreenShare);
    let spike = |m: usize| {
        if !cells.iter().filter(|(_, c)| *c == m).all(|(s, _)| network(s)) {
            return false; // CPU and Wi-Fi numbers do not spike on their own
        }
        let mut families: Vec<u8> = cells
            .iter()
            .filter(|(_, c)| *c == m)
            .filter_map(|(s, _)| grades.join(join)?.stream(*s)?.minutes.get(m))
            .flat_map(|g| g.symptoms().map(|c| crate::episodes::family(c.metric)).collect::<Vec<_>>())
            .collect();
        families.sort_unstable();
        families.dedup();
        families.len() == 1
    };
    let n = minutes.len();
    let drop_first = minutes[1] > minutes[0] + 1 && spike(minutes[0]);
    let drop_last = minutes[n - 1] > minutes[n - 2] + 1 && spike(minutes[n - 1]);
    if drop_first {
        cells.retain(|(_, m)| *m != minutes[0]);
        first = minutes[1];
    }
    if drop_last {
        cells.retain(|(_, m)| *m != minutes[n - 1]);
        last = minutes[n - 2];
    }
    (first, last, cells)
}

/// A run stretched over the join's missing minutes next to it (up to [`MAX_MISSING_IN_GAP`] on
/// either side, while the join was in the meeting) for which the others show the trouble
/// (`evidence`): a receiver's run while the sender's sent streams were degraded (the receiver
/// got the same bad stream, only its sample is missing), a sender's own run while others
/// received their trouble (as a sender's missing minutes do not end what others receive, see
/// [`crate::attribution`]), a shared-network or meeting-wide run while the others were still
/// labelled with it.
fn through_missing(
    meeting: &Meeting,
    grades: &MeetingGrades,
    join: usize,
    first: usize,
    last: usize,
    evidence: impl Fn(usize) -> bool,
) -> (usize, usize) {
    let Some(receiver) = meeting.joins.get(join) else { return (first, last) };
    let present = |m: usize| {
        grades.minute_time(m).is_some_and(|t| {
            receiver.join_time.is_none_or(|a| floor_minute(a) <= t) && receiver.leave_time.is_none_or(|b| t < b)
        })
    };
    let missing = |m: usize| {
        present(m) && grades.join(join).and_then(|g| g.overall.get(m)).is_some_and(|g| g.grade == Grade::NoData)
    };
    let (mut first, mut last) = (first, last);
    let mut gaps = 0;
    while gaps < MAX_MISSING_IN_GAP && first > 0 && missing(first - 1) && evidence(first - 1) {
        first -= 1;
        gaps += 1;
    }
    gaps = 0;
    while gaps < MAX_MISSING_IN_GAP && last + 1 < grades.minutes && missing(last + 1) && evidence(last + 1) {
        last += 1;
        gaps += 1;
    }
    (first, last)
}

/// Whether `sender`'s sent streams were degraded in minute `m`.
fn sending_badly(grades: &MeetingGrades, sender: usize, m: usize) -> bool {
    grades.join(sender).is_some_and(|g| {
        g.streams.iter().any(|s| {
            s.stream.direction() == Direction::Sent && s.minutes.get(m).is_some_and(|g| g.symptom_grade().is_degraded())
        })
    })
}

/// Whether a run's own minutes make trouble on their own (see
/// [`crate::episodes::has_steady_core`]): in one of its streams, the run's minutes alone (the
/// others of the episode counted as good) have a steady core. Two independent one-minute
/// spikes next to real trouble share its episode, but they are no finding of their own.
fn steady(
    grades: &MeetingGrades,
    join: usize,
    cells: &BTreeSet<(Stream, usize)>,
    first: usize,
    last: usize,
    rules: &EpisodeRules,
) -> bool {
    let Some(jg) = grades.join(join) else { return true };
    let streams: BTreeSet<Stream> = cells.iter().map(|(s, _)| *s).collect();
    streams.into_iter().any(|stream| {
        let Some(sg) = jg.stream(stream) else { return true };
        let minutes: Vec<crate::grade::MinuteGrade> = (first..=last)
            .map(|m| match sg.minutes.get(m) {
                Some(g) if cells.contains(&(stream, m)) || g.grade == Grade::NoData => g.clone(),
                Some(_) => crate::grade::MinuteGrade { grade: Grade::Good, causes: Vec::new() },
                None => crate::grade::MinuteGrade::NO_DATA,
            })
            .collect();
        crate::episodes::has_steady_core(&minutes, rules.min_degraded_minutes.max(1) as usize)
    })
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;
    use crate::{analyze, FindingKind, Thresholds};
    use qoscope_model::{Join, Meeting, Metric, Person, Sample, Stream};

    /// One minute of audio: what the join sends and receives (loss %, jitter ms).
    fn minute(m: i64, sent: (f64, f64), received: (f64, f64)) -> Sample {
        sample(
            m,
            &[
                (Stream::AudioInput, Metric::AvgLoss, sent.0),
                (Stream::AudioInput, Metric::Jitter, sent.1),
                (Stream::AudioOutput, Metric::AvgLoss, received.0),
                (Stream::AudioOutput, Metric::Jitter, received.1),
            ],
        )
    }

    const CLEAN: (f64, f64) = (0.0, 4.0);

    /// A join present at `minutes`, sending `sent(m)` and receiving `received(m)`.
    fn join_of(
        id: &str,
        minutes: std::ops::Range<i64>,
        sent: impl Fn(i64) -> (f64, f64),
        received: impl Fn(i64) -> (f64, f64),
    ) -> Join {
        join(id, minutes.map(|m| minute(m, sent(m), received(m))).collect())
    }

    fn meeting_of(joins: Vec<Join>, persons: Vec<Vec<usize>>) -> Meeting {
        let mut m = meeting(joins);
        m.persons = persons.into_iter().map(|joins| Person { display_name: String::new(), joins }).collect();
        m
    }

    #[test]
    fn a_sender_who_drops_and_rejoins_is_one_culprit_for_those_receiving_them() {
        // The sender's first join is bad at 1–5 and drops; they are back at 7, bad at 7–8.
        let bad = |m: i64| if (1..=5).contains(&m) || (7..=8).contains(&m) { (12.0, 60.0) } else { CLEAN };
        let received = |m: i64| if bad(m) == CLEAN { CLEAN } else { (8.0, 50.0) };
        let m = meeting_of(
            vec![
                join_of("s1", 0..6, bad, |_| CLEAN),
                join_of("s2", 7..11, bad, |_| CLEAN),
                join_of("r", 0..11, |_| CLEAN, received),
                join_of("q", 0..11, |_| CLEAN, received),
            ],
            vec![vec![0, 1], vec![2], vec![3]],
        );
        let f = analyze(&m, &Thresholds::default()).findings;
        let r: Vec<_> = f.iter().filter(|f| f.participant.user_id == "r").collect();
        assert_eq!(r.len(), 1, "{r:#?}");
        assert_eq!(r[0].kind, FindingKind::SenderUplink);
        assert_eq!(r[0].culprit.as_ref().map(|c| c.user_id.as_str()), Some("s1"), "the join that sent most of it");
        assert_eq!((r[0].start, r[0].end), (at(1), at(9)));
        // The sender's own findings stay per join.
        assert_eq!(
            f.iter().filter(|f| f.participant.user_id.starts_with('s') && f.kind == FindingKind::SenderUplink).count(),
            2
        );
    }

    #[test]
    fn two_spikes_of_different_metrics_after_real_trouble_are_no_finding_of_their_own() {
        let bad = |m: i64| if (1..=4).contains(&m) { (12.0, 60.0) } else { CLEAN };
        // After the sender's trouble: a loss spike at 6 and a jitter spike at 7 (one episode
        // with the trouble before, but no trouble of their own).
        let spiky = |m: i64| match m {
            1..=4 => (8.0, 50.0),
            6 => (8.0, 4.0),
            7 => (0.0, 50.0),
            _ => CLEAN,
        };
        let received = |m: i64| if (1..=4).contains(&m) { (8.0, 50.0) } else { CLEAN };
        let m = meeting_of(
            vec![
                join_of("s", 0..10, bad, |_| CLEAN),
                join_of("r", 0..10, |_| CLEAN, spiky),
                join_of("q", 0..10, |_| CLEAN, received),
                join_of("p", 0..10, |_| CLEAN, |_| CLEAN),
            ],
            vec![vec![0], vec![1], vec![2], vec![3]],
        );
        let f = analyze(&m, &Thresholds::default()).findings;
        let r: Vec<_> = f.iter().filter(|f| f.participant.user_id == "r").map(|f| (f.kind, f.start, f.end)).collect();
        assert_eq!(r, vec![(FindingKind::SenderUplink, at(1), at(5))]);
    }

    #[test]
    fn a_senders_missing_sample_next_to_their_trouble_still_explains_what_others_received() {
        // The sender's sample at minute 1 is missing (they were there); what the others
        // received was bad from minute 1.
        let bad = |m: i64| if (2..=4).contains(&m) { (12.0, 60.0) } else { CLEAN };
        let received = |m: i64| if (1..=4).contains(&m) { (8.0, 50.0) } else { CLEAN };
        let mut s = join_of("s", 0..8, bad, |_| CLEAN);
        s.samples.retain(|x| x.time != at(1));
        s.join_time = Some(at(0));
        s.leave_time = Some(at(8));
        let m = meeting_of(
            vec![s, join_of("r", 0..8, |_| CLEAN, received), join_of("q", 0..8, |_| CLEAN, received)],
            vec![vec![0], vec![1], vec![2]],
        );
        let f = analyze(&m, &Thresholds::default()).findings;
        let r: Vec<_> = f
            .iter()
            .filter(|f| f.participant.user_id == "r")
            .map(|f| (f.kind, f.culprit.as_ref().map(|c| c.user_id.clone()), f.start, f.end))
            .collect();
        assert_eq!(r, vec![(FindingKind::SenderUplink, Some("s".to_owned()), at(1), at(5))]);
    }
}
