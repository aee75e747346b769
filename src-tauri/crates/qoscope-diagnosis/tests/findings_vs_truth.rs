//! The findings against the simulator's ground truth: every injected episode (weak Wi-Fi, busy
//! CPU, bad uplink, bad downlink, meeting-wide trouble, disconnects) must be found with the right
//! kind and culprit, and every finding must be explained by an injected episode.
//!
//! Recall: injected episodes with a finding of their kind about the right participant.
//! Precision: findings that an injected episode explains (kind, participant or culprit, time).
//! Culprits: findings whose culprit is the injected episode's person (`null` for meeting-wide).

use chrono::{DateTime, Duration, Utc};
use qoscope_diagnosis::{analyze, Finding, FindingKind, Thresholds};
use qoscope_model::Meeting;
use qoscope_sim::generator::{Condition, EpisodeTruth, MeetingSpec};
use qoscope_sim::scenario;
use qoscope_snapshot::{Request, Source, SourceKind};

fn meeting_of(spec: &MeetingSpec) -> Meeting {
    let snapshot = spec.generate().to_snapshot(
        "test",
        Source { kind: SourceKind::Simulator, profile: None, api_base: None },
        Request { meeting: spec.meeting_number.to_string(), qos_type: "past".into(), webinar: false },
        spec.start,
    );
    snapshot.meeting().expect("the simulated snapshot reads")
}

fn overlaps(f: &Finding, t: &EpisodeTruth) -> bool {
    let slack = Duration::minutes(1);
    f.start < t.end + slack && t.start - slack < f.end
}

fn is(id: &Option<qoscope_diagnosis::PersonRef>, t: &EpisodeTruth) -> bool {
    id.as_ref().is_some_and(|p| t.user_ids.contains(&p.user_id))
}

/// Whether the injected episode `t` explains finding `f`.
fn explains(t: &EpisodeTruth, f: &Finding) -> bool {
    let about = t.user_ids.contains(&f.participant.user_id);
    overlaps(f, t)
        && match (t.condition, f.kind) {
            (Condition::WeakWifi { .. }, FindingKind::Wifi) => about,
            // What others received from the sender.
            (Condition::WeakWifi { .. } | Condition::BadUplink { .. }, FindingKind::SenderUplink) => is(&f.culprit, t),
            (Condition::BusyCpu { .. }, FindingKind::DeviceCpu) => about,
            (Condition::BadDownlink { .. }, FindingKind::ReceiverDownlink) => about,
            (Condition::MeetingWide { .. }, FindingKind::MeetingWide) => f.culprit.is_none(),
            (Condition::Disconnect { .. }, FindingKind::Disconnect) => about,
            _ => false,
        }
}

/// Whether finding `f` is the one a perfect diagnosis reports for `t` itself.
fn finds(f: &Finding, t: &EpisodeTruth) -> bool {
    let about = t.user_ids.contains(&f.participant.user_id);
    explains(t, f)
        && match t.condition {
            Condition::BadUplink { .. } => about && is(&f.culprit, t),
            Condition::MeetingWide { .. } => true,
            _ => about,
        }
}

fn culprit_right(f: &Finding, truth: &[EpisodeTruth]) -> bool {
    truth.iter().filter(|t| overlaps(f, t)).any(|t| match t.condition {
        Condition::MeetingWide { .. } => f.culprit.is_none(),
        _ => is(&f.culprit, t),
    })
}

struct Score {
    recall: f64,
    precision: f64,
    culprits: f64,
    report: String,
}

fn score(name: &str, spec: &MeetingSpec) -> Score {
    let meeting = meeting_of(spec);
    let analysis = analyze(&meeting, &Thresholds::default());
    let truth = spec.episodes();
    let found: Vec<&EpisodeTruth> = truth.iter().filter(|t| analysis.findings.iter().any(|f| finds(f, t))).collect();
    let missed: Vec<String> = truth
        .iter()
        .filter(|t| !found.contains(t))
        .map(|t| {
            format!(
                "  missed {:?} of {:?} {}–{}",
                t.condition,
                t.person,
                t.start.format("%H:%M"),
                t.end.format("%H:%M")
            )
        })
        .collect();
    let wrong: Vec<String> = analysis
        .findings
        .iter()
        .filter(|f| !truth.iter().any(|t| explains(t, f)))
        .map(|f| format!("  unexplained {} [{}] {}", f.kind.key(), f.participant.user_id, f.sentence))
        .collect();
    let culprits = analysis.findings.iter().filter(|f| culprit_right(f, &truth)).count();
    let n = analysis.findings.len().max(1) as f64;
    let recall = found.len() as f64 / truth.len().max(1) as f64;
    let precision = (analysis.findings.len() - wrong.len()) as f64 / n;
    let culprit_share = culprits as f64 / n;
    let mut kinds: Vec<&str> = analysis.findings.iter().map(|f| f.kind.key()).collect();
    kinds.sort();
    kinds.dedup();
    let report = format!(
        "{name}: {} injected, {} findings ({}); recall {:.1} %, precision {:.1} %, right culprits {:.1} %\n{}{}",
        truth.len(),
        analysis.findings.len(),
        kinds.join(", "),
        recall * 100.0,
        precision * 100.0,
        culprit_share * 100.0,
        missed.join("\n"),
        wrong.iter().take(20).cloned().collect::<Vec<_>>().join("\n"),
    );
    println!("{report}");
    Score { recall, precision, culprits: culprit_share, report }
}

fn assert_perfect(name: &str, spec: &MeetingSpec) {
    let s = score(name, spec);
    assert_eq!((s.recall, s.precision, s.culprits), (1.0, 1.0, 1.0), "{}", s.report);
}

fn injected_kinds(spec: &MeetingSpec) -> Vec<&'static str> {
    let mut kinds: Vec<&str> = spec
        .episodes()
        .iter()
        .map(|t| match t.condition {
            Condition::WeakWifi { .. } => "wifi",
            Condition::BusyCpu { .. } => "device_cpu",
            Condition::BadUplink { .. } => "sender_uplink",
            Condition::BadDownlink { .. } => "receiver_downlink",
            Condition::MeetingWide { .. } => "meeting_wide",
            Condition::Disconnect { .. } => "disconnect",
        })
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

#[test]
fn small_meeting_every_kind_found_with_its_culprit() {
    let spec = scenario::small();
    assert_eq!(injected_kinds(&spec).len(), FindingKind::ALL.len(), "the small scenario injects every kind");
    assert_perfect("small (3 people)", &spec);
}

#[test]
fn demo_meeting_every_injected_episode_found_with_its_culprit() {
    assert_perfect("demo (8 people)", &scenario::demo());
}

#[test]
fn large_meeting_every_kind_found_with_its_culprit() {
    let spec = scenario::large(300, 1);
    assert_eq!(
        injected_kinds(&spec).len(),
        FindingKind::ALL.len(),
        "large(300, 1) injects every kind: {:?}",
        injected_kinds(&spec)
    );
    assert_perfect("large (300 people, seed 1)", &spec);
}

#[test]
fn large_meetings_of_other_seeds_too() {
    for seed in 2..=4 {
        assert_perfect(&format!("large (300 people, seed {seed})"), &scenario::large(300, seed));
    }
}

#[test]
fn a_clean_meeting_has_no_finding() {
    let mut spec = scenario::small();
    spec.meeting_wide.clear();
    for p in &mut spec.people {
        p.conditions.clear();
        let end = spec.minutes;
        p.joins = vec![qoscope_sim::generator::JoinSpec {
            from: 0,
            to: end,
            leave_reason: "left the meeting. Reason: Host ended the meeting.",
        }];
    }
    let meeting = meeting_of(&spec);
    let analysis = analyze(&meeting, &Thresholds::default());
    let sentences: Vec<&str> = analysis.findings.iter().map(|f| f.sentence.as_str()).collect();
    assert!(sentences.is_empty(), "{sentences:#?}");
    assert!(analysis.episodes.is_empty());

    let mut large = scenario::large(300, 1);
    large.meeting_wide.clear();
    for p in &mut large.people {
        p.conditions.clear();
        p.joins.retain(|j| j.leave_reason != qoscope_sim::generator::NETWORK_LEAVE_REASON);
    }
    let analysis = analyze(&meeting_of(&large), &Thresholds::default());
    let sentences: Vec<&str> = analysis.findings.iter().take(10).map(|f| f.sentence.as_str()).collect();
    assert!(sentences.is_empty(), "{} findings on a clean large meeting: {sentences:#?}", analysis.findings.len());
}

#[test]
fn every_finding_reads_as_a_sentence_with_times_and_numbers() {
    let spec = scenario::small();
    let analysis = analyze(&meeting_of(&spec), &Thresholds::default());
    let at = |minute: i64| -> DateTime<Utc> { spec.start + Duration::minutes(minute) };
    for f in &analysis.findings {
        assert!(f.sentence.contains(&f.start.format("%H:%M").to_string()), "{}", f.sentence);
        assert!(f.sentence.ends_with('.'), "{}", f.sentence);
        assert!(!f.next_step.is_empty());
        assert!(!f.evidence.is_empty(), "{}", f.sentence);
        assert!(f.start >= at(0) && f.end <= at(i64::from(spec.minutes) + 1));
        println!("{:?} {}: {}\n   next: {}", f.severity, f.kind.key(), f.sentence, f.next_step);
    }
    // The phone caller's name is hidden: the sentence says so instead of printing nothing.
    let phone = analysis.findings.iter().find(|f| f.kind == FindingKind::ReceiverDownlink).expect("downlink");
    assert!(phone.sentence.contains("name hidden by Zoom"), "{}", phone.sentence);
    // Wi-Fi evidence carries the RSSI.
    let wifi = analysis.findings.iter().find(|f| f.kind == FindingKind::Wifi).expect("wifi");
    assert!(wifi.sentence.contains("dBm"), "{}", wifi.sentence);
}
