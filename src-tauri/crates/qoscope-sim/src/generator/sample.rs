//! One join's samples, minute by minute: the baseline of [`super::baseline`] with the effects of
//! [`super::effects`] on top, written as Zoom's JSON by [`super::values`].

use super::baseline::{drift, Layout, Profile, ShareContent};
use super::effects::{own_effects, weak_rssi, Effects, Link, MEETING_WIDE, RELAYED};
use super::new_fields::{FALLBACK_CEILING, FALLBACK_JITTER, FALLBACK_LATENCY};
use super::values::{cpu, dbm, empty_stream, fps, kbps, label, ms, pct, resolution, Gv, SampleBuilder, TruthRow};
use super::{ClientKind, MeetingSpec, PersonSpec};
use crate::rng::Rng;
use chrono::Duration;
use serde_json::{json, Map, Value};

/// Keys of the (audio, video, share) × (sent, received) objects for a client kind.
fn stream_keys(client: ClientKind) -> [&'static str; 6] {
    match client {
        ClientKind::App | ClientKind::Phone => {
            ["audio_input", "audio_output", "video_input", "video_output", "as_input", "as_output"]
        }
        ClientKind::Web => [
            "audio_device_from_rwg",
            "audio_device_to_rwg",
            "video_device_from_rwg",
            "video_device_to_rwg",
            "as_device_from_rwg",
            "as_device_to_rwg",
        ],
        ClientKind::RoomConnector => [
            "audio_device_from_crc",
            "audio_device_to_crc",
            "video_device_from_crc",
            "video_device_to_crc",
            "as_device_from_crc",
            "as_device_to_crc",
        ],
    }
}

/// The six media streams of a sample, in [`stream_keys`] order.
const SENT_AUDIO: usize = 0;
const RECEIVED_AUDIO: usize = 1;
const SENT_VIDEO: usize = 2;
const RECEIVED_VIDEO: usize = 3;
const SENT_SHARE: usize = 4;
const RECEIVED_SHARE: usize = 5;

/// A stream over TCP instead of UDP: somewhat more latency and jitter, never beyond
/// [`FALLBACK_CEILING`] by the fallback alone (see [`super::new_fields`]).
fn fall_back(link: &mut Link) {
    let (latency, jitter) = FALLBACK_CEILING;
    link.latency = (link.latency + FALLBACK_LATENCY).min(link.latency.max(latency));
    link.jitter = (link.jitter + FALLBACK_JITTER).min(link.jitter.max(jitter));
}

/// QoScope's default warning limits the baseline's near-limit noise stays just under.
const NEAR_LIMIT: [(f64, f64); 3] = [(330.0, 395.0), (22.0, 29.5), (1.5, 2.9)];

/// What every join's samples need to know about the others, per minute, computed once per
/// meeting (so a 300-person meeting costs per sample what its bad senders cost, not 300 people).
pub(crate) struct MinuteFacts {
    /// Present people whose own conditions add to their uplink: (person, what they add).
    bad_senders: Vec<Vec<(usize, Link)>>,
    /// Present people sending video.
    video_senders: Vec<Vec<usize>>,
    /// The first present person sharing their screen.
    sharer: Vec<Option<usize>>,
}

impl MinuteFacts {
    pub fn new(spec: &MeetingSpec) -> MinuteFacts {
        let minutes = spec.minutes as usize;
        let mut facts = MinuteFacts {
            bad_senders: vec![Vec::new(); minutes],
            video_senders: vec![Vec::new(); minutes],
            sharer: vec![None; minutes],
        };
        for (i, p) in spec.people.iter().enumerate() {
            for minute in 0..spec.minutes {
                if !p.present(minute) {
                    continue;
                }
                let m = minute as usize;
                let up = own_effects(p, minute).up;
                if up != Link::default() {
                    facts.bad_senders[m].push((i, up));
                }
                if p.sends_video {
                    facts.video_senders[m].push(i);
                }
                if p.sharing(minute) && facts.sharer[m].is_none() {
                    facts.sharer[m] = Some(i);
                }
            }
        }
        facts
    }
}

/// Writes the samples of one join and keeps what Zoom's own per-join verdict is based on.
pub(crate) struct JoinWriter<'a> {
    spec: &'a MeetingSpec,
    facts: &'a MinuteFacts,
    pi: usize,
    person: &'a PersonSpec,
    profile: &'a Profile,
    user_id: &'a str,
    pub rng: &'a mut Rng,
    layout: Layout,
    video_kbps: f64,
    received_kbps: f64,
    share: ShareContent,
    /// Per media (audio, video, share): minutes with data, minutes with network trouble.
    minutes: [(u32, u32); 3],
}

impl<'a> JoinWriter<'a> {
    pub fn new(
        (spec, facts): (&'a MeetingSpec, &'a MinuteFacts),
        pi: usize,
        profile: &'a Profile,
        user_id: &'a str,
        rng: &'a mut Rng,
    ) -> Self {
        let layout = Layout::draw(rng);
        let share = ShareContent::draw(rng);
        let (_, lo, hi) = profile.camera;
        let video_kbps = rng.range(lo, hi);
        let received_kbps = {
            let (_, (lo, hi), _) = layout.received();
            rng.range(lo, hi)
        };
        JoinWriter {
            spec,
            facts,
            pi,
            person: &spec.people[pi],
            profile,
            user_id,
            rng,
            layout,
            video_kbps,
            received_kbps,
            share,
            minutes: [(0, 0); 3],
        }
    }

    /// A minute without a sample: the adaptive state moves on all the same.
    pub fn skip(&mut self, minute: u32) {
        self.step(minute);
    }

    fn step(&mut self, minute: u32) {
        if minute.is_multiple_of(10) && self.rng.chance(0.5) {
            self.layout = Layout::draw(self.rng);
        }
        if minute.is_multiple_of(5) {
            self.share = ShareContent::draw(self.rng);
        }
        let (_, lo, hi) = self.profile.camera;
        self.video_kbps = drift(self.rng, self.video_kbps, lo, hi);
        let (_, (lo, hi), _) = self.layout.received();
        self.received_kbps = drift(self.rng, self.received_kbps.clamp(lo, hi), lo, hi);
    }

    /// What the person's own conditions, the meeting and the bad senders they receive do to
    /// them in `minute` (nominal): (effects, received links per media).
    fn effects(&self, minute: u32) -> (Effects, [Link; 3]) {
        let mut own = own_effects(self.person, minute);
        if self.spec.meeting_wide_at(minute) {
            own.up = own.up.plus(MEETING_WIDE);
            own.down = own.down.plus(MEETING_WIDE);
        }
        let mut down = [own.down; 3];
        let phone = self.person.client == ClientKind::Phone;
        let bad = self.facts.bad_senders.get(minute as usize).map_or(&[][..], Vec::as_slice);
        for &(i, up) in bad.iter().filter(|(i, _)| *i != self.pi) {
            let sender = &self.spec.people[i];
            let relayed = up.scaled(RELAYED);
            if sender.sends_audio {
                down[0] = down[0].plus(relayed);
            }
            if sender.sends_video && !phone {
                down[1] = down[1].plus(relayed);
            }
            if sender.sharing(minute) && !phone {
                down[2] = down[2].plus(relayed);
            }
        }
        (own, down)
    }

    /// The baseline link of one stream this minute, with the trouble on top and small noise.
    fn link(&mut self, trouble: Link) -> Link {
        let p = self.profile;
        let base = Link {
            latency: (p.latency * self.rng.range(0.92, 1.08)).min(390.0),
            jitter: self.rng.around(p.jitter, p.jitter * 0.25, 0.5).min(28.0),
            loss: if self.rng.chance(0.2) { self.rng.range(0.0, 0.4) } else { 0.0 },
        };
        let t = Link {
            latency: trouble.latency * self.rng.range(0.95, 1.05),
            jitter: trouble.jitter * self.rng.range(0.9, 1.1),
            loss: trouble.loss * self.rng.range(0.9, 1.1),
        };
        base.plus(t)
    }

    /// One sample of the join.
    pub fn sample(&mut self, minute: u32, truth: &mut Vec<TruthRow>) -> Value {
        self.step(minute);
        let (own, down) = self.effects(minute);
        let person = self.person;
        let phone = person.client == ClientKind::Phone;
        let m = minute as usize;
        let others_send_video = self.facts.video_senders.get(m).is_some_and(|v| v.iter().any(|&i| i != self.pi));
        let sharer = self.facts.sharer.get(m).copied().flatten();
        let me_sharing = person.sharing(minute);

        let mut links = [
            self.link(own.up),
            self.link(down[0]),
            self.link(own.up),
            self.link(down[1]),
            self.link(own.up),
            self.link(down[2]),
        ];
        let active = [
            person.sends_audio,
            true,
            person.sends_video && !phone,
            others_send_video && !phone,
            me_sharing && !phone,
            sharer.is_some() && !me_sharing && !phone,
        ];
        if let Some(f) = person.fallback {
            let pairs = [(SENT_AUDIO, RECEIVED_AUDIO), (SENT_VIDEO, RECEIVED_VIDEO), (SENT_SHARE, RECEIVED_SHARE)];
            for (media, (sent, received)) in pairs.into_iter().enumerate() {
                if f.media(media) {
                    fall_back(&mut links[sent]);
                    fall_back(&mut links[received]);
                }
            }
        }
        if self.spec.noise {
            self.noise(&mut links, &active);
        }

        let t = self.spec.start + Duration::minutes(i64::from(minute));
        let date_time = t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let mut object = Map::new();
        object.insert("date_time".into(), json!(date_time));
        let mut sample = SampleBuilder { object, truth, user_id: self.user_id, user_name: &person.name, date_time };
        if matches!(person.client, ClientKind::Web | ClientKind::RoomConnector) {
            // Apps report the standard keys; web and connector joins leave them empty.
            for (i, k) in stream_keys(ClientKind::App).iter().enumerate() {
                sample.put(k, empty_stream(i >= 2));
            }
        }
        let keys = stream_keys(person.client);
        let audio_rate = |rng: &mut Rng| if phone { rng.around(64.0, 0.6, 60.0) } else { rng.around(70.0, 6.0, 40.0) };
        for s in [SENT_AUDIO, RECEIVED_AUDIO] {
            let fields = if active[s] {
                let rate = audio_rate(self.rng);
                self.stream(rate, links[s], None)
            } else {
                empty_stream(false)
            };
            sample.put(keys[s], fields);
        }
        if !phone {
            let sent = if active[SENT_VIDEO] {
                let v = self.sent_video(&own, links[SENT_VIDEO]);
                self.stream(v.1, links[SENT_VIDEO], Some((v.0, v.2)))
            } else {
                empty_stream(true)
            };
            sample.put(keys[SENT_VIDEO], sent);
            let received = if active[RECEIVED_VIDEO] {
                let v = self.received_video(&own, links[RECEIVED_VIDEO]);
                self.stream(v.1, links[RECEIVED_VIDEO], Some((v.0, v.2)))
            } else {
                empty_stream(true)
            };
            sample.put(keys[RECEIVED_VIDEO], received);
            for s in [SENT_SHARE, RECEIVED_SHARE] {
                let fields = if active[s] {
                    let (frame_rate, rate) = self.share.numbers(self.rng);
                    self.stream(rate, links[s], Some(((1920, 1080), frame_rate)))
                } else {
                    empty_stream(true)
                };
                sample.put(keys[s], fields);
            }
        }
        if person.client == ClientKind::App && !phone {
            self.put_cpu(&mut sample, own.cpu);
        }
        if person.on_wifi {
            let steady = person
                .conditions
                .iter()
                .any(|c| matches!(c, super::Condition::WeakWifi { .. }) && c.intensity(minute) > 0.0);
            self.put_wifi(&mut sample, own.wifi, steady);
        }
        for (media, (sent, received)) in
            [(SENT_AUDIO, RECEIVED_AUDIO), (SENT_VIDEO, RECEIVED_VIDEO), (SENT_SHARE, RECEIVED_SHARE)]
                .into_iter()
                .enumerate()
        {
            if active[sent] || active[received] {
                let counts = &mut self.minutes[media];
                counts.0 += 1;
                let bad = |s: usize| active[s] && links[s].crosses_warning();
                counts.1 += u32::from(bad(sent) || bad(received));
            }
        }
        let mut object = sample.object;
        if self.spec.unknown_fields {
            object.insert("future_stream".into(), json!({"bitrate": "1 kbps", "quality": "good"}));
        }
        Value::Object(object)
    }

    /// Independent one-minute spikes (about 1.5 % of join-minutes) and values close to, but
    /// under, a warning limit (about 3 %), each on one stream and one metric.
    fn noise(&mut self, links: &mut [Link; 6], active: &[bool; 6]) {
        let streams: Vec<usize> = (0..6).filter(|&s| active[s]).collect();
        if streams.is_empty() {
            return;
        }
        if self.rng.chance(0.015) {
            let s = streams[self.rng.below(streams.len() as u64) as usize];
            match self.rng.below(3) {
                0 => links[s].latency = self.rng.range(420.0, 700.0),
                1 => links[s].jitter = self.rng.range(35.0, 90.0),
                _ => links[s].loss = self.rng.range(4.0, 15.0),
            }
        }
        if self.rng.chance(0.03) {
            let s = streams[self.rng.below(streams.len() as u64) as usize];
            let metric = self.rng.below(3) as usize;
            let (lo, hi) = NEAR_LIMIT[metric];
            let v = self.rng.range(lo, hi);
            let l = &mut links[s];
            match metric {
                0 => l.latency = l.latency.max(v),
                1 => l.jitter = l.jitter.max(v),
                _ => l.loss = l.loss.max(v),
            }
        }
    }

    fn stream(&mut self, bitrate: f64, link: Link, video: Option<((u32, u32), f64)>) -> Vec<(&'static str, Gv)> {
        let avg_loss = link.loss.max(0.0);
        let max_loss = if avg_loss > 0.05 {
            avg_loss * self.rng.range(1.5, 2.5)
        } else if self.rng.chance(0.15) {
            self.rng.range(0.1, 1.5)
        } else {
            0.0
        };
        let mut m = vec![
            ("bitrate", kbps(bitrate)),
            ("latency", ms(link.latency.max(1.0))),
            ("jitter", ms(link.jitter.max(0.0))),
            ("avg_loss", pct(avg_loss)),
            ("max_loss", pct(max_loss)),
        ];
        if let Some(((w, h), frame_rate)) = video {
            m.push(("resolution", resolution(w, h)));
            m.push(("frame_rate", fps(frame_rate.clamp(1.0, 30.0))));
        }
        m
    }

    /// (resolution, kbps, fps) of the camera this minute.
    fn sent_video(&mut self, own: &Effects, link: Link) -> ((u32, u32), f64, f64) {
        let (height, _, _) = self.profile.camera;
        let res = if height >= 720 { (1280, 720) } else { (640, 360) };
        let frame_rate = self.rng.around(self.profile.camera_fps, 1.5, 10.0).min(30.0);
        if own.cpu > 0.0 {
            ((640, 360), self.rng.range(150.0, 400.0), self.rng.range(4.0, 9.0))
        } else if link.loss > 3.0 {
            ((640, 360), self.rng.range(150.0, 350.0), self.rng.range(10.0, 15.0))
        } else {
            (res, self.video_kbps, frame_rate)
        }
    }

    /// (resolution, kbps, fps) of the video received this minute.
    fn received_video(&mut self, own: &Effects, link: Link) -> ((u32, u32), f64, f64) {
        let (res, _, (lo, hi)) = self.layout.received();
        let frame_rate = self.rng.range(lo, hi);
        if own.cpu > 0.0 {
            (res, self.received_kbps, self.rng.range(3.0, 8.0))
        } else if link.loss > 3.0 {
            ((640, 360), self.rng.range(100.0, 350.0), self.rng.range(8.0, 14.0))
        } else {
            (res, self.received_kbps, frame_rate)
        }
    }

    fn put_cpu(&mut self, sample: &mut SampleBuilder<'_>, busy: f64) {
        let rng = &mut *self.rng;
        let (zoom_avg, system_max) = if busy > 0.0 {
            (rng.range(38.0, 52.0), rng.range(94.0, 100.0))
        } else if self.spec.noise && rng.chance(0.03) {
            (rng.around(14.0, 4.0, 3.0), rng.range(76.0, 79.9))
        } else {
            (rng.around(14.0, 4.0, 3.0), rng.around(self.profile.system_cpu, 10.0, 5.0).min(75.0))
        };
        sample.put(
            "cpu_usage",
            vec![
                ("zoom_min_cpu_usage", cpu(zoom_avg * 0.5)),
                ("zoom_avg_cpu_usage", cpu(zoom_avg)),
                ("zoom_max_cpu_usage", cpu(zoom_avg * 1.6)),
                ("system_max_cpu_usage", cpu(system_max)),
            ],
        );
    }

    /// Wi-Fi RSSI: steady weak Wi-Fi at −84 to −76 dBm, a fading one along its ramp.
    fn put_wifi(&mut self, sample: &mut SampleBuilder<'_>, weak: f64, steady_weak: bool) {
        let rng = &mut *self.rng;
        let avg = if steady_weak {
            rng.range(-84.0, -76.0)
        } else if weak > 0.0 {
            weak_rssi(weak) + rng.range(-1.0, 1.0)
        } else if self.spec.noise && rng.chance(0.03) {
            rng.range(-69.0, -65.0)
        } else {
            rng.around(self.profile.rssi, 3.0, -69.0).min(-40.0)
        };
        sample.put(
            "wifi_rssi",
            vec![
                ("max_rssi", dbm(avg + 4.0)),
                ("avg_rssi", dbm(avg)),
                ("min_rssi", dbm(avg - 5.0)),
                ("rssi_unit", label("dBm")),
            ],
        );
    }

    /// Zoom's own per-join verdicts (audio, video, screen share): `good`, `fair`, `poor`, from
    /// the share of minutes with network trouble; `""` for a medium without data. Zoom's scores
    /// are its own opinion, so a few clean joins are called `fair`.
    pub fn zoom_quality(&mut self) -> [&'static str; 3] {
        let mut out = [""; 3];
        for (media, &(minutes, bad)) in self.minutes.iter().enumerate() {
            if minutes == 0 {
                continue;
            }
            let share = f64::from(bad) / f64::from(minutes);
            out[media] = if share > 0.25 {
                "poor"
            } else if share > 0.05 || self.rng.chance(0.03) {
                "fair"
            } else {
                "good"
            };
        }
        out
    }
}
