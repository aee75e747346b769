//! The "Demo (simulated Zoom)" profile: QoScope's Zoom simulator started in-process on a random
//! loopback port on first use, and reached over real HTTP through the same [`ZoomClient`] as
//! Zoom itself — so a new user walks the real path (find, fetch with progress, investigate,
//! export) without a Zoom account.
//!
//! Its meetings are dated relative to today so that "search the last month" finds them: the
//! demo meeting (yesterday), a recurring escalation call with three weekly instances, an
//! all-hands with 300 people (a fetch long enough to watch), and a meeting still in progress
//! (fetch it as live).
//!
//! A person to find: Aiko Tanaka (aiko.tanaka@example.com) joined six of them — the demo
//! meeting, the three escalation calls, the all-hands and a project sync — with weak Wi-Fi in
//! four and a thumbs-down to Zoom after two.

use crate::error::{ApiError, ErrorCode};
use chrono::{DateTime, Duration, TimeZone, Timelike, Utc};
use qoscope_secrets::{Credentials, SecretString};
use qoscope_sim::generator::MeetingSpec;
use qoscope_sim::scenario;
use qoscope_sim::server::{self, RunningSimulator, SimConfig, SimMeeting};
use qoscope_zoom::{CredentialSource, Endpoints};
use tokio::sync::OnceCell;

/// The demo profile's name. It cannot clash with a stored profile: profile names may not hold
/// parentheses.
pub const DEMO_PROFILE: &str = "Demo (simulated Zoom)";

/// The recurring meeting's number (three instances, a week apart).
pub const RECURRING_MEETING_NUMBER: u64 = 91_234_567_890;
/// A one-off meeting of the demo's person to find (Aiko Tanaka, weak Wi-Fi).
pub const PROJECT_SYNC_MEETING_NUMBER: u64 = 94_400_100_222;
/// The meeting still in progress (fetch it with "live").
pub const LIVE_MEETING_NUMBER: u64 = 92_555_000_111;

/// Whether `profile` names the demo profile.
pub fn is_demo(profile: &str) -> bool {
    profile == DEMO_PROFILE
}

/// The simulator behind the demo profile, started on first use and kept for the app's life.
#[derive(Default)]
pub struct DemoZoom {
    simulator: OnceCell<RunningSimulator>,
}

fn at(day: DateTime<Utc>, days_ago: i64, hour: u32) -> DateTime<Utc> {
    let date = (day - Duration::days(days_ago)).date_naive();
    Utc.from_utc_datetime(&date.and_hms_opt(hour, 0, 0).unwrap_or_default())
}

fn with(mut spec: MeetingSpec, start: DateTime<Utc>, uuid: &str, seed: u64) -> MeetingSpec {
    spec.start = start;
    spec.uuid = uuid.to_owned();
    spec.seed = seed;
    spec
}

/// The demo profile's meetings, dated relative to `now`.
pub fn demo_meetings(now: DateTime<Utc>) -> Vec<SimMeeting> {
    // The demo story as shipped (same seed, same people and episodes), held yesterday.
    let mut demo = scenario::demo();
    demo.start = at(now, 1, 10);
    let mut meetings = vec![SimMeeting::past(demo.generate())];
    for (week, uuid) in
        ["4444AAAiAAAAAiAiAiiAii==", "5555BBBiBBBBBiBiBiiBii==", "6666CCCiCCCCCiCiCiiCii=="].iter().enumerate()
    {
        let mut spec = scenario::small();
        spec.meeting_number = RECURRING_MEETING_NUMBER;
        spec.topic = "Weekly escalation call".to_owned();
        let aiko = scenario::aiko(spec.minutes, (week < 2).then_some((8 + 4 * week as u32, 14 + 4 * week as u32)));
        spec.people.push(match week {
            0 => aiko.with_feedback(false, "Audio kept breaking up again."),
            _ => aiko,
        });
        let spec = with(spec, at(now, 2 + 7 * week as i64, 14), uuid, 3 + week as u64);
        meetings.push(SimMeeting::past(spec.generate()));
    }
    let mut large = scenario::large(300, 1);
    large.start = at(now, 3, 9);
    let aiko = scenario::aiko(large.minutes, None).with_feedback(true, "");
    large.people.push(aiko);
    meetings.push(SimMeeting::past(large.generate()));
    let mut sync = scenario::small();
    sync.meeting_number = PROJECT_SYNC_MEETING_NUMBER;
    sync.topic = "Project sync".to_owned();
    sync.people.push(scenario::aiko(sync.minutes, Some((5, 12))));
    let sync = with(sync, at(now, 5, 16), "8888EEEiEEEEEiEiEiiEii==", 11);
    meetings.push(SimMeeting::past(sync.generate()));
    let mut live = scenario::small();
    live.meeting_number = LIVE_MEETING_NUMBER;
    live.topic = "Help desk stand-up (in progress)".to_owned();
    let started = now.with_second(0).unwrap_or(now).with_nanosecond(0).unwrap_or(now) - Duration::minutes(20);
    let live = with(live, started, "7777DDDiDDDDDiDiDiiDii==", 9);
    meetings.push(SimMeeting { generated: live.generate(), webinar: false, live: true });
    meetings
}

impl DemoZoom {
    pub fn new() -> DemoZoom {
        DemoZoom::default()
    }

    /// Starts the simulator if it is not running yet (needs a Tokio runtime) and returns where it
    /// listens and the credentials it accepts.
    pub async fn connection(&self) -> Result<(Endpoints, CredentialSource), ApiError> {
        let sim = self
            .simulator
            .get_or_try_init(|| async { server::start(SimConfig::default(), demo_meetings(Utc::now())).await })
            .await
            .map_err(|e| {
                ApiError::new(
                    ErrorCode::Internal,
                    format!("The demo's simulated Zoom could not start on 127.0.0.1: {e}"),
                )
            })?;
        let endpoints = Endpoints::new(&sim.api_base(), &sim.token_url())?;
        let config = SimConfig::default();
        let credentials = Credentials {
            account_id: config.account_id,
            client_id: config.client_id,
            client_secret: SecretString::new(config.client_secret),
        };
        Ok((endpoints, CredentialSource::OAuth(credentials)))
    }

    /// Whether the simulator has been started.
    pub fn is_running(&self) -> bool {
        self.simulator.initialized()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use qoscope_zoom::{listing, CallContext, CancelFlag, ClientConfig, MeetingRef, Product, ZoomClient};

    #[tokio::test]
    async fn the_demo_profile_serves_past_recurring_large_and_live_meetings_over_http() {
        let demo = DemoZoom::new();
        assert!(!demo.is_running());
        let (endpoints, credentials) = demo.connection().await.unwrap();
        assert!(endpoints.api_base.starts_with("http://127.0.0.1:"), "{}", endpoints.api_base);
        let again = demo.connection().await.unwrap().0;
        assert_eq!(again.api_base, endpoints.api_base, "one simulator for the app's life");
        let client = ZoomClient::new(ClientConfig::with_endpoints(endpoints), credentials).unwrap();
        let ctx = CallContext::new(CancelFlag::new());
        let today = Utc::now().date_naive();
        let list = listing::list_past_meetings(&client, Product::Meeting, today - Duration::days(30), today, &ctx)
            .await
            .unwrap();
        assert_eq!(list.len(), 6, "demo, three instances, all-hands, project sync: {list:?}");
        let instances = listing::list_instances(
            &client,
            &MeetingRef::parse(&RECURRING_MEETING_NUMBER.to_string()).unwrap(),
            Product::Meeting,
            &ctx,
        )
        .await
        .unwrap();
        assert_eq!(instances.len(), 3);
        assert!(instances[0].start_time > instances[1].start_time, "newest first");
    }

    #[tokio::test]
    async fn the_demo_has_a_person_to_find_in_six_meetings() {
        let demo = DemoZoom::new();
        let (endpoints, credentials) = demo.connection().await.unwrap();
        let client = ZoomClient::new(ClientConfig::with_endpoints(endpoints), credentials).unwrap();
        let today = Utc::now().date_naive();
        let input = crate::person::PersonSearchInput {
            profile: DEMO_PROFILE.into(),
            person: "aiko.tanaka@example.com".into(),
            from: (today - Duration::days(30)).to_string(),
            to: today.to_string(),
            at: Some("10:15".into()),
            utc_offset_minutes: 0,
        };
        let found = crate::person::search_person(&client, &input, &CancelFlag::new()).await.unwrap();
        assert_eq!(found.meetings.len(), 6, "{found:?}");
        assert_eq!(found.meetings[0].meeting.topic.as_deref(), Some("Weekly IT service review"));
        assert!(found.meetings[0].at_time && !found.meetings[1].at_time);
        let nobody = crate::person::PersonSearchInput { person: "nobody@example.com".into(), ..input };
        let err = crate::person::search_person(&client, &nobody, &CancelFlag::new()).await.unwrap_err();
        assert!(err.message.contains("nobody@example.com"), "{err:?}");
    }
}
