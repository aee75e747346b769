//! The facts Zoom added to the QoS endpoints in 2024–2026 (names as in Zoom's changelog; see
//! the team's Zoom API notes, "Endpoints and fields added since the 2023 spec copy"), read
//! leniently: absent, empty, junk or a word QoScope does not know is *no value*, never an error
//! and never a data issue (the snapshot keeps the verbatim response all the same).
//!
//! Each is **one value per join**, so each is a fact about the join, not a series: none of them
//! becomes a canonical-CSV row.
//! * `as_connection_type`, `video_connection_type` (2025-06), and the participants list's older
//!   `connection_type` (taken as the audio's): how each medium reached Zoom's cloud. Zoom's media
//!   prefers UDP (ports 8801–8810); when a firewall blocks UDP the client falls back to TCP or
//!   TLS/SSL over port 443, which adds latency ([`Transport::is_fallback`]).
//! * `audio_socket_break`, `video_socket_break`, `as_socket_break`, `command_socket_break`
//!   (2026-06): how often the join's media or signalling connection broke (reconnects).
//! * `cpu_pressure_level` (2025-11): the value format is undocumented; a word or a number is kept
//!   as Zoom sent it (cut to [`MAX_TEXT`] characters) with QoScope's reading of the known words.
//! * `health` and `issue_list` (2024-10, webinar participant QoS): Zoom's own words, kept as text.
//!
//! `client` and `email` were already read with the join; `meeting_number` fills the meeting's
//! number when the details were not fetched.

use crate::lenient::RawScalar;
use serde::{Deserialize, Serialize};

/// The longest text kept from one of these fields (characters); the rest is cut.
pub const MAX_TEXT: usize = 120;

/// The most entries of `issue_list` kept.
pub const MAX_ISSUES: usize = 20;

/// How one medium reached Zoom's cloud: a closed vocabulary (anything else is no value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    Udp,
    Tcp,
    Ssl,
    Tls,
    Https,
}

impl Transport {
    /// Reads Zoom's word case-insensitively (`"UDP"`, `"tcp"`, `" SSL "`); `""`, `"-"` and
    /// anything else are `None`.
    pub fn parse(text: &str) -> Option<Transport> {
        match text.trim().to_ascii_lowercase().as_str() {
            "udp" => Some(Transport::Udp),
            "tcp" => Some(Transport::Tcp),
            "ssl" => Some(Transport::Ssl),
            "tls" => Some(Transport::Tls),
            "https" => Some(Transport::Https),
            _ => None,
        }
    }

    fn from_raw(v: &Option<RawScalar>) -> Option<Transport> {
        match v {
            Some(RawScalar::Str(s)) => Transport::parse(s),
            _ => None,
        }
    }

    /// Whether this is a fallback from UDP (TCP, or TLS/SSL/HTTPS over port 443): most often a
    /// firewall or proxy that blocks Zoom's UDP ports.
    pub fn is_fallback(self) -> bool {
        self != Transport::Udp
    }

    /// The word as people write it: `UDP`, `TCP`, `SSL`, `TLS`, `HTTPS`.
    pub fn label(self) -> &'static str {
        match self {
            Transport::Udp => "UDP",
            Transport::Tcp => "TCP",
            Transport::Ssl => "SSL",
            Transport::Tls => "TLS",
            Transport::Https => "HTTPS",
        }
    }
}

/// Per medium, how it reached Zoom's cloud (`None`: not reported, empty or unknown).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transports {
    /// The participants list's `connection_type` (Zoom reports it per join, for its audio).
    pub audio: Option<Transport>,
    /// `video_connection_type`.
    pub video: Option<Transport>,
    /// `as_connection_type`.
    pub screen_share: Option<Transport>,
}

impl Transports {
    /// (medium word, transport) of every medium that fell back from UDP, audio first.
    pub fn fallbacks(&self) -> Vec<(&'static str, Transport)> {
        [("audio", self.audio), ("video", self.video), ("screen share", self.screen_share)]
            .into_iter()
            .filter_map(|(m, t)| t.filter(|t| t.is_fallback()).map(|t| (m, t)))
            .collect()
    }
}

impl Transports {
    /// The connection per medium in helpdesk words, the verdict first (a narrow cell cut at its
    /// end still says it): "UDP blocked? video fell back to TCP; audio, screen share over UDP (a
    /// firewall or proxy blocking Zoom's UDP ports 8801–8810 adds latency)", or "UDP (audio,
    /// video)". `None` when Zoom reported none.
    pub fn words(&self) -> Option<String> {
        let reported = [("audio", self.audio), ("video", self.video), ("screen share", self.screen_share)];
        let on_udp: Vec<&str> = reported.iter().filter(|(_, t)| *t == Some(Transport::Udp)).map(|(m, _)| *m).collect();
        let fell: Vec<String> =
            self.fallbacks().iter().map(|(m, t)| format!("{m} fell back to {}", t.label())).collect();
        match (fell.is_empty(), on_udp.is_empty()) {
            (true, true) => None,
            (true, false) => Some(format!("UDP ({})", on_udp.join(", "))),
            (false, udp_none) => {
                let udp = if udp_none { String::new() } else { format!("; {} over UDP", on_udp.join(", ")) };
                Some(format!(
                    "UDP blocked? {}{udp} (a firewall or proxy blocking Zoom's UDP ports 8801–8810 adds latency)",
                    fell.join(", ")
                ))
            }
        }
    }
}

/// Zoom's socket-break counters of one join (`None`: not reported or not a count).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocketBreaks {
    pub audio: Option<u32>,
    pub video: Option<u32>,
    pub screen_share: Option<u32>,
    /// `command_socket_break`: the signalling connection.
    pub command: Option<u32>,
}

impl SocketBreaks {
    /// (what broke, count) of every counter above zero: "audio", "video", "screen share",
    /// "signalling".
    pub fn nonzero(&self) -> Vec<(&'static str, u32)> {
        [
            ("audio", self.audio),
            ("video", self.video),
            ("screen share", self.screen_share),
            ("signalling", self.command),
        ]
        .into_iter()
        .filter_map(|(w, n)| n.filter(|n| *n > 0).map(|n| (w, n)))
        .collect()
    }

    /// For a facts list: the breaks in words, "none" when Zoom counted zero, `None` when Zoom
    /// reported no counter.
    pub fn summary(&self) -> Option<String> {
        let reported = [self.audio, self.video, self.screen_share, self.command].iter().any(Option::is_some);
        self.words().or_else(|| reported.then(|| "none".to_owned()))
    }

    /// "3 audio and 1 video socket breaks" (`None` when no counter is above zero).
    pub fn words(&self) -> Option<String> {
        let parts: Vec<String> = self.nonzero().iter().map(|(w, n)| format!("{n} {w}")).collect();
        let total: u32 = self.nonzero().iter().map(|(_, n)| n).sum();
        let list = match parts.len() {
            0 => return None,
            1 => parts[0].clone(),
            n => format!("{} and {}", parts[..n - 1].join(", "), parts[n - 1]),
        };
        Some(format!("{list} socket {}", if total == 1 { "break" } else { "breaks" }))
    }
}

/// QoScope's reading of the known words of `cpu_pressure_level` (the words of the W3C Compute
/// Pressure API and Apple's thermal states, plus plain low/medium/high).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PressureLevel {
    Nominal,
    Fair,
    Serious,
    Critical,
}

impl PressureLevel {
    fn parse(text: &str) -> Option<PressureLevel> {
        match text.trim().to_ascii_lowercase().as_str() {
            "nominal" | "normal" | "none" | "low" => Some(PressureLevel::Nominal),
            "fair" | "medium" | "moderate" => Some(PressureLevel::Fair),
            "serious" | "high" => Some(PressureLevel::Serious),
            "critical" | "very high" | "severe" => Some(PressureLevel::Critical),
            _ => None,
        }
    }

    /// Serious or critical: the device was short of CPU.
    pub fn is_high(self) -> bool {
        self >= PressureLevel::Serious
    }
}

/// Zoom's `cpu_pressure_level` as sent (a word or a number, as text) and QoScope's reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CpuPressure {
    /// Zoom's value as text, cut to [`MAX_TEXT`] characters (unsanitized: sanitize to show).
    pub reported: String,
    /// The known word's reading; `None` for numbers and other words (Zoom's scale is undocumented).
    pub level: Option<PressureLevel>,
}

impl CpuPressure {
    /// For people: Zoom's word (sanitized), or a number with a note that Zoom's scale is
    /// undocumented.
    pub fn words(&self) -> String {
        let shown = crate::text::sanitize(&self.reported).into_owned();
        match self.level {
            Some(_) => shown,
            None => format!("{shown} (Zoom's scale is undocumented)"),
        }
    }

    fn from_raw(v: &Option<RawScalar>) -> Option<CpuPressure> {
        let reported = bounded_text(v)?;
        let level = PressureLevel::parse(&reported);
        Some(CpuPressure { reported, level })
    }
}

/// Everything of this module about one join.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinFacts {
    pub transports: Transports,
    pub socket_breaks: SocketBreaks,
    pub cpu_pressure: Option<CpuPressure>,
    /// Webinars: Zoom's `health` word for the join.
    pub health: Option<String>,
    /// Webinars: Zoom's `issue_list`, each entry cut to [`MAX_TEXT`], at most [`MAX_ISSUES`].
    pub issues: Vec<String>,
}

impl JoinFacts {
    /// Webinars: Zoom's health word and issue list, sanitized ("Warning · High CPU, Network").
    pub fn webinar_words(&self) -> Option<String> {
        let issues = self.issues.iter().map(|i| crate::text::sanitize(i).into_owned()).collect::<Vec<_>>().join(", ");
        let health = self.health.as_deref().map(|h| crate::text::sanitize(h).into_owned());
        match (health, issues.is_empty()) {
            (None, true) => None,
            (Some(h), true) => Some(h),
            (None, false) => Some(format!("issues: {issues}")),
            (Some(h), false) => Some(format!("{h} · issues: {issues}")),
        }
    }
}

/// The raw fields of [`JoinFacts`] as a QoS participant carries them.
pub struct RawJoinFacts<'a> {
    pub connection_type: &'a Option<RawScalar>,
    pub video_connection_type: &'a Option<RawScalar>,
    pub as_connection_type: &'a Option<RawScalar>,
    pub audio_socket_break: &'a Option<RawScalar>,
    pub video_socket_break: &'a Option<RawScalar>,
    pub as_socket_break: &'a Option<RawScalar>,
    pub command_socket_break: &'a Option<RawScalar>,
    pub cpu_pressure_level: &'a Option<RawScalar>,
    pub health: &'a Option<RawScalar>,
    pub issue_list: &'a [String],
}

impl JoinFacts {
    pub fn from_raw(r: &RawJoinFacts<'_>) -> JoinFacts {
        JoinFacts {
            transports: Transports {
                audio: Transport::from_raw(r.connection_type),
                video: Transport::from_raw(r.video_connection_type),
                screen_share: Transport::from_raw(r.as_connection_type),
            },
            socket_breaks: SocketBreaks {
                audio: count(r.audio_socket_break),
                video: count(r.video_socket_break),
                screen_share: count(r.as_socket_break),
                command: count(r.command_socket_break),
            },
            cpu_pressure: CpuPressure::from_raw(r.cpu_pressure_level),
            health: bounded_text(r.health),
            issues: r
                .issue_list
                .iter()
                .filter(|s| !s.trim().is_empty())
                .take(MAX_ISSUES)
                .map(|s| cut(s.trim()))
                .collect(),
        }
    }

    /// Fills what `self` lacks from `other` (the same join seen again, or its participants-list
    /// entry).
    pub fn fill_from(&mut self, other: &JoinFacts) {
        let t = &mut self.transports;
        t.audio = t.audio.or(other.transports.audio);
        t.video = t.video.or(other.transports.video);
        t.screen_share = t.screen_share.or(other.transports.screen_share);
        let s = &mut self.socket_breaks;
        s.audio = s.audio.or(other.socket_breaks.audio);
        s.video = s.video.or(other.socket_breaks.video);
        s.screen_share = s.screen_share.or(other.socket_breaks.screen_share);
        s.command = s.command.or(other.socket_breaks.command);
        if self.cpu_pressure.is_none() {
            self.cpu_pressure.clone_from(&other.cpu_pressure);
        }
        if self.health.is_none() {
            self.health.clone_from(&other.health);
        }
        if self.issues.is_empty() {
            self.issues.clone_from(&other.issues);
        }
    }
}

/// A count: a non-negative integer, or a string holding one (`"3"`, `" 3 "`); anything else,
/// negative numbers and fractions included, is `None`.
fn count(v: &Option<RawScalar>) -> Option<u32> {
    match v {
        Some(RawScalar::Int(n)) => u32::try_from(*n).ok(),
        Some(RawScalar::Float(f)) if f.fract() == 0.0 && *f >= 0.0 && *f <= f64::from(u32::MAX) => Some(*f as u32),
        Some(RawScalar::Str(s)) => s.trim().parse::<u32>().ok(),
        _ => None,
    }
}

fn bounded_text(v: &Option<RawScalar>) -> Option<String> {
    let text = v.as_ref()?.as_text()?;
    let text = text.trim();
    (!text.is_empty() && text != "-").then(|| cut(text))
}

fn cut(text: &str) -> String {
    match text.char_indices().nth(MAX_TEXT) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_types_are_a_closed_case_insensitive_vocabulary() {
        assert_eq!(Transport::parse("UDP"), Some(Transport::Udp));
        assert_eq!(Transport::parse(" tcp "), Some(Transport::Tcp));
        assert_eq!(Transport::parse("Ssl"), Some(Transport::Ssl));
        assert_eq!(Transport::parse("TLS"), Some(Transport::Tls));
        assert_eq!(Transport::parse("https"), Some(Transport::Https));
        for junk in ["", "-", "QUIC", "udp<b>", "\u{202e}tcp"] {
            assert_eq!(Transport::parse(junk), None, "{junk:?}");
        }
        assert!(!Transport::Udp.is_fallback());
        assert!(Transport::Tcp.is_fallback() && Transport::Ssl.is_fallback() && Transport::Https.is_fallback());
    }

    #[test]
    fn counts_accept_numbers_and_numeric_strings_only() {
        assert_eq!(count(&Some(RawScalar::Int(3))), Some(3));
        assert_eq!(count(&Some(RawScalar::Str(" 2 ".into()))), Some(2));
        assert_eq!(count(&Some(RawScalar::Float(4.0))), Some(4));
        for junk in [RawScalar::Int(-1), RawScalar::Float(1.5), RawScalar::Str("many".into()), RawScalar::Invalid] {
            assert_eq!(count(&Some(junk.clone())), None, "{junk:?}");
        }
        assert_eq!(count(&None), None);
    }

    #[test]
    fn socket_breaks_in_words() {
        let s = SocketBreaks { audio: Some(3), video: Some(0), screen_share: None, command: Some(1) };
        assert_eq!(s.words().as_deref(), Some("3 audio and 1 signalling socket breaks"));
        let one = SocketBreaks { video: Some(1), ..Default::default() };
        assert_eq!(one.words().as_deref(), Some("1 video socket break"));
        assert_eq!(SocketBreaks::default().words(), None);
        assert_eq!(SocketBreaks::default().summary(), None, "not reported");
        let zero = SocketBreaks { audio: Some(0), ..Default::default() };
        assert_eq!(zero.summary().as_deref(), Some("none"));
    }

    #[test]
    fn facts_in_helpdesk_words() {
        let t = Transports { audio: Some(Transport::Udp), video: Some(Transport::Tcp), screen_share: None };
        let w = t.words().unwrap();
        assert_eq!(
            w,
            "UDP blocked? video fell back to TCP; audio over UDP (a firewall or proxy blocking Zoom's UDP ports 8801–8810 adds latency)"
        );
        let all = Transports { audio: Some(Transport::Ssl), video: Some(Transport::Ssl), screen_share: None };
        assert!(all
            .words()
            .unwrap()
            .starts_with("UDP blocked? audio fell back to SSL, video fell back to SSL (a firewall"));
        let udp = Transports { audio: Some(Transport::Udp), video: Some(Transport::Udp), ..Default::default() };
        assert_eq!(udp.words().as_deref(), Some("UDP (audio, video)"));
        assert_eq!(Transports::default().words(), None);
        let p = CpuPressure { reported: "2".into(), level: None };
        assert_eq!(p.words(), "2 (Zoom's scale is undocumented)");
        let f =
            JoinFacts { health: Some("Bad\u{1b}[31m".into()), issues: vec!["High CPU".into()], ..Default::default() };
        assert_eq!(f.webinar_words().as_deref(), Some("Bad\u{FFFD}[31m · issues: High CPU"));
        assert_eq!(JoinFacts::default().webinar_words(), None);
    }

    #[test]
    fn cpu_pressure_keeps_what_zoom_sent_and_reads_the_known_words() {
        let p = CpuPressure::from_raw(&Some(RawScalar::Str("Critical".into()))).unwrap();
        assert_eq!((p.reported.as_str(), p.level), ("Critical", Some(PressureLevel::Critical)));
        let n = CpuPressure::from_raw(&Some(RawScalar::Int(2))).unwrap();
        assert_eq!((n.reported.as_str(), n.level), ("2", None), "a number's scale is undocumented");
        assert_eq!(CpuPressure::from_raw(&Some(RawScalar::Str(" ".into()))), None);
        assert_eq!(CpuPressure::from_raw(&Some(RawScalar::Invalid)), None);
        let long = CpuPressure::from_raw(&Some(RawScalar::Str("x".repeat(500)))).unwrap();
        assert_eq!(long.reported.chars().count(), MAX_TEXT + 1);
        assert!(PressureLevel::Serious.is_high() && !PressureLevel::Fair.is_high());
    }

    #[test]
    fn absent_empty_and_unknown_new_fields_are_no_value_and_never_an_issue() {
        use crate::meeting::{Meeting, RawMeeting};
        use crate::raw::{ParticipantsPage, QosPage};
        let qos: QosPage = serde_json::from_str(
            r#"{"participants":[
                {"user_id":"1","user_name":"Tom","client":"Zoom Workplace 6.2.11","meeting_number":85746213390,
                 "video_connection_type":"tcp","as_connection_type":"UDP","audio_socket_break":"3",
                 "video_socket_break":0,"command_socket_break":1,"cpu_pressure_level":"serious",
                 "health":"Warning","issue_list":["High CPU","",{"x":1}],"rc_reason":"undocumented","user_qos":[]},
                {"user_id":"2","user_name":"Ana","video_connection_type":"","as_connection_type":"-",
                 "audio_socket_break":-4,"video_socket_break":"many","as_socket_break":{"n":1},
                 "command_socket_break":null,"cpu_pressure_level":[1],"health":true,"issue_list":"Network","user_qos":[]},
                {"user_id":"3","user_name":"Old client","video_connection_type":"QUIC","cpu_pressure_level":2,"issue_list":null,"user_qos":[]}
            ]}"#,
        )
        .unwrap();
        let list: ParticipantsPage = serde_json::from_str(
            r#"{"participants":[{"user_id":"1","connection_type":"SSL","video_connection_type":"UDP"},{"user_id":"2","connection_type":"udp"}]}"#,
        )
        .unwrap();
        let m = Meeting::derive(&RawMeeting {
            qos_pages: vec![&qos],
            participant_pages: vec![&list],
            ..Default::default()
        });
        assert!(m.issues.is_empty(), "{:?}", m.issues);
        assert_eq!(m.info.meeting_number.as_deref(), Some("85746213390"), "fills the missing details");
        let f = |uid: &str| m.join(uid).unwrap().facts.clone();
        let tom = f("1");
        assert_eq!(m.join("1").unwrap().client.as_deref(), Some("Zoom Workplace 6.2.11"));
        assert_eq!(
            tom.transports,
            Transports { audio: Some(Transport::Ssl), video: Some(Transport::Tcp), screen_share: Some(Transport::Udp) },
            "the QoS join's own video type wins over the list's"
        );
        assert_eq!(tom.transports.fallbacks(), vec![("audio", Transport::Ssl), ("video", Transport::Tcp)]);
        assert_eq!(
            tom.socket_breaks,
            SocketBreaks { audio: Some(3), video: Some(0), screen_share: None, command: Some(1) }
        );
        assert_eq!(tom.cpu_pressure.as_ref().and_then(|p| p.level), Some(PressureLevel::Serious));
        assert_eq!((tom.health.as_deref(), tom.issues.as_slice()), (Some("Warning"), &["High CPU".to_owned()][..]));
        let ana = f("2");
        assert_eq!(ana.transports, Transports { audio: Some(Transport::Udp), video: None, screen_share: None });
        assert_eq!(ana.socket_breaks, SocketBreaks::default());
        assert_eq!((ana.cpu_pressure, ana.health), (None, None));
        assert_eq!(ana.issues, vec!["Network".to_owned()]);
        let old = f("3");
        assert_eq!(old.transports, Transports::default());
        assert_eq!(old.cpu_pressure, Some(CpuPressure { reported: "2".into(), level: None }));
    }
}
