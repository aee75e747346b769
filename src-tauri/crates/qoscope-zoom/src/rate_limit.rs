//! A client-side rate limiter shared by all concurrent calls of one client, plus a shared
//! "pause until" that a 429 sets so every task backs off together.
//!
//! Slots are handed out in the order calls ask for them (a token bucket kept as a schedule, the
//! "generic cell rate algorithm"): each call reserves the next free slot and sleeps until it.
//! First come, first served matters: the fetch pages the QoS list one page after another
//! while other calls wait, and with a free-for-all the pager (which asks again the moment its
//! page arrives) could win every slot and keep the participants list waiting for seconds.

use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

#[derive(Debug)]
pub struct RateLimiter {
    rate: f64,
    /// Time between two slots (1 / rate).
    interval: Duration,
    /// How far ahead of the schedule a burst may run: `(burst − 1) × interval`.
    tolerance: Duration,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    /// When the next slot is due if nobody bursts ("theoretical arrival time").
    next: Instant,
    paused_until: Option<Instant>,
}

impl RateLimiter {
    /// `requests_per_second` (clamped to at least 0.1); bursts of a tenth of a second's worth,
    /// so that no wall-clock second (Zoom counts fixed one-second windows) sees much more
    /// than the rate: a full second's burst on top of the steady rate would draw 429s.
    pub fn new(requests_per_second: f64) -> RateLimiter {
        let rate = if requests_per_second.is_finite() { requests_per_second.max(0.1) } else { 1000.0 };
        let burst = (rate / 10.0).clamp(1.0, 100.0).floor();
        let interval = Duration::from_secs_f64(1.0 / rate);
        RateLimiter {
            rate,
            interval,
            tolerance: interval.mul_f64(burst - 1.0),
            state: Mutex::new(State { next: Instant::now(), paused_until: None }),
        }
    }

    pub fn rate(&self) -> f64 {
        self.rate
    }

    /// Reserves the next free slot (after any pause) and waits for it. Callers are served in the
    /// order they called. Returns how long the request rate held this call back; time spent in
    /// a 429's pause is not counted (the call that got the 429 reports that wait, once).
    pub async fn acquire(&self) -> Duration {
        let (slot, rate_wait) = {
            let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            let earliest = match s.paused_until {
                Some(until) if until > now => until,
                _ => {
                    s.paused_until = None;
                    now
                }
            };
            let next = s.next.max(earliest);
            // Within the burst tolerance the slot is now (or the pause's end); beyond it, later.
            let slot = next.checked_sub(self.tolerance).map_or(earliest, |t| t.max(earliest));
            s.next = next + self.interval;
            (slot, slot.saturating_duration_since(earliest))
        };
        tokio::time::sleep_until(slot).await;
        // A 429 while this call slept: wait for the pause too.
        loop {
            let until = {
                let s = self.state.lock().unwrap_or_else(|e| e.into_inner());
                s.paused_until.filter(|u| *u > Instant::now())
            };
            match until {
                Some(until) => tokio::time::sleep_until(until).await,
                None => return rate_wait,
            }
        }
    }

    /// Makes every caller wait at least `wait` from now (after a 429); the schedule goes on
    /// after the pause.
    pub fn pause_for(&self, wait: Duration) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let until = Instant::now() + wait;
        if s.paused_until.is_none_or(|p| p < until) {
            s.paused_until = Some(until);
        }
        s.next = s.next.max(until);
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
        let start = Instant::now();
        limiter.pause_for(Duration::from_secs(2));
        let rate_wait = limiter.acquire().await;
        assert!(start.elapsed() >= Duration::from_secs(2), "{:?}", start.elapsed());
        assert_eq!(rate_wait, Duration::ZERO, "a pause is not the request rate's wait");
        // The slow rate's own wait is reported.
        let slow = RateLimiter::new(0.5);
        slow.acquire().await;
        assert!(slow.acquire().await >= Duration::from_millis(1900));
    }

    #[tokio::test(start_paused = true)]
    async fn serves_callers_in_the_order_they_asked() {
        // The pager asks again as soon as its page is in (a few milliseconds after its slot); a
        // caller that has been waiting all along (the participants list) still goes next.
        for request_ms in [0u64, 1, 3, 10, 40] {
            let limiter = Arc::new(RateLimiter::new(4.0));
            let pager = {
                let l = limiter.clone();
                tokio::spawn(async move {
                    for _ in 0..12 {
                        l.acquire().await;
                        tokio::time::sleep(Duration::from_millis(request_ms)).await;
                    }
                })
            };
            tokio::task::yield_now().await;
            let waited = limiter.acquire().await;
            assert!(waited <= Duration::from_millis(600), "request {request_ms} ms: the list waited {waited:?}");
            pager.await.unwrap();
        }
    }

    #[tokio::test(start_paused = true)]
    async fn bursts_a_tenth_of_a_second_then_keeps_the_rate() {
        let limiter = RateLimiter::new(100.0);
        let start = Instant::now();
        for _ in 0..10 {
            limiter.acquire().await;
        }
        assert!(start.elapsed() < Duration::from_millis(5), "a burst of 10 at 100/s: {:?}", start.elapsed());
        for _ in 0..100 {
            limiter.acquire().await;
        }
        let took = start.elapsed();
        assert!(took >= Duration::from_millis(990) && took <= Duration::from_millis(1100), "{took:?}");
    }
}
