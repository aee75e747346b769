//! What a participant's numbers look like when nothing is wrong: the realistic baseline the
//! diagnosis must not mistake for trouble. Every range says where it comes from (see
//! `shared/docs/zoom-api-notes.md`, "What realistic meetings look like"):
//!
//! * **Latency** depends on geography and the data centre: 20–300 ms is normal (Zoom's
//!   `latency` includes application time; ITU-T G.114 plans one-way delay < 150 ms and calls
//!   > 400 ms unacceptable). Cellular adds 30–60 ms.
//! * **Jitter** 1–15 ms on wired and Wi-Fi, up to ~20 ms on cellular; **loss** mostly 0 with
//!   occasional fractions of a percent (Teams CQD calls audio poor only above 30 ms / 10 %).
//! * **Video bitrate adapts** to motion, layout and the receiver's window: 720p at
//!   400 kbps–1.8 Mbps, 360p at 150–600 kbps, gallery thumbnails at 180p/360p (Zoom's
//!   bandwidth guidance; Teams CQD grades video by frame loss, never by bitrate).
//! * **Frame rate** follows the camera and the layout: 24–30 fps sent, 14–20 fps in low light,
//!   10–25 fps for gallery thumbnails. **Screen share** follows the content: static slides at
//!   1–5 fps and 50–150 kbps, video clips at 15–30 fps (Teams CQD: shared video poor < 2 fps).
//! * Many app users keep the **camera off**; dial-in **phones** send only audio (~64 kbps,
//!   G.711); room systems report `*_crc` streams and web clients `*_rwg` streams.
//! * **CPU** 20–75 % system-wide with Zoom at 5–25 %; **Wi-Fi** RSSI −45 to −66 dBm.
//! * Minutes go missing inside a join (no sample, ~1 %); independent one-minute spikes hit about
//!   1.5 % of join-minutes; about 3 % of minutes come close to, but stay under, a warning limit.

use super::{ClientKind, PersonSpec};
use crate::rng::Rng;

/// A participant's own normal behaviour, drawn once per person.
#[derive(Debug, Clone)]
pub(crate) struct Profile {
    /// Round-trip latency to the data centre, ms.
    pub latency: f64,
    /// Usual jitter, ms.
    pub jitter: f64,
    /// Sent camera resolution height (720 or 360) and its adaptive bitrate range, kbps.
    pub camera: (u32, f64, f64),
    /// Usual sent frame rate (low light: lower).
    pub camera_fps: f64,
    /// Usual system CPU (max), %.
    pub system_cpu: f64,
    /// Usual Wi-Fi RSSI, dBm.
    pub rssi: f64,
}

impl Profile {
    pub fn draw(rng: &mut Rng, person: &PersonSpec) -> Profile {
        let far = rng.chance(0.15);
        let mut latency = if far { rng.range(150.0, 280.0) } else { rng.range(20.0, 120.0) };
        let mut jitter = rng.range(1.0, 12.0);
        match person.network_type {
            "Cellular" => {
                latency += rng.range(30.0, 60.0);
                jitter += rng.range(2.0, 6.0);
            }
            "Wifi" => jitter += rng.range(0.0, 3.0),
            _ => {}
        }
        let camera = if person.client == ClientKind::Web || rng.chance(0.2) {
            (360, 150.0, 600.0)
        } else {
            (720, 400.0, 1800.0)
        };
        Profile {
            latency,
            jitter,
            camera,
            camera_fps: if rng.chance(0.15) { rng.range(14.0, 20.0) } else { rng.range(24.0, 30.0) },
            system_cpu: rng.range(20.0, 65.0),
            rssi: rng.range(-66.0, -45.0),
        }
    }

    /// The usual link without noise: where the ground truth measures trouble from.
    pub fn base(&self) -> super::effects::Link {
        super::effects::Link { latency: self.latency, jitter: self.jitter, loss: 0.0 }
    }
}

/// How a participant watches the others this stretch of the meeting (changes every ~10 minutes):
/// what their received video looks like with nothing wrong.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Layout {
    /// Speaker view: one 720p stream.
    Speaker,
    /// Gallery: 360p tiles.
    Gallery,
    /// Large gallery: 180p thumbnails.
    Thumbnails,
}

impl Layout {
    pub fn draw(rng: &mut Rng) -> Layout {
        match rng.below(10) {
            0..=4 => Layout::Speaker,
            5..=7 => Layout::Gallery,
            _ => Layout::Thumbnails,
        }
    }

    /// (width, height, kbps range, fps range) of the received video.
    pub fn received(self) -> ((u32, u32), (f64, f64), (f64, f64)) {
        match self {
            Layout::Speaker => ((1280, 720), (400.0, 1800.0), (20.0, 30.0)),
            Layout::Gallery => ((640, 360), (150.0, 600.0), (12.0, 25.0)),
            Layout::Thumbnails => ((320, 180), (60.0, 250.0), (10.0, 15.0)),
        }
    }
}

/// What is on a shared screen for a stretch of minutes: decides its frame rate and bitrate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ShareContent {
    /// Slides, documents: 1–5 fps, 50–150 kbps.
    Static,
    /// A video clip or live demo: 15–30 fps, 300–800 kbps.
    Motion,
}

impl ShareContent {
    pub fn draw(rng: &mut Rng) -> ShareContent {
        if rng.chance(0.75) {
            ShareContent::Static
        } else {
            ShareContent::Motion
        }
    }

    /// (fps, kbps) for one minute.
    pub fn numbers(self, rng: &mut Rng) -> (f64, f64) {
        match self {
            ShareContent::Static => (rng.range(1.0, 5.0), rng.range(50.0, 150.0)),
            ShareContent::Motion => (rng.range(15.0, 30.0), rng.range(300.0, 800.0)),
        }
    }
}

/// A slow random walk inside `[lo, hi]`: adaptive bitrate following motion and bandwidth.
pub(crate) fn drift(rng: &mut Rng, current: f64, lo: f64, hi: f64) -> f64 {
    let step = (hi - lo) * 0.15;
    (current + rng.range(-step, step)).clamp(lo, hi)
}
