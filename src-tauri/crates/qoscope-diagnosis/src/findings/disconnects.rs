//! Disconnects: findings from the joins themselves (a network leave reason, or leaving without
//! one and rejoining within [`MAX_SILENT_REJOIN_MINUTES`]), not from minute labels.

use super::*;

/// A finding per join that ended with a network leave reason, or with no reason and a rejoin
/// within [`MAX_SILENT_REJOIN_MINUTES`].
pub(super) fn disconnects(meeting: &Meeting, names: &Names, clock: &Clock) -> Vec<Finding> {
    let mut out = Vec::new();
    for person in &meeting.persons {
        for (k, &i) in person.joins.iter().enumerate() {
            let join = &meeting.joins[i];
            let Some(left) = join.leave_time.or_else(|| join.samples.last().map(|s| s.time + Duration::minutes(1)))
            else {
                continue;
            };
            let next = person.joins.get(k + 1).map(|&n| &meeting.joins[n]);
            let back = next.and_then(|n| n.join_time.or_else(|| n.samples.first().map(|s| s.time)));
            let reason = join.leave_reason.as_deref().map(|r| plain_text(r, 120)).filter(|r| !r.trim().is_empty());
            let network = reason.as_deref().is_some_and(is_network_leave);
            let silent_rejoin = reason.is_none()
                && back.is_some_and(|b| b >= left && b - left <= Duration::minutes(MAX_SILENT_REJOIN_MINUTES));
            if !network && !silent_rejoin {
                continue;
            }
            let name = &names.shown[i];
            let start = floor_minute(left);
            let end = back.map_or(start + Duration::minutes(1), |b| ceil_minute(b).max(start + Duration::minutes(1)));
            let gap = back.map(|b| (b - left).num_seconds().max(0));
            let gap_words = |secs: i64| match (secs / 60, secs % 60) {
                (0, s) => format!("{s} seconds"),
                (1, 0) => "1 minute".to_owned(),
                (m, 0) => format!("{m} minutes"),
                (m, s) => format!("{m} min {s} s"),
            };
            let dropped = match &reason {
                Some(r) => {
                    format!("At {} {name} was disconnected (Zoom's leave reason: \"{r}\")", clock.at(left))
                }
                None => format!("At {} {name} left without a reason", clock.at(left)),
            };
            let mut sentence = match (back, gap) {
                (Some(b), Some(g)) if network => {
                    format!("{dropped} and rejoined {} later, at {}.", gap_words(g), clock.at(b))
                }
                (Some(b), Some(g)) => format!(
                    "{dropped} and rejoined {} later, at {}: most likely a dropped connection.",
                    gap_words(g),
                    clock.at(b)
                ),
                _ => format!("{dropped} and did not rejoin."),
            };
            let mut evidence = vec![Evidence {
                participant: names.refs[i].clone(),
                stream: None,
                metric: None,
                value: None,
                unit: None,
                limit: None,
                at: Some(left),
                text: match &reason {
                    Some(r) => format!("{name}: left at {}, reason \"{r}\"", clock.at_seconds(left)),
                    None => format!("{name}: left at {}, no reason given", clock.at_seconds(left)),
                },
            }];
            // Zoom's socket-break counters (2026-06): evidence of reconnects, never a finding alone.
            if let Some(breaks) = join.facts.socket_breaks.words() {
                sentence.push_str(&format!(" Zoom counted {breaks} in that join (reconnects)."));
                let total: u32 = join.facts.socket_breaks.nonzero().iter().map(|(_, n)| n).sum();
                evidence.push(Evidence {
                    participant: names.refs[i].clone(),
                    stream: None,
                    metric: None,
                    value: Some(f64::from(total)),
                    unit: Some("socket breaks".to_owned()),
                    limit: None,
                    at: Some(left),
                    text: format!("{name}: Zoom counted {breaks} in this join"),
                });
            }
            if let (Some(b), Some(g)) = (back, gap) {
                evidence.push(Evidence {
                    participant: names.refs[i].clone(),
                    stream: None,
                    metric: None,
                    value: Some((g as f64 / 60.0 * 10.0).round() / 10.0),
                    unit: Some("min".to_owned()),
                    limit: None,
                    at: Some(b),
                    text: format!("{name}: rejoined at {}, {} later", clock.at_seconds(b), gap_words(g)),
                });
            }
            out.push(Finding {
                severity: if network { Severity::Poor } else { Severity::Warning },
                kind: FindingKind::Disconnect,
                participant: names.refs[i].clone(),
                culprit: Some(names.refs[i].clone()),
                stream: None,
                streams: Vec::new(),
                start,
                end,
                evidence,
                sentence,
                next_step: format!(
                    "Check {name}'s network stability around {} (Wi-Fi roaming, VPN reconnects, ISP); use a wired connection if it recurs.",
                    clock.at(left)
                ),
                cause_id: format!("disconnect:{}:{}", names.refs[i].user_id, start.format("%Y-%m-%dT%H:%MZ")),
                join_index: i,
                group: None,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;
    use crate::{analyze, FindingKind, Thresholds};
    use chrono::Duration;
    use qoscope_model::join_facts::SocketBreaks;
    use qoscope_model::Person;

    #[test]
    fn socket_breaks_are_evidence_in_a_disconnect_and_no_finding_alone() {
        let mut first = join("1", (0..10).map(|m| audio(m, 0.0)).collect());
        first.leave_time = Some(at(9) + Duration::seconds(30));
        first.leave_reason = Some("Reason: Network connection error.".into());
        first.facts.socket_breaks =
            SocketBreaks { audio: Some(3), video: Some(1), screen_share: None, command: Some(0) };
        let mut back = join("2", (12..20).map(|m| audio(m, 0.0)).collect());
        back.join_time = Some(at(12));
        let mut steady = join("3", (0..20).map(|m| audio(m, 0.0)).collect());
        steady.facts.socket_breaks = SocketBreaks { audio: Some(2), ..Default::default() };
        let mut m = meeting(vec![first, back, steady]);
        m.persons = vec![
            Person { display_name: String::new(), joins: vec![0, 1] },
            Person { display_name: String::new(), joins: vec![2] },
        ];
        let f = analyze(&m, &Thresholds::default()).findings;
        assert_eq!(f.len(), 1, "socket breaks alone make no finding: {f:#?}");
        assert_eq!(f[0].kind, FindingKind::Disconnect);
        assert!(
            f[0].sentence.contains("Zoom counted 3 audio and 1 video socket breaks in that join"),
            "{}",
            f[0].sentence
        );
        assert!(f[0].evidence.iter().any(|e| e.value == Some(4.0) && e.unit.as_deref() == Some("socket breaks")));
    }
}
