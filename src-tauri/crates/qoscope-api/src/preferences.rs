//! The Settings screen: how times are shown, the request rate fetches use, the diagnosis
//! thresholds, and how long saved investigations are kept. They live in the versioned [`Settings`] struct (one key of the settings store);
//! this module turns them into the screen's DTO and back, checking every value.

use crate::accounts::Settings;
use crate::error::{ApiError, ErrorCode};
use crate::retention::RETENTION_DAYS;
use qoscope_diagnosis::thresholds::{Level, Thresholds, Worse};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The slowest and fastest request rates a user may choose (Zoom's Heavy limit is 40/s).
pub const MIN_REQUESTS_PER_SECOND: f64 = 1.0;
pub const MAX_REQUESTS_PER_SECOND: f64 = 40.0;

/// How times are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TimeZoneDisplay {
    /// This computer's time zone (UTC on hover).
    #[default]
    Local,
    /// UTC everywhere (as in Zoom's raw data).
    Utc,
}

/// One editable threshold: a value is `warning` (or `poor`) when it is beyond that limit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ThresholdRow {
    /// Stable key, such as `audio.latency`.
    pub key: String,
    /// For people, such as "Audio latency".
    pub label: String,
    pub unit: String,
    pub warning: f64,
    pub poor: f64,
    /// `true`: higher is worse (latency); `false`: lower is worse (frame rate).
    pub higher_is_worse: bool,
}

/// The Settings screen's values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Preferences {
    pub time_zone: TimeZoneDisplay,
    /// Requests per second a fetch may send (shared by all its workers).
    pub requests_per_second: f64,
    pub thresholds: Vec<ThresholdRow>,
    /// Delete saved investigations older than this many days (1–3650); `null` = never (the
    /// default). Optional, so requests from before it existed still work.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub retention_days: Option<u32>,
}

type Access = fn(&mut Thresholds) -> &mut Level;

/// Every threshold the screen shows: key, label, unit, where it lives.
const ROWS: &[(&str, &str, &str, Access)] = &[
    ("audio.latency", "Audio latency", "ms", |t| &mut t.audio.latency),
    ("audio.jitter", "Audio jitter", "ms", |t| &mut t.audio.jitter),
    ("audio.avg_loss", "Audio packet loss (average)", "%", |t| &mut t.audio.avg_loss),
    ("audio.max_loss", "Audio packet loss (maximum)", "%", |t| &mut t.audio.max_loss),
    ("video.latency", "Video latency", "ms", |t| &mut t.video.latency),
    ("video.jitter", "Video jitter", "ms", |t| &mut t.video.jitter),
    ("video.avg_loss", "Video packet loss (average)", "%", |t| &mut t.video.avg_loss),
    ("video.max_loss", "Video packet loss (maximum)", "%", |t| &mut t.video.max_loss),
    ("video_frame_rate", "Video frame rate", "fps", |t| &mut t.video_frame_rate),
    ("screen_share.latency", "Screen-share latency", "ms", |t| &mut t.screen_share.latency),
    ("screen_share.jitter", "Screen-share jitter", "ms", |t| &mut t.screen_share.jitter),
    ("screen_share.avg_loss", "Screen-share packet loss (average)", "%", |t| &mut t.screen_share.avg_loss),
    ("screen_share.max_loss", "Screen-share packet loss (maximum)", "%", |t| &mut t.screen_share.max_loss),
    ("share_frame_rate", "Screen-share frame rate", "fps", |t| &mut t.share_frame_rate),
    ("system_cpu", "System CPU", "%", |t| &mut t.system_cpu),
    ("wifi_rssi", "Wi-Fi signal", "dBm", |t| &mut t.wifi_rssi),
];

fn invalid(message: String) -> ApiError {
    ApiError::new(ErrorCode::InvalidInput, message)
}

/// The rows for `thresholds`, in the screen's order.
pub fn threshold_rows(thresholds: &Thresholds) -> Vec<ThresholdRow> {
    let mut copy = thresholds.clone();
    ROWS.iter()
        .map(|(key, label, unit, access)| {
            let level = *access(&mut copy);
            ThresholdRow {
                key: (*key).to_owned(),
                label: (*label).to_owned(),
                unit: (*unit).to_owned(),
                warning: level.warning,
                poor: level.poor,
                higher_is_worse: level.worse == Worse::Above,
            }
        })
        .collect()
}

/// The Settings screen's values from the stored settings.
pub fn preferences(settings: &Settings) -> Preferences {
    Preferences {
        time_zone: settings.time_zone,
        requests_per_second: settings.requests_per_second,
        thresholds: threshold_rows(&settings.thresholds),
        retention_days: settings.retention_days,
    }
}

/// Checks `input` and writes it into `settings` (nothing changes when a value is wrong).
/// Rows not sent keep their values; the direction of a threshold is never changed.
pub fn apply(settings: &mut Settings, input: &Preferences) -> Result<Preferences, ApiError> {
    let rate = input.requests_per_second;
    if !rate.is_finite() || !(MIN_REQUESTS_PER_SECOND..=MAX_REQUESTS_PER_SECOND).contains(&rate) {
        return Err(invalid(format!(
            "The request rate must be between {MIN_REQUESTS_PER_SECOND} and {MAX_REQUESTS_PER_SECOND} requests per \
             second (Zoom allows 40 per second for these calls; 30 leaves room for other tools)."
        )));
    }
    if let Some(days) = input.retention_days.filter(|d| !RETENTION_DAYS.contains(d)) {
        return Err(invalid(format!(
            "Saved investigations can be kept for {} to {} days, not {days}; or turn automatic deletion off.",
            RETENTION_DAYS.start(),
            RETENTION_DAYS.end()
        )));
    }
    let mut thresholds = settings.thresholds.clone();
    for row in &input.thresholds {
        let (_, label, unit, access) = ROWS
            .iter()
            .find(|(key, ..)| *key == row.key)
            .ok_or_else(|| invalid(format!("Unknown threshold “{}”.", row.key)))?;
        let level = access(&mut thresholds);
        if !row.warning.is_finite() || !row.poor.is_finite() {
            return Err(invalid(format!("{label}: enter numbers for both warning and poor ({unit}).")));
        }
        let ordered = match level.worse {
            Worse::Above => row.warning <= row.poor,
            Worse::Below => row.warning >= row.poor,
        };
        if !ordered {
            let relation = if level.worse == Worse::Above { "at most" } else { "at least" };
            return Err(invalid(format!(
                "{label}: the warning limit must be {relation} the poor limit ({} {unit} vs {} {unit}).",
                row.warning, row.poor
            )));
        }
        level.warning = row.warning;
        level.poor = row.poor;
    }
    settings.time_zone = input.time_zone;
    settings.requests_per_second = rate;
    settings.thresholds = thresholds;
    settings.retention_days = input.retention_days;
    Ok(preferences(settings))
}

/// Puts every threshold back to QoScope's documented defaults.
pub fn reset_thresholds(settings: &mut Settings) -> Preferences {
    settings.thresholds = Thresholds::default();
    preferences(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_round_trip_and_bad_values_change_nothing() {
        let mut settings = Settings::default();
        let mut prefs = preferences(&settings);
        assert_eq!(prefs.time_zone, TimeZoneDisplay::Local);
        assert_eq!(prefs.requests_per_second, 30.0);
        assert_eq!(prefs.thresholds.len(), ROWS.len());
        let latency = prefs.thresholds.iter_mut().find(|r| r.key == "audio.latency").unwrap();
        assert_eq!((latency.warning, latency.poor, latency.higher_is_worse), (400.0, 500.0, true));
        latency.warning = 250.0;
        prefs.time_zone = TimeZoneDisplay::Utc;
        prefs.requests_per_second = 10.0;
        let saved = apply(&mut settings, &prefs).unwrap();
        assert_eq!(saved, prefs);
        assert_eq!(settings.thresholds.audio.latency.warning, 250.0);

        let before = settings.clone();
        let mut bad = prefs.clone();
        bad.thresholds.iter_mut().find(|r| r.key == "video_frame_rate").unwrap().warning = 1.0; // below poor (7)
        let e = apply(&mut settings, &bad).unwrap_err();
        assert!(e.message.contains("Video frame rate") && e.message.contains("at least"), "{}", e.message);
        let mut bad = prefs.clone();
        bad.requests_per_second = 100.0;
        assert_eq!(apply(&mut settings, &bad).unwrap_err().code, ErrorCode::InvalidInput);
        let mut bad = prefs.clone();
        bad.thresholds[0].key = "nope".into();
        assert!(apply(&mut settings, &bad).is_err());
        assert_eq!(settings, before, "a refused change leaves the settings as they were");

        assert_eq!(reset_thresholds(&mut settings).thresholds, threshold_rows(&Thresholds::default()));
        assert_eq!(settings.time_zone, TimeZoneDisplay::Utc, "reset touches thresholds only");
    }

    #[test]
    fn retention_is_off_by_default_and_checked() {
        let mut settings = Settings::default();
        let mut prefs = preferences(&settings);
        assert_eq!(prefs.retention_days, None, "nothing is deleted automatically unless asked");
        prefs.retention_days = Some(30);
        assert_eq!(apply(&mut settings, &prefs).unwrap().retention_days, Some(30));
        assert_eq!(settings.retention_days, Some(30));
        assert_eq!(Settings::from_stored(Some(settings.to_stored())).retention_days, Some(30), "stored");
        for bad in [0, 3651] {
            prefs.retention_days = Some(bad);
            let e = apply(&mut settings, &prefs).unwrap_err();
            assert!(e.message.contains("1 to 3650 days"), "{}", e.message);
        }
        assert_eq!(settings.retention_days, Some(30), "a refused value changes nothing");
        prefs.retention_days = None;
        assert_eq!(apply(&mut settings, &prefs).unwrap().retention_days, None);
        // The UI of an older build sends no field: off.
        let old_ui: Preferences = serde_json::from_value(serde_json::json!({
            "time_zone": "local", "requests_per_second": 30.0, "thresholds": []
        }))
        .unwrap();
        assert_eq!(old_ui.retention_days, None);
        // A damaged stored value reads as off, never as "delete everything".
        let damaged = serde_json::json!({"version": 2, "retention_days": -5});
        assert_eq!(Settings::from_stored(Some(damaged)).retention_days, None);
        assert!(Settings::default().to_stored().get("retention_days").is_none(), "no field while off");
    }
}
