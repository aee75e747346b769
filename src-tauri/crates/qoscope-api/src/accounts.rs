//! Accounts: named Zoom Server-to-Server OAuth profiles.
//!
//! The non-secret identifiers (name, account ID, client ID) live in the app's settings file
//! ([`Settings`], one typed and versioned struct under one key); the client secret lives only in
//! the OS keychain ([`ProfileVault`], one entry per profile). Everything here is Tauri-free: the
//! shell's commands load and save [`Settings`] and call these functions.

use crate::error::{ApiError, ErrorCode};
use crate::preferences::{TimeZoneDisplay, MAX_REQUESTS_PER_SECOND, MIN_REQUESTS_PER_SECOND};
use qoscope_diagnosis::thresholds::Thresholds;
use qoscope_secrets::{validate_profile_name, Credentials, ProfileVault, SecretString};
use qoscope_zoom::config::DEFAULT_REQUESTS_PER_SECOND;
use qoscope_zoom::{CallContext, CancelFlag, ClientConfig, CredentialSource, Endpoints, RetryPolicy, ZoomClient};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use std::time::Duration;
use ts_rs::TS;

/// The settings format this build writes. Version 1 held only the profiles; version 2 added the
/// time zone display, the request rate and the diagnosis thresholds (read from a version-1 file,
/// they take their defaults); version 3 changed the content-metric defaults (#14), so stored
/// thresholds still at the version-2 defaults take the new ones
/// ([`crate::settings_migration`]).
pub const SETTINGS_VERSION: u32 = 3;
/// The settings file, in the app data directory.
pub const SETTINGS_FILE: &str = "settings.json";
/// The one key [`Settings`] is stored under.
pub const SETTINGS_KEY: &str = "settings";

/// Where the Zoom App Marketplace keeps a Server-to-Server OAuth app's credentials and scopes.
pub const MARKETPLACE_HINT: &str = "In the Zoom App Marketplace (marketplace.zoom.us), open Manage → your \
     Server-to-Server OAuth app: App Credentials shows the account ID, client ID and client secret; Scopes lists \
     what the app may read.";

/// The app's settings. Unknown fields (from a newer QoScope) are kept as they are when saving;
/// missing fields (from an older one) take their defaults; malformed profiles are skipped. A file
/// without a version counts as the oldest format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default = "oldest_version")]
    pub version: u32,
    #[serde(default, deserialize_with = "lenient_profiles")]
    pub profiles: Vec<ProfileInfo>,
    /// How times are shown (since version 2).
    #[serde(default, deserialize_with = "lenient_or_default")]
    pub time_zone: TimeZoneDisplay,
    /// Requests per second a fetch may send (since version 2).
    #[serde(default = "default_rate", deserialize_with = "lenient_rate")]
    pub requests_per_second: f64,
    /// The diagnosis thresholds (since version 2).
    #[serde(default, deserialize_with = "lenient_or_default")]
    pub thresholds: Thresholds,
    /// Saved investigations older than this many days are deleted; `None` (the default, and what
    /// an older file or a damaged value reads as) keeps them until deleted by hand. Added without
    /// a version bump: an older QoScope keeps the field unknown and writes it back unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "lenient_retention")]
    pub retention_days: Option<u32>,
    /// Fields this version does not know, written back unchanged.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn oldest_version() -> u32 {
    1
}

fn default_rate() -> f64 {
    DEFAULT_REQUESTS_PER_SECOND
}

/// A value that cannot be read takes its default rather than losing the whole settings file.
fn lenient_or_default<'de, D: Deserializer<'de>, T: Default + serde::de::DeserializeOwned>(
    d: D,
) -> Result<T, D::Error> {
    Ok(serde_json::from_value(Value::deserialize(d)?).unwrap_or_default())
}

fn lenient_rate<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let rate = Value::deserialize(d)?.as_f64().unwrap_or(DEFAULT_REQUESTS_PER_SECOND);
    Ok(if (MIN_REQUESTS_PER_SECOND..=MAX_REQUESTS_PER_SECOND).contains(&rate) {
        rate
    } else {
        DEFAULT_REQUESTS_PER_SECOND
    })
}

fn lenient_retention<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let days = Value::deserialize(d)?.as_u64().and_then(|n| u32::try_from(n).ok());
    Ok(days.filter(|n| crate::retention::RETENTION_DAYS.contains(n)))
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            version: SETTINGS_VERSION,
            profiles: Vec::new(),
            time_zone: TimeZoneDisplay::default(),
            requests_per_second: DEFAULT_REQUESTS_PER_SECOND,
            thresholds: Thresholds::default(),
            retention_days: None,
            extra: Map::new(),
        }
    }
}

/// A profile's non-secret identifiers. Never carries the client secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProfileInfo {
    pub name: String,
    #[serde(default)]
    pub account_id: String,
    #[serde(default)]
    pub client_id: String,
}

/// What the Add/Edit form sends. `client_secret: null` keeps the secret already in the keychain.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ProfileInput {
    pub name: String,
    pub account_id: String,
    pub client_id: String,
    #[ts(type = "string | null")]
    #[serde(default)]
    pub client_secret: Option<SecretString>,
}

/// The Accounts screen's list.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ProfileList {
    /// Sorted by name.
    pub profiles: Vec<ProfileInfo>,
    /// `null` when the system keychain can be used; otherwise why not (`keychain_unavailable`,
    /// `keychain_locked`) and what to do.
    pub keychain_error: Option<ApiError>,
}

/// The result of "Test connection".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConnectionReport {
    pub profile: String,
    /// Where API calls go (Zoom's, or the one its token named).
    pub api_base: String,
    /// The scopes Zoom granted the token, as Zoom listed them.
    pub granted_scopes: Vec<String>,
    /// Scopes QoScope needs that were not granted (empty when all are there, or Zoom did not say).
    pub missing_scopes: Vec<String>,
    /// Signed in and nothing known to be missing.
    pub ok: bool,
    /// For people: what worked and, when something is missing, the exact fix.
    pub message: String,
}

fn lenient_profiles<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ProfileInfo>, D::Error> {
    let value = Value::deserialize(d)?;
    let Value::Array(items) = value else { return Ok(Vec::new()) };
    let mut out: Vec<ProfileInfo> = Vec::new();
    for item in items {
        let Ok(profile) = serde_json::from_value::<ProfileInfo>(item) else { continue };
        if validate_profile_name(&profile.name).is_ok() && !out.iter().any(|p| p.name == profile.name) {
            out.push(profile);
        }
    }
    Ok(out)
}

impl Settings {
    /// Reads what the store holds under [`SETTINGS_KEY`]: nothing or something unreadable gives
    /// the defaults (a settings file must never keep the app from starting).
    pub fn from_stored(value: Option<Value>) -> Settings {
        value.and_then(|v| Settings::try_from_stored(v).ok()).unwrap_or_default()
    }

    /// As [`Settings::from_stored`], but says why a stored value cannot be read at all (damaged
    /// values inside it still take their defaults). An older version is migrated.
    pub fn try_from_stored(value: Value) -> Result<Settings, serde_json::Error> {
        let mut settings: Settings = serde_json::from_value(value)?;
        crate::settings_migration::migrate(&mut settings);
        Ok(settings)
    }

    /// What to store under [`SETTINGS_KEY`]. A newer file's version is kept (with its fields).
    pub fn to_stored(&self) -> Value {
        let mut copy = self.clone();
        copy.version = copy.version.max(SETTINGS_VERSION);
        serde_json::to_value(copy).unwrap_or(Value::Null)
    }

    pub fn profile(&self, name: &str) -> Option<&ProfileInfo> {
        self.profiles.iter().find(|p| p.name == name)
    }

    /// Adds a profile, or replaces the one with the same name.
    pub fn upsert(&mut self, info: ProfileInfo) {
        match self.profiles.iter_mut().find(|p| p.name == info.name) {
            Some(existing) => *existing = info,
            None => self.profiles.push(info),
        }
    }

    /// Removes a profile; returns whether it was there.
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.profiles.len();
        self.profiles.retain(|p| p.name != name);
        self.profiles.len() != before
    }

    /// The profiles sorted by name (case-insensitively), with the keychain's state.
    pub fn profile_list(&self, keychain_error: Option<ApiError>) -> ProfileList {
        let mut profiles = self.profiles.clone();
        profiles.sort_by_key(|p| (p.name.to_lowercase(), p.name.clone()));
        ProfileList { profiles, keychain_error }
    }
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidInput, message)
}

/// An account or client ID: required, one line, no spaces, at most 128 characters.
fn check_identifier(value: &str, what: &str) -> Result<String, ApiError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(invalid(format!("Enter the {what}. {MARKETPLACE_HINT}")));
    }
    if value.chars().count() > 128 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid(format!(
            "The {what} looks wrong: it is one word without spaces. Copy it from App Credentials in the Zoom App \
             Marketplace."
        )));
    }
    Ok(value.to_owned())
}

/// Checks the form's fields and returns the profile's identifiers (trimmed).
pub fn validate_input(input: &ProfileInput) -> Result<ProfileInfo, ApiError> {
    let name = input.name.trim();
    if name.is_empty() {
        return Err(invalid("Enter a profile name, such as “Work” or “Helpdesk EU”."));
    }
    validate_profile_name(name).map_err(|_| {
        invalid("The profile name may use 1–64 letters, digits, spaces, “-”, “_” or “.”, such as “Helpdesk EU”.")
    })?;
    Ok(ProfileInfo {
        name: name.to_owned(),
        account_id: check_identifier(&input.account_id, "account ID")?,
        client_id: check_identifier(&input.client_id, "client ID")?,
    })
}

/// Saves a profile: the secret straight into the keychain (with the IDs), the IDs into `settings`
/// (which the caller then persists). Without a new secret the keychain's one is kept.
pub fn save_profile(
    settings: &mut Settings,
    vault: &ProfileVault,
    input: ProfileInput,
) -> Result<ProfileInfo, ApiError> {
    let info = validate_input(&input)?;
    let new_secret = input.client_secret.filter(|s| !s.expose().trim().is_empty());
    let client_secret = match new_secret {
        Some(secret) if secret.expose().trim() != secret.expose() => SecretString::new(secret.expose().trim()),
        Some(secret) => secret,
        None => vault.load(&info.name)?.map(|c| c.client_secret).ok_or_else(|| {
            invalid(format!(
                "Enter the client secret: the system keychain has none for profile “{}”. {MARKETPLACE_HINT}",
                info.name
            ))
        })?,
    };
    let credentials =
        Credentials { account_id: info.account_id.clone(), client_id: info.client_id.clone(), client_secret };
    vault.save(&info.name, &credentials)?;
    settings.upsert(info.clone());
    Ok(info)
}

/// Removes a profile from the keychain and from `settings` (which the caller then persists).
pub fn delete_profile(settings: &mut Settings, vault: &ProfileVault, name: &str) -> Result<(), ApiError> {
    let in_keychain = vault.delete(name)?;
    let in_settings = settings.remove(name);
    if in_keychain || in_settings {
        Ok(())
    } else {
        Err(ApiError::new(ErrorCode::NotFound, format!("There is no profile “{name}”.")))
    }
}

/// The client settings for "Test connection": someone is waiting for the answer, so fewer
/// retries and shorter timeouts than a fetch.
pub fn connection_test_config(endpoints: Endpoints) -> ClientConfig {
    ClientConfig {
        retry: RetryPolicy { max_retries: 1, max_rate_limit_waits: 2, ..RetryPolicy::default() },
        connect_timeout: Duration::from_secs(10),
        request_timeout: Duration::from_secs(20),
        ..ClientConfig::with_endpoints(endpoints)
    }
}

/// Signs in to Zoom with a stored profile and reports the granted and missing scopes.
/// Wrong credentials, an unreachable Zoom or keychain trouble come back as errors.
pub async fn test_connection(
    settings: &Settings,
    vault: &ProfileVault,
    config: ClientConfig,
    name: &str,
) -> Result<ConnectionReport, ApiError> {
    if settings.profile(name).is_none() {
        return Err(ApiError::new(ErrorCode::NotFound, format!("There is no profile “{name}”.")));
    }
    let credentials = vault.load(name)?.ok_or_else(|| {
        ApiError::new(
            ErrorCode::NotFound,
            format!("The system keychain has no client secret for profile “{name}”: edit the profile and enter it."),
        )
    })?;
    let client = ZoomClient::new(config, CredentialSource::OAuth(credentials))?;
    let scopes = client.authenticate(&CallContext::new(CancelFlag::new())).await?;
    Ok(build_report(name, &client.api_base(), scopes.as_deref()))
}

use qoscope_zoom::scopes::ScopeNeed;
/// What QoScope needs from a Zoom app: the one scope table of `qoscope-zoom`.
pub use qoscope_zoom::scopes::{ScopeRequirement, SCOPE_TABLE as REQUIRED_SCOPES};

/// Zoom's `scope` field (space-separated; commas tolerated), without duplicates, in Zoom's order.
pub fn parse_scopes(granted: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for scope in granted.split([' ', ',', '\t', '\n']).map(str::trim).filter(|s| !s.is_empty()) {
        if !out.iter().any(|s| s == scope) {
            out.push(scope.to_owned());
        }
    }
    out
}

/// Granular scopes have four parts (`dashboard:read:list_meetings:admin`), classic ones three.
fn is_granular(scope: &str) -> bool {
    scope.split(':').count() >= 4
}

/// One scope to add: the name for this app (granular for an app that already uses granular
/// scopes, else classic), the other name that would do as well, and what it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingScope {
    pub name: &'static str,
    /// The classic name for a granular app, the granular one for a classic app (if Zoom has one).
    pub alternative: Option<&'static str>,
    pub purposes: Vec<&'static str>,
}

/// The scopes to add, each with what it is for. An app that already uses granular scopes is
/// told the granular names; otherwise the classic ones; the message names the other as well.
/// A row without a documented granular scope cannot be checked for a granular app and is skipped.
pub fn missing_scopes(granted: &[String]) -> Vec<MissingScope> {
    let has = |s: &str| granted.iter().any(|g| g == s);
    let granular_app = granted.iter().any(|s| is_granular(s));
    let mut out: Vec<MissingScope> = Vec::new();
    // Webinars are optional: a webinar fetch without the scope names it (4700) when it happens.
    for need in REQUIRED_SCOPES.iter().filter(|r| r.need != ScopeNeed::Webinar) {
        if has(need.classic) || need.granular.iter().any(|s| has(s)) {
            continue;
        }
        let (name, alternative) = match (granular_app, need.granular.first()) {
            (true, Some(g)) => (*g, Some(need.classic)),
            (true, None) => continue,
            (false, g) => (need.classic, g.copied()),
        };
        match out.iter_mut().find(|m| m.name == name) {
            Some(m) => {
                m.purposes.push(need.purpose);
                if m.alternative != alternative {
                    m.alternative = None;
                }
            }
            None => out.push(MissingScope { name, alternative, purposes: vec![need.purpose] }),
        }
    }
    out
}

/// The report for a successful sign-in; `granted` is Zoom's `scope` field, if it sent one.
pub fn build_report(profile: &str, api_base: &str, granted: Option<&str>) -> ConnectionReport {
    let granted_scopes = granted.map(parse_scopes).unwrap_or_default();
    // Without a list there is nothing to compare: Zoom did not say, which is not "nothing granted".
    let missing = if granted_scopes.is_empty() { Vec::new() } else { missing_scopes(&granted_scopes) };
    let (ok, message) = if granted_scopes.is_empty() {
        (
            true,
            "Signed in to Zoom. Zoom did not list the app's scopes, so QoScope could not check them; if a fetch \
             fails, add dashboard_meetings:read:admin, meeting:read:admin and report:read:admin to the app's Scopes."
                .to_owned(),
        )
    } else if missing.is_empty() {
        (true, "Signed in to Zoom. The app has every scope QoScope needs.".to_owned())
    } else {
        let list = missing
            .iter()
            .map(|m| match m.alternative {
                Some(other) => format!("{} (for {}; or {other})", m.name, m.purposes.join(", ")),
                None => format!("{} (for {})", m.name, m.purposes.join(", ")),
            })
            .collect::<Vec<_>>()
            .join("; ");
        (
            false,
            format!(
                "Signed in to Zoom, but the app lacks scopes QoScope needs. Add {list} in the Zoom App Marketplace: \
                 Manage → your Server-to-Server OAuth app → Scopes → Add Scopes; then save (and activate the app \
                 again if Zoom asks)."
            ),
        )
    };
    ConnectionReport {
        profile: profile.to_owned(),
        api_base: api_base.to_owned(),
        granted_scopes,
        missing_scopes: missing.into_iter().map(|m| m.name.to_owned()).collect(),
        ok,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vault() -> ProfileVault {
        ProfileVault::with_store(keyring_core::mock::Store::new().unwrap())
    }

    fn input(name: &str, secret: Option<&str>) -> ProfileInput {
        ProfileInput {
            name: name.into(),
            account_id: "acc-1".into(),
            client_id: "client-1".into(),
            client_secret: secret.map(SecretString::new),
        }
    }

    #[test]
    fn settings_round_trip_and_defaults() {
        let mut s = Settings::default();
        assert_eq!(s.version, SETTINGS_VERSION);
        s.upsert(ProfileInfo { name: "Work".into(), account_id: "a".into(), client_id: "c".into() });
        s.time_zone = TimeZoneDisplay::Utc;
        s.thresholds.audio.latency.warning = 300.0;
        let stored = s.to_stored();
        assert_eq!(stored["version"], SETTINGS_VERSION);
        assert_eq!(stored["profiles"], json!([{"name": "Work", "account_id": "a", "client_id": "c"}]));
        assert_eq!(stored["time_zone"], "utc");
        assert_eq!(stored["requests_per_second"], 30.0);
        assert_eq!(Settings::from_stored(Some(stored)), s);
        assert_eq!(Settings::from_stored(None), Settings::default());
    }

    #[test]
    fn a_version_1_file_is_migrated_with_defaults() {
        let v1 = json!({"version": 1, "profiles": [{"name": "Work", "account_id": "a", "client_id": "c"}]});
        let s = Settings::from_stored(Some(v1));
        assert_eq!(s.profiles.len(), 1);
        assert_eq!(s.time_zone, TimeZoneDisplay::Local);
        assert_eq!(s.requests_per_second, DEFAULT_REQUESTS_PER_SECOND);
        assert_eq!(s.thresholds, Thresholds::default());
        assert_eq!(s.to_stored()["version"], SETTINGS_VERSION);
        // Damaged new fields take their defaults without losing the profiles.
        let s = Settings::from_stored(Some(json!({"version": 2, "profiles": [{"name": "Work"}],
            "time_zone": "mars", "requests_per_second": 5000, "thresholds": 7})));
        assert_eq!((s.profiles.len(), s.time_zone, s.requests_per_second), (1, TimeZoneDisplay::Local, 30.0));
        assert_eq!(s.thresholds, Thresholds::default());
    }

    #[test]
    fn older_newer_and_damaged_files_load() {
        // Older: no version, a profile without a client ID.
        let s = Settings::from_stored(Some(json!({"profiles": [{"name": "Old", "account_id": "a"}]})));
        assert_eq!(s.version, SETTINGS_VERSION);
        assert_eq!(s.profiles[0].client_id, "");
        // Newer: unknown fields kept (top level) and the higher version is not downgraded.
        let newer = json!({"version": 7, "theme": "dark", "profiles": [{"name": "New", "account_id": "a",
            "client_id": "c", "region": "eu"}]});
        let s = Settings::from_stored(Some(newer));
        assert_eq!(s.version, 7);
        assert_eq!(s.profile("New").unwrap().client_id, "c");
        let back = s.to_stored();
        assert_eq!(back["theme"], "dark");
        assert_eq!(back["version"], 7);
        // Damaged: bad entries skipped, duplicates dropped, junk gives defaults.
        let s = Settings::from_stored(Some(json!({"profiles": [42, {"name": ""}, {"name": "A/B"}, {"name": "Ok"},
            {"name": "Ok", "account_id": "dup"}]})));
        assert_eq!(s.profiles.len(), 1);
        assert_eq!(s.profiles[0].account_id, "");
        assert_eq!(Settings::from_stored(Some(json!("junk"))), Settings::default());
        assert_eq!(Settings::from_stored(Some(json!({"profiles": "junk"}))).profiles, vec![]);
        assert_eq!(Settings::from_stored(Some(json!({"version": "x"}))), Settings::default());
    }

    #[test]
    fn the_list_is_sorted_and_never_holds_a_secret() {
        let mut s = Settings::default();
        let v = vault();
        save_profile(&mut s, &v, input("zeta", Some("sekrit-zeta"))).unwrap();
        save_profile(&mut s, &v, input("Alpha", Some("sekrit-alpha"))).unwrap();
        let list = s.profile_list(None);
        let names: Vec<&str> = list.profiles.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Alpha", "zeta"]);
        let text = serde_json::to_string(&list).unwrap() + &serde_json::to_string(&s.to_stored()).unwrap();
        assert!(!text.contains("sekrit"), "{text}");
        assert!(text.contains("\"keychain_error\":null"));
    }

    #[test]
    fn save_puts_the_secret_in_the_keychain_and_keeps_it_when_editing() {
        let mut s = Settings::default();
        let v = vault();
        let info = save_profile(&mut s, &v, input(" Work ", Some(" s3cret "))).unwrap();
        assert_eq!(info.name, "Work");
        assert_eq!(v.load("Work").unwrap().unwrap().client_secret.expose(), "s3cret");
        // Edit without a secret: the IDs change, the secret stays.
        let mut edit = input("Work", None);
        edit.client_id = "client-2".into();
        save_profile(&mut s, &v, edit).unwrap();
        let creds = v.load("Work").unwrap().unwrap();
        assert_eq!((creds.client_id.as_str(), creds.client_secret.expose()), ("client-2", "s3cret"));
        assert_eq!(s.profiles.len(), 1);
        assert_eq!(s.profile("Work").unwrap().client_id, "client-2");
        // An empty secret counts as "unchanged".
        save_profile(&mut s, &v, input("Work", Some("  "))).unwrap();
        assert_eq!(v.load("Work").unwrap().unwrap().client_secret.expose(), "s3cret");
    }

    #[test]
    fn a_new_profile_needs_a_secret_and_valid_fields() {
        let mut s = Settings::default();
        let v = vault();
        let e = save_profile(&mut s, &v, input("Work", None)).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert!(e.message.contains("Enter the client secret"), "{}", e.message);
        for (name, account, client, expect) in [
            ("", "a", "c", "Enter a profile name"),
            ("a/b", "a", "c", "profile name may use"),
            ("W", "", "c", "Enter the account ID"),
            ("W", "a b", "c", "account ID looks wrong"),
            ("W", "a", " ", "Enter the client ID"),
        ] {
            let bad = ProfileInput {
                name: name.into(),
                account_id: account.into(),
                client_id: client.into(),
                client_secret: Some(SecretString::new("s")),
            };
            let e = save_profile(&mut s, &v, bad).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidInput);
            assert!(e.message.contains(expect), "{expect}: {}", e.message);
        }
        assert!(s.profiles.is_empty());
    }

    #[test]
    fn the_input_debug_hides_the_secret() {
        let text = format!("{:?}", input("Work", Some("s3cret-value")));
        assert!(!text.contains("s3cret"), "{text}");
        let parsed: ProfileInput =
            serde_json::from_value(json!({"name": "W", "account_id": "a", "client_id": "c", "client_secret": null}))
                .unwrap();
        assert!(parsed.client_secret.is_none());
    }

    #[test]
    fn delete_removes_keychain_entry_and_settings() {
        let mut s = Settings::default();
        let v = vault();
        save_profile(&mut s, &v, input("Work", Some("s"))).unwrap();
        delete_profile(&mut s, &v, "Work").unwrap();
        assert!(s.profiles.is_empty());
        assert_eq!(v.load("Work").unwrap(), None);
        assert_eq!(delete_profile(&mut s, &v, "Work").unwrap_err().code, ErrorCode::NotFound);
        assert_eq!(delete_profile(&mut s, &v, "a/b").unwrap_err().code, ErrorCode::InvalidInput);
    }

    #[test]
    fn classic_scopes_satisfy_everything() {
        let r = build_report(
            "Work",
            "https://api.zoom.us/v2",
            Some("dashboard_meetings:read:admin meeting:read:admin dashboard_webinars:read:admin report:read:admin"),
        );
        assert!(r.ok, "{r:?}");
        assert!(r.missing_scopes.is_empty());
        assert_eq!(r.granted_scopes.len(), 4);
        assert!(r.message.contains("every scope"));
    }

    #[test]
    fn missing_classic_scopes_are_named_once_with_their_purpose() {
        let r = build_report("Work", "b", Some("meeting:read:admin user:read:admin report:read:admin"));
        assert!(!r.ok);
        assert_eq!(r.missing_scopes, ["dashboard_meetings:read:admin"]);
        assert!(r
            .message
            .contains("dashboard_meetings:read:admin (for the QoS list, one participant's QoS, the participant list"));
        assert!(r.message.contains("Scopes"), "{}", r.message);
        let r = build_report("Work", "b", Some("dashboard_meetings:read:admin"));
        assert_eq!(r.missing_scopes, ["meeting:read:admin", "report:read:admin"]);
        assert!(r.message.contains("past instances"));
        // The report API is named with its granular alternative and the plan it needs.
        assert!(
            r.message.contains("report:read:admin (for finding a person's meetings (report API, Pro plan or higher); or report:read:user:admin)"),
            "{}",
            r.message
        );
    }

    #[test]
    fn granular_apps_are_told_granular_names() {
        let all = "dashboard:read:list_meeting_participants_qos:admin dashboard:read:meeting_participant_qos:admin \
                   dashboard:read:list_meeting_participants:admin dashboard:read:meeting:admin \
                   dashboard:read:list_meetings:admin meeting:read:list_past_instances:admin \
                   dashboard:read:meeting_sharing:admin report:read:user:admin";
        assert!(build_report("W", "b", Some(all)).ok);
        // Issue #17: every default fetch calls /participants/{participantId}/qos, whose granular
        // scope was missing from the table: an app without it passed "Test connection".
        let without = all.replace("dashboard:read:meeting_participant_qos:admin", "");
        let r = build_report("W", "b", Some(&without));
        assert!(!r.ok);
        assert_eq!(r.missing_scopes, ["dashboard:read:meeting_participant_qos:admin"]);
        assert!(r.message.contains("one participant's QoS; or dashboard_meetings:read:admin"), "{}", r.message);
        let r = build_report("W", "b", Some("dashboard:read:list_meeting_participants_qos:admin"));
        assert_eq!(
            r.missing_scopes,
            [
                "dashboard:read:meeting_participant_qos:admin",
                "dashboard:read:list_meeting_participants:admin",
                "dashboard:read:meeting:admin",
                "dashboard:read:list_meetings:admin",
                "meeting:read:list_past_instances:admin",
                "report:read:user:admin",
                "dashboard:read:meeting_sharing:admin"
            ]
        );
    }

    #[test]
    fn no_scope_list_is_not_a_failure() {
        for granted in [None, Some(""), Some("  ")] {
            let r = build_report("W", "b", granted);
            assert!(r.ok && r.granted_scopes.is_empty() && r.missing_scopes.is_empty());
            assert!(r.message.contains("did not list"));
        }
        assert_eq!(parse_scopes("a:b:c, a:b:c  d:e:f"), ["a:b:c", "d:e:f"]);
    }
}

/// "Test connection" against QoScope's Zoom simulator on loopback.
#[cfg(test)]
mod simulator_tests {
    use super::*;
    use qoscope_sim::server::{start, SimConfig};

    fn client_config(api_base: &str, token_url: &str) -> ClientConfig {
        let mut config = connection_test_config(Endpoints::new(api_base, token_url).unwrap());
        config.retry = RetryPolicy::fast();
        config
    }

    #[test]
    fn the_test_config_answers_quickly() {
        let c = connection_test_config(Endpoints::default());
        assert!(c.retry.max_retries <= 1 && c.request_timeout <= Duration::from_secs(20));
        assert_eq!(c.endpoints, Endpoints::default());
    }

    fn vault_with(secret: &str) -> (Settings, ProfileVault) {
        let mut s = Settings::default();
        let v = ProfileVault::with_store(keyring_core::mock::Store::new().unwrap());
        let input = ProfileInput {
            name: "Sim".into(),
            account_id: "sim-account".into(),
            client_id: "sim-client".into(),
            client_secret: Some(SecretString::new(secret)),
        };
        save_profile(&mut s, &v, input).unwrap();
        (s, v)
    }

    #[tokio::test]
    async fn right_credentials_report_the_granted_scopes() {
        let sim = start(SimConfig::default(), vec![]).await.unwrap();
        let endpoints = client_config(&sim.api_base(), &sim.token_url());
        let (s, v) = vault_with("sim-client-secret");
        let r = test_connection(&s, &v, endpoints, "Sim").await.unwrap();
        assert!(r.ok, "{r:?}");
        assert!(r.granted_scopes.contains(&"dashboard_meetings:read:admin".to_owned()));
        assert_eq!(r.api_base, sim.api_base());
    }

    #[tokio::test]
    async fn missing_scopes_are_named() {
        let config = SimConfig { scopes: "meeting:read:admin report:read:admin".into(), ..SimConfig::default() };
        let sim = start(config, vec![]).await.unwrap();
        let endpoints = client_config(&sim.api_base(), &sim.token_url());
        let (s, v) = vault_with("sim-client-secret");
        let r = test_connection(&s, &v, endpoints, "Sim").await.unwrap();
        assert!(!r.ok);
        assert_eq!(r.missing_scopes, ["dashboard_meetings:read:admin"]);
    }

    #[tokio::test]
    async fn a_wrong_secret_is_a_zoom_auth_error_that_never_echoes_it() {
        let sim = start(SimConfig::default(), vec![]).await.unwrap();
        let endpoints = client_config(&sim.api_base(), &sim.token_url());
        let (s, v) = vault_with("wrong-secret-value");
        let e = test_connection(&s, &v, endpoints.clone(), "Sim").await.unwrap_err();
        assert_eq!(e.code, ErrorCode::ZoomAuth, "{e:?}");
        assert!(!e.message.contains("wrong-secret-value"), "{}", e.message);
        let e = test_connection(&s, &v, endpoints, "Nope").await.unwrap_err();
        assert_eq!(e.code, ErrorCode::NotFound);
    }

    #[tokio::test]
    async fn an_unreachable_zoom_is_a_network_error() {
        // A port nothing listens on (bound, then closed).
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let endpoints =
            client_config(&format!("http://127.0.0.1:{port}/v2"), &format!("http://127.0.0.1:{port}/oauth/token"));
        let (s, v) = vault_with("sim-client-secret");
        let e = test_connection(&s, &v, endpoints, "Sim").await.unwrap_err();
        assert_eq!(e.code, ErrorCode::Network, "{e:?}");
    }
}
