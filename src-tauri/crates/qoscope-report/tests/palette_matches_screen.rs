//! The exports draw with the screen's colours: the heatmap's grade fills and the Compare chart's
//! series lines are read out of the exported SVG and compared with the CSS variables in
//! `ui/src/palette.generated.css` (parsed here, so a hand edit on either side fails).

mod support;

use qoscope_model::{Metric, Stream};
use qoscope_report::{chart_svg, ChartKind, ChartRequest};
use std::collections::{BTreeMap, BTreeSet};
use support::*;

/// The light theme's variables: the `:root` block before the dark `@media` block.
fn screen_colours() -> BTreeMap<String, String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../ui/src/palette.generated.css");
    let css = std::fs::read_to_string(path).expect("ui/src/palette.generated.css exists (./x gen-types)");
    let light = &css[..css.find("@media").expect("a dark block")];
    light
        .lines()
        .filter_map(|l| {
            let (name, value) = l.trim().strip_suffix(';')?.split_once(':')?;
            name.starts_with("--").then(|| (name.trim().to_owned(), value.trim().to_lowercase()))
        })
        .collect()
}

/// Every value of `attr="…"` in `svg`, lowercased.
fn attr_values(svg: &str, attr: &str) -> Vec<String> {
    let key = format!(" {attr}=\"");
    svg.match_indices(&key)
        .filter_map(|(i, _)| {
            let rest = &svg[i + key.len()..];
            rest.find('"').map(|j| rest[..j].to_lowercase())
        })
        .collect()
}

/// `rgba(r, g, b, a)` as (`#rrggbb`, a).
fn parse_rgba(css: &str) -> (String, String) {
    let inner = css.trim_start_matches("rgba(").trim_end_matches(')');
    let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
    let n = |i: usize| parts[i].parse::<u8>().expect("a channel");
    (format!("#{:02x}{:02x}{:02x}", n(0), n(1), n(2)), parts[3].to_owned())
}

#[test]
fn heatmap_cells_use_the_screens_grade_colours() {
    let css = screen_colours();
    let ctx = context(&demo_meeting(), false);
    let svg = chart_svg(&ctx, &ChartRequest::whole(ChartKind::Heatmap)).unwrap();
    let start = svg.find(r#"<g class="cells""#).expect("a group of cells");
    let cells = &svg[start..start + svg[start..].find("</g>").unwrap()];
    let used: BTreeSet<String> = attr_values(cells, "fill").into_iter().collect();
    let grades = [&css["--grade-good"], &css["--warning"], &css["--poor"]];
    for fill in &used {
        assert!(
            grades.contains(&fill) || fill.starts_with("url(#"),
            "a heatmap cell is filled {fill}, which is no grade colour of the screen ({grades:?})"
        );
    }
    for grade in grades {
        assert!(used.contains(grade), "the demo has good, warning and poor minutes: {grade} missing from {used:?}");
    }
    // No data: the screen's light grey, hatched with the screen's hatch colour and opacity.
    let pattern_at = svg.find("<pattern").expect("a hatch pattern for no data");
    let pattern = &svg[pattern_at..pattern_at + svg[pattern_at..].find("</pattern>").unwrap()];
    assert!(attr_values(pattern, "fill").contains(&css["--grade-none"]), "{pattern}");
    let (hatch, alpha) = parse_rgba(&css["--grade-none-hatch"]);
    assert_eq!(attr_values(pattern, "stroke"), [hatch]);
    assert_eq!(attr_values(pattern, "stroke-opacity"), [alpha]);
}

#[test]
fn compare_chart_lines_use_the_screens_series_colours_in_order() {
    let css = screen_colours();
    let meeting = demo_meeting();
    let key = qoscope_model::MetricKey { stream: Stream::AudioOutput, metric: Metric::Jitter };
    let ids: Vec<String> = meeting
        .joins
        .iter()
        .filter(|j| j.samples.iter().any(|s| s.get(key).is_some()))
        .map(|j| j.user_id.clone())
        .take(qoscope_report::MAX_PARTICIPANTS)
        .collect();
    assert!(ids.len() >= 5, "enough participants to compare");
    let ctx = context(&meeting, false);
    let request = ChartRequest::whole(ChartKind::Participants {
        user_ids: ids.clone(),
        stream: Stream::AudioOutput,
        metric: Metric::Jitter,
    });
    let svg = chart_svg(&ctx, &request).unwrap();
    let strokes: BTreeSet<String> = attr_values(&svg, "stroke").into_iter().collect();
    for i in 0..ids.len() {
        let want = &css[&format!("--series-{}", i + 1)];
        assert!(strokes.contains(want), "participant {} is drawn in --series-{} ({want}): {strokes:?}", i + 1, i + 1);
    }
    // Legend keys are drawn in the order of the chips: the n-th key has the n-th colour.
    let keyed: Vec<String> = attr_values(&svg, "stroke")
        .into_iter()
        .filter(|s| (1..=8).any(|i| css[&format!("--series-{i}")] == *s))
        .collect();
    let first: Vec<String> = keyed.iter().take(ids.len()).cloned().collect();
    let want: Vec<String> = (1..=ids.len()).map(|i| css[&format!("--series-{i}")].clone()).collect();
    assert_eq!(first, want, "the legend lists the series in the screen's order");
    // Threshold bands in the screen's warning and poor colours.
    let fills: BTreeSet<String> = attr_values(&svg, "fill").into_iter().collect();
    assert!(fills.contains(&css["--warning"]) && fills.contains(&css["--poor"]), "{fills:?}");
}

#[test]
fn metric_charts_draw_the_major_grid_only() {
    let (meeting, id) = hostile_meeting();
    let ctx = context(&meeting, false);
    let request =
        ChartRequest::whole(ChartKind::Metric { user_id: id, stream: Stream::AudioOutput, metric: Metric::Jitter });
    let svg = chart_svg(&ctx, &request).unwrap();
    let css = screen_colours();
    let (grid, _) = parse_rgba(&css["--chart-grid"]);
    let grid_lines = attr_values(&svg, "stroke").iter().filter(|s| **s == grid).count();
    assert!(grid_lines > 0, "the grid is drawn in the screen's --chart-grid");
    assert!(grid_lines <= 40, "a major grid of about 10 + 8 lines, no minor mesh ({grid_lines} lines)");
}
