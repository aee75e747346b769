//! SVG pages → one vector PDF with krilla: text stays text (selectable, searchable), fonts are
//! embedded as subsets, charts stay vector.

use crate::error::ReportError;
use crate::raster::parse_svg;
use krilla::geom::Size;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::Document;
use krilla_svg::{SurfaceExt, SvgSettings};

/// A4 portrait in PDF points.
pub const PAGE_WIDTH: f32 = 595.0;
/// A4 portrait in PDF points.
pub const PAGE_HEIGHT: f32 = 842.0;

/// Converts finished SVG pages (each `PAGE_WIDTH` × `PAGE_HEIGHT`) into a PDF.
pub fn pages_to_pdf(pages: &[String], title: &str, app_version: &str) -> Result<Vec<u8>, ReportError> {
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_owned())
            .creator(format!("QoScope {app_version}"))
            .producer(format!("QoScope {app_version} (krilla)")),
    );
    let size = Size::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or_else(|| ReportError::Render("page size".into()))?;
    for svg in pages {
        let tree = parse_svg(svg)?;
        let settings =
            PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or_else(|| ReportError::Render("page size".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        surface
            .draw_svg(&tree, size, SvgSettings::default())
            .ok_or_else(|| ReportError::Render("a report page could not be drawn".into()))?;
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| ReportError::Render(format!("PDF: {e:?}")))
}
