//! Zoom's verdict beside QoScope's: per join and medium (audio, video, screen share), QoScope's
//! own verdict on Zoom's scale, and whether the two disagree. The one definition every screen,
//! report and CLI output shows, so they cannot drift apart.
//!
//! **QoScope's verdict** for a medium looks at every stream of it (client `*_input`/`*_output`,
//! `*_device_{from,to}_rwg`, `*_device_{from,to}_crc`: both directions) and, minute by minute, at
//! the worst *symptom* grade ([`MinuteGrade::symptom_grade`]: latency, jitter, loss; bitrate,
//! resolution and frame rate follow the content and never lower it):
//! * **poor** when at least [`VERDICT_MINUTES`] minutes were Poor;
//! * **fair** when at least [`VERDICT_MINUTES`] minutes were Warning or worse;
//! * **good** otherwise; no verdict when the medium has no graded minute.
//!
//! One bad minute is a spike, not a verdict (the same reason an episode needs a steady core).
//!
//! **Disagreement:** one side says good and the other poor or bad — two levels apart on
//! good < fair < poor < bad. Fair against anything is an opinion, not a contradiction.

use crate::grade::{JoinGrades, MeetingGrades, MinuteGrade};
use crate::thresholds::Grade;
use qoscope_model::metric::Media;
use qoscope_model::{Join, Meeting, ZoomGrade};
use serde::{Deserialize, Serialize};

/// Degraded minutes a medium needs before QoScope's verdict drops below good.
pub const VERDICT_MINUTES: usize = 2;

/// The media Zoom gives a verdict on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerdictMedium {
    Audio,
    Video,
    ScreenShare,
}

impl VerdictMedium {
    pub const ALL: [VerdictMedium; 3] = [VerdictMedium::Audio, VerdictMedium::Video, VerdictMedium::ScreenShare];

    pub fn media(self) -> Media {
        match self {
            VerdictMedium::Audio => Media::Audio,
            VerdictMedium::Video => Media::Video,
            VerdictMedium::ScreenShare => Media::ScreenShare,
        }
    }

    /// For people: "audio", "video", "screen share".
    pub fn label(self) -> &'static str {
        match self {
            VerdictMedium::Audio => "audio",
            VerdictMedium::Video => "video",
            VerdictMedium::ScreenShare => "screen share",
        }
    }
}

/// Zoom's and QoScope's verdict on one medium of one join.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediumVerdict {
    pub medium: VerdictMedium,
    /// Zoom's `*_quality` word (`None`: Zoom gave none).
    pub zoom: Option<ZoomGrade>,
    /// QoScope's verdict on Zoom's scale (never `Bad`; `None`: no graded minute).
    pub qoscope: Option<ZoomGrade>,
}

impl MediumVerdict {
    /// Whether Zoom and QoScope contradict each other (see the module docs).
    pub fn disagree(&self) -> bool {
        disagree(self.zoom, self.qoscope)
    }

    /// "Zoom: good · QoScope: poor ≠" (the mark only when they disagree).
    pub fn text(&self) -> String {
        let zoom = self.zoom.map_or("not rated", ZoomGrade::key);
        let ours = self.qoscope.map_or("no data", ZoomGrade::key);
        let mark = if self.disagree() { " ≠" } else { "" };
        format!("Zoom: {zoom} · QoScope: {ours}{mark}")
    }
}

/// Both verdicts on every medium of one join.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinVerdict {
    pub join_index: usize,
    /// In [`VerdictMedium::ALL`] order.
    pub media: [MediumVerdict; 3],
}

impl JoinVerdict {
    pub fn medium(&self, medium: VerdictMedium) -> &MediumVerdict {
        &self.media[medium as usize]
    }

    /// The media on which Zoom and QoScope disagree.
    pub fn disagreements(&self) -> impl Iterator<Item = &MediumVerdict> {
        self.media.iter().filter(|m| m.disagree())
    }

    /// "audio: Zoom: good · QoScope: poor ≠; video: …" over the disagreeing media.
    pub fn disagreement_text(&self) -> String {
        self.disagreements().map(|m| format!("{}: {}", m.medium.label(), m.text())).collect::<Vec<_>>().join("; ")
    }
}

/// Whether two verdicts contradict each other: one good, the other poor or bad.
pub fn disagree(a: Option<ZoomGrade>, b: Option<ZoomGrade>) -> bool {
    use ZoomGrade::*;
    matches!((a, b), (Some(Good), Some(Poor | Bad)) | (Some(Poor | Bad), Some(Good)))
}

/// QoScope's verdict on one medium of a join (see the module docs).
pub fn qoscope_verdict(grades: &JoinGrades, media: Media) -> Option<ZoomGrade> {
    let streams: Vec<&[MinuteGrade]> =
        grades.streams.iter().filter(|s| s.stream.media() == media).map(|s| s.minutes.as_slice()).collect();
    let minutes = streams.iter().map(|m| m.len()).max().unwrap_or(0);
    let mut has_data = false;
    let (mut poor, mut degraded) = (0, 0);
    for i in 0..minutes {
        let worst = streams.iter().filter_map(|m| m.get(i)).map(MinuteGrade::symptom_grade).max();
        match worst.unwrap_or(Grade::NoData) {
            Grade::NoData => continue,
            Grade::Good => {}
            Grade::Warning => degraded += 1,
            Grade::Poor => {
                poor += 1;
                degraded += 1;
            }
        }
        has_data = true;
    }
    let verdict = if poor >= VERDICT_MINUTES {
        ZoomGrade::Poor
    } else if degraded >= VERDICT_MINUTES {
        ZoomGrade::Fair
    } else {
        ZoomGrade::Good
    };
    has_data.then_some(verdict)
}

/// Zoom's and QoScope's verdicts on every medium of one join.
pub fn join_verdict(join: &Join, grades: &JoinGrades) -> JoinVerdict {
    let zoom = join.zoom_quality;
    let media = VerdictMedium::ALL.map(|medium| MediumVerdict {
        medium,
        zoom: match medium {
            VerdictMedium::Audio => zoom.audio,
            VerdictMedium::Video => zoom.video,
            VerdictMedium::ScreenShare => zoom.screen_share,
        },
        qoscope: qoscope_verdict(grades, medium.media()),
    });
    JoinVerdict { join_index: grades.join_index, media }
}

/// The verdicts of every graded join, in the order of `grades.joins`.
pub fn meeting_verdicts(meeting: &Meeting, grades: &MeetingGrades) -> Vec<JoinVerdict> {
    grades.joins.iter().filter_map(|g| Some(join_verdict(meeting.joins.get(g.join_index)?, g))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::grade_meeting;
    use crate::testutil::*;
    use crate::thresholds::Thresholds;
    use qoscope_model::{Metric, Stream, ZoomQuality};
    use ZoomGrade::*;

    /// One join whose `stream` carries `metric` = each value, one minute apiece.
    fn verdict_of(stream: Stream, metric: Metric, values: &[f64]) -> Option<ZoomGrade> {
        let samples = values.iter().enumerate().map(|(m, &v)| sample(m as i64, &[(stream, metric, v)])).collect();
        let m = meeting(vec![join("1", samples)]);
        let g = grade_meeting(&m, &Thresholds::default());
        qoscope_verdict(&g.joins[0], stream.media())
    }

    #[test]
    fn two_poor_symptom_minutes_make_poor_one_is_a_spike() {
        // Sent audio loss: > 3 % warning, > 10 % poor.
        assert_eq!(verdict_of(Stream::AudioInput, Metric::AvgLoss, &[0.0, 12.0, 0.0, 12.0, 0.0]), Some(Poor));
        assert_eq!(verdict_of(Stream::AudioInput, Metric::AvgLoss, &[0.0, 12.0, 0.0, 0.0]), Some(Good));
        assert_eq!(verdict_of(Stream::AudioInput, Metric::AvgLoss, &[0.0, 12.0, 5.0, 0.0]), Some(Fair));
        assert_eq!(verdict_of(Stream::AudioInput, Metric::AvgLoss, &[5.0, 5.0, 5.0]), Some(Fair));
        assert_eq!(verdict_of(Stream::AudioInput, Metric::AvgLoss, &[0.0, 3.0, 0.0]), Some(Good));
    }

    #[test]
    fn every_stream_family_and_direction_counts() {
        for stream in [Stream::AudioDeviceToRwg, Stream::AudioDeviceFromCrc, Stream::AudioOutput] {
            assert_eq!(verdict_of(stream, Metric::AvgLoss, &[12.0, 12.0]), Some(Poor), "{stream}");
        }
        assert_eq!(verdict_of(Stream::VideoDeviceFromRwg, Metric::Jitter, &[80.0, 80.0]), Some(Poor));
        assert_eq!(verdict_of(Stream::AsDeviceToCrc, Metric::AvgLoss, &[12.0, 12.0]), Some(Poor));
    }

    #[test]
    fn content_metrics_alone_never_lower_the_verdict() {
        // Received video at 3 fps is a Poor grade, but frame rate follows layout and content.
        assert_eq!(verdict_of(Stream::VideoOutput, Metric::FrameRate, &[3.0, 3.0, 3.0]), Some(Good));
    }

    #[test]
    fn a_medium_without_graded_minutes_has_no_verdict() {
        let m = meeting(vec![loss_join("phone", &[Some(0.0), Some(0.0)])]);
        let g = grade_meeting(&m, &Thresholds::default());
        assert_eq!(qoscope_verdict(&g.joins[0], Media::Video), None);
        assert_eq!(qoscope_verdict(&g.joins[0], Media::Audio), Some(Good));
    }

    #[test]
    fn disagreement_is_good_against_poor_or_bad() {
        let all = [None, Some(Good), Some(Fair), Some(Poor), Some(Bad)];
        for a in all {
            for b in all {
                let expected = matches!(
                    (a, b),
                    (Some(Good), Some(Poor))
                        | (Some(Good), Some(Bad))
                        | (Some(Poor), Some(Good))
                        | (Some(Bad), Some(Good))
                );
                assert_eq!(disagree(a, b), expected, "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn a_join_carries_zooms_words_beside_ours_and_marks_the_contradiction() {
        let mut lena = loss_join("lena", &[Some(12.0), Some(12.0), Some(0.0)]);
        lena.zoom_quality = ZoomQuality { audio: Some(Good), video: Some(Poor), screen_share: None };
        let m = meeting(vec![lena]);
        let g = grade_meeting(&m, &Thresholds::default());
        let v = &meeting_verdicts(&m, &g)[0];
        let audio = v.medium(VerdictMedium::Audio);
        assert_eq!((audio.zoom, audio.qoscope), (Some(Good), Some(Poor)));
        assert!(audio.disagree());
        assert_eq!(audio.text(), "Zoom: good · QoScope: poor ≠");
        let video = v.medium(VerdictMedium::Video);
        assert!(!video.disagree(), "no data on our side is no contradiction");
        assert_eq!(video.text(), "Zoom: poor · QoScope: no data");
        assert_eq!(v.medium(VerdictMedium::ScreenShare).text(), "Zoom: not rated · QoScope: no data");
        assert_eq!(v.disagreement_text(), "audio: Zoom: good · QoScope: poor ≠");
    }
}
