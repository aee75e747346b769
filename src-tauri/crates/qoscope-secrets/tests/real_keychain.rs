//! Stores, reads and deletes a credential in the machine's real keychain.
//!
//! On Linux this needs a Secret Service on the session bus. `./x test` runs it inside
//! `dbus-run-session` with an unlocked gnome-keyring (scripts/with-keyring.sh); run by hand
//! with `scripts/with-keyring.sh cargo test -p qoscope-secrets --test real_keychain -- --include-ignored`.
//! It is `#[ignore]`d so a plain `cargo test` on a desktop never touches the user's keychain.

use qoscope_secrets::{Credentials, ProfileVault, SecretString};

#[test]
#[ignore = "uses the real OS keychain; `./x test` runs it inside a private gnome-keyring session"]
fn stores_reads_and_deletes_in_the_real_secret_service() {
    let vault = ProfileVault::system().unwrap_or_else(|e| panic!("{e}"));
    let profile = format!("qoscope-test-{}", std::process::id());
    let credentials = Credentials {
        account_id: "acc-REAL-TEST".into(),
        client_id: "client-REAL-TEST".into(),
        client_secret: SecretString::new("real-keychain-secret-value"),
    };
    vault.save(&profile, &credentials).unwrap_or_else(|e| panic!("save: {e}"));
    assert_eq!(vault.load(&profile).unwrap(), Some(credentials.clone()));

    let replaced = Credentials { client_secret: SecretString::new("rotated-secret"), ..credentials };
    vault.save(&profile, &replaced).unwrap();
    assert_eq!(vault.load(&profile).unwrap(), Some(replaced), "saving again replaces, never duplicates");

    assert!(vault.delete(&profile).unwrap());
    assert_eq!(vault.load(&profile).unwrap(), None);
    assert!(!vault.delete(&profile).unwrap());
}
