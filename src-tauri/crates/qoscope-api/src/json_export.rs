//! The JSON export (`qoscope export --format json`): the meeting overview and every join's
//! timeline, as the UI receives them. With redaction the DTOs are built from the meeting that
//! `qoscope_report::redaction` has masked, the same single pass the PDF and charts use, so no
//! field can be forgotten here.

use crate::dto::{MeetingOverview, ParticipantTimeline};
use crate::error::ApiError;
use crate::views;
use crate::workspace::Workspace;
use qoscope_report::redaction::{redact_meeting, scrub_text};
use serde::Serialize;

/// The document's `format` field.
pub const JSON_FORMAT: &str = "qoscope-export";
/// The document's `version` field (additions such as `redacted` keep it).
pub const JSON_VERSION: u32 = 1;

/// The JSON export document.
#[derive(Debug, Clone, Serialize)]
pub struct JsonExport {
    pub format: &'static str,
    pub version: u32,
    /// Present (and `true`) only in a redacted export; the unredacted document is unchanged.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub redacted: bool,
    pub meeting: MeetingOverview,
    pub timelines: Vec<ParticipantTimeline>,
}

/// The export of the open meeting; `redact` masks personal data as the PDF does.
pub fn json_export(workspace: &Workspace, redact: bool) -> Result<JsonExport, ApiError> {
    let redacted;
    let meeting = if redact {
        redacted = redact_meeting(workspace.meeting());
        &redacted
    } else {
        workspace.meeting()
    };
    let mut episodes = workspace.quality_map().episodes;
    if redact {
        // The marks were named from the unredacted meeting: name them from the masked one.
        for e in &mut episodes {
            if let Some(j) = meeting.joins.iter().find(|j| j.user_id == e.user_id) {
                e.display_name = views::display_name(meeting, j);
            }
        }
    }
    let timelines = meeting
        .joins
        .iter()
        .map(|j| views::timeline(meeting, workspace.thresholds(), &episodes, &j.user_id))
        .collect::<Result<Vec<_>, _>>()?;
    let mut overview = views::overview(workspace.snapshot_info(), meeting);
    if redact {
        // The title may fall back to the request the snapshot was fetched with (a join link).
        overview.title = scrub_text(&overview.title);
    }
    Ok(JsonExport { format: JSON_FORMAT, version: JSON_VERSION, redacted: redact, meeting: overview, timelines })
}

#[cfg(test)]
mod tests {
    use super::*;
    use qoscope_model::Join;

    fn leaky_workspace() -> Workspace {
        // Lena's devices (from the participants list) named after her PC and herself.
        let original = qoscope_sim::demo_snapshot().unwrap().to_json();
        let devices = r#""microphone":"Built-in Microphone","speaker":"Built-in Speakers","camera":"FaceTime HD Camera","email":"lena.fischer@example.com""#;
        let leaky = r#""microphone":"Headset (LENA-MAC)","speaker":"Built-in Speakers","camera":"Lena Fischer's Webcam","email":"lena.fischer@example.com""#;
        let text = original.replacen(devices, leaky, 1);
        assert_ne!(text, original, "the demo's device names were found");
        Workspace::from_snapshot(qoscope_snapshot::Snapshot::from_json(&text).unwrap()).unwrap()
    }

    fn lena(workspace: &Workspace) -> &Join {
        workspace.meeting().joins.iter().find(|j| j.user_name == "Lena Fischer").unwrap()
    }

    #[test]
    fn without_redaction_the_document_is_the_overview_and_timelines_as_before() {
        let workspace = Workspace::demo().unwrap();
        let doc = serde_json::to_value(json_export(&workspace, false).unwrap()).unwrap();
        let keys: Vec<&str> = doc.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["format", "version", "meeting", "timelines"], "no `redacted` key");
        assert_eq!(doc["meeting"], serde_json::to_value(workspace.overview()).unwrap());
        let lena = lena(&workspace);
        let timeline = workspace.timeline(&lena.user_id).unwrap();
        assert!(doc["timelines"].as_array().unwrap().contains(&serde_json::to_value(timeline).unwrap()));
    }

    #[test]
    fn redaction_masks_every_identifier_and_device_name_in_the_json() {
        let workspace = leaky_workspace();
        let lena = lena(&workspace).clone();
        let plain = serde_json::to_string(&json_export(&workspace, false).unwrap()).unwrap();
        assert!(plain.contains("Headset (LENA-MAC)"), "the crafted device name is in the data");
        let redacted = serde_json::to_string(&json_export(&workspace, true).unwrap()).unwrap();
        let mut leaks = vec!["LENA-MAC".to_owned(), "Fischer's Webcam".to_owned()];
        leaks.extend(lena.ip_address.clone());
        leaks.extend(lena.location.clone());
        leaks.extend(lena.internal_ip_addresses.clone());
        for leak in &leaks {
            assert!(plain.contains(leak.as_str()), "{leak} is in the unredacted export");
            let at = redacted.find(leak.as_str()).map(|i| &redacted[i.saturating_sub(200)..i + 50]);
            assert!(at.is_none(), "{leak} leaks into the redacted export: {at:?}");
        }
        assert!(redacted.contains("Headset ([redacted])") && redacted.contains("\"redacted\":true"));
        assert!(redacted.contains("Lena Fischer"), "names stay");
    }

    #[test]
    fn an_address_in_a_name_does_not_leak_through_the_episode_marks() {
        let text = qoscope_sim::demo_snapshot()
            .unwrap()
            .to_json()
            .replace("\"user_name\":\"Lena Fischer\"", "\"user_name\":\"Lena lena.private@example.org\"");
        let workspace = Workspace::from_snapshot(qoscope_snapshot::Snapshot::from_json(&text).unwrap()).unwrap();
        let plain = serde_json::to_string(&json_export(&workspace, false).unwrap()).unwrap();
        assert!(plain.contains("lena.private@example.org"));
        let redacted = serde_json::to_string(&json_export(&workspace, true).unwrap()).unwrap();
        let at = redacted.find("lena.private@example.org").map(|i| &redacted[i.saturating_sub(120)..i + 30]);
        assert!(at.is_none(), "the address leaks: {at:?}");
    }
}
