//! [`ProfileVault`]: one keychain entry per profile holding its [`Credentials`] as JSON.

use crate::secret::SecretString;
use keyring_core::{CredentialStore, Entry, Error as KeyringError};
use serde::{Deserialize, Serialize, Serializer};
use std::sync::Arc;
use thiserror::Error;

/// The keychain "service" all QoScope entries are filed under.
pub const KEYCHAIN_SERVICE: &str = "qoscope";

/// A Zoom Server-to-Server OAuth app's credentials. `Debug` never shows the secret, and they
/// cannot be serialized: only the keychain write below exposes the secret.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Credentials {
    pub account_id: String,
    pub client_id: String,
    pub client_secret: SecretString,
}

/// What a keychain entry holds: `{"account_id","client_id","client_secret"}`. The one type
/// that writes a secret out, kept private to this file.
#[derive(Serialize)]
struct KeychainPayload<'a> {
    account_id: &'a str,
    client_id: &'a str,
    #[serde(serialize_with = "expose_secret")]
    client_secret: &'a SecretString,
}

fn expose_secret<S: Serializer>(secret: &&SecretString, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(secret.expose())
}

impl<'a> KeychainPayload<'a> {
    fn of(credentials: &'a Credentials) -> KeychainPayload<'a> {
        KeychainPayload {
            account_id: &credentials.account_id,
            client_id: &credentials.client_id,
            client_secret: &credentials.client_secret,
        }
    }
}

/// Why the keychain could not do what was asked. Messages never contain secret bytes.
#[derive(Debug, Error)]
pub enum VaultError {
    #[error("the system keychain is not available ({detail}); on Linux start a Secret Service such as GNOME Keyring, or use ZOOM_* environment variables")]
    KeychainUnavailable { detail: String },
    #[error("the system keychain is locked or refused access ({detail}); unlock it and try again")]
    KeychainLocked { detail: String },
    #[error("profile name {name:?} is not valid: use 1–64 letters, digits, spaces, '-', '_' or '.'")]
    InvalidProfileName { name: String },
    #[error("the keychain entry for profile {profile:?} is damaged; sign in again to replace it")]
    Damaged { profile: String },
    #[error("the keychain failed: {detail}")]
    Failed { detail: String },
}

/// Profiles' credentials in a keychain.
pub struct ProfileVault {
    store: Arc<CredentialStore>,
}

impl ProfileVault {
    /// The operating system's keychain (Secret Service, macOS Keychain, Windows Credential Manager).
    pub fn system() -> Result<ProfileVault, VaultError> {
        if let Err(e) = keyring::Entry::store_status() {
            return Err(VaultError::KeychainUnavailable { detail: describe(e) });
        }
        let store = keyring_core::get_default_store()
            .ok_or_else(|| VaultError::KeychainUnavailable { detail: "no credential store".to_owned() })?;
        Ok(ProfileVault { store })
    }

    /// A vault over any keyring-core store (a mock in unit tests).
    pub fn with_store(store: Arc<CredentialStore>) -> ProfileVault {
        ProfileVault { store }
    }

    /// A short description of the store for diagnostics ("Secret Service …").
    pub fn store_vendor(&self) -> String {
        self.store.vendor()
    }

    fn entry(&self, profile: &str) -> Result<Entry, VaultError> {
        validate_profile_name(profile)?;
        Entry::new_in_store(&self.store, KEYCHAIN_SERVICE, &format!("profile:{profile}")).map_err(map_error)
    }

    /// Stores (or replaces) a profile's credentials.
    pub fn save(&self, profile: &str, credentials: &Credentials) -> Result<(), VaultError> {
        let payload = serde_json::to_string(&KeychainPayload::of(credentials))
            .map_err(|e| VaultError::Failed { detail: e.to_string() })?;
        let payload = SecretString::new(payload);
        self.entry(profile)?.set_password(payload.expose()).map_err(map_error)
    }

    /// A profile's credentials, or `None` when the profile has none stored.
    pub fn load(&self, profile: &str) -> Result<Option<Credentials>, VaultError> {
        match self.entry(profile)?.get_password() {
            Ok(payload) => {
                let payload = SecretString::new(payload);
                serde_json::from_str(payload.expose())
                    .map(Some)
                    .map_err(|_| VaultError::Damaged { profile: profile.to_owned() })
            }
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) => Err(map_error(e)),
        }
    }

    /// Removes a profile's credentials. Returns whether there were any.
    pub fn delete(&self, profile: &str) -> Result<bool, VaultError> {
        match self.entry(profile)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(KeyringError::NoEntry) => Ok(false),
            Err(e) => Err(map_error(e)),
        }
    }
}

pub fn validate_profile_name(name: &str) -> Result<(), VaultError> {
    let ok = !name.is_empty()
        && name.chars().count() <= 64
        && name.trim() == name
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(VaultError::InvalidProfileName { name: name.chars().take(80).collect() })
    }
}

/// keyring errors → ours, without ever formatting payload bytes (BadEncoding carries them).
fn map_error(e: KeyringError) -> VaultError {
    match e {
        KeyringError::NoDefaultStore | KeyringError::PlatformFailure(_) => {
            VaultError::KeychainUnavailable { detail: describe(&e) }
        }
        KeyringError::NoStorageAccess(_) => VaultError::KeychainLocked { detail: describe(&e) },
        KeyringError::BadEncoding(_) | KeyringError::BadDataFormat(..) => {
            VaultError::Failed { detail: "the stored value is not in QoScope's format".to_owned() }
        }
        other => VaultError::Failed { detail: describe(&other) },
    }
}

fn describe(e: &KeyringError) -> String {
    match e {
        KeyringError::BadEncoding(_) => "stored value is not text".to_owned(),
        KeyringError::BadDataFormat(..) => "stored value is malformed".to_owned(),
        KeyringError::NoDefaultStore => {
            "no keychain service found (on Linux: no D-Bus session or Secret Service)".to_owned()
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vault() -> ProfileVault {
        ProfileVault::with_store(keyring_core::mock::Store::new().unwrap())
    }

    fn creds() -> Credentials {
        Credentials {
            account_id: "acc-123".into(),
            client_id: "client-abc".into(),
            client_secret: SecretString::new("s3cr3t-value-never-printed"),
        }
    }

    #[test]
    fn save_load_delete_round_trip() {
        let v = vault();
        assert_eq!(v.load("Work").unwrap(), None);
        v.save("Work", &creds()).unwrap();
        assert_eq!(v.load("Work").unwrap(), Some(creds()));
        assert!(v.delete("Work").unwrap());
        assert_eq!(v.load("Work").unwrap(), None);
        assert!(!v.delete("Work").unwrap());
    }

    #[test]
    fn the_keychain_payload_keeps_its_format() {
        let v = vault();
        v.save("Work", &creds()).unwrap();
        let stored = v.entry("Work").unwrap().get_password().unwrap();
        assert_eq!(
            stored,
            r#"{"account_id":"acc-123","client_id":"client-abc","client_secret":"s3cr3t-value-never-printed"}"#
        );
    }

    // Only the keychain payload writes a secret: credentials cannot be serialized elsewhere.
    static_assertions::assert_not_impl_any!(Credentials: serde::Serialize);

    #[test]
    fn debug_of_credentials_hides_the_secret() {
        let text = format!("{:?}", creds());
        assert!(!text.contains("s3cr3t"), "{text}");
        assert!(text.contains("<redacted>"));
    }

    #[test]
    fn rejects_odd_profile_names() {
        let v = vault();
        for bad in ["", " lead", "a/b", "x\u{0}", &"n".repeat(65)] {
            assert!(matches!(v.save(bad, &creds()), Err(VaultError::InvalidProfileName { .. })), "{bad:?}");
        }
        v.save("Helpdesk EU-1", &creds()).unwrap();
    }

    #[test]
    fn a_locked_keychain_is_reported_clearly() {
        let v = vault();
        let entry = v.entry("Work").unwrap();
        let mock: &keyring_core::mock::Cred = entry.as_any().downcast_ref().unwrap();
        mock.set_error(KeyringError::NoStorageAccess("collection is locked".into()));
        let err = v.load("Work").unwrap_err();
        assert!(matches!(err, VaultError::KeychainLocked { .. }), "{err:?}");
        assert!(err.to_string().contains("unlock"), "{err}");
    }

    #[test]
    fn a_damaged_entry_says_sign_in_again() {
        let v = vault();
        v.entry("Work").unwrap().set_password("not json").unwrap();
        assert!(matches!(v.load("Work"), Err(VaultError::Damaged { .. })));
    }
}
