//! Paging through Zoom's `next_page_token` lists without looping forever or losing pages.
//!
//! Rules: an expired token (HTTP 400, code 300, on a request that carried a token) restarts
//! from the first page, at most `max_restarts` times; a repeated token, or more pages than
//! `total_records`/`page_size` (or `page_count`) allows, stops with
//! [`ZoomError::PagingDidNotEnd`]. Every page received is recorded as it arrives.

use crate::client::ApiResponse;
use crate::errors::ZoomError;
use crate::progress::{CallContext, Progress, Stage};
use qoscope_model::lenient::RawScalar;
use serde::Deserialize;
use std::collections::HashSet;
use std::future::Future;

/// Upper bound when Zoom gives neither `total_records` nor `page_count`.
pub const MAX_PAGES_WITHOUT_TOTAL: u32 = 10_000;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Envelope {
    page_count: Option<RawScalar>,
    page_size: Option<RawScalar>,
    total_records: Option<RawScalar>,
    next_page_token: Option<RawScalar>,
}

fn number(v: &Option<RawScalar>) -> Option<u64> {
    v.as_ref()
        .and_then(RawScalar::as_text)
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|n| *n >= 0.0)
        .map(|n| n as u64)
}

/// How many pages this envelope allows in total.
fn allowed_pages(env: &Envelope, requested_page_size: u32) -> u32 {
    let size = number(&env.page_size).filter(|s| *s > 0).unwrap_or(u64::from(requested_page_size.max(1)));
    let by_total = number(&env.total_records).map(|t| t.div_ceil(size).max(1));
    let by_count = number(&env.page_count);
    match (by_total, by_count) {
        (None, None) => MAX_PAGES_WITHOUT_TOTAL,
        (a, b) => a.unwrap_or(0).max(b.unwrap_or(0)).clamp(1, u64::from(MAX_PAGES_WITHOUT_TOTAL)) as u32,
    }
}

/// Fetches every page. `fetch(token)` gets one page; `record` is called for each page received
/// (including pages of a pass abandoned because its token expired). Returns the bodies of the
/// final, complete pass in order.
pub async fn fetch_all_pages<F, Fut>(
    stage: Stage,
    path_for_errors: &str,
    requested_page_size: u32,
    max_restarts: u32,
    ctx: &CallContext,
    fetch: F,
    record: impl FnMut(&ApiResponse),
) -> Result<Vec<String>, ZoomError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<ApiResponse, ZoomError>>,
{
    fetch_pages_until(stage, path_for_errors, requested_page_size, max_restarts, ctx, fetch, record, || false).await
}

/// Like [`fetch_all_pages`], but stops before the next request once `enough()` is true (the
/// caller has what it needs from elsewhere), returning the pages of the pass so far.
#[allow(clippy::too_many_arguments)]
pub async fn fetch_pages_until<F, Fut>(
    stage: Stage,
    path_for_errors: &str,
    requested_page_size: u32,
    max_restarts: u32,
    ctx: &CallContext,
    mut fetch: F,
    mut record: impl FnMut(&ApiResponse),
    enough: impl Fn() -> bool,
) -> Result<Vec<String>, ZoomError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<ApiResponse, ZoomError>>,
{
    let mut restarts = 0u32;
    'pass: loop {
        let mut seen: HashSet<String> = HashSet::new();
        let mut token: Option<String> = None;
        let mut bodies: Vec<String> = Vec::new();
        loop {
            if enough() {
                return Ok(bodies);
            }
            let resp = match fetch(token.clone()).await {
                Ok(r) => r,
                Err(ZoomError::Http { status: 400, code: Some(300), message }) if token.is_some() => {
                    restarts += 1;
                    if restarts > max_restarts {
                        return Err(ZoomError::PagingDidNotEnd {
                            path: path_for_errors.to_owned(),
                            detail: format!("the page token expired {restarts} times ({message})"),
                        });
                    }
                    ctx.report(Progress::PagingRestarted { stage, restart: restarts });
                    continue 'pass;
                }
                Err(e) => return Err(e),
            };
            record(&resp);
            let env: Envelope = serde_json::from_str(&resp.body).map_err(|_| ZoomError::BadResponse {
                status: resp.status,
                detail: format!("a page of {path_for_errors} was not a JSON object"),
            })?;
            bodies.push(resp.body);
            let page = bodies.len() as u32;
            let allowed = allowed_pages(&env, requested_page_size);
            ctx.report(Progress::PageFetched { stage, page, total_pages: Some(allowed) });
            let next = env.next_page_token.as_ref().and_then(RawScalar::as_text).map(|t| t.trim().to_owned());
            match next.filter(|t| !t.is_empty()) {
                None => return Ok(bodies),
                Some(t) => {
                    if let Some(sent) = &token {
                        seen.insert(sent.clone());
                    }
                    if seen.contains(&t) {
                        return Err(ZoomError::PagingDidNotEnd {
                            path: path_for_errors.to_owned(),
                            detail: format!("Zoom sent the same next_page_token again after page {page}"),
                        });
                    }
                    if page >= allowed {
                        return Err(ZoomError::PagingDidNotEnd {
                            path: path_for_errors.to_owned(),
                            detail: format!(
                                "page {page} still had a next_page_token although Zoom's totals allow {allowed} page(s)"
                            ),
                        });
                    }
                    token = Some(t);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(json: &str) -> Envelope {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn allowed_pages_from_totals() {
        assert_eq!(allowed_pages(&env(r#"{"total_records":21,"page_size":10}"#), 10), 3);
        assert_eq!(allowed_pages(&env(r#"{"total_records":"20"}"#), 10), 2);
        assert_eq!(allowed_pages(&env(r#"{"total_records":0}"#), 10), 1);
        assert_eq!(allowed_pages(&env(r#"{"page_count":4,"total_records":5,"page_size":10}"#), 10), 4);
        assert_eq!(allowed_pages(&env(r#"{}"#), 10), MAX_PAGES_WITHOUT_TOTAL);
    }
}
