//! Zoom credentials in the OS keychain, and secret types that never print themselves.
//!
//! One keychain entry per named profile (service `qoscope`, user `profile:<name>`) holds the
//! account ID, client ID and client secret together. Access tokens are never stored: they
//! live in memory only. Code that runs in unit tests takes an injected store
//! ([`ProfileVault::with_store`] with `keyring_core::mock::Store`), never the real keychain.

mod secret;
mod vault;

pub use secret::SecretString;
pub use vault::{validate_profile_name, Credentials, ProfileVault, VaultError, KEYCHAIN_SERVICE};
