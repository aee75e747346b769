//! The fonts every export uses, compiled into the binary (no system fontconfig at runtime):
//! DejaVu Sans (regular, bold; Latin, Greek, Cyrillic…) and WenQuanYi Micro Hei (CJK).
//! Licences: `fonts/LICENSE-DejaVu.txt`, `fonts/LICENSE-WenQuanYi-MicroHei.txt`.

use ab_glyph::{Font, FontRef};
use std::sync::{Arc, OnceLock};
use usvg::fontdb;

/// DejaVu Sans, regular.
pub static DEJAVU_SANS: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
/// DejaVu Sans, bold.
pub static DEJAVU_SANS_BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");
/// WenQuanYi Micro Hei (a TrueType collection; face 0 is the proportional one).
pub static WQY_MICROHEI: &[u8] = include_bytes!("../fonts/wqy-microhei.ttc");

/// The Latin family name, as the font declares it.
pub const LATIN_FAMILY: &str = "DejaVu Sans";

/// A font database holding only the embedded faces; `sans-serif` resolves to DejaVu Sans and
/// glyphs DejaVu lacks (Chinese, Japanese, Korean) fall back to WenQuanYi Micro Hei.
pub fn font_db() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_font_source(fontdb::Source::Binary(Arc::new(DEJAVU_SANS)));
        db.load_font_source(fontdb::Source::Binary(Arc::new(DEJAVU_SANS_BOLD)));
        db.load_font_source(fontdb::Source::Binary(Arc::new(WQY_MICROHEI)));
        db.set_sans_serif_family(LATIN_FAMILY);
        db.set_serif_family(LATIN_FAMILY);
        db.set_monospace_family(LATIN_FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// usvg options that resolve every font from [`font_db`].
pub fn svg_options() -> usvg::Options<'static> {
    usvg::Options { font_family: LATIN_FAMILY.to_owned(), fontdb: font_db(), ..usvg::Options::default() }
}

/// Registers DejaVu Sans as plotters' `sans-serif` (plotters measures text with it).
pub fn register_plotters_fonts() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        use plotters::style::{register_font, FontStyle};
        // The bytes are a valid TrueType font shipped with the crate; a failure would be a
        // packaging bug caught by every chart test.
        let _ = register_font("sans-serif", FontStyle::Normal, DEJAVU_SANS);
        let _ = register_font("sans-serif", FontStyle::Bold, DEJAVU_SANS_BOLD);
    });
}

struct Measurers {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
    cjk: FontRef<'static>,
}

fn measurers() -> Option<&'static Measurers> {
    static M: OnceLock<Option<Measurers>> = OnceLock::new();
    M.get_or_init(|| {
        Some(Measurers {
            regular: FontRef::try_from_slice(DEJAVU_SANS).ok()?,
            bold: FontRef::try_from_slice(DEJAVU_SANS_BOLD).ok()?,
            cjk: FontRef::try_from_slice_and_index(WQY_MICROHEI, 0).ok()?,
        })
    })
    .as_ref()
}

/// The advance width of `text` at `size` (user units), using the same fallback as rendering.
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    let Some(m) = measurers() else {
        // Never happens with the embedded fonts; a generous estimate keeps layouts usable.
        return text.chars().count() as f32 * size * 0.6;
    };
    let main = if bold { &m.bold } else { &m.regular };
    // Font sizes are em sizes (as in SVG and PDF): advance in font units × size / units per em.
    let em = |f: &FontRef<'static>| f.units_per_em().unwrap_or(2048.0);
    let (main_em, cjk_em) = (em(main), em(&m.cjk));
    text.chars()
        .map(|c| {
            let id = main.glyph_id(c);
            if id.0 != 0 || c.is_whitespace() {
                main.h_advance_unscaled(id) * size / main_em
            } else {
                m.cjk.h_advance_unscaled(m.cjk.glyph_id(c)) * size / cjk_em
            }
        })
        .sum()
}

/// Breaks `text` into lines no wider than `max_width` (words longer than a line are cut).
pub fn wrap(text: &str, size: f32, bold: bool, max_width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
        if text_width(&candidate, size, bold) <= max_width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // A single word wider than the line (a long id, CJK text without spaces): cut it.
        let mut piece = String::new();
        for c in word.chars() {
            piece.push(c);
            if text_width(&piece, size, bold) > max_width && piece.chars().count() > 1 {
                piece.pop();
                lines.push(std::mem::take(&mut piece));
                piece.push(c);
            }
        }
        line = piece;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// Shortens `text` with "…" so it fits `max_width`.
pub fn ellipsize(text: &str, size: f32, bold: bool, max_width: f32) -> String {
    if text_width(text, size, bold) <= max_width {
        return text.to_owned();
    }
    let mut out: String = text.to_owned();
    while !out.is_empty() && text_width(&format!("{out}…"), size, bold) > max_width {
        out.pop();
    }
    format!("{out}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_faces_load_and_cover_latin_and_cjk() {
        let db = font_db();
        let families: Vec<String> = db.faces().flat_map(|f| f.families.iter().map(|(n, _)| n.clone())).collect();
        assert!(families.iter().any(|f| f == "DejaVu Sans"), "{families:?}");
        assert!(families.iter().any(|f| f.contains("WenQuanYi")), "{families:?}");
        assert!(text_width("王", 10.0, false) > 5.0);
        assert!(text_width("Zoë", 10.0, true) > text_width("Zoë", 10.0, false) * 0.9);
    }

    #[test]
    fn wrapping_keeps_every_word_and_respects_the_width() {
        let text = "Ana's received video froze because Ben's uplink lost 18 % of packets from 10:05 to 10:12";
        let lines = wrap(text, 10.0, false, 150.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| text_width(l, 10.0, false) <= 150.0));
        assert_eq!(lines.join(" "), text);
        assert!(ellipsize("a very long participant name indeed", 10.0, false, 60.0).ends_with('…'));
    }
}
