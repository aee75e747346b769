//! Warning and poor thresholds per stream kind and metric, with documented defaults.
//!
//! **Boundary rule:** a value is degraded only when it is *strictly* worse than a threshold
//! (`>` for metrics where higher is worse, `<` where lower is worse). A value exactly at the
//! warning threshold is Good; exactly at the poor threshold is Warning. This follows the
//! sources, which state their limits as "> 500 ms", "< 7 fps".
//!
//! **Symptoms and content.** Latency, jitter and packet loss (network symptoms), system CPU and
//! Wi-Fi signal can make a finding. Bitrate, resolution and frame rate follow the content, the
//! layout and Zoom's adaptive bitrate: they colour a minute's grade but never make a finding
//! by themselves ([`is_symptom`]).
//!
//! Sources (the team's Zoom API notes, "Quality thresholds" and "What realistic meetings look
//! like"; the README's "How the diagnosis decides"). Zoom publishes no alert thresholds, so the
//! defaults come from the closest peers:
//! * Microsoft Teams Call Quality Dashboard (CQD) stream classifier, *poor*: round trip above
//!   500 ms, packet loss above 10 %, jitter above 30 ms; video frame rate below 7 fps; shared
//!   video below 2 fps.
//! * Twilio network warnings: RTT > 400 ms, jitter > 30 ms, packet loss > 3 %.
//! * ITU-T G.114: one-way delay above 400 ms is unacceptable for planning (Zoom's `latency`
//!   includes application time; 20–300 ms is normal by geography).
//! * ITU-T G.107 (E-model): delay and loss lower the rating factor R, which maps to MOS; the
//!   delay impairment rises steeply past about 177 ms one way and loss of a few percent already
//!   costs a "good" rating — why a 400 ms round trip and 3 % loss are warnings, 500 ms and 10 %
//!   poor.
//! * Zoom's bandwidth guidance (via third parties): 720p at 400 kbps–1.8 Mbps and 360p at
//!   150–600 kbps are normal (adaptive bitrate).
//! * System CPU at or above about 90 % is a device problem; Wi-Fi RSSI below about −70 dBm is weak.
//!
//! Values marked *QoScope choice* have no public source and were chosen to give two distinct
//! levels without flagging healthy meetings.

use qoscope_model::metric::Media;
use qoscope_model::Metric;
use serde::{Deserialize, Serialize};

/// Which way a metric gets worse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Worse {
    /// Higher values are worse (latency, jitter, loss, CPU).
    Above,
    /// Lower values are worse (frame rate, bitrate ratio, RSSI).
    Below,
}

/// One grade level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// No value for this minute (not joined, stream off, privacy rules). Never treated as Good.
    NoData,
    Good,
    Warning,
    Poor,
}

impl Grade {
    /// Warning or Poor.
    pub fn is_degraded(self) -> bool {
        matches!(self, Grade::Warning | Grade::Poor)
    }
}

/// A warning and a poor limit for one metric.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Level {
    pub warning: f64,
    pub poor: f64,
    pub worse: Worse,
}

impl Level {
    /// Higher is worse: degraded when `value > warning` / `value > poor`.
    pub const fn above(warning: f64, poor: f64) -> Level {
        Level { warning, poor, worse: Worse::Above }
    }

    /// Lower is worse: degraded when `value < warning` / `value < poor`.
    pub const fn below(warning: f64, poor: f64) -> Level {
        Level { warning, poor, worse: Worse::Below }
    }

    /// The grade of one value (strictly beyond a limit; see the module docs) and the limit it
    /// crossed, if any.
    pub fn grade(&self, value: f64) -> (Grade, Option<f64>) {
        let beyond = |limit: f64| match self.worse {
            Worse::Above => value > limit,
            Worse::Below => value < limit,
        };
        if beyond(self.poor) {
            (Grade::Poor, Some(self.poor))
        } else if beyond(self.warning) {
            (Grade::Warning, Some(self.warning))
        } else {
            (Grade::Good, None)
        }
    }
}

/// Network limits for one kind of media stream (both directions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetworkThresholds {
    /// Milliseconds. Warning > 400 ms (Twilio RTT warning), poor > 500 ms (Teams poor RTT).
    /// Zoom does not document whether `latency` is one-way or round trip; taken as round trip.
    pub latency: Level,
    /// Milliseconds. Warning > 30 ms (Twilio warning; also where Teams starts "poor"),
    /// poor > 50 ms (*QoScope choice*, so that the two levels differ).
    pub jitter: Level,
    /// Percent. Warning > 3 % (Twilio), poor > 10 % (Teams).
    pub avg_loss: Level,
    /// Percent, the worst burst of the minute. Warning > 10 %, poor > 25 % (*QoScope choice*:
    /// short bursts are normal, so the peak gets looser limits than the average).
    pub max_loss: Level,
}

impl NetworkThresholds {
    fn standard() -> NetworkThresholds {
        NetworkThresholds {
            latency: Level::above(400.0, 500.0),
            jitter: Level::above(30.0, 50.0),
            avg_loss: Level::above(3.0, 10.0),
            max_loss: Level::above(10.0, 25.0),
        }
    }
}

/// The bitrate one resolution is expected to need.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ExpectedBitrate {
    /// Applies to resolutions at least this tall (pixels).
    pub min_height: u32,
    pub kbps: f64,
}

/// Video bitrate graded as a ratio of what its resolution is expected to need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BitrateThresholds {
    /// Expected kbps per resolution height, in any order: the tallest entry not above the
    /// stream's height applies (no entry: bitrate not graded).
    /// Defaults: the low end of Zoom's adaptive range (Zoom's bandwidth guidance via third
    /// parties): 1080p 800 kbps, 720p 400 kbps, 360p 150 kbps, thumbnails 60 kbps.
    pub expected: Vec<ExpectedBitrate>,
    /// Ratio `actual / expected`. Warning < 0.5, poor < 0.25 (*QoScope choice*). Bitrate only
    /// colours a minute; it never makes a finding.
    pub ratio: Level,
}

impl BitrateThresholds {
    /// The expected kbps for a resolution height, if any entry applies.
    pub fn expected_for(&self, height: u32) -> Option<f64> {
        self.expected.iter().filter(|e| height >= e.min_height).max_by_key(|e| e.min_height).map(|e| e.kbps)
    }
}

/// How graded minutes become episodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EpisodeRules {
    /// Good minutes tolerated inside one episode. Default 1. Missing minutes (no sample) say
    /// nothing and do not count, up to [`MAX_MISSING_IN_GAP`] of them in one gap.
    pub max_gap_minutes: u32,
    /// Degraded minutes an episode needs; shorter blips stay visible in the grades but are no
    /// episode. Default 2.
    pub min_degraded_minutes: u32,
}

/// Missing minutes (no sample) a gap inside an episode may hold on top of
/// [`EpisodeRules::max_gap_minutes`] good ones: Zoom drops samples now and then, most of all when
/// the network is bad, and a sample missing in the middle of trouble does not end it.
pub const MAX_MISSING_IN_GAP: usize = 2;

impl EpisodeRules {
    /// Whether degraded minutes on either side of a gap belong to one run. `measured` says, for
    /// each minute of the gap, whether it has data (a measured good minute separates; a missing
    /// one does not, up to [`MAX_MISSING_IN_GAP`]).
    pub fn bridges(&self, measured: impl Iterator<Item = bool>) -> bool {
        let (mut good, mut missing) = (0usize, 0usize);
        for m in measured {
            if m {
                good += 1;
            } else {
                missing += 1;
            }
        }
        good <= self.max_gap_minutes as usize && missing <= MAX_MISSING_IN_GAP
    }
}

impl Default for EpisodeRules {
    fn default() -> Self {
        EpisodeRules { max_gap_minutes: 1, min_degraded_minutes: 2 }
    }
}

/// Every threshold the diagnosis uses. Serializable so that settings can store them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Thresholds {
    pub audio: NetworkThresholds,
    pub video: NetworkThresholds,
    pub screen_share: NetworkThresholds,
    /// Video frame rate (fps). Poor < 7 fps (Teams CQD), warning < 10 fps (*QoScope choice*:
    /// gallery thumbnails normally run at 10–15 fps). Colours a minute; never makes a finding.
    pub video_frame_rate: Level,
    /// Screen-share frame rate (fps). Poor < 2 fps (Teams CQD's limit for shared video), no
    /// warning level: static slides are shared at 1–5 fps. Colours a minute; never makes a
    /// finding.
    pub share_frame_rate: Level,
    /// Video bitrate against the expected bitrate for the resolution. Audio and screen-share
    /// bitrates are not graded (codec- and content-dependent: phone audio is ~22 kbps).
    pub video_bitrate: BitrateThresholds,
    /// System CPU, `system_max_cpu_usage` (%). Poor > 90 % (about 90 % is a device problem),
    /// warning > 80 % (*QoScope choice*).
    pub system_cpu: Level,
    /// Wi-Fi signal, `avg_rssi` (dBm). Warning < −70 dBm (weak, common Wi-Fi guidance),
    /// poor < −80 dBm (*QoScope choice*: connections become unreliable).
    pub wifi_rssi: Level,
    pub episodes: EpisodeRules,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            audio: NetworkThresholds::standard(),
            video: NetworkThresholds::standard(),
            screen_share: NetworkThresholds::standard(),
            video_frame_rate: Level::below(10.0, 7.0),
            share_frame_rate: Level::below(2.0, 2.0),
            video_bitrate: BitrateThresholds {
                expected: vec![
                    ExpectedBitrate { min_height: 1, kbps: 60.0 },
                    ExpectedBitrate { min_height: 360, kbps: 150.0 },
                    ExpectedBitrate { min_height: 720, kbps: 400.0 },
                    ExpectedBitrate { min_height: 1080, kbps: 800.0 },
                ],
                ratio: Level::below(0.5, 0.25),
            },
            system_cpu: Level::above(80.0, 90.0),
            wifi_rssi: Level::below(-70.0, -80.0),
            episodes: EpisodeRules::default(),
        }
    }
}

/// Whether a degraded `metric` of a `media` stream is a symptom that can make a finding:
/// latency, jitter and loss of audio, video and screen share; system CPU; Wi-Fi signal. Bitrate,
/// resolution and frame rate follow content and layout, so they only colour the grade.
pub fn is_symptom(media: Media, metric: Metric) -> bool {
    match media {
        Media::Audio | Media::Video | Media::ScreenShare => {
            matches!(metric, Metric::Latency | Metric::Jitter | Metric::AvgLoss | Metric::MaxLoss)
        }
        Media::Cpu => metric == Metric::SystemMaxCpuUsage,
        Media::Wifi => matches!(metric, Metric::AvgRssi),
    }
}

impl Thresholds {
    /// The network limits for a media kind (`None` for CPU and Wi-Fi).
    pub fn network(&self, media: Media) -> Option<&NetworkThresholds> {
        match media {
            Media::Audio => Some(&self.audio),
            Media::Video => Some(&self.video),
            Media::ScreenShare => Some(&self.screen_share),
            Media::Cpu | Media::Wifi => None,
        }
    }

    /// The limit for a metric that is graded by its own value in streams of `media`
    /// (bitrate, graded as a ratio, is not one of them).
    pub fn level(&self, media: Media, metric: Metric) -> Option<Level> {
        match (media, metric) {
            (Media::Cpu, Metric::SystemMaxCpuUsage) => Some(self.system_cpu),
            (Media::Wifi, Metric::AvgRssi) => Some(self.wifi_rssi),
            (Media::Video, Metric::FrameRate) => Some(self.video_frame_rate),
            (Media::ScreenShare, Metric::FrameRate) => Some(self.share_frame_rate),
            (m, metric) => {
                let n = self.network(m)?;
                match metric {
                    Metric::Latency => Some(n.latency),
                    Metric::Jitter => Some(n.jitter),
                    Metric::AvgLoss => Some(n.avg_loss),
                    Metric::MaxLoss => Some(n.max_loss),
                    _ => None,
                }
            }
        }
    }
}

impl Thresholds {
    /// The defaults of settings version 2, before #14 loosened the content metrics (video frame
    /// rate warning < 15 fps, share frame rate warning < 4 fps, expected video bitrate
    /// 150/600/1500/2500 kbps). Written out in full and frozen: settings migration compares stored
    /// values with these to tell untouched defaults from the user's own choices.
    pub fn version_2_defaults() -> Thresholds {
        let network = || NetworkThresholds {
            latency: Level::above(400.0, 500.0),
            jitter: Level::above(30.0, 50.0),
            avg_loss: Level::above(3.0, 10.0),
            max_loss: Level::above(10.0, 25.0),
        };
        Thresholds {
            audio: network(),
            video: network(),
            screen_share: network(),
            video_frame_rate: Level::below(15.0, 7.0),
            share_frame_rate: Level::below(4.0, 2.0),
            video_bitrate: BitrateThresholds {
                expected: vec![
                    ExpectedBitrate { min_height: 1, kbps: 150.0 },
                    ExpectedBitrate { min_height: 360, kbps: 600.0 },
                    ExpectedBitrate { min_height: 720, kbps: 1500.0 },
                    ExpectedBitrate { min_height: 1080, kbps: 2500.0 },
                ],
                ratio: Level::below(0.5, 0.25),
            },
            system_cpu: Level::above(80.0, 90.0),
            wifi_rssi: Level::below(-70.0, -80.0),
            episodes: EpisodeRules { max_gap_minutes: 1, min_degraded_minutes: 2 },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_at_a_threshold_is_the_better_grade() {
        let t = Thresholds::default();
        assert_eq!(t.audio.avg_loss.grade(3.0).0, Grade::Good);
        assert_eq!(t.audio.avg_loss.grade(3.01).0, Grade::Warning);
        assert_eq!(t.audio.avg_loss.grade(10.0).0, Grade::Warning);
        assert_eq!(t.audio.avg_loss.grade(10.01), (Grade::Poor, Some(10.0)));
        assert_eq!(t.video_frame_rate.grade(7.0).0, Grade::Warning);
        assert_eq!(t.video_frame_rate.grade(6.9).0, Grade::Poor);
        assert_eq!(t.video_frame_rate.grade(10.0).0, Grade::Good);
        assert_eq!(t.share_frame_rate.grade(2.0).0, Grade::Good);
        assert_eq!(t.share_frame_rate.grade(1.0).0, Grade::Poor, "no warning level for shares");
        assert_eq!(t.wifi_rssi.grade(-70.0).0, Grade::Good);
        assert_eq!(t.wifi_rssi.grade(-71.0).0, Grade::Warning);
    }

    #[test]
    fn thresholds_round_trip_through_json_and_partial_settings_keep_defaults() {
        let t = Thresholds::default();
        let json = serde_json::to_string(&t).unwrap();
        let back: Thresholds = serde_json::from_str(&json).unwrap();
        assert_eq!(back, t);
        let partial: Thresholds =
            serde_json::from_str(r#"{"system_cpu":{"warning":70,"poor":85,"worse":"above"}}"#).unwrap();
        assert_eq!(partial.system_cpu, Level::above(70.0, 85.0));
        assert_eq!(partial.audio, t.audio);
    }

    #[test]
    fn expected_bitrate_uses_the_tallest_matching_entry() {
        let b = Thresholds::default().video_bitrate;
        assert_eq!(b.expected_for(720), Some(400.0));
        assert_eq!(b.expected_for(1080), Some(800.0));
        assert_eq!(b.expected_for(540), Some(150.0));
        assert_eq!(b.expected_for(0), None);
    }
}
