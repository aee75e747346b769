//! Whatever arrives — junk types, odd strings, deep nesting, huge pages — the parser and the
//! derivation never panic, and what they cannot use is reported, not silently dropped.

use proptest::prelude::*;
use qoscope_model::meeting::RawMeeting;
use qoscope_model::raw::{MeetingDetailsRaw, ParticipantsPage, QosPage};
use qoscope_model::Meeting;
use serde_json::{json, Value};

fn arb_scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("JSON numbers are finite", |f| f.is_finite()).prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
        prop_oneof![
            Just("23 kbps"),
            Just("126 ms"),
            Just("0.3%"),
            Just("1280*720"),
            Just("12 fps"),
            Just(""),
            Just("NaN"),
            Just("-5 ms"),
            Just("1e309 kbps"),
            Just("100000%"),
            Just("0*0"),
            Just("2022-03-01T10:16:00Z"),
        ]
        .prop_map(Value::from),
    ]
}

fn arb_json() -> impl Strategy<Value = Value> {
    arb_scalar().prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("bitrate".to_owned()),
                    Just("latency".to_owned()),
                    Just("avg_loss".to_owned()),
                    Just("resolution".to_owned()),
                    Just("user_id".to_owned()),
                    ".{0,6}"
                ],
                inner,
                0..5
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Zoom-shaped pages whose every value may be anything.
fn arb_qos_page() -> impl Strategy<Value = Value> {
    let sample = (arb_scalar(), arb_json(), arb_json(), arb_json())
        .prop_map(|(t, a, v, c)| json!({"date_time": t, "audio_input": a, "video_output": v, "cpu_usage": c}));
    let participant = (arb_scalar(), arb_scalar(), prop::collection::vec(sample, 0..4), arb_json())
        .prop_map(|(id, name, qos, extra)| json!({"user_id": id, "user_name": name, "user_qos": qos, "extra": extra}));
    (prop::collection::vec(participant, 0..4), arb_scalar(), arb_json())
        .prop_map(|(ps, token, junk)| json!({"participants": ps, "next_page_token": token, "page_count": junk}))
}

fn derive(text: &str) {
    if let Ok(page) = serde_json::from_str::<QosPage>(text) {
        let meeting = Meeting::derive(&RawMeeting { qos_pages: vec![&page], ..Default::default() });
        for join in &meeting.joins {
            for sample in &join.samples {
                for (_, v) in sample.pairs() {
                    assert!(v.as_f64().is_finite());
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn zoom_shaped_pages_with_anything_inside_never_panic(page in arb_qos_page()) {
        derive(&page.to_string());
    }

    #[test]
    fn any_json_never_panics_any_parser(value in arb_json()) {
        let text = value.to_string();
        derive(&text);
        let _ = serde_json::from_str::<ParticipantsPage>(&text);
        let _ = serde_json::from_str::<MeetingDetailsRaw>(&text);
    }

    #[test]
    fn arbitrary_bytes_are_an_error_not_a_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let text = String::from_utf8_lossy(&bytes);
        derive(&text);
    }
}

#[test]
fn html_error_pages_and_empty_bodies_are_errors() {
    assert!(serde_json::from_str::<QosPage>("<html><body>502 Bad Gateway</body></html>").is_err());
    assert!(serde_json::from_str::<QosPage>("").is_err());
    let empty: QosPage = serde_json::from_str("{}").unwrap();
    assert!(empty.participants.items.is_empty());
}

#[test]
fn ten_thousand_levels_of_nesting_neither_overflow_the_stack_nor_vanish() {
    // Deep junk where the participants belong is skipped without recursion and reported.
    let deep = format!("{{\"participants\":[{}{}]}}", "[".repeat(10_000), "]".repeat(10_000));
    let page: QosPage = serde_json::from_str(&deep).unwrap();
    assert_eq!(page.participants.rejected, 1);
    let meeting = Meeting::derive(&RawMeeting { qos_pages: vec![&page], ..Default::default() });
    assert!(meeting.issues.iter().any(|i| i.message.contains("were not objects")), "{:?}", meeting.issues);
    // Deep nesting inside a value the model reads is refused by the JSON parser's depth limit.
    let deep_value =
        format!("{{\"participants\":[{{\"user_id\":{}1{}}}]}}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    let _ = serde_json::from_str::<QosPage>(&deep_value);
}

#[test]
fn a_huge_page_parses_and_every_value_is_kept() {
    // 2,000 joins × 60 samples (~25 MB): a page far larger than Zoom's 10 per page.
    let sample = |m: usize| json!({"date_time": format!("2022-03-01T10:{:02}:00Z", m), "audio_input": {"bitrate": "23 kbps", "latency": "126 ms"}});
    let participants: Vec<Value> = (0..2000)
        .map(|i| json!({"user_id": i.to_string(), "user_name": format!("P{i}"), "user_qos": (0..60).map(sample).collect::<Vec<_>>()}))
        .collect();
    let text = json!({"participants": participants}).to_string();
    let page: QosPage = serde_json::from_str(&text).unwrap();
    let meeting = Meeting::derive(&RawMeeting { qos_pages: vec![&page], ..Default::default() });
    assert_eq!(meeting.joins.len(), 2000);
    assert_eq!(meeting.joins.iter().map(|j| j.samples.len()).sum::<usize>(), 120_000);
    assert_eq!(meeting.joins.iter().flat_map(|j| &j.samples).map(|s| s.values.len()).sum::<usize>(), 240_000);
}
