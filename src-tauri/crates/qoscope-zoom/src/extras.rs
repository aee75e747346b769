//! What a fetch asks beside the QoS: participants' feedback to Zoom (`/participants/satisfaction`)
//! and who shared their screen when (`/participants/sharing`). Both are niceties: a missing
//! scope, a plan without them or feedback switched off becomes a note in the snapshot, never a
//! failed fetch.

use crate::client::{ApiResponse, Product, QosType, ZoomClient};
use crate::errors::{ErrorKind, ZoomError};
use crate::meeting_ref::MeetingRef;
use crate::paging::fetch_all_pages;
use crate::progress::{CallContext, Stage};
use qoscope_snapshot::{Exchange, ExchangeKind, Snapshot};

/// Feedback and sharing periods: every page kept verbatim, and a note for each that is
/// unavailable.
pub(crate) struct Extras {
    exchanges: Vec<Exchange>,
    notes: Vec<String>,
    cancelled: Option<ZoomError>,
}

impl Extras {
    /// Adds what arrived to `snapshot` (also when cancelled: the pages that came are kept, as
    /// the partial results showed them); returns the cancel, if any.
    pub(crate) fn add_to(self, snapshot: &mut Snapshot) -> Result<(), ZoomError> {
        snapshot.exchanges.extend(self.exchanges);
        snapshot.notes.extend(self.notes);
        self.cancelled.map_or(Ok(()), Err)
    }
}

/// Fetches feedback and sharing periods, both at once (the fetch asks them beside the QoS: they
/// need nothing from it, and asked after it they would add two round trips to every fetch).
pub(crate) async fn fetch_extras(
    client: &ZoomClient,
    meeting: &MeetingRef,
    product: Product,
    qos_type: QosType,
    ctx: &CallContext,
) -> Extras {
    let one = |kind: ExchangeKind| fetch_one(client, meeting, product, qos_type, ctx, kind);
    let (feedback, sharing) = tokio::join!(one(ExchangeKind::Satisfaction), one(ExchangeKind::Sharing));
    let mut extras = Extras { exchanges: Vec::new(), notes: Vec::new(), cancelled: None };
    for (pages, result, what) in [feedback, sharing] {
        extras.exchanges.extend(pages);
        match result {
            Ok(()) => {}
            // Only a cancel stops the fetch; anything else (a network blip, the daily limit, an
            // expired token) is a note, never a partial meeting.
            Err(e) if e.kind() == ErrorKind::Cancelled => extras.cancelled = Some(e),
            Err(e) => extras.notes.push(note(what, &e)),
        }
    }
    extras
}

/// One of the two lists, all its pages: the pages kept, how it ended, and what it is for notes.
async fn fetch_one(
    client: &ZoomClient,
    meeting: &MeetingRef,
    product: Product,
    qos_type: QosType,
    ctx: &CallContext,
    kind: ExchangeKind,
) -> (Vec<Exchange>, Result<(), ZoomError>, &'static str) {
    let (segment, what) =
        if kind == ExchangeKind::Satisfaction { ("satisfaction", "feedback") } else { ("sharing", "screen sharing") };
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
    (pages.iter().map(|p| p.to_exchange(kind)).collect(), result.map(|_| ()), what)
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
