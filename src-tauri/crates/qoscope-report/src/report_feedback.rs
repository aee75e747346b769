//! "What participants told Zoom" in the PDF: each thumbs-down with its comment and what QoScope
//! found about that person, so a complaint and its cause sit side by side.

use crate::context::{ExportContext, FeedbackNote};
use crate::pages::{Pages, BODY, MUTED, TEXT};
use crate::svg::Weight;
use crate::timefmt;
use qoscope_diagnosis::findings::plain_text;
use qoscope_model::Join;

/// At most this many complaints are written out; the rest are counted.
const MAX_NOTES: usize = 12;
/// Names and comments are cut at these lengths (characters).
const MAX_NAME: usize = 60;
const MAX_COMMENT: usize = 300;

/// The section, when someone rated the meeting badly (about the focus participant only, when
/// the report has one). Nothing is drawn otherwise.
pub(crate) fn feedback_section(ctx: &ExportContext, pages: &mut Pages, focus: Option<&Join>) {
    let notes: Vec<&FeedbackNote> =
        ctx.feedback.iter().filter(|n| focus.is_none_or(|j| n.user_ids.contains(&j.user_id))).collect();
    if notes.is_empty() {
        return;
    }
    pages.heading("What participants told Zoom");
    let tz = ctx.tz();
    for note in notes.iter().take(MAX_NOTES) {
        let name = plain_text(&note.user_name, MAX_NAME);
        let said = match note.comment.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            Some(c) => format!("{name} rated the meeting badly: “{}”", plain_text(c, MAX_COMMENT)),
            None => format!("{name} rated the meeting badly (no comment)."),
        };
        pages.paragraph(&said, BODY, Weight::Bold, TEXT, 0.0);
        let found = if note.found.is_empty() {
            "QoScope found nothing about them in this meeting's data.".to_owned()
        } else {
            let causes: Vec<String> = note
                .found
                .iter()
                .map(|(title, start, end)| {
                    format!(
                        "{} at {}–{}",
                        title.to_lowercase(),
                        timefmt::local_hm(*start, tz),
                        timefmt::local_hm(*end, tz)
                    )
                })
                .collect();
            format!("QoScope found {} ({}).", causes.join(", "), timefmt::zone_label(tz))
        };
        pages.paragraph(&found, BODY, Weight::Normal, MUTED, 12.0);
        pages.gap(4.0);
    }
    if notes.len() > MAX_NOTES {
        let more = notes.len() - MAX_NOTES;
        pages.paragraph(
            &format!("… and {more} more; `qoscope summary --json` lists every answer."),
            BODY,
            Weight::Normal,
            MUTED,
            0.0,
        );
    }
}
