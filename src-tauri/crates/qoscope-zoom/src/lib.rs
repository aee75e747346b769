//! QoScope's Zoom API client (Tauri-free): meeting references, endpoint configuration,
//! Server-to-Server OAuth, a shared rate limiter, retries, and the QoS fetch that turns a
//! meeting into a [`qoscope_snapshot::Snapshot`] holding every response verbatim.

pub mod auth;
pub mod client;
pub mod config;
pub mod credentials;
pub mod errors;
mod extras;
pub mod fetch;
pub mod history;
pub mod hosts;
pub mod in_flight;
pub mod listing;
pub mod meeting_ref;
pub mod paging;
pub mod person;
pub mod progress;
pub mod rate_limit;
pub mod resume;
pub mod retry;
pub mod scopes;

pub use auth::AccessToken;
pub use client::{ApiCall, ApiResponse, Product, QosType, ZoomClient};
pub use config::{ClientConfig, CredentialSource, Endpoints};
pub use errors::{ErrorKind, ScopeNeed, ZoomError};
pub use fetch::{fetch_meeting, FetchOptions, FetchOutcome, FetchRequest, Strategy};
pub use in_flight::Concurrency;
pub use meeting_ref::MeetingRef;
pub use progress::{CallContext, CancelFlag, Progress, ProgressSink, Received, Stage};
pub use rate_limit::{Priority, RateLimiter};
pub use resume::{covered_joins, resume_meeting};
pub use retry::{RateLimitHeaders, RetryAt, RetryPolicy};
