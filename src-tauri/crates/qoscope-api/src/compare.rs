//! Compare: one metric of every join that has it, on the meeting's minute grid. Streams are
//! people-level: the client's, the web client's (`*_rwg`) and room systems' (`*_crc`) keys of
//! the same stream are one "Audio received", so no join is left out for how it joined.

use crate::error::{ApiError, ErrorCode};
use crate::quality::{limits, SeriesLimits};
use crate::views::display_name;
use chrono::{DateTime, Duration, Utc};
use qoscope_diagnosis::Thresholds;
use qoscope_model::{Meeting, Metric, MetricKey, Stream};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use ts_rs::TS;

/// A (people-level stream, metric) pair that has data in this meeting.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MetricChoice {
    /// The people-level stream, named by its client key, e.g. `audio_input` (web and room joins'
    /// `audio_device_from_rwg` / `_crc` values are included).
    pub stream: String,
    /// Zoom's metric key, e.g. `bitrate`.
    pub metric: String,
    /// "Audio sent · Bitrate (kbps)".
    pub label: String,
    /// "Audio sent".
    pub stream_label: String,
    /// "Bitrate (kbps)".
    pub metric_label: String,
    /// The Zoom keys this meeting has data under, as a detail: `audio_input, audio_device_from_rwg`.
    pub api_streams: Vec<String>,
    /// How many joins have at least one value.
    pub joins: u32,
}

/// One metric for everyone who has it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MetricAcross {
    pub stream: String,
    pub metric: String,
    pub stream_label: String,
    pub metric_label: String,
    pub unit: String,
    /// Minute timestamps, Unix seconds (UTC), shared by every row.
    pub times: Vec<f64>,
    /// Joins with at least one value, in the meeting's join order.
    pub rows: Vec<AcrossRow>,
    /// Per minute, the median over the joins that have a value (`null` where none has).
    pub median: Vec<Option<f64>>,
    pub limits: Option<SeriesLimits>,
}

/// One join's values; `null` where it has none (never zero).
#[derive(Debug, Clone, Serialize, TS)]
pub struct AcrossRow {
    pub user_id: String,
    pub display_name: String,
    /// The Zoom key its values came from (`audio_device_to_rwg` for a web client), as a detail.
    pub api_stream: String,
    pub values: Vec<Option<f64>>,
}

/// The meeting's minute grid: first minute and number of minutes.
pub(crate) fn grid(meeting: &Meeting) -> Option<(DateTime<Utc>, usize)> {
    let (first, last) = meeting.time_range()?;
    Some((first, ((last - first).num_minutes() + 1).max(0) as usize))
}

/// Every (people-level stream, metric) with data, in stream then metric order.
pub fn metric_choices(meeting: &Meeting) -> Vec<MetricChoice> {
    let mut counts: BTreeMap<MetricKey, (u32, BTreeSet<Stream>)> = BTreeMap::new();
    for join in &meeting.joins {
        let mut keys: Vec<MetricKey> = join.samples.iter().flat_map(|s| s.values.iter().map(|r| r.key())).collect();
        keys.sort();
        keys.dedup();
        let mut people: Vec<MetricKey> = Vec::new();
        for k in keys {
            let base = MetricKey { stream: k.stream.people_stream(), metric: k.metric };
            counts.entry(base).or_default().1.insert(k.stream);
            if !people.contains(&base) {
                people.push(base);
            }
        }
        for k in people {
            counts.entry(k).or_default().0 += 1;
        }
    }
    counts
        .into_iter()
        .map(|(k, (joins, streams))| {
            let metric_label = format!("{} ({})", k.metric.label(), k.metric.unit().symbol());
            MetricChoice {
                stream: k.stream.key().to_owned(),
                metric: k.metric.key().to_owned(),
                label: format!("{} · {metric_label}", k.stream.people_label()),
                stream_label: k.stream.people_label().to_owned(),
                metric_label,
                api_streams: streams.into_iter().map(|s| s.key().to_owned()).collect(),
                joins,
            }
        })
        .collect()
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 })
}

/// One metric of every join that has it.
pub fn metric_across(
    meeting: &Meeting,
    thresholds: &Thresholds,
    stream: &str,
    metric: &str,
) -> Result<MetricAcross, ApiError> {
    let s = Stream::from_key(stream)
        .ok_or_else(|| ApiError::new(ErrorCode::InvalidInput, format!("{stream:?} is not a Zoom stream name")))?;
    let m = Metric::from_key(metric)
        .ok_or_else(|| ApiError::new(ErrorCode::InvalidInput, format!("{metric:?} is not a Zoom metric name")))?;
    // The people-level stream: every family's key of it, the client's first.
    let s = s.people_stream();
    let family = s.family();
    let (first, len) = grid(meeting).unwrap_or((DateTime::UNIX_EPOCH, 0));
    let times = (0..len).map(|i| (first + Duration::minutes(i as i64)).timestamp() as f64).collect();
    let mut rows = Vec::new();
    for join in &meeting.joins {
        let mut values = vec![None; len];
        let mut source: Option<Stream> = None;
        for sample in &join.samples {
            let i = (sample.time - first).num_minutes();
            if !(0..len as i64).contains(&i) {
                continue;
            }
            // A join sends through one family; should a sample hold several, the client's wins.
            if let Some((stream, v)) =
                family.iter().find_map(|&f| sample.get(MetricKey { stream: f, metric: m }).map(|v| (f, v)))
            {
                values[i as usize] = Some(v.as_f64());
                source.get_or_insert(stream);
            }
        }
        if let Some(stream) = source {
            rows.push(AcrossRow {
                user_id: join.user_id.clone(),
                display_name: display_name(meeting, join),
                api_stream: stream.key().to_owned(),
                values,
            });
        }
    }
    let median = (0..len)
        .map(|i| median(&mut rows.iter().filter_map(|r: &AcrossRow| r.values[i]).collect::<Vec<f64>>()))
        .collect();
    Ok(MetricAcross {
        stream: s.key().to_owned(),
        metric: m.key().to_owned(),
        stream_label: s.people_label().to_owned(),
        metric_label: m.label().to_owned(),
        unit: m.unit().symbol().to_owned(),
        times,
        rows,
        median,
        limits: limits(thresholds, s, m),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Meeting {
        qoscope_sim::demo_snapshot().unwrap().meeting().unwrap()
    }

    #[test]
    fn choices_count_the_joins_that_have_each_metric() {
        let choices = metric_choices(&demo());
        let audio = choices.iter().find(|c| c.stream == "audio_input" && c.metric == "bitrate").unwrap();
        assert!(audio.joins >= 7, "{audio:?}");
        assert!(audio.label.contains("kbps"));
        let video = choices.iter().find(|c| c.stream == "video_input" && c.metric == "bitrate").unwrap();
        assert!(video.joins < audio.joins, "the phone caller sends no video");
    }

    #[test]
    fn across_lists_only_joins_with_data_with_gaps_and_a_median() {
        let meeting = demo();
        let a = metric_across(&meeting, &Thresholds::default(), "audio_input", "avg_loss").unwrap();
        assert_eq!(a.times.len(), 60);
        assert!(a.rows.iter().all(|r| r.values.len() == 60 && r.values.iter().any(Option::is_some)));
        let marcus = a.rows.iter().find(|r| r.display_name == "Marcus Silva (1/2)").unwrap();
        assert!(marcus.values[31..].iter().all(Option::is_none), "gaps after leaving, never zero");
        assert!(a.median.iter().all(Option::is_some));
        assert!(a.limits.is_some());
        assert_eq!(a.unit, "%");
    }

    #[test]
    fn web_and_room_joins_are_compared_with_everyone_under_one_people_level_stream() {
        let meeting = demo();
        let web_or_room: Vec<&str> = meeting
            .joins
            .iter()
            .filter(|j| {
                j.samples.iter().any(|s| {
                    s.values
                        .iter()
                        .any(|r| r.key().stream.key().ends_with("_rwg") || r.key().stream.key().ends_with("_crc"))
                })
            })
            .map(|j| j.user_id.as_str())
            .collect();
        assert!(web_or_room.len() >= 2, "the demo has a web client and a room system: {web_or_room:?}");
        let choices = metric_choices(&meeting);
        assert!(choices.iter().all(|c| !c.stream.ends_with("_rwg") && !c.stream.ends_with("_crc")), "{choices:?}");
        let received = choices.iter().find(|c| c.stream == "audio_output" && c.metric == "avg_loss").unwrap();
        assert_eq!(received.label, "Audio received · Packet loss (avg) (%)");
        assert!(received.api_streams.len() >= 2, "{:?}", received.api_streams);
        let a = metric_across(&meeting, &Thresholds::default(), "audio_output", "avg_loss").unwrap();
        assert_eq!(a.rows.len() as u32, received.joins);
        for id in &web_or_room {
            assert!(a.rows.iter().any(|r| &r.user_id == id), "join {id} is left out of Compare");
        }
        assert!(a.rows.iter().any(|r| r.api_stream.ends_with("_rwg")));
        assert_eq!(a.stream_label, "Audio received");
    }

    #[test]
    fn the_median_of_an_even_count_is_the_middle_mean() {
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&mut [5.0]), Some(5.0));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn unknown_names_are_invalid_input() {
        let meeting = demo();
        let e = metric_across(&meeting, &Thresholds::default(), "audio_sideways", "bitrate").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        let e = metric_across(&meeting, &Thresholds::default(), "audio_input", "loudness").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
    }
}
