//! PNG charts decode at 2× size with data drawn in the plot area; names stay text.

mod support;

use qoscope_model::{Metric, Stream};
use qoscope_report::charts::{HEADER, HEIGHT, WIDTH};
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
