//! Builders for small synthetic meetings in unit tests.

use chrono::{DateTime, Duration, TimeZone, Utc};
use qoscope_model::{Join, Meeting, Metric, MetricKey, MetricValue, Sample, Stream};

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).single().unwrap()
}

pub fn at(minute: i64) -> DateTime<Utc> {
    t0() + Duration::minutes(minute)
}

/// A sample at `minute` with the given numbers.
pub fn sample(minute: i64, values: &[(Stream, Metric, f64)]) -> Sample {
    Sample::new(
        at(minute),
        values.iter().map(|&(stream, metric, v)| (MetricKey { stream, metric }, MetricValue::Number(v))),
    )
}

/// Healthy audio sent and received, with `avg_loss` on the sent side.
pub fn audio(minute: i64, sent_loss: f64) -> Sample {
    sample(
        minute,
        &[
            (Stream::AudioInput, Metric::Bitrate, 22.0),
            (Stream::AudioInput, Metric::Latency, 80.0),
            (Stream::AudioInput, Metric::Jitter, 4.0),
            (Stream::AudioInput, Metric::AvgLoss, sent_loss),
            (Stream::AudioOutput, Metric::Latency, 85.0),
            (Stream::AudioOutput, Metric::AvgLoss, 0.0),
        ],
    )
}

pub fn join(user_id: &str, samples: Vec<Sample>) -> Join {
    Join { user_id: user_id.to_owned(), user_name: format!("User {user_id}"), samples, ..Default::default() }
}

pub fn meeting(joins: Vec<Join>) -> Meeting {
    Meeting { joins, ..Default::default() }
}

/// A join with sent audio loss per minute from `losses` (`None`: no sample that minute).
pub fn loss_join(user_id: &str, losses: &[Option<f64>]) -> Join {
    join(user_id, losses.iter().enumerate().filter_map(|(m, l)| l.map(|l| audio(m as i64, l))).collect())
}
