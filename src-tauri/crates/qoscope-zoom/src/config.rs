//! Where to talk to (API base, OAuth token URL) and with which credentials.

use crate::errors::ZoomError;
use crate::retry::RetryPolicy;
use qoscope_secrets::{Credentials, SecretString};
use std::net::IpAddr;
use std::time::Duration;

pub const DEFAULT_API_BASE: &str = "https://api.zoom.us/v2";
pub const DEFAULT_TOKEN_URL: &str = "https://zoom.us/oauth/token";
pub const ENV_API_BASE: &str = "QOSCOPE_API_BASE";
pub const ENV_TOKEN_URL: &str = "QOSCOPE_OAUTH_TOKEN_URL";
pub const ENV_ACCOUNT_ID: &str = "ZOOM_ACCOUNT_ID";
pub const ENV_CLIENT_ID: &str = "ZOOM_CLIENT_ID";
pub const ENV_CLIENT_SECRET: &str = "ZOOM_CLIENT_SECRET";
pub const ENV_ACCESS_TOKEN: &str = "ZOOM_ACCESS_TOKEN";
/// Zoom's Business-plan "Heavy" limit is 40/s per account; stay below it by default.
pub const DEFAULT_REQUESTS_PER_SECOND: f64 = 30.0;

/// The API base and the OAuth token URL, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// Without a trailing slash, e.g. `https://api.zoom.us/v2`.
    pub api_base: String,
    pub token_url: String,
}

impl Default for Endpoints {
    fn default() -> Self {
        Endpoints { api_base: DEFAULT_API_BASE.to_owned(), token_url: DEFAULT_TOKEN_URL.to_owned() }
    }
}

impl Endpoints {
    /// Validates both URLs (`https://`, or `http://` to a loopback host only).
    pub fn new(api_base: &str, token_url: &str) -> Result<Endpoints, ZoomError> {
        Ok(Endpoints {
            api_base: validate_base_url(api_base, "API base")?,
            token_url: validate_base_url(token_url, "OAuth token URL")?,
        })
    }

    /// Reads `QOSCOPE_API_BASE` and `QOSCOPE_OAUTH_TOKEN_URL` through `lookup` (e.g.
    /// `|k| std::env::var(k).ok()`), with Zoom's defaults for unset or blank ones.
    pub fn from_env(lookup: impl Fn(&str) -> Option<String>) -> Result<Endpoints, ZoomError> {
        let get = |k: &str, default: &str| lookup(k).filter(|v| !v.trim().is_empty()).unwrap_or_else(|| default.into());
        let api = get(ENV_API_BASE, DEFAULT_API_BASE);
        let token = get(ENV_TOKEN_URL, DEFAULT_TOKEN_URL);
        Ok(Endpoints {
            api_base: validate_base_url(&api, ENV_API_BASE)?,
            token_url: validate_base_url(&token, ENV_TOKEN_URL)?,
        })
    }
}

/// True for `localhost`, 127.0.0.0/8 and `::1`.
pub fn is_loopback_host(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost") || h.parse::<IpAddr>().map(|ip| ip.is_loopback()).unwrap_or(false)
}

/// Checks a base URL: `https://…`, or `http://` to a loopback host (tests, local simulators).
/// Returns it without a trailing slash.
pub fn validate_base_url(raw: &str, what: &str) -> Result<String, ZoomError> {
    let trimmed = raw.trim();
    let url = reqwest::Url::parse(trimmed)
        .map_err(|e| ZoomError::config(format!("{what} \"{trimmed}\" is not a valid URL ({e}).")))?;
    let host = url.host_str().unwrap_or("");
    match url.scheme() {
        "https" if !host.is_empty() => {}
        "http" if is_loopback_host(host) => {}
        "http" => {
            return Err(ZoomError::config(format!(
                "{what} \"{trimmed}\" uses plain http://, which is allowed only for this computer \
                 (localhost, 127.0.0.1, ::1). Use https:// for {host}."
            )))
        }
        other => {
            return Err(ZoomError::config(format!("{what} \"{trimmed}\" must start with https:// (not {other}://).")))
        }
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() || url.password().is_some() {
        return Err(ZoomError::config(format!(
            "{what} must be a plain URL without user name, password, query or fragment."
        )));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// What to authenticate with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialSource {
    /// A Server-to-Server OAuth app: tokens are minted (and re-minted) as needed.
    OAuth(Credentials),
    /// An access token pasted by the user: used as is, cannot be renewed.
    AccessToken(SecretString),
}

impl CredentialSource {
    pub fn access_token(token: impl Into<String>) -> CredentialSource {
        CredentialSource::AccessToken(SecretString::new(token.into().trim().to_owned()))
    }

    /// `ZOOM_ACCOUNT_ID` + `ZOOM_CLIENT_ID` + `ZOOM_CLIENT_SECRET`, else `ZOOM_ACCESS_TOKEN`.
    /// `Ok(None)` when none is set; an error naming what is missing when only some are.
    pub fn from_env(lookup: impl Fn(&str) -> Option<String>) -> Result<Option<CredentialSource>, ZoomError> {
        let get = |k: &str| lookup(k).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let account = get(ENV_ACCOUNT_ID);
        let client = get(ENV_CLIENT_ID);
        let secret = get(ENV_CLIENT_SECRET);
        match (account, client, secret) {
            (Some(account_id), Some(client_id), Some(secret)) => Ok(Some(CredentialSource::OAuth(Credentials {
                account_id,
                client_id,
                client_secret: SecretString::new(secret),
            }))),
            (None, None, None) => Ok(get(ENV_ACCESS_TOKEN).map(CredentialSource::access_token)),
            (a, c, s) => {
                let missing: Vec<&str> =
                    [(a.is_none(), ENV_ACCOUNT_ID), (c.is_none(), ENV_CLIENT_ID), (s.is_none(), ENV_CLIENT_SECRET)]
                        .into_iter()
                        .filter_map(|(m, k)| m.then_some(k))
                        .collect();
                if let Some(token) = get(ENV_ACCESS_TOKEN) {
                    return Ok(Some(CredentialSource::access_token(token)));
                }
                Err(ZoomError::config(format!(
                    "Incomplete Zoom credentials in the environment: {} not set (all of {ENV_ACCOUNT_ID}, \
                     {ENV_CLIENT_ID} and {ENV_CLIENT_SECRET} are needed, or {ENV_ACCESS_TOKEN}).",
                    missing.join(", ")
                )))
            }
        }
    }

    pub fn can_renew(&self) -> bool {
        matches!(self, CredentialSource::OAuth(_))
    }
}

/// Everything a [`crate::ZoomClient`] needs besides credentials.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub endpoints: Endpoints,
    /// Client-side limit shared by all concurrent calls of one client.
    pub requests_per_second: f64,
    pub retry: RetryPolicy,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    pub user_agent: String,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            endpoints: Endpoints::default(),
            requests_per_second: DEFAULT_REQUESTS_PER_SECOND,
            retry: RetryPolicy::default(),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            user_agent: format!("QoScope/{}", env!("CARGO_PKG_VERSION")),
        }
    }
}

impl ClientConfig {
    pub fn with_endpoints(endpoints: Endpoints) -> ClientConfig {
        ClientConfig { endpoints, ..ClientConfig::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn defaults_and_overrides() {
        assert_eq!(Endpoints::from_env(env(&[])).unwrap(), Endpoints::default());
        let e = Endpoints::from_env(env(&[
            (ENV_API_BASE, "http://127.0.0.1:4010/v2/"),
            (ENV_TOKEN_URL, "http://localhost:9/t"),
        ]))
        .unwrap();
        assert_eq!(e.api_base, "http://127.0.0.1:4010/v2");
        assert_eq!(e.token_url, "http://localhost:9/t");
        assert!(Endpoints::new("http://[::1]:80/v2", DEFAULT_TOKEN_URL).is_ok());
        assert!(Endpoints::new("http://127.8.9.10/v2", DEFAULT_TOKEN_URL).is_ok());
    }

    #[test]
    fn plain_http_to_other_hosts_is_rejected() {
        for bad in ["http://api.zoom.us/v2", "http://10.0.0.1/v2", "http://localhost.evil.com/"] {
            let e = Endpoints::from_env(env(&[(ENV_API_BASE, bad)])).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Config);
            assert!(e.to_string().contains("plain http://"), "{e}");
        }
        assert!(Endpoints::new("ftp://x/", DEFAULT_TOKEN_URL).unwrap_err().to_string().contains("https://"));
        assert!(Endpoints::new("not a url", DEFAULT_TOKEN_URL).is_err());
    }

    #[test]
    fn credentials_from_env() {
        let c = CredentialSource::from_env(env(&[
            (ENV_ACCOUNT_ID, "acc"),
            (ENV_CLIENT_ID, "cid"),
            (ENV_CLIENT_SECRET, "s3cret"),
        ]))
        .unwrap()
        .unwrap();
        assert!(c.can_renew());
        assert!(!format!("{c:?}").contains("s3cret"));
        let c = CredentialSource::from_env(env(&[(ENV_ACCESS_TOKEN, " tok ")])).unwrap().unwrap();
        assert_eq!(c, CredentialSource::AccessToken(SecretString::new("tok")));
        assert_eq!(CredentialSource::from_env(env(&[])).unwrap(), None);
        let e = CredentialSource::from_env(env(&[(ENV_ACCOUNT_ID, "acc")])).unwrap_err().to_string();
        assert!(e.contains("ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET not set"), "{e}");
    }
}
