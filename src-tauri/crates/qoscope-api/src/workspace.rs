//! The investigation that is open in the app: a snapshot and the meeting derived from it.

use crate::dto::{MeetingOverview, ParticipantTimeline};
use crate::error::ApiError;
use crate::views;
use qoscope_model::Meeting;
use qoscope_snapshot::Snapshot;
use std::path::Path;

pub struct Workspace {
    snapshot: Snapshot,
    meeting: Meeting,
}

impl Workspace {
    pub fn from_snapshot(snapshot: Snapshot) -> Result<Workspace, ApiError> {
        let meeting = snapshot.meeting()?;
        Ok(Workspace { snapshot, meeting })
    }

    /// The built-in demo meeting.
    pub fn demo() -> Result<Workspace, ApiError> {
        Workspace::from_snapshot(qoscope_sim::demo_snapshot()?)
    }

    pub fn open_file(path: &Path) -> Result<Workspace, ApiError> {
        Workspace::from_snapshot(Snapshot::load(path)?)
    }

    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    pub fn meeting(&self) -> &Meeting {
        &self.meeting
    }

    pub fn overview(&self) -> MeetingOverview {
        views::overview(&self.snapshot, &self.meeting)
    }

    pub fn timeline(&self, user_id: &str) -> Result<ParticipantTimeline, ApiError> {
        views::timeline(&self.meeting, user_id)
    }
}
