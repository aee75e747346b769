//! "Redact personal data": masks IP addresses, MAC addresses, hard-disk IDs, PC names, e-mail
//! addresses and locations in a copy of the meeting *before* anything is drawn, so no export
//! path (chart, PDF, SVG) can leak them. Free text (names, topic, host, data-issue messages) is
//! also scrubbed of anything shaped like an IP address, MAC address or e-mail address.
//!
//! Names stay: a ticket is about a person. Metrics stay: they are the point of the export.

use qoscope_model::{Join, Meeting};
use std::net::{Ipv4Addr, Ipv6Addr};

/// What a masked value is replaced with (so the reader sees that there was a value).
pub const MASK: &str = "[redacted]";

/// A copy of `meeting` with personal data masked.
pub fn redact_meeting(meeting: &Meeting) -> Meeting {
    let mut m = meeting.clone();
    m.info.topic = m.info.topic.as_deref().map(scrub_text);
    m.info.host = m.info.host.as_deref().map(scrub_text);
    m.info.host_email = m.info.host_email.as_ref().map(|_| MASK.to_owned());
    for join in &mut m.joins {
        redact_join(join);
    }
    for person in &mut m.persons {
        person.display_name = scrub_text(&person.display_name);
    }
    for issue in &mut m.issues {
        issue.message = scrub_text(&issue.message);
        issue.at = issue.at.as_deref().map(scrub_text);
    }
    m
}

fn redact_join(join: &mut Join) {
    let mask = |v: &mut Option<String>| {
        if v.as_deref().is_some_and(|s| !s.trim().is_empty()) {
            *v = Some(MASK.to_owned());
        }
    };
    mask(&mut join.ip_address);
    mask(&mut join.mac_addr);
    mask(&mut join.harddisk_id);
    mask(&mut join.pc_name);
    mask(&mut join.email);
    mask(&mut join.location);
    // The Windows/AD domain names the machine as much as its PC name does.
    mask(&mut join.domain);
    join.internal_ip_addresses = join.internal_ip_addresses.iter().map(|_| MASK.to_owned()).collect();
    join.user_name = scrub_text(&join.user_name);
    join.leave_reason = join.leave_reason.as_deref().map(scrub_text);
}

/// Replaces IP addresses, MAC addresses and e-mail addresses inside free text with [`MASK`].
pub fn scrub_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        if !token.is_empty() {
            if is_personal_token(token) {
                out.push_str(MASK);
            } else {
                out.push_str(token);
            }
            token.clear();
        }
    };
    for c in text.chars() {
        if c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | '<' | '>' | ',' | ';' | '"' | '\'' | '/' | '=') {
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
    let parts: Vec<&str> = t.split([':', '-']).collect();
    parts.len() == 6 && parts.iter().all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_hexdigit()))
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
        assert_eq!(scrub_text("Zoë 王 <b>x</b>"), "Zoë 王 <b>x</b>");
        assert_eq!(scrub_text("Room 1.2 at 10:30"), "Room 1.2 at 10:30");
    }

    #[test]
    fn every_personal_field_of_a_join_is_masked() {
        let snapshot = qoscope_sim::demo_snapshot().unwrap();
        let meeting = snapshot.meeting().unwrap();
        let redacted = redact_meeting(&meeting);
        for (before, after) in meeting.joins.iter().zip(&redacted.joins) {
            for (b, a) in [
                (&before.ip_address, &after.ip_address),
                (&before.mac_addr, &after.mac_addr),
                (&before.harddisk_id, &after.harddisk_id),
                (&before.pc_name, &after.pc_name),
                (&before.email, &after.email),
                (&before.location, &after.location),
            ] {
                assert_eq!(b.is_some(), a.is_some());
                if let Some(a) = a {
                    assert_eq!(a, MASK);
                }
            }
            assert_eq!(before.samples, after.samples, "metrics are never touched");
        }
        assert!(meeting.joins.iter().any(|j| j.ip_address.is_some()), "the demo has IP addresses to mask");
    }
}
