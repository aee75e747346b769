//! Parse + derive throughput of a 300-participant, 60-minute snapshot, run by run.
//! `cargo run --release -p qoscope-sim --example parse_throughput`

use qoscope_sim::scenario;
use qoscope_snapshot::{Request, Snapshot, Source, SourceKind};
use std::time::Instant;

fn main() {
    let spec = scenario::large(300, 42);
    let snapshot = spec.generate().to_snapshot(
        "bench",
        Source { kind: SourceKind::Simulator, profile: None, api_base: None },
        Request { meeting: spec.meeting_number.to_string(), qos_type: "past".into(), webinar: false },
        spec.start,
    );
    let bytes: usize = snapshot.exchanges.iter().filter_map(|e| e.body.as_ref()).map(|b| b.get().len()).sum();
    let json = snapshot.to_json();
    let mut derive = Vec::new();
    let mut load = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let loaded = Snapshot::from_json(&json).unwrap();
        load.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let meeting = loaded.meeting().unwrap();
        derive.push(t.elapsed().as_secs_f64());
        std::hint::black_box(meeting);
    }
    let show = |name: &str, v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        println!(
            "{name}: best {:.1} ms, median {:.1} ms, worst {:.1} ms → {:.0} / {:.0} MB/s (best / median) over {:.1} MB",
            v[0] * 1e3,
            v[v.len() / 2] * 1e3,
            v[v.len() - 1] * 1e3,
            bytes as f64 / 1e6 / v[0],
            bytes as f64 / 1e6 / v[v.len() / 2],
            bytes as f64 / 1e6
        );
    };
    show("Snapshot::from_json", &mut load);
    show("Snapshot::meeting (parse + derive)", &mut derive);
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap_or("VmHWM: unknown");
    println!("peak memory of this process (generator, snapshot JSON and 20 parses included): {}", hwm.trim());
}
