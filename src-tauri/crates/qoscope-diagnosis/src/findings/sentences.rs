//! The sentences of findings: per run of labelled minutes, the finding's evidence (the worst
//! numbers and when), its plain sentence for a ticket, the next step and the cause id — one
//! template per kind.

use super::*;

pub(super) struct Builder<'a> {
    pub(super) meeting: &'a Meeting,
    pub(super) grades: &'a MeetingGrades,
    pub(super) names: &'a Names,
    pub(super) run: &'a Run,
    pub(super) sent_worst: &'a SentWorst,
    pub(super) group_ids: &'a GroupSpans,
    pub(super) clock: &'a Clock,
}

impl Builder<'_> {
    fn time(&self, minute: usize) -> DateTime<Utc> {
        self.grades.minute_time(minute).unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// The worst cause per (stream, metric) of `join` over `streams` in minutes `first..=last`,
    /// worst grade first, with the minute it happened.
    fn worst(&self, join: usize, streams: &[Stream], first: usize, last: usize) -> Vec<(Cause, usize)> {
        let Some(jg) = self.grades.join(join) else { return Vec::new() };
        let mut worst: Vec<(Cause, usize)> = Vec::new();
        for sg in jg.streams.iter().filter(|s| streams.contains(&s.stream)) {
            for m in first..=last.min(sg.minutes.len().saturating_sub(1)) {
                for c in &sg.minutes[m].causes {
                    match worst.iter_mut().find(|(w, _)| w.stream == c.stream && w.metric == c.metric) {
                        Some((w, at)) if c.grade > w.grade || (c.grade == w.grade && c.is_worse_than(w)) => {
                            *w = *c;
                            *at = m;
                        }
                        Some(_) => {}
                        None => worst.push((*c, m)),
                    }
                }
            }
        }
        worst.sort_by(|(a, _), (b, _)| {
            b.grade.cmp(&a.grade).then(metric_rank(a.metric).cmp(&metric_rank(b.metric))).then(a.stream.cmp(&b.stream))
        });
        worst
    }

    fn evidence(&self, join: usize, (c, minute): (Cause, usize)) -> Evidence {
        let level = if c.grade == Grade::Poor { "poor" } else { "warning" };
        let side = if c.worse == crate::thresholds::Worse::Above { "above" } else { "below" };
        let what = format!("{} {}", stream_words(c.stream), c.metric.label().to_lowercase());
        let at = self.time(minute);
        Evidence {
            participant: self.names.refs[join].clone(),
            stream: Some(c.stream),
            metric: Some(c.metric),
            value: Some(c.value),
            unit: Some(unit_of(c.metric).to_owned()),
            limit: Some(c.limit),
            at: Some(at),
            text: format!(
                "{}: {what} {} at {} ({level} {side} {})",
                self.names.shown[join],
                value_text(c.metric, c.value),
                self.clock.at(at),
                value_text(c.metric, c.limit)
            ),
        }
    }

    /// "packet loss (avg) up to 13.9 % and jitter up to 61 ms".
    fn numbers_phrase(worst: &[(Cause, usize)], max: usize) -> String {
        let mut seen: Vec<Metric> = Vec::new();
        let mut parts: Vec<String> = Vec::new();
        for (c, _) in worst {
            if seen.contains(&c.metric) || parts.len() == max {
                continue;
            }
            seen.push(c.metric);
            let bound = if c.worse == crate::thresholds::Worse::Above { "up to" } else { "down to" };
            parts.push(format!("{} {bound} {}", c.metric.label().to_lowercase(), value_text(c.metric, c.value)));
        }
        parts.join(" and ")
    }

    pub(super) fn build(&self, own_causes: &OwnCauses, meeting_wide_ids: &[(usize, usize)]) -> Option<Finding> {
        let run = self.run;
        let j = run.join;
        let name = &self.names.shown[j];
        let streams: Vec<Stream> = {
            let mut s: Vec<Stream> = run.cells.iter().map(|(s, _)| *s).collect();
            s.dedup();
            s.sort_by_key(|s| stream_rank(*s));
            s
        };
        let start = self.time(run.first);
        let end = self.time(run.last + 1);
        let span = format!("From {}", self.clock.span("to", start, end));
        let own = self.worst(j, &streams, run.first, run.last);
        let severity = if own.iter().any(|(c, _)| c.grade == Grade::Poor) { Severity::Poor } else { Severity::Warning };
        // The wording follows the severity: a warning finding never says "poor".
        let bad = if severity == Severity::Poor { "poor" } else { "degraded" };
        let main_stream = own.first().map(|(c, _)| c.stream).or(streams.first().copied());
        let mut evidence: Vec<Evidence> = own.iter().take(3).map(|w| self.evidence(j, *w)).collect();
        let numbers = Self::numbers_phrase(&own, 2);
        let media = media_list(&streams);
        let participant = self.names.refs[j].clone();
        let culprit = run.culprit_join.map(|c| self.names.refs[c].clone());
        let self_caused = run.culprit_join == Some(j);
        let (sentence, next_step, cause_id) = match run.kind {
            FindingKind::SenderUplink if self_caused => {
                let (affected, receiving) = self.degraded_receivers(run.first, run.last, Some(j));
                evidence.push(Evidence {
                    participant: participant.clone(),
                    stream: None,
                    metric: None,
                    value: Some(affected as f64),
                    unit: Some("participants".to_owned()),
                    limit: None,
                    at: Some(start),
                    text: format!(
                        "{affected} of the {receiving} other participants received degraded streams between {}",
                        self.clock.span("and", start, end)
                    ),
                });
                (
                    format!(
                        "{span}, {name}'s uplink was {bad}: the {media} they sent had {numbers}; {affected} of the {receiving} other participants received degraded streams at the same time."
                    ),
                    format!(
                        "Check {name}'s upstream connection: upload bandwidth, other uploads on the line, VPN, ISP; a wired connection usually helps."
                    ),
                    format!("sender_uplink:{}:{}", participant.user_id, start.format("%Y-%m-%dT%H:%MZ")),
                )
            }
            FindingKind::SenderUplink => {
                let c = run.culprit_join.unwrap_or(j);
                let culprit_name = &self.names.shown[c];
                let theirs = self
                    .sent_worst
                    .borrow_mut()
                    .entry((c, run.first, run.last))
                    .or_insert_with(|| {
                        let sent: Vec<Stream> =
                            streams_of(self.grades, c).into_iter().filter(|s| s.direction() == Direction::Sent).collect();
                        self.worst(c, &sent, run.first, run.last)
                    })
                    .clone();
                evidence.extend(theirs.iter().take(2).map(|w| self.evidence(c, *w)));
                let their_numbers = Self::numbers_phrase(&theirs, 1);
                let cause = own_causes
                    .get(&c)
                    .and_then(|own| own.iter().find(|(a, b, _)| *a < end && start < *b))
                    .map(|(_, _, id)| id.clone())
                    .unwrap_or_else(|| {
                        format!("sender_uplink:{}:{}", self.names.refs[c].user_id, start.format("%Y-%m-%dT%H:%MZ"))
                    });
                let theirs_bad = if theirs.iter().any(|(c, _)| c.grade == Grade::Poor) { "poor" } else { "degraded" };
                let because = if their_numbers.is_empty() {
                    format!("{culprit_name}'s uplink was {theirs_bad} at the same time")
                } else {
                    format!("{culprit_name}'s uplink was {theirs_bad} at the same time (what they sent had {their_numbers})")
                };
                (
                    format!("{span}, {name} received {bad} {media} ({numbers}) because {because}; {name}'s own connection was not the cause."),
                    format!("Nothing to fix on {name}'s side; check {culprit_name}'s upstream connection (see the finding about {culprit_name})."),
                    cause,
                )
            }
            FindingKind::ReceiverDownlink => (
                format!(
                    "{span}, {name} received {bad} {media} ({numbers}), far worse than the other participants receiving the same senders: {name}'s downlink was the problem."
                ),
                format!(
                    "Check {name}'s downstream connection: bandwidth, other downloads or streaming on the line, VPN, Wi-Fi."
                ),
                format!("receiver_downlink:{}:{}", participant.user_id, start.format("%Y-%m-%dT%H:%MZ")),
            ),
            FindingKind::MeetingWide => {
                let (affected, receiving) = self.degraded_receivers(run.first, run.last, None);
                evidence.push(Evidence {
                    participant: participant.clone(),
                    stream: None,
                    metric: None,
                    value: Some(affected as f64),
                    unit: Some("participants".to_owned()),
                    limit: Some(receiving as f64 / 2.0),
                    at: Some(start),
                    text: format!(
                        "{affected} of {receiving} participants received degraded streams between {}",
                        self.clock.span("and", start, end)
                    ),
                });
                let data_center = self.meeting.joins[j]
                    .data_center
                    .as_deref()
                    .map(|d| format!(" ({})", plain_text(d, 60)))
                    .unwrap_or_default();
                let span_id = meeting_wide_ids
                    .iter()
                    .find(|(a, b)| *a <= run.last && run.first <= *b)
                    .map_or(run.first, |(a, _)| *a);
                let suffered = match (
                    streams.iter().any(|s| s.direction() == Direction::Sent),
                    streams.iter().any(|s| s.direction() == Direction::Received),
                ) {
                    (true, true) => format!("both what {name} sent and received suffered"),
                    (true, false) => format!("what {name} sent suffered"),
                    _ => format!("{name} received {bad} {media}"),
                };
                (
                    format!(
                        "{span}, {suffered} ({numbers}), like {affected} of {receiving} participants at the same minutes: a meeting-wide problem on the common path (data centre, Zoom), not {name}'s connection or any one sender."
                    ),
                    format!(
                        "Check Zoom's status page for that time and the data center{data_center}; if participants share a site or VPN, check its internet link."
                    ),
                    format!("meeting_wide:{}", self.time(span_id).format("%Y-%m-%dT%H:%MZ")),
                )
            }
            FindingKind::DeviceCpu => {
                let all: Vec<Stream> = streams_of(self.grades, j);
                let worst_all = self.worst(j, &all, run.first, run.last);
                let cpu = worst_all.iter().find(|(c, _)| c.metric == Metric::SystemMaxCpuUsage);
                let zoom = self.peak(j, Stream::CpuUsage, Metric::ZoomAvgCpuUsage, run.first, run.last);
                let fps = worst_all.iter().find(|(c, _)| c.metric == Metric::FrameRate && c.stream.direction() == Direction::Sent);
                for w in [cpu, fps].into_iter().flatten() {
                    if !evidence.iter().any(|e| e.stream == Some(w.0.stream) && e.metric == Some(w.0.metric)) {
                        evidence.push(self.evidence(j, *w));
                    }
                }
                let mut s = format!("{span}, {name}'s computer was overloaded");
                if let Some((c, _)) = cpu {
                    s.push_str(&format!(": system CPU up to {}", value_text(Metric::SystemMaxCpuUsage, c.value)));
                    if let Some(z) = zoom {
                        s.push_str(&format!(" (Zoom itself about {})", value_text(Metric::ZoomAvgCpuUsage, z)));
                    }
                }
                if let Some((c, _)) = fps {
                    s.push_str(&format!(", and the video they sent dropped to {}", value_text(Metric::FrameRate, c.value)));
                }
                if let Some((pressure, backs)) = cpu_pressure_words(&self.meeting.joins[j]) {
                    if backs {
                        s.push_str(&format!("; {pressure}"));
                    }
                    evidence.push(Evidence {
                        participant: participant.clone(),
                        stream: Some(Stream::CpuUsage),
                        metric: None,
                        value: None,
                        unit: None,
                        limit: None,
                        at: None,
                        text: format!("{name}: {pressure}"),
                    });
                }
                s.push('.');
                (
                    s,
                    format!(
                        "Close other heavy applications on {name}'s device, turn off HD video and virtual backgrounds, or check the device (updates, overheating)."
                    ),
                    format!("device_cpu:{}:{}", participant.user_id, start.format("%Y-%m-%dT%H:%MZ")),
                )
            }
            FindingKind::Wifi => {
                let all: Vec<Stream> = streams_of(self.grades, j);
                let worst_all = self.worst(j, &all, run.first, run.last);
                let rssi = worst_all.iter().find(|(c, _)| c.stream == Stream::WifiRssi);
                let sent: Vec<(Cause, usize)> =
                    worst_all.iter().filter(|(c, _)| c.stream.direction() == Direction::Sent).copied().collect();
                for w in rssi.into_iter().chain(sent.first()) {
                    if !evidence.iter().any(|e| e.stream == Some(w.0.stream) && e.metric == Some(w.0.metric)) {
                        evidence.push(self.evidence(j, *w));
                    }
                }
                let mut s = format!("{span}, {name}'s Wi-Fi signal was weak");
                if let Some((c, _)) = rssi {
                    s.push_str(&format!(" (down to {})", value_text(c.metric, c.value)));
                }
                let sent_numbers = Self::numbers_phrase(&sent, 2);
                if !sent_numbers.is_empty() {
                    let sent_streams: Vec<Stream> = sent.iter().map(|(c, _)| c.stream).collect();
                    s.push_str(&format!(" and the {} they sent suffered ({sent_numbers})", media_list(&sent_streams)));
                }
                s.push('.');
                (
                    s,
                    format!(
                        "Move {name} closer to the access point or onto a cable; check for Wi-Fi interference or a crowded channel."
                    ),
                    format!("wifi:{}:{}", participant.user_id, start.format("%Y-%m-%dT%H:%MZ")),
                )
            }
            FindingKind::SharedNetwork => {
                let (sentence, next_step, cause_id) = self.shared_network_words(&span, &numbers, &media, bad);
                (sentence, next_step, cause_id)
            }
            // Disconnects and UDP fallbacks come from the joins, never from minute labels.
            FindingKind::Disconnect | FindingKind::UdpBlocked => return None,
        };
        Some(Finding {
            severity,
            kind: run.kind,
            participant,
            culprit,
            stream: main_stream,
            streams,
            start,
            end,
            evidence,
            sentence,
            next_step,
            cause_id,
            join_index: j,
            group: self.group_ref(),
        })
    }

    /// The members of this run's group, when it is a shared-network run.
    fn group_ref(&self) -> Option<GroupRef> {
        let (attribute, value) = self.run.group.as_ref()?;
        let members = self
            .meeting
            .joins
            .iter()
            .enumerate()
            .filter(|(_, j)| crate::groups::shared_value(attribute, j) == Some(value.as_str()))
            .map(|(i, _)| self.names.refs[i].clone())
            .collect();
        Some(GroupRef { attribute: attribute.clone(), value: value.clone(), members })
    }

    /// Sentence, next step and cause id of a shared-network finding.
    fn shared_network_words(&self, span: &str, numbers: &str, media: &str, bad: &str) -> (String, String, String) {
        let (attribute, value) = self.run.group.clone().unwrap_or_default();
        let shown = plain_text(&value, 60);
        let what = match attribute.as_str() {
            "ip_address" => format!("the public IP address {shown}"),
            "location" => format!("the location {shown}"),
            _ => format!("the data centre {shown}"),
        };
        let group = self.group_ref().map_or(0, |g| g.members.len());
        let j = self.run.join;
        let name = &self.names.shown[j];
        let member = self.group_ref().is_some_and(|g| g.members.contains(&self.names.refs[j]));
        let sentence = if member {
            format!(
                "{span}, {name} was one of {group} participants sharing {what} whose connections suffered together ({numbers}): their shared network (the site's internet link, VPN or data centre) is the likely cause, not {name}'s own device."
            )
        } else {
            format!(
                "{span}, {name} received {bad} {media} ({numbers}) from the {group} participants sharing {what}, whose connections suffered together; {name}'s own connection was not the cause."
            )
        };
        let next_step = format!(
            "Check what the participants sharing {what} have in common: the site's internet link, firewall or VPN concentrator; for a data centre, Zoom's status page."
        );
        let first = self
            .group_ids
            .get(&(attribute.clone(), value.clone()))
            .and_then(|spans| spans.iter().find(|(a, b)| *a <= self.run.last && self.run.first <= *b))
            .map_or(self.run.first, |(a, _)| *a);
        let cause_id = format!(
            "shared_network:{attribute}:{}:{}",
            plain_text(&value, 60),
            self.time(first).format("%Y-%m-%dT%H:%MZ")
        );
        (sentence, next_step, cause_id)
    }

    /// The highest value of one metric of one join in minutes `first..=last`.
    fn peak(&self, join: usize, stream: Stream, metric: Metric, first: usize, last: usize) -> Option<f64> {
        let key = qoscope_model::MetricKey { stream, metric };
        let (from, to) = (self.time(first), self.time(last + 1));
        self.meeting
            .joins
            .get(join)?
            .samples
            .iter()
            .filter(|s| s.time >= from && s.time < to)
            .filter_map(|s| s.get(key).map(|v| v.as_f64()))
            .reduce(f64::max)
    }

    /// How many joins (other than `except`) received degraded streams in minutes
    /// `first..=last`, of how many received anything.
    fn degraded_receivers(&self, first: usize, last: usize, except: Option<usize>) -> (usize, usize) {
        let mut affected = 0;
        let mut receiving = 0;
        for j in self.grades.joins.iter().filter(|j| Some(j.join_index) != except) {
            let received: Vec<_> = j.streams.iter().filter(|s| s.stream.direction() == Direction::Received).collect();
            let minutes = || received.iter().flat_map(|s| s.minutes.get(first..=last).unwrap_or(&[]));
            if minutes().any(|g| g.grade != Grade::NoData) {
                receiving += 1;
            }
            if minutes().any(|g| g.symptom_grade().is_degraded()) {
                affected += 1;
            }
        }
        (affected, receiving)
    }
}

/// Zoom's CPU pressure level of the join (`cpu_pressure_level`, 2025-11) in words, and whether it
/// backs a CPU finding: a high level (serious, critical) goes into the sentence; a value QoScope
/// cannot read (a number or an unknown word: Zoom's scale is undocumented) only into the evidence;
/// a low level, which would not back the finding, nowhere.
fn cpu_pressure_words(join: &qoscope_model::Join) -> Option<(String, bool)> {
    let p = join.facts.cpu_pressure.as_ref()?;
    let shown = plain_text(&p.reported, 40);
    match p.level {
        Some(level) if level.is_high() => {
            Some((format!("Zoom rated the device's CPU pressure \"{shown}\" for this join"), true))
        }
        Some(_) => None,
        None => Some((
            format!("Zoom reported CPU pressure level \"{shown}\" for this join (Zoom's scale is undocumented)"),
            false,
        )),
    }
}

#[cfg(test)]
mod tests {
    use crate::testutil::*;
    use crate::{analyze, FindingKind, Thresholds};
    use qoscope_model::join_facts::{CpuPressure, PressureLevel};
    use qoscope_model::{Metric, Stream};

    fn busy(pressure: Option<(&str, Option<PressureLevel>)>) -> crate::Finding {
        let cpu = |m: i64, system: f64| sample(m, &[(Stream::CpuUsage, Metric::SystemMaxCpuUsage, system)]);
        let mut j = join("1", vec![cpu(0, 40.0), cpu(1, 95.0), cpu(2, 97.0), cpu(3, 40.0)]);
        j.facts.cpu_pressure = pressure.map(|(r, level)| CpuPressure { reported: r.into(), level });
        let f = analyze(&meeting(vec![j]), &Thresholds::default()).findings;
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].kind, FindingKind::DeviceCpu);
        f[0].clone()
    }

    #[test]
    fn a_high_cpu_pressure_level_backs_the_cpu_finding_an_unreadable_one_is_only_evidence() {
        let high = busy(Some(("critical", Some(PressureLevel::Critical))));
        assert!(
            high.sentence.contains("Zoom rated the device's CPU pressure \"critical\" for this join"),
            "{}",
            high.sentence
        );
        let number = busy(Some(("3", None)));
        assert!(!number.sentence.contains("pressure"), "{}", number.sentence);
        assert!(number.evidence.iter().any(|e| e.text.contains("level \"3\"") && e.text.contains("undocumented")));
        let low = busy(Some(("nominal", Some(PressureLevel::Nominal))));
        assert!(!low.sentence.contains("pressure") && !low.evidence.iter().any(|e| e.text.contains("pressure")));
        assert!(!busy(None).sentence.contains("pressure"));
    }
}
