//! Server-to-Server OAuth: mints access tokens, keeps them in memory only, re-mints near expiry
//! or once after Zoom rejects one. A pasted access token is used as is and cannot be renewed.

use crate::config::{validate_base_url, CredentialSource, Endpoints};
use crate::errors::{describe_non_json, safe_detail, ZoomError, ZoomErrorBody};
use crate::hosts::is_zoom_host;
use crate::meeting_ref::encode_component;
use crate::progress::{CallContext, Progress};
use crate::retry::RetryPolicy;
use qoscope_model::lenient::RawScalar;
use qoscope_secrets::SecretString;
use serde::Deserialize;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

/// Tokens this close to expiry are replaced before use.
pub const RENEW_BEFORE_EXPIRY: Duration = Duration::from_secs(60);

/// An access token in memory. `Debug` never shows it.
#[derive(Debug, Clone)]
pub struct AccessToken {
    pub secret: SecretString,
    /// When to mint a successor: [`RENEW_BEFORE_EXPIRY`] before expiry, or after four fifths of
    /// the lifetime for short-lived tokens. `None` for a pasted token (unknown lifetime).
    pub renew_at: Option<Instant>,
    /// Increments with every mint; lets concurrent callers re-mint only once per rejected token.
    pub generation: u64,
    /// The scopes Zoom granted (as Zoom listed them).
    pub scope: Option<String>,
    /// The regional API base from the token response, when present and acceptable.
    pub api_base: Option<String>,
}

/// Zoom's token response. The token is a [`SecretString`], so `Debug` cannot print it.
#[derive(Debug, Deserialize)]
struct TokenResponse {
    access_token: Option<SecretString>,
    expires_in: Option<RawScalar>,
    scope: Option<RawScalar>,
    api_url: Option<RawScalar>,
}

#[derive(Debug)]
pub(crate) struct TokenProvider {
    source: CredentialSource,
    token_url: String,
    retry: RetryPolicy,
    state: Mutex<Option<AccessToken>>,
    mints: AtomicU32,
    /// The endpoints were overridden (a proxy, the simulator): the token's `api_url` may then
    /// name any host the base-URL rule accepts, not only Zoom's.
    endpoints_overridden: bool,
}

impl TokenProvider {
    pub(crate) fn new(source: CredentialSource, endpoints: &Endpoints, retry: RetryPolicy) -> TokenProvider {
        let state = match &source {
            CredentialSource::AccessToken(t) => {
                Some(AccessToken { secret: t.clone(), renew_at: None, generation: 0, scope: None, api_base: None })
            }
            CredentialSource::OAuth(_) => None,
        };
        TokenProvider {
            source,
            token_url: endpoints.token_url.clone(),
            retry,
            state: Mutex::new(state),
            mints: AtomicU32::new(0),
            endpoints_overridden: *endpoints != Endpoints::default(),
        }
    }

    pub(crate) fn can_renew(&self) -> bool {
        self.source.can_renew()
    }

    pub(crate) fn mint_count(&self) -> u32 {
        self.mints.load(Ordering::SeqCst)
    }

    /// A token that is not about to expire, minting one when needed.
    pub(crate) async fn current(&self, http: &reqwest::Client, ctx: &CallContext) -> Result<AccessToken, ZoomError> {
        let mut state = self.state.lock().await;
        if let Some(t) = state.as_ref() {
            let fresh = t.renew_at.is_none_or(|at| Instant::now() < at);
            if fresh {
                return Ok(t.clone());
            }
        }
        let generation = state.as_ref().map_or(0, |t| t.generation) + 1;
        let token = self.mint(http, generation, ctx).await?;
        *state = Some(token.clone());
        Ok(token)
    }

    /// Zoom rejected `rejected` (401, code 124): mint a new one unless another task already did.
    pub(crate) async fn renew_after_rejection(
        &self,
        http: &reqwest::Client,
        rejected: u64,
        ctx: &CallContext,
    ) -> Result<AccessToken, ZoomError> {
        if !self.can_renew() {
            return Err(ZoomError::TokenExpired);
        }
        let mut state = self.state.lock().await;
        if let Some(t) = state.as_ref().filter(|t| t.generation != rejected) {
            return Ok(t.clone());
        }
        let token = self.mint(http, rejected + 1, ctx).await?;
        *state = Some(token.clone());
        Ok(token)
    }

    async fn mint(&self, http: &reqwest::Client, generation: u64, ctx: &CallContext) -> Result<AccessToken, ZoomError> {
        let CredentialSource::OAuth(creds) = &self.source else { return Err(ZoomError::TokenExpired) };
        if creds.account_id.trim().is_empty() || creds.client_id.trim().is_empty() || creds.client_secret.is_empty() {
            return Err(ZoomError::Auth { detail: "the account ID, client ID or client secret is empty".into() });
        }
        let form = format!("grant_type=account_credentials&account_id={}", encode_component(creds.account_id.trim()));
        let mut attempt = 0;
        loop {
            if ctx.cancel.is_cancelled() {
                return Err(ZoomError::Cancelled);
            }
            let send = http
                .post(&self.token_url)
                .basic_auth(creds.client_id.trim(), Some(creds.client_secret.expose()))
                .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(reqwest::header::ACCEPT, "application/json")
                .body(form.clone())
                .send();
            let result = tokio::select! {
                r = async { let resp = send.await?; let status = resp.status().as_u16(); Ok::<_, reqwest::Error>((status, resp.text().await?)) } => r,
                _ = ctx.cancel.cancelled() => return Err(ZoomError::Cancelled),
            };
            let retryable = match &result {
                Err(e) => !e.is_builder(),
                Ok((status, _)) => *status >= 500 || *status == 429 || *status == 408,
            };
            if retryable && attempt < self.retry.max_retries {
                attempt += 1;
                let reason = match &result {
                    Err(e) => crate::client::describe_reqwest(e),
                    Ok((status, _)) => format!("HTTP {status} from the OAuth token endpoint"),
                };
                ctx.report(Progress::Retrying { attempt, max: self.retry.max_retries, reason });
                tokio::select! {
                    _ = tokio::time::sleep(self.retry.backoff(attempt - 1)) => {},
                    _ = ctx.cancel.cancelled() => return Err(ZoomError::Cancelled),
                }
                continue;
            }
            let (status, body) = result.map_err(|e| ZoomError::Network {
                detail: format!("the OAuth token endpoint: {}", crate::client::describe_reqwest(&e)),
            })?;
            let token = self.parse(status, &body, generation)?;
            self.mints.fetch_add(1, Ordering::SeqCst);
            ctx.report(Progress::TokenMinted);
            return Ok(token);
        }
    }

    fn parse(&self, status: u16, body: &str, generation: u64) -> Result<AccessToken, ZoomError> {
        if !(200..300).contains(&status) {
            let parsed = ZoomErrorBody::parse(body);
            return Err(match (status, parsed) {
                (400 | 401 | 403, Some(b)) => {
                    ZoomError::Auth { detail: safe_detail(b.code, b.message.as_deref().unwrap_or("")) }
                }
                (_, Some(b)) if matches!(b.code, Some(4702 | 4704 | 4705 | 4706 | 4711)) => {
                    ZoomError::Auth { detail: safe_detail(b.code, b.message.as_deref().unwrap_or("")) }
                }
                (400 | 401 | 403, None) => ZoomError::Auth { detail: format!("HTTP {status}") },
                (_, Some(b)) => ZoomError::Http {
                    status,
                    code: b.code,
                    message: format!("OAuth token endpoint: {}", b.message.unwrap_or_default()),
                },
                (_, None) => ZoomError::BadResponse {
                    status,
                    detail: format!("the OAuth token endpoint sent {}", describe_non_json(body)),
                },
            });
        }
        let bad = |what: &str| ZoomError::BadResponse { status, detail: format!("the OAuth token response {what}") };
        let parsed: TokenResponse = serde_json::from_str(body).map_err(|_| bad("was not the expected JSON"))?;
        let access =
            parsed.access_token.filter(|t| !t.expose().trim().is_empty()).ok_or_else(|| bad("had no access_token"))?;
        let expires_in = parsed
            .expires_in
            .and_then(|v| v.as_text())
            .and_then(|s| s.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s > 0.0)
            .unwrap_or(3600.0)
            .min(86_400.0 * 30.0);
        let api_base = parsed
            .api_url
            .and_then(|v| v.as_text())
            .filter(|s| !s.trim().is_empty())
            .and_then(|u| validate_base_url(&u, "api_url").ok())
            .filter(|u| self.endpoints_overridden || api_url_is_zoom(u))
            .map(|u| {
                let after_scheme = u.split_once("://").map_or("", |(_, rest)| rest);
                if after_scheme.contains('/') {
                    u
                } else {
                    format!("{u}/v2")
                }
            });
        Ok(AccessToken {
            secret: access,
            renew_at: Some({
                let lifetime = Duration::from_secs_f64(expires_in);
                Instant::now() + lifetime - RENEW_BEFORE_EXPIRY.min(lifetime / 5)
            }),
            generation,
            scope: parsed.scope.and_then(|s| s.as_text()),
            api_base,
        })
    }
}

/// Whether a token response's `api_url` is on Zoom's own hosts (`*.zoom.us`, `*.zoomgov.com`):
/// QoScope sends the access token there, so a tampered response must not redirect it.
fn api_url_is_zoom(url: &str) -> bool {
    reqwest::Url::parse(url).ok().is_some_and(|u| u.scheme() == "https" && u.host_str().is_some_and(is_zoom_host))
}

#[cfg(test)]
mod tests {
    use super::*;
    use qoscope_secrets::Credentials;

    fn provider_for(endpoints: &Endpoints) -> TokenProvider {
        TokenProvider::new(
            CredentialSource::OAuth(Credentials {
                account_id: "a".into(),
                client_id: "c".into(),
                client_secret: SecretString::new("s"),
            }),
            endpoints,
            RetryPolicy::fast(),
        )
    }

    fn provider() -> TokenProvider {
        provider_for(&Endpoints::default())
    }

    #[test]
    fn debug_of_a_token_response_hides_the_token() {
        let parsed: TokenResponse =
            serde_json::from_str(r#"{"access_token":"eyJhbGciOiJIUzUxMiJ9.secret-token","expires_in":3599}"#).unwrap();
        let text = format!("{parsed:?}");
        assert!(!text.contains("secret-token") && !text.contains("eyJ"), "{text}");
        assert!(text.contains("<redacted>"), "{text}");
    }

    #[test]
    fn api_url_is_taken_only_from_zoom_hosts_unless_the_endpoints_were_overridden() {
        let body = |url: &str| format!(r#"{{"access_token":"tok","api_url":"{url}"}}"#);
        let p = provider();
        for zoom in ["https://api-eu.zoom.us", "https://api.zoomgov.com", "https://API.ZOOM.US/v2"] {
            assert!(p.parse(200, &body(zoom), 1).unwrap().api_base.is_some(), "{zoom}");
        }
        for other in
            ["https://evil.example", "https://zoom.us.evil.example/v2", "https://evilzoom.us", "http://127.0.0.1:9"]
        {
            assert_eq!(p.parse(200, &body(other), 1).unwrap().api_base, None, "{other}");
        }
        // A proxy or the simulator set through QOSCOPE_API_BASE / QOSCOPE_OAUTH_TOKEN_URL.
        let local = Endpoints::new("http://127.0.0.1:4010/v2", "http://127.0.0.1:4010/oauth/token").unwrap();
        let p = provider_for(&local);
        assert_eq!(
            p.parse(200, &body("http://127.0.0.1:4011"), 1).unwrap().api_base.as_deref(),
            Some("http://127.0.0.1:4011/v2")
        );
        assert_eq!(
            p.parse(200, &body("https://proxy.example"), 1).unwrap().api_base.as_deref(),
            Some("https://proxy.example/v2")
        );
    }

    #[test]
    fn parses_token_responses() {
        let p = provider();
        let t = p
            .parse(200, r#"{"access_token":"tok","token_type":"bearer","expires_in":3599,"scope":"x:y","api_url":"https://api-eu.zoom.us"}"#, 1)
            .unwrap();
        assert_eq!(t.secret.expose(), "tok");
        assert_eq!(t.api_base.as_deref(), Some("https://api-eu.zoom.us/v2"));
        assert!(!format!("{t:?}").contains("tok\""));
        // An api_url that fails the http/loopback rule is ignored.
        let t = p.parse(200, r#"{"access_token":"tok","api_url":"http://evil.example/v2"}"#, 1).unwrap();
        assert_eq!(t.api_base, None);
        assert_eq!(p.parse(200, r#"{"token_type":"bearer"}"#, 1).unwrap_err().kind(), crate::ErrorKind::BadResponse);
    }

    #[test]
    fn oauth_errors_say_the_credentials_are_wrong() {
        let p = provider();
        let e =
            p.parse(400, r#"{"reason":"Invalid client_id or client_secret","error":"invalid_client"}"#, 1).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Auth);
        assert!(e.to_string().starts_with("Zoom rejected the client ID/secret"), "{e}");
        let e = p.parse(401, r#"{"code":4705,"message":"Invalid client"}"#, 1).unwrap_err();
        assert!(e.to_string().contains("code 4705"), "{e}");
        assert_eq!(p.parse(502, "<html>bad gateway</html>", 1).unwrap_err().kind(), crate::ErrorKind::BadResponse);
    }
}
