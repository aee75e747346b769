//! Scrubbing free text for redaction: masks anything shaped like an IP, MAC or e-mail address,
//! and the identifiers a join itself reports (PC name, e-mail, IP, MAC, disk ID, domain, and —
//! where asked — the user's name and its parts), wherever they turn up in other text: device
//! names like "Headset (PC-LENA-7H3K2)" or "Lena Fischer's Webcam" carry them.
//!
//! Kept apart from [`crate::redaction`], which decides *which* field is masked whole and which is
//! scrubbed; this file only knows text.

use qoscope_model::Join;
use std::net::{Ipv4Addr, Ipv6Addr};

/// What a masked value is replaced with (so the reader sees that there was a value).
pub const MASK: &str = "[redacted]";

/// Identifiers shorter than this are not searched for as phrases (a one-letter domain would
/// otherwise mask every "A").
const MIN_PHRASE_CHARS: usize = 3;

/// Characters that end a token of free text (an address never contains them).
fn is_delimiter(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '(' | ')' | '[' | ']' | '<' | '>' | '{' | '}' | ',' | ';' | '"' | '\'' | '/' | '=' | '’' | '|')
}

/// What to scrub out of text besides address shapes.
#[derive(Debug, Default, Clone)]
pub struct Identifiers {
    /// Exact values (PC name, e-mail, IP, …), ASCII-lowercased, longest first.
    phrases: Vec<String>,
    /// Parts of the user's name (and of the e-mail's local part), lowercased: a token containing
    /// one of these as a word is masked.
    name_words: Vec<String>,
}

impl Identifiers {
    /// The machine identifiers of `joins` (no names): for text that names people on purpose.
    pub fn machine<'a>(joins: impl IntoIterator<Item = &'a Join>) -> Identifiers {
        let mut ids = Identifiers::default();
        for join in joins {
            ids.add_machine(join);
        }
        ids.finish()
    }

    /// One join's machine identifiers and its user's name and name parts: for that join's other
    /// free text (device names, leave reason, …).
    pub fn of_join(join: &Join) -> Identifiers {
        let mut ids = Identifiers::default();
        ids.add_machine(join);
        ids.add_phrase(&join.user_name);
        ids.name_words.extend(words(&join.user_name));
        if let Some((local, _)) = join.email.as_deref().and_then(|e| e.split_once('@')) {
            ids.name_words.extend(words(local).filter(|w| w.chars().count() >= MIN_PHRASE_CHARS));
        }
        ids.finish()
    }

    fn add_machine(&mut self, join: &Join) {
        for value in [&join.pc_name, &join.email, &join.ip_address, &join.mac_addr, &join.harddisk_id, &join.domain]
            .into_iter()
            .flatten()
            .chain(&join.internal_ip_addresses)
        {
            self.add_phrase(value);
        }
        if let Some((local, _)) = join.email.as_deref().and_then(|e| e.split_once('@')) {
            self.add_phrase(local);
        }
    }

    fn add_phrase(&mut self, value: &str) {
        let value = value.trim();
        if value.chars().count() >= MIN_PHRASE_CHARS && !value.eq_ignore_ascii_case(MASK) {
            self.phrases.push(value.to_ascii_lowercase());
        }
    }

    fn finish(mut self) -> Identifiers {
        self.phrases.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        self.phrases.dedup();
        self.name_words.sort();
        self.name_words.dedup();
        self.name_words.retain(|w| w != "redacted");
        self
    }

    /// `text` with these identifiers and every address shape replaced by [`MASK`].
    pub fn scrub(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for phrase in &self.phrases {
            text = replace_phrase(&text, phrase);
        }
        let mut out = scrub_tokens(&text, |token| is_personal_token(token) || self.has_name_word(token));
        // "Lena Fischer" as two masked words reads as one.
        let twice = format!("{MASK} {MASK}");
        while out.contains(&twice) {
            out = out.replace(&twice, MASK);
        }
        out
    }

    fn has_name_word(&self, token: &str) -> bool {
        !self.name_words.is_empty() && words(token).any(|w| self.name_words.binary_search(&w).is_ok())
    }
}

/// The words of `text` (runs of letters and digits), lowercased; one-letter words only when they
/// are not ASCII (a CJK name may be one character).
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2 || !w.is_ascii())
        .map(str::to_lowercase)
}

/// Replaces every occurrence of `phrase` (ASCII case-insensitive, already lowercased) that stands
/// on word boundaries.
fn replace_phrase(text: &str, phrase: &str) -> String {
    let lower = text.to_ascii_lowercase(); // same byte offsets as `text`
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut from = 0;
    while let Some(pos) = lower[from..].find(phrase).map(|p| p + from) {
        let end = pos + phrase.len();
        let before_ok = !text[..pos].chars().next_back().is_some_and(char::is_alphanumeric);
        let after_ok = !text[end..].chars().next().is_some_and(char::is_alphanumeric);
        if before_ok && after_ok {
            out.push_str(&text[copied..pos]);
            out.push_str(MASK);
            copied = end;
            from = end;
        } else {
            from = pos + lower[pos..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Replaces IP addresses, MAC addresses and e-mail addresses inside free text with [`MASK`].
pub fn scrub_text(text: &str) -> String {
    scrub_tokens(text, is_personal_token)
}

/// Splits `text` at delimiters and masks every token `personal` says is personal.
fn scrub_tokens(text: &str, personal: impl Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        if !token.is_empty() {
            out.push_str(if personal(token) { MASK } else { token });
            token.clear();
        }
    };
    for c in text.chars() {
        if is_delimiter(c) {
            flush(&mut token, &mut out);
            out.push(c);
        } else {
            token.push(c);
        }
    }
    flush(&mut token, &mut out);
    out
}

/// Whether one whitespace/punctuation-delimited token is an IP, MAC or e-mail address.
fn is_personal_token(token: &str) -> bool {
    let t = token.trim_end_matches(['.', ':', '!', '?']);
    is_ipv4(t) || is_ipv6(t) || is_mac(t) || is_email(t)
}

fn is_ipv4(t: &str) -> bool {
    // Also "10.0.0.1:8801".
    let host = match t.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) && h.contains('.') => h,
        _ => t,
    };
    host.parse::<Ipv4Addr>().is_ok()
}

fn is_ipv6(t: &str) -> bool {
    t.matches(':').count() >= 2 && t.split('%').next().is_some_and(|h| h.parse::<Ipv6Addr>().is_ok())
}

fn is_mac(t: &str) -> bool {
    let hex = |p: &&str, len: usize| p.len() == len && p.chars().all(|c| c.is_ascii_hexdigit());
    let pairs: Vec<&str> = t.split([':', '-']).collect();
    let quads: Vec<&str> = t.split('.').collect(); // Cisco's 001a.2b3c.4d5e
    (pairs.len() == 6 && pairs.iter().all(|p| hex(p, 2))) || (quads.len() == 3 && quads.iter().all(|p| hex(p, 4)))
}

fn is_email(t: &str) -> bool {
    match t.split_once('@') {
        Some((local, domain)) => !local.is_empty() && domain.contains('.') && !domain.starts_with('.'),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_loses_addresses_but_keeps_words() {
        assert_eq!(scrub_text("Ana (ana@example.com)"), "Ana ([redacted])");
        assert_eq!(scrub_text("from 192.168.1.20:8801 via fe80::1%eth0"), "from [redacted] via [redacted]");
        assert_eq!(scrub_text("mac 00-1A-2b-3C-4d-5E."), "mac [redacted]");
        assert_eq!(scrub_text("cisco 001a.2b3c.4d5e, v6 [2001:db8::1]:443"), "cisco [redacted], v6 [[redacted]]:443");
        assert_eq!(scrub_text("Zoë 王 <b>x</b>"), "Zoë 王 <b>x</b>");
        assert_eq!(scrub_text("Room 1.2 at 10:30"), "Room 1.2 at 10:30");
    }

    fn lena() -> Join {
        Join {
            user_name: "Lena Fischer".into(),
            email: Some("lena.fischer@example.com".into()),
            pc_name: Some("PC-LENA-7H3K2".into()),
            domain: Some("CORP".into()),
            harddisk_id: Some("WD-WX81A3".into()),
            ..Default::default()
        }
    }

    #[test]
    fn device_names_lose_the_joins_own_identifiers_and_name() {
        let ids = Identifiers::of_join(&lena());
        assert_eq!(ids.scrub("Headset (PC-LENA-7H3K2)"), "Headset ([redacted])");
        assert_eq!(ids.scrub("Lena Fischer's Webcam"), "[redacted]'s Webcam");
        assert_eq!(ids.scrub("LENA’s AirPods"), "[redacted]’s AirPods");
        assert_eq!(ids.scrub("Fischer-Cam on pc-lena-7h3k2"), "[redacted] on [redacted]");
        assert_eq!(ids.scrub("Disk WD-WX81A3 on CORP"), "Disk [redacted] on [redacted]");
        assert_eq!(ids.scrub("Corporate Headset (Realtek)"), "Corporate Headset (Realtek)", "whole words only");
        assert_eq!(ids.scrub("Built-in Microphone"), "Built-in Microphone");
    }

    #[test]
    fn machine_identifiers_keep_names() {
        let joins = [lena()];
        let ids = Identifiers::machine(&joins);
        assert_eq!(ids.scrub("Lena Fischer on PC-LENA-7H3K2"), "Lena Fischer on [redacted]");
        assert_eq!(ids.scrub("lena.fischer called"), "[redacted] called");
    }

    #[test]
    fn a_one_character_domain_is_not_a_phrase() {
        let join = Join { domain: Some("A".into()), user_name: "Zoë 王".into(), ..Default::default() };
        let ids = Identifiers::of_join(&join);
        assert_eq!(ids.scrub("A Webcam"), "A Webcam");
        assert_eq!(ids.scrub("王's Webcam"), "[redacted]'s Webcam");
    }
}
