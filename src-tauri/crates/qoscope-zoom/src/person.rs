//! Finding a person's meetings: Zoom's report API (`GET /report/users/{userId}/meetings`,
//! `type=pastJoined`) lists the meetings a user joined in a range of at most one month within
//! the last six months, with when they joined and left. With a time of day ("around 10:15"),
//! the meeting they were in at that time comes first.

use crate::client::{ApiResponse, ZoomClient};
use crate::errors::{ErrorKind, ZoomError};
use crate::listing::validate_range;
use crate::paging::fetch_all_pages;
use crate::progress::{CallContext, Stage};
use chrono::{DateTime, Duration, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use qoscope_model::lenient::{LenientList, RawScalar};
use qoscope_model::meeting::{parse_time, text, MeetingInfo};
use serde::{Deserialize, Serialize};

/// How far back the report API goes.
pub const PERSON_MONTHS_BACK: u32 = 6;
/// The longest e-mail address or user ID accepted (RFC 5321 caps addresses at 254 characters).
pub const MAX_PERSON_CHARS: usize = 254;

/// A meeting the person joined: the meeting as `qoscope meetings --json` shows it, plus when
/// they first joined and last left. The report API gives no host e-mail: `host_email` is null.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonMeeting {
    #[serde(flatten)]
    pub info: MeetingInfo,
    pub joined_at: Option<DateTime<Utc>>,
    pub left_at: Option<DateTime<Utc>>,
    /// They were in this meeting at the time asked for (not part of the JSON contract).
    #[serde(skip)]
    pub at_time: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReportPage {
    meetings: LenientList<ReportMeetingRaw>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReportMeetingRaw {
    uuid: Option<RawScalar>,
    id: Option<RawScalar>,
    topic: Option<RawScalar>,
    host_name: Option<RawScalar>,
    start_time: Option<RawScalar>,
    end_time: Option<RawScalar>,
    duration: Option<RawScalar>,
    participants_count: Option<RawScalar>,
    join_time: Option<RawScalar>,
    leave_time: Option<RawScalar>,
}

/// An e-mail address or Zoom user ID, trimmed; refuses empty, over-long or control-character input.
pub fn validate_person(person: &str) -> Result<String, ZoomError> {
    let p = person.trim();
    if p.is_empty() {
        return Err(ZoomError::config("type the person's e-mail address or Zoom user ID"));
    }
    if p.chars().count() > MAX_PERSON_CHARS || p.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(ZoomError::config(
            "that is not an e-mail address or Zoom user ID (no spaces, at most 254 characters)",
        ));
    }
    Ok(p.to_owned())
}

/// At most one month, within the last six months, not after today.
pub fn validate_person_range(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Result<(), ZoomError> {
    validate_range(from, to)?;
    if to > today {
        return Err(ZoomError::config(format!("the range ends in the future ({to}); Zoom reports up to today")));
    }
    let oldest = today.checked_sub_months(Months::new(PERSON_MONTHS_BACK)).unwrap_or(today);
    if from < oldest {
        return Err(ZoomError::config(format!(
            "Zoom's reports cover the last six months only: start on {oldest} or later"
        )));
    }
    Ok(())
}

/// The report's times: ISO 8601, or the `MM/dd/yyyy HH:mm` of Zoom's published examples (UTC).
pub fn parse_report_time(s: &str) -> Option<DateTime<Utc>> {
    parse_time(s).or_else(|| {
        ["%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M"]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(s.trim(), f).ok())
            .map(|n| n.and_utc())
    })
}

fn from_raw(m: &ReportMeetingRaw) -> PersonMeeting {
    let time = |v: &Option<RawScalar>| text(v).and_then(|t| parse_report_time(&t));
    PersonMeeting {
        info: MeetingInfo {
            uuid: text(&m.uuid),
            meeting_number: text(&m.id),
            topic: text(&m.topic),
            host: text(&m.host_name),
            host_email: None,
            start_time: time(&m.start_time),
            end_time: time(&m.end_time),
            // The report API gives minutes ("60"); `meetings --json` items say "HH:MM:SS" as the
            // Dashboard does ("01:00:00"): one format for one key.
            duration: text(&m.duration).map(|d| minutes_as_hms(&d)),
            participants_reported: match &m.participants_count {
                Some(RawScalar::Int(n)) => Some(*n),
                Some(RawScalar::Str(s)) => s.trim().parse().ok(),
                _ => None,
            },
        },
        joined_at: time(&m.join_time),
        left_at: time(&m.leave_time),
        at_time: false,
    }
}

/// Every meeting `person` joined that started in `[from, to]` (all pages), newest first.
pub async fn list_person_meetings(
    client: &ZoomClient,
    person: &str,
    from: NaiveDate,
    to: NaiveDate,
    ctx: &CallContext,
) -> Result<Vec<PersonMeeting>, ZoomError> {
    Ok(list_person_meetings_recorded(client, person, from, to, ctx).await?.0)
}

/// As [`list_person_meetings`], with the report's pages as received (to keep verbatim).
pub async fn list_person_meetings_recorded(
    client: &ZoomClient,
    person: &str,
    from: NaiveDate,
    to: NaiveDate,
    ctx: &CallContext,
) -> Result<(Vec<PersonMeeting>, Vec<ApiResponse>), ZoomError> {
    let person = validate_person(person)?;
    validate_range(from, to)?;
    let path = "/report/users/{userId}/meetings";
    let mut pages = Vec::new();
    let bodies = fetch_all_pages(
        Stage::MeetingDetails,
        path,
        300,
        3,
        ctx,
        |token| {
            let person = person.clone();
            async move { client.user_meetings(&person, (from, to), token.as_deref(), ctx).await }
        },
        |resp| pages.push(resp.clone()),
    )
    .await
    .map_err(|e| match e {
        // Zoom: 1001 "User does not exist" (404).
        ZoomError::Http { status: 404, code: Some(1001), .. } => {
            ZoomError::config(format!("Zoom knows no user {person:?} in this account (code 1001)"))
        }
        e if e.kind() == ErrorKind::PlanRequired => ZoomError::PlanRequired {
            message: "the report API that finds a person's meetings needs a Pro plan or higher".to_owned(),
        },
        e => e,
    })?;
    let meetings = person_meetings_from_pages(bodies.iter().map(String::as_str))
        .map_err(|detail| ZoomError::BadResponse { status: 200, detail })?;
    // Only the pages of the final, complete pass (an expired token restarts from page one).
    let kept = pages.split_off(pages.len().saturating_sub(bodies.len()));
    Ok((meetings, kept))
}

/// The meetings in the report's pages (`/report/users/{userId}/meetings`), newest first.
pub fn person_meetings_from_pages<'a>(bodies: impl Iterator<Item = &'a str>) -> Result<Vec<PersonMeeting>, String> {
    let mut out = Vec::new();
    for body in bodies {
        let page: ReportPage =
            serde_json::from_str(body).map_err(|e| format!("the meetings report was not in Zoom's format: {e}"))?;
        out.extend(page.meetings.items.iter().map(from_raw));
    }
    out.sort_by_key(|m| std::cmp::Reverse(m.info.start_time));
    Ok(out)
}

/// How far (in seconds) the time of day `at` (in `offset`) is from the span the person was in
/// the meeting (their join and leave, else the meeting's start and end): 0 inside it.
fn distance<Tz: TimeZone>(m: &PersonMeeting, at: NaiveTime, tz: &Tz) -> Option<i64> {
    let start = m.joined_at.or(m.info.start_time)?;
    let end = m.left_at.or(m.info.end_time).unwrap_or(start).max(start);
    let first = start.with_timezone(tz).date_naive() - Duration::days(1);
    let days = (end - start).num_days().clamp(0, 3) + 3;
    // The time of day on each day in `tz` (its offset on that day: daylight saving is respected).
    (0..days)
        .filter_map(|d| tz.from_local_datetime(&(first + Duration::days(d)).and_time(at)).earliest())
        .map(|t| {
            let t = t.with_timezone(&Utc);
            if t >= start && t <= end {
                0
            } else {
                (t - start).num_seconds().abs().min((t - end).num_seconds().abs())
            }
        })
        .min()
}

/// Orders the meetings for a ticket: with a time of day, the one the person was in at that time
/// first (then the nearest in time of day, newer first on a tie), marked `at_time`; without one,
/// newest first.
pub fn order_for_time<Tz: TimeZone>(list: &mut [PersonMeeting], at: Option<NaiveTime>, tz: &Tz) {
    let Some(at) = at else {
        list.sort_by_key(|m| std::cmp::Reverse(m.info.start_time));
        return;
    };
    for m in list.iter_mut() {
        m.at_time = distance(m, at, tz) == Some(0);
    }
    list.sort_by_key(|m| (distance(m, at, tz).unwrap_or(i64::MAX), std::cmp::Reverse(m.info.start_time)));
}

/// `HH:MM` (24-hour).
pub fn parse_time_of_day(s: &str) -> Result<NaiveTime, ZoomError> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M")
        .map_err(|_| ZoomError::config(format!("the time must be HH:MM, such as 10:15, not {s:?}")))
}

/// "60" (minutes) → "01:00:00"; anything else (already "HH:MM:SS", or unreadable) unchanged.
fn minutes_as_hms(duration: &str) -> String {
    match duration.trim().parse::<u64>() {
        Ok(minutes) if minutes < 100_000 => format!("{:02}:{:02}:00", minutes / 60, minutes % 60),
        _ => duration.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    #[test]
    fn durations_read_as_the_dashboard_writes_them() {
        assert_eq!(minutes_as_hms("60"), "01:00:00");
        assert_eq!(minutes_as_hms("135"), "02:15:00");
        assert_eq!(minutes_as_hms("01:00:00"), "01:00:00");
        assert_eq!(minutes_as_hms("soon"), "soon");
    }

    fn meeting(uuid: &str, start: &str, end: &str, joined: Option<&str>, left: Option<&str>) -> PersonMeeting {
        let t = |s: &str| parse_report_time(s).unwrap();
        PersonMeeting {
            info: MeetingInfo {
                uuid: Some(uuid.into()),
                start_time: Some(t(start)),
                end_time: Some(t(end)),
                ..MeetingInfo::default()
            },
            joined_at: joined.map(t),
            left_at: left.map(t),
            at_time: false,
        }
    }

    #[test]
    fn the_meeting_in_progress_at_the_time_comes_first() {
        let mut list = vec![
            meeting("newest", "2026-11-25T14:00:00Z", "2026-11-25T14:30:00Z", None, None),
            meeting("ticket", "2026-11-24T10:00:00Z", "2026-11-24T11:00:00Z", Some("2026-11-24T10:02:00Z"), None),
            // The meeting ran at 10:15 but she had left by then.
            meeting("left", "2026-11-23T10:00:00Z", "2026-11-23T11:00:00Z", None, Some("11/23/2026 10:05")),
        ];
        order_for_time(&mut list, Some(parse_time_of_day("10:15").unwrap()), &FixedOffset::east_opt(0).unwrap());
        let order: Vec<_> = list.iter().map(|m| m.info.uuid.clone().unwrap()).collect();
        assert_eq!(order, ["ticket", "left", "newest"]);
        assert!(list[0].at_time && !list[1].at_time);
        // In Lisbon's winter (UTC+0) and Berlin's (UTC+1): 11:15 in Berlin is 10:15 UTC.
        order_for_time(&mut list, Some(parse_time_of_day("11:15").unwrap()), &FixedOffset::east_opt(3600).unwrap());
        assert_eq!(list[0].info.uuid.as_deref(), Some("ticket"));
        order_for_time(&mut list, None, &FixedOffset::east_opt(0).unwrap());
        assert_eq!(list[0].info.uuid.as_deref(), Some("newest"));
    }

    #[test]
    fn ranges_inputs_and_times_are_checked() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let today = d("2026-11-25");
        assert!(validate_person_range(d("2026-11-01"), d("2026-11-25"), today).is_ok());
        assert!(validate_person_range(d("2026-09-01"), d("2026-11-25"), today)
            .unwrap_err()
            .to_string()
            .contains("one month"));
        assert!(validate_person_range(d("2026-04-01"), d("2026-04-20"), today)
            .unwrap_err()
            .to_string()
            .contains("six months"));
        assert!(validate_person_range(d("2026-11-20"), d("2026-11-26"), today).is_err());
        assert_eq!(validate_person(" ana@example.com ").unwrap(), "ana@example.com");
        assert!(
            validate_person("").is_err() && validate_person("a b").is_err() && validate_person("a\u{1b}b").is_err()
        );
        assert!(validate_person(&"a".repeat(255)).is_err());
        assert!(parse_time_of_day("25:00").is_err() && parse_time_of_day("10:15").is_ok());
        assert_eq!(parse_report_time("12/22/2021 16:20"), parse_report_time("2021-12-22T16:20:00Z"));
    }
}
