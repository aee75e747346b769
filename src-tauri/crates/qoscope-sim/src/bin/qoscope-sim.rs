//! The Zoom simulator, standalone.
//!
//!   qoscope-sim serve [--port N] [--scenario demo|small|large[:PEOPLE]] [--qps N] [--daily N]
//!                     [--token-lifetime SECONDS] [--cost-ms MS] [--cost-per-kib-ms MS]
//!                     [--5xx P] [--drop P] [--slow P] [--seed N]
//!   qoscope-sim write-demo PATH      regenerate the shipped demo meeting snapshot
//!   qoscope-sim write-scenario demo|small|large[:PEOPLE]|realistic[:PEOPLE[:SEED]]|hostile PATH
//!                                    write a scenario as a snapshot file (tests, benchmarks);
//!                                    `realistic` is `qoscope_sim::realistic::meeting` (60 min,
//!                                    3 problems, seed 1 unless given)
//!
//! `serve` prints the environment to point `qoscope` at it, then runs until Ctrl-C.

use qoscope_sim::demo_file::build_demo_snapshot;
use qoscope_sim::scenario;
use qoscope_sim::server::{self, CostModel, Faults, SimConfig, SimMeeting};
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "usage: qoscope-sim serve [--port N] [--scenario demo|small|large[:PEOPLE]] [--qps N] [--daily N] \
[--token-lifetime S] [--cost-ms MS] [--cost-per-kib-ms MS] [--5xx P] [--drop P] [--slow P] [--seed N]\n       \
qoscope-sim write-demo PATH\n       qoscope-sim write-scenario demo|small|large[:PEOPLE]|realistic[:PEOPLE[:SEED]]|hostile PATH";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("write-demo") if args.len() == 2 => {
            build_demo_snapshot().save(std::path::Path::new(&args[1])).map_err(|e| e.to_string())
        }
        Some("write-scenario") if args.len() == 3 => write_scenario(&args[1], &args[2]),
        Some("serve") => serve(&args[1..]),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("qoscope-sim: {e}");
            ExitCode::from(2)
        }
    }
}

fn write_scenario(name: &str, path: &str) -> Result<(), String> {
    let number = |n: &str, default: u64| -> Result<u64, String> {
        if n.is_empty() {
            Ok(default)
        } else {
            n.parse().map_err(|_| format!("{n:?} is not a number"))
        }
    };
    let spec = match name.split_once(':').unwrap_or((name, "")) {
        ("realistic", rest) => {
            let (people, seed) = rest.split_once(':').unwrap_or((rest, ""));
            let people = number(people, 30)?;
            if !(3..=5000).contains(&people) {
                return Err(format!("realistic: {people} people is outside 3–5000"));
            }
            qoscope_sim::realistic::meeting(people as usize, 60, number(seed, 1)?, 3)
        }
        ("demo", _) => scenario::demo(),
        ("small", _) => scenario::small(),
        ("hostile", _) => scenario::hostile(),
        ("large", n) => scenario::large(
            if n.is_empty() { 300 } else { n.parse().map_err(|_| format!("{n:?} is not a number"))? },
            1,
        ),
        _ => {
            return Err(format!(
                "unknown scenario {name:?}: demo, small, large[:PEOPLE], realistic[:PEOPLE[:SEED]] or hostile"
            ))
        }
    };
    let snapshot = spec.generate().to_snapshot(
        env!("CARGO_PKG_VERSION"),
        qoscope_snapshot::Source { kind: qoscope_snapshot::SourceKind::Simulator, profile: None, api_base: None },
        qoscope_snapshot::Request { meeting: spec.meeting_number.to_string(), qos_type: "past".into(), webinar: false },
        spec.start,
    );
    snapshot.save(std::path::Path::new(path)).map_err(|e| e.to_string())
}

fn serve(args: &[String]) -> Result<(), String> {
    let mut config = SimConfig::default();
    let mut faults = Faults::default();
    let mut cost = CostModel::default();
    let mut port = 0u16;
    let mut scenarios = vec![scenario::demo(), scenario::small()];
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        let num = |v: &str| v.parse::<f64>().map_err(|_| format!("{flag}: {v:?} is not a number"));
        match flag.as_str() {
            "--port" => port = value.parse().map_err(|_| format!("--port: {value:?} is not a port"))?,
            "--scenario" => {
                scenarios = match value.split_once(':').unwrap_or((value.as_str(), "")) {
                    ("demo", _) => vec![scenario::demo()],
                    ("small", _) => vec![scenario::small()],
                    ("large", n) => vec![scenario::large(if n.is_empty() { 300 } else { num(n)? as usize }, 1)],
                    _ => return Err(format!("unknown scenario {value:?}: demo, small or large[:PEOPLE]")),
                }
            }
            "--qps" => config.qps_limit = Some(num(value)? as u32),
            "--daily" => config.daily_limit = Some(num(value)? as u64),
            "--token-lifetime" => config.token_lifetime = Duration::from_secs_f64(num(value)?.max(1.0)),
            "--cost-ms" => cost.per_request = Duration::from_secs_f64(num(value)?.max(0.0) / 1000.0),
            "--cost-per-kib-ms" => cost.per_kib = Duration::from_secs_f64(num(value)?.max(0.0) / 1000.0),
            "--5xx" => faults.server_error = num(value)?.clamp(0.0, 1.0),
            "--drop" => faults.drop = num(value)?.clamp(0.0, 1.0),
            "--slow" => faults.slow = num(value)?.clamp(0.0, 1.0),
            "--seed" => faults.seed = num(value)? as u64,
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    config.faults = faults;
    config.cost = cost;
    let meetings: Vec<SimMeeting> = scenarios.iter().map(|s| SimMeeting::past(s.generate())).collect();
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let sim = server::start_on(port, config.clone(), meetings).await.map_err(|e| format!("cannot listen: {e}"))?;
        println!("QoScope Zoom simulator on {}", sim.addr);
        println!("export QOSCOPE_API_BASE={}", sim.api_base());
        println!("export QOSCOPE_OAUTH_TOKEN_URL={}", sim.token_url());
        println!("export ZOOM_ACCOUNT_ID={} ZOOM_CLIENT_ID={}", config.account_id, config.client_id);
        println!("export ZOOM_CLIENT_SECRET={}   # the simulator's own test secret", config.client_secret);
        for s in &scenarios {
            println!("meeting {} ({}): {} people, {} minutes", s.meeting_number, s.topic, s.people.len(), s.minutes);
        }
        let _ = tokio::signal::ctrl_c().await;
        Ok(())
    })
}
