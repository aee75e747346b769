//! Progress events and cancellation.

use crate::rate_limit::Priority;
use qoscope_snapshot::Exchange;
use std::sync::Arc;
use tokio::sync::watch;

/// What a fetch is doing, for a progress bar or a CLI line.
#[derive(Debug, Clone, PartialEq)]
pub enum Progress {
    /// A new step began.
    Stage(Stage),
    /// One page of a paged endpoint arrived.
    PageFetched { stage: Stage, page: u32, total_pages: Option<u32> },
    /// Per-participant QoS: `done` of `total` joins fetched.
    ParticipantsDone { done: usize, total: usize },
    /// Zoom asked us to slow down (or the client-side limiter did); waiting this long.
    WaitingForRateLimit { seconds: f64 },
    /// A call failed transiently and is tried again.
    Retrying { attempt: u32, max: u32, reason: String },
    /// Paging restarted from the first page (the page token expired).
    PagingRestarted { stage: Stage, restart: u32 },
    /// A new access token was minted.
    TokenMinted,
    /// A successful response arrived (as it will be kept in the snapshot), so callers can show
    /// partial results while the fetch goes on. Reported only to callers that listen.
    Received(Received),
}

/// A response as it arrived, shared without copying.
#[derive(Clone)]
pub struct Received(pub Arc<Exchange>);

impl PartialEq for Received {
    fn eq(&self, other: &Received) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for Received {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Received({:?} {})", self.0.kind, self.0.path)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    MeetingDetails,
    ParticipantsList,
    ParticipantQos,
    QosList,
}

/// Shared progress callback used inside the client (may be called from several tasks).
pub type ProgressSink = Arc<dyn Fn(Progress) + Send + Sync>;

/// A cancellation flag: cheap to clone, can be awaited.
#[derive(Debug, Clone)]
pub struct CancelFlag {
    tx: Arc<watch::Sender<bool>>,
}

impl Default for CancelFlag {
    fn default() -> Self {
        CancelFlag::new()
    }
}

impl CancelFlag {
    pub fn new() -> CancelFlag {
        CancelFlag { tx: Arc::new(watch::channel(false).0) }
    }

    pub fn cancel(&self) {
        self.tx.send_replace(true);
    }

    pub fn is_cancelled(&self) -> bool {
        *self.tx.borrow()
    }

    /// The same flag (a clone of it), not merely one in the same state.
    pub fn is_same(&self, other: &CancelFlag) -> bool {
        Arc::ptr_eq(&self.tx, &other.tx)
    }

    /// Resolves once [`CancelFlag::cancel`] was called (immediately if it already was).
    pub async fn cancelled(&self) {
        let mut rx = self.tx.subscribe();
        // The sender lives as long as `self`, so this only ends by cancellation.
        let _ = rx.wait_for(|c| *c).await;
    }
}

/// Per-call context: cancellation, where to report waits and retries, and the calls' priority
/// at the rate limiter.
#[derive(Clone, Default)]
pub struct CallContext {
    pub cancel: CancelFlag,
    pub progress: Option<ProgressSink>,
    pub priority: Priority,
}

impl std::fmt::Debug for CallContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallContext")
            .field("cancel", &self.cancel)
            .field("priority", &self.priority)
            .finish_non_exhaustive()
    }
}

impl CallContext {
    pub fn new(cancel: CancelFlag) -> CallContext {
        CallContext { cancel, progress: None, priority: Priority::Free }
    }

    /// The same context for the calls of a chain (a pager), which go first at the rate limiter.
    pub fn for_chain(&self) -> CallContext {
        CallContext { priority: Priority::Chain, ..self.clone() }
    }

    pub fn with_progress(mut self, sink: ProgressSink) -> CallContext {
        self.progress = Some(sink);
        self
    }

    pub(crate) fn report(&self, p: Progress) {
        if let Some(sink) = &self.progress {
            sink(p);
        }
    }

    /// Reports a successful response (only the copy for the snapshot is made, and only when
    /// someone listens).
    pub(crate) fn report_received(&self, response: &crate::client::ApiResponse) {
        if let Some(sink) = &self.progress {
            sink(Progress::Received(Received(Arc::new(crate::fetch::exchange_of(response)))));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn cancel_wakes_waiters() {
        let flag = CancelFlag::new();
        let f2 = flag.clone();
        let waiter = tokio::spawn(async move { f2.cancelled().await });
        tokio::task::yield_now().await;
        assert!(!flag.is_cancelled());
        flag.cancel();
        waiter.await.unwrap();
        assert!(flag.is_cancelled());
        flag.cancelled().await; // already cancelled: returns at once
    }
}
