//! Compare: one metric of every join that has it, on the meeting's minute grid.

use crate::error::{ApiError, ErrorCode};
use crate::quality::{limits, SeriesLimits};
use crate::views::display_name;
use chrono::{DateTime, Duration, Utc};
use qoscope_diagnosis::Thresholds;
use qoscope_model::{Meeting, Metric, MetricKey, Stream};
use serde::Serialize;
use std::collections::BTreeMap;
use ts_rs::TS;

/// A (stream, metric) pair that has data in this meeting.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MetricChoice {
    /// Zoom's stream key, e.g. `audio_input`.
    pub stream: String,
    /// Zoom's metric key, e.g. `bitrate`.
    pub metric: String,
    /// "Audio sent (audio_input) · Bitrate (kbps)".
    pub label: String,
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
    pub values: Vec<Option<f64>>,
}

/// The meeting's minute grid: first minute and number of minutes.
pub(crate) fn grid(meeting: &Meeting) -> Option<(DateTime<Utc>, usize)> {
    let (first, last) = meeting.time_range()?;
    Some((first, ((last - first).num_minutes() + 1).max(0) as usize))
}

/// Every (stream, metric) with data, in stream then metric order.
pub fn metric_choices(meeting: &Meeting) -> Vec<MetricChoice> {
    let mut counts: BTreeMap<MetricKey, u32> = BTreeMap::new();
    for join in &meeting.joins {
        let mut keys: Vec<MetricKey> = join.samples.iter().flat_map(|s| s.values.iter().map(|(k, _)| *k)).collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *counts.entry(k).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .map(|(k, joins)| MetricChoice {
            stream: k.stream.key().to_owned(),
            metric: k.metric.key().to_owned(),
            label: format!("{} · {} ({})", k.stream.label(), k.metric.label(), k.metric.unit().symbol()),
            joins,
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
    let key = MetricKey { stream: s, metric: m };
    let (first, len) = grid(meeting).unwrap_or((DateTime::UNIX_EPOCH, 0));
    let times = (0..len).map(|i| (first + Duration::minutes(i as i64)).timestamp() as f64).collect();
    let mut rows = Vec::new();
    for join in &meeting.joins {
        let mut values = vec![None; len];
        let mut any = false;
        for sample in &join.samples {
            let i = (sample.time - first).num_minutes();
            if let (true, Some(v)) = ((0..len as i64).contains(&i), sample.get(key)) {
                values[i as usize] = Some(v.as_f64());
                any = true;
            }
        }
        if any {
            rows.push(AcrossRow { user_id: join.user_id.clone(), display_name: display_name(join), values });
        }
    }
    let median = (0..len)
        .map(|i| median(&mut rows.iter().filter_map(|r: &AcrossRow| r.values[i]).collect::<Vec<f64>>()))
        .collect();
    Ok(MetricAcross {
        stream: s.key().to_owned(),
        metric: m.key().to_owned(),
        stream_label: s.label(),
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
        let marcus = a.rows.iter().find(|r| r.display_name == "Marcus Silva").unwrap();
        assert!(marcus.values[31..].iter().all(Option::is_none), "gaps after leaving, never zero");
        assert!(a.median.iter().all(Option::is_some));
        assert!(a.limits.is_some());
        assert_eq!(a.unit, "%");
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
