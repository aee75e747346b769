//! Zoom's published OpenAPI definition (`<repo>/../shared/zoom-spec/ZoomMeetingAPISpec.json`):
//! the example 200 response of every Dashboard (`/metrics/…`) operation and of the past-instances
//! operations, built from the spec's `example`s, must parse with the lenient raw types and derive
//! a meeting without panicking; the QoS examples' metric strings must come out as numbers.
//!
//! OpenAPI 3.0 here carries examples per property, so the example object of a response is built
//! recursively from its schema (`example` wins; objects from their properties; arrays hold one
//! item; `allOf` merged; `oneOf`/`anyOf` take the first choice).

use qoscope_model::meeting::RawMeeting;
use qoscope_model::raw::{MeetingDetailsRaw, ParticipantsPage, QosPage, QosParticipant};
use qoscope_model::{Meeting, Metric, MetricKey, MetricValue, Stream};
use serde_json::{Map, Value};
use std::path::Path;

fn spec() -> Value {
    // CARGO_MANIFEST_DIR = <repo>/src-tauri/crates/qoscope-model; shared/ sits next to <repo>.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../../shared/zoom-spec/ZoomMeetingAPISpec.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "Zoom's OpenAPI definition is missing at {} ({e}): check out shared/ next to the repository",
            path.display()
        )
    });
    serde_json::from_str(&text).expect("the spec is JSON")
}

/// An example value for `schema`, built from the examples it and its parts carry.
fn example_of(schema: &Value, depth: usize) -> Value {
    assert!(depth < 64, "schema nesting too deep (a cycle?)");
    if let Some(ex) = schema.get("example") {
        return ex.clone();
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for part in parts {
            match example_of(part, depth + 1) {
                Value::Object(m) => merged.extend(m),
                Value::Null => {}
                other => return other,
            }
        }
        return Value::Object(merged);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(first) = schema.get(key).and_then(Value::as_array).and_then(|a| a.first()) {
            return example_of(first, depth + 1);
        }
    }
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        let mut out = Map::new();
        for (name, prop) in props {
            let v = example_of(prop, depth + 1);
            if !v.is_null() {
                out.insert(name.clone(), v);
            }
        }
        return Value::Object(out);
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("array") => {
            let item = schema.get("items").map(|i| example_of(i, depth + 1)).unwrap_or(Value::Null);
            Value::Array(if item.is_null() { vec![] } else { vec![item] })
        }
        Some("object") => Value::Object(Map::new()),
        _ => Value::Null,
    }
}

/// The example 200 JSON body of `GET path`: the media type's `example`, its first `examples`
/// entry, or one built from the schema.
fn example_response(spec: &Value, path: &str) -> Value {
    let media = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"].clone();
    assert!(media.is_object(), "GET {path} has no application/json 200 response in the spec");
    if let Some(ex) = media.get("example") {
        return ex.clone();
    }
    if let Some(ex) = media.get("examples").and_then(Value::as_object).and_then(|m| m.values().next()) {
        return ex.get("value").cloned().unwrap_or_else(|| ex.clone());
    }
    example_of(&media["schema"], 0)
}

/// The number at the start of a metric string: `"27.15 kbps"` → 27.15, `"0.03%"` → 0.03.
fn leading_number(s: &str) -> Option<f64> {
    let t = s.trim();
    let end = t.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-')).unwrap_or(t.len());
    t[..end].parse().ok()
}

/// Checks every metric string of the example's first sample against the derived join.
fn check_metrics(what: &str, example_participant: &Value, meeting: &Meeting) -> usize {
    let user_id = example_participant["user_id"].as_str().expect("the example participant has a user_id");
    let join = meeting.join(user_id).unwrap_or_else(|| panic!("{what}: join {user_id} not derived"));
    let raw_sample = &example_participant["user_qos"][0];
    let sample = join.samples.first().unwrap_or_else(|| panic!("{what}: no sample derived: {:?}", meeting.issues));
    let mut checked = 0;
    for (stream_key, obj) in raw_sample.as_object().expect("a QoS sample is an object") {
        let (Some(stream), Some(obj)) = (Stream::from_key(stream_key), obj.as_object()) else { continue };
        for (metric_key, raw) in obj {
            let Some(metric) = Metric::from_key(metric_key) else { continue };
            let got = sample.get(MetricKey { stream, metric });
            match raw {
                Value::String(s) if s.trim().is_empty() => {
                    assert_eq!(got, None, "{what}: {stream_key}.{metric_key} \"\" must be no value")
                }
                Value::String(s) if metric == Metric::Resolution => {
                    let (w, h) = s.split_once(['*', 'x']).unwrap_or_else(|| panic!("{what}: resolution {s}"));
                    let want =
                        MetricValue::Resolution { width: w.trim().parse().unwrap(), height: h.trim().parse().unwrap() };
                    assert_eq!(got, Some(want), "{what}: {stream_key}.{metric_key} = {s:?}");
                    checked += 1;
                }
                Value::String(s) => {
                    let want = leading_number(s).unwrap_or_else(|| panic!("{what}: {stream_key}.{metric_key} = {s:?}"));
                    let got = got.unwrap_or_else(|| {
                        panic!("{what}: {stream_key}.{metric_key} = {s:?} did not parse: {:?}", meeting.issues)
                    });
                    assert!(
                        (got.as_f64() - want).abs() < 1e-9,
                        "{what}: {stream_key}.{metric_key} = {s:?} gave {got:?}"
                    );
                    checked += 1;
                }
                Value::Number(n) => {
                    let got = got.unwrap_or_else(|| panic!("{what}: {stream_key}.{metric_key} = {n} did not parse"));
                    assert!((got.as_f64() - n.as_f64().unwrap()).abs() < 1e-9, "{what}: {stream_key}.{metric_key}");
                    checked += 1;
                }
                _ => {}
            }
        }
    }
    checked
}

#[test]
fn spec_examples_of_the_qos_operations_parse_and_derive() {
    let spec = spec();
    let mut metrics_checked = 0;
    for product in ["meetings", "webinars"] {
        let id = if product == "meetings" { "{meetingId}" } else { "{webinarId}" };

        let path = format!("/metrics/{product}/{id}/participants/qos");
        let body = example_response(&spec, &path);
        let page: QosPage = serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(page.participants.rejected, 0, "{path}");
        assert!(!page.participants.items.is_empty(), "{path}: the example has no participant");
        let meeting = Meeting::derive(&RawMeeting { qos_pages: vec![&page], ..Default::default() });
        metrics_checked += check_metrics(&path, &body["participants"][0], &meeting);

        let path = format!("/metrics/{product}/{id}/participants/{{participantId}}/qos");
        let body = example_response(&spec, &path);
        let join: QosParticipant = serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("{path}: {e}"));
        let meeting = Meeting::derive(&RawMeeting { single_joins: vec![&join], ..Default::default() });
        metrics_checked += check_metrics(&path, &body, &meeting);

        let path = format!("/metrics/{product}/{id}");
        let details: MeetingDetailsRaw =
            serde_json::from_value(example_response(&spec, &path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        let path = format!("/metrics/{product}/{id}/participants");
        let list: ParticipantsPage =
            serde_json::from_value(example_response(&spec, &path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(!list.participants.items.is_empty(), "{path}");
        let meeting = Meeting::derive(&RawMeeting {
            details: Some(&details),
            qos_pages: vec![&page],
            single_joins: vec![&join],
            participant_pages: vec![&list],
        });
        assert!(meeting.info.topic.is_some() || meeting.info.host.is_some(), "{product}: details not derived");
        assert!(meeting.info.start_time.is_some(), "{product}: start_time of the example did not parse");
        assert!(!meeting.joins.is_empty() && !meeting.persons.is_empty(), "{product}");
        let mut csv = Vec::new();
        qoscope_model::csv::write_canonical_csv(&meeting, &mut csv).unwrap();
        assert!(String::from_utf8(csv).unwrap().lines().count() > 1, "{product}: the canonical CSV has no rows");
    }
    // The QoS examples carry every stream; a handful of numbers would mean most were skipped.
    assert!(metrics_checked >= 40, "only {metrics_checked} metric values were checked");
}

#[test]
fn spec_examples_of_the_past_instances_operations_parse() {
    let spec = spec();
    for (path, list) in
        [("/past_meetings/{meetingId}/instances", "meetings"), ("/past_webinars/{webinarId}/instances", "webinars")]
    {
        let body = example_response(&spec, path);
        let items = body[list].as_array().unwrap_or_else(|| panic!("{path}: no {list}[] in {body}"));
        assert!(!items.is_empty(), "{path}");
        for item in items {
            assert!(item["uuid"].as_str().is_some_and(|u| !u.is_empty()), "{path}: {item}");
            let start = item["start_time"].as_str().unwrap_or_else(|| panic!("{path}: {item}"));
            assert!(qoscope_model::meeting::parse_time(start).is_some(), "{path}: start_time {start}");
        }
    }
}

/// Every Dashboard operation's example answer goes through every raw type without a panic: the
/// lenient model must survive whatever shape a `/metrics/…` endpoint (or a wrong URL) returns.
#[test]
fn every_dashboard_example_survives_the_lenient_model() {
    let spec = spec();
    let paths: Vec<String> = spec["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(p, ops)| p.starts_with("/metrics/") && ops["get"]["responses"]["200"]["content"].is_object())
        .map(|(p, _)| p.clone())
        .collect();
    assert!(paths.len() >= 20, "only {} Dashboard operations found", paths.len());
    for path in &paths {
        let body = example_response(&spec, path);
        assert!(body.is_object(), "{path}: the example is not an object: {body}");
        let page: QosPage = serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("{path} as QosPage: {e}"));
        let list: ParticipantsPage =
            serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("{path} as ParticipantsPage: {e}"));
        let details: MeetingDetailsRaw =
            serde_json::from_value(body.clone()).unwrap_or_else(|e| panic!("{path} as MeetingDetailsRaw: {e}"));
        let join: QosParticipant =
            serde_json::from_value(body).unwrap_or_else(|e| panic!("{path} as QosParticipant: {e}"));
        let _ = Meeting::derive(&RawMeeting {
            details: Some(&details),
            qos_pages: vec![&page],
            single_joins: vec![&join],
            participant_pages: vec![&list],
        });
    }
}
