//! [`SecretString`]: a secret that never prints, never serializes and is zeroed when dropped.

use serde::{Deserialize, Deserializer};
use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A secret (client secret, access token). `Debug` and `Display` print `<redacted>`; the value
/// is reachable only through [`SecretString::expose`], which is easy to grep for.
///
/// It does not implement `Serialize` at all (stricter than a `Serialize` that panics): a DTO or
/// log record holding one cannot be written out by accident. The keychain payload, the one
/// place a secret is written, has its own type in `vault.rs`. The heap copy is zeroed on drop
/// with `zeroize`, whose writes the compiler may not remove.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct SecretString(String);

impl SecretString {
    pub fn new(value: impl Into<String>) -> SecretString {
        SecretString(value.into())
    }

    /// The secret itself: only for the HTTP header or the keychain write that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl<'de> Deserialize<'de> for SecretString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(SecretString)
    }
}

impl Drop for SecretString {
    fn drop(&mut self) {
        // The whole allocation (capacity, not just length), with volatile writes.
        self.0.zeroize();
    }
}

impl ZeroizeOnDrop for SecretString {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let s = SecretString::new("hunter2-very-secret");
        assert_eq!(format!("{s:?}"), "<redacted>");
        assert_eq!(format!("{s}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(&s)), "Some(<redacted>)");
        assert_eq!(s.expose(), "hunter2-very-secret");
    }

    // A secret cannot be serialized by accident (GitButler's `Sensitive<T>` panics when
    // serialized; having no `Serialize` at all fails at compile time instead), and its memory
    // is zeroed with `zeroize` when dropped.
    static_assertions::assert_not_impl_any!(SecretString: serde::Serialize);
    static_assertions::assert_impl_all!(SecretString: ZeroizeOnDrop);
}
