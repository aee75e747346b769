//! The report's page writer: A4 pages of SVG filled top to bottom, breaking when a block does
//! not fit, with "page n of N" footers. The content lives in [`crate::report`] and
//! [`crate::report_findings`].

use crate::fonts::{ellipsize, wrap};
use crate::palette::paper;
use crate::pdf::{PAGE_HEIGHT, PAGE_WIDTH};
use crate::svg::{svg_size, Anchor, SvgDoc, Weight};

pub(crate) const MARGIN: f32 = 40.0;
pub(crate) const CONTENT_W: f32 = PAGE_WIDTH - 2.0 * MARGIN;
pub(crate) const TOP: f32 = 46.0;
pub(crate) const BOTTOM: f32 = PAGE_HEIGHT - 46.0;
pub(crate) const BODY: f32 = 9.0;
pub(crate) const SMALL: f32 = 7.5;
/// [`paper::TEXT`] (a test keeps them equal).
pub(crate) const TEXT: &str = "#1a1d21";
/// [`paper::MUTED`] (a test keeps them equal).
pub(crate) const MUTED: &str = "#545b64";
/// Stands for the page count in footers until it is known.
pub(crate) const TOTAL_MARK: &str = "\u{E000}";

/// Writes pages top to bottom, breaking when a block does not fit.
pub(crate) struct Pages {
    done: Vec<SvgDoc>,
    pub doc: SvgDoc,
    pub y: f32,
}

impl Pages {
    pub fn new() -> Pages {
        Pages { done: Vec::new(), doc: SvgDoc::new(PAGE_WIDTH, PAGE_HEIGHT), y: TOP }
    }

    pub fn new_page(&mut self) {
        let full = std::mem::replace(&mut self.doc, SvgDoc::new(PAGE_WIDTH, PAGE_HEIGHT));
        self.done.push(full);
        self.y = TOP;
    }

    /// Starts a new page unless `height` still fits; true when it broke the page.
    pub fn ensure(&mut self, height: f32) -> bool {
        if self.y + height > BOTTOM && self.y > TOP {
            self.new_page();
            return true;
        }
        false
    }

    pub fn gap(&mut self, h: f32) {
        self.y += h;
    }

    pub fn heading(&mut self, text: &str) {
        self.ensure(60.0);
        self.y += 8.0;
        self.doc.text(MARGIN, self.y + 12.0, 13.0, Weight::Bold, Anchor::Start, TEXT, text);
        self.y += 18.0;
        self.doc.line(MARGIN, self.y, MARGIN + CONTENT_W, self.y, &paper::RULE.hex(), 0.8);
        self.y += 8.0;
    }

    pub fn paragraph(&mut self, text: &str, size: f32, weight: Weight, color: &str, indent: f32) {
        let line_h = size * 1.35;
        for line in wrap(text, size, weight == Weight::Bold, CONTENT_W - indent) {
            self.ensure(line_h);
            self.doc.text(MARGIN + indent, self.y + size, size, weight, Anchor::Start, color, &line);
            self.y += line_h;
        }
    }

    /// Label / value rows; values wrap.
    pub fn facts(&mut self, rows: &[(String, String)]) {
        let label_w = 130.0;
        let line_h = BODY * 1.4;
        for (label, value) in rows {
            let lines = wrap(value, BODY, false, CONTENT_W - label_w);
            self.ensure(line_h * lines.len() as f32);
            self.doc.text(MARGIN, self.y + BODY, BODY, Weight::Bold, Anchor::Start, MUTED, label);
            for line in lines {
                self.doc.text(MARGIN + label_w, self.y + BODY, BODY, Weight::Normal, Anchor::Start, TEXT, &line);
                self.y += line_h;
            }
        }
    }

    /// An SVG figure scaled to the content width (or to the page height if it is taller).
    pub fn figure(&mut self, svg: &str) {
        self.figure_within(svg, BOTTOM - TOP);
    }

    /// A figure scaled to fit what is left of this page (a tall overview under its heading).
    pub fn figure_in_rest(&mut self, svg: &str) {
        self.figure_within(svg, (BOTTOM - self.y - 10.0).max((BOTTOM - TOP) / 3.0));
    }

    fn figure_within(&mut self, svg: &str, max_h: f32) {
        let (w, h) = svg_size(svg).unwrap_or((1000.0, 560.0));
        let mut width = CONTENT_W;
        let mut height = h * width / w;
        if height > max_h {
            height = max_h;
            width = w * height / h;
        }
        self.ensure(height + 6.0);
        let x = MARGIN + (CONTENT_W - width) / 2.0;
        self.doc.rect(x - 0.5, self.y - 0.5, width + 1.0, height + 1.0, "none", Some(&paper::RULE.hex()));
        self.doc.embed(x, self.y, width, height, svg);
        self.y += height + 10.0;
    }

    /// Adds "page n of N" footers and returns the finished SVG pages.
    pub fn finish(mut self, footer: &str) -> Vec<String> {
        self.done.push(self.doc);
        let total = self.done.len();
        self.done
            .into_iter()
            .enumerate()
            .map(|(i, mut doc)| {
                let y = PAGE_HEIGHT - 24.0;
                doc.line(MARGIN, y - 10.0, MARGIN + CONTENT_W, y - 10.0, &paper::RULE.hex(), 0.6);
                doc.text(
                    MARGIN,
                    y,
                    SMALL,
                    Weight::Normal,
                    Anchor::Start,
                    MUTED,
                    &ellipsize(footer, SMALL, false, 400.0),
                );
                doc.text(
                    MARGIN + CONTENT_W,
                    y,
                    SMALL,
                    Weight::Normal,
                    Anchor::End,
                    MUTED,
                    &format!("page {} of {TOTAL_MARK}", i + 1),
                );
                doc.finish().replace(TOTAL_MARK, &total.to_string())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_colours_are_the_palettes() {
        assert_eq!(TEXT, paper::TEXT.hex());
        assert_eq!(MUTED, paper::MUTED.hex());
    }
}
