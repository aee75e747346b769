//! Zoom's verdict beside QoScope's in the PDF: per medium in a participant's facts, and one line
//! per join where the two contradict each other. The rule and the wording are
//! [`qoscope_diagnosis::zoom_verdict`]'s, so the report says what the screen and the CLI say.

use crate::context::ExportContext;
use qoscope_diagnosis::zoom_verdict::{join_verdict, meeting_verdicts, JoinVerdict, VerdictMedium};
use qoscope_model::Join;

/// The verdicts of one join (`None` when it has no grades).
fn verdict_of(ctx: &ExportContext, join: &Join) -> Option<JoinVerdict> {
    let index = ctx.meeting.joins.iter().position(|j| j.user_id == join.user_id)?;
    Some(join_verdict(join, ctx.analysis.grades.join(index)?))
}

/// Fact rows "Audio verdict" … "Screen share verdict": "Zoom: good · QoScope: poor ≠".
pub fn fact_rows(ctx: &ExportContext, join: &Join) -> Vec<(String, String)> {
    let Some(v) = verdict_of(ctx, join) else { return Vec::new() };
    VerdictMedium::ALL
        .iter()
        .map(|&m| {
            let label = match m {
                VerdictMedium::Audio => "Audio verdict",
                VerdictMedium::Video => "Video verdict",
                VerdictMedium::ScreenShare => "Screen share verdict",
            };
            (label.to_owned(), v.medium(m).text())
        })
        .collect()
}

/// "Lena Fischer: audio: Zoom: good · QoScope: poor ≠", one per join that has a contradiction.
pub fn disagreement_lines(ctx: &ExportContext) -> Vec<String> {
    meeting_verdicts(&ctx.meeting, &ctx.analysis.grades)
        .iter()
        .filter(|v| v.disagreements().next().is_some())
        .filter_map(|v| {
            let join = ctx.meeting.joins.get(v.join_index)?;
            Some(format!("≠ {}: {}", ctx.display_name(join), v.disagreement_text()))
        })
        .collect()
}
