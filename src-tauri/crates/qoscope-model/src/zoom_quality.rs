//! Zoom's own per-join quality verdicts from the participants list (`audio_quality`,
//! `video_quality`, `screen_share_quality`: good | fair | poor | bad, only when the account
//! enables quality scores).
//!
//! Kept apart from [`crate::meeting`] because it is a closed vocabulary, not free text: a value
//! outside it (a typo, a new word, junk) is *no verdict*, never an arbitrary Zoom string that
//! could reach a screen or a report.

use crate::lenient::RawScalar;
use crate::raw::ParticipantListEntry;
use serde::{Deserialize, Serialize};

/// One of Zoom's quality words, best to worst (the order compares them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ZoomGrade {
    Good,
    Fair,
    Poor,
    Bad,
}

impl ZoomGrade {
    pub const ALL: [ZoomGrade; 4] = [ZoomGrade::Good, ZoomGrade::Fair, ZoomGrade::Poor, ZoomGrade::Bad];

    /// The word as Zoom writes it (also the `summary --json` value).
    pub fn key(self) -> &'static str {
        match self {
            ZoomGrade::Good => "good",
            ZoomGrade::Fair => "fair",
            ZoomGrade::Poor => "poor",
            ZoomGrade::Bad => "bad",
        }
    }

    /// Reads Zoom's word case-insensitively (surrounding spaces ignored); anything else is `None`.
    pub fn parse(text: &str) -> Option<ZoomGrade> {
        let text = text.trim();
        ZoomGrade::ALL.into_iter().find(|g| g.key().eq_ignore_ascii_case(text))
    }

    /// Reads a raw field: only a string holding one of the four words is a verdict.
    pub fn from_raw(v: &Option<RawScalar>) -> Option<ZoomGrade> {
        match v {
            Some(RawScalar::Str(s)) => ZoomGrade::parse(s),
            _ => None,
        }
    }
}

/// Zoom's verdicts for one join, per medium (`None`: not reported or not one of Zoom's words).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoomQuality {
    pub audio: Option<ZoomGrade>,
    pub video: Option<ZoomGrade>,
    pub screen_share: Option<ZoomGrade>,
}

impl ZoomQuality {
    /// Takes the verdicts of a participants-list entry; a medium the entry does not rate keeps
    /// what an earlier entry of the same join said.
    pub fn update(&mut self, e: &ParticipantListEntry) {
        self.audio = ZoomGrade::from_raw(&e.audio_quality).or(self.audio);
        self.video = ZoomGrade::from_raw(&e.video_quality).or(self.video);
        self.screen_share = ZoomGrade::from_raw(&e.screen_share_quality).or(self.screen_share);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::{Meeting, RawMeeting};
    use crate::raw::{ParticipantsPage, QosPage};

    #[test]
    fn zoom_words_parse_case_insensitively_and_nothing_else_does() {
        assert_eq!(ZoomGrade::parse("good"), Some(ZoomGrade::Good));
        assert_eq!(ZoomGrade::parse(" FAIR "), Some(ZoomGrade::Fair));
        assert_eq!(ZoomGrade::parse("Poor"), Some(ZoomGrade::Poor));
        assert_eq!(ZoomGrade::parse("bAd"), Some(ZoomGrade::Bad));
        for junk in ["", "excellent", "good<script>", "goodish", "\u{202e}good", "g o o d"] {
            assert_eq!(ZoomGrade::parse(junk), None, "{junk:?}");
        }
        assert_eq!(ZoomGrade::from_raw(&Some(RawScalar::Int(1))), None);
        assert_eq!(ZoomGrade::from_raw(&Some(RawScalar::Invalid)), None);
    }

    #[test]
    fn the_participants_list_gives_each_join_zooms_verdicts() {
        let qos: QosPage = serde_json::from_str(
            r#"{"participants":[
                {"user_id":"1","user_name":"A","user_qos":[]},
                {"user_id":"2","user_name":"B","user_qos":[]}
            ]}"#,
        )
        .unwrap();
        let list: ParticipantsPage = serde_json::from_str(
            r#"{"participants":[
                {"user_id":"1","audio_quality":"Good","video_quality":"poor","screen_share_quality":""},
                {"user_id":"2","audio_quality":"splendid","video_quality":{"x":1},"screen_share_quality":"BAD"}
            ]}"#,
        )
        .unwrap();
        let m = Meeting::derive(&RawMeeting {
            qos_pages: vec![&qos],
            participant_pages: vec![&list],
            ..Default::default()
        });
        let q = |uid: &str| m.join(uid).unwrap().zoom_quality;
        assert_eq!(
            q("1"),
            ZoomQuality { audio: Some(ZoomGrade::Good), video: Some(ZoomGrade::Poor), screen_share: None }
        );
        assert_eq!(q("2"), ZoomQuality { audio: None, video: None, screen_share: Some(ZoomGrade::Bad) });
        assert!(m.issues.is_empty(), "an unknown word is no verdict, not a data issue: {:?}", m.issues);
    }
}
