//! Settings read from an older file, brought up to this build's [`SETTINGS_VERSION`].
//!
//! Version 3 (#14) loosened the content-metric defaults (video and share frame rate, expected
//! video bitrate), which made false findings on realistic meetings. Users who never changed a
//! threshold must get the new defaults; a value someone chose stays. So each threshold (one
//! warning/poor pair, the expected-bitrate table, the bitrate ratio, the episode rules) that equals
//! its version-2 default ([`Thresholds::version_2_defaults`]) takes today's default; any other
//! value is kept. A pair is the unit the Settings screen edits, so it is never split (splitting
//! could leave a warning limit beyond its poor limit).

use crate::accounts::{Settings, SETTINGS_VERSION};
use qoscope_diagnosis::thresholds::{NetworkThresholds, Thresholds};

/// Migrates settings read from the store. A newer file's version (and fields) stays as it is.
pub fn migrate(settings: &mut Settings) {
    if settings.version < 3 {
        settings.thresholds = thresholds_from_version_2(&settings.thresholds);
    }
    settings.version = settings.version.max(SETTINGS_VERSION);
}

/// `stored` with every threshold still at its version-2 default replaced by today's default.
pub fn thresholds_from_version_2(stored: &Thresholds) -> Thresholds {
    let old = Thresholds::version_2_defaults();
    let new = Thresholds::default();
    let mut out = stored.clone();
    network(&mut out.audio, &old.audio, &new.audio);
    network(&mut out.video, &old.video, &new.video);
    network(&mut out.screen_share, &old.screen_share, &new.screen_share);
    untouched_takes_new(&mut out.video_frame_rate, &old.video_frame_rate, &new.video_frame_rate);
    untouched_takes_new(&mut out.share_frame_rate, &old.share_frame_rate, &new.share_frame_rate);
    untouched_takes_new(&mut out.video_bitrate.expected, &old.video_bitrate.expected, &new.video_bitrate.expected);
    untouched_takes_new(&mut out.video_bitrate.ratio, &old.video_bitrate.ratio, &new.video_bitrate.ratio);
    untouched_takes_new(&mut out.system_cpu, &old.system_cpu, &new.system_cpu);
    untouched_takes_new(&mut out.wifi_rssi, &old.wifi_rssi, &new.wifi_rssi);
    untouched_takes_new(&mut out.episodes, &old.episodes, &new.episodes);
    out
}

fn network(stored: &mut NetworkThresholds, old: &NetworkThresholds, new: &NetworkThresholds) {
    untouched_takes_new(&mut stored.latency, &old.latency, &new.latency);
    untouched_takes_new(&mut stored.jitter, &old.jitter, &new.jitter);
    untouched_takes_new(&mut stored.avg_loss, &old.avg_loss, &new.avg_loss);
    untouched_takes_new(&mut stored.max_loss, &old.max_loss, &new.max_loss);
}

fn untouched_takes_new<T: PartialEq + Clone>(stored: &mut T, old: &T, new: &T) {
    if stored == old {
        *stored = new.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use qoscope_diagnosis::thresholds::Level;
    use serde_json::{json, Value};

    /// A version-2 file as QoScope 2 wrote it: the profile, and the thresholds at the old defaults
    /// unless `change` edits them.
    fn version_2_file(change: impl FnOnce(&mut Thresholds)) -> Value {
        let mut thresholds = Thresholds::version_2_defaults();
        change(&mut thresholds);
        json!({"version": 2, "profiles": [{"name": "Work", "account_id": "a", "client_id": "c"}],
            "time_zone": "utc", "requests_per_second": 12.0, "thresholds": thresholds, "theme": "dark"})
    }

    #[test]
    fn a_version_2_file_with_the_old_defaults_gets_the_new_ones() {
        let s = Settings::from_stored(Some(version_2_file(|_| {})));
        assert_eq!(s.thresholds, Thresholds::default());
        assert_eq!(s.thresholds.share_frame_rate, Level::below(2.0, 2.0));
        assert_eq!(s.thresholds.video_bitrate.expected_for(720), Some(400.0));
        assert_eq!(s.version, 3);
        // Everything else is as it was, unknown fields included.
        assert_eq!((s.profiles.len(), s.requests_per_second), (1, 12.0));
        assert_eq!(s.extra["theme"], "dark");
        // The same values in a newer file (which may have chosen its own defaults) stay, and so
        // does its version.
        let mut newer = version_2_file(|_| {});
        newer["version"] = json!(7);
        let s = Settings::from_stored(Some(newer));
        assert_eq!((s.version, s.to_stored()["version"].clone()), (7, json!(7)));
        assert_eq!(s.thresholds, Thresholds::version_2_defaults());
    }

    #[test]
    fn a_changed_threshold_stays_while_untouched_ones_migrate() {
        let file = version_2_file(|t| {
            t.system_cpu = Level::above(70.0, 85.0);
            t.video_frame_rate = Level::below(12.0, 7.0);
            t.audio.avg_loss = Level::above(5.0, 10.0);
        });
        let t = Settings::from_stored(Some(file)).thresholds;
        assert_eq!(t.system_cpu, Level::above(70.0, 85.0), "the user's CPU limits stay");
        assert_eq!(t.video_frame_rate, Level::below(12.0, 7.0), "the user's frame rate stays");
        assert_eq!(t.audio.avg_loss, Level::above(5.0, 10.0));
        assert_eq!(t.share_frame_rate, Thresholds::default().share_frame_rate, "untouched: new default");
        assert_eq!(t.video_bitrate, Thresholds::default().video_bitrate, "untouched: new default");
        // A pair is never split: the user's warning with the old poor stays one choice.
        let t = Settings::from_stored(Some(version_2_file(|t| t.share_frame_rate = Level::below(3.0, 2.0))));
        assert_eq!(t.thresholds.share_frame_rate, Level::below(3.0, 2.0));
    }

    #[test]
    fn a_version_1_file_goes_to_version_3_with_the_new_defaults() {
        let v1 = json!({"version": 1, "profiles": [{"name": "Work", "account_id": "a", "client_id": "c"}]});
        let s = Settings::from_stored(Some(v1));
        assert_eq!(s.version, 3);
        assert_eq!(s.thresholds, Thresholds::default());
        assert_eq!(s.profiles.len(), 1);
    }

    #[test]
    fn migrated_settings_are_written_back_as_version_3() {
        let changed = version_2_file(|t| t.system_cpu = Level::above(70.0, 85.0));
        let stored = Settings::from_stored(Some(changed)).to_stored();
        assert_eq!(stored["version"], 3);
        assert_eq!(stored["thresholds"]["share_frame_rate"], json!({"warning": 2.0, "poor": 2.0, "worse": "below"}));
        assert_eq!(stored["thresholds"]["system_cpu"], json!({"warning": 70.0, "poor": 85.0, "worse": "above"}));
        assert_eq!(stored["theme"], "dark", "unknown fields are written back");
        // Reading it again changes nothing more.
        assert_eq!(Settings::from_stored(Some(stored.clone())).to_stored(), stored);
    }
}
