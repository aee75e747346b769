//! How finding texts write times. The CLI and `summary --json` keep UTC ("From 10:12 to 10:19
//! UTC"); the app and its exports write the display zone, labelled, with UTC in brackets where a
//! ticket needs both ("From 05:12 to 05:19 EST (10:12–10:19 UTC)").

use chrono::{DateTime, FixedOffset, Utc};

/// The zone finding texts are written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    /// `None`: UTC only.
    zone: Option<(FixedOffset, String)>,
}

impl Default for Clock {
    fn default() -> Clock {
        Clock::utc()
    }
}

/// At most this many characters of a zone label ("EST", "GMT+1", "UTC+05:30").
const MAX_LABEL: usize = 12;

impl Clock {
    /// Times in UTC, as the CLI and `summary --json` write them.
    pub fn utc() -> Clock {
        Clock { zone: None }
    }

    /// Times in a display zone (`offset` east of UTC, called `label`), UTC in brackets. A zero
    /// offset is UTC; an empty or odd label is replaced by the offset ("UTC-05:00").
    pub fn zoned(offset: FixedOffset, label: &str) -> Clock {
        if offset.local_minus_utc() == 0 {
            return Clock::utc();
        }
        let clean = label.trim();
        let usable = !clean.is_empty()
            && clean.chars().count() <= MAX_LABEL
            && clean.chars().all(|c| c.is_alphanumeric() || matches!(c, '+' | '-' | '−' | ':' | ' '));
        let label = if usable { clean.to_owned() } else { offset_label(offset) };
        Clock { zone: Some((offset, label)) }
    }

    /// The zone's label: "UTC", "EST".
    pub fn label(&self) -> &str {
        self.zone.as_ref().map_or("UTC", |(_, l)| l.as_str())
    }

    /// "05:12" in the display zone.
    pub fn hm(&self, t: DateTime<Utc>) -> String {
        match &self.zone {
            Some((o, _)) => t.with_timezone(o).format("%H:%M").to_string(),
            None => t.format("%H:%M").to_string(),
        }
    }

    fn hms(&self, t: DateTime<Utc>) -> String {
        match &self.zone {
            Some((o, _)) => t.with_timezone(o).format("%H:%M:%S").to_string(),
            None => t.format("%H:%M:%S").to_string(),
        }
    }

    /// "10:12 UTC" or "05:12 EST (10:12 UTC)".
    pub fn at(&self, t: DateTime<Utc>) -> String {
        match &self.zone {
            Some((_, l)) => format!("{} {l} ({} UTC)", self.hm(t), t.format("%H:%M")),
            None => format!("{} UTC", self.hm(t)),
        }
    }

    /// [`Clock::at`] with seconds.
    pub fn at_seconds(&self, t: DateTime<Utc>) -> String {
        match &self.zone {
            Some((_, l)) => format!("{} {l} ({} UTC)", self.hms(t), t.format("%H:%M:%S")),
            None => format!("{} UTC", self.hms(t)),
        }
    }

    /// "10:12 and 10:19 UTC" or "05:12 and 05:19 EST (10:12–10:19 UTC)", after "between"; with
    /// `joiner` "to", after "from".
    pub fn span(&self, joiner: &str, a: DateTime<Utc>, b: DateTime<Utc>) -> String {
        match &self.zone {
            Some((_, l)) => {
                format!("{} {joiner} {} {l} ({}–{} UTC)", self.hm(a), self.hm(b), a.format("%H:%M"), b.format("%H:%M"))
            }
            None => format!("{} {joiner} {} UTC", self.hm(a), self.hm(b)),
        }
    }
}

/// "UTC+01:00", "UTC-05:30" (as the exports write it).
fn offset_label(offset: FixedOffset) -> String {
    let secs = offset.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.abs();
    format!("UTC{sign}{:02}:{:02}", abs / 3600, (abs % 3600) / 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn utc_stays_as_the_cli_writes_it_and_a_zone_is_labelled_with_utc_in_brackets() {
        let a = Utc.with_ymd_and_hms(2026, 11, 24, 10, 12, 0).unwrap();
        let b = Utc.with_ymd_and_hms(2026, 11, 24, 10, 19, 30).unwrap();
        let utc = Clock::utc();
        assert_eq!(utc.span("to", a, b), "10:12 to 10:19 UTC");
        assert_eq!(utc.at(a), "10:12 UTC");
        let ny = Clock::zoned(FixedOffset::west_opt(5 * 3600).unwrap(), "EST");
        assert_eq!(ny.span("to", a, b), "05:12 to 05:19 EST (10:12–10:19 UTC)");
        assert_eq!(ny.at(a), "05:12 EST (10:12 UTC)");
        assert_eq!(ny.at_seconds(b), "05:19:30 EST (10:19:30 UTC)");
        assert_eq!(Clock::zoned(FixedOffset::east_opt(0).unwrap(), "GMT"), Clock::utc());
        let odd = Clock::zoned(FixedOffset::east_opt(5 * 3600 + 1800).unwrap(), "<b>x</b>");
        assert_eq!(odd.label(), "UTC+05:30", "a label that is not a zone name is replaced by the offset");
    }
}
