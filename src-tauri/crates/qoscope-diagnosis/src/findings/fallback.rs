//! Streams that fell back from UDP to TCP or TLS/SSL: a finding from the join's facts (Zoom's
//! `video_connection_type` and `as_connection_type`, and the participants list's
//! `connection_type` for the audio), not from minute labels.
//!
//! Zoom's media prefers UDP to ports 8801–8810 of Zoom's cloud; when a firewall or proxy blocks
//! UDP, the client falls back to TCP or TLS over port 443 (Zoom's firewall and proxy guidance,
//! "Zoom network firewall or proxy server settings"). That works, but adds latency: TCP delivers
//! in order and retransmits, so one lost packet holds up every packet behind it.
//!
//! One finding per affected join, about the join itself (its network's firewall is the culprit;
//! no other participant is ever named). Severity: **warning** — the call may have been fine;
//! **poor** when the latency or jitter of what the join *sent* over the fallen-back media was
//! degraded for at least [`EpisodeRules::min_degraded_minutes`] minutes, so the fallback most
//! likely shows. Received streams do not count: what someone receives also carries every
//! sender's trouble, which is theirs, not this join's firewall.

use super::*;
use qoscope_model::Join;

/// A finding for every join with at least one medium over TCP, SSL, TLS or HTTPS.
pub(super) fn udp_blocked(
    meeting: &Meeting,
    grades: &MeetingGrades,
    names: &Names,
    rules: &EpisodeRules,
    clock: &Clock,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, join) in meeting.joins.iter().enumerate() {
        let fallbacks = join.facts.transports.fallbacks();
        if fallbacks.is_empty() {
            continue;
        }
        let Some((start, end)) = span(join) else { continue };
        let fell_back = |m: Media| fallbacks.iter().any(|(word, _)| *word == media_word(m));
        let mut streams: Vec<Stream> = streams_of(grades, i)
            .into_iter()
            .filter(|s| !media_word(s.media()).is_empty() && fell_back(s.media()))
            .collect();
        streams.sort_by_key(|s| stream_rank(*s));
        let name = &names.shown[i];
        let participant = names.refs[i].clone();
        let mut evidence: Vec<Evidence> = fallbacks
            .iter()
            .map(|(medium, t)| Evidence {
                participant: participant.clone(),
                stream: streams.iter().copied().find(|s| media_word(s.media()) == *medium),
                metric: None,
                value: None,
                unit: None,
                limit: None,
                at: Some(start),
                text: format!("{name}: {medium} connection {} instead of UDP ({})", t.label(), zoom_field(medium)),
            })
            .collect();
        let latency = latency_of(join, &streams);
        if let Some(l) = &latency {
            evidence.push(Evidence {
                participant: participant.clone(),
                stream: Some(l.worst_stream),
                metric: Some(Metric::Latency),
                value: Some(l.worst),
                unit: Some("ms".to_owned()),
                limit: None,
                at: Some(l.worst_at),
                text: format!(
                    "{name}: {} latency median {}, up to {} at {}",
                    stream_words(l.worst_stream),
                    value_text(Metric::Latency, l.median),
                    value_text(Metric::Latency, l.worst),
                    clock.at(l.worst_at)
                ),
            });
        }
        let sent: Vec<Stream> = streams.iter().copied().filter(|s| s.direction() == Direction::Sent).collect();
        let degraded = degraded_minutes(grades, i, &sent);
        let severity = if degraded >= rules.min_degraded_minutes as usize { Severity::Poor } else { Severity::Warning };
        let over = over_words(&fallbacks);
        let mut sentence = format!(
            "From {}, {name} sent and received {over} instead of UDP: a firewall or proxy on {name}'s network most likely blocks Zoom's UDP ports, and the fallback adds latency",
            clock.span("to", start, end)
        );
        // The same join's media that stayed on UDP, for comparison.
        let on_udp: Vec<Stream> = streams_of(grades, i)
            .into_iter()
            .filter(|s| !media_word(s.media()).is_empty() && !fell_back(s.media()))
            .collect();
        match (&latency, latency_of(join, &on_udp)) {
            (Some(l), Some(udp)) => sentence.push_str(&format!(
                " (median {}, against {} for what stayed on UDP)",
                value_text(Metric::Latency, l.median),
                value_text(Metric::Latency, udp.median)
            )),
            (Some(l), None) => sentence.push_str(&format!(" (median {})", value_text(Metric::Latency, l.median))),
            _ => {}
        }
        if severity == Severity::Poor {
            sentence.push_str(&format!(
                "; the latency or jitter of what they sent that way was degraded for {degraded} minutes"
            ));
        }
        sentence.push('.');
        out.push(Finding {
            severity,
            kind: FindingKind::UdpBlocked,
            participant: participant.clone(),
            culprit: Some(participant.clone()),
            stream: streams.first().copied(),
            streams,
            start,
            end,
            evidence,
            sentence,
            next_step: format!(
                "Ask the network team to allow outbound UDP to Zoom's IP ranges on ports 8801–8810 (and 3478–3479) from {name}'s network (firewall, proxy or VPN); Zoom falls back to TCP or TLS on port 443 when UDP is blocked."
            ),
            cause_id: format!("udp_blocked:{}", participant.user_id),
            join_index: i,
            group: None,
        });
    }
    out
}

/// "video over TCP", "audio, video and screen share over SSL", "audio over SSL and video over TCP".
fn over_words(fallbacks: &[(&'static str, qoscope_model::join_facts::Transport)]) -> String {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for (medium, t) in fallbacks {
        match groups.iter_mut().find(|(label, _)| *label == t.label()) {
            Some((_, media)) => media.push(medium),
            None => groups.push((t.label(), vec![medium])),
        }
    }
    let and = |items: Vec<String>| match items.len() {
        0 | 1 => items.concat(),
        n => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
    };
    and(groups
        .into_iter()
        .map(|(label, media)| format!("{} over {label}", and(media.into_iter().map(str::to_owned).collect())))
        .collect())
}

/// The medium's word in [`qoscope_model::join_facts::Transports::fallbacks`] ("" for CPU, Wi-Fi).
fn media_word(m: Media) -> &'static str {
    match m {
        Media::Audio => "audio",
        Media::Video => "video",
        Media::ScreenShare => "screen share",
        Media::Cpu | Media::Wifi => "",
    }
}

/// The Zoom field that says how a medium connected.
fn zoom_field(medium: &str) -> &'static str {
    match medium {
        "video" => "Zoom's video_connection_type",
        "screen share" => "Zoom's as_connection_type",
        _ => "Zoom's connection_type",
    }
}

/// The join's minutes: its first sample to the end of its last; without samples, its join and
/// leave times.
fn span(join: &Join) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    match (join.samples.first(), join.samples.last()) {
        (Some(a), Some(b)) => Some((floor_minute(a.time), floor_minute(b.time) + Duration::minutes(1))),
        _ => {
            let start = floor_minute(join.join_time?);
            let end = join.leave_time.map_or(start + Duration::minutes(1), |t| ceil_minute(t).max(start));
            Some((start, end))
        }
    }
}

/// Latency over the streams that fell back.
struct Latency {
    median: f64,
    worst: f64,
    worst_at: DateTime<Utc>,
    worst_stream: Stream,
}

fn latency_of(join: &Join, streams: &[Stream]) -> Option<Latency> {
    let mut values: Vec<f64> = Vec::new();
    let mut worst: Option<(f64, DateTime<Utc>, Stream)> = None;
    for s in &join.samples {
        for &stream in streams {
            let Some(v) = s.get(qoscope_model::MetricKey { stream, metric: Metric::Latency }).map(|v| v.as_f64())
            else {
                continue;
            };
            values.push(v);
            if worst.is_none_or(|(w, _, _)| v > w) {
                worst = Some((v, s.time, stream));
            }
        }
    }
    let (worst, worst_at, worst_stream) = worst?;
    values.sort_by(f64::total_cmp);
    Some(Latency { median: values[values.len() / 2], worst, worst_at, worst_stream })
}

/// Minutes in which the latency or jitter of one of `streams` was degraded.
fn degraded_minutes(grades: &MeetingGrades, join: usize, streams: &[Stream]) -> usize {
    let Some(g) = grades.join(join) else { return 0 };
    (0..grades.minutes)
        .filter(|&m| {
            streams.iter().filter_map(|&s| g.stream(s)).any(|sg| {
                sg.minutes.get(m).is_some_and(|mg| {
                    mg.causes
                        .iter()
                        .any(|c| matches!(c.metric, Metric::Latency | Metric::Jitter) && c.grade.is_degraded())
                })
            })
        })
        .count()
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;
    use crate::{analyze, FindingKind, Severity, Thresholds};
    use qoscope_model::join_facts::{Transport, Transports};
    use qoscope_model::{Metric, Stream};

    fn video(m: i64, latency: f64) -> qoscope_model::Sample {
        sample(
            m,
            &[
                (Stream::AudioInput, Metric::Latency, 60.0),
                (Stream::VideoInput, Metric::Latency, latency),
                (Stream::VideoOutput, Metric::Latency, latency),
            ],
        )
    }

    #[test]
    fn a_video_over_tcp_is_a_warning_about_the_join_itself_naming_the_stream() {
        let mut tom = join("1", (0..10).map(|m| video(m, 180.0)).collect());
        tom.facts.transports =
            Transports { audio: Some(Transport::Udp), video: Some(Transport::Tcp), screen_share: None };
        let other = join("2", (0..10).map(|m| video(m, 60.0)).collect());
        let f = analyze(&meeting(vec![tom, other]), &Thresholds::default()).findings;
        assert_eq!(f.len(), 1, "{f:#?}");
        let u = &f[0];
        assert_eq!((u.kind, u.severity), (FindingKind::UdpBlocked, Severity::Warning));
        assert_eq!(u.culprit.as_ref().map(|c| c.user_id.as_str()), Some("1"), "never another participant");
        assert_eq!(u.streams, vec![Stream::VideoInput, Stream::VideoOutput]);
        assert_eq!((u.start, u.end), (at(0), at(10)));
        assert!(
            u.sentence.contains("video over TCP instead of UDP") && u.sentence.contains("median 180 ms"),
            "{}",
            u.sentence
        );
        assert!(u.next_step.contains("UDP") && u.next_step.contains("8801–8810"), "{}", u.next_step);
        assert_eq!(serde_json::to_value(u).unwrap()["kind"], "udp_blocked");
    }

    #[test]
    fn media_are_grouped_by_transport_in_the_sentence() {
        use super::over_words;
        assert_eq!(over_words(&[("video", Transport::Tcp)]), "video over TCP");
        assert_eq!(
            over_words(&[("audio", Transport::Ssl), ("video", Transport::Ssl), ("screen share", Transport::Ssl)]),
            "audio, video and screen share over SSL"
        );
        assert_eq!(
            over_words(&[("audio", Transport::Ssl), ("video", Transport::Tcp)]),
            "audio over SSL and video over TCP"
        );
    }

    #[test]
    fn degraded_latency_on_the_fallen_back_streams_makes_it_poor_udp_and_unknown_make_nothing() {
        let mut slow = join("1", (0..6).map(|m| video(m, if m < 3 { 450.0 } else { 200.0 })).collect());
        slow.facts.transports.video = Some(Transport::Ssl);
        let f = analyze(&meeting(vec![slow]), &Thresholds::default()).findings;
        let u = f.iter().find(|f| f.kind == FindingKind::UdpBlocked).expect("a udp_blocked finding");
        assert_eq!(u.severity, Severity::Poor);
        assert!(u.sentence.contains("degraded for 3 minutes"), "{}", u.sentence);

        let mut fine = join("1", (0..6).map(|m| video(m, 60.0)).collect());
        fine.facts.transports =
            Transports { audio: Some(Transport::Udp), video: Some(Transport::Udp), screen_share: None };
        let unknown = join("2", (0..6).map(|m| video(m, 60.0)).collect());
        assert!(analyze(&meeting(vec![fine, unknown]), &Thresholds::default()).findings.is_empty());
    }
}
