//! How many one-by-one calls a fetch keeps in flight, by Little's law: a client that sends
//! `rate` requests per second, each taking `latency` seconds, has `rate × latency` of them in
//! flight. With fewer it never reaches its rate (8 in flight at 0.6 s a call cap it at about
//! 13 req/s, whatever the rate setting); with more, the extra calls only queue at the rate
//! limiter. So the target follows the account's rate and the latency the client observes (an
//! exponentially weighted average over successful calls), with headroom for the spread of
//! latencies, within [`MIN_IN_FLIGHT`, `MAX_IN_FLIGHT`]. The rate limiter still decides when a
//! call is sent; this only decides how many may be under way at once.

use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::Notify;

/// Never fewer in flight (a fast server still gets some parallelism).
pub const MIN_IN_FLIGHT: usize = 4;
/// Never more (bounds open connections and response bodies held at once: 64 × ~60 KiB).
pub const MAX_IN_FLIGHT: usize = 64;
/// Room above the average for the spread of latencies (bigger answers take longer).
const HEADROOM: f64 = 1.25;
/// The latency assumed before the first answer (Zoom's Dashboard calls take 0.2–1 s).
const INITIAL_LATENCY_SECONDS: f64 = 0.5;
/// Weight of the newest observation in the average.
const NEWEST_WEIGHT: f64 = 0.2;

/// How many calls to keep in flight at `rate` requests per second and `latency_seconds` each.
pub fn little_target(rate: f64, latency_seconds: f64) -> usize {
    let wanted = (rate * latency_seconds * HEADROOM).ceil() + 1.0;
    if !wanted.is_finite() || wanted >= MAX_IN_FLIGHT as f64 {
        return MAX_IN_FLIGHT;
    }
    (wanted.max(0.0) as usize).clamp(MIN_IN_FLIGHT, MAX_IN_FLIGHT)
}

/// The observed latency of successful calls (send to last byte), shared by a client's clones.
#[derive(Debug, Default)]
pub struct LatencyEstimate {
    average: Mutex<Option<f64>>,
}

impl LatencyEstimate {
    pub fn record(&self, took: Duration) {
        let seconds = took.as_secs_f64();
        if !seconds.is_finite() {
            return;
        }
        let mut average = self.average.lock().unwrap_or_else(|e| e.into_inner());
        *average = Some(match *average {
            None => seconds,
            Some(old) => old + NEWEST_WEIGHT * (seconds - old),
        });
    }

    /// The average so far, or the initial assumption before any answer.
    pub fn seconds(&self) -> f64 {
        self.average.lock().unwrap_or_else(|e| e.into_inner()).unwrap_or(INITIAL_LATENCY_SECONDS)
    }
}

/// How many one-by-one calls a fetch may have under way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Concurrency {
    /// Little's law on the client's rate and observed latency (the default).
    #[default]
    Adaptive,
    /// Exactly this many (tests and benchmarks that compare settings).
    Fixed(usize),
}

impl Concurrency {
    /// How many workers to start: enough for the largest target.
    pub fn workers(self) -> usize {
        match self {
            Concurrency::Adaptive => MAX_IN_FLIGHT,
            Concurrency::Fixed(n) => n.max(1),
        }
    }
}

/// Lets at most a (changing) number of holders through at once.
#[derive(Debug, Default)]
pub struct InFlightGate {
    active: Mutex<usize>,
    released: Notify,
}

/// A place under way; gives it back when dropped.
pub struct InFlightSlot<'a>(&'a InFlightGate);

impl Drop for InFlightSlot<'_> {
    fn drop(&mut self) {
        let mut active = self.0.active.lock().unwrap_or_else(|e| e.into_inner());
        *active = active.saturating_sub(1);
        drop(active);
        // Everyone looks again: the limit may have grown with the latency just observed.
        self.0.released.notify_waiters();
    }
}

impl InFlightGate {
    /// Waits until fewer than `limit()` are under way (asked afresh each time), then takes a place.
    pub async fn enter(&self, limit: impl Fn() -> usize) -> InFlightSlot<'_> {
        loop {
            let released = self.released.notified();
            tokio::pin!(released);
            released.as_mut().enable();
            {
                let mut active = self.active.lock().unwrap_or_else(|e| e.into_inner());
                if *active < limit().max(1) {
                    *active += 1;
                    return InFlightSlot(self);
                }
            }
            released.await;
        }
    }

    /// Places taken now.
    pub fn active(&self) -> usize {
        *self.active.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[test]
    fn the_target_is_rate_times_latency_with_headroom_within_bounds() {
        // 30 req/s at 0.6 s: 18 in flight on average, 24 with headroom, plus one.
        assert_eq!(little_target(30.0, 0.6), 24);
        assert_eq!(little_target(30.0, 1.0), 39);
        assert_eq!(little_target(10.0, 0.1), MIN_IN_FLIGHT);
        assert_eq!(little_target(40.0, 5.0), MAX_IN_FLIGHT);
        assert_eq!(little_target(f64::INFINITY, 1.0), MAX_IN_FLIGHT);
        assert_eq!(little_target(f64::NAN, 1.0), MAX_IN_FLIGHT);
        assert_eq!(little_target(0.0, 0.0), MIN_IN_FLIGHT);
        // The old fixed 8 capped a 0.6 s server at 13 req/s; the target is far above it.
        assert!(little_target(30.0, 0.6) as f64 / 0.6 >= 30.0);
    }

    #[test]
    fn the_latency_average_follows_observations() {
        let l = LatencyEstimate::default();
        assert_eq!(l.seconds(), INITIAL_LATENCY_SECONDS);
        l.record(Duration::from_millis(1000));
        assert!((l.seconds() - 1.0).abs() < 1e-9);
        for _ in 0..50 {
            l.record(Duration::from_millis(100));
        }
        assert!((l.seconds() - 0.1).abs() < 0.01, "{}", l.seconds());
    }

    #[tokio::test(start_paused = true)]
    async fn the_gate_never_lets_more_than_the_limit_through_and_follows_a_growing_limit() {
        let gate = Arc::new(InFlightGate::default());
        let limit = Arc::new(AtomicUsize::new(2));
        let peak = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..10 {
            let (gate, limit, peak) = (gate.clone(), limit.clone(), peak.clone());
            tasks.push(tokio::spawn(async move {
                let _slot = gate.enter(|| limit.load(Ordering::SeqCst)).await;
                peak.fetch_max(gate.active(), Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(gate.active(), 2);
        limit.store(5, Ordering::SeqCst);
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(peak.load(Ordering::SeqCst), 5);
        assert_eq!(gate.active(), 0);
    }
}
