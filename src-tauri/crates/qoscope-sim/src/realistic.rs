//! Realistic meetings for scoring the diagnosis: a mix of people as real meetings have them
//! (app users with and without camera, web clients, room systems, phones, Wi-Fi, wired and
//! cellular, a presenter sharing slides or a clip), the baseline noise of
//! [`crate::generator`], and — unless clean — a few problems drawn from a menu of overlapping
//! and composed trouble. The ground truth comes from [`MeetingSpec::expected_findings`].

use crate::generator::{ClientKind, Condition, Fallback, JoinSpec, MeetingSpec, PersonSpec, NETWORK_LEAVE_REASON};
use crate::rng::Rng;
use crate::scenario::person;
use chrono::{TimeZone, Utc};

const HOST_ENDED: &str = "left the meeting. Reason: Host ended the meeting.";

/// Offices: (location, the public address everyone there shares).
const OFFICES: [(&str, &str); 3] =
    [("Berlin (DE)", "198.51.100.10"), ("Lisbon (PT)", "198.51.100.20"), ("Warsaw (PL)", "198.51.100.30")];

/// Where people work from home.
const HOMES: [&str; 6] = ["Hamburg (DE)", "Munich (DE)", "Porto (PT)", "Vienna (AT)", "Zurich (CH)", "Krakow (PL)"];

/// The menu of problems a realistic meeting may get (each at its own time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trouble {
    BadUplink,
    WeakWifi,
    /// Walking away from the access point over 10 minutes.
    Gradual,
    BusyCpu,
    BadDownlink,
    TwoBadSenders,
    /// A bad sender while one receiver has downlink trouble of their own.
    SenderAndDownlink,
    /// A busy CPU while a sender is bad.
    CpuDuringBadSender,
    /// The data centre: everyone's uplink and downlink.
    MeetingWide,
    /// The presenter's bad uplink while they share with camera and microphone off.
    SharerUplink,
    /// A bad sender who drops and rejoins.
    SenderDropsAndRejoins,
    /// Everyone at one office: their shared internet link (meetings of 10 or more).
    SharedSite,
}

impl Trouble {
    pub const ALL: [Trouble; 12] = [
        Trouble::BadUplink,
        Trouble::WeakWifi,
        Trouble::Gradual,
        Trouble::BusyCpu,
        Trouble::BadDownlink,
        Trouble::TwoBadSenders,
        Trouble::SenderAndDownlink,
        Trouble::CpuDuringBadSender,
        Trouble::MeetingWide,
        Trouble::SharerUplink,
        Trouble::SenderDropsAndRejoins,
        Trouble::SharedSite,
    ];
}

/// A realistic meeting of `people` people (at least 3) for `minutes` minutes; `troubles` problems
/// drawn from [`Trouble::ALL`] at separate times (0 for a clean meeting).
pub fn meeting(people: usize, minutes: u32, seed: u64, troubles: usize) -> MeetingSpec {
    let mut rng = Rng::new(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5ca1ab1e);
    let people = people.max(3);
    let mut list: Vec<PersonSpec> = (0..people).map(|i| draw_person(&mut rng, i, minutes)).collect();
    // A presenter shares for a while (slides or a clip: the baseline decides per 5 minutes).
    // Only an app user can share a screen (phones send audio alone): with no app user among
    // them, the presenter is person 1 on a laptop.
    let presenter = match (1..people).find(|&i| list[i].client == ClientKind::App) {
        Some(i) => i,
        None => {
            let p = &list[1];
            list[1] = person(
                &p.name.clone(),
                &p.email.clone(),
                "Windows",
                ClientKind::App,
                "Wifi",
                p.location,
                &p.ip_address.clone(),
                p.joins.clone(),
                p.conditions.clone(),
            );
            list[1].on_wifi = true;
            1
        }
    };
    let from = rng.below(u64::from(minutes / 3)) as u32;
    list[presenter].shares = Some((from, (from + minutes / 2).min(minutes)));
    let mut spec = MeetingSpec {
        seed,
        meeting_number: 95_000_000_000 + seed % 1_000_000_000,
        uuid: format!("ReAl{seed:08}=="),
        topic: format!("Realistic meeting ({people} people, seed {seed})"),
        host: list[0].name.clone(),
        host_email: list[0].email.clone(),
        start: Utc.with_ymd_and_hms(2026, 11, 18, 13, 0, 0).single().expect("valid date"),
        minutes,
        people: list,
        unknown_fields: false,
        meeting_wide: Vec::new(),
        noise: true,
    };
    // Separate slots so that problems do not run into each other by accident.
    let slots = (minutes / 14).max(1) as usize;
    let mut slot_order: Vec<usize> = (0..slots).collect();
    for i in (1..slot_order.len()).rev() {
        slot_order.swap(i, rng.below(i as u64 + 1) as usize);
    }
    for &slot in slot_order.iter().take(troubles) {
        let start = slot as u32 * 14 + 1 + rng.below(3) as u32;
        let trouble = Trouble::ALL[rng.below(Trouble::ALL.len() as u64) as usize];
        inject(&mut spec, &mut rng, trouble, start);
    }
    add_new_fields(&mut spec, seed, troubles);
    spec
}

/// Zoom's 2024–2026 fields, drawn from their own stream of the seed (so they change no other
/// value): about half the clients report them; one in four meetings with trouble has someone
/// whose media fell back to TCP or SSL behind a firewall (a `udp_blocked` problem in the ground
/// truth). Clean meetings stay clean: every client there connects over UDP.
fn add_new_fields(spec: &mut MeetingSpec, seed: u64, troubles: usize) {
    let mut rng = Rng::new(seed ^ 0x6669_656c_6473_3138);
    for p in &mut spec.people {
        p.new_fields = p.client != ClientKind::Phone && rng.chance(0.5);
    }
    let candidates: Vec<usize> =
        (0..spec.people.len()).filter(|&i| spec.people[i].client != ClientKind::Phone).collect();
    if troubles > 0 && !candidates.is_empty() && rng.chance(0.25) {
        let who = candidates[rng.below(candidates.len() as u64) as usize];
        let kinds = [Fallback::VIDEO_TCP, Fallback::VIDEO_AND_SHARE_TCP, Fallback::ALL_SSL];
        spec.people[who].fallback = Some(kinds[rng.below(kinds.len() as u64) as usize]);
    }
}

fn draw_person(rng: &mut Rng, i: usize, minutes: u32) -> PersonSpec {
    let (device, client, network) = match rng.below(20) {
        0 | 1 => ("Phone", ClientKind::Phone, "Others"),
        2 | 3 => ("Web", ClientKind::Web, "Wifi"),
        4 => ("H.323/SIP", ClientKind::RoomConnector, "Wired"),
        5..=9 => ("Windows", ClientKind::App, "Wifi"),
        10 | 11 => ("iOS", ClientKind::App, "Cellular"),
        12 => ("Android", ClientKind::App, "Wifi"),
        _ => ("Mac", ClientKind::App, "Wired"),
    };
    let name = format!("Person {i:03}");
    let email = if client == ClientKind::Phone { String::new() } else { format!("person{i:03}@example.com") };
    let whole = vec![JoinSpec { from: 0, to: minutes, leave_reason: HOST_ENDED }];
    // Two in five work at one of three offices (one public address each); the rest from home.
    let (location, ip) = if client != ClientKind::Phone && rng.chance(0.4) {
        let office = rng.below(OFFICES.len() as u64) as usize;
        (OFFICES[office].0, OFFICES[office].1.to_owned())
    } else {
        (HOMES[rng.below(HOMES.len() as u64) as usize], format!("192.0.2.{}", 1 + i % 250))
    };
    let mut p = person(&name, &email, device, client, network, location, &ip, whole, vec![]);
    if client == ClientKind::App && rng.chance(0.35) {
        p.sends_video = false;
    }
    p
}

/// A random person other than `not`, of a kind that `ok` accepts (any, if none does).
fn pick(spec: &MeetingSpec, rng: &mut Rng, not: &[usize], ok: impl Fn(&PersonSpec) -> bool) -> usize {
    let candidates: Vec<usize> = (0..spec.people.len()).filter(|i| !not.contains(i) && ok(&spec.people[*i])).collect();
    let all: Vec<usize> = (0..spec.people.len()).filter(|i| !not.contains(i)).collect();
    let from = if candidates.is_empty() { &all } else { &candidates };
    from[rng.below(from.len() as u64) as usize]
}

/// A random person for a device condition: an app user (only apps report CPU and Wi-Fi),
/// moved onto Wi-Fi when the condition is about Wi-Fi.
fn pick_app(spec: &mut MeetingSpec, rng: &mut Rng, not: &[usize], wifi: bool) -> usize {
    let i = pick(spec, rng, not, |p| is_app(p) && (!wifi || p.on_wifi));
    let p = &mut spec.people[i];
    if p.client != ClientKind::App {
        *p = person(
            &p.name.clone(),
            &p.email.clone(),
            "Windows",
            ClientKind::App,
            "Wifi",
            p.location,
            &p.ip_address.clone(),
            p.joins.clone(),
            p.conditions.clone(),
        );
    }
    if wifi {
        p.on_wifi = true;
        p.network_type = "Wifi";
    }
    i
}

fn is_app(p: &PersonSpec) -> bool {
    p.client == ClientKind::App
}

fn inject(spec: &mut MeetingSpec, rng: &mut Rng, trouble: Trouble, start: u32) {
    let len = 3 + rng.below(6) as u32;
    let end = (start + len).min(spec.minutes);
    let sharer = spec.people.iter().position(|p| p.shares.is_some()).unwrap_or(0);
    let add = |spec: &mut MeetingSpec, who: usize, c: Condition| spec.people[who].conditions.push(c);
    match trouble {
        Trouble::BadUplink => {
            let s = pick(spec, rng, &[sharer], |_| true);
            add(spec, s, Condition::BadUplink { from: start, to: end });
        }
        Trouble::WeakWifi => {
            let s = pick_app(spec, rng, &[sharer], true);
            add(spec, s, Condition::WeakWifi { from: start, to: end });
        }
        Trouble::Gradual => {
            let s = pick_app(spec, rng, &[sharer], true);
            add(spec, s, Condition::WalkAway { from: start, to: (start + 10).min(spec.minutes) });
        }
        Trouble::BusyCpu => {
            let s = pick_app(spec, rng, &[sharer], false);
            add(spec, s, Condition::BusyCpu { from: start, to: end });
        }
        Trouble::BadDownlink => {
            let s = pick(spec, rng, &[], |_| true);
            add(spec, s, Condition::BadDownlink { from: start, to: end });
        }
        Trouble::TwoBadSenders => {
            let a = pick(spec, rng, &[sharer], |_| true);
            let b = pick(spec, rng, &[sharer, a], |_| true);
            add(spec, a, Condition::BadUplink { from: start, to: end });
            add(spec, b, Condition::BadUplink { from: start + 1, to: end + 2 });
        }
        Trouble::SenderAndDownlink => {
            let s = pick(spec, rng, &[sharer], |_| true);
            let r = pick(spec, rng, &[s], |_| true);
            add(spec, s, Condition::BadUplink { from: start, to: end });
            add(spec, r, Condition::BadDownlink { from: start + 1, to: end });
        }
        Trouble::CpuDuringBadSender => {
            let s = pick(spec, rng, &[sharer], |_| true);
            let c = pick_app(spec, rng, &[s, sharer], false);
            add(spec, s, Condition::BadUplink { from: start, to: end });
            add(spec, c, Condition::BusyCpu { from: start, to: end + 1 });
        }
        Trouble::MeetingWide => spec.meeting_wide.push((start, end)),
        Trouble::SharerUplink => {
            let p = &mut spec.people[sharer];
            p.sends_video = false;
            p.sends_audio = false;
            p.shares = Some((start.saturating_sub(1), (start + len + 1).min(spec.minutes)));
            p.conditions.push(Condition::BadUplink { from: start, to: end });
        }
        Trouble::SharedSite => {
            let office = OFFICES[rng.below(OFFICES.len() as u64) as usize].1;
            let members: Vec<usize> = (0..spec.people.len()).filter(|&i| spec.people[i].ip_address == office).collect();
            if spec.people.len() < 10 || members.len() < 3 {
                let s = pick(spec, rng, &[sharer], |_| true);
                add(spec, s, Condition::BadUplink { from: start, to: end });
            } else {
                for m in members {
                    add(spec, m, Condition::SharedSite { from: start, to: end });
                }
            }
        }
        Trouble::SenderDropsAndRejoins => {
            let s = pick(spec, rng, &[sharer], |_| true);
            let drop = (start + len).min(spec.minutes.saturating_sub(3));
            let p = &mut spec.people[s];
            p.joins = vec![
                JoinSpec { from: 0, to: drop, leave_reason: NETWORK_LEAVE_REASON },
                JoinSpec { from: drop + 1, to: spec.minutes, leave_reason: HOST_ENDED },
            ];
            p.conditions.push(Condition::BadUplink { from: start, to: (drop + 3).min(spec.minutes) });
        }
    }
}
