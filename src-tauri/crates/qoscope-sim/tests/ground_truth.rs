//! The generator's ground truth equals what QoScope's model and canonical CSV make of the
//! generated JSON: for the demo, the small and a large scenario.

use qoscope_sim::generator::MeetingSpec;
use qoscope_sim::scenario;
use qoscope_snapshot::{Request, Source, SourceKind};

fn check(spec: MeetingSpec) {
    let generated = spec.generate();
    let snapshot = generated.to_snapshot(
        "test",
        Source { kind: SourceKind::Simulator, profile: None, api_base: None },
        Request { meeting: spec.meeting_number.to_string(), qos_type: "past".into(), webinar: false },
        spec.start,
    );
    let meeting = snapshot.meeting().unwrap();
    assert!(meeting.issues.is_empty(), "{:?}", &meeting.issues[..meeting.issues.len().min(3)]);
    let mut csv = Vec::new();
    qoscope_model::csv::write_canonical_csv(&meeting, &mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let mut lines: Vec<&str> = csv.lines().skip(1).collect();
    lines.sort_unstable();
    let mut truth: Vec<String> = generated.truth.iter().map(|r| r.csv_line()).collect();
    truth.sort_unstable();
    assert_eq!(lines.len(), truth.len(), "{}: row count", spec.topic);
    for (i, (got, want)) in lines.iter().zip(&truth).enumerate() {
        assert_eq!(got, want, "{}: row {i}", spec.topic);
    }
}

#[test]
fn demo_scenario() {
    check(scenario::demo());
}

#[test]
fn small_scenario_with_hostile_csv_characters_and_a_hidden_name() {
    check(scenario::small());
}

#[test]
fn large_scenario_with_unknown_fields_rejoins_and_every_client_kind() {
    check(scenario::large(40, 11));
}
