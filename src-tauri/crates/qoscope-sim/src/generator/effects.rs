//! Trouble as composable effects: each [`Condition`] adds to a participant's uplink, downlink,
//! CPU or Wi-Fi in the minutes it is active, and what a bad sender sends reaches everyone who
//! receives it. Effects add up, so conditions overlap the way they do in real meetings (a bad
//! sender while a receiver has downlink trouble of their own; a busy CPU during a bad sender).
//!
//! Every effect has a *nominal* size (no noise) so the ground truth can say in which minute a
//! gradual problem first crosses a warning limit; the generator adds small noise around it.

use super::{Condition, PersonSpec};

/// Network state of one direction in one minute (or what a condition adds to it).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Link {
    pub latency: f64,
    pub jitter: f64,
    pub loss: f64,
}

impl Link {
    pub fn plus(self, o: Link) -> Link {
        Link { latency: self.latency + o.latency, jitter: self.jitter + o.jitter, loss: self.loss + o.loss }
    }

    pub fn scaled(self, k: f64) -> Link {
        Link { latency: self.latency * k, jitter: self.jitter * k, loss: self.loss * k }
    }

    /// Whether the link crosses QoScope's default warning limits (latency > 400 ms, jitter
    /// > 30 ms, average loss > 3 %): where the ground truth says a problem starts.
    pub fn crosses_warning(self) -> bool {
        self.latency > 400.0 || self.jitter > 30.0 || self.loss > 3.0
    }
}

/// Share of a received problem that reaches receivers from a bad sender (Zoom's servers repair
/// some loss; jitter buffers absorb some jitter).
pub const RELAYED: f64 = 0.8;

impl Condition {
    /// How strong the condition is in `minute`: 0 when inactive, 1 for steady conditions, and a
    /// ramp from `1/n` to 1 over the span of a gradual one.
    pub fn intensity(self, minute: u32) -> f64 {
        let (from, to) = self.span();
        if !(from..to).contains(&minute) {
            return 0.0;
        }
        match self {
            Condition::WalkAway { .. } => f64::from(minute - from + 1) / f64::from(to - from),
            _ => 1.0,
        }
    }

    /// What the condition adds to its person's uplink at full strength.
    fn uplink(self) -> Link {
        match self {
            Condition::BadUplink { .. } => Link { latency: 120.0, jitter: 45.0, loss: 10.0 },
            Condition::WeakWifi { .. } => Link { latency: 90.0, jitter: 50.0, loss: 9.0 },
            Condition::WalkAway { .. } => Link { latency: 150.0, jitter: 70.0, loss: 12.0 },
            Condition::SharedSite { .. } => SHARED_SITE,
            _ => Link::default(),
        }
    }

    /// What the condition adds to its person's downlink at full strength.
    fn downlink(self) -> Link {
        match self {
            Condition::BadDownlink { .. } => Link { latency: 140.0, jitter: 55.0, loss: 11.0 },
            Condition::SharedSite { .. } => SHARED_SITE,
            // The Wi-Fi link is shared by both directions, but uploads suffer first; a weak
            // signal shows mildly on what the device receives.
            Condition::WeakWifi { .. } | Condition::WalkAway { .. } => Link { latency: 20.0, jitter: 8.0, loss: 0.8 },
            // A saturated CPU adds application time to what Zoom measures as latency.
            Condition::BusyCpu { .. } => Link { latency: 70.0, jitter: 4.0, loss: 0.0 },
            _ => Link::default(),
        }
    }
}

/// Nominal (noise-free) effects on one person in one minute.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Effects {
    /// Added to what they send.
    pub up: Link,
    /// Added to what they receive through their own downlink.
    pub down: Link,
    /// 0–1: how hard their CPU is saturated.
    pub cpu: f64,
    /// 0–1: how weak their Wi-Fi is.
    pub wifi: f64,
}

/// The nominal effects of a person's own conditions in `minute`.
pub fn own_effects(person: &PersonSpec, minute: u32) -> Effects {
    let mut e = Effects::default();
    for &c in &person.conditions {
        let i = c.intensity(minute);
        if i == 0.0 {
            continue;
        }
        e.up = e.up.plus(c.uplink().scaled(i));
        e.down = e.down.plus(c.downlink().scaled(i));
        match c {
            Condition::BusyCpu { .. } => e.cpu = e.cpu.max(i),
            Condition::WeakWifi { .. } | Condition::WalkAway { .. } => e.wifi = e.wifi.max(i),
            _ => {}
        }
    }
    e
}

/// What a congested shared network (an office's internet link) adds to both directions.
pub const SHARED_SITE: Link = Link { latency: 90.0, jitter: 40.0, loss: 7.0 };

/// What a meeting-wide problem (the data centre, Zoom's side) adds to everyone's uplink and
/// downlink.
pub const MEETING_WIDE: Link = Link { latency: 110.0, jitter: 40.0, loss: 7.0 };

/// Wi-Fi RSSI (dBm) at a Wi-Fi weakness of `wifi` (0–1): −55 dBm falling to −90 dBm.
pub fn weak_rssi(wifi: f64) -> f64 {
    -55.0 - 35.0 * wifi
}
