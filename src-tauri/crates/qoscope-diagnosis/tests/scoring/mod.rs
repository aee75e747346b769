//! The scorer: QoScope's findings against a generated meeting's ground truth
//! ([`MeetingSpec::expected_findings`]), strictly.
//!
//! * A finding **matches** an expected one only when kind, participant (the join) and culprit
//!   agree and its start and end are each within ±1 minute. A meeting-wide expectation accepts
//!   any participant with a `null` culprit.
//! * **Recall:** expected findings matched. Every receiver a bad sender hurt is one expected
//!   finding naming that sender.
//! * **Culprit accuracy:** of the findings that match an expectation on kind, participant and
//!   time, the share that names the right culprit.
//! * **Boundary error:** mean |Δstart| and |Δend| in minutes over findings that match on kind,
//!   participant and culprit and overlap in time (so a boundary off by more than a minute shows
//!   here as well as in recall).
//! * **False findings:** every finding that matches no expectation, warnings included, per 100
//!   join-hours.
//! * **Unobservable:** an expected finding whose evidence the delivered data lacks — fewer than
//!   [`MIN_EPISODE_MINUTES`] samples in its span (the generator dropped the others as missing
//!   minutes) of its participant (a downlink, a CPU, a Wi-Fi problem: only their own samples
//!   show it) or, for a bad sender, of both the participant and the sender (either side shows
//!   it) — is a blip no diagnosis can tell from a spike. Disconnects, UDP fallbacks,
//!   meeting-wide and shared-network trouble (the whole group shows it) always count. It is
//!   counted apart ([`Tally::unobservable`]), neither expected nor false: a finding that matches
//!   it is not false, and adds to no recall, culprit or boundary tally.
//!
//! Shared by the test (`findings_vs_truth.rs`) and the benchmark (`benches/diagnosis_score.rs`).

#![allow(dead_code)]

use chrono::{DateTime, Duration, Utc};
use qoscope_diagnosis::{analyze, Finding, Thresholds};
use qoscope_model::Meeting;
use qoscope_sim::generator::{ExpectedFinding, MeetingSpec, MIN_EPISODE_MINUTES};
use qoscope_snapshot::{Request, Source, SourceKind};

pub fn meeting_of(spec: &MeetingSpec) -> Meeting {
    let snapshot = spec.generate().to_snapshot(
        "test",
        Source { kind: SourceKind::Simulator, profile: None, api_base: None },
        Request { meeting: spec.meeting_number.to_string(), qos_type: "past".into(), webinar: false },
        spec.start,
    );
    snapshot.meeting().expect("the simulated snapshot reads")
}

/// Totals over any number of meetings.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    pub meetings: usize,
    pub join_hours: f64,
    pub expected: usize,
    pub found: usize,
    pub culprit_checked: usize,
    pub culprit_right: usize,
    pub boundary_sum: f64,
    pub boundary_n: usize,
    pub findings: usize,
    pub false_findings: usize,
    /// Expected findings the delivered data cannot show (see the module docs; not counted).
    pub unobservable: usize,
    /// A few explanations of misses and false findings, for a failing test's message.
    pub notes: Vec<String>,
}

impl Tally {
    pub fn add(&mut self, o: &Tally) {
        self.meetings += o.meetings;
        self.join_hours += o.join_hours;
        self.expected += o.expected;
        self.found += o.found;
        self.culprit_checked += o.culprit_checked;
        self.culprit_right += o.culprit_right;
        self.boundary_sum += o.boundary_sum;
        self.boundary_n += o.boundary_n;
        self.findings += o.findings;
        self.false_findings += o.false_findings;
        self.unobservable += o.unobservable;
        for n in &o.notes {
            if self.notes.len() < 40 {
                self.notes.push(n.clone());
            }
        }
    }

    pub fn recall(&self) -> f64 {
        ratio(self.found, self.expected)
    }

    pub fn culprit_accuracy(&self) -> f64 {
        ratio(self.culprit_right, self.culprit_checked)
    }

    pub fn boundary_error(&self) -> f64 {
        if self.boundary_n == 0 {
            0.0
        } else {
            self.boundary_sum / self.boundary_n as f64
        }
    }

    pub fn false_per_100_join_hours(&self) -> f64 {
        if self.join_hours == 0.0 {
            0.0
        } else {
            self.false_findings as f64 * 100.0 / self.join_hours
        }
    }

    pub fn line(&self) -> String {
        format!(
            "{} meetings, {:.0} join-hours: recall {:.2} % ({}/{}; {} unobservable not counted), right culprit {:.2} % ({}/{}), boundary error {:.2} min, false findings {} ({:.2} per 100 join-hours) of {}",
            self.meetings,
            self.join_hours,
            self.recall() * 100.0,
            self.found,
            self.expected,
            self.unobservable,
            self.culprit_accuracy() * 100.0,
            self.culprit_right,
            self.culprit_checked,
            self.boundary_error(),
            self.false_findings,
            self.false_per_100_join_hours(),
            self.findings,
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

fn minutes(a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
    (a - b).num_minutes().abs()
}

fn same_participant(f: &Finding, e: &ExpectedFinding) -> bool {
    e.participant.as_ref().is_none_or(|p| *p == f.participant.user_id)
}

fn same_culprit(f: &Finding, e: &ExpectedFinding) -> bool {
    match (&e.culprit, &f.culprit) {
        (None, None) => true,
        (Some(ids), Some(c)) => ids.contains(&c.user_id),
        _ => false,
    }
}

fn in_time(f: &Finding, e: &ExpectedFinding) -> bool {
    minutes(f.start, e.start) <= 1 && minutes(f.end, e.end) <= 1
}

fn overlaps(f: &Finding, e: &ExpectedFinding) -> bool {
    f.start < e.end + Duration::minutes(1) && e.start - Duration::minutes(1) < f.end
}

/// Scores one meeting.
pub fn score(spec: &MeetingSpec, thresholds: &Thresholds) -> Tally {
    let meeting = meeting_of(spec);
    score_findings_in(spec, &meeting, &analyze(&meeting, thresholds).findings)
}

/// Scores the findings of one meeting.
pub fn score_findings(spec: &MeetingSpec, findings: &[Finding]) -> Tally {
    score_findings_in(spec, &meeting_of(spec), findings)
}

/// Whether the data as delivered shows the expected finding (see the module docs).
fn observable(meeting: &Meeting, e: &ExpectedFinding) -> bool {
    let sampled = |id: &String| {
        meeting
            .joins
            .iter()
            .filter(|j| &j.user_id == id)
            .flat_map(|j| &j.samples)
            .filter(|s| e.start <= s.time && s.time < e.end)
            .count()
            >= MIN_EPISODE_MINUTES as usize
    };
    let Some(id) = e.participant.as_ref() else { return true };
    match e.kind {
        "receiver_downlink" | "device_cpu" | "wifi" => sampled(id),
        "sender_uplink" => sampled(id) || e.culprit.iter().flatten().any(|c| c != id && sampled(c)),
        _ => true,
    }
}

/// Scores the findings of one meeting, derived as `meeting`.
pub fn score_findings_in(spec: &MeetingSpec, meeting: &Meeting, findings: &[Finding]) -> Tally {
    let expected = spec.expected_findings();
    let counted: Vec<bool> = expected.iter().map(|e| observable(meeting, e)).collect();
    let mut t = Tally { meetings: 1, ..Tally::default() };
    t.join_hours = spec.people.iter().flat_map(|p| &p.joins).map(|j| f64::from(j.to - j.from) / 60.0).sum();
    t.expected = counted.iter().filter(|c| **c).count();
    t.unobservable = expected.len() - t.expected;
    t.findings = findings.len();
    let mut found = vec![false; expected.len()];
    for f in findings {
        let kind = f.kind.key();
        let mut matched = false;
        let mut culprit_seen: Option<bool> = None;
        for (i, e) in expected.iter().enumerate() {
            if e.kind != kind || !same_participant(f, e) {
                continue;
            }
            if !counted[i] {
                // Unobservable: matching it keeps the finding from being false, nothing more.
                matched |= in_time(f, e) && same_culprit(f, e);
                continue;
            }
            if in_time(f, e) {
                let right = same_culprit(f, e);
                culprit_seen = Some(culprit_seen.unwrap_or(false) || right);
                if right {
                    matched = true;
                    found[i] = true;
                }
            }
            if same_culprit(f, e) && overlaps(f, e) {
                t.boundary_sum += (minutes(f.start, e.start) + minutes(f.end, e.end)) as f64 / 2.0;
                t.boundary_n += 1;
            }
        }
        if let Some(right) = culprit_seen {
            t.culprit_checked += 1;
            t.culprit_right += usize::from(right);
        }
        if !matched {
            t.false_findings += 1;
            if t.notes.len() < 10 {
                let near: Vec<String> = expected
                    .iter()
                    .filter(|e| e.kind == kind && same_participant(f, e) && overlaps(f, e))
                    .map(|e| format!("{}–{} {:?}", e.start.format("%H:%M"), e.end.format("%H:%M"), e.culprit))
                    .collect();
                t.notes.push(format!(
                    "{}: false {} {} [{}] culprit {:?} {}–{} (expected near: {near:?}): {}",
                    spec.topic,
                    f.severity_key(),
                    kind,
                    f.participant.user_id,
                    f.culprit.as_ref().map(|c| c.user_id.as_str()),
                    f.start.format("%H:%M"),
                    f.end.format("%H:%M"),
                    f.sentence
                ));
            }
        }
    }
    for ((e, ok), counted) in expected.iter().zip(&found).zip(&counted) {
        if !counted {
            continue;
        }
        if *ok {
            t.found += 1;
        } else if t.notes.len() < 20 {
            t.notes.push(format!(
                "{}: missed {} about {:?} culprit {:?} {}–{}",
                spec.topic,
                e.kind,
                e.participant,
                e.culprit,
                e.start.format("%H:%M"),
                e.end.format("%H:%M")
            ));
        }
    }
    t
}

trait SeverityKey {
    fn severity_key(&self) -> &'static str;
}

impl SeverityKey for Finding {
    fn severity_key(&self) -> &'static str {
        match self.severity {
            qoscope_diagnosis::Severity::Warning => "warning",
            qoscope_diagnosis::Severity::Poor => "poor",
        }
    }
}
