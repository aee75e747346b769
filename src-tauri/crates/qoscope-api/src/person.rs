//! Starting from a person: the Find screen's search of the meetings someone joined (Zoom's
//! report API), and the focus of an investigation on that person (their joins, their findings
//! first).

use crate::error::{ApiError, ErrorCode};
use crate::fetching::{fetch_error, MeetingHit};
use chrono::{FixedOffset, NaiveDate, SecondsFormat, Utc};
use qoscope_diagnosis::Finding;
use qoscope_model::Meeting;
use qoscope_zoom::person::{self, PersonMeeting};
use qoscope_zoom::{CallContext, CancelFlag, ZoomClient};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The person an investigation is about, as the UI shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FocusView {
    /// As typed: an e-mail address or Zoom user ID.
    pub person: String,
    /// Their joins in this meeting (per-join `user_id`s, in join order); empty when the meeting
    /// has no join with that e-mail address or user ID.
    pub user_ids: Vec<String>,
}

/// The joins (indexes into `meeting.joins`) of the person `focus` names: by e-mail address,
/// account user ID or per-join user ID, case-insensitively.
pub fn focus_joins(meeting: &Meeting, focus: &str) -> Vec<usize> {
    let wanted = focus.trim().to_lowercase();
    if wanted.is_empty() {
        return Vec::new();
    }
    let same = |v: &Option<String>| v.as_deref().is_some_and(|s| s.trim().to_lowercase() == wanted);
    meeting
        .joins
        .iter()
        .enumerate()
        .filter(|(_, j)| same(&j.email) || same(&j.account_id) || j.user_id.to_lowercase() == wanted)
        .map(|(i, _)| i)
        .collect()
}

pub fn focus_view(meeting: &Meeting, focus: Option<&str>) -> Option<FocusView> {
    let focus = focus?;
    Some(FocusView {
        person: focus.to_owned(),
        user_ids: focus_joins(meeting, focus).into_iter().map(|i| meeting.joins[i].user_id.clone()).collect(),
    })
}

/// Whether a finding is about one of `joins` (they suffered, or they caused it).
pub fn finding_concerns(meeting: &Meeting, finding: &Finding, joins: &[usize]) -> bool {
    joins.contains(&finding.join_index)
        || finding
            .culprit
            .as_ref()
            .is_some_and(|c| joins.iter().any(|&j| meeting.joins.get(j).is_some_and(|join| join.user_id == c.user_id)))
}

/// The Find screen's search of a person's meetings.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct PersonSearchInput {
    pub profile: String,
    /// E-mail address or Zoom user ID.
    pub person: String,
    /// `yyyy-mm-dd`, inclusive.
    pub from: String,
    pub to: String,
    /// `HH:MM`, local time ("around 10:15"); empty or null: none.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub at: Option<String>,
    /// The local time's offset from UTC in minutes (east positive), for `at`.
    #[serde(default)]
    pub utc_offset_minutes: i32,
}

/// A meeting the person joined.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PersonMeetingHit {
    pub meeting: MeetingHit,
    /// When they first joined and last left (RFC 3339 UTC).
    pub joined_at: Option<String>,
    pub left_at: Option<String>,
    /// They were in this meeting at the time asked for (it is listed first).
    pub at_time: bool,
}

/// What the person search found, and a sentence when it found nothing.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PersonSearchResult {
    pub meetings: Vec<PersonMeetingHit>,
    pub message: Option<String>,
}

fn day(value: &str, what: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        ApiError::new(ErrorCode::InvalidInput, format!("Enter the {what} date as a date, such as 2026-11-24."))
    })
}

fn invalid(e: qoscope_zoom::ZoomError) -> ApiError {
    let text = e.to_string();
    let mut chars = text.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
    ApiError::new(ErrorCode::InvalidInput, format!("{first}{}.", chars.as_str()))
}

/// The meetings `input.person` joined in the range, the one they were in at `input.at` first.
pub async fn search_person(
    client: &ZoomClient,
    input: &PersonSearchInput,
    cancel: &CancelFlag,
) -> Result<PersonSearchResult, ApiError> {
    let who = person::validate_person(&input.person).map_err(invalid)?;
    let (from, to) = (day(&input.from, "start")?, day(&input.to, "end")?);
    person::validate_person_range(from, to, Utc::now().date_naive()).map_err(invalid)?;
    let at = match input.at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(at) => Some(person::parse_time_of_day(at).map_err(invalid)?),
        None => None,
    };
    let offset = FixedOffset::east_opt(input.utc_offset_minutes.clamp(-18 * 60, 18 * 60) * 60)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC"));
    let ctx = CallContext::new(cancel.clone());
    let mut list = person::list_person_meetings(client, &who, from, to, &ctx).await.map_err(|e| match e.kind() {
        qoscope_zoom::ErrorKind::Config => invalid(e),
        _ => fetch_error(e, false),
    })?;
    person::order_for_time(&mut list, at, &offset);
    let message = list.is_empty().then(|| {
        format!(
            "Zoom reports no meeting that {who} joined from {from} to {to} (it lists meetings of two or more people). \
             Widen the range — one month at a time, within the last six months — or check the address."
        )
    });
    Ok(PersonSearchResult { meetings: list.iter().map(hit).collect(), message })
}

pub(crate) fn hit(m: &PersonMeeting) -> PersonMeetingHit {
    let iso = |t: chrono::DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    PersonMeetingHit {
        meeting: MeetingHit::from(&m.info),
        joined_at: m.joined_at.map(iso),
        left_at: m.left_at.map(iso),
        at_time: m.at_time,
    }
}
