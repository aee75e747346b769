//! The one scope table: for every kind of call QoScope makes, the classic scope and the granular
//! ones that allow it. A 4700 answer without a list names its call's scopes from here, and
//! "Test connection" checks a token's granted scopes against the whole table.

/// The classic scope that covers every Dashboard meeting call.
pub const SCOPE_DASHBOARD_MEETINGS: &str = "dashboard_meetings:read:admin";
/// The classic scope for the webinar Dashboard calls.
pub const SCOPE_DASHBOARD_WEBINARS: &str = "dashboard_webinars:read:admin";
/// Granular scope: the QoS list.
pub const SCOPE_LIST_PARTICIPANTS_QOS: &str = "dashboard:read:list_meeting_participants_qos:admin";
/// Granular scope: one participant's QoS (`/participants/{participantId}/qos`, every default fetch).
pub const SCOPE_PARTICIPANT_QOS: &str = "dashboard:read:meeting_participant_qos:admin";
/// Granular scope: the participants list.
pub const SCOPE_LIST_PARTICIPANTS: &str = "dashboard:read:list_meeting_participants:admin";
/// Granular scope: list meetings.
pub const SCOPE_LIST_MEETINGS: &str = "dashboard:read:list_meetings:admin";
/// Granular scope: meeting details.
pub const SCOPE_MEETING: &str = "dashboard:read:meeting:admin";
/// Granular scope: who shared their screen when.
pub const SCOPE_MEETING_SHARING: &str = "dashboard:read:meeting_sharing:admin";
/// Past meeting instances.
pub const SCOPE_MEETING_READ: &str = "meeting:read:admin";
/// Classic scope of the report API (`/report/users/{userId}/meetings`; Pro plan or higher).
pub const SCOPE_REPORT: &str = "report:read:admin";
/// Granular scope of a user's meetings report.
pub const SCOPE_REPORT_USER: &str = "report:read:user:admin";

/// Which kind of call; each has one row in [`SCOPE_TABLE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScopeNeed {
    /// The QoS list (`/participants/qos`).
    ParticipantsQos,
    /// One participant's QoS (`/participants/{participantId}/qos`).
    ParticipantQos,
    Participants,
    MeetingDetails,
    ListMeetings,
    Instances,
    Webinar,
    /// A person's meetings (the report API).
    UserMeetings,
    /// Thumbs up/down and comments (`/participants/satisfaction`).
    Satisfaction,
    /// Screen-sharing periods (`/participants/sharing`).
    Sharing,
}

/// One kind of call and the scopes that allow it: the classic scope, or any of the granular
/// ones (the first is the one to name). An empty `granular` means Zoom documents none.
#[derive(Debug, Clone, Copy)]
pub struct ScopeRequirement {
    pub need: ScopeNeed,
    pub purpose: &'static str,
    pub classic: &'static str,
    pub granular: &'static [&'static str],
}

/// Every call QoScope makes and what it needs.
pub const SCOPE_TABLE: &[ScopeRequirement] = &[
    ScopeRequirement {
        need: ScopeNeed::ParticipantsQos,
        purpose: "the QoS list",
        classic: SCOPE_DASHBOARD_MEETINGS,
        granular: &[SCOPE_LIST_PARTICIPANTS_QOS],
    },
    ScopeRequirement {
        need: ScopeNeed::ParticipantQos,
        purpose: "one participant's QoS",
        classic: SCOPE_DASHBOARD_MEETINGS,
        granular: &[SCOPE_PARTICIPANT_QOS],
    },
    ScopeRequirement {
        need: ScopeNeed::Participants,
        purpose: "the participant list",
        classic: SCOPE_DASHBOARD_MEETINGS,
        granular: &[SCOPE_LIST_PARTICIPANTS],
    },
    ScopeRequirement {
        need: ScopeNeed::MeetingDetails,
        purpose: "meeting details",
        classic: SCOPE_DASHBOARD_MEETINGS,
        granular: &[SCOPE_MEETING],
    },
    ScopeRequirement {
        need: ScopeNeed::ListMeetings,
        purpose: "searching past meetings",
        classic: SCOPE_DASHBOARD_MEETINGS,
        granular: &[SCOPE_LIST_MEETINGS],
    },
    ScopeRequirement {
        need: ScopeNeed::Instances,
        purpose: "recurring meetings' past instances",
        classic: SCOPE_MEETING_READ,
        granular: &["meeting:read:list_past_instances:admin", "meeting:read:past_meeting:admin"],
    },
    ScopeRequirement {
        need: ScopeNeed::UserMeetings,
        purpose: "finding a person's meetings (report API, Pro plan or higher)",
        classic: SCOPE_REPORT,
        granular: &[SCOPE_REPORT_USER],
    },
    ScopeRequirement {
        need: ScopeNeed::Sharing,
        purpose: "who shared their screen when",
        classic: SCOPE_DASHBOARD_MEETINGS,
        granular: &[SCOPE_MEETING_SHARING],
    },
    ScopeRequirement {
        need: ScopeNeed::Satisfaction,
        purpose: "participants' feedback (thumbs up/down)",
        classic: SCOPE_DASHBOARD_MEETINGS,
        granular: &[],
    },
    ScopeRequirement {
        need: ScopeNeed::Webinar,
        purpose: "webinars",
        classic: SCOPE_DASHBOARD_WEBINARS,
        granular: &["dashboard:read:list_webinar_participants_qos:admin"],
    },
];

/// The row of `need`.
pub fn requirement(need: ScopeNeed) -> &'static ScopeRequirement {
    SCOPE_TABLE.iter().find(|r| r.need == need).expect("every ScopeNeed has a row in SCOPE_TABLE")
}

impl ScopeNeed {
    /// The scopes that allow this call: the classic one, then the granular ones.
    pub fn scopes(self) -> Vec<String> {
        let row = requirement(self);
        std::iter::once(row.classic).chain(row.granular.iter().copied()).map(str::to_owned).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_call_kind_has_exactly_one_row() {
        let all = [
            ScopeNeed::ParticipantsQos,
            ScopeNeed::ParticipantQos,
            ScopeNeed::Participants,
            ScopeNeed::MeetingDetails,
            ScopeNeed::ListMeetings,
            ScopeNeed::Instances,
            ScopeNeed::Webinar,
            ScopeNeed::UserMeetings,
            ScopeNeed::Satisfaction,
            ScopeNeed::Sharing,
        ];
        for need in all {
            assert_eq!(SCOPE_TABLE.iter().filter(|r| r.need == need).count(), 1, "{need:?}");
        }
        assert_eq!(SCOPE_TABLE.len(), all.len());
    }

    #[test]
    fn one_participants_qos_names_its_own_granular_scope() {
        assert_eq!(ScopeNeed::ParticipantQos.scopes(), [SCOPE_DASHBOARD_MEETINGS, SCOPE_PARTICIPANT_QOS]);
        assert_eq!(ScopeNeed::UserMeetings.scopes(), [SCOPE_REPORT, SCOPE_REPORT_USER]);
    }
}
