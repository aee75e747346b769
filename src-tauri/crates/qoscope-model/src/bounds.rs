//! Limits on every size a snapshot's content can make QoScope allocate.
//!
//! The minute grid runs from the first sample to the last, and every join gets a row on it: one
//! sample dated `0001-01-01` and one dated `9999-12-31` would ask for billions of minutes. So
//! [`Meeting::derive`](crate::Meeting::derive) keeps only samples near the meeting, caps the
//! number of joins and samples, and keeps joins × minutes within a budget. Whatever it drops is
//! listed in [`Meeting::issues`](crate::Meeting::issues), never dropped silently.
//!
//! The limits admit a 1,000-person meeting of 8 hours and a 3,000-attendee webinar of 8 hours
//! with rejoins, with room to spare.

use crate::meeting::{DataIssue, Join, Meeting};
use chrono::{DateTime, Duration, Utc};

/// Samples this far before the meeting's start or after its end are dropped.
pub const SLACK: Duration = Duration::days(1);
/// The longest meeting QoScope believes (Zoom ends meetings after 30 hours).
pub const MAX_MEETING_LENGTH: Duration = Duration::hours(48);
/// At most this many joins (a 3,000-attendee webinar where every attendee rejoins twice fits).
pub const MAX_JOINS: usize = 10_000;
/// At most this many samples over all joins (3,000 joins × 24 hours is 4.3 million).
pub const MAX_SAMPLES: usize = 5_000_000;
/// Joins × grid minutes at most (3,000 joins × 8 hours is 1.44 million; every join has a row).
pub const MAX_JOIN_MINUTES: u64 = 2_000_000;
/// The longest grid in minutes: [`MAX_MEETING_LENGTH`] plus the slack on both sides.
pub const MAX_GRID_MINUTES: usize = ((48 + 2 * 24) * 60) as usize + 1;

/// The time window samples must fall in: around the meeting's start and end when the details
/// say them and at least half of the samples agree, otherwise around the median sample time.
fn window(meeting: &mut Meeting) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    if let Some(start) = meeting.info.start_time {
        let latest_end = add(start, MAX_MEETING_LENGTH);
        let end = meeting.info.end_time.map_or(latest_end, |e| e.clamp(start, latest_end));
        let (lo, hi) = (sub(start, SLACK), add(end, SLACK));
        let (mut inside, mut all) = (0usize, 0usize);
        for s in meeting.joins.iter().flat_map(|j| &j.samples) {
            all += 1;
            inside += usize::from(lo <= s.time && s.time <= hi);
        }
        if inside * 2 >= all {
            return Some((lo, hi));
        }
        meeting.issues.push(DataIssue {
            user_id: None,
            at: Some(start.to_rfc3339()),
            message: format!(
                "the meeting's start time {} does not match most of its samples; the samples' own times were used",
                start.to_rfc3339()
            ),
        });
    }
    let median = median_time(meeting)?;
    let half = (MAX_MEETING_LENGTH / 2) + SLACK;
    Some((sub(median, half), add(median, half)))
}

/// The grid length for a span of `span_minutes` and `joins` joins, capped by [`MAX_GRID_MINUTES`]
/// and [`MAX_JOIN_MINUTES`] (for meetings built by hand; derived meetings are within both).
pub fn capped_grid_minutes(span_minutes: i64, joins: usize) -> usize {
    let budget = (MAX_JOIN_MINUTES / joins.max(1) as u64).max(1);
    let span = u64::try_from(span_minutes).unwrap_or(0);
    span.min(budget).min(MAX_GRID_MINUTES as u64) as usize
}

fn add(t: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    t.checked_add_signed(d).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

fn sub(t: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    t.checked_sub_signed(d).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

fn median_time(meeting: &Meeting) -> Option<DateTime<Utc>> {
    let mut times: Vec<i64> = meeting.joins.iter().flat_map(|j| j.samples.iter().map(|s| s.time.timestamp())).collect();
    if times.is_empty() {
        return None;
    }
    let mid = times.len() / 2;
    let (_, median, _) = times.select_nth_unstable(mid);
    DateTime::from_timestamp(*median, 0)
}

/// Applies every limit to a derived meeting (joins sorted or not), recording what was dropped.
pub(crate) fn enforce(meeting: &mut Meeting) {
    drop_extra_joins(meeting);
    drop_extra_samples(meeting);
    if let Some((lo, hi)) = window(meeting) {
        drop_outside(meeting, lo, hi, "outside the meeting's time");
    }
    let joins = meeting.joins.len().max(1) as u64;
    let budget_minutes = (MAX_JOIN_MINUTES / joins).max(1);
    if let Some((lo, hi)) = meeting.time_range() {
        if (hi - lo).num_minutes().unsigned_abs() + 1 > budget_minutes {
            // Too many joins for this long a grid: keep the minutes around the median.
            if let Some(median) = median_time(meeting) {
                let half = Duration::minutes((budget_minutes / 2) as i64);
                let lo = sub(median, half);
                let hi = add(lo, Duration::minutes(budget_minutes as i64 - 1));
                let why = format!("outside the {budget_minutes} minutes QoScope shows for {joins} joins");
                drop_outside(meeting, lo, hi, &why);
            }
        }
    }
}

fn drop_extra_joins(meeting: &mut Meeting) {
    if meeting.joins.len() > MAX_JOINS {
        let dropped = meeting.joins.len() - MAX_JOINS;
        meeting.joins.truncate(MAX_JOINS);
        meeting.issues.push(DataIssue {
            user_id: None,
            at: None,
            message: format!(
                "{dropped} joins beyond the first {MAX_JOINS} were dropped (QoScope shows at most {MAX_JOINS})"
            ),
        });
    }
}

fn drop_extra_samples(meeting: &mut Meeting) {
    let mut left = MAX_SAMPLES;
    for join in &mut meeting.joins {
        let keep = join.samples.len().min(left);
        left -= keep;
        let dropped = join.samples.len() - keep;
        if dropped > 0 {
            join.samples.truncate(keep);
            meeting.issues.push(DataIssue {
                user_id: Some(join.user_id.clone()),
                at: None,
                message: format!(
                    "{dropped} samples were dropped: the meeting has more than {MAX_SAMPLES} (QoScope shows at most that many)"
                ),
            });
        }
    }
}

/// Drops samples, join and leave times outside `[lo, hi]`, one issue per join.
fn drop_outside(meeting: &mut Meeting, lo: DateTime<Utc>, hi: DateTime<Utc>, why: &str) {
    let inside = |t: DateTime<Utc>| lo <= t && t <= hi;
    for join in &mut meeting.joins {
        let before = join.samples.len();
        let first_out = join.samples.iter().find(|s| !inside(s.time)).map(|s| s.time);
        join.samples.retain(|s| inside(s.time));
        let dropped = before - join.samples.len();
        if let Some(first) = first_out {
            meeting.issues.push(DataIssue {
                user_id: Some(join.user_id.clone()),
                at: Some(first.to_rfc3339()),
                message: format!(
                    "{dropped} {} {why} ({} to {}) {} dropped",
                    if dropped == 1 { "sample" } else { "samples" },
                    lo.to_rfc3339(),
                    hi.to_rfc3339(),
                    if dropped == 1 { "was" } else { "were" },
                ),
            });
        }
        clear_time_outside(join, &mut meeting.issues, lo, hi, why);
    }
}

fn clear_time_outside(join: &mut Join, issues: &mut Vec<DataIssue>, lo: DateTime<Utc>, hi: DateTime<Utc>, why: &str) {
    for (label, slot) in [("join_time", &mut join.join_time), ("leave_time", &mut join.leave_time)] {
        if let Some(t) = slot.filter(|t| *t < lo || *t > hi) {
            *slot = None;
            issues.push(DataIssue {
                user_id: Some(join.user_id.clone()),
                at: Some(t.to_rfc3339()),
                message: format!("{label} {} is {why} and was ignored", t.to_rfc3339()),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::RawMeeting;
    use crate::raw::{MeetingDetailsRaw, QosPage};
    use crate::Sample;

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_646_129_760, 0).unwrap() + Duration::minutes(minute)
    }

    fn meeting_of(joins: usize, minutes: i64) -> Meeting {
        let join = |i: usize| Join {
            user_id: i.to_string(),
            samples: (0..minutes).map(|m| Sample { time: at(m), values: Vec::new() }).collect(),
            ..Default::default()
        };
        Meeting { joins: (0..joins).map(join).collect(), ..Default::default() }
    }

    fn grid_minutes(m: &Meeting) -> i64 {
        m.time_range().map_or(0, |(lo, hi)| (hi - lo).num_minutes() + 1)
    }

    #[test]
    fn grid_limit_matches_the_window() {
        assert_eq!(MAX_GRID_MINUTES as i64, (MAX_MEETING_LENGTH + SLACK * 2).num_minutes() + 1);
    }

    #[test]
    fn samples_from_year_1_and_9999_are_dropped_and_listed() {
        let page: QosPage = serde_json::from_str(
            r#"{"participants":[{"user_id":"1","user_qos":[
                {"date_time":"0001-01-01T00:00:00Z"},
                {"date_time":"2022-03-01T10:16:00Z"},{"date_time":"2022-03-01T10:17:00Z"},
                {"date_time":"9999-12-31T23:59:00Z"}]}]}"#,
        )
        .unwrap();
        let m = Meeting::derive(&RawMeeting { qos_pages: vec![&page], ..Default::default() });
        assert_eq!(m.joins[0].samples.len(), 2);
        assert_eq!(grid_minutes(&m), 2);
        let messages: Vec<_> = m.issues.iter().map(|i| i.message.as_str()).collect();
        assert!(messages.iter().any(|s| s.starts_with("2 samples outside the meeting's time")), "{messages:?}");
    }

    #[test]
    fn with_details_samples_a_day_beyond_the_meeting_are_dropped() {
        let details: MeetingDetailsRaw =
            serde_json::from_str(r#"{"start_time":"2022-03-01T10:00:00Z","end_time":"2022-03-01T11:00:00Z"}"#).unwrap();
        let page: QosPage = serde_json::from_str(
            r#"{"participants":[{"user_id":"1","join_time":"1970-01-01T00:00:00Z","user_qos":[
                {"date_time":"2022-03-01T10:16:00Z"},{"date_time":"2022-03-02T10:59:00Z"},
                {"date_time":"2022-03-02T11:01:00Z"}]}]}"#,
        )
        .unwrap();
        let m = Meeting::derive(&RawMeeting { details: Some(&details), qos_pages: vec![&page], ..Default::default() });
        let times: Vec<_> = m.joins[0].samples.iter().map(|s| s.time.to_rfc3339()).collect();
        assert_eq!(times, ["2022-03-01T10:16:00+00:00", "2022-03-02T10:59:00+00:00"]);
        assert_eq!(m.joins[0].join_time, None, "a join time decades away is ignored");
        assert_eq!(m.issues.len(), 2, "{:?}", m.issues);
    }

    #[test]
    fn a_1000_person_8_hour_meeting_and_a_3000_attendee_webinar_are_kept_whole() {
        for (joins, minutes) in [(1_000, 8 * 60), (3_000, 8 * 60)] {
            let mut m = meeting_of(joins, minutes);
            enforce(&mut m);
            assert!(m.issues.is_empty(), "{joins} joins: {:?}", m.issues.first());
            assert_eq!(m.joins.len(), joins);
            assert_eq!(grid_minutes(&m), minutes);
        }
    }

    #[test]
    fn many_joins_over_a_long_span_keep_joins_times_minutes_in_budget() {
        let mut m = meeting_of(MAX_JOINS + 5, 0);
        for (i, j) in m.joins.iter_mut().enumerate() {
            // Every join has one sample, spread over two days.
            j.samples.push(Sample { time: at((i % 2880) as i64), values: Vec::new() });
        }
        enforce(&mut m);
        assert_eq!(m.joins.len(), MAX_JOINS);
        assert!(m.joins.len() as u64 * grid_minutes(&m) as u64 <= MAX_JOIN_MINUTES, "{}", grid_minutes(&m));
        assert!(m.issues.iter().any(|i| i.message.contains("joins beyond the first")));
        assert!(m.issues.iter().any(|i| i.message.contains("minutes QoScope shows for")));
    }
}
