//! The quality map: every join's grade minute by minute (the overview's heatmap and the table's
//! worst grades), the episodes to mark on it, and the limits drawn as threshold bands on charts.
//!
//! Grades are sent compactly — one character per minute — so that a 300-person, 60-minute
//! meeting is a few tens of kilobytes, not 18,000 objects.

use crate::views::display_name;
use crate::zoom_verdict::ZoomVerdictView;
use chrono::{DateTime, Utc};
use qoscope_diagnosis::zoom_verdict::join_verdict;
use qoscope_diagnosis::{Analysis, Episode, Grade, JoinGrades, MinuteGrade, Thresholds, Worse};
use qoscope_model::metric::{format_number, Media};
use qoscope_model::{Meeting, Metric, Stream};
use serde::Serialize;
use ts_rs::TS;

/// One character per minute: `-` no data, `g` good, `w` warning, `p` poor.
pub fn grade_code(grade: Grade) -> char {
    match grade {
        Grade::NoData => '-',
        Grade::Good => 'g',
        Grade::Warning => 'w',
        Grade::Poor => 'p',
    }
}

/// Groups of streams the heatmap can show ("chips").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StreamGroup {
    /// Every stream.
    All,
    Audio,
    Video,
    ScreenShare,
    /// CPU and Wi-Fi.
    Device,
}

impl StreamGroup {
    /// The groups in display order.
    pub const ALL: [StreamGroup; 5] =
        [StreamGroup::All, StreamGroup::Audio, StreamGroup::Video, StreamGroup::ScreenShare, StreamGroup::Device];

    /// The group a stream belongs to (never `All`).
    pub fn of(stream: Stream) -> StreamGroup {
        match stream.media() {
            Media::Audio => StreamGroup::Audio,
            Media::Video => StreamGroup::Video,
            Media::ScreenShare => StreamGroup::ScreenShare,
            Media::Cpu | Media::Wifi => StreamGroup::Device,
        }
    }

    fn contains(self, stream: Stream) -> bool {
        self == StreamGroup::All || StreamGroup::of(stream) == self
    }
}

/// Per-minute grades of every join, and the episodes of the meeting.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct QualityMap {
    /// The first minute of the grid, Unix seconds (UTC); `null` when the meeting has no samples.
    pub start: Option<f64>,
    /// Minutes on the grid (columns of the heatmap).
    pub minutes: u32,
    /// One row per join, in the order of `MeetingOverview.participants`.
    pub rows: Vec<QualityRow>,
    /// Runs of degraded minutes, ordered by start.
    pub episodes: Vec<EpisodeMark>,
    /// Who shared their screen when (marked on the time axis); empty without sharing data.
    pub sharing: Vec<crate::sharing::SharePeriod>,
}

/// One join's grades: a code string per stream group (see [`grade_code`]).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct QualityRow {
    pub user_id: String,
    pub all: String,
    pub audio: String,
    pub video: String,
    pub screen_share: String,
    pub device: String,
    /// Zoom's own verdict per medium beside QoScope's, and where they disagree.
    pub zoom_verdict: ZoomVerdictView,
}

/// What made each degraded minute of one join degraded (the heatmap's tooltips). Asked for one
/// join at a time, when the pointer or the keyboard reaches its row: for a 300-person meeting
/// these texts are megabytes that the first paint does not need.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MinuteCauses {
    pub user_id: String,
    /// Only degraded minutes (sparse), by stream group.
    pub causes: Vec<MinuteCause>,
}

/// The metric that decided a degraded minute's grade within one stream group.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MinuteCause {
    pub minute: u32,
    pub group: StreamGroup,
    /// "Audio sent · Packet loss (avg) 6.2 % (limit 3 %)".
    pub text: String,
}

/// An episode, placed on the meeting's minute grid.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct EpisodeMark {
    pub user_id: String,
    pub display_name: String,
    /// Zoom's stream key, e.g. `audio_input`.
    pub stream: String,
    pub group: StreamGroup,
    /// First degraded minute (grid index).
    pub start_minute: u32,
    /// One past the last degraded minute.
    pub end_minute: u32,
    /// `warning` or `poor`.
    pub grade: String,
    /// "Audio sent: 6 minutes degraded (4 poor); worst Packet loss (avg) 14 %".
    pub summary: String,
}

/// The limits of one metric, for threshold bands on its chart.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
pub struct SeriesLimits {
    pub warning: f64,
    pub poor: f64,
    /// True when higher values are worse (latency, loss, CPU); false for frame rate and Wi-Fi.
    pub higher_is_worse: bool,
}

/// The limits drawn on a metric's chart; `None` when the metric is not graded by its own value
/// (bitrate is graded against the resolution's expected bitrate, resolution not at all).
pub fn limits(thresholds: &Thresholds, stream: Stream, metric: Metric) -> Option<SeriesLimits> {
    thresholds.level(stream.media(), metric).map(|level| SeriesLimits {
        warning: level.warning,
        poor: level.poor,
        higher_is_worse: level.worse == Worse::Above,
    })
}

fn short_stream_label(stream: Stream) -> String {
    let label = stream.label();
    match label.find(" (") {
        Some(i) => label[..i].to_owned(),
        None => label,
    }
}

/// "Audio sent · Packet loss (avg) 6.2 % (limit 3 %)".
fn cause_text(minute: &MinuteGrade) -> Option<String> {
    let c = minute.cause()?;
    let unit = c.metric.unit().symbol();
    let limit =
        if c.limit.is_finite() { format!(" (limit {} {unit})", format_number(round(c.limit))) } else { String::new() };
    Some(format!(
        "{} · {} {} {unit}{limit}",
        short_stream_label(c.stream),
        c.metric.label(),
        format_number(round(c.value))
    ))
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn minute_of(start: Option<DateTime<Utc>>, t: DateTime<Utc>) -> u32 {
    start.map(|s| (t - s).num_minutes().max(0) as u32).unwrap_or(0)
}

fn episode_mark(meeting: &Meeting, start: Option<DateTime<Utc>>, e: &Episode) -> EpisodeMark {
    let worst = e
        .worst
        .first()
        .map(|c| format!("; worst {} {} {}", c.metric.label(), format_number(round(c.value)), c.metric.unit().symbol()))
        .unwrap_or_default();
    let poor = if e.poor_minutes > 0 { format!(" ({} poor)", e.poor_minutes) } else { String::new() };
    let minutes = if e.degraded_minutes == 1 { "minute" } else { "minutes" };
    EpisodeMark {
        user_id: e.user_id.clone(),
        display_name: meeting
            .joins
            .get(e.join_index)
            .map(|j| display_name(meeting, j))
            .unwrap_or_else(|| e.user_name.clone()),
        stream: e.stream.key().to_owned(),
        group: StreamGroup::of(e.stream),
        start_minute: minute_of(start, e.start),
        end_minute: minute_of(start, e.end),
        grade: if e.grade == Grade::Poor { "poor" } else { "warning" }.to_owned(),
        summary: format!("{}: {} {minutes} degraded{poor}{worst}", short_stream_label(e.stream), e.degraded_minutes),
    }
}

/// The stream-group codes of one join, and for each group and minute the sample that decided it.
struct JoinCodes<'a> {
    codes: Vec<Vec<Grade>>,
    deciding: Vec<Vec<Option<&'a MinuteGrade>>>,
}

fn join_codes(join: &JoinGrades, minutes: usize) -> JoinCodes<'_> {
    let mut codes: Vec<Vec<Grade>> = vec![vec![Grade::NoData; minutes]; StreamGroup::ALL.len()];
    let mut deciding: Vec<Vec<Option<&MinuteGrade>>> = vec![vec![None; minutes]; StreamGroup::ALL.len()];
    for s in &join.streams {
        for (g, group) in StreamGroup::ALL.iter().enumerate() {
            if !group.contains(s.stream) {
                continue;
            }
            for (i, m) in s.minutes.iter().enumerate().take(minutes) {
                if m.grade > codes[g][i] {
                    codes[g][i] = m.grade;
                    deciding[g][i] = Some(m);
                }
            }
        }
    }
    JoinCodes { codes, deciding }
}

/// Builds the quality map from a meeting's analysis.
pub fn quality_map(meeting: &Meeting, analysis: &Analysis) -> QualityMap {
    let grades = &analysis.grades;
    let minutes = grades.minutes;
    let rows = grades
        .joins
        .iter()
        .map(|join| {
            let JoinCodes { codes, .. } = join_codes(join, minutes);
            let text = |g: usize| codes[g].iter().map(|&grade| grade_code(grade)).collect::<String>();
            QualityRow {
                user_id: join.user_id.clone(),
                all: text(0),
                audio: text(1),
                video: text(2),
                screen_share: text(3),
                device: text(4),
                zoom_verdict: meeting
                    .joins
                    .get(join.join_index)
                    .map(|j| ZoomVerdictView::from(&join_verdict(j, join)))
                    .unwrap_or_default(),
            }
        })
        .collect();
    QualityMap {
        start: grades.start.map(|s| s.timestamp() as f64),
        minutes: minutes as u32,
        rows,
        episodes: analysis.episodes.iter().map(|e| episode_mark(meeting, grades.start, e)).collect(),
        // From the snapshot, not the meeting: the workspace fills it in (`sharing::share_periods`).
        sharing: Vec::new(),
    }
}

/// What decided each degraded minute of the join `user_id`, per stream group; `None` when the
/// meeting has no such join.
pub fn minute_causes(analysis: &Analysis, user_id: &str) -> Option<MinuteCauses> {
    let grades = &analysis.grades;
    let join = grades.joins.iter().find(|j| j.user_id == user_id)?;
    let JoinCodes { deciding, .. } = join_codes(join, grades.minutes);
    let mut causes = Vec::new();
    for (g, group) in StreamGroup::ALL.iter().enumerate() {
        for (i, m) in deciding[g].iter().enumerate() {
            if let Some(text) = m.filter(|m| m.grade.is_degraded()).and_then(cause_text) {
                causes.push(MinuteCause { minute: i as u32, group: *group, text });
            }
        }
    }
    Some(MinuteCauses { user_id: join.user_id.clone(), causes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> (Meeting, Analysis) {
        let snapshot = qoscope_sim::demo_snapshot().unwrap();
        let meeting = snapshot.meeting().unwrap();
        let analysis = qoscope_diagnosis::analyze(&meeting, &Thresholds::default());
        (meeting, analysis)
    }

    #[test]
    fn every_join_has_one_code_per_minute_in_every_group() {
        let (meeting, analysis) = demo();
        let map = quality_map(&meeting, &analysis);
        assert_eq!(map.minutes, 60);
        assert_eq!(map.rows.len(), meeting.joins.len());
        for row in &map.rows {
            for codes in [&row.all, &row.audio, &row.video, &row.screen_share, &row.device] {
                assert_eq!(codes.chars().count(), 60, "{}", row.user_id);
                assert!(codes.chars().all(|c| "-gwp".contains(c)), "{codes}");
            }
        }
    }

    #[test]
    fn the_overall_code_is_the_worst_of_the_groups_and_degraded_minutes_say_why() {
        let (meeting, analysis) = demo();
        let map = quality_map(&meeting, &analysis);
        let rank = |c: char| "-gwp".find(c).unwrap();
        let mut degraded = 0;
        for row in &map.rows {
            let groups: Vec<Vec<char>> =
                [&row.audio, &row.video, &row.screen_share, &row.device].iter().map(|s| s.chars().collect()).collect();
            for (i, all) in row.all.chars().enumerate() {
                let worst = groups.iter().map(|g| rank(g[i])).max().unwrap();
                assert_eq!(rank(all), worst, "{} minute {i}", row.user_id);
                if all == 'w' || all == 'p' {
                    degraded += 1;
                    let causes = minute_causes(&analysis, &row.user_id).unwrap().causes;
                    let cause = causes.iter().find(|c| c.minute == i as u32 && c.group == StreamGroup::All);
                    assert!(cause.is_some_and(|c| c.text.contains(" · ")), "{} minute {i}", row.user_id);
                }
            }
        }
        assert!(degraded > 0, "the demo injects trouble");
    }

    #[test]
    fn causes_come_per_join_on_demand_and_only_for_degraded_minutes() {
        let (meeting, analysis) = demo();
        let map = quality_map(&meeting, &analysis);
        let json = serde_json::to_string(&map).unwrap();
        assert!(!json.contains(" · "), "the map itself carries no tooltip texts");
        for row in &map.rows {
            let causes = minute_causes(&analysis, &row.user_id).unwrap();
            assert_eq!(causes.user_id, row.user_id);
            let codes = |g: StreamGroup| match g {
                StreamGroup::All => &row.all,
                StreamGroup::Audio => &row.audio,
                StreamGroup::Video => &row.video,
                StreamGroup::ScreenShare => &row.screen_share,
                StreamGroup::Device => &row.device,
            };
            for c in &causes.causes {
                let code = codes(c.group).chars().nth(c.minute as usize);
                assert!(matches!(code, Some('w' | 'p')), "{} {:?} minute {}: {code:?}", row.user_id, c.group, c.minute);
            }
        }
        assert!(minute_causes(&analysis, "no such join").is_none());
    }

    #[test]
    fn a_join_that_left_has_no_data_after_leaving_never_good() {
        let (meeting, analysis) = demo();
        let map = quality_map(&meeting, &analysis);
        let marcus = meeting.joins.iter().position(|j| j.user_name == "Marcus Silva").unwrap();
        assert!(map.rows[marcus].all[31..].chars().all(|c| c == '-'));
    }

    #[test]
    fn episodes_sit_on_the_grid_and_describe_themselves() {
        let (meeting, analysis) = demo();
        let map = quality_map(&meeting, &analysis);
        assert!(!map.episodes.is_empty());
        for e in &map.episodes {
            assert!(e.start_minute < e.end_minute && e.end_minute <= map.minutes, "{e:?}");
            assert!(e.summary.contains("degraded"), "{}", e.summary);
            assert!(e.grade == "poor" || e.grade == "warning");
        }
    }

    #[test]
    fn rows_carry_zooms_verdict_beside_ours_and_the_disagreement() {
        use crate::zoom_verdict::{MediumVerdictView, QualityWord};
        let (mut meeting, _) = demo();
        let zoe = meeting.joins.iter().position(|j| j.user_name == "Zoë 王").unwrap();
        meeting.joins[zoe].zoom_quality.audio = Some(qoscope_model::ZoomGrade::Good);
        let analysis = qoscope_diagnosis::analyze(&meeting, &Thresholds::default());
        let map = quality_map(&meeting, &analysis);
        assert_eq!(
            map.rows[zoe].zoom_verdict.audio,
            MediumVerdictView { zoom: Some(QualityWord::Good), qoscope: Some(QualityWord::Poor), disagree: true }
        );
        let phone = meeting.joins.iter().position(|j| j.device.as_deref() == Some("Phone")).unwrap();
        let v = map.rows[phone].zoom_verdict;
        assert_eq!((v.audio.zoom, v.video), (Some(QualityWord::Fair), MediumVerdictView::default()));
        let disagreeing = map.rows.iter().filter(|r| r.zoom_verdict.audio.disagree).count();
        assert_eq!(disagreeing, 1, "only the changed verdict contradicts ours");
    }

    #[test]
    fn limits_exist_for_graded_metrics_only() {
        let t = Thresholds::default();
        let loss = limits(&t, Stream::AudioInput, Metric::AvgLoss).unwrap();
        assert!(loss.higher_is_worse && loss.warning < loss.poor);
        let fps = limits(&t, Stream::VideoInput, Metric::FrameRate).unwrap();
        assert!(!fps.higher_is_worse && fps.warning > fps.poor);
        assert!(limits(&t, Stream::AudioInput, Metric::Bitrate).is_none());
        assert!(limits(&t, Stream::VideoInput, Metric::Resolution).is_none());
    }
}
