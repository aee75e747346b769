//! What a fetch asks beside the QoS: participants' feedback to Zoom (`/participants/satisfaction`)
//! and who shared their screen when (`/participants/sharing`). Both are niceties: a missing
//! scope, a plan without them or feedback switched off becomes a note in the snapshot, never a
//! failed fetch.

use crate::client::{ApiResponse, Product, QosType, ZoomClient};
use crate::errors::{ErrorKind, ZoomError};
use crate::meeting_ref::MeetingRef;
use crate::paging::fetch_all_pages;
use crate::progress::{CallContext, Stage};
use qoscope_snapshot::{ExchangeKind, Snapshot};

/// Fetches feedback and sharing periods into `snapshot` (every page kept verbatim). Returns an
/// error only when the fetch as a whole must stop (cancelled, daily limit, credentials).
pub(crate) async fn fetch_extras(
    client: &ZoomClient,
    meeting: &MeetingRef,
    product: Product,
    qos_type: QosType,
    ctx: &CallContext,
    snapshot: &mut Snapshot,
) -> Result<(), ZoomError> {
    for (kind, what) in [(ExchangeKind::Satisfaction, "feedback"), (ExchangeKind::Sharing, "screen sharing")] {
        let segment = if kind == ExchangeKind::Satisfaction { "satisfaction" } else { "sharing" };
        let path = format!("/metrics/{}/{}/participants/{segment}", product.metrics_segment(), meeting.path_segment());
        let mut pages: Vec<ApiResponse> = Vec::new();
        let result = fetch_all_pages(
            Stage::MeetingDetails,
            &path,
            300,
            1,
            ctx,
            |token| async move {
                match kind {
                    ExchangeKind::Satisfaction => {
                        client.satisfaction_page(meeting, product, qos_type, token.as_deref(), ctx).await
                    }
                    _ => client.sharing_page(meeting, product, qos_type, token.as_deref(), ctx).await,
                }
            },
            |resp| pages.push(resp.clone()),
        )
        .await;
        snapshot.exchanges.extend(pages.iter().map(|p| p.to_exchange(kind)));
        match result {
            Ok(_) => {}
            // The QoS data is complete by now: only a cancel stops the fetch; anything else
            // (a network blip, the daily limit, an expired token) is a note, never a partial meeting.
            Err(e) if e.kind() == ErrorKind::Cancelled => return Err(e),
            Err(e) => snapshot.notes.push(note(what, &e)),
        }
    }
    Ok(())
}

/// A note for people: why QoScope has no feedback or sharing periods for this meeting.
fn note(what: &str, e: &ZoomError) -> String {
    match e.kind() {
        ErrorKind::MissingScopes => format!("No {what} data: {e}"),
        ErrorKind::PlanRequired => {
            format!("No {what} data: Zoom gives it on Business plans or higher with the Dashboard on.")
        }
        ErrorKind::NotFound if what == "feedback" => {
            "No feedback data: Zoom has none for this meeting (\"Feedback to Zoom\" may be switched off).".to_owned()
        }
        _ => format!("No {what} data: {e}"),
    }
}
