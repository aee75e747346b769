//! A client-side token bucket shared by all concurrent calls of one client, plus a shared
//! "pause until" that a 429 sets so every task backs off together.

use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

#[derive(Debug)]
pub struct RateLimiter {
    rate: f64,
    burst: f64,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    tokens: f64,
    last: Instant,
    paused_until: Option<Instant>,
}

impl RateLimiter {
    /// `requests_per_second` (clamped to at least 0.1); bursts of a tenth of a second's worth,
    /// so that no wall-clock second (Zoom counts fixed one-second windows) sees much more
    /// than the rate: a full second's burst on top of the steady rate would draw 429s.
    pub fn new(requests_per_second: f64) -> RateLimiter {
        let rate = if requests_per_second.is_finite() { requests_per_second.max(0.1) } else { 1000.0 };
        let burst = (rate / 10.0).clamp(1.0, 100.0);
        RateLimiter {
            rate,
            burst,
            state: Mutex::new(State { tokens: burst, last: Instant::now(), paused_until: None }),
        }
    }

    pub fn rate(&self) -> f64 {
        self.rate
    }

    /// Waits for a slot; returns how long it waited.
    pub async fn acquire(&self) -> Duration {
        let start = Instant::now();
        loop {
            let wait = {
                let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
                let now = Instant::now();
                let elapsed = now.saturating_duration_since(s.last).as_secs_f64();
                s.tokens = (s.tokens + elapsed * self.rate).min(self.burst);
                s.last = now;
                match s.paused_until {
                    Some(until) if until > now => until - now,
                    _ => {
                        s.paused_until = None;
                        if s.tokens >= 1.0 {
                            s.tokens -= 1.0;
                            return start.elapsed();
                        }
                        Duration::from_secs_f64((1.0 - s.tokens) / self.rate)
                    }
                }
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// Makes every caller wait at least `wait` from now (after a 429).
    pub fn pause_for(&self, wait: Duration) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let until = Instant::now() + wait;
        if s.paused_until.is_none_or(|p| p < until) {
            s.paused_until = Some(until);
        }
        s.tokens = s.tokens.min(1.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[tokio::test(start_paused = true)]
    async fn limits_the_rate_across_tasks() {
        let limiter = Arc::new(RateLimiter::new(10.0));
        let start = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..4 {
            let l = limiter.clone();
            tasks.push(tokio::spawn(async move {
                for _ in 0..10 {
                    l.acquire().await;
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        // 40 calls at 10/s with a burst of 1: about 3.9 s.
        let took = start.elapsed();
        assert!(took >= Duration::from_millis(3800) && took <= Duration::from_millis(4100), "{took:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn pause_delays_everyone() {
        let limiter = RateLimiter::new(100.0);
        limiter.pause_for(Duration::from_secs(2));
        let waited = limiter.acquire().await;
        assert!(waited >= Duration::from_secs(2), "{waited:?}");
    }
}
