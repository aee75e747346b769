//! Values to draw: one join's metric over time, the meeting's median, and which sent stream a
//! received stream comes from.

use chrono::{DateTime, Utc};
use qoscope_model::metric::Direction;
use qoscope_model::{Join, Meeting, Metric, MetricKey, Stream};
use std::collections::BTreeMap;

/// One line: (minute, value) in time order.
pub type Series = Vec<(DateTime<Utc>, f64)>;

/// A join's values of one metric of one stream, within `[from, to]`.
pub fn join_series(join: &Join, stream: Stream, metric: Metric, from: DateTime<Utc>, to: DateTime<Utc>) -> Series {
    let key = MetricKey { stream, metric };
    join.samples
        .iter()
        .filter(|s| s.time >= from && s.time <= to)
        .filter_map(|s| s.get(key).map(|v| (s.time, v.as_f64())))
        .filter(|(_, v)| v.is_finite())
        .collect()
}

/// The meeting's median of one metric per minute (over every join that has a value).
pub fn median_series(
    meeting: &Meeting,
    stream: Stream,
    metric: Metric,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Series {
    let mut by_minute: BTreeMap<DateTime<Utc>, Vec<f64>> = BTreeMap::new();
    for join in &meeting.joins {
        for (t, v) in join_series(join, stream, metric, from, to) {
            by_minute.entry(t).or_default().push(v);
        }
    }
    by_minute.into_iter().map(|(t, mut values)| (t, median(&mut values))).collect()
}

/// The median of `values` (which it sorts); 0 for none.
pub fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// Splits a series where minutes are missing, so lines never bridge a gap in the data.
pub fn contiguous_runs(series: &Series) -> Vec<Series> {
    let mut runs: Vec<Series> = Vec::new();
    for &(t, v) in series {
        match runs.last_mut() {
            Some(run) if run.last().is_some_and(|&(prev, _)| (t - prev).num_seconds() <= 90) => run.push((t, v)),
            _ => runs.push(vec![(t, v)]),
        }
    }
    runs
}

/// The sent stream a received stream carries: what the culprit sent that this join received.
pub fn sent_counterpart(stream: Stream) -> Option<Stream> {
    use Stream::*;
    Some(match stream {
        AudioOutput => AudioInput,
        VideoOutput => VideoInput,
        AsOutput => AsInput,
        AudioDeviceToCrc => AudioDeviceFromCrc,
        VideoDeviceToCrc => VideoDeviceFromCrc,
        AsDeviceToCrc => AsDeviceFromCrc,
        AudioDeviceToRwg => AudioDeviceFromRwg,
        VideoDeviceToRwg => VideoDeviceFromRwg,
        AsDeviceToRwg => AsDeviceFromRwg,
        s if s.direction() == Direction::Sent => s,
        _ => return None,
    })
}

/// The received stream matching a sent one (inverse of [`sent_counterpart`]).
pub fn received_counterpart(stream: Stream) -> Option<Stream> {
    Stream::ALL.into_iter().find(|&r| r.direction() == Direction::Received && sent_counterpart(r) == Some(stream))
}

/// Metrics of `stream` that have at least one value in `join`, in the model's order.
pub fn metrics_with_data(join: &Join, stream: Stream) -> Vec<Metric> {
    Metric::ALL
        .into_iter()
        .filter(|m| m.belongs_to(stream))
        .filter(|&metric| join.samples.iter().any(|s| s.get(MetricKey { stream, metric }).is_some()))
        .collect()
}

/// Streams that have at least one value in `join`, in the model's order.
pub fn streams_with_data(join: &Join) -> Vec<Stream> {
    Stream::ALL.into_iter().filter(|&s| !metrics_with_data(join, s).is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_counterparts() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(sent_counterpart(Stream::VideoOutput), Some(Stream::VideoInput));
        assert_eq!(received_counterpart(Stream::AudioInput), Some(Stream::AudioOutput));
        assert_eq!(sent_counterpart(Stream::CpuUsage), None);
    }

    #[test]
    fn runs_break_at_missing_minutes() {
        let t0 = DateTime::parse_from_rfc3339("2026-01-01T10:00:00Z").unwrap().with_timezone(&Utc);
        let m = |i: i64| t0 + chrono::Duration::minutes(i);
        let runs = contiguous_runs(&vec![(m(0), 1.0), (m(1), 2.0), (m(5), 3.0)]);
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].len(), 2);
    }
}
