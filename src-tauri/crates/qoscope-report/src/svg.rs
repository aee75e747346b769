//! A tiny SVG writer for report pages: every piece of text is XML-escaped, so untrusted Zoom
//! strings (`<b>x</b>`, `&`, quotes) always end up as text, never as markup.

use std::fmt::Write;

/// The font stack of every text element: the embedded Latin face, then the embedded CJK face.
pub const FONT_STACK: &str = "DejaVu Sans, WenQuanYi Micro Hei";

/// Escapes text for SVG character data and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0: drop them.
            c if (c as u32) < 0x20 && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Normal,
    Bold,
}

/// Horizontal anchor of a text element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// An SVG document being written.
pub struct SvgDoc {
    body: String,
    width: f32,
    height: f32,
}

impl SvgDoc {
    /// A white page of `width` × `height` user units.
    pub fn new(width: f32, height: f32) -> SvgDoc {
        let mut doc = SvgDoc { body: String::new(), width, height };
        doc.rect(0.0, 0.0, width, height, "#ffffff", None);
        doc
    }

    /// A filled rectangle, optionally stroked.
    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: &str, stroke: Option<&str>) {
        let stroke = stroke.map(|s| format!(r#" stroke="{s}" stroke-width="0.6""#)).unwrap_or_default();
        let _ =
            write!(self.body, r#"<rect x="{x:.2}" y="{y:.2}" width="{w:.2}" height="{h:.2}" fill="{fill}"{stroke}/>"#);
    }

    /// A straight line.
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, color: &str, width: f32) {
        let _ = write!(
            self.body,
            r#"<line x1="{x1:.2}" y1="{y1:.2}" x2="{x2:.2}" y2="{y2:.2}" stroke="{color}" stroke-width="{width}"/>"#
        );
    }

    /// One line of text whose baseline is at `y`.
    #[allow(clippy::too_many_arguments)]
    pub fn text(&mut self, x: f32, y: f32, size: f32, weight: Weight, anchor: Anchor, color: &str, text: &str) {
        let weight = match weight {
            Weight::Normal => "normal",
            Weight::Bold => "bold",
        };
        let anchor = match anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let _ = write!(
            self.body,
            r#"<text x="{x:.2}" y="{y:.2}" font-family="{FONT_STACK}" font-size="{size}" font-weight="{weight}" text-anchor="{anchor}" fill="{color}" xml:space="preserve">{}</text>"#,
            escape(text)
        );
    }

    /// Opens a group with fixed (not user-supplied) attributes, e.g. `shape-rendering="crispEdges"`.
    pub fn open_group(&mut self, attrs: &str) {
        let _ = write!(self.body, "<g {attrs}>");
    }

    /// Closes the group [`SvgDoc::open_group`] opened.
    pub fn close_group(&mut self) {
        self.body.push_str("</g>");
    }

    /// Defines a hatch pattern `id` (fill `url(#id)`): `fill` crossed by diagonal `stroke` lines
    /// of opacity `opacity`, every `step` units.
    pub fn hatch_pattern(&mut self, id: &str, fill: &str, stroke: &str, opacity: f32, step: f32) {
        let _ = write!(
            self.body,
            r#"<defs><pattern id="{id}" patternUnits="userSpaceOnUse" width="{step}" height="{step}"><rect width="{step}" height="{step}" fill="{fill}"/><path d="M0,{step} L{step},0 M-1,1 L1,-1 M{a},{b} L{b},{a}" stroke="{stroke}" stroke-opacity="{opacity}" stroke-width="0.8"/></pattern></defs>"#,
            a = step - 1.0,
            b = step + 1.0
        );
    }

    /// Places another SVG document (e.g. a plotters chart) at `x`, `y`, scaled to `w` × `h`.
    pub fn embed(&mut self, x: f32, y: f32, w: f32, h: f32, svg: &str) {
        // Strip the XML prolog; nested <svg> elements position and scale their content.
        let start = svg.find("<svg").unwrap_or(0);
        let inner = &svg[start..];
        let (open_end, rest) = match inner.find('>') {
            Some(i) => (i, &inner[i + 1..]),
            None => return,
        };
        let view_box = view_box_of(&inner[..open_end]).unwrap_or_else(|| format!("0 0 {w} {h}"));
        let _ = write!(
            self.body,
            r#"<svg x="{x:.2}" y="{y:.2}" width="{w:.2}" height="{h:.2}" viewBox="{view_box}" preserveAspectRatio="xMidYMid meet">{rest}"#
        );
        // `rest` ends with the nested document's own closing </svg>.
    }

    /// The finished document.
    pub fn finish(self) -> String {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">{}</svg>"#,
            self.body,
            w = self.width,
            h = self.height
        )
    }
}

/// The width and height of an SVG document, from its `viewBox` or `width`/`height`.
pub fn svg_size(svg: &str) -> Option<(f32, f32)> {
    let start = svg.find("<svg")?;
    let end = svg[start..].find('>')? + start;
    let vb = view_box_of(&svg[start..end])?;
    let nums: Vec<f32> = vb.split_whitespace().filter_map(|n| n.parse().ok()).collect();
    match nums.as_slice() {
        [_, _, w, h] if *w > 0.0 && *h > 0.0 => Some((*w, *h)),
        _ => None,
    }
}

/// The `viewBox` (or `0 0 width height`) of an `<svg …` opening tag.
fn view_box_of(open_tag: &str) -> Option<String> {
    let attr = |name: &str| -> Option<String> {
        let key = format!("{name}=\"");
        let i = open_tag.find(&key)? + key.len();
        let j = open_tag[i..].find('"')? + i;
        Some(open_tag[i..j].to_owned())
    };
    attr("viewBox").or_else(|| {
        let w = attr("width")?;
        let h = attr("height")?;
        Some(format!("0 0 {w} {h}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_names_is_escaped() {
        assert_eq!(escape("Zoë 王 <b>x</b> & 'q'"), "Zoë 王 &lt;b&gt;x&lt;/b&gt; &amp; &apos;q&apos;");
        assert_eq!(escape("a\u{1}b"), "a b");
    }

    #[test]
    fn embedded_documents_keep_their_coordinate_system() {
        let mut doc = SvgDoc::new(100.0, 100.0);
        doc.embed(
            10.0,
            20.0,
            50.0,
            25.0,
            r#"<?xml version="1.0"?><svg width="200" height="100" xmlns="http://www.w3.org/2000/svg"><rect/></svg>"#,
        );
        let out = doc.finish();
        assert!(out.contains(r#"viewBox="0 0 200 100""#), "{out}");
        assert!(out.contains("<rect/></svg></svg>"), "{out}");
    }
}
