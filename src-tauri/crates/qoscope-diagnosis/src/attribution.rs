//! Attribution: which of the usual suspects explains each degraded minute of each episode.
//!
//! Rules (an episode "covers" the minutes from its start to its end; "degraded" means a
//! symptom — latency, jitter, loss, CPU, Wi-Fi — never bitrate, resolution or frame rate):
//! * CPU episode → [`Attribution::DeviceCpu`]; Wi-Fi episode → [`Attribution::WeakWifi`].
//! * **Meeting-wide uplink:** in a minute where most joins that send (three quarters, and at
//!   least [`MIN_MEETING_WIDE`]; or both, when only two people send and their trouble began in
//!   the same minute and ended within a minute of each other) have a degraded sent stream, every degraded minute of every join is
//!   [`Attribution::MeetingWide`]: the common path (the data centre) is at fault, not a list of
//!   senders.
//! * **Shared network:** in a minute where at least [`MIN_GROUP`] joins with degraded sent
//!   streams share a public IP address, a location or a data centre (checked in that order;
//!   behind one IP address, receiving far worse than the peers — see below — counts too, as a
//!   member who sends nothing shows the shared link's trouble only there; at least two of them
//!   sending badly), at least two thirds of the joins with that value are among them, and that
//!   value is not shared
//!   by most of the meeting, the group's trouble is [`Attribution::SharedNetwork`]: for the
//!   group's own sent and received minutes, and for everyone else receiving them (instead of one
//!   sender finding per group member).
//! * Sent episode, otherwise → `WeakWifi` when the same join has an overlapping Wi-Fi episode;
//!   else `DeviceCpu` when it has an overlapping CPU episode and no packet loss; else
//!   [`Attribution::OwnUplink`].
//! * Received episode, minute by minute (a minute may get several labels):
//!   - when the join is an *outlier* among the receivers of the same medium that minute (more
//!     than [`MIN_PEERS`] of them with data): its received latency, jitter and loss rose above the join's own usual
//!     values (the 20th percentile of its minutes) on average at least [`OUTLIER_FACTOR`] times
//!     as much as the peers' did (comparing rises, not values, so a far-away participant's
//!     normally higher latency is no outlier) → [`Attribution::DeviceCpu`] if the join's own
//!     CPU is saturated then (late decoding), else [`Attribution::ReceiverDownlink`];
//!   - and [`Attribution::SenderUplink`] for every other join that sends that medium, with a
//!     sent episode covering the minute (or a minute next to it in which the same person still sent degraded streams, also
//!     from a new join after a rejoin, or had no sample, up to [`MAX_MISSING_IN_GAP`]):
//!     everyone receiving a bad sender names that sender, also when their own downlink adds to
//!     it;
//!   - with neither: [`Attribution::MeetingWide`] when more than half of the joins receiving
//!     that medium in that minute receive it degraded (at least two of them) and no bad sender
//!     of that medium explains them; else `DeviceCpu` when the join's CPU is saturated, else
//!     `ReceiverDownlink` (a sender who sends only audio does not explain bad video).
//!
//! An episode's own [`Episode::attribution`] is the label of most of its degraded minutes.
//! Disconnects come from leave reasons and rejoin gaps, not from episodes (see
//! [`crate::findings`]).

use crate::episodes::{Attribution, Episode};
use crate::grade::MeetingGrades;
use crate::groups::{meeting_wide_uplink, shared_groups, span_minutes, Group};
pub use crate::groups::{MIN_GROUP, MIN_MEETING_WIDE};
use crate::received::{media_slot, median, received_numbers, Medians, Received, MEDIA};
use crate::thresholds::MAX_MISSING_IN_GAP;
use qoscope_model::metric::{Direction, Media};
use qoscope_model::{Meeting, Metric};
use std::collections::HashMap;

/// A receiver whose received latency, jitter and loss rose on average this many times as much
/// as the other receivers' in the same minute has a downlink problem of its own.
pub const OUTLIER_FACTOR: f64 = 2.0;

/// The outlier rules need more receivers with data than this in the minute.
pub const MIN_PEERS: usize = 2;

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

/// For one medium and minute: the people sending it badly, and how many of those senders' joins
/// have received data of it then (see [`Context::compounding`]).
#[derive(Debug, Default)]
struct BadSendersReceiving {
    persons: Vec<usize>,
    senders_receiving: usize,
}

/// The episodes and grades indexed the way the rules look them up.
struct Context<'a> {
    grades: &'a MeetingGrades,
    by_join: HashMap<usize, Vec<&'a Episode>>,
    /// Sent episodes with a degraded network metric.
    bad_senders: Vec<&'a Episode>,
    /// Per minute and medium (of [`MEDIA`]): the bad senders (indexes into `bad_senders`) whose
    /// cover (see [`sender_cover`]) holds the minute and whose person sends that medium then.
    covering: Vec<[Vec<usize>; 3]>,
    /// Per join: the first join of its person.
    first_join_of: Vec<usize>,
    /// Per minute: whether most sending joins have a degraded sent stream.
    meeting_wide_uplink: Vec<bool>,
    /// The groups found, and per minute the one whose trouble it is.
    groups: Vec<Group>,
    group_at: Vec<Option<usize>>,
    /// Per join, per minute: whether its CPU episode covers the minute.
    busy_cpu: HashMap<usize, Vec<bool>>,
    /// Per medium, per minute: joins with received data of that medium.
    receiving: [Vec<u32>; 3],
    /// Per medium, per minute: joins with a degraded received stream of that medium.
    receiving_degraded: [Vec<u32>; 3],
    /// Per medium, per join index, per minute: the received-side numbers.
    received: [HashMap<usize, Vec<Received>>; 3],
    /// Per medium, per minute: their medians over the joins with data.
    medians: [Vec<Medians>; 3],
    /// Per medium, per minute: the bad senders covering it, as [`Context::compounding`] needs them.
    compounding_facts: [Vec<BadSendersReceiving>; 3],
}

impl<'a> Context<'a> {
    fn new(meeting: &Meeting, all: &'a [Episode], grades: &'a MeetingGrades) -> Context<'a> {
        let mut by_join: HashMap<usize, Vec<&Episode>> = HashMap::new();
        for e in all {
            by_join.entry(e.join_index).or_default().push(e);
        }
        let mut receiving = [(); 3].map(|_| vec![0u32; grades.minutes]);
        let mut receiving_degraded = [(); 3].map(|_| vec![0u32; grades.minutes]);
        for j in &grades.joins {
            for (k, media) in MEDIA.iter().enumerate() {
                let received: Vec<_> = j
                    .streams
                    .iter()
                    .filter(|s| s.stream.direction() == Direction::Received && s.stream.media() == *media)
                    .collect();
                for m in 0..grades.minutes {
                    let (mut any, mut degraded) = (false, false);
                    for g in received.iter().filter_map(|s| s.minutes.get(m)) {
                        any |= g.grade != crate::Grade::NoData;
                        degraded |= g.symptom_grade().is_degraded();
                    }
                    receiving[k][m] += u32::from(any);
                    receiving_degraded[k][m] += u32::from(degraded);
                }
            }
        }
        let received = MEDIA.map(|media| received_numbers(meeting, grades, media));
        let medians = std::array::from_fn(|k| {
            (0..grades.minutes)
                .map(|m| {
                    let of = |f: fn(&Received) -> Option<f64>| {
                        median(received[k].values().filter_map(|v| f(&v[m])).collect())
                    };
                    Medians { latency: of(|r| r.latency), jitter: of(|r| r.jitter), loss: of(|r| r.loss) }
                })
                .collect()
        });
        let bad_senders: Vec<&Episode> =
            all.iter().filter(|o| o.direction == Direction::Sent && network_degraded(o)).collect();
        let mut busy_cpu: HashMap<usize, Vec<bool>> = HashMap::new();
        for e in all.iter().filter(|e| e.media == Media::Cpu) {
            let cover = busy_cpu.entry(e.join_index).or_insert_with(|| vec![false; grades.minutes]);
            for m in span_minutes(grades, e) {
                cover[m] = true;
            }
        }
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
        let mut joins_of_person: HashMap<usize, Vec<usize>> = HashMap::new();
        for (j, &first) in first_join_of.iter().enumerate() {
            joins_of_person.entry(first).or_default().push(j);
        }
        // A person's joins (a drop and a rejoin do not change who sends).
        let joins_of = |e: &Episode| {
            let person = first_join_of.get(e.join_index).copied().unwrap_or(e.join_index);
            joins_of_person.get(&person).map_or(&[][..], Vec::as_slice)
        };
        let sender_cover: Vec<_> = bad_senders.iter().map(|e| sender_cover(meeting, grades, e, joins_of(e))).collect();
        let sender_media: Vec<[bool; 3]> =
            bad_senders.iter().zip(&sender_cover).map(|(e, cover)| sent_media(grades, joins_of(e), cover)).collect();
        // Per minute and medium: the bad senders (indexes into `bad_senders`) covering it, at
        // most one episode per join (the one whose own span holds the minute, else the first):
        // sized by the meeting grid, however many episodes a crafted file makes.
        let mut covering: Vec<[Vec<usize>; 3]> = vec![[(); 3].map(|_| Vec::new()); grades.minutes];
        let mut by_join_order: Vec<usize> = (0..bad_senders.len()).collect();
        by_join_order.sort_by_key(|&i| (bad_senders[i].join_index, i));
        for i in by_join_order {
            let (cover, sends) = (&sender_cover[i], &sender_media[i]);
            let own = span_minutes(grades, bad_senders[i]);
            let cover = cover.start.min(grades.minutes)..cover.end.min(grades.minutes);
            for m in cover {
                for (k, list) in covering[m].iter_mut().enumerate() {
                    if !sends[k] {
                        continue;
                    }
                    // Episodes come join by join: the list's last entry may be this join's.
                    let better =
                        |j: usize| (!own.contains(&m), i) < (!span_minutes(grades, bad_senders[j]).contains(&m), j);
                    match list.last_mut() {
                        Some(last) if bad_senders[*last].join_index == bad_senders[i].join_index => {
                            if better(*last) {
                                *last = i;
                            }
                        }
                        _ => list.push(i),
                    }
                }
            }
        }
        for slots in &mut covering {
            for list in slots.iter_mut() {
                list.sort_unstable();
            }
        }
        let meeting_wide_uplink =
            meeting_wide_uplink(grades, &bad_senders, |j| first_join_of.get(j).copied().unwrap_or(j));
        let mut ctx = Context {
            grades,
            by_join,
            meeting_wide_uplink,
            groups: Vec::new(),
            group_at: Vec::new(),
            busy_cpu,
            bad_senders,
            covering,
            first_join_of,
            receiving,
            receiving_degraded,
            received,
            medians,
            compounding_facts: [Vec::new(), Vec::new(), Vec::new()],
        };
        ctx.compounding_facts =
            std::array::from_fn(|k| (0..grades.minutes).map(|m| ctx.bad_senders_receiving(k, m)).collect());
        let (groups, group_at) = shared_groups(meeting, grades, &ctx.bad_senders, &ctx.meeting_wide_uplink, |j, m| {
            MEDIA.iter().any(|&media| ctx.is_outlier(j, media, m))
        });
        ctx.groups = groups;
        ctx.group_at = group_at;
        ctx
    }

    /// Whether `join` received far worse than the other receivers in `minute`: the mean of the
    /// three ratios of rises (latency, jitter, loss), each smoothed (5 ms, 5 ms, 1 %) so that
    /// small rises over peers with none are no outlier. The medians include this join; with
    /// many peers that hardly matters, with few it is conservative.
    fn is_outlier(&self, join: usize, media: Media, minute: usize) -> bool {
        let Some(k) = media_slot(media) else { return false };
        let (Some(mine), Some(medians)) = (self.received[k].get(&join).map(|v| v[minute]), self.medians[k].get(minute))
        else {
            return false;
        };
        let enough = |m: Option<(f64, usize)>| m.filter(|(_, n)| *n > MIN_PEERS).map(|(v, _)| v);
        let ratios: Vec<f64> =
            [(mine.latency, medians.latency, 5.0), (mine.jitter, medians.jitter, 5.0), (mine.loss, medians.loss, 1.0)]
                .into_iter()
                .filter_map(|(mine, median, smooth)| Some((mine? + smooth) / (enough(median)? + smooth)))
                .collect();
        let mean = ratios.iter().sum::<f64>() / 3.0;
        ratios.len() == 3 && mean >= OUTLIER_FACTOR && mean >= OUTLIER_FACTOR * self.compounding(join, k, minute)
    }

    /// How many times as many bad senders `join` receives (of the medium in slot `k`, in
    /// `minute`) as the median receiver: their trouble adds up, so a receiver of two bad
    /// senders among peers who each receive one (the bad senders themselves, in a small
    /// meeting) is expected to rise about twice as much. 1 when no more than the median.
    fn compounding(&self, join: usize, k: usize, minute: usize) -> f64 {
        let Some(c) = self.compounding_facts[k].get(minute) else { return 1.0 };
        let mine = c.persons.len() - usize::from(c.persons.binary_search(&self.person_of(join)).is_ok());
        if mine < 2 || mine < c.persons.len() {
            return 1.0;
        }
        // Receivers with data: those among the bad senders get one fewer (not their own).
        let receivers = self.medians[k].get(minute).and_then(|m| m.latency).map_or(0, |(_, n)| n);
        let senders_receiving = c.senders_receiving.min(receivers);
        let median = match (senders_receiving * 2).cmp(&receivers) {
            std::cmp::Ordering::Greater => mine as f64 - 1.0,
            std::cmp::Ordering::Equal => mine as f64 - 0.5,
            std::cmp::Ordering::Less => mine as f64,
        };
        mine as f64 / median
    }

    /// The people (sorted first joins) of the bad senders of medium slot `k` covering `minute`,
    /// and how many of their joins receive data of that medium then.
    fn bad_senders_receiving(&self, k: usize, minute: usize) -> BadSendersReceiving {
        let covering = self.covering.get(minute).map_or(&[][..], |c| c[k].as_slice());
        let mut persons: Vec<usize> =
            covering.iter().map(|&i| self.person_of(self.bad_senders[i].join_index)).collect();
        let mut joins: Vec<usize> = covering.iter().map(|&i| self.bad_senders[i].join_index).collect();
        persons.sort_unstable();
        persons.dedup();
        joins.sort_unstable();
        joins.dedup();
        let has_data = |j: usize| self.received[k].get(&j).is_some_and(|v| v[minute].latency.is_some());
        BadSendersReceiving { persons, senders_receiving: joins.iter().filter(|&&j| has_data(j)).count() }
    }

    /// The first join of the person `join` belongs to (a person who rejoined is one sender).
    fn person_of(&self, join: usize) -> usize {
        self.first_join_of.get(join).copied().unwrap_or(join)
    }

    fn cpu_busy(&self, join: usize, minute: usize) -> bool {
        self.busy_cpu.get(&join).and_then(|v| v.get(minute)).copied().unwrap_or(false)
    }

    fn meeting_wide_up(&self, minute: usize) -> bool {
        self.meeting_wide_uplink.get(minute).copied().unwrap_or(false)
    }

    /// The group whose shared network is in trouble in `minute`, if any.
    fn group(&self, minute: usize) -> Option<&Group> {
        self.group_at.get(minute).copied().flatten().and_then(|g| self.groups.get(g))
    }

    fn shared(group: &Group) -> Attribution {
        Attribution::SharedNetwork { attribute: group.attribute.to_owned(), value: group.value.clone() }
    }

    fn label(&self, e: &Episode) -> Vec<MinuteLabel> {
        let minutes = self.degraded_minutes(e);
        let label = |minute, attribution| MinuteLabel { minute, attribution, sender_join: None };
        match e.direction {
            Direction::Received => minutes.into_iter().flat_map(|m| self.received_minute(e, m)).collect(),
            Direction::Sent => {
                let attribution = self.own_cause(e);
                minutes
                    .into_iter()
                    .map(|m| match self.group(m) {
                        _ if self.meeting_wide_up(m) => label(m, Attribution::MeetingWide),
                        Some(g) if g.members.contains(&e.join_index) => label(m, Self::shared(g)),
                        _ => label(m, attribution.clone()),
                    })
                    .collect()
            }
            Direction::Device => {
                let attribution = self.own_cause(e);
                minutes.into_iter().map(|m| label(m, attribution.clone())).collect()
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
        (first..first + count)
            .filter(|&m| stream.minutes.get(m).is_some_and(|g| g.symptom_grade().is_degraded()))
            .collect()
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
            _ if same_join_overlapping(Media::Cpu) && !loss_degraded(e) => Attribution::DeviceCpu,
            _ => Attribution::OwnUplink,
        }
    }

    /// Every label of one degraded minute of a received episode (see the module docs).
    fn received_minute(&self, e: &Episode, minute: usize) -> Vec<MinuteLabel> {
        let label = |attribution| MinuteLabel { minute, attribution, sender_join: None };
        if self.grades.minute_time(minute).is_none() {
            return vec![label(Attribution::ReceiverDownlink)];
        }
        let own =
            if self.cpu_busy(e.join_index, minute) { Attribution::DeviceCpu } else { Attribution::ReceiverDownlink };
        let member = self.group(minute).is_some_and(|g| g.members.contains(&e.join_index));
        // A group member's downlink trouble is the shared network's.
        let outlier = !member && self.is_outlier(e.join_index, e.media, minute);
        let mut out = Vec::new();
        if outlier {
            out.push(label(own.clone()));
        }
        if self.meeting_wide_up(minute) {
            if !outlier {
                out.push(label(Attribution::MeetingWide));
            }
            return out;
        }
        let Some(k) = media_slot(e.media) else { return vec![label(own)] };
        // A bad sender explains only the media they send.
        let mut senders: Vec<&Episode> = self
            .covering
            .get(minute)
            .map_or(&[][..], |c| c[k].as_slice())
            .iter()
            .map(|&i| self.bad_senders[i])
            .filter(|o| o.join_index != e.join_index)
            .collect();
        let any_bad_sender = !senders.is_empty();
        // One label per sending person: the join whose own episode covers the minute first.
        let own_span = |o: &Episode| !span_minutes(self.grades, o).contains(&minute);
        senders.sort_by_key(|o| (self.person_of(o.join_index), own_span(o), o.join_index));
        senders.dedup_by_key(|o| self.person_of(o.join_index));
        if let Some(g) = self.group(minute) {
            let from_group = senders.iter().any(|o| g.members.contains(&o.join_index));
            if from_group || g.members.contains(&e.join_index) {
                out.push(label(Self::shared(g)));
            }
            senders.retain(|o| !g.members.contains(&o.join_index));
        }
        for o in senders {
            out.push(MinuteLabel {
                minute,
                attribution: Attribution::SenderUplink { sender_user_id: o.user_id.clone() },
                sender_join: Some(o.join_index),
            });
        }
        if out.is_empty() {
            let receiving = self.receiving[k].get(minute).copied().unwrap_or(0);
            let degraded = self.receiving_degraded[k].get(minute).copied().unwrap_or(0);
            let widespread = degraded >= 2 && degraded * 2 > receiving && !any_bad_sender;
            out.push(label(if widespread { Attribution::MeetingWide } else { own }));
        }
        out
    }
}

/// The grid minutes a bad sender's episode covers for those receiving them: its own span, and
/// next to it the minutes in which the sender (the person: a drop and a rejoin do not change who
/// sends) still sent degraded streams, or was in the meeting without a sample (up to
/// [`MAX_MISSING_IN_GAP`] such minutes on either side). A missing sample does not mean the
/// trouble paused, and a rejoin too short to make an episode of its own is still the same
/// person's trouble: what the receivers got then is still most likely theirs.
fn sender_cover(meeting: &Meeting, grades: &MeetingGrades, e: &Episode, joins: &[usize]) -> std::ops::Range<usize> {
    let span = span_minutes(grades, e);
    let first_in = joins.iter().filter_map(|&j| meeting.joins.get(j)?.join_time).min();
    let last_out = joins.iter().filter_map(|&j| meeting.joins.get(j)?.leave_time).max();
    let measured = |m: usize| {
        joins
            .iter()
            .any(|&j| grades.join(j).and_then(|g| g.overall.get(m)).is_some_and(|g| g.grade != crate::Grade::NoData))
    };
    let sent_degraded = |m: usize| {
        joins.iter().filter_map(|&j| grades.join(j)).any(|g| {
            g.streams.iter().any(|s| {
                s.stream.direction() == Direction::Sent
                    && s.minutes.get(m).is_some_and(|g| g.symptom_grade().is_degraded())
            })
        })
    };
    let missing = |m: usize| {
        let Some(t) = grades.minute_time(m) else { return false };
        let present = first_in.is_none_or(|a| crate::grade::floor_minute(a) <= t) && last_out.is_none_or(|b| t < b);
        present && !measured(m)
    };
    let (mut start, mut end) = (span.start, span.end);
    let mut gaps = 0;
    while start > 0 && (sent_degraded(start - 1) || (gaps < MAX_MISSING_IN_GAP && missing(start - 1))) {
        gaps += usize::from(!sent_degraded(start - 1));
        start -= 1;
    }
    gaps = 0;
    while end < grades.minutes && (sent_degraded(end) || (gaps < MAX_MISSING_IN_GAP && missing(end))) {
        gaps += usize::from(!sent_degraded(end));
        end += 1;
    }
    start..end
}

/// Which of [`MEDIA`] a bad sender's person (their `joins`) sends in the minutes `cover` (any
/// of their joins with a sent stream of that medium with data).
fn sent_media(grades: &MeetingGrades, joins: &[usize], cover: &std::ops::Range<usize>) -> [bool; 3] {
    let mut out = [false; 3];
    for g in joins.iter().filter_map(|&j| grades.join(j)) {
        for s in g.streams.iter().filter(|s| s.stream.direction() == Direction::Sent) {
            if let Some(k) = media_slot(s.stream.media()) {
                let minutes = s.minutes.get(cover.clone()).unwrap_or_default();
                out[k] |= minutes.iter().any(|g| g.grade != crate::Grade::NoData);
            }
        }
    }
    out
}

/// Whether the episode lost packets (a network fault; a busy CPU raises latency, not loss).
fn loss_degraded(e: &Episode) -> bool {
    e.worst.iter().any(|c| matches!(c.metric, Metric::AvgLoss | Metric::MaxLoss))
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
