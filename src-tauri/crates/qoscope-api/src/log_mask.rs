//! Masking personal data in log lines and "Copy diagnostics": the home folder, e-mail
//! addresses and IP addresses in every form a log shows them (`198.51.100.5:443`,
//! `[2001:db8::1]:443`, `fe80::1%eth0`, `ip=1.2.3.4`, `10.0.0.0/8`, inside URLs). Tauri-free so
//! it is tested here and shared by the log file's formatter and the clipboard report.

/// What a masked IP address is shown as.
pub const IP_MASK: &str = "<ip>";
/// What a masked e-mail address is shown as.
pub const EMAIL_MASK: &str = "<e-mail>";

/// Characters that end a word: whitespace, quotes, brackets of prose, `=` (`ip=1.2.3.4`) and
/// `/` (URLs, CIDR suffixes).
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '(' | ')' | ',' | ';' | '<' | '>' | '=' | '/' | '|')
}

/// `text` with the home folder shown as `~` and e-mail and IP addresses masked.
pub fn mask_personal(text: &str, home: Option<&str>) -> String {
    let text = match home.filter(|h| h.len() > 1) {
        Some(h) => text.replace(h, "~"),
        None => text.to_owned(),
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let end = rest.find(is_separator).unwrap_or(rest.len());
        let (word, after) = rest.split_at(end);
        out.push_str(&mask_word(word));
        let sep_len = after.chars().next().map_or(0, char::len_utf8);
        out.push_str(&after[..sep_len]);
        rest = &after[sep_len..];
    }
    out
}

/// One word: masked whole, or with its trailing punctuation (`.`, `:`) kept.
fn mask_word(word: &str) -> String {
    if word.is_empty() {
        return String::new();
    }
    // "2001:db8::" ends in colons that are part of the address; try the word whole first.
    for core in [word.trim_end_matches('.'), word.trim_end_matches(['.', ':', ']'])] {
        let tail = &word[core.len()..];
        if is_email(core) {
            return format!("{EMAIL_MASK}{tail}");
        }
        if is_ip(core) {
            return format!("{IP_MASK}{tail}");
        }
    }
    word.to_owned()
}

fn is_email(s: &str) -> bool {
    s.split_once('@').is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'))
}

/// An IPv4 or IPv6 address, with an optional port, brackets or zone ID.
fn is_ip(s: &str) -> bool {
    use std::net::{IpAddr, Ipv4Addr};
    // [v6] or [v6]:port (URLs, socket addresses), a zone inside the brackets too.
    if let Some(inner) = s.strip_prefix('[') {
        let Some((host, after)) = inner.split_once(']') else { return is_ipv6_with_zone(inner) };
        let port_ok = after.is_empty() || after.strip_prefix(':').is_some_and(|p| p.parse::<u16>().is_ok());
        return port_ok && is_ipv6_with_zone(host);
    }
    if s.parse::<IpAddr>().is_ok() || is_ipv6_with_zone(s) {
        return true;
    }
    // v4:port
    s.rsplit_once(':').is_some_and(|(h, port)| port.parse::<u16>().is_ok() && h.parse::<Ipv4Addr>().is_ok())
}

/// `fe80::1%eth0`, `fe80::1%25eth0` (URL-encoded `%`), or a plain IPv6 address.
fn is_ipv6_with_zone(s: &str) -> bool {
    let (addr, zone) = s.split_once('%').unwrap_or((s, ""));
    let zone_ok = zone.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    zone_ok && addr.parse::<std::net::Ipv6Addr>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_diagnostics_forms_are_masked() {
        let text = "open /home/ana/meetings/x.json failed; ana.lima@example.com from 198.51.100.5:443 \
                    and 2001:db8::1, (10.0.0.7). Meeting 857 4621 3390 v6.2.11.45987";
        assert_eq!(
            mask_personal(text, Some("/home/ana")),
            "open ~/meetings/x.json failed; <e-mail> from <ip> and <ip>, (<ip>). Meeting 857 4621 3390 v6.2.11.45987"
        );
    }

    #[test]
    fn every_address_form_is_masked() {
        for (text, masked) in [
            ("connect [2001:db8::1]:443 refused", "connect <ip> refused"),
            ("via [2001:db8::1].", "via <ip>."),
            ("link fe80::1%eth0 up", "link <ip> up"),
            ("link [fe80::1%25eth0]:8080", "link <ip>"),
            ("peer ip=1.2.3.4 port=80", "peer ip=<ip> port=80"),
            ("addr=2001:db8::7,", "addr=<ip>,"),
            ("GET https://198.51.100.5:8443/v2/users", "GET https://<ip>/v2/users"),
            ("GET http://[::1]:4010/v2", "GET http://<ip>/v2"),
            ("route 10.0.0.0/8 and 2001:db8::/32", "route <ip>/8 and <ip>/32"),
            ("host=\"203.0.113.9\"", "host=\"<ip>\""),
            ("net 2001:db8::", "net <ip>"),
            ("at 10:15:00 took 1.5 s, v6.2.11.45987, ratio 3:2", "at 10:15:00 took 1.5 s, v6.2.11.45987, ratio 3:2"),
        ] {
            assert_eq!(mask_personal(text, None), masked, "{text}");
        }
    }

    #[test]
    fn unicode_text_survives() {
        assert_eq!(mask_personal("Zoë 王 → 1.2.3.4 ✓", None), "Zoë 王 → <ip> ✓");
    }
}
