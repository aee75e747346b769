//! What the user typed → a meeting reference: a numeric meeting ID, an instance UUID, or a Zoom
//! join link (meeting `/j/`, webinar `/w/`, `/s/` start links, web client `/wc/`, vanity
//! subdomains, zoomgov.com, `zoommtg://` links).

use crate::errors::ZoomError;
use std::fmt;

const HINT: &str = "paste the meeting ID (9–11 digits), its UUID, or the join link";

/// A meeting as Zoom's API addresses it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MeetingRef {
    /// The numeric meeting ID (addresses the latest instance).
    Id(String),
    /// One instance's UUID, e.g. `aDYlohsHRtCd4ii1uC2+hA==`.
    Uuid(String),
}

impl MeetingRef {
    /// Parses user input. Errors say what was wrong and what to paste instead.
    pub fn parse(input: &str) -> Result<MeetingRef, ZoomError> {
        parse(input)
    }

    /// The ID or UUID as Zoom shows it (not encoded).
    pub fn as_str(&self) -> &str {
        match self {
            MeetingRef::Id(s) | MeetingRef::Uuid(s) => s,
        }
    }

    /// The path segment for the API: IDs as they are; UUIDs URL-encoded, twice when they begin
    /// with `/` or contain `//` (Zoom's rule).
    pub fn path_segment(&self) -> String {
        match self {
            MeetingRef::Id(id) => id.clone(),
            MeetingRef::Uuid(uuid) => {
                let once = encode_component(uuid);
                if uuid.starts_with('/') || uuid.contains("//") {
                    encode_component(&once)
                } else {
                    once
                }
            }
        }
    }
}

impl fmt::Display for MeetingRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn invalid(message: String) -> ZoomError {
    ZoomError::InvalidMeetingRef { message }
}

fn shown(s: &str) -> String {
    let clipped: String = s.chars().filter(|c| !c.is_control()).take(60).collect();
    if s.chars().count() > 60 {
        format!("{clipped}…")
    } else {
        clipped
    }
}

fn parse(input: &str) -> Result<MeetingRef, ZoomError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(invalid(format!("No meeting given: {HINT}.")));
    }
    let lower = s.to_ascii_lowercase();
    if lower.contains("://") || lower.contains("zoom.us/") || lower.contains("zoomgov.com/") {
        return parse_link(s);
    }
    let digits: String = s.chars().filter(|c| !matches!(c, ' ' | '-' | '\u{a0}' | '\t')).collect();
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        return id_from_digits(&digits, s);
    }
    if let Some(uuid) = as_uuid(s) {
        return Ok(MeetingRef::Uuid(uuid));
    }
    Err(invalid(format!("\"{}\" is not a Zoom meeting: {HINT}.", shown(s))))
}

fn id_from_digits(digits: &str, original: &str) -> Result<MeetingRef, ZoomError> {
    let n = digits.len();
    if (9..=11).contains(&n) {
        Ok(MeetingRef::Id(digits.to_owned()))
    } else {
        Err(invalid(format!("\"{}\" has {n} digits, but a Zoom meeting ID has 9–11: {HINT}.", shown(original))))
    }
}

/// Zoom's UUIDs are base64 of 16 bytes: 22 characters plus `==`. Accepts an already URL-encoded one.
fn as_uuid(s: &str) -> Option<String> {
    let decoded = if s.contains('%') { percent_decode(s)? } else { s.to_owned() };
    let body = decoded.trim_end_matches('=');
    let padding = decoded.len() - body.len();
    let ok = (20..=24).contains(&body.len())
        && padding <= 2
        && body.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/'))
        && !body.bytes().all(|b| b.is_ascii_digit());
    ok.then_some(decoded)
}

fn parse_link(s: &str) -> Result<MeetingRef, ZoomError> {
    let with_scheme = if s.contains("://") { s.to_owned() } else { format!("https://{s}") };
    let url = reqwest::Url::parse(&with_scheme)
        .map_err(|_| invalid(format!("\"{}\" is not a valid link: {HINT}.", shown(s))))?;
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    let zoom_host = crate::hosts::is_join_link_host(&host);
    if url.scheme() == "zoommtg" || url.scheme() == "zoomus" {
        // zoommtg://zoom.us/join?confno=123456789
        if let Some((_, v)) = url.query_pairs().find(|(k, _)| k == "confno") {
            return id_from_digits(&v, s);
        }
        return Err(invalid(format!("The Zoom app link \"{}\" has no meeting number: {HINT}.", shown(s))));
    }
    if !zoom_host || !matches!(url.scheme(), "https" | "http") {
        return Err(invalid(format!(
            "\"{}\" is not a Zoom link (expected zoom.us or zoomgov.com): {HINT}.",
            shown(&host)
        )));
    }
    let segments: Vec<&str> = url.path_segments().map(|p| p.filter(|x| !x.is_empty()).collect()).unwrap_or_default();
    // /j/ID, /w/ID, /s/ID, /wc/join/ID, /wc/ID/join, /webinar/register/…
    let mut candidate: Option<&str> = None;
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "j" | "w" | "s" | "join" => {
                candidate = segments.get(i + 1).copied();
                break;
            }
            "wc" => {
                candidate = segments.get(i + 1).copied().filter(|x| *x != "join").or(segments.get(i + 2).copied());
                break;
            }
            "my" => {
                return Err(invalid(format!(
                    "\"{}\" is a personal link name, which the API cannot look up: paste the numeric meeting ID \
                     or its UUID instead.",
                    shown(s)
                )))
            }
            _ => {}
        }
    }
    if candidate.is_none() {
        if let Some((_, v)) = url.query_pairs().find(|(k, _)| k == "confno" || k == "meeting_id") {
            return id_from_digits(&v, s);
        }
    }
    match candidate {
        Some(c) => {
            let digits: String = c.chars().filter(|ch| *ch != '-').collect();
            if !digits.is_empty() && digits.chars().all(|ch| ch.is_ascii_digit()) {
                id_from_digits(&digits, s)
            } else {
                Err(invalid(format!("The link \"{}\" has no numeric meeting ID: {HINT}.", shown(s))))
            }
        }
        None => Err(invalid(format!("The link \"{}\" is not a meeting join link: {HINT}.", shown(s)))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn id(s: &str) -> MeetingRef {
        MeetingRef::Id(s.into())
    }

    #[test]
    fn numeric_ids() {
        assert_eq!(MeetingRef::parse("85746213390").unwrap(), id("85746213390"));
        assert_eq!(MeetingRef::parse(" 857 4621 3390 ").unwrap(), id("85746213390"));
        assert_eq!(MeetingRef::parse("857-4621-3390").unwrap(), id("85746213390"));
        assert_eq!(MeetingRef::parse("123456789").unwrap(), id("123456789"));
        let e = MeetingRef::parse("1234").unwrap_err().to_string();
        assert!(e.contains("4 digits") && e.contains("9–11"), "{e}");
        assert!(MeetingRef::parse("123456789012").is_err());
    }

    #[test]
    fn uuids_and_their_encoding() {
        let r = MeetingRef::parse("aDYlohsHRtCd4ii1uC2+hA==").unwrap();
        assert_eq!(r, MeetingRef::Uuid("aDYlohsHRtCd4ii1uC2+hA==".into()));
        assert_eq!(r.path_segment(), "aDYlohsHRtCd4ii1uC2%2BhA%3D%3D");
        let r = MeetingRef::parse("/ajXp112QmuoKj4854875==").unwrap();
        assert_eq!(r.path_segment(), "%252Fajxp112QmuoKj4854875%253D%253D".replace("ajxp", "ajXp"));
        let r = MeetingRef::parse("ab//cdefghijklmnopqrst==").unwrap();
        assert!(r.path_segment().starts_with("ab%252F%252F"), "{}", r.path_segment());
        // Already encoded once by whoever copied it.
        assert_eq!(
            MeetingRef::parse("aDYlohsHRtCd4ii1uC2%2BhA%3D%3D").unwrap(),
            MeetingRef::Uuid("aDYlohsHRtCd4ii1uC2+hA==".into())
        );
    }

    #[test]
    fn join_links() {
        for link in [
            "https://us02web.zoom.us/j/85746213390?pwd=abcDEF.1",
            "https://us02web.zoom.us/w/85746213390?tk=x",
            "https://zoom.us/s/85746213390",
            "https://acme.zoom.us/j/85746213390",
            "https://acme.zoomgov.com/j/85746213390#success",
            "us02web.zoom.us/j/85746213390",
            "https://zoom.us/wc/join/85746213390",
            "https://zoom.us/wc/85746213390/join?pwd=1",
            "zoommtg://zoom.us/join?action=join&confno=85746213390",
            "  <https://us02web.zoom.us/j/85746213390>".trim_start().trim_start_matches('<').trim_end_matches('>'),
        ] {
            assert_eq!(MeetingRef::parse(link).unwrap(), id("85746213390"), "{link}");
        }
    }

    #[test]
    fn clear_errors() {
        for bad in ["", "hello", "https://example.com/j/85746213390", "https://zoom.us/my/jane.doe", "https://zoom.us/"]
        {
            let e = MeetingRef::parse(bad).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::InvalidMeetingRef);
            let text = e.to_string();
            assert!(text.contains("meeting ID"), "{bad}: {text}");
        }
        assert!(MeetingRef::parse("https://zoom.us/my/jane.doe").unwrap_err().to_string().contains("personal link"));
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,80}") {
            let _ = MeetingRef::parse(&s);
        }

        #[test]
        fn never_panics_on_link_like_input(s in "(https?://)?[a-z0-9.]{0,12}zoom\\.us/[a-z/%0-9?=&+-]{0,40}") {
            if let Ok(r) = MeetingRef::parse(&s) {
                prop_assert!(!r.path_segment().contains('/'));
            }
        }

        #[test]
        fn spaced_ids_parse(d in "[1-9][0-9]{8,10}", cut in 1usize..8) {
            let spaced = format!("{} {}", &d[..cut], &d[cut..]);
            prop_assert_eq!(MeetingRef::parse(&spaced).unwrap(), MeetingRef::Id(d.clone()));
        }

        #[test]
        fn uuid_segments_never_contain_a_slash(s in "[A-Za-z0-9+/]{22}==") {
            if let Ok(r) = MeetingRef::parse(&s) {
                prop_assert!(!r.path_segment().contains('/'));
            }
        }
    }
}
