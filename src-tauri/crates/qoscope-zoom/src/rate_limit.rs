//! A client-side token bucket shared by all concurrent calls of one client, plus a shared
//! "pause until" that a 429 sets so every task backs off together.
//!
//! Calls in a chain (a pager: each page needs the previous page's token) ask with
//! [`Priority::Chain`]: while one waits, the next slot is its own and the free-standing calls
//! ([`Priority::Free`], e.g. one join's QoS) take the slots after it. A chain has one call in
//! flight at a time, so its next page (10 joins of the QoS list, or the participants list that
//! feeds the count and the workers) is never stuck behind a crowd of single calls. At a low rate
//! two chains waiting in turn can take every slot until they end (the pagers are finite, and a
//! QoS page covers ten joins, so that is the faster use of a slot anyway). After a 429 every call
//! waits out the pause here, so the chains keep their place.
//!
//! A per-second 429 that names the account's limit (`X-RateLimit-Type: QPS`,
//! `X-RateLimit-Limit: 10`) lowers the client's rate to just under it for the rest of the
//! client's life ([`RateLimiter::learn_server_limit`]): a Pro account's 10 req/s would otherwise
//! draw a 429 (and a pause for every call) each second at the default 30 req/s. The rate set in
//! Settings stays the ceiling; nothing ever raises the rate above it.

use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

#[derive(Debug)]
pub struct RateLimiter {
    /// The rate asked for (Settings): the ceiling.
    configured: f64,
    state: Mutex<State>,
}

/// The share of a server's per-second limit the client keeps to once it knows it (fixed
/// one-second windows count jittered sends unevenly).
const SERVER_LIMIT_SHARE: f64 = 0.97;

#[derive(Debug)]
struct State {
    /// Requests per second now: the configured rate, or under a limit the server named.
    rate: f64,
    burst: f64,
    tokens: f64,
    last: Instant,
    paused_until: Option<Instant>,
    /// Chain calls waiting for a slot right now.
    chains_waiting: usize,
}

/// Who asks for a slot: see the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Priority {
    /// A call the next step of a chain waits for (a page of a paged list).
    Chain,
    /// Any other call.
    #[default]
    Free,
}

/// Counts a waiting chain call for as long as it waits (also when its wait is cancelled).
struct ChainWaiting<'a>(&'a RateLimiter);

impl<'a> ChainWaiting<'a> {
    fn new(limiter: &'a RateLimiter) -> ChainWaiting<'a> {
        limiter.lock().chains_waiting += 1;
        ChainWaiting(limiter)
    }
}

impl Drop for ChainWaiting<'_> {
    fn drop(&mut self) {
        let mut s = self.0.lock();
        s.chains_waiting = s.chains_waiting.saturating_sub(1);
    }
}

impl RateLimiter {
    /// `requests_per_second` (clamped to at least 0.1); bursts of a tenth of a second's worth,
    /// so that no wall-clock second (Zoom counts fixed one-second windows) sees much more
    /// than the rate: a full second's burst on top of the steady rate would draw 429s.
    pub fn new(requests_per_second: f64) -> RateLimiter {
        let rate = if requests_per_second.is_finite() { requests_per_second.max(0.1) } else { 1000.0 };
        let burst = burst_for(rate);
        RateLimiter {
            configured: rate,
            state: Mutex::new(State {
                rate,
                burst,
                tokens: burst,
                last: Instant::now(),
                paused_until: None,
                chains_waiting: 0,
            }),
        }
    }

    /// Requests per second now (the configured rate, or under the limit the server named).
    pub fn rate(&self) -> f64 {
        self.lock().rate
    }

    /// The server named its per-second limit in a 429: keep just under it from now on (never
    /// above the configured rate). Nonsense values are ignored.
    pub fn learn_server_limit(&self, per_second: f64) {
        if !per_second.is_finite() || per_second < 1.0 {
            return;
        }
        let rate = (per_second * SERVER_LIMIT_SHARE).min(self.configured).max(0.1);
        let mut s = self.lock();
        if rate < s.rate {
            s.rate = rate;
            s.burst = burst_for(rate);
            s.tokens = s.tokens.min(s.burst);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits for a slot as a free-standing call; returns how long it waited.
    pub async fn acquire(&self) -> Duration {
        self.acquire_as(Priority::Free).await
    }

    /// Waits for a slot; returns how long it waited. A free call leaves the next slots to the
    /// chain calls waiting when it looks.
    pub async fn acquire_as(&self, priority: Priority) -> Duration {
        let start = Instant::now();
        let _counted = (priority == Priority::Chain).then(|| ChainWaiting::new(self));
        loop {
            let wait = {
                let mut s = self.lock();
                let now = Instant::now();
                let elapsed = now.saturating_duration_since(s.last).as_secs_f64();
                s.tokens = (s.tokens + elapsed * s.rate).min(s.burst);
                s.last = now;
                match s.paused_until {
                    Some(until) if until > now => until - now,
                    _ => {
                        s.paused_until = None;
                        // A chain needs one token; a free call needs one more than the chains
                        // waiting will take first.
                        let ahead = if priority == Priority::Chain { 0.0 } else { s.chains_waiting as f64 };
                        if s.tokens >= 1.0 + ahead {
                            s.tokens -= 1.0;
                            return start.elapsed();
                        }
                        Duration::from_secs_f64((1.0 + ahead - s.tokens) / s.rate)
                    }
                }
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// Makes every caller wait at least `wait` from now (after a 429).
    pub fn pause_for(&self, wait: Duration) {
        let mut s = self.lock();
        let until = Instant::now() + wait;
        if s.paused_until.is_none_or(|p| p < until) {
            s.paused_until = Some(until);
        }
        s.tokens = s.tokens.min(1.0);
    }
}

/// Bursts of a tenth of a second's worth (see [`RateLimiter::new`]).
fn burst_for(rate: f64) -> f64 {
    (rate / 10.0).clamp(1.0, 100.0)
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

    /// `free` tasks asking for slots back to back, and a chain of `pages` calls (each "answered"
    /// 300 ms after its slot) asking as `priority`: the chain's longest wait for a slot, and the
    /// slots the free tasks got meanwhile.
    async fn chain_among_free_calls(priority: Priority, free: usize, pages: usize) -> (Duration, usize) {
        let limiter = Arc::new(RateLimiter::new(4.0));
        let free_slots = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut crowd = Vec::new();
        for _ in 0..free {
            let (l, n) = (limiter.clone(), free_slots.clone());
            crowd.push(tokio::spawn(async move {
                loop {
                    l.acquire().await;
                    n.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(300)).await;
                }
            }));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        let mut longest = Duration::ZERO;
        for _ in 0..pages {
            longest = longest.max(limiter.acquire_as(priority).await);
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        crowd.iter().for_each(|t| t.abort());
        (longest, free_slots.load(std::sync::atomic::Ordering::SeqCst))
    }

    #[tokio::test(start_paused = true)]
    async fn a_waiting_chain_call_gets_the_next_slot_and_free_calls_the_rest() {
        // 4 slots a second shared with 8 free tasks: a chain call waits at most for the slot
        // being refilled (250 ms), never behind the crowd.
        let (longest, free_slots) = chain_among_free_calls(Priority::Chain, 8, 10).await;
        assert!(longest <= Duration::from_millis(260), "a chain call waited {longest:?}");
        // The chain uses a slot per 550 ms at most; the free tasks get the others.
        assert!(free_slots >= 10, "free calls got only {free_slots} slots");
    }

    #[tokio::test(start_paused = true)]
    async fn a_free_call_arriving_with_the_slot_a_chain_waits_for_leaves_it_to_the_chain() {
        let limiter = Arc::new(RateLimiter::new(4.0));
        limiter.acquire().await; // the burst of 1 is spent; the next slot is in 250 ms
        let l = limiter.clone();
        let chain = tokio::spawn(async move { l.acquire_as(Priority::Chain).await });
        tokio::task::yield_now().await; // the chain call is waiting
        tokio::time::sleep(Duration::from_millis(250)).await;
        // The slot is refilled just as this free call asks: it is the chain's.
        let free_waited = limiter.acquire().await;
        let chain_waited = chain.await.unwrap();
        assert!(chain_waited <= Duration::from_millis(250), "the chain call waited {chain_waited:?}");
        assert!(free_waited >= Duration::from_millis(240), "the free call took the chain's slot ({free_waited:?})");
    }

    #[tokio::test(start_paused = true)]
    async fn after_a_pause_the_waiting_chain_call_goes_first() {
        // A 429 paused everyone for a second; a chain call and four free calls wait it out.
        let limiter = Arc::new(RateLimiter::new(4.0));
        limiter.pause_for(Duration::from_secs(1));
        let mut free = Vec::new();
        for _ in 0..4 {
            let l = limiter.clone();
            free.push(tokio::spawn(async move { l.acquire().await }));
        }
        tokio::task::yield_now().await;
        let chain_waited = limiter.acquire_as(Priority::Chain).await;
        assert!(chain_waited <= Duration::from_millis(1010), "the chain call waited {chain_waited:?}");
        for task in free {
            let waited = task.await.unwrap();
            assert!(waited >= Duration::from_millis(1240), "a free call went before the chain ({waited:?})");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_cancelled_chain_wait_gives_its_priority_back() {
        let limiter = RateLimiter::new(4.0);
        limiter.acquire().await; // the burst of 1 is spent
        let chain = limiter.acquire_as(Priority::Chain);
        assert!(tokio::time::timeout(Duration::from_millis(100), chain).await.is_err());
        assert_eq!(limiter.lock().chains_waiting, 0);
        // A free call now gets the next slot as soon as it is refilled.
        let waited = limiter.acquire().await;
        assert!(waited <= Duration::from_millis(160), "{waited:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn pause_delays_everyone() {
        let limiter = RateLimiter::new(100.0);
        limiter.pause_for(Duration::from_secs(2));
        let waited = limiter.acquire().await;
        assert!(waited >= Duration::from_secs(2), "{waited:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_named_server_limit_lowers_the_rate_but_never_raises_it() {
        let limiter = RateLimiter::new(30.0);
        limiter.learn_server_limit(10.0);
        assert!((limiter.rate() - 9.7).abs() < 1e-9, "{}", limiter.rate());
        limiter.learn_server_limit(40.0); // a higher limit never raises it again
        limiter.learn_server_limit(f64::NAN);
        limiter.learn_server_limit(0.0);
        assert!((limiter.rate() - 9.7).abs() < 1e-9);
        // 20 calls at 9.7/s (burst 1): about 2 s.
        let start = Instant::now();
        for _ in 0..20 {
            limiter.acquire().await;
        }
        let took = start.elapsed();
        assert!(took >= Duration::from_millis(1900) && took <= Duration::from_millis(2100), "{took:?}");
        // The configured rate is the ceiling.
        let slow = RateLimiter::new(4.0);
        slow.learn_server_limit(10.0);
        assert_eq!(slow.rate(), 4.0);
    }
}
