//! Zoom's report API as the simulator serves it: `GET /report/users/{userId}/meetings`, the
//! meetings a person hosted (`type=past`) or joined (`type=pastJoined`), in Zoom's item shape.

use super::SimMeeting;
use chrono::{DateTime, Months, NaiveDate, NaiveDateTime, Utc};
use serde_json::{json, Value};

/// Zoom's `from`/`to` for reports: `yyyy-MM-dd`.
fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .ok()
        .or_else(|| NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%d %H:%M:%S").ok().map(|d| d.date()))
}

fn time(v: &Value) -> Option<DateTime<Utc>> {
    v.as_str().and_then(|s| DateTime::parse_from_rfc3339(s).ok()).map(|t| t.with_timezone(&Utc))
}

/// The items for `user` (an e-mail address or account user ID), or Zoom's error `(status, code, message)`.
pub(super) fn user_meetings(
    meetings: &[SimMeeting],
    user: &str,
    kind: &str,
    from: Option<&str>,
    to: Option<&str>,
    today: NaiveDate,
) -> Result<Vec<Value>, (u16, i64, String)> {
    let invalid = |m: &str| Err((400, 300, m.to_owned()));
    let (Some(from), Some(to)) = (from, to) else { return invalid("Validation Failed. from and to are required.") };
    let (Some(from), Some(to)) = (day(from), day(to)) else {
        return invalid("Invalid field: from/to must be yyyy-MM-dd.");
    };
    if to < from || (to - from).num_days() > 31 {
        return invalid("The date range must be within one month.");
    }
    if from < today.checked_sub_months(Months::new(6)).unwrap_or(today) {
        return invalid("The date range must be within the last six months.");
    }
    let wanted = user.trim().to_ascii_lowercase();
    let is_user = |p: &Value| {
        p["email"].as_str().is_some_and(|e| !e.is_empty() && e.to_ascii_lowercase() == wanted)
            || p["id"].as_str().is_some_and(|i| !i.is_empty() && i.to_ascii_lowercase() == wanted)
    };
    if !meetings.iter().any(|m| m.generated.participants.iter().any(is_user)) {
        return Err((404, 1001, format!("User does not exist: {user}.")));
    }
    let mut out = Vec::new();
    for m in meetings.iter().filter(|m| !m.live && !m.webinar) {
        let d = &m.generated.details;
        let Some(start) = time(&d["start_time"]) else { continue };
        if start.date_naive() < from || start.date_naive() > to {
            continue;
        }
        let joins: Vec<&Value> = m.generated.participants.iter().filter(|p| is_user(p)).collect();
        let hosted = d["email"].as_str().is_some_and(|e| e.to_ascii_lowercase() == wanted);
        let listed = match kind {
            "pastJoined" => !joins.is_empty(),
            _ => hosted,
        };
        // Like Zoom: only meetings with two or more participants.
        let people: std::collections::HashSet<&str> =
            m.generated.participants.iter().filter_map(|p| p["user_name"].as_str()).collect();
        if !listed || people.len() < 2 {
            continue;
        }
        let end = time(&d["end_time"]).unwrap_or(start);
        let first = joins.iter().filter_map(|p| time(&p["join_time"])).min();
        let last = joins.iter().filter_map(|p| time(&p["leave_time"])).max();
        let (name, email) = joins
            .first()
            .map(|p| (p["user_name"].clone(), p["email"].clone()))
            .unwrap_or_else(|| (d["host"].clone(), d["email"].clone()));
        let stamp = |t: Option<DateTime<Utc>>| t.map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        out.push(json!({
            "uuid": d["uuid"],
            "id": d["id"],
            "type": 2,
            "topic": d["topic"],
            "user_name": name,
            "user_email": email,
            "host_name": d["host"],
            "start_time": d["start_time"],
            "end_time": d["end_time"],
            "duration": (end - start).num_minutes(),
            "total_minutes": (end - start).num_minutes() * people.len() as i64,
            "participants_count": people.len(),
            "join_time": stamp(first),
            "leave_time": stamp(last),
            "source": "Zoom",
            "has_screen_share": d["has_screen_share"],
            "has_recording": false,
            "has_chat": false,
        }));
    }
    Ok(out)
}
