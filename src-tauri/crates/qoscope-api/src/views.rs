//! Builds the UI's DTOs from a snapshot and its derived meeting.

use crate::dto::{DataSource, MeetingOverview, MetricSeries, ParticipantFacts, ParticipantRow, ParticipantTimeline};
use crate::error::{ApiError, ErrorCode};
use crate::quality::{limits, EpisodeMark};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use qoscope_diagnosis::Thresholds;
use qoscope_model::metric::{Direction, Media};
use qoscope_model::{Join, Meeting, Metric, MetricKey, MetricValue};
use qoscope_snapshot::{SnapshotInfo, SourceKind};
use std::collections::BTreeSet;

fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The name to show for a join, by the one display-name rule (`qoscope_model::names`): Zoom's
/// name or a note that it was hidden, "Marcus Silva (1/2)" when the person joined more than once.
pub fn display_name(meeting: &Meeting, join: &Join) -> String {
    meeting.display_name(join)
}

fn media_key(m: Media) -> &'static str {
    match m {
        Media::Audio => "audio",
        Media::Video => "video",
        Media::ScreenShare => "screen_share",
        Media::Cpu => "cpu",
        Media::Wifi => "wifi",
    }
}

/// The media a join has values of, by key in alphabetical order ("audio", "cpu", "video"…).
/// A flag per medium, not a set of strings: a 300-person meeting has a million values.
fn media_of(join: &Join) -> Vec<String> {
    const ALL: [Media; 5] = [Media::Audio, Media::Video, Media::ScreenShare, Media::Cpu, Media::Wifi];
    let slot = |m: Media| match m {
        Media::Audio => 0,
        Media::Video => 1,
        Media::ScreenShare => 2,
        Media::Cpu => 3,
        Media::Wifi => 4,
    };
    let mut seen = [false; ALL.len()];
    for reading in join.samples.iter().flat_map(|s| s.values.iter()) {
        seen[slot(reading.key().stream.media())] = true;
    }
    let mut keys: Vec<&str> = ALL.iter().filter(|m| seen[slot(**m)]).map(|m| media_key(*m)).collect();
    keys.sort_unstable();
    keys.into_iter().map(str::to_owned).collect()
}

fn direction_key(d: Direction) -> &'static str {
    match d {
        Direction::Sent => "sent",
        Direction::Received => "received",
        Direction::Device => "device",
    }
}

/// The meeting header and one row per join.
pub fn overview(snapshot: &SnapshotInfo, meeting: &Meeting) -> MeetingOverview {
    let info = &meeting.info;
    let range = meeting.time_range();
    let start = info.start_time.or(range.map(|r| r.0));
    let end = info.end_time.or(range.map(|r| r.1 + Duration::minutes(1)));
    let mut person_of = vec![(0u32, 0u32, 0u32); meeting.joins.len()];
    for (p, person) in meeting.persons.iter().enumerate() {
        for (n, &j) in person.joins.iter().enumerate() {
            person_of[j] = (p as u32, n as u32 + 1, person.joins.len() as u32);
        }
    }
    let participants = meeting
        .joins
        .iter()
        .zip(person_of)
        .map(|(j, (person, join_number, join_count))| {
            let media = media_of(j);
            ParticipantRow {
                user_id: j.user_id.clone(),
                user_name: j.user_name.clone(),
                display_name: display_name(meeting, j),
                person,
                join_number,
                join_count,
                device: j.device.clone(),
                client_version: j.version.clone(),
                network_type: j.network_type.clone(),
                location: j.location.clone(),
                data_center: j.data_center.clone(),
                join_time: j.join_time.map(iso),
                leave_time: j.leave_time.map(iso),
                leave_reason: j.leave_reason.clone(),
                sample_count: j.samples.len() as u32,
                media,
            }
        })
        .collect();
    MeetingOverview {
        title: info
            .topic
            .clone()
            .or_else(|| info.meeting_number.as_ref().map(|n| format!("Meeting {n}")))
            .unwrap_or_else(|| format!("Meeting {}", snapshot.request.meeting)),
        topic: info.topic.clone(),
        meeting_number: info.meeting_number.clone(),
        uuid: info.uuid.clone(),
        host: info.host.clone(),
        start_time: start.map(iso),
        end_time: end.map(iso),
        duration_minutes: start.zip(end).map(|(s, e)| (e - s).num_minutes().max(0) as u32),
        source: match snapshot.source.kind {
            SourceKind::Demo => DataSource::Demo,
            SourceKind::Simulator => DataSource::Simulator,
            SourceKind::Zoom => DataSource::Zoom,
        },
        profile: snapshot.source.profile.clone(),
        fetched_at: iso(snapshot.created_at),
        person_count: meeting.persons.len() as u32,
        participants,
        data_issues: meeting
            .issues
            .iter()
            .map(|i| match (&i.user_id, &i.at) {
                (Some(u), Some(at)) => format!("participant {u} at {at}: {}", i.message),
                (Some(u), None) => format!("participant {u}: {}", i.message),
                _ => i.message.clone(),
            })
            .collect(),
        focus: crate::person::focus_view(meeting, snapshot.focus.as_deref()),
    }
}

/// Every metric of one join, aligned to the meeting's minutes (gaps are `null`).
/// `episodes` are the meeting's episodes (those of this join are kept); `thresholds` give each
/// series its limits.
pub fn timeline(
    meeting: &Meeting,
    thresholds: &Thresholds,
    episodes: &[EpisodeMark],
    user_id: &str,
) -> Result<ParticipantTimeline, ApiError> {
    let join = meeting.join(user_id).ok_or_else(|| {
        ApiError::new(ErrorCode::NotFound, format!("no participant with user_id {user_id:?} in this meeting"))
    })?;
    let Some((first, last)) = meeting.time_range() else {
        return Ok(ParticipantTimeline {
            user_id: join.user_id.clone(),
            display_name: display_name(meeting, join),
            times: vec![],
            series: vec![],
            episodes: vec![],
            facts: facts(join),
        });
    };
    let minute = |t: DateTime<Utc>| (t - first).num_minutes();
    let len = (minute(last) + 1) as usize;
    let times: Vec<f64> = (0..len).map(|i| (first + Duration::minutes(i as i64)).timestamp() as f64).collect();
    let keys: BTreeSet<MetricKey> = join.samples.iter().flat_map(|s| s.values.iter().map(|r| r.key())).collect();
    let mut series = Vec::with_capacity(keys.len());
    for key in keys {
        let mut values = vec![None; len];
        let mut texts = (key.metric == Metric::Resolution).then(|| vec![None; len]);
        for s in &join.samples {
            let i = minute(s.time);
            if !(0..len as i64).contains(&i) {
                continue;
            }
            if let Some(v) = s.get(key) {
                values[i as usize] = Some(v.as_f64());
                if let (Some(texts), MetricValue::Resolution { width, height }) = (texts.as_mut(), v) {
                    texts[i as usize] = Some(format!("{width}×{height}"));
                }
            }
        }
        series.push(MetricSeries {
            stream: key.stream.key().to_owned(),
            metric: key.metric.key().to_owned(),
            stream_label: key.stream.label(),
            metric_label: key.metric.label().to_owned(),
            direction: direction_key(key.stream.direction()).to_owned(),
            media: media_key(key.stream.media()).to_owned(),
            unit: key.metric.unit().symbol().to_owned(),
            values,
            value_texts: texts,
            limits: limits(thresholds, key.stream, key.metric),
        });
    }
    Ok(ParticipantTimeline {
        user_id: join.user_id.clone(),
        display_name: display_name(meeting, join),
        times,
        series,
        episodes: episodes.iter().filter(|e| e.user_id == join.user_id).cloned().collect(),
        facts: facts(join),
    })
}

fn facts(join: &Join) -> ParticipantFacts {
    ParticipantFacts {
        os: join.os.clone(),
        client: join.client.clone(),
        ip_address: join.ip_address.clone(),
        internal_ip_addresses: join.internal_ip_addresses.clone(),
        connection_type: join.connection_type.clone(),
        microphone: join.microphone.clone(),
        speaker: join.speaker.clone(),
        camera: join.camera.clone(),
        connections: join.facts.transports.words(),
        udp_blocked: !join.facts.transports.fallbacks().is_empty(),
        socket_breaks: join.facts.socket_breaks.summary(),
        cpu_pressure: join.facts.cpu_pressure.as_ref().map(|p| p.words()),
        webinar_health: join.facts.webinar_words(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_overview_lists_every_join_with_people_grouped() {
        let snapshot = qoscope_sim::demo_snapshot().unwrap();
        let meeting = snapshot.meeting().unwrap();
        let o = overview(&snapshot.info(), &meeting);
        assert_eq!(o.title, "Weekly IT service review");
        assert_eq!(o.participants.len(), 9);
        assert_eq!(o.person_count, 8);
        assert_eq!(o.duration_minutes, Some(60));
        assert_eq!(o.source, DataSource::Demo);
        let marcus: Vec<_> = o.participants.iter().filter(|p| p.user_name == "Marcus Silva").collect();
        assert_eq!(marcus.len(), 2);
        assert_eq!((marcus[0].join_number, marcus[1].join_number, marcus[1].join_count), (1, 2, 2));
        let phone = o.participants.iter().find(|p| p.device.as_deref() == Some("Phone")).unwrap();
        assert_eq!(phone.media, vec!["audio"]);
    }

    #[test]
    fn timeline_has_gaps_not_zeros_where_a_join_has_no_data() {
        let snapshot = qoscope_sim::demo_snapshot().unwrap();
        let meeting = snapshot.meeting().unwrap();
        let marcus_first = meeting.joins.iter().find(|j| j.user_name == "Marcus Silva").unwrap();
        let t = timeline(&meeting, &Thresholds::default(), &[], &marcus_first.user_id).unwrap();
        assert_eq!(t.times.len(), 60);
        let bitrate = t.series.iter().find(|s| s.stream == "audio_input" && s.metric == "bitrate").unwrap();
        assert!(bitrate.values[..31].iter().all(Option::is_some));
        assert!(bitrate.values[31..].iter().all(Option::is_none), "after leaving: gaps, never zero");
        assert_eq!(t.facts.socket_breaks.as_deref(), Some("3 audio, 1 video and 1 signalling socket breaks"));
        assert!(!t.facts.udp_blocked);
        let tom = meeting.joins.iter().find(|j| j.user_name == "Tom Becker").unwrap();
        let facts = timeline(&meeting, &Thresholds::default(), &[], &tom.user_id).unwrap().facts;
        assert!(facts.udp_blocked);
        assert!(
            facts
                .connections
                .as_deref()
                .unwrap()
                .starts_with("UDP blocked? video fell back to TCP; audio, screen share over UDP"),
            "{:?}",
            facts.connections
        );
        assert_eq!(facts.cpu_pressure.as_deref(), Some("nominal"));
        let res = t.series.iter().find(|s| s.stream == "video_input" && s.metric == "resolution").unwrap();
        assert_eq!(res.unit, "px");
        assert!(res.value_texts.as_ref().unwrap()[0].as_deref().unwrap().contains('×'));
    }

    #[test]
    fn unknown_participant_is_not_found() {
        let snapshot = qoscope_sim::demo_snapshot().unwrap();
        let meeting = snapshot.meeting().unwrap();
        assert_eq!(timeline(&meeting, &Thresholds::default(), &[], "nope").unwrap_err().code, ErrorCode::NotFound);
    }
}
