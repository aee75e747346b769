//! Fetching one meeting's QoS into a snapshot.
//!
//! Strategy (`Auto`): meeting details → participants list (all pages) → then two things at
//! once under the shared rate limiter: workers fetch joins one by one from the *end* of the
//! list, while the QoS list is paged from the *start* (10 joins per request, strictly one page
//! after another); whatever a page covers, no worker fetches. They meet in the middle: the
//! serial pager adds ~10 joins per round trip on top of what the rate limit allows the
//! workers. Then reconcile against the participants list; when a join could not be fetched
//! either way, page the whole QoS list. Every successful response is kept verbatim as an
//! [`Exchange`]; the same join seen twice is merged when the meeting is derived, never
//! double counted.

use crate::client::{ApiResponse, Product, QosType, ZoomClient};
use crate::errors::{ErrorKind, ZoomError};
use crate::in_flight::{Concurrency, InFlightGate};
use crate::meeting_ref::MeetingRef;
use crate::paging::{fetch_all_pages, fetch_pages_until};
use crate::progress::{CallContext, CancelFlag, Progress, Stage};
use qoscope_model::meeting::text;
use qoscope_model::raw::{ParticipantsPage, QosPage};
use qoscope_snapshot::{Exchange, ExchangeKind, Request, Snapshot, Source, SourceKind};
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

/// What to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchRequest {
    /// The meeting as the user typed it (ID, UUID or join link).
    pub meeting: String,
    pub qos_type: QosType,
    pub webinar: bool,
}

/// How to fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strategy {
    /// Participants list, then joins one by one (concurrently, from the end of the list) while
    /// the QoS list is paged from its start; falls back to the whole QoS list when needed.
    #[default]
    Auto,
    /// Participants list, then every join one by one (concurrently); the QoS list only as a
    /// fallback.
    PerParticipant,
    /// Only page the QoS list sequentially (10 joins per page).
    QosListOnly,
}

#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Per-join QoS calls in flight at once (by default, Little's law on the client's rate and
    /// observed latency).
    pub concurrency: Concurrency,
    /// Restarts from the first page allowed when page tokens expire.
    pub max_page_restarts: u32,
    pub strategy: Strategy,
    /// Recorded in the snapshot.
    pub app_version: String,
    /// The profile name (never a credential), recorded in the snapshot.
    pub profile: Option<String>,
    /// Joins whose QoS data the caller already has (resuming a partial snapshot): the workers
    /// do not fetch them again.
    pub covered: HashSet<String>,
    /// The person the investigation is about (e-mail or user ID), recorded in the snapshot.
    pub focus: Option<String>,
    /// Also fetch participants' feedback and screen-sharing periods (notes when unavailable).
    pub extras: bool,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            concurrency: Concurrency::Adaptive,
            max_page_restarts: 3,
            strategy: Strategy::Auto,
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            profile: None,
            covered: HashSet::new(),
            focus: None,
            extras: true,
        }
    }
}

/// The result of a fetch that got at least one response.
#[derive(Debug)]
pub struct FetchOutcome {
    /// Every successful response, verbatim; `snapshot.complete`/`notes` mirror the fields below.
    pub snapshot: Snapshot,
    /// False when the fetch stopped early (cancelled, daily limit, paging that did not end…).
    pub complete: bool,
    /// Why it stopped early.
    pub stopped_reason: Option<ZoomError>,
}

pub const PARTICIPANTS_PAGE_SIZE: u32 = 300;
pub const QOS_PAGE_SIZE: u32 = 10;

/// Fetches a meeting. `progress` is called on the calling task; `cancel` stops the fetch and
/// keeps what was fetched. Returns `Err` only when nothing was fetched (bad input, wrong
/// credentials, meeting not found…); later failures give an incomplete [`FetchOutcome`].
pub async fn fetch_meeting(
    client: &ZoomClient,
    request: &FetchRequest,
    options: &FetchOptions,
    progress: impl Fn(Progress),
    cancel: &CancelFlag,
) -> Result<FetchOutcome, ZoomError> {
    let meeting = MeetingRef::parse(&request.meeting)?;
    let (tx, mut rx) = mpsc::unbounded_channel::<Progress>();
    let ctx = CallContext::new(cancel.clone()).with_progress(Arc::new(move |p| {
        let _ = tx.send(p);
    }));
    let mut snapshot = Snapshot::new(
        &options.app_version,
        Source { kind: SourceKind::Zoom, profile: options.profile.clone(), api_base: None },
        Request {
            meeting: request.meeting.clone(),
            qos_type: request.qos_type.as_str().to_owned(),
            webinar: request.webinar,
        },
    );
    snapshot.focus = options.focus.clone();
    let result = {
        let work = async {
            // Feedback and sharing need nothing from the QoS: asked beside it, not after it.
            let extras = async {
                let product = Product::from_webinar_flag(request.webinar);
                if options.extras {
                    Some(crate::extras::fetch_extras(client, &meeting, product, request.qos_type, &ctx).await)
                } else {
                    None
                }
            };
            let (qos, extras) = tokio::join!(run(client, &meeting, request, options, &ctx, &mut snapshot), extras);
            let extras = extras.map_or(Ok(()), |e| e.add_to(&mut snapshot));
            qos.and(extras)
        };
        tokio::pin!(work);
        loop {
            tokio::select! {
                biased;
                out = &mut work => break out,
                Some(p) = rx.recv() => progress(p),
            }
        }
    };
    drop(ctx);
    while let Some(p) = rx.recv().await {
        progress(p);
    }
    snapshot.source.api_base = Some(client.api_base());
    match result {
        Ok(()) => Ok(FetchOutcome { complete: snapshot.complete, snapshot, stopped_reason: None }),
        Err(e) if snapshot.exchanges.is_empty() => Err(e),
        Err(e) => {
            snapshot.complete = false;
            snapshot.notes.push(format!("Stopped early: {e}"));
            Ok(FetchOutcome { snapshot, complete: false, stopped_reason: Some(e) })
        }
    }
}

/// Errors that end the fetch at once (no fallback can help): fatal ones, the meeting itself
/// unavailable, or Zoom still failing with 5xx after the retries.
fn stops(e: &ZoomError) -> bool {
    e.is_fatal()
        || matches!(e.kind(), ErrorKind::NotFound | ErrorKind::TooOld)
        || matches!(e, ZoomError::BadResponse { status, .. } | ZoomError::Http { status, .. } if *status >= 500)
}

fn push(snapshot: &mut Snapshot, resp: &ApiResponse, kind: ExchangeKind) {
    snapshot.exchanges.push(resp.to_exchange(kind));
}

async fn run(
    client: &ZoomClient,
    meeting: &MeetingRef,
    request: &FetchRequest,
    options: &FetchOptions,
    ctx: &CallContext,
    snapshot: &mut Snapshot,
) -> Result<(), ZoomError> {
    let product = Product::from_webinar_flag(request.webinar);
    let qos_type = request.qos_type;
    // The joins the participants list names, in its order (None: list unavailable).
    let mut listed: Option<Vec<String>> = None;

    let mut need_qos_list = options.strategy == Strategy::QosListOnly;
    let mut fetched: HashSet<String> = options.covered.clone();

    ctx.report(Progress::Stage(Stage::MeetingDetails));
    if options.strategy == Strategy::QosListOnly {
        match client.meeting_details(meeting, product, qos_type, ctx).await {
            Ok(resp) => push(snapshot, &resp, ExchangeKind::MeetingDetails),
            Err(e) if stops(&e) => return Err(e),
            Err(e) => snapshot.notes.push(format!("Meeting details unavailable: {e}")),
        }
    } else {
        // Details, the participants list, the pager and the workers all at once.
        ctx.report(Progress::Stage(Stage::ParticipantsList));
        let (details, joins) = tokio::join!(
            client.meeting_details(meeting, product, qos_type, ctx),
            fetch_list_and_joins(client, meeting, product, qos_type, options, ctx),
        );
        match details {
            Ok(resp) => push(snapshot, &resp, ExchangeKind::MeetingDetails),
            Err(e) if stops(&e) => return Err(e),
            Err(e) => snapshot.notes.push(format!("Meeting details unavailable: {e}")),
        }
        for p in &joins.list_pages {
            push(snapshot, p, ExchangeKind::ParticipantsPage);
        }
        for p in &joins.pages {
            push(snapshot, p, ExchangeKind::QosPage);
        }
        // Keep the participants-list order, whatever order the answers came in; then the joins
        // the list has not named (it stopped early: cancelled, daily limit), in arrival order.
        let mut singles: Vec<Option<(String, ApiResponse)>> = joins.singles.into_iter().map(Some).collect();
        let position: HashMap<String, usize> =
            singles.iter().enumerate().filter_map(|(i, s)| s.as_ref().map(|(id, _)| (id.clone(), i))).collect();
        for id in joins.listed.iter().flatten() {
            if let Some((_, resp)) = position.get(id).and_then(|&i| singles[i].take()) {
                push(snapshot, &resp, ExchangeKind::ParticipantQos);
            }
        }
        for (_, resp) in singles.into_iter().flatten() {
            push(snapshot, &resp, ExchangeKind::ParticipantQos);
        }
        fetched.extend(joins.covered);
        if let Some(e) = joins.fatal {
            return Err(e);
        }
        match joins.list_error {
            Some(e) if stops(&e) => return Err(e),
            Some(e) => {
                snapshot
                    .notes
                    .push(format!("The participants list was unavailable ({e}); the QoS list was paged instead."));
                // In Auto the pager already paged the whole list; its outcome decides.
                match (options.strategy, joins.pager_error.clone()) {
                    (Strategy::Auto, Some(pager_error)) => return Err(pager_error),
                    (Strategy::Auto, None) => {}
                    _ => need_qos_list = true,
                }
            }
            None => {}
        }
        if let Some(e) = &joins.scope_refusal {
            snapshot.notes.push(format!(
                "Zoom refused one participant's QoS ({e}); the QoS list was paged instead for the rest of the fetch."
            ));
            if options.strategy != Strategy::Auto || joins.pager_error.is_some() {
                need_qos_list = true;
            }
        }
        if joins.unnamed > 0 {
            snapshot.notes.push(format!(
                "{} entries of the participants list had no user_id; the QoS list was paged to include them.",
                joins.unnamed
            ));
            if options.strategy != Strategy::Auto || joins.pager_error.is_some() {
                need_qos_list = true;
            }
        }
        if let Some(ids) = &joins.listed {
            let failures: Vec<&(String, ZoomError)> =
                joins.failures.iter().filter(|(id, _)| !fetched.contains(id)).collect();
            if let Some((first_id, first_err)) = failures.first() {
                snapshot.notes.push(format!(
                    "{} of {} joins could not be fetched one by one (e.g. {first_id}: {first_err}); the QoS list was \
                     paged to complete them.",
                    failures.len(),
                    ids.len()
                ));
                need_qos_list = true;
            }
        }
        listed = joins.listed;
    }

    if need_qos_list {
        ctx.report(Progress::Stage(Stage::QosList));
        let mut pages: Vec<ApiResponse> = Vec::new();
        let result =
            page_qos_list(client, meeting, product, qos_type, options, ctx, |resp| pages.push(resp.clone()), || false)
                .await;
        for p in &pages {
            push(snapshot, p, ExchangeKind::QosPage);
        }
        let bodies = result?;
        for body in &bodies {
            let page: QosPage = serde_json::from_str(body).unwrap_or_default();
            fetched.extend(page.participants.items.iter().filter_map(|p| text(&p.user_id)));
        }
    }

    if let Some(ids) = &listed {
        let missing: Vec<&String> = ids.iter().filter(|id| !fetched.contains(*id)).collect();
        if !missing.is_empty() {
            let shown: Vec<&str> = missing.iter().take(5).map(|s| s.as_str()).collect();
            snapshot.notes.push(format!(
                "{} joins in the participants list have no QoS data in Zoom's answers (user_id {}{}).",
                missing.len(),
                shown.join(", "),
                if missing.len() > 5 { ", …" } else { "" }
            ));
        }
    }
    Ok(())
}

/// Pages the QoS list (10 joins per page, strictly one page after another) until it ends or
/// `enough()`; `record` sees every page received.
#[allow(clippy::too_many_arguments)]
async fn page_qos_list(
    client: &ZoomClient,
    meeting: &MeetingRef,
    product: Product,
    qos_type: QosType,
    options: &FetchOptions,
    ctx: &CallContext,
    record: impl FnMut(&ApiResponse),
    enough: impl Fn() -> bool,
) -> Result<Vec<String>, ZoomError> {
    let path = format!("/metrics/{}/{}/participants/qos", product.metrics_segment(), meeting.path_segment());
    // Each page needs the one before: the pages go first at the rate limiter.
    let chain = &ctx.for_chain();
    fetch_pages_until(
        Stage::QosList,
        &path,
        QOS_PAGE_SIZE,
        options.max_page_restarts,
        chain,
        |token| async move { client.qos_page(meeting, product, qos_type, QOS_PAGE_SIZE, token.as_deref(), chain).await },
        record,
        enough,
    )
    .await
}

/// What [`fetch_list_and_joins`] brought back.
struct JoinsOutcome {
    /// Participants-list pages received (of every pass).
    list_pages: Vec<ApiResponse>,
    /// The joins the participants list names, in its order (`None`: list unavailable).
    listed: Option<Vec<String>>,
    list_error: Option<ZoomError>,
    /// List entries without a `user_id` (only the QoS list can cover them).
    unnamed: usize,
    /// Joins fetched one by one.
    singles: Vec<(String, ApiResponse)>,
    /// QoS-list pages received (of every pass).
    pages: Vec<ApiResponse>,
    /// Every `user_id` with data, from either source.
    covered: HashSet<String>,
    /// Joins whose one-by-one fetch failed (a page may still have covered them).
    failures: Vec<(String, ZoomError)>,
    /// An error that ends the fetch.
    fatal: Option<ZoomError>,
    /// Why the pager stopped early, if it did (not fatal by itself: the workers go on).
    pager_error: Option<ZoomError>,
    /// The first 4700 of a one-by-one call: the workers stopped asking, the QoS list covers the rest.
    scope_refusal: Option<ZoomError>,
}

/// One worker's per-join failures, and the error that stopped it (its answers go straight to
/// [`Shared::singles`], so that stopping the other workers loses none).
type WorkerResult = (Vec<(String, ZoomError)>, Option<ZoomError>);

const LIST_UNKNOWN: u8 = 0;
const LIST_KNOWN: u8 = 1;
/// The list is unavailable or incomplete: the pager must page the whole QoS list.
const PAGE_EVERYTHING: u8 = 2;

/// Work shared by the pager and the workers.
struct Shared {
    /// Listed joins nobody has covered or claimed yet; workers take from the back.
    pending: Mutex<VecDeque<String>>,
    covered: Mutex<HashSet<String>>,
    /// Joins fetched one by one, kept as they arrive.
    singles: Mutex<Vec<(String, ApiResponse)>>,
    /// Every `user_id` the participants list has named so far.
    listed: Mutex<HashSet<String>>,
    state: AtomicU8,
    /// The first "missing scope" answer to a one-by-one call: no worker asks again.
    refused: Mutex<Option<ZoomError>>,
    /// Wakes idle workers when list pages bring more joins, or the list is done.
    more: tokio::sync::Notify,
}

impl Shared {
    fn lock_pending(&self) -> std::sync::MutexGuard<'_, VecDeque<String>> {
        self.pending.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn lock_covered(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        self.covered.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Keeps a join fetched one by one (before anything can stop its worker) and marks it covered.
    fn keep_single(&self, id: String, response: ApiResponse) {
        self.cover([id.clone()]);
        self.singles.lock().unwrap_or_else(|p| p.into_inner()).push((id, response));
    }

    /// Marks joins as having data; nobody needs to claim them any more.
    fn cover(&self, ids: impl IntoIterator<Item = String>) {
        let mut covered = self.lock_covered();
        covered.extend(ids);
        self.lock_pending().retain(|id| !covered.contains(id));
    }

    /// A page of the participants list arrived: its new joins that pages have not covered yet
    /// are up for grabs (workers start before the whole list is in).
    fn add_listed(&self, ids: impl IntoIterator<Item = String>) {
        {
            let covered = self.lock_covered();
            let mut listed = self.listed.lock().unwrap_or_else(|p| p.into_inner());
            let mut pending = self.lock_pending();
            for id in ids {
                if !covered.contains(&id) && listed.insert(id.clone()) {
                    pending.push_back(id);
                } else {
                    listed.insert(id);
                }
            }
        }
        self.more.notify_waiters();
    }

    /// The whole participants list is in (`complete`: every entry had a `user_id`), or it
    /// failed (`PAGE_EVERYTHING`): idle workers may stop once nothing is pending.
    fn finish_list(&self, state: u8) {
        // Never back from PAGE_EVERYTHING (a scope refusal may have set it first).
        self.state.fetch_max(state, Ordering::SeqCst);
        self.more.notify_waiters();
    }

    fn refusal(&self) -> Option<ZoomError> {
        self.refused.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// A one-by-one call was refused for a missing scope: the others would be too. The workers
    /// stop, and the pager pages the whole QoS list instead (for the rest of the fetch).
    fn refuse_per_join(&self, e: ZoomError) {
        self.refused.lock().unwrap_or_else(|p| p.into_inner()).get_or_insert(e);
        self.finish_list(PAGE_EVERYTHING);
    }

    /// The next join for a worker: waits while the list is still coming in.
    async fn next_join(&self) -> Option<String> {
        loop {
            let more = self.more.notified();
            tokio::pin!(more);
            more.as_mut().enable();
            if self.refusal().is_some() {
                return None;
            }
            if let Some(id) = self.lock_pending().pop_back() {
                return Some(id);
            }
            if self.state.load(Ordering::SeqCst) != LIST_UNKNOWN {
                return None;
            }
            more.await;
        }
    }

    /// The pager may stop: the list is known and every listed join is covered or claimed.
    fn pager_done(&self) -> bool {
        self.state.load(Ordering::SeqCst) == LIST_KNOWN && self.lock_pending().is_empty()
    }

    fn report(&self, ctx: &CallContext) {
        let listed = self.listed.lock().unwrap_or_else(|p| p.into_inner());
        if listed.is_empty() {
            return;
        }
        let done = self.lock_covered().iter().filter(|id| listed.contains(*id)).count();
        ctx.report(Progress::ParticipantsDone { done, total: listed.len() });
    }
}

/// The participants list, then its joins one by one (`options.concurrency` in flight, from the
/// end of the list); in `Auto`, the QoS list is paged from its start at the same time — from
/// the very beginning, since it needs no list — until every listed join is covered or claimed.
async fn fetch_list_and_joins(
    client: &ZoomClient,
    meeting: &MeetingRef,
    product: Product,
    qos_type: QosType,
    options: &FetchOptions,
    ctx: &CallContext,
) -> JoinsOutcome {
    let shared = Arc::new(Shared {
        pending: Mutex::new(VecDeque::new()),
        covered: Mutex::new(options.covered.clone()),
        singles: Mutex::new(Vec::new()),
        listed: Mutex::new(HashSet::new()),
        state: AtomicU8::new(LIST_UNKNOWN),
        refused: Mutex::new(None),
        more: tokio::sync::Notify::new(),
    });

    // Workers start now and take joins as soon as the first list page names them.
    let mut workers: JoinSet<WorkerResult> = JoinSet::new();
    let gate = Arc::new(InFlightGate::default());
    let concurrency = options.concurrency;
    for _ in 0..concurrency.workers() {
        let (client, meeting, ctx, shared, gate) =
            (client.clone(), meeting.clone(), ctx.clone(), shared.clone(), gate.clone());
        workers.spawn(async move {
            let mut failures = Vec::new();
            let limit = || match concurrency {
                Concurrency::Adaptive => client.in_flight_target(),
                Concurrency::Fixed(n) => n,
            };
            loop {
                let _slot = gate.enter(&limit).await;
                let Some(id) = shared.next_join().await else { break };
                if ctx.cancel.is_cancelled() {
                    return (failures, Some(ZoomError::Cancelled));
                }
                match client.participant_qos(&meeting, product, &id, qos_type, &ctx).await {
                    Ok(resp) => {
                        shared.keep_single(id, resp);
                        shared.report(&ctx);
                    }
                    Err(e) if e.is_fatal() => return (failures, Some(e)),
                    Err(e) if e.kind() == ErrorKind::MissingScopes => {
                        failures.push((id, e.clone()));
                        shared.refuse_per_join(e);
                        return (failures, None);
                    }
                    Err(e) => failures.push((id, e)),
                }
            }
            (failures, None)
        });
    }

    let list_and_workers = async {
        let list_type = match qos_type {
            QosType::Live => QosType::Live,
            _ => QosType::Past,
        };
        let path = format!("/metrics/{}/{}/participants", product.metrics_segment(), meeting.path_segment());
        let mut list_pages: Vec<ApiResponse> = Vec::new();
        let ids_of = |body: &str| -> (Vec<String>, usize) {
            let page: ParticipantsPage = serde_json::from_str(body).unwrap_or_default();
            let mut unnamed = 0;
            let ids = page
                .participants
                .items
                .iter()
                .filter_map(|entry| {
                    let id = text(&entry.user_id);
                    unnamed += usize::from(id.is_none());
                    id
                })
                .collect();
            (ids, unnamed)
        };
        // A chain too: the list feeds the workers and the "N / M participants" count.
        let chain = &ctx.for_chain();
        let result = fetch_all_pages(
            Stage::ParticipantsList,
            &path,
            PARTICIPANTS_PAGE_SIZE,
            options.max_page_restarts,
            chain,
            |token| async move {
                client
                    .participants_page(meeting, product, list_type, PARTICIPANTS_PAGE_SIZE, token.as_deref(), chain)
                    .await
            },
            |resp| {
                if list_pages.is_empty() {
                    ctx.report(Progress::Stage(Stage::ParticipantQos));
                }
                shared.add_listed(ids_of(&resp.body).0);
                shared.report(ctx);
                list_pages.push(resp.clone());
            },
        )
        .await;
        let (listed, list_error, unnamed) = match result {
            Ok(bodies) => {
                // The final, complete pass decides the list's order and completeness.
                let (mut ids, mut seen, mut unnamed) = (Vec::new(), HashSet::new(), 0usize);
                for body in &bodies {
                    let (page_ids, page_unnamed) = ids_of(body);
                    unnamed += page_unnamed;
                    ids.extend(page_ids.into_iter().filter(|id| seen.insert(id.clone())));
                }
                shared.add_listed(ids.iter().cloned());
                shared.finish_list(if unnamed == 0 { LIST_KNOWN } else { PAGE_EVERYTHING });
                (Some(ids), None, unnamed)
            }
            Err(e) => {
                shared.finish_list(PAGE_EVERYTHING);
                (None, Some(e), 0)
            }
        };
        let (mut failures, mut fatal) = (Vec::new(), None);
        while let Some(joined) = workers.join_next().await {
            let Ok((failed, stop)) = joined else { continue };
            failures.extend(failed);
            if fatal.is_none() {
                if let Some(e) = stop {
                    // Stop the calls not yet made; answers already in are kept (in `singles`).
                    workers.abort_all();
                    fatal = Some(e);
                }
            }
        }
        let singles = std::mem::take(&mut *shared.singles.lock().unwrap_or_else(|p| p.into_inner()));
        (list_pages, listed, list_error, unnamed, singles, failures, fatal)
    };

    let pager = async {
        let mut pages: Vec<ApiResponse> = Vec::new();
        if options.strategy != Strategy::Auto {
            return (pages, None);
        }
        let result = page_qos_list(
            client,
            meeting,
            product,
            qos_type,
            options,
            ctx,
            |resp| {
                let page: QosPage = serde_json::from_str(&resp.body).unwrap_or_default();
                shared.cover(page.participants.items.iter().filter_map(|p| text(&p.user_id)));
                shared.report(ctx);
                pages.push(resp.clone());
            },
            || shared.pager_done(),
        )
        .await;
        (pages, result.err())
    };

    let ((list_pages, listed, list_error, unnamed, singles, failures, mut fatal), (pages, pager_error)) =
        tokio::join!(list_and_workers, pager);
    let mut pager_error = pager_error;
    if fatal.is_none() && pager_error.as_ref().is_some_and(|e| e.is_fatal()) {
        fatal = pager_error.take();
    }
    let covered = std::mem::take(&mut *shared.lock_covered());
    let scope_refusal = shared.refusal();
    JoinsOutcome {
        list_pages,
        listed,
        list_error,
        unnamed,
        singles,
        pages,
        covered,
        failures,
        fatal,
        pager_error,
        scope_refusal,
    }
}

/// The snapshot exchange kind of a response from `path` (useful to callers recording extra calls).
pub fn exchange_kind_for(path: &str) -> ExchangeKind {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    match segs.as_slice() {
        ["metrics", _, _] => ExchangeKind::MeetingDetails,
        ["metrics", _, _, "participants"] => ExchangeKind::ParticipantsPage,
        ["metrics", _, _, "participants", "qos"] => ExchangeKind::QosPage,
        ["metrics", _, _, "participants", "satisfaction"] => ExchangeKind::Satisfaction,
        ["metrics", _, _, "participants", "sharing"] => ExchangeKind::Sharing,
        ["metrics", _, _, "participants", _, "qos"] => ExchangeKind::ParticipantQos,
        _ => ExchangeKind::Other,
    }
}

/// The snapshot record of a response, its kind taken from the path.
pub fn exchange_of(resp: &ApiResponse) -> Exchange {
    resp.to_exchange(exchange_kind_for(&resp.path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_paths() {
        assert_eq!(exchange_kind_for("/metrics/meetings/123"), ExchangeKind::MeetingDetails);
        assert_eq!(exchange_kind_for("/metrics/webinars/123/participants"), ExchangeKind::ParticipantsPage);
        assert_eq!(exchange_kind_for("/metrics/meetings/123/participants/qos"), ExchangeKind::QosPage);
        assert_eq!(exchange_kind_for("/metrics/meetings/123/participants/16778240/qos"), ExchangeKind::ParticipantQos);
        assert_eq!(exchange_kind_for("/past_meetings/123/instances"), ExchangeKind::Other);
    }
}
