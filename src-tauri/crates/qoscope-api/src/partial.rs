//! Partial results while a fetch runs: the responses that have arrived so far, turned into the
//! heatmap's rows the same way a finished snapshot is (so what the user sees early is what they
//! will see at the end, minus the joins still on their way).

use crate::dto::ParticipantRow;
use crate::quality::{self, QualityMap};
use crate::views;
use qoscope_diagnosis::Thresholds;
use qoscope_snapshot::{Exchange, Snapshot};
use qoscope_zoom::Received;
use serde::Serialize;
use std::sync::Mutex;
use ts_rs::TS;

/// What has been fetched so far, as the Find screen shows it under the progress bar.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PartialView {
    /// Joins with quality data so far, in the order of the finished overview.
    pub participants: Vec<ParticipantRow>,
    /// Their grades minute by minute (the heatmap).
    pub quality: QualityMap,
    /// What made each join's degraded minutes degraded (the heatmap's tooltips). The open
    /// meeting's are asked per row; this view is not the open meeting, so it brings its own.
    pub causes: Vec<quality::MinuteCauses>,
}

/// Collects a fetch's responses as they arrive (from any task) and builds [`PartialView`]s on
/// request, only when something new arrived.
pub struct PartialFetch {
    /// A snapshot without exchanges: the request and source, for deriving the meeting.
    template: Snapshot,
    thresholds: Thresholds,
    inner: Mutex<Collected>,
}

#[derive(Default)]
struct Collected {
    exchanges: Vec<Exchange>,
    /// `exchanges.len()` when the last view was built.
    shown: usize,
}

impl PartialFetch {
    pub fn new(template: Snapshot, thresholds: Thresholds) -> PartialFetch {
        let template = Snapshot { exchanges: Vec::new(), ..template };
        PartialFetch { template, thresholds, inner: Mutex::new(Collected::default()) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Collected> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keeps a response that arrived.
    pub fn add(&self, received: Received) {
        let exchange = std::sync::Arc::try_unwrap(received.0).unwrap_or_else(|shared| (*shared).clone());
        self.lock().exchanges.push(exchange);
    }

    /// Responses kept so far.
    pub fn len(&self) -> usize {
        self.lock().exchanges.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The joins fetched so far, when responses arrived since the last call and they hold at
    /// least one join with samples; `None` otherwise. Derives the meeting from the responses as
    /// a snapshot would, so it may take a while on a large meeting: call it off the async runtime.
    pub fn view_if_changed(&self) -> Option<PartialView> {
        let exchanges = {
            let mut collected = self.lock();
            if collected.exchanges.len() == collected.shown {
                return None;
            }
            collected.shown = collected.exchanges.len();
            collected.exchanges.clone()
        };
        let snapshot = Snapshot { exchanges, ..self.template.clone() };
        // A response that cannot be read yet fails the whole derivation; the final snapshot
        // reports it properly, so the partial view just waits for the end.
        let meeting = snapshot.meeting().ok()?;
        if meeting.joins.iter().all(|j| j.samples.is_empty()) {
            return None;
        }
        let analysis = qoscope_diagnosis::analyze(&meeting, &self.thresholds);
        let mut quality = quality::quality_map(&meeting, &analysis);
        quality.sharing = crate::sharing::share_periods(&snapshot, &meeting);
        let participants = views::overview(&snapshot.info(), &meeting).participants;
        let causes = quality
            .rows
            .iter()
            .filter_map(|row| quality::minute_causes(&analysis, &row.user_id))
            .filter(|c| !c.causes.is_empty())
            .collect();
        Some(PartialView { participants, quality, causes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use qoscope_snapshot::{Request, Source, SourceKind};
    use std::sync::Arc;

    fn template() -> Snapshot {
        Snapshot::new(
            "test",
            Source { kind: SourceKind::Simulator, profile: None, api_base: None },
            Request { meeting: "857 4621 3390".into(), qos_type: "past".into(), webinar: false },
        )
    }

    #[test]
    fn builds_views_of_what_arrived_and_only_when_more_arrived() {
        use qoscope_snapshot::ExchangeKind;
        // The demo meeting as Zoom sent it: details, the QoS list, the participants list.
        let demo = qoscope_sim::demo_snapshot().unwrap();
        let of = |kind: ExchangeKind| demo.exchanges.iter().filter(move |e| e.kind == kind);
        let partial = PartialFetch::new(template(), Thresholds::default());
        assert!(partial.view_if_changed().is_none(), "nothing arrived");
        // Details first: no join has samples yet, so nothing to show.
        of(ExchangeKind::MeetingDetails).for_each(|e| partial.add(Received(Arc::new(e.clone()))));
        assert!(partial.view_if_changed().is_none());
        // The quality data: every join shows.
        of(ExchangeKind::QosPage).for_each(|e| partial.add(Received(Arc::new(e.clone()))));
        let first = partial.view_if_changed().expect("a view once joins have samples");
        assert!(!first.participants.is_empty());
        assert_eq!(first.quality.rows.len(), first.participants.len());
        assert!(partial.view_if_changed().is_none(), "nothing new since the last view");
        // The participants list adds devices and locations: a new view, the same as the end.
        of(ExchangeKind::ParticipantsPage).for_each(|e| partial.add(Received(Arc::new(e.clone()))));
        of(ExchangeKind::Satisfaction).for_each(|e| partial.add(Received(Arc::new(e.clone()))));
        of(ExchangeKind::Sharing).for_each(|e| partial.add(Received(Arc::new(e.clone()))));
        assert_eq!(partial.len(), demo.exchanges.len());
        let last = partial.view_if_changed().expect("more arrived");
        let finished = crate::workspace::Workspace::from_snapshot(demo.clone()).unwrap();
        assert_eq!(last.participants, finished.overview().participants, "the same rows as the finished meeting");
        assert_eq!(last.quality, finished.quality_map(), "the same grades as the finished meeting");
    }
}
