//! Trouble shared by many joins at once, per minute: a meeting-wide uplink problem (most joins
//! that send have degraded sent streams) and shared-network groups (joins sharing a public IP
//! address, a location or a data centre suffering together). See [`crate::attribution`] for how
//! the labels use them.
//!
//! Every per-minute table is sized by the meeting grid (bounded by the model), and each minute
//! is looked at once per join: a crafted file with many joins cannot make this quadratic.

use crate::episodes::Episode;
use crate::grade::MeetingGrades;
use crate::thresholds::Grade;
use qoscope_model::metric::Direction;
use qoscope_model::{Join, Meeting};
use std::collections::HashMap;

/// A meeting-wide uplink problem needs at least this many joins with degraded sent streams,
/// and at least three quarters of the joins sending in that minute.
pub const MIN_MEETING_WIDE: usize = 3;

/// A shared-network problem needs at least this many joins of the group in trouble (degraded
/// sent streams, or behind one IP address receiving far worse than the peers), and one fewer of
/// them sending badly.
pub const MIN_GROUP: usize = 3;

/// What a group may share, most specific first: the public IP address (one site or VPN), the
/// location Zoom reports, the data centre. The one definition of the attribute names and fields.
pub const SHARED_ATTRIBUTES: [&str; 3] = ["ip_address", "location", "data_center"];

/// The value of a shared attribute for a join (`None` when Zoom gave none or it is blank).
pub fn shared_value<'a>(attribute: &str, join: &'a Join) -> Option<&'a str> {
    let value = match attribute {
        "ip_address" => join.ip_address.as_deref(),
        "location" => join.location.as_deref(),
        "data_center" => join.data_center.as_deref(),
        _ => None,
    };
    value.filter(|v| !v.trim().is_empty())
}

/// A group of joins sharing one value of an attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// One of [`SHARED_ATTRIBUTES`].
    pub attribute: &'static str,
    pub value: String,
    /// Indexes into `Meeting::joins` of every join with that value.
    pub members: Vec<usize>,
}

/// The grid minutes an episode spans.
pub(crate) fn span_minutes(grades: &MeetingGrades, e: &Episode) -> std::ops::Range<usize> {
    let first = grades.minute_index(e.start).unwrap_or(0).min(grades.minutes);
    let count = (e.end - e.start).num_minutes().max(0) as usize;
    first..(first + count).min(grades.minutes)
}

/// Per minute, the joins (sorted, once each) with a bad sent episode covering it.
fn degraded_senders(grades: &MeetingGrades, bad_senders: &[&Episode]) -> Vec<Vec<usize>> {
    let mut degraded: Vec<Vec<usize>> = vec![Vec::new(); grades.minutes];
    for e in bad_senders {
        for m in span_minutes(grades, e) {
            degraded[m].push(e.join_index);
        }
    }
    for d in &mut degraded {
        d.sort_unstable();
        d.dedup();
    }
    degraded
}

/// Per join, per minute: whether the join has any data then (from its grades).
fn present(grades: &MeetingGrades, join: usize, minute: usize) -> bool {
    grades.join(join).and_then(|j| j.overall.get(minute)).is_some_and(|g| g.grade != Grade::NoData)
}

/// Per minute: whether at least three quarters of the joins sending data (and at least
/// [`MIN_MEETING_WIDE`]) have a sent episode with a degraded network metric covering it — or,
/// when only two joins of two people send (a small meeting, a webinar's panel), whether both
/// have, their trouble beginning in the same minute and ending within a minute of each other:
/// two uplinks failing and recovering together share their cause far more often than they do
/// so apart by chance. `person_of` maps a join to its person (its first join).
pub(crate) fn meeting_wide_uplink(
    grades: &MeetingGrades,
    bad_senders: &[&Episode],
    person_of: impl Fn(usize) -> usize,
) -> Vec<bool> {
    let mut sending = vec![0usize; grades.minutes];
    for j in &grades.joins {
        let sent: Vec<_> = j.streams.iter().filter(|s| s.stream.direction() == Direction::Sent).collect();
        for (m, count) in sending.iter_mut().enumerate() {
            *count += usize::from(sent.iter().any(|s| s.minutes.get(m).is_some_and(|g| g.grade != Grade::NoData)));
        }
    }
    let mut spans: HashMap<usize, Vec<std::ops::Range<usize>>> = HashMap::new();
    for e in bad_senders {
        spans.entry(e.join_index).or_default().push(span_minutes(grades, e));
    }
    let raw: Vec<bool> = degraded_senders(grades, bad_senders)
        .iter()
        .zip(&sending)
        .enumerate()
        .map(|(m, (d, &n))| {
            (d.len() >= MIN_MEETING_WIDE && d.len() * 4 >= n * 3)
                || (d.len() == 2 && n <= 2 && person_of(d[0]) != person_of(d[1]) && same_course(&spans, d, m))
        })
        .collect();
    bridge_single_gaps(&raw, |a, b| a == b && *a)
}

/// Whether the trouble of every join in `joins` (their bad sent episodes covering `minute`,
/// from `spans`: per join, the grid minutes of each) began in the same grid minute and ended
/// within a minute of each other.
fn same_course(spans: &HashMap<usize, Vec<std::ops::Range<usize>>>, joins: &[usize], minute: usize) -> bool {
    let course = |j: usize| {
        let covering = spans.get(&j)?.iter().filter(|span| span.contains(&minute));
        let start = covering.clone().map(|span| span.start).min()?;
        Some((start, covering.map(|span| span.end).max()?))
    };
    let Some((start, end)) = course(joins[0]) else { return false };
    joins.iter().all(|&j| course(j).is_some_and(|(a, b)| a == start && b.abs_diff(end) <= 1))
}

/// Fills a single minute between two minutes with the same marking (`same`): a per-minute
/// decision flickering for one minute inside a span does not split it.
pub(crate) fn bridge_single_gaps<T: Clone>(v: &[T], same: impl Fn(&T, &T) -> bool) -> Vec<T> {
    let mut out = v.to_vec();
    for m in 1..v.len().saturating_sub(1) {
        if same(&v[m - 1], &v[m + 1]) && !same(&v[m], &v[m - 1]) {
            out[m] = v[m - 1].clone();
        }
    }
    out
}

/// The groups of joins whose shared network is in trouble, and per minute which one. In a
/// minute without meeting-wide trouble, a value of an attribute (most specific first) makes a
/// group when at least [`MIN_GROUP`] joins with it are in trouble (degraded sent streams; behind
/// one public IP address also `receive_outlier`: receiving far worse than their peers, as a
/// member who sends nothing shows the shared link's trouble), at least two of them sending
/// badly, they are at least two thirds of the joins with that value present, and that value is
/// not shared by most of the joins present.
pub(crate) fn shared_groups(
    meeting: &Meeting,
    grades: &MeetingGrades,
    bad_senders: &[&Episode],
    meeting_wide: &[bool],
    receive_outlier: impl Fn(usize, usize) -> bool,
) -> (Vec<Group>, Vec<Option<usize>>) {
    let degraded = degraded_senders(grades, bad_senders);
    let mut groups: Vec<Group> = Vec::new();
    let mut group_at = vec![None; grades.minutes];
    for m in 0..grades.minutes {
        if meeting_wide.get(m).copied().unwrap_or(false) || degraded[m].len() < MIN_GROUP - 1 {
            continue;
        }
        let here: Vec<usize> = (0..meeting.joins.len()).filter(|&j| present(grades, j, m)).collect();
        let mut in_trouble: HashMap<usize, bool> = HashMap::new();
        // Receiving far worse than the peers counts only behind one public address (one link
        // both ways); a city or a data centre is no link of its own.
        let mut in_trouble = |j: usize, attribute: &str| {
            degraded[m].binary_search(&j).is_ok()
                || (attribute == "ip_address" && *in_trouble.entry(j).or_insert_with(|| receive_outlier(j, m)))
        };
        'attributes: for attribute in SHARED_ATTRIBUTES {
            // value → (joins present with it, of them in trouble, of them sending badly)
            let mut counts: HashMap<&str, (usize, usize, usize)> = HashMap::new();
            for &j in &here {
                if let Some(v) = shared_value(attribute, &meeting.joins[j]) {
                    let c = counts.entry(v).or_default();
                    c.0 += 1;
                    c.1 += usize::from(in_trouble(j, attribute));
                    c.2 += usize::from(degraded[m].binary_search(&j).is_ok());
                }
            }
            let mut candidates: Vec<(&str, (usize, usize, usize))> = counts.into_iter().collect();
            candidates.sort_unstable();
            for (value, (with, bad, sending_badly)) in candidates {
                if bad >= MIN_GROUP && sending_badly >= MIN_GROUP - 1 && bad * 3 >= with * 2 && with * 2 <= here.len() {
                    let index = match groups.iter().position(|g| g.attribute == attribute && g.value == value) {
                        Some(i) => i,
                        None => {
                            let members = (0..meeting.joins.len())
                                .filter(|&j| shared_value(attribute, &meeting.joins[j]) == Some(value))
                                .collect();
                            groups.push(Group { attribute, value: value.to_owned(), members });
                            groups.len() - 1
                        }
                    };
                    group_at[m] = Some(index);
                    break 'attributes;
                }
            }
        }
    }
    (groups, bridge_single_gaps(&group_at, |a, b| a == b && a.is_some()))
}
