//! What the Dashboard says beside the QoS: participants' feedback to Zoom
//! (`/participants/satisfaction`) and who shared their screen when (`/participants/sharing`),
//! in Zoom's shapes.

use super::{Feedback, GeneratedMeeting, MeetingSpec, PersonSpec};
use chrono::Duration;
use serde_json::json;

impl PersonSpec {
    /// This person answered Zoom's end-of-meeting question.
    pub fn with_feedback(mut self, good: bool, comment: &str) -> PersonSpec {
        self.feedback = Some(Feedback { good, comment: comment.to_owned() });
        self
    }
}

fn stamp(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Fills `out.satisfaction` and `out.sharing` from the people's `feedback` and `shares`.
pub(super) fn add_feedback_and_sharing(spec: &MeetingSpec, out: &mut GeneratedMeeting) {
    let end = spec.start + Duration::minutes(i64::from(spec.minutes));
    for (person, ids) in spec.people.iter().zip(spec.user_ids()) {
        if let Some(feedback) = &person.feedback {
            out.satisfaction.push(json!({
                "date_time": stamp(end + Duration::seconds(40)),
                "email": person.email,
                "quality": if feedback.good { "GOOD" } else { "NOT GOOD" },
                "user_id": person.account_id,
                "comment": feedback.comment,
            }));
        }
        if let Some((from, to)) = person.shares {
            out.sharing.push(json!({
                "id": person.account_id,
                "user_id": ids.first().cloned().unwrap_or_default(),
                "user_name": person.name,
                "details": [{
                    "content": "application",
                    "start_time": stamp(spec.start + Duration::minutes(i64::from(from))),
                    "end_time": stamp(spec.start + Duration::minutes(i64::from(to))),
                }],
            }));
        }
    }
}
