//! The Zoom API client: typed calls that return the raw body (to keep verbatim), the status and
//! the headers of interest, under the shared rate limiter, with retries and token renewal.

use crate::auth::{AccessToken, TokenProvider};
use crate::config::{ClientConfig, CredentialSource};
use crate::errors::{classify, describe_non_json, ScopeNeed, ZoomError};
use crate::in_flight::{little_target, LatencyEstimate};
use crate::meeting_ref::{encode_component, MeetingRef};
use crate::progress::{CallContext, Progress};
use crate::rate_limit::RateLimiter;
use crate::retry::RateLimitHeaders;
use chrono::{DateTime, Utc};
use qoscope_snapshot::{Exchange, ExchangeKind};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

/// Meetings or webinars (`/metrics/meetings/…` or `/metrics/webinars/…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Product {
    #[default]
    Meeting,
    Webinar,
}

impl Product {
    pub fn from_webinar_flag(webinar: bool) -> Product {
        if webinar {
            Product::Webinar
        } else {
            Product::Meeting
        }
    }

    pub fn metrics_segment(self) -> &'static str {
        match self {
            Product::Meeting => "meetings",
            Product::Webinar => "webinars",
        }
    }

    fn need(self, meeting_need: ScopeNeed) -> ScopeNeed {
        match self {
            Product::Meeting => meeting_need,
            Product::Webinar => ScopeNeed::Webinar,
        }
    }
}

/// Zoom's `type` parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QosType {
    #[default]
    Past,
    Live,
    /// Participants list only: one instance of a past meeting.
    PastOne,
}

impl QosType {
    pub fn as_str(self) -> &'static str {
        match self {
            QosType::Past => "past",
            QosType::Live => "live",
            QosType::PastOne => "pastOne",
        }
    }

    /// `past`/`live` (case-insensitive); anything else is an error.
    pub fn parse(s: &str) -> Result<QosType, ZoomError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "past" | "" => Ok(QosType::Past),
            "live" => Ok(QosType::Live),
            "pastone" => Ok(QosType::PastOne),
            other => Err(ZoomError::config(format!("type must be past or live, not \"{other}\""))),
        }
    }

    /// The QoS endpoints know only past and live.
    fn for_qos(self) -> &'static str {
        match self {
            QosType::Live => "live",
            _ => "past",
        }
    }
}

/// `type`, `page_size` and, after the first page, `next_page_token`.
fn paged_query(kind: &str, page_size: u32, next_page_token: Option<&str>) -> Vec<(String, String)> {
    let mut query = vec![("type".to_owned(), kind.to_owned()), ("page_size".to_owned(), page_size.to_string())];
    if let Some(t) = next_page_token.filter(|t| !t.is_empty()) {
        query.push(("next_page_token".to_owned(), t.to_owned()));
    }
    query
}

/// One GET to make: a path relative to the API base (already encoded) and its query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiCall {
    pub path: String,
    pub query: Vec<(String, String)>,
    pub need: ScopeNeed,
}

/// One successful response, kept verbatim.
#[derive(Debug, Clone)]
pub struct ApiResponse {
    pub path: String,
    pub query: Vec<(String, String)>,
    pub status: u16,
    pub body: String,
    pub received_at: DateTime<Utc>,
    pub rate_limit: RateLimitHeaders,
    /// The API base the call went to.
    pub api_base: String,
}

impl ApiResponse {
    /// The snapshot record of this response.
    pub fn to_exchange(&self, kind: ExchangeKind) -> Exchange {
        Exchange {
            kind,
            method: "GET".into(),
            path: self.path.clone(),
            query: self.query.clone(),
            status: self.status,
            received_at: self.received_at,
            body: None,
            body_text: None,
        }
        .with_body(&self.body)
    }
}

/// A Zoom API client. Cheap to clone; clones share the token, the rate limiter and connections.
#[derive(Clone, Debug)]
pub struct ZoomClient {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    config: ClientConfig,
    limiter: RateLimiter,
    auth: TokenProvider,
    last_api_base: std::sync::Mutex<String>,
    latency: LatencyEstimate,
}

/// A reqwest error described without URL noise, with its causes.
pub(crate) fn describe_reqwest(e: &reqwest::Error) -> String {
    let what = if e.is_timeout() {
        "the request timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "the connection dropped while reading the answer"
    } else {
        "the request failed"
    };
    let mut causes = Vec::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        causes.push(s.to_string());
        source = s.source();
    }
    if causes.is_empty() {
        what.to_owned()
    } else {
        format!("{what} ({})", causes.join(": "))
    }
}

fn build_url(base: &str, path: &str, query: &[(String, String)]) -> String {
    let mut url = format!("{}{}", base.trim_end_matches('/'), path);
    for (i, (k, v)) in query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(&encode_component(k));
        url.push('=');
        url.push_str(&encode_component(v));
    }
    url
}

impl ZoomClient {
    pub fn new(config: ClientConfig, credentials: CredentialSource) -> Result<ZoomClient, ZoomError> {
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(config.user_agent.clone())
            .build()
            .map_err(|e| ZoomError::config(format!("could not set up HTTPS: {}", describe_reqwest(&e))))?;
        let auth = TokenProvider::new(credentials, &config.endpoints, config.retry.clone());
        let limiter = RateLimiter::new(config.requests_per_second);
        let last_api_base = std::sync::Mutex::new(config.endpoints.api_base.clone());
        let latency = LatencyEstimate::default();
        Ok(ZoomClient { inner: Arc::new(Inner { http, config, limiter, auth, last_api_base, latency }) })
    }

    /// How many one-by-one calls to keep in flight now: Little's law on this client's rate and
    /// the latency it has observed (see [`crate::in_flight`]).
    pub fn in_flight_target(&self) -> usize {
        little_target(self.inner.limiter.rate(), self.inner.latency.seconds())
    }

    /// The latency of this client's successful calls so far (an assumed 0.5 s before the first).
    pub fn latency_seconds(&self) -> f64 {
        self.inner.latency.seconds()
    }

    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// How many access tokens were minted so far (diagnostics, tests).
    pub fn token_mints(&self) -> u32 {
        self.inner.auth.mint_count()
    }

    /// Whether an expired token can be replaced (OAuth credentials, not a pasted token).
    pub fn can_renew_token(&self) -> bool {
        self.inner.auth.can_renew()
    }

    /// Mints (or checks) the access token now, e.g. to validate credentials; returns the granted scopes.
    pub async fn authenticate(&self, ctx: &CallContext) -> Result<Option<String>, ZoomError> {
        Ok(self.inner.auth.current(&self.inner.http, ctx).await?.scope)
    }

    /// The API base calls go to: the token's `api_url` once Zoom sent one, else the configured base.
    pub fn api_base(&self) -> String {
        self.inner.last_api_base.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn base_for(&self, token: &AccessToken) -> String {
        token.api_base.clone().unwrap_or_else(|| self.inner.config.endpoints.api_base.clone())
    }

    /// `GET /metrics/{meetings|webinars}/{id}/participants/qos` — one page of the QoS list.
    pub async fn qos_page(
        &self,
        meeting: &MeetingRef,
        product: Product,
        qos_type: QosType,
        page_size: u32,
        next_page_token: Option<&str>,
        ctx: &CallContext,
    ) -> Result<ApiResponse, ZoomError> {
        let query = paged_query(qos_type.for_qos(), page_size.clamp(1, 10), next_page_token);
        let path = format!("/metrics/{}/{}/participants/qos", product.metrics_segment(), meeting.path_segment());
        self.get(&ApiCall { path, query, need: product.need(ScopeNeed::ParticipantsQos) }, ctx).await
    }

    /// `GET /metrics/{meetings|webinars}/{id}/participants/{participantId}/qos` — one join's QoS.
    pub async fn participant_qos(
        &self,
        meeting: &MeetingRef,
        product: Product,
        participant_id: &str,
        qos_type: QosType,
        ctx: &CallContext,
    ) -> Result<ApiResponse, ZoomError> {
        let path = format!(
            "/metrics/{}/{}/participants/{}/qos",
            product.metrics_segment(),
            meeting.path_segment(),
            encode_component(participant_id)
        );
        let query = vec![("type".to_owned(), qos_type.for_qos().to_owned())];
        self.get(&ApiCall { path, query, need: product.need(ScopeNeed::ParticipantQos) }, ctx).await
    }

    /// `GET /metrics/{meetings|webinars}/{id}/participants` — one page of the participants list.
    pub async fn participants_page(
        &self,
        meeting: &MeetingRef,
        product: Product,
        qos_type: QosType,
        page_size: u32,
        next_page_token: Option<&str>,
        ctx: &CallContext,
    ) -> Result<ApiResponse, ZoomError> {
        // Zoom's spec knows `pastOne` for meetings only; webinars list past joins with `past`.
        let kind = match (product, qos_type) {
            (Product::Webinar, QosType::PastOne) => "past",
            _ => qos_type.as_str(),
        };
        let query = paged_query(kind, page_size.clamp(1, 300), next_page_token);
        let path = format!("/metrics/{}/{}/participants", product.metrics_segment(), meeting.path_segment());
        self.get(&ApiCall { path, query, need: product.need(ScopeNeed::Participants) }, ctx).await
    }

    /// `GET /metrics/{meetings|webinars}/{id}` — meeting details.
    pub async fn meeting_details(
        &self,
        meeting: &MeetingRef,
        product: Product,
        qos_type: QosType,
        ctx: &CallContext,
    ) -> Result<ApiResponse, ZoomError> {
        let path = format!("/metrics/{}/{}", product.metrics_segment(), meeting.path_segment());
        let query = vec![("type".to_owned(), qos_type.for_qos().to_owned())];
        self.get(&ApiCall { path, query, need: product.need(ScopeNeed::MeetingDetails) }, ctx).await
    }

    /// `GET /metrics/{meetings|webinars}?type=&from=&to=&page_size=300` — one page of meetings.
    /// `from`/`to` as `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss`.
    #[allow(clippy::too_many_arguments)]
    pub async fn list_meetings(
        &self,
        product: Product,
        qos_type: QosType,
        from: &str,
        to: &str,
        page_size: u32,
        next_page_token: Option<&str>,
        ctx: &CallContext,
    ) -> Result<ApiResponse, ZoomError> {
        for (name, v) in [("from", from), ("to", to)] {
            let ok = chrono::NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").is_ok()
                || chrono::NaiveDateTime::parse_from_str(v.trim(), "%Y-%m-%d %H:%M:%S").is_ok();
            if !ok {
                return Err(ZoomError::config(format!(
                    "{name} must be yyyy-MM-dd or yyyy-MM-dd HH:mm:ss, not \"{v}\""
                )));
            }
        }
        // `/metrics/webinars` documents `from`/`to` as dates (`yyyy-MM-dd`); meetings also take a time.
        let as_sent = |v: &str| match product {
            Product::Webinar => v.trim().get(..10).unwrap_or(v.trim()).to_owned(),
            Product::Meeting => v.trim().to_owned(),
        };
        let mut query = vec![
            ("type".to_owned(), qos_type.for_qos().to_owned()),
            ("from".into(), as_sent(from)),
            ("to".into(), as_sent(to)),
            ("page_size".into(), page_size.clamp(1, 300).to_string()),
        ];
        if let Some(t) = next_page_token.filter(|t| !t.is_empty()) {
            query.push(("next_page_token".into(), t.to_owned()));
        }
        let path = format!("/metrics/{}", product.metrics_segment());
        self.get(&ApiCall { path, query, need: product.need(ScopeNeed::ListMeetings) }, ctx).await
    }

    /// `GET /report/users/{userId}/meetings?type=pastJoined&from&to&page_size=300` — one page of
    /// the meetings a user (e-mail address or user ID) joined; `range` as `yyyy-MM-dd` dates.
    pub async fn user_meetings(
        &self,
        user: &str,
        range: (chrono::NaiveDate, chrono::NaiveDate),
        next_page_token: Option<&str>,
        ctx: &CallContext,
    ) -> Result<ApiResponse, ZoomError> {
        let mut query = vec![
            ("type".to_owned(), "pastJoined".to_owned()),
            ("from".to_owned(), range.0.format("%Y-%m-%d").to_string()),
            ("to".to_owned(), range.1.format("%Y-%m-%d").to_string()),
            ("page_size".to_owned(), "300".to_owned()),
        ];
        if let Some(t) = next_page_token.filter(|t| !t.is_empty()) {
            query.push(("next_page_token".to_owned(), t.to_owned()));
        }
        let path = format!("/report/users/{}/meetings", encode_component(user));
        self.get(&ApiCall { path, query, need: ScopeNeed::UserMeetings }, ctx).await
    }

    /// `GET /metrics/{meetings|webinars}/{id}/participants/satisfaction` — one page of feedback.
    pub async fn satisfaction_page(
        &self,
        meeting: &MeetingRef,
        product: Product,
        qos_type: QosType,
        next_page_token: Option<&str>,
        ctx: &CallContext,
    ) -> Result<ApiResponse, ZoomError> {
        let query = paged_query(qos_type.for_qos(), 300, next_page_token);
        let path =
            format!("/metrics/{}/{}/participants/satisfaction", product.metrics_segment(), meeting.path_segment());
        self.get(&ApiCall { path, query, need: product.need(ScopeNeed::Satisfaction) }, ctx).await
    }

    /// `GET /metrics/{meetings|webinars}/{id}/participants/sharing` — one page of sharing periods.
    pub async fn sharing_page(
        &self,
        meeting: &MeetingRef,
        product: Product,
        qos_type: QosType,
        next_page_token: Option<&str>,
        ctx: &CallContext,
    ) -> Result<ApiResponse, ZoomError> {
        let query = paged_query(qos_type.for_qos(), 300, next_page_token);
        let path = format!("/metrics/{}/{}/participants/sharing", product.metrics_segment(), meeting.path_segment());
        self.get(&ApiCall { path, query, need: product.need(ScopeNeed::Sharing) }, ctx).await
    }

    /// `GET /past_meetings/{id}/instances` (or `/past_webinars/…`) — the instances (UUIDs) of a meeting.
    pub async fn past_instances(
        &self,
        meeting: &MeetingRef,
        product: Product,
        ctx: &CallContext,
    ) -> Result<ApiResponse, ZoomError> {
        let root = match product {
            Product::Meeting => "past_meetings",
            Product::Webinar => "past_webinars",
        };
        let path = format!("/{root}/{}/instances", meeting.path_segment());
        self.get(&ApiCall { path, query: Vec::new(), need: ScopeNeed::Instances }, ctx).await
    }

    /// Any GET: rate-limited, retried on 5xx/timeouts/dropped connections, 429-aware, with one
    /// token renewal after a 401/124. Returns successful (2xx, JSON) responses only.
    pub async fn get(&self, call: &ApiCall, ctx: &CallContext) -> Result<ApiResponse, ZoomError> {
        let inner = &*self.inner;
        let policy = &inner.config.retry;
        let mut retries = 0u32;
        let mut rate_waits = 0u32;
        let mut renewed = false;
        let mut token: Option<AccessToken> = None;
        loop {
            if ctx.cancel.is_cancelled() {
                return Err(ZoomError::Cancelled);
            }
            // The client's own pacing (and the pause after a 429, which the call that got it
            // reports before it waits) is not reported again here, after the fact.
            tokio::select! {
                _ = inner.limiter.acquire_as(ctx.priority) => {}
                _ = ctx.cancel.cancelled() => return Err(ZoomError::Cancelled),
            }
            let tok = match token.take() {
                Some(t) => t,
                None => inner.auth.current(&inner.http, ctx).await?,
            };
            let api_base = self.base_for(&tok);
            *inner.last_api_base.lock().unwrap_or_else(|e| e.into_inner()) = api_base.clone();
            let url = build_url(&api_base, &call.path, &call.query);
            let send = inner
                .http
                .get(&url)
                .bearer_auth(tok.secret.expose())
                .header(reqwest::header::ACCEPT, "application/json")
                .send();
            let sent_at = std::time::Instant::now();
            let result = tokio::select! {
                r = async {
                    let resp = send.await?;
                    let status = resp.status().as_u16();
                    let headers = RateLimitHeaders::from_headers(resp.headers());
                    Ok::<_, reqwest::Error>((status, headers, read_limited(resp, MAX_RESPONSE_BYTES).await?))
                } => r,
                _ = ctx.cancel.cancelled() => return Err(ZoomError::Cancelled),
            };
            let (status, rate_limit, body) = match result {
                Ok((_, _, Body::TooLarge(bytes))) => {
                    return Err(ZoomError::BadResponse {
                        status: 0,
                        detail: format!(
                            "the answer for {} was larger than {} MiB ({} MiB read) and was refused; a real Dashboard \
                             answer is far smaller — check QOSCOPE_API_BASE or the proxy in between",
                            call.path,
                            MAX_RESPONSE_BYTES >> 20,
                            bytes >> 20
                        ),
                    })
                }
                Ok((status, headers, Body::Text(body))) => (status, headers, body),
                Err(e) if e.is_builder() => {
                    return Err(ZoomError::config(format!("bad request URL {url}: {}", describe_reqwest(&e))))
                }
                Err(e) => {
                    let reason = describe_reqwest(&e);
                    if retries < policy.max_retries {
                        retries += 1;
                        ctx.report(Progress::Retrying { attempt: retries, max: policy.max_retries, reason });
                        self.sleep(policy.backoff(retries - 1), ctx).await?;
                        continue;
                    }
                    return Err(ZoomError::Network {
                        detail: format!("{reason} — gave up after {} tries", retries + 1),
                    });
                }
            };
            let received_at = Utc::now();
            if (200..300).contains(&status) {
                inner.latency.record(sent_at.elapsed());
                return match serde_json::from_str::<Value>(&body) {
                    Ok(Value::Object(map))
                        if map.contains_key("code") && map.contains_key("message") && map.len() <= 3 =>
                    {
                        // An error envelope with a 2xx status (e.g. code 200, "Only available for paid account").
                        Err(classify(status, &body, call.need))
                    }
                    Ok(_) => {
                        let response = ApiResponse {
                            path: call.path.clone(),
                            query: call.query.clone(),
                            status,
                            body,
                            received_at,
                            rate_limit,
                            api_base,
                        };
                        ctx.report_received(&response);
                        Ok(response)
                    }
                    Err(_) => Err(ZoomError::BadResponse {
                        status,
                        detail: format!("Zoom sent {} for {}", describe_non_json(&body), call.path),
                    }),
                };
            }
            if status == 401 {
                let code = crate::errors::ZoomErrorBody::parse(&body).and_then(|b| b.code);
                if matches!(code, None | Some(124)) {
                    if !inner.auth.can_renew() {
                        return Err(ZoomError::TokenExpired);
                    }
                    if !renewed {
                        renewed = true;
                        token = Some(inner.auth.renew_after_rejection(&inner.http, tok.generation, ctx).await?);
                        continue;
                    }
                    return Err(ZoomError::Auth {
                        detail: "Zoom refused a freshly minted access token too (HTTP 401, code 124)".into(),
                    });
                }
            }
            if status == 429 {
                let retry_at = rate_limit.retry_at();
                if rate_limit.is_daily() {
                    return Err(ZoomError::RateLimitedDaily { reset_at: retry_at.map(|r| r.time_from(received_at)) });
                }
                let wait = match retry_at {
                    Some(r) => r.wait_from(Utc::now()).max(policy.base_delay),
                    None => policy.backoff(rate_waits),
                };
                if wait > policy.max_rate_limit_wait {
                    // A wait this long is a daily (or account-wide) limit whatever the headers say.
                    return Err(ZoomError::RateLimitedDaily { reset_at: retry_at.map(|r| r.time_from(received_at)) });
                }
                if rate_waits >= policy.max_rate_limit_waits {
                    return Err(ZoomError::Http {
                        status,
                        code: Some(429),
                        message: format!("still rate limited after waiting {rate_waits} times"),
                    });
                }
                rate_waits += 1;
                if let Some(limit) = rate_limit.per_second_limit() {
                    inner.limiter.learn_server_limit(limit);
                }
                inner.limiter.pause_for(wait);
                ctx.report(Progress::WaitingForRateLimit { seconds: wait.as_secs_f64() });
                // The limiter holds every call until the pause ends, this one included; waiting
                // there (not in a sleep of its own) keeps a pager's place ahead of single calls.
                continue;
            }
            if status >= 500 || status == 408 {
                if retries < policy.max_retries {
                    retries += 1;
                    ctx.report(Progress::Retrying {
                        attempt: retries,
                        max: policy.max_retries,
                        reason: format!("HTTP {status}"),
                    });
                    self.sleep(policy.backoff(retries - 1), ctx).await?;
                    continue;
                }
                return Err(match classify(status, &body, call.need) {
                    ZoomError::BadResponse { status, detail } => ZoomError::BadResponse {
                        status,
                        detail: format!("{detail} (gave up after {} tries)", retries + 1),
                    },
                    other => other,
                });
            }
            return Err(classify(status, &body, call.need));
        }
    }

    async fn sleep(&self, d: Duration, ctx: &CallContext) -> Result<(), ZoomError> {
        tokio::select! {
            _ = tokio::time::sleep(d) => Ok(()),
            _ = ctx.cancel.cancelled() => Err(ZoomError::Cancelled),
        }
    }
}

/// The largest answer QoScope reads (a QoS page of ten joins over a 24-hour meeting is about
/// 20 MiB); anything larger is refused rather than held in memory.
pub const MAX_RESPONSE_BYTES: usize = 64 << 20;

/// A response body, or how much was read before it passed the limit.
enum Body {
    Text(String),
    TooLarge(usize),
}

/// Reads a body up to `limit` bytes (refusing at once when Content-Length says more).
async fn read_limited(mut resp: reqwest::Response, limit: usize) -> Result<Body, reqwest::Error> {
    if resp.content_length().is_some_and(|n| n > limit as u64) {
        return Ok(Body::TooLarge(resp.content_length().unwrap_or(0) as usize));
    }
    let mut bytes: Vec<u8> = Vec::new();
    while let Some(chunk) = resp.chunk().await? {
        if bytes.len() + chunk.len() > limit {
            return Ok(Body::TooLarge(bytes.len() + chunk.len()));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Body::Text(String::from_utf8_lossy(&bytes).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_encoded_once() {
        let q = vec![("type".to_owned(), "past".to_owned()), ("next_page_token".to_owned(), "a+b/c=".to_owned())];
        assert_eq!(
            build_url("https://api.zoom.us/v2/", "/metrics/meetings/%252Fab/participants/qos", &q),
            "https://api.zoom.us/v2/metrics/meetings/%252Fab/participants/qos?type=past&next_page_token=a%2Bb%2Fc%3D"
        );
        let u = reqwest::Url::parse("http://127.0.0.1:1/v2/metrics/meetings/%252Fab%253D").unwrap();
        assert_eq!(u.path(), "/v2/metrics/meetings/%252Fab%253D");
    }
}
