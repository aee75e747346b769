//! The ground truth of a generated meeting: every injected problem, and every finding a perfect
//! diagnosis reports for it — the problem's own finding and one for every receiver a bad
//! sender hurt, each with its participant, culprit and span.
//!
//! Spans are cut to the minutes the people were there; what is left under
//! [`MIN_EPISODE_MINUTES`] is a blip nobody should report. A gradual problem starts at the
//! minute its nominal numbers first cross a warning limit (see [`super::effects`]).

use super::effects::{own_effects, weak_rssi, Effects, Link, RELAYED};
use super::{ClientKind, Condition, MeetingSpec, PersonSpec, MIN_EPISODE_MINUTES, NETWORK_LEAVE_REASON};
use chrono::{DateTime, Duration, Utc};

/// An injected quality problem, as the generator knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct EpisodeTruth {
    /// The person whose condition it is (their display name; may be empty when hidden); empty
    /// for a meeting-wide condition.
    pub person: String,
    /// The Zoom user ids of that person's joins (empty for a meeting-wide condition).
    pub user_ids: Vec<String>,
    pub condition: Condition,
    /// Wall-clock span, `[start, end)`.
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// One finding a perfect diagnosis reports.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpectedFinding {
    /// Index into [`MeetingSpec::episodes`] of the problem behind it.
    pub problem: usize,
    /// `summary --json` kind: `sender_uplink`, `receiver_downlink`, `meeting_wide`, `device_cpu`,
    /// `wifi`, `disconnect`, `shared_network`, `udp_blocked`.
    pub kind: &'static str,
    /// The join the finding is about; `None` for a meeting-wide problem (any participant).
    pub participant: Option<String>,
    /// The culprit's join ids (any of them); `None` when the culprit is `null`.
    pub culprit: Option<Vec<String>>,
    /// `[start, end)`.
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The problem's own finding (not a receiver's).
    pub own: bool,
}

impl MeetingSpec {
    fn at(&self, minute: u32) -> DateTime<Utc> {
        self.start + Duration::minutes(i64::from(minute))
    }

    /// Every injected problem, in meeting order: each person's conditions cut to their joins
    /// (starting where a gradual one first crosses a warning limit), the meeting-wide spans,
    /// and a [`Condition::Disconnect`] for every join that ended with [`NETWORK_LEAVE_REASON`].
    pub fn episodes(&self) -> Vec<EpisodeTruth> {
        let user_ids = self.user_ids();
        let profiles = self.profiles();
        let mut out = Vec::new();
        for ((p, ids), profile) in self.people.iter().zip(&user_ids).zip(&profiles) {
            let truth = |condition: Condition| {
                let (from, to) = condition.span();
                EpisodeTruth {
                    person: p.name.clone(),
                    user_ids: ids.clone(),
                    condition,
                    start: self.at(from),
                    end: self.at(to),
                }
            };
            for &c in &p.conditions {
                let (from, to) = c.span();
                let first = (from..to).find(|&m| own_symptom(c, p, profile.base(), m)).unwrap_or(to);
                for join in &p.joins {
                    let (a, b) = (first.max(join.from), to.min(join.to));
                    if b >= a + MIN_EPISODE_MINUTES {
                        out.push(truth(c.with_span(a, b)));
                    }
                }
            }
            if p.fallback.is_some() && super::new_fields::reported(p) {
                for join in p.joins.iter().filter(|j| j.to > j.from) {
                    out.push(truth(Condition::UdpBlocked { from: join.from, to: join.to }));
                }
            }
            for (i, join) in p.joins.iter().enumerate() {
                if join.leave_reason == NETWORK_LEAVE_REASON {
                    let back = p.joins.get(i + 1).map_or(join.to + 1, |next| next.from);
                    out.push(truth(Condition::Disconnect { from: join.to, to: back }));
                }
            }
        }
        for &(from, to) in &self.meeting_wide {
            out.push(EpisodeTruth {
                person: String::new(),
                user_ids: Vec::new(),
                condition: Condition::MeetingWide { from, to },
                start: self.at(from),
                end: self.at(to),
            });
        }
        out.sort_by_key(|e| e.start);
        out
    }

    /// Every finding a perfect diagnosis reports, for the problems of [`MeetingSpec::episodes`].
    pub fn expected_findings(&self) -> Vec<ExpectedFinding> {
        let user_ids = self.user_ids();
        let profiles = self.profiles();
        let person_of = |ids: &[String]| user_ids.iter().position(|v| !ids.is_empty() && v == ids);
        let mut out = Vec::new();
        let episodes = self.episodes();
        for (problem, t) in episodes.iter().enumerate() {
            let (from, to) = t.condition.span();
            let expect = |kind, participant: Option<String>, culprit: Option<Vec<String>>, (a, b): (u32, u32)| {
                ExpectedFinding { problem, kind, participant, culprit, start: self.at(a), end: self.at(b), own: true }
            };
            let Some(pi) = person_of(&t.user_ids) else {
                out.push(expect("meeting_wide", None, None, (from, to)));
                continue;
            };
            let person = &self.people[pi];
            let joins_in = |p: &PersonSpec, ids: &[String], a: u32, b: u32| {
                p.joins
                    .iter()
                    .zip(ids)
                    .map(move |(j, id)| (id.clone(), a.max(j.from), b.min(j.to)))
                    .filter(|&(_, a, b)| b >= a + MIN_EPISODE_MINUTES)
                    .collect::<Vec<_>>()
            };
            let me = Some(t.user_ids.clone());
            match t.condition {
                Condition::Disconnect { .. } => {
                    let id = person.joins.iter().zip(&t.user_ids).find(|(j, _)| j.to == from).map(|(_, id)| id.clone());
                    out.push(expect("disconnect", id, me, (from, to)));
                }
                Condition::UdpBlocked { .. } => {
                    let id = person
                        .joins
                        .iter()
                        .zip(&t.user_ids)
                        .find(|(j, _)| (j.from, j.to) == (from, to))
                        .map(|(_, id)| id.clone());
                    out.push(expect("udp_blocked", id, me, (from, to)));
                }
                Condition::BusyCpu { .. } | Condition::BadDownlink { .. } => {
                    let kind = if matches!(t.condition, Condition::BusyCpu { .. }) {
                        "device_cpu"
                    } else {
                        "receiver_downlink"
                    };
                    for (id, a, b) in joins_in(person, &t.user_ids, from, to) {
                        out.push(expect(kind, Some(id), me.clone(), (a, b)));
                    }
                }
                Condition::BadUplink { .. } | Condition::WeakWifi { .. } | Condition::WalkAway { .. } => {
                    let kind =
                        if matches!(t.condition, Condition::BadUplink { .. }) { "sender_uplink" } else { "wifi" };
                    for (id, a, b) in joins_in(person, &t.user_ids, from, to) {
                        out.push(expect(kind, Some(id), me.clone(), (a, b)));
                    }
                    // Everyone receiving them, from the minute it crosses a limit for them.
                    let original = person.conditions.iter().copied().find(|c| {
                        let (a, b) = c.span();
                        c.with_span(from, to) == t.condition && a <= from && to <= b
                    });
                    let Some(cond) = original else { continue };
                    // The receivers' side, once per condition (at its first piece): the person is
                    // one sender over all their joins, and an absence of at most
                    // `MAX_REJOIN_GAP_MINUTES` (a drop and a quick rejoin) does not end what
                    // everyone receives from them — a receiver has one finding naming that
                    // person, not one per join of theirs.
                    let (_, cond_to) = cond.span();
                    let pieces: Vec<(u32, u32)> = person
                        .joins
                        .iter()
                        .map(|j| (from.max(j.from), cond_to.min(j.to)))
                        .filter(|&(a, b)| b > a)
                        .collect();
                    let earlier_piece = episodes.iter().any(|o| {
                        let (a, b) = o.condition.span();
                        o.user_ids == t.user_ids
                            && o.start < t.start
                            && cond.with_span(a, b) == o.condition
                            && cond.span().0 <= a
                            && b <= cond_to
                    });
                    if earlier_piece {
                        continue;
                    }
                    let mut spans: Vec<(u32, u32)> = Vec::new();
                    for (a, b) in pieces {
                        match spans.last_mut() {
                            Some((_, end)) if a <= *end + MAX_REJOIN_GAP_MINUTES => *end = b,
                            _ => spans.push((a, b)),
                        }
                    }
                    for (from, to) in spans.into_iter().filter(|&(a, b)| b >= a + MIN_EPISODE_MINUTES) {
                        for (ri, (receiver, ids)) in self.people.iter().zip(&user_ids).enumerate() {
                            if ri == pi || !receives_from(receiver, person, from) {
                                continue;
                            }
                            let base = profiles[ri].base();
                            let Some(first) = (from..to).find(|&m| base.plus(cond_relay(cond, m)).crosses_warning())
                            else {
                                continue;
                            };
                            for (id, a, b) in joins_in(receiver, ids, first, to) {
                                out.push(ExpectedFinding {
                                    problem,
                                    kind: "sender_uplink",
                                    participant: Some(id),
                                    culprit: me.clone(),
                                    start: self.at(a),
                                    end: self.at(b),
                                    own: false,
                                });
                            }
                        }
                    }
                }
                Condition::MeetingWide { .. } => out.push(expect("meeting_wide", None, None, (from, to))),
                Condition::SharedSite { .. } => {
                    for (id, a, b) in joins_in(person, &t.user_ids, from, to) {
                        out.push(expect("shared_network", Some(id), None, (a, b)));
                    }
                    // Everyone outside the group receiving them, once per group (its first member).
                    let members: Vec<usize> = (0..self.people.len())
                        .filter(|&i| {
                            self.people[i]
                                .conditions
                                .iter()
                                .any(|c| c.span() == (from, to) && matches!(c, Condition::SharedSite { .. }))
                        })
                        .collect();
                    if members.first() != Some(&pi) {
                        continue;
                    }
                    for (ri, (receiver, ids)) in self.people.iter().zip(&user_ids).enumerate() {
                        if members.contains(&ri)
                            || !members.iter().any(|&m| receives_from(receiver, &self.people[m], from))
                        {
                            continue;
                        }
                        for (id, a, b) in joins_in(receiver, ids, from, to) {
                            out.push(ExpectedFinding {
                                problem,
                                kind: "shared_network",
                                participant: Some(id),
                                culprit: None,
                                start: self.at(a),
                                end: self.at(b),
                                own: false,
                            });
                        }
                    }
                }
            }
        }
        out
    }
}

/// A sender away this long between two joins (a drop and a quick rejoin) is, for everyone
/// receiving them, one stretch of trouble: the diagnosis merges runs across a one-minute gap.
const MAX_REJOIN_GAP_MINUTES: u32 = 1;

/// What a receiver gets of the sender's condition in `minute` (nominal).
fn cond_relay(c: Condition, minute: u32) -> Link {
    let one = PersonSpec::blank(vec![c]);
    own_effects(&one, minute).up.scaled(RELAYED)
}

/// Whether the condition shows in its own person's numbers in `minute` (nominal). A bad uplink
/// shows only in what the person sends: a presenter with camera and microphone off, between
/// shares, sends nothing, and no number anywhere can show their uplink then.
fn own_symptom(c: Condition, person: &PersonSpec, base: Link, minute: u32) -> bool {
    let one = PersonSpec::blank(vec![c]);
    let Effects { up, down, cpu, wifi } = own_effects(&one, minute);
    match c {
        Condition::BusyCpu { .. } => cpu > 0.0,
        Condition::WeakWifi { .. } | Condition::WalkAway { .. } => {
            weak_rssi(wifi) < -70.0 || base.plus(up).crosses_warning()
        }
        Condition::BadDownlink { .. } => base.plus(down).crosses_warning(),
        Condition::BadUplink { .. } => sends_anything(person, minute) && base.plus(up).crosses_warning(),
        // A shared site's trouble shows in what its members receive, too.
        Condition::SharedSite { .. } => base.plus(up).crosses_warning(),
        Condition::MeetingWide { .. } | Condition::Disconnect { .. } | Condition::UdpBlocked { .. } => true,
    }
}

/// Whether `person` sends any media in `minute` (audio, video or their screen).
fn sends_anything(person: &PersonSpec, minute: u32) -> bool {
    person.sends_audio || person.sends_video || person.sharing(minute)
}

/// Whether `receiver` receives any media `sender` sends around `minute` (phones receive audio
/// only; a sender may send only their screen).
pub(crate) fn receives_from(receiver: &PersonSpec, sender: &PersonSpec, minute: u32) -> bool {
    let shares = sender.shares.is_some_and(|(a, b)| (a..b).contains(&minute));
    sender.sends_audio || (receiver.client != ClientKind::Phone && (sender.sends_video || shares))
}
