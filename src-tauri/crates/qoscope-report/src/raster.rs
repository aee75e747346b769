//! SVG → PNG with resvg, using only the embedded fonts.

use crate::error::ReportError;
use crate::fonts;
use resvg::tiny_skia;

/// Exported PNGs are drawn at twice the SVG size (sharp on high-DPI screens and in tickets).
pub const EXPORT_SCALE: f32 = 2.0;

/// Parses `svg` with the embedded fonts.
pub fn parse_svg(svg: &str) -> Result<usvg::Tree, ReportError> {
    usvg::Tree::from_str(svg, &fonts::svg_options()).map_err(|e| ReportError::Render(format!("SVG: {e}")))
}

/// Renders `svg` to PNG bytes at `scale`.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, ReportError> {
    let tree = parse_svg(svg)?;
    let size = tree.size();
    let w = (size.width() * scale).ceil() as u32;
    let h = (size.height() * scale).ceil() as u32;
    let mut pixmap =
        tiny_skia::Pixmap::new(w, h).ok_or_else(|| ReportError::Render(format!("cannot allocate a {w}×{h} image")))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| ReportError::Render(format!("PNG: {e}")))
}

/// Renders `svg` at `scale` to straight RGBA pixels (for the clipboard): (width, height, rgba).
pub fn svg_to_rgba(svg: &str, scale: f32) -> Result<(u32, u32, Vec<u8>), ReportError> {
    let tree = parse_svg(svg)?;
    let size = tree.size();
    let w = (size.width() * scale).ceil() as u32;
    let h = (size.height() * scale).ceil() as u32;
    let mut pixmap =
        tiny_skia::Pixmap::new(w, h).ok_or_else(|| ReportError::Render(format!("cannot allocate a {w}×{h} image")))?;
    // An opaque white background makes premultiplied and straight alpha the same bytes.
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    Ok((w, h, pixmap.take()))
}
