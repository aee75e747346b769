//! What each join receives, per medium and minute, as rises over its own usual values: the
//! numbers [`crate::attribution`] compares among the receivers of a minute to tell a receiver's
//! own downlink trouble from what everyone received.

use crate::grade::MeetingGrades;
use qoscope_model::metric::{Direction, Media};
use qoscope_model::{Meeting, Metric};
use std::collections::HashMap;

/// The network numbers of what a join receives of one medium (audio, video or screen share),
/// per join and minute, as rises over the join's usual values (see [`received_numbers`]).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Received {
    pub(crate) latency: Option<f64>,
    pub(crate) jitter: Option<f64>,
    pub(crate) loss: Option<f64>,
}

/// The media whose received streams are compared among peers.
pub(crate) const MEDIA: [Media; 3] = [Media::Audio, Media::Video, Media::ScreenShare];

pub(crate) fn media_slot(media: Media) -> Option<usize> {
    MEDIA.iter().position(|m| *m == media)
}

impl Received {
    /// The worst received value of each metric over the streams of one medium.
    fn of(sample: &qoscope_model::Sample, media: Media) -> Received {
        Self::worst(sample, |m| m == media)
    }

    /// The best received value of each metric over every medium (the join's downlink at its calmest).
    fn of_all(sample: &qoscope_model::Sample) -> Received {
        let best = |metric: Metric| {
            sample
                .pairs()
                .filter(|(k, _)| k.metric == metric && k.stream.direction() == Direction::Received)
                .map(|(_, v)| v.as_f64())
                .reduce(f64::min)
        };
        Received { latency: best(Metric::Latency), jitter: best(Metric::Jitter), loss: best(Metric::AvgLoss) }
    }

    fn worst(sample: &qoscope_model::Sample, media: impl Fn(Media) -> bool) -> Received {
        let worst = |metric: Metric| {
            sample
                .pairs()
                .filter(|(k, _)| {
                    k.metric == metric && k.stream.direction() == Direction::Received && media(k.stream.media())
                })
                .map(|(_, v)| v.as_f64())
                .reduce(f64::max)
        };
        Received { latency: worst(Metric::Latency), jitter: worst(Metric::Jitter), loss: worst(Metric::AvgLoss) }
    }
}

/// The median and count of each received-side number over the joins in one minute.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Medians {
    pub(crate) latency: Option<(f64, usize)>,
    pub(crate) jitter: Option<(f64, usize)>,
    pub(crate) loss: Option<(f64, usize)>,
}

/// Per join, per minute: the received-side numbers of one medium as rises above the join's
/// usual values. The usual values come from everything the join receives (all media): a medium
/// that is only on for a few minutes (a screen share during trouble) has no usual state of its
/// own, while the downlink it travels on is the same.
pub(crate) fn received_numbers(
    meeting: &Meeting,
    grades: &MeetingGrades,
    media: Media,
) -> HashMap<usize, Vec<Received>> {
    let mut out = HashMap::new();
    for (i, join) in meeting.joins.iter().enumerate() {
        let mut minutes = vec![Received::default(); grades.minutes];
        let mut all = vec![Received::default(); grades.minutes];
        for s in &join.samples {
            if let Some(m) = grades.minute_index(s.time).filter(|&m| m < grades.minutes) {
                minutes[m] = Received::of(s, media);
                all[m] = Received::of_all(s);
            }
        }
        if !minutes.iter().any(|r| r.latency.is_some() || r.jitter.is_some() || r.loss.is_some()) {
            continue;
        }
        let rise = |f: fn(&mut Received) -> &mut Option<f64>, minutes: &mut Vec<Received>, all: &mut Vec<Received>| {
            let Some(baseline) = low_quantile(all.iter_mut().filter_map(|r| *f(r)).collect()) else { return };
            for r in minutes.iter_mut() {
                if let Some(v) = f(r) {
                    *v = (*v - baseline).max(0.0);
                }
            }
        };
        rise(|r| &mut r.latency, &mut minutes, &mut all);
        rise(|r| &mut r.jitter, &mut minutes, &mut all);
        rise(|r| &mut r.loss, &mut minutes, &mut all);
        out.insert(i, minutes);
    }
    out
}

/// The join's usual value: the 20th percentile of its minutes, its clean state as long as a
/// fifth of its minutes are clean (a median would take a busy meeting's trouble as normal).
pub(crate) fn low_quantile(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[(v.len() - 1) / 5])
}

pub(crate) fn median(mut v: Vec<f64>) -> Option<(f64, usize)> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some((if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }, n))
}
