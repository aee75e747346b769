//! What every export needs: the (possibly redacted) meeting, its diagnosis, the time zone
//! times are shown in, and who made the export.

use crate::redaction;
use chrono::{DateTime, FixedOffset, Utc};
use qoscope_diagnosis::{analyze, Analysis, Thresholds};
use qoscope_model::{Join, Meeting};

/// Choices the user makes for one export.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportOptions {
    /// Mask IP addresses, MAC, hard-disk ID, PC name, e-mail and location everywhere.
    pub redact: bool,
    /// The time zone times are shown in, as an offset from UTC (the UTC times are always shown
    /// beside local ones in the PDF header).
    pub utc_offset_seconds: i32,
    /// The app version written into the report ("exported by QoScope x.y.z").
    pub app_version: String,
    /// When the export was made.
    pub exported_at: DateTime<Utc>,
    /// Where the data came from, for the report's notes ("Zoom API, fetched …"); may be empty.
    pub source_note: String,
}

impl ExportOptions {
    /// Options for an export made now, in the machine's local time zone at `at` (usually the
    /// meeting's start, so summer/winter time matches the meeting day).
    pub fn local_now(redact: bool, app_version: &str, at: Option<DateTime<Utc>>) -> ExportOptions {
        let now = Utc::now();
        let reference = at.unwrap_or(now);
        let offset = reference.with_timezone(&chrono::Local).offset().local_minus_utc();
        ExportOptions {
            redact,
            utc_offset_seconds: offset,
            app_version: app_version.to_owned(),
            exported_at: now,
            source_note: String::new(),
        }
    }
}

/// A participant's thumbs-down after the meeting (Zoom's satisfaction survey), with what QoScope
/// found about them — matched by the caller, which holds the snapshot (`qoscope_api::feedback`).
#[derive(Debug, Clone, Default)]
pub struct FeedbackNote {
    /// The person's name (untrusted text: sanitized when drawn).
    pub user_name: String,
    /// Their comment, if any (untrusted text).
    pub comment: Option<String>,
    /// Their joins' `user_id`s (a focused report shows only the focus person's note).
    pub user_ids: Vec<String>,
    /// What QoScope found about them: the finding's title and span.
    pub found: Vec<(String, DateTime<Utc>, DateTime<Utc>)>,
}

/// The data one export is drawn from.
#[derive(Debug, Clone)]
pub struct ExportContext {
    /// The meeting, already redacted when [`ExportOptions::redact`] is set.
    pub meeting: Meeting,
    pub analysis: Analysis,
    pub thresholds: Thresholds,
    pub options: ExportOptions,
    /// Who rated the meeting badly (empty when the snapshot has no feedback).
    pub feedback: Vec<FeedbackNote>,
}

impl ExportContext {
    /// Redacts (when asked) and analyzes the meeting.
    pub fn new(meeting: &Meeting, thresholds: &Thresholds, options: ExportOptions) -> ExportContext {
        let meeting = if options.redact { redaction::redact_meeting(meeting) } else { meeting.clone() };
        let mut analysis = analyze(&meeting, thresholds);
        // The findings' sentences in the export's zone, labelled, UTC in brackets.
        let tz = FixedOffset::east_opt(options.utc_offset_seconds).unwrap_or_else(|| FixedOffset::east_opt(0).unwrap());
        analysis.findings = analysis.findings_in(
            &meeting,
            thresholds,
            &qoscope_diagnosis::Clock::zoned(tz, &crate::timefmt::zone_label(tz)),
        );
        ExportContext { meeting, analysis, thresholds: thresholds.clone(), options, feedback: Vec::new() }
    }

    /// The time zone times are shown in.
    pub fn tz(&self) -> FixedOffset {
        FixedOffset::east_opt(self.options.utc_offset_seconds).unwrap_or_else(|| FixedOffset::east_opt(0).unwrap())
    }

    /// The meeting's title: its topic, or "Meeting <number>".
    pub fn meeting_title(&self) -> String {
        match (&self.meeting.info.topic, &self.meeting.info.meeting_number) {
            (Some(t), _) if !t.trim().is_empty() => t.clone(),
            (_, Some(n)) => format!("Meeting {n}"),
            _ => "Zoom meeting".to_owned(),
        }
    }

    /// Finds a join by `user_id`, or else by exact (then case-insensitive) name.
    pub fn find_join(&self, who: &str) -> Option<&Join> {
        let joins = &self.meeting.joins;
        joins
            .iter()
            .find(|j| j.user_id == who)
            .or_else(|| joins.iter().find(|j| j.user_name == who))
            .or_else(|| joins.iter().find(|j| j.user_name.to_lowercase() == who.to_lowercase()))
    }

    /// The first and last minute the diagnosis covers.
    pub fn time_range(&self) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        self.meeting.time_range()
    }
}

impl ExportContext {
    /// A join's name to print, by the one display-name rule (`qoscope_model::names`):
    /// "Marcus Silva (1/2)" when the person joined more than once.
    pub fn display_name(&self, join: &Join) -> String {
        self.meeting.display_name(join)
    }
}
