//! Per-join summaries: for every metric, min / avg / p95 / max and the minutes at warning and
//! poor; for the join, the minutes per overall grade.

use crate::grade::{for_each_stream_sample, grade_metric, MeetingGrades};
use crate::thresholds::{Grade, Thresholds};
use qoscope_model::{Meeting, Metric, Stream, Unit};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One metric of one stream over one join. Resolution is summarized by its height.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricSummary {
    pub stream: Stream,
    pub metric: Metric,
    pub unit: Unit,
    /// Minutes with a value.
    pub samples: u32,
    pub min: f64,
    pub avg: f64,
    /// 5th percentile (nearest rank): the "bad tail" of metrics where lower is worse.
    pub p5: f64,
    /// 95th percentile (nearest rank).
    pub p95: f64,
    pub max: f64,
    /// Minutes this metric alone was at warning / at poor (0 for ungraded metrics).
    pub minutes_warning: u32,
    pub minutes_poor: u32,
}

/// One join's summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JoinSummary {
    pub join_index: usize,
    pub user_id: String,
    pub user_name: String,
    /// Minutes of the meeting grid per overall grade (they add up to the grid length).
    pub minutes_good: u32,
    pub minutes_warning: u32,
    pub minutes_poor: u32,
    pub minutes_no_data: u32,
    /// Ordered by stream, then metric.
    pub metrics: Vec<MetricSummary>,
}

#[derive(Default)]
struct Acc {
    values: Vec<f64>,
    warning: u32,
    poor: u32,
}

/// Summarizes every join (in the order of `grades.joins`).
pub fn summarize(meeting: &Meeting, grades: &MeetingGrades, thresholds: &Thresholds) -> Vec<JoinSummary> {
    let start = grades.start;
    grades
        .joins
        .iter()
        .map(|jg| {
            let count = |g: Grade| jg.overall.iter().filter(|m| m.grade == g).count() as u32;
            let mut acc: BTreeMap<(Stream, Metric), Acc> = BTreeMap::new();
            if let (Some(start), Some(join)) = (start, meeting.joins.get(jg.join_index)) {
                for_each_stream_sample(join, start, grades.minutes, |_, stream, values| {
                    for metric in Metric::ALL {
                        let Some(v) = values[metric as usize] else { continue };
                        let a = acc.entry((stream, metric)).or_default();
                        a.values.push(v.as_f64());
                        match grade_metric(thresholds, stream, metric, values).map(|c| c.grade) {
                            Some(Grade::Warning) => a.warning += 1,
                            Some(Grade::Poor) => a.poor += 1,
                            _ => {}
                        }
                    }
                });
            }
            let metrics = acc.into_iter().map(|((stream, metric), a)| metric_summary(stream, metric, a)).collect();
            JoinSummary {
                join_index: jg.join_index,
                user_id: jg.user_id.clone(),
                user_name: jg.user_name.clone(),
                minutes_good: count(Grade::Good),
                minutes_warning: count(Grade::Warning),
                minutes_poor: count(Grade::Poor),
                minutes_no_data: count(Grade::NoData),
                metrics,
            }
        })
        .collect()
}

fn metric_summary(stream: Stream, metric: Metric, mut a: Acc) -> MetricSummary {
    a.values.sort_by(f64::total_cmp);
    let n = a.values.len();
    let rank = |p: f64| a.values[((p * n as f64).ceil() as usize).clamp(1, n) - 1];
    MetricSummary {
        stream,
        metric,
        unit: metric.unit(),
        samples: n as u32,
        min: a.values[0],
        avg: a.values.iter().sum::<f64>() / n as f64,
        p5: rank(0.05),
        p95: rank(0.95),
        max: a.values[n - 1],
        minutes_warning: a.warning,
        minutes_poor: a.poor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::grade_meeting;
    use crate::testutil::*;

    #[test]
    fn summaries_count_minutes_and_percentiles_and_ignore_missing_data() {
        let t = Thresholds::default();
        let mut losses: Vec<Option<f64>> = (0..20).map(|i| Some(f64::from(i) * 0.1)).collect();
        losses[5] = Some(4.0);
        losses[6] = Some(11.0);
        losses[7] = None;
        let m = meeting(vec![loss_join("1", &losses), loss_join("2", &[Some(0.0); 25])]);
        let g = grade_meeting(&m, &t);
        let s = summarize(&m, &g, &t);
        assert_eq!(s.len(), 2);
        let s1 = &s[0];
        assert_eq!((s1.minutes_good, s1.minutes_warning, s1.minutes_poor, s1.minutes_no_data), (17, 1, 1, 6));
        let loss = s1.metrics.iter().find(|x| x.stream == Stream::AudioInput && x.metric == Metric::AvgLoss).unwrap();
        assert_eq!(loss.samples, 19);
        assert_eq!((loss.minutes_warning, loss.minutes_poor), (1, 1));
        // 19 values: the nearest-rank p95 is the 19th (the largest).
        assert_eq!((loss.min, loss.p5, loss.p95, loss.max), (0.0, 0.0, 11.0, 11.0));
        assert_eq!(loss.unit, Unit::Percent);
        let bitrate = s1.metrics.iter().find(|x| x.metric == Metric::Bitrate).unwrap();
        assert_eq!((bitrate.avg, bitrate.minutes_warning, bitrate.minutes_poor), (22.0, 0, 0));
    }
}
