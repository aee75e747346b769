//! `qoscope person` as automation runs it: the real binary against QoScope's Zoom simulator on
//! loopback, for a person in three meetings (one of them with 300 people).

use chrono::{Duration, Utc};
use qoscope_sim::scenario;
use qoscope_sim::server::{self, SimConfig, SimMeeting};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::Ordering;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn person_json_gives_the_contracts_shape_with_only_a_handful_of_requests() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let now = Utc::now();
    let mut demo = scenario::demo();
    demo.start = now - Duration::days(1);
    let mut call = scenario::small();
    call.start = now - Duration::days(2);
    call.people.push(scenario::aiko(call.minutes, None));
    let mut large = scenario::large(300, 1);
    large.start = now - Duration::days(3);
    large.people.push(scenario::aiko(large.minutes, Some((10, 20))));
    let meetings = [demo, call, large].into_iter().map(|m| SimMeeting::past(m.generate())).collect();
    let config = SimConfig::default();
    let sim = runtime.block_on(server::start(config.clone(), meetings)).unwrap();
    let (from, to) = ((now - Duration::days(20)).date_naive().to_string(), now.date_naive().to_string());
    let qoscope = |args: &[&str]| -> Output {
        Command::new(env!("CARGO_BIN_EXE_qoscope"))
            .args(args)
            .env("QOSCOPE_API_BASE", sim.api_base())
            .env("QOSCOPE_OAUTH_TOKEN_URL", sim.token_url())
            .env("ZOOM_ACCOUNT_ID", &config.account_id)
            .env("ZOOM_CLIENT_ID", &config.client_id)
            .env("ZOOM_CLIENT_SECRET", &config.client_secret)
            .env_remove("ZOOM_ACCESS_TOKEN")
            // No app settings: the default thresholds.
            .env("XDG_DATA_HOME", "/nonexistent/qoscope-test")
            .env("HOME", "/nonexistent/qoscope-test")
            .stdin(Stdio::null())
            .output()
            .expect("qoscope runs")
    };

    let before = sim.stats.requests.load(Ordering::Relaxed);
    let o = qoscope(&["person", "AIKO.TANAKA@example.com", "--from", &from, "--to", &to, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let requests = sim.stats.requests.load(Ordering::Relaxed) - before;
    // A token, the report, per meeting its participants list (page size 300) and her QoS.
    assert!(requests <= 10, "{requests} requests for three meetings");
    assert!(stderr(&o).contains("3 meetings: about "), "the budget first: {}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["format"], "qoscope-person");
    assert_eq!(json["version"], 1);
    assert_eq!(json["person"], serde_json::json!({"email": "aiko.tanaka@example.com", "user_name": "Aiko Tanaka"}));
    let top: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(top, ["format", "version", "person", "meetings"]);
    let items = json["meetings"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    let keys: Vec<&str> = items[0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "uuid",
            "meeting_number",
            "topic",
            "start_time",
            "joins",
            "worst",
            "minutes_warning",
            "minutes_poor",
            "network_type",
            "device",
            "version",
            "findings"
        ]
    );
    for m in items {
        assert!(["good", "warning", "poor", "no_data"].contains(&m["worst"].as_str().unwrap()), "{m}");
        assert!(m["joins"].as_u64().unwrap() >= 1, "{m}");
        assert_eq!(m["network_type"], "Wifi");
        assert!(m["findings"].as_array().unwrap().iter().all(|k| k.is_string()));
    }
    let all_hands = items.iter().find(|m| m["topic"].as_str().is_some_and(|t| t.contains("ll-hands"))).unwrap();
    assert_eq!(all_hands["worst"], "poor", "{all_hands}");
    assert!(all_hands["minutes_poor"].as_u64().unwrap() > 0);
    assert!(all_hands["findings"].as_array().unwrap().contains(&serde_json::json!("wifi")), "{all_hands}");

    let o = qoscope(&["person", "aiko.tanaka@example.com", "--from", &from, "--to", &to]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.starts_with("START (local"), "{text}");
    assert!(text.trim_end().lines().last().unwrap().starts_with("Poor in "), "the verdict last: {text}");

    let o = qoscope(&["person", "a@b.c", "--from", "2026-05-01", "--to", "2026-05-20"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = qoscope(&["person", "--from", &from, "--to", &to]);
    assert_eq!(o.status.code(), Some(2), "the person is required: {}", stderr(&o));
    let o = qoscope(&["person", "a@b.c", "--from", &from, "--to", &to, "--webinar"]);
    assert_eq!(o.status.code(), Some(2), "no other flags: {}", stderr(&o));
}
