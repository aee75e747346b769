//! How the shipped demo snapshot is built (and checked to be up to date).

use crate::scenario;
use qoscope_snapshot::{Request, Snapshot, Source, SourceKind};
use serde_json::json;

/// The version recorded in the demo snapshot: fixed so the file does not change with releases.
pub const DEMO_APP_VERSION: &str = "0.1.0";

/// Generates the demo snapshot. Its first phone sample carries Zoom's own published example
/// values (`"23 kbps"`, `"126 ms"`, `"0.3%"`) so the demo shows exactly what Zoom documents.
pub fn build_demo_snapshot() -> Snapshot {
    let spec = scenario::demo();
    let mut generated = spec.generate();
    for join in &mut generated.qos_joins {
        if join["device"] == "Phone" {
            join["user_qos"][0]["audio_input"] = json!({"bitrate": "23 kbps", "latency": "126 ms", "jitter": "6 ms", "avg_loss": "0.3%", "max_loss": "1.9%"});
        }
    }
    let at = spec.start + chrono::Duration::days(1);
    generated.to_snapshot(
        DEMO_APP_VERSION,
        Source { kind: SourceKind::Demo, profile: None, api_base: None },
        Request { meeting: spec.meeting_number.to_string(), qos_type: "past".into(), webinar: false },
        at,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use qoscope_model::{Metric, MetricKey, MetricValue, Stream};

    #[test]
    fn shipped_demo_file_is_what_the_generator_makes() {
        let fresh = build_demo_snapshot().to_json();
        assert!(
            fresh == crate::DEMO_SNAPSHOT_JSON,
            "src-tauri/crates/qoscope-sim/data/demo-meeting.qoscope.json is stale: run \
             `cargo run -p qoscope-sim -- write-demo src-tauri/crates/qoscope-sim/data/demo-meeting.qoscope.json`"
        );
    }

    #[test]
    fn demo_is_a_realistic_hour_with_zoom_example_values() {
        let meeting = crate::demo_snapshot().unwrap().meeting().unwrap();
        assert!(meeting.issues.is_empty(), "{:?}", meeting.issues);
        assert_eq!(meeting.info.topic.as_deref(), Some("Weekly IT service review"));
        assert_eq!(meeting.persons.len(), 8);
        assert_eq!(meeting.joins.len(), 9, "Marcus rejoins once");
        let (start, end) = meeting.time_range().unwrap();
        assert_eq!((end - start).num_minutes(), 59);
        let phone = meeting.joins.iter().find(|j| j.device.as_deref() == Some("Phone")).unwrap();
        let first = &phone.samples[0];
        let k = |metric| MetricKey { stream: Stream::AudioInput, metric };
        assert_eq!(first.get(k(Metric::Bitrate)), Some(MetricValue::Number(23.0)));
        assert_eq!(first.get(k(Metric::Latency)), Some(MetricValue::Number(126.0)));
        assert_eq!(first.get(k(Metric::AvgLoss)), Some(MetricValue::Number(0.3)));
        assert!(phone
            .samples
            .iter()
            .all(|s| s.get(MetricKey { stream: Stream::VideoInput, metric: Metric::Bitrate }).is_none()));
        let web = meeting.joins.iter().find(|j| j.device.as_deref() == Some("Web")).unwrap();
        assert!(web.samples[0]
            .get(MetricKey { stream: Stream::VideoDeviceFromRwg, metric: Metric::Bitrate })
            .is_some());
        let raw = crate::DEMO_SNAPSHOT_JSON;
        for published in ["1280*720", "12 fps", "23 kbps", "126 ms", "0.3%"] {
            assert!(raw.contains(&format!("\"{published}\"")), "{published} missing");
        }
    }
}
