//! Who shared their screen when: `/participants/sharing` (kept verbatim in the snapshot), matched
//! to the meeting's joins, to mark on the heatmap's time axis and in the sharer's facts — so "the
//! screen share was blurry" can be checked against the share's own stream.

use crate::views::display_name;
use qoscope_model::lenient::{LenientList, RawScalar};
use qoscope_model::meeting::{parse_time, text};
use qoscope_model::Meeting;
use qoscope_snapshot::{ExchangeKind, Snapshot};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// At most this many sharing periods are read (hostile files cannot grow the view without bound).
pub const MAX_SHARES: usize = 2000;

/// One period in which someone shared their screen.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SharePeriod {
    /// The sharer's join (`user_id`), or `null` when Zoom's entry matches no join.
    pub user_id: Option<String>,
    /// The sharer's name (the one display-name rule), else the name Zoom gave.
    pub display_name: String,
    /// What was shared as Zoom says ("application", "desktop", "whiteboard"…), if it says.
    pub content: Option<String>,
    /// Start and end, Unix seconds (UTC).
    pub start: f64,
    pub end: f64,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SharingPage {
    participants: LenientList<SharerRaw>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SharerRaw {
    user_id: Option<RawScalar>,
    user_name: Option<RawScalar>,
    details: LenientList<DetailRaw>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DetailRaw {
    content: Option<RawScalar>,
    start_time: Option<RawScalar>,
    end_time: Option<RawScalar>,
}

/// Every sharing period of the snapshot, in start order (each once, even if a page was fetched
/// twice); periods without a readable start and end, or ending before they start, are left out.
pub fn share_periods(snapshot: &Snapshot, meeting: &Meeting) -> Vec<SharePeriod> {
    let mut out: Vec<SharePeriod> = Vec::new();
    let pages = snapshot.exchanges.iter().filter(|e| e.kind == ExchangeKind::Sharing && e.status == 200);
    'pages: for body in pages.filter_map(|e| e.body.as_ref()) {
        let Ok(page) = serde_json::from_str::<SharingPage>(body.get()) else { continue };
        for sharer in page.participants.items {
            let user_id = text(&sharer.user_id);
            let join = user_id.as_deref().and_then(|id| meeting.joins.iter().find(|j| j.user_id == id));
            let name = match join {
                Some(j) => display_name(meeting, j),
                None => text(&sharer.user_name).unwrap_or_else(|| "(someone not in the meeting's data)".to_owned()),
            };
            for detail in sharer.details.items {
                let time = |v: &Option<RawScalar>| text(v).and_then(|t| parse_time(&t));
                let (Some(start), Some(end)) = (time(&detail.start_time), time(&detail.end_time)) else { continue };
                if end < start {
                    continue;
                }
                let period = SharePeriod {
                    user_id: join.map(|j| j.user_id.clone()),
                    display_name: name.chars().take(200).collect(),
                    content: text(&detail.content).map(|c| c.chars().take(40).collect()),
                    start: start.timestamp() as f64,
                    end: end.timestamp() as f64,
                };
                if !out.contains(&period) {
                    out.push(period);
                }
                if out.len() >= MAX_SHARES {
                    break 'pages;
                }
            }
        }
    }
    out.sort_by(|a, b| a.start.total_cmp(&b.start));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_s_presenter_shared_from_10_20_to_10_35() {
        let w = crate::workspace::Workspace::demo().unwrap();
        let shares = w.quality_map().sharing;
        assert_eq!(shares.len(), 1, "{shares:?}");
        let s = &shares[0];
        assert_eq!(s.display_name, "Priya Raman");
        assert_eq!(s.user_id.as_deref(), Some("16778240"));
        assert_eq!(s.content.as_deref(), Some("application"));
        assert_eq!(s.end - s.start, 15.0 * 60.0);
    }

    #[test]
    fn a_page_fetched_twice_and_nonsense_times_are_handled() {
        let w = crate::workspace::Workspace::demo().unwrap();
        let mut snapshot = qoscope_sim::demo_snapshot().unwrap();
        let page = snapshot.exchanges.iter().find(|e| e.kind == ExchangeKind::Sharing).unwrap().clone();
        snapshot.exchanges.push(page.clone());
        let mut broken = page;
        let body = broken.body.as_ref().unwrap().get().replace("2026-11-24T10:35:00Z", "soon");
        broken.body = Some(serde_json::value::RawValue::from_string(body).unwrap());
        snapshot.exchanges.push(broken);
        assert_eq!(share_periods(&snapshot, w.meeting()).len(), 1);
    }
}
