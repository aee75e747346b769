//! Finding a meeting: past meetings in a date range, and the instances of a recurring meeting.

use crate::client::{Product, QosType, ZoomClient};
use crate::errors::ZoomError;
use crate::meeting_ref::MeetingRef;
use crate::paging::fetch_all_pages;
use crate::progress::{CallContext, Stage};
use chrono::{DateTime, NaiveDate, Utc};
use qoscope_model::lenient::{LenientList, RawScalar};
use qoscope_model::meeting::{parse_time, text, MeetingInfo};
use qoscope_model::raw::MeetingDetailsRaw;
use serde::{Deserialize, Serialize};

/// One past instance of a (recurring) meeting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Instance {
    pub uuid: String,
    pub start_time: Option<DateTime<Utc>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MeetingsPage {
    meetings: LenientList<MeetingDetailsRaw>,
    webinars: LenientList<MeetingDetailsRaw>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct InstancesPage {
    meetings: LenientList<InstanceRaw>,
    webinars: LenientList<InstanceRaw>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct InstanceRaw {
    uuid: Option<RawScalar>,
    start_time: Option<RawScalar>,
}

/// Zoom's Dashboard keeps a one-month window within the last six months (older data: 12 months
/// for single meetings, but the list endpoint refuses wider ranges).
pub const MAX_RANGE_DAYS: i64 = 31;

/// Checks a date range before asking Zoom, with a message that says what to do.
pub fn validate_range(from: NaiveDate, to: NaiveDate) -> Result<(), ZoomError> {
    if to < from {
        return Err(ZoomError::config(format!("the range ends ({to}) before it starts ({from})")));
    }
    if (to - from).num_days() > MAX_RANGE_DAYS {
        return Err(ZoomError::config(format!(
            "Zoom lists at most one month at a time; {from} to {to} is {} days — split the range",
            (to - from).num_days()
        )));
    }
    Ok(())
}

/// Every meeting (or webinar) that started in `[from, to]`, all pages.
pub async fn list_past_meetings(
    client: &ZoomClient,
    product: Product,
    from: NaiveDate,
    to: NaiveDate,
    ctx: &CallContext,
) -> Result<Vec<MeetingInfo>, ZoomError> {
    validate_range(from, to)?;
    let (from_s, to_s) = (from.format("%Y-%m-%d").to_string(), to.format("%Y-%m-%d").to_string());
    let path = format!("/metrics/{}", product.metrics_segment());
    let bodies = fetch_all_pages(
        Stage::MeetingDetails,
        &path,
        300,
        3,
        ctx,
        |token| {
            let (from_s, to_s) = (from_s.clone(), to_s.clone());
            async move { client.list_meetings(product, QosType::Past, &from_s, &to_s, 300, token.as_deref(), ctx).await }
        },
        |_| {},
    )
    .await?;
    let mut out = Vec::new();
    for body in bodies {
        let page: MeetingsPage = serde_json::from_str(&body).map_err(|e| ZoomError::BadResponse {
            status: 200,
            detail: format!("the meetings list was not in Zoom's format: {e}"),
        })?;
        out.extend(page.meetings.items.iter().chain(page.webinars.items.iter()).map(MeetingInfo::from_raw));
    }
    out.sort_by_key(|m| std::cmp::Reverse(m.start_time));
    Ok(out)
}

/// The past instances of a meeting, newest first.
pub async fn list_instances(
    client: &ZoomClient,
    meeting: &MeetingRef,
    product: Product,
    ctx: &CallContext,
) -> Result<Vec<Instance>, ZoomError> {
    let response = client.past_instances(meeting, product, ctx).await?;
    let page: InstancesPage = serde_json::from_str(&response.body).map_err(|e| ZoomError::BadResponse {
        status: 200,
        detail: format!("the instances list was not in Zoom's format: {e}"),
    })?;
    let mut out: Vec<Instance> = page
        .meetings
        .items
        .iter()
        .chain(page.webinars.items.iter())
        .filter_map(|i| {
            Some(Instance { uuid: text(&i.uuid)?, start_time: text(&i.start_time).and_then(|t| parse_time(&t)) })
        })
        .collect();
    out.sort_by_key(|m| std::cmp::Reverse(m.start_time));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_longer_than_a_month_are_refused_with_advice() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(validate_range(d("2026-11-01"), d("2026-11-30")).is_ok());
        let err = validate_range(d("2026-09-01"), d("2026-11-30")).unwrap_err();
        assert!(err.to_string().contains("split the range"), "{err}");
        assert!(validate_range(d("2026-11-02"), d("2026-11-01")).is_err());
    }
}
