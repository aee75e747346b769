//! Thousands of damaged snapshots: none may make QoScope panic.
//!
//! Starting from real snapshots (the simulator's escalation call and the shipped demo meeting),
//! each case applies a few seeded random edits to the JSON — types, dates, numbers, strings,
//! nesting and sizes — and then runs everything that reads a snapshot: the derived meeting, the
//! analysis, the UI's views, the CSV and JSON exports, and (for fewer cases, since they are slow
//! in debug builds) the SVG, PNG and PDF exports. An error is fine; a panic fails the test with
//! the seed, the case and the edits that caused it. Hangs show as a test that does not finish.

use qoscope_api::export::{
    render_chart, render_report, ChartExportRequest, ChartType, ImageFormat, ReportExportRequest,
};
use qoscope_api::workspace::Workspace;
use qoscope_sim::rng::Rng;
use qoscope_snapshot::{Request, Snapshot, Source, SourceKind};
use serde_json::{json, Value};
use std::panic::{catch_unwind, AssertUnwindSafe};

const SEED: u64 = 0x005e_ed15;

/// How far a case goes after its edits.
#[derive(Clone, Copy, PartialEq)]
enum Depth {
    /// Meeting, analysis, views, CSV and JSON.
    Data,
    /// And SVG charts.
    Svg,
    /// And PNG charts and the PDF report.
    All,
}

fn escalation_call() -> Value {
    let spec = qoscope_sim::scenario::small();
    let snapshot = spec.generate().to_snapshot(
        "0.1.0",
        Source { kind: SourceKind::Simulator, profile: None, api_base: None },
        Request { meeting: spec.meeting_number.to_string(), qos_type: "past".into(), webinar: false },
        spec.start + chrono::Duration::days(1),
    );
    serde_json::from_str(&snapshot.to_json()).expect("a snapshot is JSON")
}

fn demo_meeting() -> Value {
    serde_json::from_str(qoscope_sim::DEMO_SNAPSHOT_JSON).expect("the demo is JSON")
}

fn pick(rng: &mut Rng, n: usize) -> usize {
    (rng.next_u64() % n.max(1) as u64) as usize
}

fn choose<T: Clone>(rng: &mut Rng, items: &[T]) -> T {
    items[pick(rng, items.len())].clone()
}

/// A random node: usually inside a response body, a few levels down.
fn target<'a>(v: &'a mut Value, rng: &mut Rng, path: &mut String) -> &'a mut Value {
    let len = match &*v {
        Value::Array(a) => a.len(),
        Value::Object(o) => o.len(),
        _ => 0,
    };
    if len == 0 || rng.unit() < 0.18 {
        return v;
    }
    let i = pick(rng, len);
    match v {
        Value::Array(a) => {
            path.push_str(&format!("[{i}]"));
            target(&mut a[i], rng, path)
        }
        Value::Object(o) => {
            let (key, child) = o.iter_mut().nth(i).expect("index in range");
            path.push_str(&format!(".{key}"));
            target(child, rng, path)
        }
        _ => unreachable!("only containers have children"),
    }
}

fn weird_string(rng: &mut Rng) -> Value {
    let long = "é".repeat(20_000);
    let s = choose(
        rng,
        &[
            "",
            "   ",
            "\u{1b}]0;pwned\u{7}",
            "\u{202e}evil\u{0}",
            "1e308 kbps",
            "-1e308 ms",
            "NaN %",
            "inf ms",
            "-5%",
            "99999999*99999999",
            "0*0",
            "1280*",
            "18446744073709551616 kbps",
            "=HYPERLINK(\"http://x\")",
            "null",
            long.as_str(),
        ],
    );
    Value::String(s.to_owned())
}

fn weird_date(rng: &mut Rng) -> Value {
    let offset = (rng.next_u64() % 200_000) as i64 - 100_000;
    let shifted =
        (chrono::DateTime::from_timestamp(1_795_442_400, 0).unwrap() + chrono::Duration::minutes(offset)).to_rfc3339();
    let s = choose(
        rng,
        &[
            "0001-01-01T00:00:00Z".to_owned(),
            "9999-12-31T23:59:59Z".to_owned(),
            "1970-01-01T00:00:00Z".to_owned(),
            "2026-13-45T25:61:61Z".to_owned(),
            "2026-11-23 14:05:00".to_owned(),
            "2026-11-23T14:05:00+14:00".to_owned(),
            "-262144-01-01T00:00:00Z".to_owned(),
            "+262143-12-31T23:59:59Z".to_owned(),
            shifted,
        ],
    );
    Value::String(s)
}

fn weird_number(rng: &mut Rng) -> Value {
    choose(
        rng,
        &[
            json!(0),
            json!(-1),
            json!(i64::MAX),
            json!(i64::MIN),
            json!(u64::MAX),
            json!(1e308),
            json!(-1e308),
            json!(1e-300),
            json!(0.5),
            json!(65536),
        ],
    )
}

fn weird_type(rng: &mut Rng) -> Value {
    choose(rng, &[json!(null), json!(true), json!([]), json!({}), json!([1, "a", null]), json!({"x": {"y": []}})])
}

fn nested(v: Value, rng: &mut Rng) -> Value {
    let depth = 1 + pick(rng, 300);
    let as_object = rng.unit() < 0.5;
    (0..depth).fold(v, |inner, _| if as_object { json!({ "n": inner }) } else { json!([inner]) })
}

/// Grows or shrinks a container.
fn resize(v: &mut Value, rng: &mut Rng) -> String {
    match v {
        Value::Array(a) if !a.is_empty() && rng.unit() < 0.7 => {
            let i = pick(rng, a.len());
            let n = 1 + pick(rng, 200);
            let copy = a[i].clone();
            // Copies with distinct ids where there is one, so joins do not merge.
            for k in 0..n {
                let mut c = copy.clone();
                if let Some(id) = c.get_mut("user_id") {
                    *id = Value::String(format!("copy-{k}"));
                }
                a.push(c);
            }
            format!("duplicated element {i} {n} times")
        }
        Value::Array(a) => {
            let keep = pick(rng, a.len() + 1);
            a.truncate(keep);
            format!("truncated to {keep}")
        }
        Value::Object(o) if !o.is_empty() && rng.unit() < 0.6 => {
            let key = o.keys().nth(pick(rng, o.len())).expect("index in range").clone();
            o.remove(&key);
            format!("removed key {key}")
        }
        Value::Object(o) => {
            let n = 1 + pick(rng, 500);
            for k in 0..n {
                o.insert(format!("extra_{k}"), json!(k));
            }
            format!("added {n} keys")
        }
        other => {
            *other = Value::Array(vec![other.clone(); 1 + pick(rng, 50)]);
            "repeated a scalar in a list".to_owned()
        }
    }
}

/// Applies one random edit and says what it was.
fn mutate(root: &mut Value, rng: &mut Rng) -> String {
    let mut path = String::new();
    let in_body = rng.unit() < 0.95;
    let bodies = root.get("exchanges").and_then(Value::as_array).map_or(0, |a| a.len());
    let node = match root.get_mut("exchanges").and_then(Value::as_array_mut) {
        Some(exchanges) if in_body && bodies > 0 => {
            let i = pick(rng, exchanges.len());
            path.push_str(&format!("exchanges[{i}].body"));
            match exchanges[i].get_mut("body") {
                Some(body) => target(body, rng, &mut path),
                None => &mut exchanges[i],
            }
        }
        _ => target(root, rng, &mut path),
    };
    let what = match pick(rng, 7) {
        0 => {
            *node = weird_type(rng);
            format!("type → {node}")
        }
        1 => {
            *node = weird_date(rng);
            format!("date → {node}")
        }
        2 => {
            *node = weird_number(rng);
            format!("number → {node}")
        }
        3 => {
            *node = weird_string(rng);
            format!("string → {:.40}", node.to_string())
        }
        4 => {
            *node = nested(node.take(), rng);
            "nested deeper".to_owned()
        }
        5 => resize(node, rng),
        _ => {
            // Every sample's date of this node's subtree (if any) goes far away.
            let far = weird_date(rng);
            set_dates(node, &far);
            format!("every date_time below → {far}")
        }
    };
    format!("{path}: {what}")
}

fn set_dates(v: &mut Value, to: &Value) {
    match v {
        Value::Object(o) => {
            for (k, child) in o.iter_mut() {
                if k == "date_time" || k == "join_time" || k == "start_time" {
                    *child = to.clone();
                } else {
                    set_dates(child, to);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|c| set_dates(c, to)),
        _ => {}
    }
}

fn chart(chart: ChartType, user_id: Option<String>, format: ImageFormat) -> ChartExportRequest {
    ChartExportRequest {
        chart,
        user_id,
        stream: Some("audio_input".into()),
        metric: Some("avg_loss".into()),
        culprit_user_id: None,
        user_ids: None,
        media: None,
        from: None,
        to: None,
        redact: true,
        utc_offset_minutes: 60,
        format,
    }
}

/// Runs everything that reads a snapshot; errors are fine, panics are not.
fn exercise(text: &str, depth: Depth) {
    let Ok(snapshot) = Snapshot::from_json(text) else { return };
    let Ok(ws) = Workspace::from_snapshot(snapshot) else { return };
    let meeting = ws.meeting();
    let overview = ws.overview();
    let _ = ws.quality_map();
    let _ = ws.findings();
    for choice in ws.metric_choices().iter().take(3) {
        let _ = ws.metric_across(&choice.stream, &choice.metric);
    }
    // The JSON export's timelines (of the first joins: copies of one join add no new paths).
    let timelines: Vec<_> = meeting.joins.iter().take(12).filter_map(|j| ws.timeline(&j.user_id).ok()).collect();
    let mut csv = Vec::new();
    qoscope_model::csv::write_canonical_csv(meeting, &mut csv).expect("CSV into memory");
    serde_json::to_vec(&(&overview, &timelines)).expect("JSON export serializes");
    if depth == Depth::Data {
        return;
    }
    // The JSON export itself, plain and redacted (the CLI's `export --format json [--redact]`).
    for redact in [false, true] {
        if let Ok(doc) = qoscope_api::json_export::json_export(&ws, redact) {
            serde_json::to_vec(&doc).expect("JSON export serializes");
        }
    }
    let first = meeting.joins.first().map(|j| j.user_id.clone());
    let format = if depth == Depth::All { ImageFormat::Png } else { ImageFormat::Svg };
    for kind in
        [ChartType::Heatmap, ChartType::Metric, ChartType::Stream, ChartType::Comparison, ChartType::SentReceived]
    {
        let _ = render_chart(&ws, &chart(kind, first.clone(), format), "0.1.0");
    }
    if depth == Depth::All {
        let _ = render_report(
            &ws,
            &ReportExportRequest { focus_user_id: None, redact: true, utc_offset_minutes: 0 },
            "0.1.0",
        );
        let focus = ReportExportRequest { focus_user_id: first, redact: false, utc_offset_minutes: -300 };
        let _ = render_report(&ws, &focus, "0.1.0");
    }
}

/// Runs `cases` damaged copies of `base`; returns every case that panicked, with its edits.
fn run(name: &str, base: &Value, seed: u64, cases: u64, depth: Depth) -> Vec<String> {
    let mut failures = Vec::new();
    for case in 0..cases {
        let mut rng = Rng::new(seed ^ case.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut doc = base.clone();
        let edits: Vec<String> = (0..1 + pick(&mut rng, 4)).map(|_| mutate(&mut doc, &mut rng)).collect();
        let text = doc.to_string();
        if std::env::var_os("QOSCOPE_MUTATION_TRACE").is_some() {
            eprintln!("{name} case {case}: {edits:?}");
            std::fs::write(std::env::temp_dir().join("qoscope-mutation-case.json"), &text).expect("trace file");
        }
        if catch_unwind(AssertUnwindSafe(|| exercise(&text, depth))).is_err() {
            failures.push(format!("{name}, seed {seed:#x}, case {case}: {edits:?}"));
        }
    }
    failures
}

fn assert_no_failures(failures: Vec<String>) {
    assert!(failures.is_empty(), "{} cases panicked:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn damaged_escalation_calls_never_panic_in_the_data_path() {
    assert_no_failures(run("escalation call", &escalation_call(), SEED, 3_000, Depth::Data));
}

#[test]
fn damaged_escalation_calls_never_panic_in_svg_charts() {
    assert_no_failures(run("escalation call", &escalation_call(), SEED ^ 1, 500, Depth::Svg));
}

#[test]
fn damaged_escalation_calls_never_panic_in_png_and_pdf() {
    assert_no_failures(run("escalation call", &escalation_call(), SEED ^ 2, 80, Depth::All));
}

#[test]
fn damaged_demo_meetings_never_panic_in_the_data_path() {
    assert_no_failures(run("demo meeting", &demo_meeting(), SEED ^ 3, 150, Depth::Data));
}
