//! Resuming a partial snapshot (a fetch stopped by the daily limit, a cancel, a network
//! failure): the joins it already has are kept verbatim and not fetched again; the meeting
//! details and participants list are fetched afresh (a request or two), then only the missing
//! joins one by one.

use crate::client::{QosType, ZoomClient};
use crate::errors::ZoomError;
use crate::fetch::{fetch_meeting, FetchOptions, FetchOutcome, FetchRequest, Strategy};
use crate::progress::{CancelFlag, Progress};
use qoscope_model::meeting::text;
use qoscope_model::raw::{QosPage, QosParticipant};
use qoscope_snapshot::{Exchange, ExchangeKind, Snapshot};
use std::collections::HashSet;

/// Whether an exchange carries joins' QoS data.
fn is_qos(e: &Exchange) -> bool {
    matches!(e.kind, ExchangeKind::ParticipantQos | ExchangeKind::QosPage) && (200..300).contains(&e.status)
}

/// The `user_id`s whose QoS data the snapshot holds (one-by-one answers and QoS-list pages).
pub fn covered_joins(snapshot: &Snapshot) -> HashSet<String> {
    let mut out = HashSet::new();
    for e in snapshot.exchanges.iter().filter(|e| is_qos(e)) {
        let Some(body) = &e.body else { continue };
        match e.kind {
            ExchangeKind::ParticipantQos => {
                if let Ok(p) = serde_json::from_str::<QosParticipant>(body.get()) {
                    out.extend(text(&p.user_id));
                }
            }
            _ => {
                if let Ok(page) = serde_json::from_str::<QosPage>(body.get()) {
                    out.extend(page.participants.items.iter().filter_map(|p| text(&p.user_id)));
                }
            }
        }
    }
    out
}

/// Fetches what `partial` lacks and returns one snapshot with both: the new meeting details and
/// participants list, the partial's QoS answers (verbatim), then the new ones. A partial that
/// is already complete is refused (nothing to resume).
pub async fn resume_meeting(
    client: &ZoomClient,
    partial: &Snapshot,
    options: &FetchOptions,
    progress: impl Fn(Progress),
    cancel: &CancelFlag,
) -> Result<FetchOutcome, ZoomError> {
    if partial.complete {
        return Err(ZoomError::Config {
            message: "This snapshot is complete: there is nothing to resume (fetch the meeting again to refresh it)."
                .to_owned(),
        });
    }
    let covered = covered_joins(partial);
    let kept = covered.len();
    let request = FetchRequest {
        meeting: partial.request.meeting.clone(),
        qos_type: QosType::parse(&partial.request.qos_type)?,
        webinar: partial.request.webinar,
    };
    let options = FetchOptions {
        strategy: Strategy::PerParticipant,
        covered: covered.clone(),
        focus: options.focus.clone().or_else(|| partial.focus.clone()),
        ..options.clone()
    };
    let mut outcome = fetch_meeting(client, &request, &options, progress, cancel).await?;
    let snapshot = &mut outcome.snapshot;
    let fetched_now = covered_joins(snapshot).difference(&covered).count();
    // New details and list first, then the partial's QoS answers, then the new ones.
    let (new_qos, mut merged): (Vec<Exchange>, Vec<Exchange>) = snapshot.exchanges.drain(..).partition(is_qos);
    merged.extend(partial.exchanges.iter().filter(|e| is_qos(e)).cloned());
    merged.extend(new_qos);
    snapshot.exchanges = merged;
    snapshot.notes.insert(
        0,
        format!(
            "Resumed a partial snapshot made {}: {kept} joins kept from it, {fetched_now} fetched now.",
            partial.created_at.format("%Y-%m-%d %H:%M UTC")
        ),
    );
    Ok(outcome)
}
