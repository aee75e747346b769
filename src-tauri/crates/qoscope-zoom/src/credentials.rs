//! Where a fetch's credentials come from: an explicit profile in the keychain, the `ZOOM_*`
//! environment variables (automation), or the `default` profile.

use crate::config::CredentialSource;
use crate::errors::ZoomError;
use qoscope_secrets::{ProfileVault, VaultError};

/// The profile used when none is named.
pub const DEFAULT_PROFILE: &str = "default";

/// Resolved credentials and a label that says where they came from (never a secret).
pub struct ResolvedCredentials {
    pub source: CredentialSource,
    /// The profile name, or `None` when they came from the environment.
    pub profile: Option<String>,
    pub origin: String,
}

/// Why no credentials could be found.
#[derive(Debug, thiserror::Error)]
pub enum CredentialsError {
    #[error(transparent)]
    Zoom(#[from] ZoomError),
    #[error(transparent)]
    Keychain(#[from] VaultError),
    #[error("no Zoom credentials for profile {profile:?}: run `qoscope login --profile {profile}` (or set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET)")]
    NotSignedIn { profile: String },
}

/// `--profile P` → the keychain; otherwise the `ZOOM_*` environment when set; otherwise the
/// keychain's `default` profile. `vault` is only opened when needed.
pub fn resolve(
    profile: Option<&str>,
    env: impl Fn(&str) -> Option<String>,
    vault: impl FnOnce() -> Result<ProfileVault, VaultError>,
) -> Result<ResolvedCredentials, CredentialsError> {
    if profile.is_none() {
        if let Some(source) = CredentialSource::from_env(&env)? {
            return Ok(ResolvedCredentials {
                source,
                profile: None,
                origin: "the ZOOM_* environment variables".into(),
            });
        }
    }
    let name = profile.unwrap_or(DEFAULT_PROFILE);
    match vault()?.load(name)? {
        Some(credentials) => Ok(ResolvedCredentials {
            source: CredentialSource::OAuth(credentials),
            profile: Some(name.to_owned()),
            origin: format!("profile {name:?} in the system keychain"),
        }),
        None => Err(CredentialsError::NotSignedIn { profile: name.to_owned() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use qoscope_secrets::{Credentials, SecretString};

    fn vault_with(profile: &str) -> ProfileVault {
        let v = ProfileVault::with_store(keyring_core::mock::Store::new().unwrap());
        v.save(
            profile,
            &Credentials { account_id: "a".into(), client_id: "c".into(), client_secret: SecretString::new("s") },
        )
        .unwrap();
        v
    }

    #[test]
    fn environment_wins_unless_a_profile_is_named() {
        let env = |k: &str| match k {
            "ZOOM_ACCESS_TOKEN" => Some("pasted".to_owned()),
            _ => None,
        };
        let r = resolve(None, env, || Ok(vault_with("default"))).unwrap();
        assert_eq!(r.profile, None);
        let r = resolve(Some("default"), env, || Ok(vault_with("default"))).unwrap();
        assert_eq!(r.profile.as_deref(), Some("default"));
    }

    #[test]
    fn a_missing_profile_says_how_to_sign_in() {
        let err = resolve(Some("work"), |_| None, || Ok(vault_with("default"))).err().unwrap();
        assert!(err.to_string().contains("qoscope login --profile work"), "{err}");
    }
}
