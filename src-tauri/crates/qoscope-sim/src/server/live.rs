//! A meeting in progress grows with the clock: a `type=live` request sees only what Zoom would
//! have by then — the minutes up to now, the joins that have started, and no leave time in the
//! future. Each live refresh therefore brings new minutes, as it does against Zoom.

use crate::generator::GeneratedMeeting;
use chrono::{DateTime, Utc};
use serde_json::Value;

/// `meeting` as Zoom would serve it at `now` while it is still running.
pub fn as_of(meeting: &GeneratedMeeting, now: DateTime<Utc>) -> GeneratedMeeting {
    let started = |join: &Value| time_of(&join["join_time"]).is_none_or(|t| t <= now);
    let qos_joins = meeting
        .qos_joins
        .iter()
        .filter(|j| started(j))
        .map(|j| {
            let mut join = j.clone();
            drop_future_leave(&mut join, now);
            if let Some(samples) = join.get_mut("user_qos").and_then(Value::as_array_mut) {
                samples.retain(|s| time_of(&s["date_time"]).is_none_or(|t| t <= now));
            }
            join
        })
        .collect();
    let participants = meeting
        .participants
        .iter()
        .filter(|j| started(j))
        .map(|j| {
            let mut join = j.clone();
            drop_future_leave(&mut join, now);
            join
        })
        .collect();
    GeneratedMeeting {
        details: meeting.details.clone(),
        qos_joins,
        participants,
        // Feedback comes after the meeting; sharing so far is kept as generated.
        satisfaction: Vec::new(),
        sharing: meeting.sharing.clone(),
        truth: {
            let until = now.format("%Y-%m-%dT%H:%M:%SZ").to_string();
            meeting.truth.iter().filter(|r| r.date_time <= until).cloned().collect()
        },
    }
}

fn time_of(value: &Value) -> Option<DateTime<Utc>> {
    value.as_str().and_then(|s| DateTime::parse_from_rfc3339(s).ok()).map(|t| t.with_timezone(&Utc))
}

/// A join still in the meeting has no leave time yet.
fn drop_future_leave(join: &mut Value, now: DateTime<Utc>) {
    if time_of(&join["leave_time"]).is_some_and(|t| t > now) {
        if let Some(object) = join.as_object_mut() {
            object.remove("leave_time");
            object.remove("leave_reason");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario;
    use chrono::Duration;

    #[test]
    fn a_live_meeting_has_only_the_minutes_up_to_now_and_grows() {
        let spec = scenario::small();
        let meeting = spec.generate();
        let samples = |m: &GeneratedMeeting| -> usize {
            m.qos_joins.iter().map(|j| j["user_qos"].as_array().map_or(0, Vec::len)).sum()
        };
        let ten = as_of(&meeting, spec.start + Duration::minutes(10));
        let twenty = as_of(&meeting, spec.start + Duration::minutes(20));
        assert!(samples(&ten) > 0);
        assert!(samples(&twenty) > samples(&ten), "the meeting grows with the clock");
        assert!(samples(&twenty) < samples(&meeting), "no minute after now");
        for join in &ten.qos_joins {
            for s in join["user_qos"].as_array().unwrap() {
                assert!(time_of(&s["date_time"]).unwrap() <= spec.start + Duration::minutes(10));
            }
            // Still in the meeting: no leave time in the future.
            if let Some(leave) = time_of(&join["leave_time"]) {
                assert!(leave <= spec.start + Duration::minutes(10));
            }
        }
        assert_eq!(as_of(&meeting, spec.start + Duration::days(1)).qos_joins, meeting.qos_joins);
    }
}
