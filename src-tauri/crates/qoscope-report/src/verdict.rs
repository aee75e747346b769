//! The verdict box's content: what went wrong, with numbers and times, and what to do next.
//!
//! Built from the diagnosis's episodes and their attribution: one item per episode, worst first.

use crate::context::ExportContext;
use crate::timefmt;
use chrono::{DateTime, Utc};
use qoscope_diagnosis::{Attribution, Episode, Grade};
use qoscope_model::{Metric, Stream};

/// One finding in the verdict box.
#[derive(Debug, Clone, PartialEq)]
pub struct VerdictItem {
    /// Warning or Poor.
    pub severity: Grade,
    /// The participant whose data shows the problem.
    pub user_id: String,
    /// The participant the diagnosis blames (a sender's uplink), if any.
    pub culprit_user_id: Option<String>,
    pub stream: Stream,
    /// The metric that graded worst.
    pub metric: Option<Metric>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// One sentence with the numbers and times.
    pub sentence: String,
    /// What the helpdesk should do next.
    pub next_step: String,
}

fn name_of(ctx: &ExportContext, user_id: &str, fallback: &str) -> String {
    let name = ctx.meeting.join(user_id).map_or(fallback, |j| j.user_name.as_str());
    if name.trim().is_empty() {
        format!("participant {user_id}")
    } else {
        name.to_owned()
    }
}

fn format_value(v: f64, metric: Metric) -> String {
    let unit = metric.unit().symbol();
    let n = if v.abs() >= 100.0 || v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.1}") };
    if unit == "%" {
        format!("{n} %")
    } else {
        format!("{n} {unit}")
    }
}

/// Describes one episode as a verdict item.
pub fn item_for(ctx: &ExportContext, e: &Episode) -> VerdictItem {
    let tz = ctx.tz();
    let who = name_of(ctx, &e.user_id, &e.user_name);
    let minutes = (e.end - e.start).num_minutes();
    let level = if e.grade == Grade::Poor { "poor" } else { "degraded" };
    let what = e
        .worst
        .first()
        .map(|c| {
            let cmp = if c.value > c.limit { "above" } else { "below" };
            format!(
                "; worst {} {} ({cmp} the {} limit of {})",
                c.metric.label().to_lowercase(),
                format_value(c.value, c.metric),
                if c.grade == Grade::Poor { "poor" } else { "warning" },
                format_value(c.limit, c.metric)
            )
        })
        .unwrap_or_default();
    let stream = e.stream.label();
    let mut culprit_user_id = None;
    let (cause, next_step) = match &e.attribution {
        Some(Attribution::SenderUplink { sender_user_id }) => {
            culprit_user_id = Some(sender_user_id.clone());
            let sender = name_of(ctx, sender_user_id, sender_user_id);
            (
                format!("Likely cause: {sender}'s uplink (what they sent was already bad)."),
                format!(
                    "Check {sender}'s network: wired or closer to the access point, pause uploads/VPN, then retest."
                ),
            )
        }
        Some(Attribution::OwnUplink) => (
            format!("Likely cause: {who}'s own uplink."),
            format!("Check {who}'s upload path: Wi-Fi signal, VPN, other uploads; try a wired connection."),
        ),
        Some(Attribution::ReceiverDownlink) => (
            format!("Likely cause: {who}'s downlink (other receivers were fine)."),
            format!("Check {who}'s download path and local network; other participants received this fine."),
        ),
        Some(Attribution::MeetingWide) => (
            "Most participants degraded at the same minutes: a meeting-wide problem.".to_owned(),
            "Check Zoom's status page and the shared network path (office uplink, data center) for that time."
                .to_owned(),
        ),
        Some(Attribution::DeviceCpu) => (
            format!("Likely cause: {who}'s CPU was saturated."),
            format!(
                "Close heavy apps on {who}'s device, lower video quality, or check for updates/thermal throttling."
            ),
        ),
        Some(Attribution::WeakWifi) => (
            format!("Likely cause: {who}'s weak Wi-Fi signal."),
            format!("Move {who} closer to the access point or onto a wired connection."),
        ),
        Some(Attribution::Disconnect) => {
            (format!("{who} was disconnected."), format!("Check {who}'s connection stability around that time."))
        }
        None => (
            "No single cause stands out.".to_owned(),
            format!("Compare {who}'s sent and received timelines and ask what happened at that time."),
        ),
    };
    let sentence = format!(
        "{who}: {stream} was {level} from {} to {} {} ({minutes} min){what}. {cause}",
        timefmt::local_hm(e.start, tz),
        timefmt::local_hm(e.end, tz),
        timefmt::zone_label(tz),
    );
    VerdictItem {
        severity: e.grade,
        user_id: e.user_id.clone(),
        culprit_user_id,
        stream: e.stream,
        metric: e.worst.first().map(|c| c.metric),
        start: e.start,
        end: e.end,
        sentence,
        next_step,
    }
}

/// Verdict items for the report: the focus participant's episodes and those where they are the
/// blamed sender (or every episode for the whole meeting), worst first.
pub fn verdict_items(ctx: &ExportContext, focus: Option<&str>) -> Vec<VerdictItem> {
    let mut episodes: Vec<&Episode> = ctx
        .analysis
        .episodes
        .iter()
        .filter(|e| match focus {
            None => true,
            Some(id) => {
                e.user_id == id
                    || matches!(&e.attribution, Some(Attribution::SenderUplink { sender_user_id }) if sender_user_id == id)
            }
        })
        .collect();
    episodes.sort_by(|a, b| {
        b.grade
            .cmp(&a.grade)
            .then(b.poor_minutes.cmp(&a.poor_minutes))
            .then(b.degraded_minutes.cmp(&a.degraded_minutes))
            .then(a.start.cmp(&b.start))
    });
    episodes.into_iter().map(|e| item_for(ctx, e)).collect()
}
