//! SVG → PNG with resvg, using only the embedded fonts.

use crate::error::ReportError;
use crate::fonts;
use resvg::tiny_skia;

/// Exported PNGs are drawn at twice the SVG size (sharp on high-DPI screens and in tickets).
pub const EXPORT_SCALE: f32 = 2.0;
/// The most pixels an export draws (160 MB of RGBA): a taller picture (a heatmap of thousands of
/// joins) is drawn at a smaller scale instead of allocating without bound.
pub const MAX_PIXELS: f32 = 40_000_000.0;

/// The pixel size of `size` at `scale`, the scale lowered so that it fits [`MAX_PIXELS`].
fn pixel_size(size: usvg::Size, scale: f32) -> (u32, u32, f32) {
    let area = size.width() * size.height() * scale * scale;
    let scale = if area > MAX_PIXELS { scale * (MAX_PIXELS / area).sqrt() } else { scale };
    ((size.width() * scale).ceil() as u32, (size.height() * scale).ceil() as u32, scale)
}

/// Parses `svg` with the embedded fonts.
pub fn parse_svg(svg: &str) -> Result<usvg::Tree, ReportError> {
    usvg::Tree::from_str(svg, &fonts::svg_options()).map_err(|e| ReportError::Render(format!("SVG: {e}")))
}

/// Renders `svg` to PNG bytes at `scale`.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, ReportError> {
    let tree = parse_svg(svg)?;
    let (w, h, scale) = pixel_size(tree.size(), scale);
    let mut pixmap =
        tiny_skia::Pixmap::new(w, h).ok_or_else(|| ReportError::Render(format!("cannot allocate a {w}×{h} image")))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| ReportError::Render(format!("PNG: {e}")))
}

/// Renders `svg` at `scale` to straight RGBA pixels (for the clipboard): (width, height, rgba).
pub fn svg_to_rgba(svg: &str, scale: f32) -> Result<(u32, u32, Vec<u8>), ReportError> {
    let tree = parse_svg(svg)?;
    let (w, h, scale) = pixel_size(tree.size(), scale);
    let mut pixmap =
        tiny_skia::Pixmap::new(w, h).ok_or_else(|| ReportError::Render(format!("cannot allocate a {w}×{h} image")))?;
    // An opaque white background makes premultiplied and straight alpha the same bytes.
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    Ok((w, h, pixmap.take()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_very_tall_picture_is_drawn_smaller_not_allocated_whole() {
        let size = usvg::Size::from_wh(1000.0, 200_000.0).unwrap();
        let (w, h, scale) = pixel_size(size, EXPORT_SCALE);
        assert!((w as f32) * (h as f32) <= MAX_PIXELS * 1.01, "{w}×{h}");
        assert!(scale < 1.0);
        assert_eq!(pixel_size(usvg::Size::from_wh(800.0, 600.0).unwrap(), 2.0), (1600, 1200, 2.0));
    }
}
