//! The one definition of QoScope's colours: grades, the Okabe–Ito series and the chart colours,
//! in a light and a dark theme.
//!
//! Why here: the screen and every export must show the same colour for the same thing (house
//! style, "one truth per concept"). The screen's CSS custom properties are *generated* from
//! this table ([`css_file`] → `ui/src/palette.generated.css`, written and drift-checked by
//! `cargo test -p qoscope-api bindings`), and the exports (heatmap, charts, PDF) draw with the
//! light values below. A test renders exports and compares their colours with the generated CSS.
//!
//! The values are the screen's, which were chosen colour-blind safe (Okabe–Ito) and checked for
//! WCAG AA contrast; change them here, never in the CSS.

use plotters::style::{RGBAColor, RGBColor};
use qoscope_diagnosis::Grade;
use std::fmt::Write as _;

/// An sRGB colour with an opacity (1.0 = opaque).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub alpha: f32,
}

/// An opaque colour from `0xRRGGBB`.
pub const fn hex(rgb: u32) -> Color {
    Color { r: (rgb >> 16) as u8, g: (rgb >> 8) as u8, b: rgb as u8, alpha: 1.0 }
}

/// A translucent colour.
pub const fn rgba(r: u8, g: u8, b: u8, alpha: f32) -> Color {
    Color { r, g, b, alpha }
}

impl Color {
    /// `#rrggbb` (the opacity is not included: see [`Color::css`] and [`Color::alpha`]).
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// The CSS value: `#rrggbb` when opaque, else `rgba(r, g, b, a)`.
    pub fn css(self) -> String {
        if self.alpha >= 1.0 {
            self.hex()
        } else {
            format!("rgba({}, {}, {}, {})", self.r, self.g, self.b, self.alpha)
        }
    }

    /// For plotters (opaque; use [`Color::plot_rgba`] to keep the opacity).
    pub const fn plot(self) -> RGBColor {
        RGBColor(self.r, self.g, self.b)
    }

    /// For plotters, with the opacity.
    pub fn plot_rgba(self) -> RGBAColor {
        RGBAColor(self.r, self.g, self.b, f64::from(self.alpha))
    }

    /// The colour as it looks over white paper (opacity blended away): for SVG/PDF shapes that
    /// take one opaque fill.
    pub fn on_white(self) -> Color {
        let mix = |c: u8| (f32::from(c) * self.alpha + 255.0 * (1.0 - self.alpha)).round() as u8;
        Color { r: mix(self.r), g: mix(self.g), b: mix(self.b), alpha: 1.0 }
    }
}

/// A colour in the light and the dark theme (exports use the light one: they are printed on white).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Themed {
    pub light: Color,
    pub dark: Color,
}

/// The same colour in both themes.
const fn both(c: Color) -> Themed {
    Themed { light: c, dark: c }
}

const fn themed(light: Color, dark: Color) -> Themed {
    Themed { light, dark }
}

/// A good minute: neutral, because good is not a signal.
pub const GRADE_GOOD: Themed = themed(hex(0xc9d3dc), hex(0x46515c));
/// Warning: Okabe–Ito orange.
pub const WARNING: Themed = both(hex(0xe69f00));
/// Poor: Okabe–Ito vermillion.
pub const POOR: Themed = both(hex(0xd55e00));
/// No data (not joined, stream off, hidden): lighter than good, and hatched.
pub const GRADE_NONE: Themed = themed(hex(0xf7f8fa), hex(0x1c1f23));
/// The hatch drawn over no-data cells.
pub const GRADE_NONE_HATCH: Themed = themed(rgba(110, 118, 128, 0.45), rgba(160, 168, 178, 0.4));
/// Background of a warning badge or finding.
pub const WARNING_BG: Themed = themed(hex(0xfff4dc), hex(0x33290f));
/// Text on [`WARNING_BG`].
pub const WARNING_TEXT: Themed = themed(hex(0x1a1d21), hex(0xf3e3c0));
/// Background of a poor badge or finding.
pub const POOR_BG: Themed = themed(hex(0xfde8dc), hex(0x3a2214));
/// Text on [`POOR_BG`].
pub const POOR_TEXT: Themed = themed(hex(0x1a1d21), hex(0xf6d9c8));

/// One colour per participant on a chart of several (Okabe–Ito, in the screen's chip order).
pub const SERIES: [Themed; 8] = [
    themed(hex(0x0072b2), hex(0x56b4e9)),
    both(hex(0x009e73)),
    both(hex(0xcc79a7)),
    both(hex(0xd55e00)),
    both(hex(0xe69f00)),
    themed(hex(0x56b4e9), hex(0x0072b2)),
    themed(hex(0x000000), hex(0xe7e9ec)),
    // Not Okabe–Ito's yellow (#f0e442): an eighth line in that colour vanished into the warning
    // band. Paul Tol's wine (teal on dark) stays apart from the others and from both bands.
    themed(hex(0x882255), hex(0x44aa99)),
];

/// The participant's own line on a chart (Okabe–Ito blue).
pub const CHART_LINE: Themed = themed(hex(0x0072b2), hex(0x56b4e9));
/// Grid lines of a chart.
pub const CHART_GRID: Themed = themed(rgba(26, 29, 33, 0.12), rgba(231, 233, 236, 0.12));
/// Axis labels and small chart text.
pub const CHART_TEXT: Themed = themed(hex(0x3d434a), hex(0xc3c9d0));

/// Export-only colours (printed on white; the screen takes its own from the theme).
pub mod paper {
    use super::{hex, Color};
    /// Titles and body text (the screen's `--text`).
    pub const TEXT: Color = hex(0x1a1d21);
    /// Subtitles and notes (the screen's `--text-muted`).
    pub const MUTED: Color = hex(0x545b64);
    /// The meeting's median line: neutral grey.
    pub const MEDIAN: Color = hex(0x7b838c);
    /// The blamed sender's line on a "who caused it" chart: Okabe–Ito reddish purple, apart
    /// from the subject's blue and the grade colours of the bands.
    pub const CULPRIT: Color = hex(0xcc79a7);
    /// Episode shading and outline: a dark neutral, so it never reads as a grade.
    pub const EPISODE: Color = hex(0x1a1d21);
    /// Links, headings' accent and next steps (the screen's `--accent`).
    pub const ACCENT: Color = hex(0x005f96);
    /// Rules, table header fills and light outlines.
    pub const RULE: Color = hex(0xcdd2d8);
    /// The focus participant's row in a table (the screen's `--selected-bg`).
    pub const SELECTED: Color = hex(0xe1eefa);
    /// Zebra rows of tables.
    pub const ZEBRA: Color = hex(0xf3f4f6);
}

/// The fill of a grade in the light theme (exports).
pub fn grade(g: Grade) -> Color {
    match g {
        Grade::Good => GRADE_GOOD.light,
        Grade::Warning => WARNING.light,
        Grade::Poor => POOR.light,
        Grade::NoData => GRADE_NONE.light,
    }
}

/// Series colour `i` (cycling) in the light theme.
pub fn series(i: usize) -> Color {
    SERIES[i % SERIES.len()].light
}

/// Every CSS custom property the palette defines, in the order written: (name, colour, note).
pub fn css_variables() -> Vec<(String, Themed, &'static str)> {
    let mut vars = vec![
        ("--chart-line".to_owned(), CHART_LINE, "a participant's own line (Okabe–Ito blue)"),
        ("--chart-grid".to_owned(), CHART_GRID, ""),
        ("--chart-text".to_owned(), CHART_TEXT, ""),
        ("--warning".to_owned(), WARNING, "grades are never used alone: always with an icon or a word"),
        ("--warning-bg".to_owned(), WARNING_BG, ""),
        ("--warning-text".to_owned(), WARNING_TEXT, ""),
        ("--poor".to_owned(), POOR, ""),
        ("--poor-bg".to_owned(), POOR_BG, ""),
        ("--poor-text".to_owned(), POOR_TEXT, ""),
        ("--grade-good".to_owned(), GRADE_GOOD, "neutral: good is not a signal"),
        ("--grade-none".to_owned(), GRADE_NONE, ""),
        ("--grade-none-hatch".to_owned(), GRADE_NONE_HATCH, ""),
    ];
    for (i, c) in SERIES.iter().enumerate() {
        let note = if i == 0 { "Okabe–Ito series colours (colour-blind safe)" } else { "" };
        vars.push((format!("--series-{}", i + 1), *c, note));
    }
    vars
}

/// Where the generated CSS lives, relative to the repository root.
pub const CSS_PATH: &str = "ui/src/palette.generated.css";

/// The generated stylesheet: light values in `:root`, the dark ones that differ inside
/// `@media (prefers-color-scheme: dark)`.
pub fn css_file() -> String {
    let vars = css_variables();
    let mut out = String::new();
    out.push_str(
        "/* generated from src-tauri/crates/qoscope-report/src/palette.rs, do not edit.\n   \
         Regenerate: ./x gen-types (QOSCOPE_UPDATE_BINDINGS=1 cargo test -p qoscope-api bindings).\n   \
         The exports draw with the same values; a test compares them with this file. */\n\n",
    );
    out.push_str(":root {\n");
    for (name, c, note) in &vars {
        if !note.is_empty() {
            let _ = writeln!(out, "  /* {note} */");
        }
        let _ = writeln!(out, "  {name}: {};", c.light.css());
    }
    out.push_str("}\n\n@media (prefers-color-scheme: dark) {\n  :root {\n");
    for (name, c, _) in vars.iter().filter(|(_, c, _)| c.dark != c.light) {
        let _ = writeln!(out, "    {name}: {};", c.dark.css());
    }
    out.push_str("  }\n}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG relative luminance and contrast ratio.
    fn contrast(a: Color, b: Color) -> f64 {
        let lum = |c: Color| {
            let ch = |v: u8| {
                let v = f64::from(v) / 255.0;
                if v <= 0.03928 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b)
        };
        let (x, y) = (lum(a), lum(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn every_series_line_stands_out_on_its_background_and_from_the_warning_band() {
        // Lines are drawn on the chart background and across the translucent warning band.
        // Okabe–Ito's lighter colours (orange, sky blue) sit near 2:1 on white, under WCAG's 3:1
        // for graphics: every line also has a name in the legend and the readout, so the floor
        // here is 2:1 — it catches a colour that vanishes, like Okabe–Ito's yellow (1.2:1).
        for (i, c) in SERIES.iter().enumerate() {
            let light = contrast(c.light, hex(0xffffff));
            assert!(light >= 2.0, "series {} ({}) has {light:.2}:1 on white", i + 1, c.light.hex());
            let band = contrast(c.light, hex(0xfff4dc));
            assert!(band >= 1.9, "series {} ({}) has {band:.2}:1 on the warning band", i + 1, c.light.hex());
            let dark = contrast(c.dark, hex(0x1c1f23));
            assert!(dark >= 3.0, "series {} ({}) has {dark:.2}:1 on the dark surface", i + 1, c.dark.hex());
        }
    }

    #[test]
    fn css_values_are_hex_when_opaque_and_rgba_when_not() {
        assert_eq!(WARNING.light.css(), "#e69f00");
        assert_eq!(GRADE_NONE_HATCH.light.css(), "rgba(110, 118, 128, 0.45)");
        assert_eq!(rgba(0, 0, 0, 0.5).on_white().hex(), "#808080");
    }

    #[test]
    fn the_generated_css_has_both_themes_and_the_header() {
        let css = css_file();
        assert!(css.starts_with("/* generated from"), "{css}");
        assert!(css.contains("do not edit"));
        assert!(css.contains("  --series-8: #882255;\n"));
        let dark = &css[css.find("@media").unwrap()..];
        assert!(dark.contains("--grade-good: #46515c;") && !dark.contains("--warning:"), "{dark}");
    }
}
