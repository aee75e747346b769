//! PNG charts decode at 2× size with data drawn in the plot area; names stay text.

mod support;

use qoscope_model::{Metric, Stream};
use qoscope_report::charts::{colors as palette, HEADER, HEIGHT, MAX_PARTICIPANTS, WIDTH};
use qoscope_report::{chart_png, chart_svg, ChartKind, ChartRequest, ReportError};
use support::*;

#[test]
fn metric_chart_is_twice_the_svg_size_with_data_in_the_plot_area() {
    let (meeting, id) = hostile_meeting();
    let ctx = context(&meeting, false);
    let request =
        ChartRequest::whole(ChartKind::Metric { user_id: id, stream: Stream::AudioOutput, metric: Metric::Jitter });
    let png = decode_png(&chart_png(&ctx, &request).unwrap());
    assert_eq!((png.0, png.1), (WIDTH * 2, HEIGHT * 2));
    // The plot area (below the header, right of the y labels) has coloured pixels: the line,
    // threshold bands and episodes.
    let coloured = coloured_pixels(&png, 200, HEADER * 2 + 40, WIDTH * 2 - 60, HEIGHT * 2 - 100);
    assert!(coloured > 5000, "plot area looks empty ({coloured} coloured pixels)");
    // The header carries the hostile name as escaped text.
    let svg = chart_svg(&ctx, &request).unwrap();
    assert!(svg.contains("Zoë 王 &lt;b&gt;x&lt;/b&gt; &amp; co"), "name is escaped text");
    assert!(!svg.contains("<b>"), "no markup injected");
    assert!(svg.contains("Time (UTC+01:00)") && svg.contains("Jitter (ms)"), "axes with units and zone");
}

#[test]
fn stream_comparison_and_heatmap_charts_render() {
    let (meeting, id) = hostile_meeting();
    let ctx = context(&meeting, false);
    for kind in [
        ChartKind::Stream { user_id: id.clone(), stream: Stream::VideoOutput },
        ChartKind::Comparison {
            user_id: id.clone(),
            stream: Stream::VideoOutput,
            metric: Metric::MaxLoss,
            culprit_user_id: None,
        },
        ChartKind::Heatmap,
    ] {
        let png = decode_png(&chart_png(&ctx, &ChartRequest::whole(kind.clone())).unwrap());
        assert_eq!(png.0, WIDTH * 2, "{kind:?}");
        let coloured = coloured_pixels(&png, 300, HEADER * 2 + 20, png.0 - 60, png.1 - 60);
        assert!(coloured > 5000, "{kind:?}: plot area looks empty ({coloured})");
    }
}

#[test]
fn the_time_range_on_screen_is_the_range_exported() {
    let (meeting, id) = hostile_meeting();
    let ctx = context(&meeting, false);
    let (start, _) = ctx.time_range().unwrap();
    let request = ChartRequest {
        kind: ChartKind::Metric { user_id: id, stream: Stream::AudioOutput, metric: Metric::Jitter },
        from: Some(start + chrono::Duration::minutes(10)),
        to: Some(start + chrono::Duration::minutes(20)),
    };
    let svg = chart_svg(&ctx, &request).unwrap();
    assert!(svg.contains("11:10–11:20 UTC+01:00"), "title names the chosen range");
}

#[test]
fn bad_requests_say_what_to_do() {
    let ctx = context(&demo_meeting(), false);
    let id = ctx.meeting.joins[0].user_id.clone();
    let wrong_metric = ChartRequest::whole(ChartKind::Metric {
        user_id: id.clone(),
        stream: Stream::AudioInput,
        metric: Metric::FrameRate,
    });
    assert!(matches!(chart_png(&ctx, &wrong_metric), Err(ReportError::InvalidRequest(m)) if m.contains("pick one of")));
    let nobody = ChartRequest::whole(ChartKind::Stream { user_id: "ghost".into(), stream: Stream::AudioInput });
    assert!(matches!(chart_png(&ctx, &nobody), Err(ReportError::NotFound(_))));
    let (_, end) = ctx.time_range().unwrap();
    let outside = ChartRequest {
        kind: ChartKind::Heatmap,
        from: Some(end + chrono::Duration::hours(2)),
        to: Some(end + chrono::Duration::hours(3)),
    };
    assert!(matches!(chart_png(&ctx, &outside), Err(ReportError::InvalidRequest(_))));
}

/// The `user_id`s of the demo's joins with video_output packet-loss values, in join order.
fn joins_with_video_loss(meeting: &qoscope_model::Meeting) -> Vec<String> {
    let key = qoscope_model::MetricKey { stream: Stream::VideoOutput, metric: Metric::AvgLoss };
    meeting.joins.iter().filter(|j| j.samples.iter().any(|s| s.get(key).is_some())).map(|j| j.user_id.clone()).collect()
}

fn participants(user_ids: Vec<String>) -> ChartRequest {
    ChartRequest::whole(ChartKind::Participants { user_ids, stream: Stream::VideoOutput, metric: Metric::AvgLoss })
}

/// How often `color` strokes a line in the SVG (legend keys included).
fn strokes(svg: &str, color: plotters::style::RGBColor) -> usize {
    svg.matches(&format!("stroke=\"#{:02X}{:02X}{:02X}\"", color.0, color.1, color.2)).count()
}

#[test]
fn participants_chart_draws_each_chosen_join_in_its_own_colour_with_the_median() {
    let (meeting, hostile_id) = hostile_meeting();
    let ctx = context(&meeting, false);
    let mut ids: Vec<String> =
        joins_with_video_loss(&meeting).into_iter().filter(|id| *id != hostile_id).take(2).collect();
    ids.push(hostile_id);
    let request = participants(ids.clone());
    let png = decode_png(&chart_png(&ctx, &request).unwrap());
    assert_eq!((png.0, png.1), (WIDTH * 2, HEIGHT * 2), "three names fit on one legend row");
    let coloured = coloured_pixels(&png, 200, HEADER * 2 + 40, WIDTH * 2 - 60, HEIGHT * 2 - 100);
    assert!(coloured > 5000, "plot area looks empty ({coloured} coloured pixels)");

    let svg = chart_svg(&ctx, &request).unwrap();
    for id in &ids[..2] {
        let name = &ctx.meeting.join(id).unwrap().user_name;
        assert!(svg.contains(name.as_str()), "legend names {name}");
    }
    assert!(svg.contains("Zoë 王 &lt;b&gt;x&lt;/b&gt; &amp; co") && !svg.contains("<b>"), "names are escaped text");
    assert!(svg.contains("meeting median") && svg.contains("warning band"), "median and threshold bands");
    assert!(svg.contains("3 participants") && svg.contains("Packet loss (avg) (%)"), "subtitle and axis");
    // Colours in the order asked for: a legend key and at least one line each; no fourth colour.
    for (i, color) in palette::SERIES.iter().enumerate() {
        let n = strokes(&svg, *color);
        if i < 3 {
            assert!(n >= 2, "series colour {i} drawn {n} times");
        } else if *color != plotters::style::BLACK {
            // (Black also draws the axes.)
            assert_eq!(n, 0, "series colour {i} is unused");
        }
    }
    assert!(strokes(&svg, palette::MEDIAN) >= 2, "the meeting median is drawn");
}

#[test]
fn participants_chart_keeps_gaps_and_the_range_on_screen() {
    let mut meeting = demo_meeting();
    // A join without minutes missing of its own (the simulator drops about 1 % of minutes).
    let id = joins_with_video_loss(&meeting)
        .into_iter()
        .find(|id| {
            let j = meeting.joins.iter().find(|j| j.user_id == *id).unwrap();
            j.samples.windows(2).all(|w| (w[1].time - w[0].time).num_minutes() == 1)
        })
        .expect("a join with every minute");
    let join = meeting.joins.iter_mut().find(|j| j.user_id == id).unwrap();
    let start = join.samples[0].time;
    // Minutes 20–24 missing: the line stops and starts again, never drops to zero.
    join.samples.retain(|s| !(20..25).contains(&(s.time - start).num_minutes()));
    let ctx = context(&meeting, false);
    let svg = chart_svg(&ctx, &participants(vec![id.clone()])).unwrap();
    assert_eq!(strokes(&svg, palette::SERIES[0]), 1 + 2, "legend key + two runs around the gap");

    let (first, _) = ctx.time_range().unwrap();
    let zoomed = ChartRequest {
        from: Some(first + chrono::Duration::minutes(10)),
        to: Some(first + chrono::Duration::minutes(15)),
        ..participants(vec![id])
    };
    let svg = chart_svg(&ctx, &zoomed).unwrap();
    assert!(svg.contains("11:10–11:15 UTC+01:00"), "subtitle names the zoomed range");
    assert_eq!(strokes(&svg, palette::SERIES[0]), 1 + 1, "no gap inside minutes 10–15");
}

#[test]
fn participants_chart_redacts_names_like_the_other_charts() {
    let mut meeting = demo_meeting();
    let id = joins_with_video_loss(&meeting)[0].clone();
    meeting.joins.iter_mut().find(|j| j.user_id == id).unwrap().user_name = "Ana ana@example.com".to_owned();
    let plain = chart_svg(&context(&meeting, false), &participants(vec![id.clone()])).unwrap();
    assert!(plain.contains("Ana ana@example.com"));
    let redacted = chart_svg(&context(&meeting, true), &participants(vec![id])).unwrap();
    assert!(redacted.contains("Ana [redacted]") && !redacted.contains("ana@example.com"));
}

#[test]
fn a_full_participants_chart_wraps_its_legend_and_grows() {
    let mut meeting = demo_meeting();
    let ids = joins_with_video_loss(&meeting);
    assert!(ids.len() >= 5, "the demo has enough joins with video loss");
    for (i, join) in meeting.joins.iter_mut().filter(|j| ids.contains(&j.user_id)).enumerate() {
        join.user_name = format!("Participant number {i} with a long display name");
    }
    let ctx = context(&meeting, false);
    let png = decode_png(&chart_png(&ctx, &participants(ids.clone())).unwrap());
    assert_eq!(png.0, WIDTH * 2);
    assert!(png.1 > HEIGHT * 2, "the legend needs a second row ({} px high)", png.1);
    let svg = chart_svg(&ctx, &participants(ids.clone())).unwrap();
    for i in 0..ids.len() {
        assert!(svg.contains(&format!("Participant number {i} with")), "legend entry {i}");
    }
}

#[test]
fn bad_participants_requests_say_what_to_do() {
    let ctx = context(&demo_meeting(), false);
    let ids = joins_with_video_loss(&ctx.meeting);
    let empty = participants(Vec::new());
    assert!(matches!(chart_png(&ctx, &empty), Err(ReportError::InvalidRequest(m)) if m.contains("pick at least one")));
    let ghost = participants(vec![ids[0].clone(), "ghost".into()]);
    assert!(matches!(chart_png(&ctx, &ghost), Err(ReportError::NotFound(m)) if m.contains("\"ghost\"")));
    let too_many = participants(vec![ids[0].clone(); MAX_PARTICIPANTS + 1]);
    assert!(
        matches!(chart_png(&ctx, &too_many), Err(ReportError::InvalidRequest(m)) if m.contains(&format!("at most {MAX_PARTICIPANTS}")))
    );
    let wrong_metric = ChartRequest::whole(ChartKind::Participants {
        user_ids: ids.clone(),
        stream: Stream::AudioInput,
        metric: Metric::FrameRate,
    });
    assert!(matches!(chart_png(&ctx, &wrong_metric), Err(ReportError::InvalidRequest(m)) if m.contains("pick one of")));
    // Joins without a single value of this metric: nothing to draw, said so.
    let key = qoscope_model::MetricKey { stream: Stream::VideoOutput, metric: Metric::AvgLoss };
    let without: Vec<String> = ctx
        .meeting
        .joins
        .iter()
        .filter(|j| j.samples.iter().all(|s| s.get(key).is_none()))
        .map(|j| j.user_id.clone())
        .collect();
    assert!(!without.is_empty(), "the demo has joins without video");
    assert!(
        matches!(chart_png(&ctx, &participants(without)), Err(ReportError::NoData(m)) if m.contains("none of the"))
    );
}
