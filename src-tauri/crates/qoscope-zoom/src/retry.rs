//! Retry policy: bounded retries with exponential backoff and jitter, and reading Zoom's
//! rate-limit headers (`X-RateLimit-Type`, `X-RateLimit-Reset`, `Retry-After`).

use chrono::{DateTime, Utc};
use std::time::Duration;

/// How often and how patiently to retry.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Retries after 5xx answers, timeouts and dropped connections (then the call fails).
    pub max_retries: u32,
    /// Waits after 429 answers before giving up.
    pub max_rate_limit_waits: u32,
    /// First backoff; doubles each attempt (tests use a few milliseconds).
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// Longest single wait a 429's headers may ask for before the call gives up.
    pub max_rate_limit_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 5,
            max_rate_limit_waits: 10,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_rate_limit_wait: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// A fast policy for tests.
    pub fn fast() -> RetryPolicy {
        RetryPolicy {
            base_delay: Duration::from_millis(2),
            max_delay: Duration::from_millis(50),
            max_rate_limit_wait: Duration::from_secs(5),
            ..RetryPolicy::default()
        }
    }

    /// `base · 2^attempt`, capped, with jitter in [50 %, 100 %] of that.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = self.base_delay.saturating_mul(1u32 << attempt.min(20));
        let capped = exp.min(self.max_delay);
        capped.mul_f64(0.5 + 0.5 * jitter_unit())
    }
}

/// A pseudo-random number in [0, 1) — good enough to spread retries.
fn jitter_unit() -> f64 {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    let mut h = RandomState::new().build_hasher();
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos());
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// What a `Retry-After` or `X-RateLimit-Reset` header asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAt {
    After(Duration),
    At(DateTime<Utc>),
}

impl RetryAt {
    /// The wait from `now` (zero when the time has passed).
    pub fn wait_from(self, now: DateTime<Utc>) -> Duration {
        match self {
            RetryAt::After(d) => d,
            RetryAt::At(t) => (t - now).to_std().unwrap_or(Duration::ZERO),
        }
    }

    pub fn time_from(self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            RetryAt::After(d) => now + chrono::Duration::from_std(d).unwrap_or(chrono::Duration::zero()),
            RetryAt::At(t) => t,
        }
    }
}

/// Reads a header value: seconds (`"1"`, `"0.5"`), a Unix time (seconds or milliseconds), an
/// ISO-8601 date-time (`2024-05-02T00:00:00Z`, with or without zone), or an HTTP date.
pub fn parse_retry_value(value: &str) -> Option<RetryAt> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    if let Ok(n) = v.parse::<f64>() {
        if !n.is_finite() || n < 0.0 {
            return None;
        }
        return Some(if n >= 1e12 {
            RetryAt::At(DateTime::from_timestamp_millis(n as i64)?)
        } else if n >= 1e9 {
            RetryAt::At(DateTime::from_timestamp(n as i64, 0)?)
        } else {
            RetryAt::After(Duration::from_secs_f64(n.min(1e7)))
        });
    }
    if let Some(t) = qoscope_model::meeting::parse_time(v) {
        return Some(RetryAt::At(t));
    }
    DateTime::parse_from_rfc2822(v).ok().map(|t| RetryAt::At(t.with_timezone(&Utc)))
}

/// The rate-limit headers of one response (kept for diagnostics and for the 429 decision).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateLimitHeaders {
    pub category: Option<String>,
    /// `QPS` or `Daily-limit`.
    pub limit_type: Option<String>,
    pub limit: Option<String>,
    pub remaining: Option<String>,
    pub reset: Option<String>,
    pub retry_after: Option<String>,
}

impl RateLimitHeaders {
    pub fn from_headers(h: &reqwest::header::HeaderMap) -> RateLimitHeaders {
        let get = |k: &str| h.get(k).and_then(|v| v.to_str().ok()).map(|s| s.trim().to_owned());
        RateLimitHeaders {
            category: get("x-ratelimit-category"),
            limit_type: get("x-ratelimit-type"),
            limit: get("x-ratelimit-limit"),
            remaining: get("x-ratelimit-remaining"),
            reset: get("x-ratelimit-reset"),
            retry_after: get("retry-after"),
        }
    }

    pub fn is_daily(&self) -> bool {
        self.limit_type.as_deref().is_some_and(|t| t.to_ascii_lowercase().starts_with("daily"))
    }

    /// The account's per-second limit, when a per-second (`QPS`) 429 names it.
    pub fn per_second_limit(&self) -> Option<f64> {
        let qps = self.limit_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("qps"));
        let limit = self.limit.as_deref()?.parse::<f64>().ok()?;
        (qps && limit.is_finite() && limit >= 1.0).then_some(limit)
    }

    /// When to try again, per `X-RateLimit-Reset` or `Retry-After`.
    pub fn retry_at(&self) -> Option<RetryAt> {
        let reset = self.reset.as_deref().and_then(parse_retry_value);
        let after = self.retry_after.as_deref().and_then(parse_retry_value);
        if self.is_daily() {
            after.or(reset)
        } else {
            reset.or(after)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
            ..Default::default()
        };
        for attempt in 0..10 {
            let d = p.backoff(attempt);
            let full = Duration::from_millis(100 * (1 << attempt)).min(Duration::from_secs(1));
            assert!(d >= full / 2 && d <= full, "{attempt}: {d:?}");
        }
    }

    #[test]
    fn parses_retry_values() {
        assert_eq!(parse_retry_value("2"), Some(RetryAt::After(Duration::from_secs(2))));
        assert_eq!(parse_retry_value("0.25"), Some(RetryAt::After(Duration::from_millis(250))));
        let t = Utc.with_ymd_and_hms(2024, 5, 2, 0, 0, 0).unwrap();
        assert_eq!(parse_retry_value("2024-05-02T00:00:00Z"), Some(RetryAt::At(t)));
        assert_eq!(parse_retry_value("2024-05-02T00:00:00"), Some(RetryAt::At(t)));
        assert_eq!(parse_retry_value(&t.timestamp().to_string()), Some(RetryAt::At(t)));
        assert_eq!(parse_retry_value(&t.timestamp_millis().to_string()), Some(RetryAt::At(t)));
        assert_eq!(parse_retry_value("Thu, 02 May 2024 00:00:00 GMT"), Some(RetryAt::At(t)));
        assert_eq!(parse_retry_value("soon"), None);
        assert_eq!(parse_retry_value("-1"), None);
        assert_eq!(RetryAt::At(t).wait_from(t + chrono::Duration::seconds(5)), Duration::ZERO);
    }

    #[test]
    fn daily_prefers_retry_after() {
        let h = RateLimitHeaders {
            limit_type: Some("Daily-limit".into()),
            retry_after: Some("2024-05-02T00:00:00Z".into()),
            reset: Some("1".into()),
            ..Default::default()
        };
        assert!(h.is_daily());
        assert!(matches!(h.retry_at(), Some(RetryAt::At(_))));
    }

    #[test]
    fn a_per_second_limit_is_read_only_from_a_qps_429() {
        let qps = |t: &str, l: &str| RateLimitHeaders {
            limit_type: Some(t.into()),
            limit: Some(l.into()),
            ..Default::default()
        };
        assert_eq!(qps("QPS", "10").per_second_limit(), Some(10.0));
        assert_eq!(qps("qps", " 40 ".trim()).per_second_limit(), Some(40.0));
        assert_eq!(qps("Daily-limit", "30000").per_second_limit(), None);
        assert_eq!(qps("QPS", "lots").per_second_limit(), None);
        assert_eq!(qps("QPS", "0").per_second_limit(), None);
        assert_eq!(RateLimitHeaders::default().per_second_limit(), None);
    }
}
