//! Times as people read them on a ticket: local with the zone named, and UTC.

use chrono::{DateTime, FixedOffset, Utc};

/// "UTC+01:00" (or "UTC" for offset zero).
pub fn zone_label(tz: FixedOffset) -> String {
    let secs = tz.local_minus_utc();
    if secs == 0 {
        return "UTC".to_owned();
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", abs / 3600, (abs % 3600) / 60)
}

/// "2026-03-04 14:05" in `tz`.
pub fn local_minute(t: DateTime<Utc>, tz: FixedOffset) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

/// "14:05" in `tz`.
pub fn local_hm(t: DateTime<Utc>, tz: FixedOffset) -> String {
    t.with_timezone(&tz).format("%H:%M").to_string()
}

/// "2026-03-04 13:05 UTC".
pub fn utc_minute(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// "14:05–14:40 UTC+01:00 (2026-03-04)": a range for a chart title.
pub fn range_label(start: DateTime<Utc>, end: DateTime<Utc>, tz: FixedOffset) -> String {
    let day = start.with_timezone(&tz).format("%Y-%m-%d");
    format!("{day} {}–{} {}", local_hm(start, tz), local_hm(end, tz), zone_label(tz))
}

/// "1 h 02 min" / "35 min".
pub fn duration_label(minutes: i64) -> String {
    if minutes >= 60 {
        format!("{} h {:02} min", minutes / 60, minutes % 60)
    } else {
        format!("{minutes} min")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_labels_name_the_offset() {
        assert_eq!(zone_label(FixedOffset::east_opt(0).unwrap()), "UTC");
        assert_eq!(zone_label(FixedOffset::east_opt(3600).unwrap()), "UTC+01:00");
        assert_eq!(zone_label(FixedOffset::west_opt(5 * 3600 + 1800).unwrap()), "UTC-05:30");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_label(35), "35 min");
        assert_eq!(duration_label(62), "1 h 02 min");
    }
}
