//! Zoom's verdict beside QoScope's, as the UI receives it: per medium, Zoom's own word, QoScope's
//! verdict on the same scale and whether they contradict each other. The rule itself lives in
//! [`qoscope_diagnosis::zoom_verdict`]; the UI only shows `disagree`, it never recomputes it.

use qoscope_diagnosis::zoom_verdict::{JoinVerdict, MediumVerdict, VerdictMedium};
use qoscope_model::ZoomGrade;
use serde::Serialize;
use ts_rs::TS;

/// Zoom's quality scale, best to worst (QoScope never says `bad`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum QualityWord {
    Good,
    Fair,
    Poor,
    Bad,
}

impl From<ZoomGrade> for QualityWord {
    fn from(g: ZoomGrade) -> QualityWord {
        match g {
            ZoomGrade::Good => QualityWord::Good,
            ZoomGrade::Fair => QualityWord::Fair,
            ZoomGrade::Poor => QualityWord::Poor,
            ZoomGrade::Bad => QualityWord::Bad,
        }
    }
}

/// Both verdicts on one medium of one join.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, TS)]
pub struct MediumVerdictView {
    /// Zoom's `*_quality` (`null`: Zoom gave none, e.g. quality scores are off for the account).
    pub zoom: Option<QualityWord>,
    /// QoScope's verdict from the minutes' network symptoms (`null`: no graded minute).
    pub qoscope: Option<QualityWord>,
    /// One says good, the other poor or bad.
    pub disagree: bool,
}

/// Both verdicts on every medium of one join.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, TS)]
pub struct ZoomVerdictView {
    pub audio: MediumVerdictView,
    pub video: MediumVerdictView,
    pub screen_share: MediumVerdictView,
}

fn medium_view(m: &MediumVerdict) -> MediumVerdictView {
    MediumVerdictView { zoom: m.zoom.map(Into::into), qoscope: m.qoscope.map(Into::into), disagree: m.disagree() }
}

impl From<&JoinVerdict> for ZoomVerdictView {
    fn from(v: &JoinVerdict) -> ZoomVerdictView {
        ZoomVerdictView {
            audio: medium_view(v.medium(VerdictMedium::Audio)),
            video: medium_view(v.medium(VerdictMedium::Video)),
            screen_share: medium_view(v.medium(VerdictMedium::ScreenShare)),
        }
    }
}
