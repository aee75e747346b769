//! The diagnosis against the simulator's meetings, whose injected episodes are known.

use chrono::{DateTime, Duration, Utc};
use qoscope_diagnosis::{analyze, Analysis, Attribution, Episode, Thresholds};
use qoscope_model::metric::{Direction, Media};
use qoscope_model::Metric;
use qoscope_sim::generator::MeetingSpec;
use qoscope_sim::scenario;
use scoring::meeting_of;
use std::time::Instant;

mod scoring;

fn hm(spec: &MeetingSpec, minute: i64) -> DateTime<Utc> {
    spec.start + Duration::minutes(minute)
}

fn describe(e: &Episode) -> String {
    let worst: Vec<String> = e.worst.iter().map(|c| format!("{}={}", c.metric, c.value)).collect();
    format!(
        "{} [{}] {} {}–{} {:?} {} → {:?}",
        e.user_name,
        e.user_id,
        e.stream,
        e.start.format("%H:%M"),
        e.end.format("%H:%M"),
        e.grade,
        worst.join(" "),
        e.attribution
    )
}

/// Episodes of `name` that overlap `[from, to)` (with a minute of slack at both ends) and
/// satisfy `pred`.
fn matching<'a>(
    a: &'a Analysis,
    name: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    pred: impl Fn(&Episode) -> bool,
) -> Vec<&'a Episode> {
    let slack = Duration::minutes(1);
    a.episodes
        .iter()
        .filter(|e| e.user_name == name && e.start >= from - slack && e.end <= to + slack && e.start < e.end)
        .filter(|e| pred(e))
        .collect()
}

#[test]
fn demo_meeting_episodes_match_the_injected_conditions() {
    let spec = scenario::demo();
    let meeting = meeting_of(&spec);
    let a = analyze(&meeting, &Thresholds::default());
    for e in &a.episodes {
        println!("{}", describe(e));
    }

    // Aiko's weak Wi-Fi 10:12–10:19: her sent streams and her Wi-Fi.
    let aiko = matching(&a, "Aiko Tanaka", hm(&spec, 12), hm(&spec, 19), |e| e.direction == Direction::Sent);
    assert!(aiko.iter().any(|e| e.media == Media::Video), "Aiko sent video: {aiko:?}");
    assert!(aiko.iter().any(|e| e.media == Media::Audio), "Aiko sent audio");
    let wifi = matching(&a, "Aiko Tanaka", hm(&spec, 12), hm(&spec, 19), |e| e.media == Media::Wifi);
    assert!(wifi.iter().any(|e| e.worst.iter().any(|c| c.metric == Metric::AvgRssi && c.value < -75.0)));

    // Lena's busy CPU 10:40–10:48: system CPU and her sent frame rate.
    let cpu = matching(&a, "Lena Fischer", hm(&spec, 40), hm(&spec, 48), |e| e.media == Media::Cpu);
    assert!(!cpu.is_empty(), "Lena CPU");
    assert!(cpu[0].worst.iter().any(|c| c.metric == Metric::SystemMaxCpuUsage && c.value >= 94.0));
    // Her sent frame rate collapses too: it colours her grades but, being content-dependent,
    // makes no episode by itself.
    let lena = a.grades.joins.iter().find(|j| j.user_name == "Lena Fischer").expect("Lena");
    let video = lena.stream(qoscope_model::Stream::VideoInput).expect("Lena sends video");
    let fps_minutes =
        (40..48).filter(|&m| video.minutes[m].causes.iter().any(|c| c.metric == Metric::FrameRate)).count();
    assert!(fps_minutes >= 6, "Lena frame rate in her grades: {fps_minutes} minutes");
    let fps = matching(&a, "Lena Fischer", hm(&spec, 40), hm(&spec, 48), |e| {
        e.worst.iter().any(|c| c.metric == Metric::FrameRate)
    });
    assert!(fps.is_empty(), "frame rate made an episode: {fps:?}");

    // Zoë's bad downlink 10:41–10:46: only what she receives.
    let zoe = "Zoë 王";
    let received = matching(&a, zoe, hm(&spec, 41), hm(&spec, 46), |e| e.direction == Direction::Received);
    assert!(!received.is_empty(), "Zoë received");
    let sent_then = matching(&a, zoe, hm(&spec, 41), hm(&spec, 46), |e| e.direction == Direction::Sent);
    assert!(sent_then.is_empty(), "Zoë's sent side is fine: {sent_then:?}");

    // Marcus's bad uplink 10:28–10:31 (before his disconnect): his sent side.
    let marcus = matching(&a, "Marcus Silva", hm(&spec, 28), hm(&spec, 31), |e| e.direction == Direction::Sent);
    assert!(!marcus.is_empty(), "Marcus sent");

    // Tom and Priya are fine, except for what they receive from Aiko and Marcus while those
    // send badly.
    let receiving_bad = |e: &Episode| {
        let within = |from: i64, to: i64| e.start >= hm(&spec, from - 1) && e.end <= hm(&spec, to + 1);
        e.direction == Direction::Received && (within(12, 19) || within(28, 31))
    };
    for name in ["Tom Becker", "Priya Raman"] {
        let unexpected: Vec<String> =
            a.episodes.iter().filter(|e| e.user_name == name && !receiving_bad(e)).map(describe).collect();
        assert!(unexpected.is_empty(), "{name}: {unexpected:#?}");
    }

    // Summaries cover every join; every minute of the grid is counted once.
    assert_eq!(a.summaries.len(), meeting.joins.len());
    for s in &a.summaries {
        assert_eq!(
            (s.minutes_good + s.minutes_warning + s.minutes_poor + s.minutes_no_data) as usize,
            a.grades.minutes
        );
    }
    // Marcus's rejoin gap (10:31–10:33) is NoData on both of his joins.
    let marcus_joins: Vec<_> = a.grades.joins.iter().filter(|j| j.user_name == "Marcus Silva").collect();
    assert_eq!(marcus_joins.len(), 2);
    for j in marcus_joins {
        assert!(j.overall[31..33].iter().all(|m| m.grade == qoscope_diagnosis::Grade::NoData));
    }
    // The phone caller has no video grades.
    let phone = a.grades.joins.iter().find(|j| j.user_name == "Caller 555-0100").unwrap();
    assert!(!phone.streams.is_empty());
    assert!(phone.streams.iter().all(|s| s.stream.media() == Media::Audio));

    // Attribution: the injected cause of every episode.
    let user_id = |name: &str| meeting.joins.iter().find(|j| j.user_name == name).unwrap().user_id.clone();
    let (aiko_id, marcus_id) = (user_id("Aiko Tanaka"), user_id("Marcus Silva"));
    for e in &a.episodes {
        let expected = match (e.user_name.as_str(), e.media, e.direction) {
            (_, Media::Cpu, _) => Attribution::DeviceCpu,
            (_, Media::Wifi, _) => Attribution::WeakWifi,
            ("Aiko Tanaka", _, Direction::Sent) => Attribution::WeakWifi,
            ("Marcus Silva", _, Direction::Sent) => Attribution::OwnUplink,
            ("Lena Fischer", _, Direction::Sent) => Attribution::DeviceCpu,
            ("Zoë 王", _, Direction::Received) if e.start >= hm(&spec, 40) => Attribution::ReceiverDownlink,
            (_, _, Direction::Received) if e.start < hm(&spec, 20) => {
                Attribution::SenderUplink { sender_user_id: aiko_id.clone() }
            }
            (_, _, Direction::Received) => Attribution::SenderUplink { sender_user_id: marcus_id.clone() },
            _ => panic!("unexpected episode {}", describe(e)),
        };
        assert_eq!(e.attribution.as_ref(), Some(&expected), "{}", describe(e));
    }

    // The analysis serializes (the UI and settings use JSON).
    assert!(serde_json::to_string(&a).is_ok());
}

#[test]
fn large_meeting_analysis_completes() {
    let spec = scenario::large(300, 1);
    let meeting = meeting_of(&spec);
    let started = Instant::now();
    let a = analyze(&meeting, &Thresholds::default());
    let elapsed = started.elapsed();
    println!(
        "large(300, 1): {} joins, {} minutes, {} episodes analyzed in {:.1} ms (this build profile)",
        meeting.joins.len(),
        a.grades.minutes,
        a.episodes.len(),
        elapsed.as_secs_f64() * 1000.0
    );
    let mut by_cause = std::collections::BTreeMap::new();
    for e in &a.episodes {
        let key = match &e.attribution {
            Some(Attribution::SenderUplink { .. }) => "sender_uplink".to_owned(),
            other => format!("{other:?}"),
        };
        *by_cause.entry(key).or_insert(0) += 1;
    }
    println!("large(300, 1) episodes by attribution: {by_cause:?}");
    let injected: Vec<String> = spec.episodes().iter().map(|e| format!("{:?}", e.condition)).collect();
    println!("large(300, 1) injected: {injected:?}");
    assert_eq!(a.grades.joins.len(), meeting.joins.len());
    assert!(a.episodes.iter().all(|e| e.attribution.is_some()));
    assert!(!a.episodes.is_empty(), "the large scenario injects conditions");
}
