//! Fault soak: seeded fetches of the 300-person simulated meeting with every fault on (5xx,
//! drops, slow answers, 5-second tokens, page-token expiry, per-second 429s) each give the same
//! canonical CSV as a clean fetch. `QOSCOPE_SOAK_RUNS` sets the count (default 2 here; the
//! benchmark `cargo bench -p qoscope-zoom --bench soak` runs 20).
//!
//! Also: a daily-limit 429 mid-fetch keeps the partial snapshot and says when to resume, and
//! resuming it fetches only what it lacks.

mod soak;

use qoscope_sim::scenario;
use qoscope_sim::server::{self, SimConfig, SimMeeting};
use qoscope_zoom::{covered_joins, fetch_meeting, resume_meeting, CancelFlag, FetchOptions, ZoomError};
use soak::{client_for, csv_rows, faulty, fetch_once, first_difference, request_for};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeded_faulty_fetches_of_300_people_equal_a_clean_fetch() {
    let runs: u64 = std::env::var("QOSCOPE_SOAK_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(2);
    let spec = scenario::large(300, 42);
    let generated = spec.generate();
    let clean = fetch_once(&generated, spec.meeting_number, SimConfig::default(), 30.0).await;
    assert!(clean.complete);
    let mut truth: Vec<String> = generated.truth.iter().map(|r| r.csv_line()).collect();
    truth.sort_unstable();
    assert_eq!(clean.rows, truth, "a clean fetch is the generator's truth");
    for seed in 1..=runs {
        let run = fetch_once(&generated, spec.meeting_number, faulty(seed), 30.0).await;
        println!(
            "soak seed {seed}: {} requests, {} faults, {} per-second 429s, {} tokens, {:.1} s",
            run.requests,
            run.faults,
            run.rate_limited,
            run.tokens,
            run.elapsed.as_secs_f64()
        );
        assert!(run.complete, "seed {seed}: the fetch stopped early");
        assert!(run.faults > 0 && run.rate_limited > 0, "seed {seed}: faults and per-second 429s happened");
        // A fetch that outlived its 5-second token renewed it (a fast machine may finish first;
        // `against_simulator.rs` renews deterministically).
        let lifetime = faulty(seed).token_lifetime;
        assert!(run.tokens > 1 || run.elapsed < lifetime, "seed {seed}: no token renewal in {:?}", run.elapsed);
        assert!(run.rows == clean.rows, "seed {seed}: {}", first_difference(&run.rows, &clean.rows));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_daily_limit_keeps_the_partial_snapshot_and_resuming_fetches_only_what_is_missing() {
    let spec = scenario::large(60, 9);
    let generated = spec.generate();
    let clean = fetch_once(&generated, spec.meeting_number, SimConfig::default(), 30.0).await;

    // The account's daily limit runs out one call short of the fewest a complete fetch can make
    // (the details, the participants list, and QoS-list pages of 10 joins each, whoever takes
    // which slots), so the fetch always stops part-way.
    let joins = spec.people.iter().map(|p| p.joins.len()).sum::<usize>();
    let fewest_calls = 2 + joins.div_ceil(10);
    let limited = SimConfig { daily_limit: Some(fewest_calls as u64 - 1), ..SimConfig::default() };
    let sim = server::start(limited.clone(), vec![SimMeeting::past(generated.clone())]).await.unwrap();
    let client = client_for(&sim, &limited, 30.0);
    let request = request_for(spec.meeting_number);
    let partial = fetch_meeting(&client, &request, &FetchOptions::default(), |_| {}, &CancelFlag::new()).await.unwrap();
    assert!(!partial.complete);
    let reason = partial.stopped_reason.clone().expect("a reason");
    assert!(matches!(reason, ZoomError::RateLimitedDaily { .. }), "{reason:?}");
    assert!(reason.to_string().contains("daily API limit"), "{reason}");
    assert!(partial.snapshot.notes.iter().any(|n| n.contains("daily API limit")), "{:?}", partial.snapshot.notes);
    let kept = covered_joins(&partial.snapshot);
    assert!(!kept.is_empty() && kept.len() < clean.rows.len(), "some joins, not all: {}", kept.len());

    // The next day (a fresh limit): resume fetches the rest only.
    let sim = server::start(SimConfig::default(), vec![SimMeeting::past(generated.clone())]).await.unwrap();
    let client = client_for(&sim, &SimConfig::default(), 30.0);
    let resumed =
        resume_meeting(&client, &partial.snapshot, &FetchOptions::default(), |_| {}, &CancelFlag::new()).await.unwrap();
    assert!(resumed.complete, "{:?}", resumed.snapshot.notes);
    let rows = csv_rows(&resumed.snapshot);
    assert!(rows == clean.rows, "{}", first_difference(&rows, &clean.rows));
    let requests = sim.stats.requests.load(std::sync::atomic::Ordering::Relaxed) as usize;
    // One token, the details, one participants-list page, one call per missing join, and the
    // feedback and sharing pages.
    assert_eq!(requests, 3 + (joins - kept.len()) + 2, "resume asked only for what was missing");
    assert!(resumed.snapshot.notes[0].starts_with("Resumed a partial snapshot"), "{:?}", resumed.snapshot.notes);

    // A complete snapshot has nothing to resume.
    let again = resume_meeting(&client, &resumed.snapshot, &FetchOptions::default(), |_| {}, &CancelFlag::new()).await;
    assert!(again.is_err());
}
