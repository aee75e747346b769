//! Per-minute grades: per join, per stream, and the worst over a join's streams.
//!
//! Minutes are counted on one grid for the whole meeting, from the first sample minute of any
//! join to the last. A minute without a sample, or a stream without a graded value in it, is
//! [`Grade::NoData`] — never Good.

use crate::thresholds::{is_symptom, Grade, Thresholds, Worse};
use chrono::{DateTime, Duration, Utc};
use qoscope_model::metric::Media;
use qoscope_model::{Join, Meeting, Metric, MetricValue, Stream};
use serde::{Deserialize, Serialize};

const STREAMS: usize = Stream::ALL.len();
const METRICS: usize = Metric::ALL.len();

/// The values of one stream in one sample, indexed by `Metric as usize`.
pub type StreamValues = [Option<MetricValue>; METRICS];

/// Why a minute is degraded: one metric beyond a limit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Cause {
    pub stream: Stream,
    pub metric: Metric,
    pub grade: Grade,
    /// The measured value in the metric's unit (bitrate: kbps).
    pub value: f64,
    /// The limit it crossed, in the same unit (bitrate: expected kbps × the ratio limit).
    pub limit: f64,
    pub worse: Worse,
}

impl Cause {
    /// Whether `self` is a worse value than `other` (same metric assumed).
    pub fn is_worse_than(&self, other: &Cause) -> bool {
        match self.worse {
            Worse::Above => self.value > other.value,
            Worse::Below => self.value < other.value,
        }
    }
}

/// The grade of one minute and every metric that made it degraded (worst grade first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MinuteGrade {
    pub grade: Grade,
    pub causes: Vec<Cause>,
}

impl MinuteGrade {
    pub const NO_DATA: MinuteGrade = MinuteGrade { grade: Grade::NoData, causes: Vec::new() };

    /// The metric that decided the grade.
    pub fn cause(&self) -> Option<&Cause> {
        self.causes.first()
    }

    /// The causes that are symptoms (network, CPU, Wi-Fi; see [`crate::thresholds::is_symptom`]):
    /// the ones that can make a finding.
    pub fn symptoms(&self) -> impl Iterator<Item = &Cause> {
        self.causes.iter().filter(|c| is_symptom(c.stream.media(), c.metric))
    }

    /// The worst grade of the symptoms alone: Good when only content-dependent metrics (bitrate,
    /// resolution, frame rate) are degraded, NoData without data.
    pub fn symptom_grade(&self) -> Grade {
        match self.grade {
            Grade::NoData => Grade::NoData,
            _ => self.symptoms().map(|c| c.grade).max().unwrap_or(Grade::Good),
        }
    }
}

/// One stream of one join, minute by minute on the meeting grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StreamGrades {
    pub stream: Stream,
    pub minutes: Vec<MinuteGrade>,
}

/// One join's grades. Only streams with at least one graded value are listed (a phone join has
/// no video streams).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JoinGrades {
    /// Index into [`Meeting::joins`].
    pub join_index: usize,
    pub user_id: String,
    pub user_name: String,
    pub streams: Vec<StreamGrades>,
    /// Per minute, the worst grade over all streams (its `causes` come from every stream).
    pub overall: Vec<MinuteGrade>,
}

impl JoinGrades {
    pub fn stream(&self, stream: Stream) -> Option<&StreamGrades> {
        self.streams.iter().find(|s| s.stream == stream)
    }
}

/// Grades of a whole meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingGrades {
    /// The first minute of the grid (`None` when the meeting has no samples).
    pub start: Option<DateTime<Utc>>,
    pub minutes: usize,
    pub joins: Vec<JoinGrades>,
}

impl MeetingGrades {
    /// The wall-clock start of grid minute `i`.
    pub fn minute_time(&self, i: usize) -> Option<DateTime<Utc>> {
        self.start.map(|s| s + Duration::minutes(i as i64))
    }

    /// The grades of the join with index `join_index` (stored in join order, so usually direct).
    pub fn join(&self, join_index: usize) -> Option<&JoinGrades> {
        match self.joins.get(join_index) {
            Some(g) if g.join_index == join_index => Some(g),
            _ => self.joins.iter().find(|g| g.join_index == join_index),
        }
    }

    /// The grid index of the minute that contains `t` (`None` before the grid or without one).
    pub fn minute_index(&self, t: DateTime<Utc>) -> Option<usize> {
        let minutes = (floor_minute(t) - self.start?).num_minutes();
        usize::try_from(minutes).ok()
    }
}

/// Truncates to the whole minute.
pub(crate) fn floor_minute(t: DateTime<Utc>) -> DateTime<Utc> {
    let secs = t.timestamp().div_euclid(60) * 60;
    DateTime::from_timestamp(secs, 0).unwrap_or(t)
}

/// Grades every join of the meeting.
pub fn grade_meeting(meeting: &Meeting, thresholds: &Thresholds) -> MeetingGrades {
    let Some((lo, hi)) = meeting.time_range() else {
        return MeetingGrades {
            start: None,
            minutes: 0,
            joins: meeting.joins.iter().enumerate().map(|(i, j)| empty_join(i, j, 0)).collect(),
        };
    };
    let start = floor_minute(lo);
    let span = (floor_minute(hi) - start).num_minutes().saturating_add(1);
    let minutes = qoscope_model::bounds::capped_grid_minutes(span, meeting.joins.len());
    let joins = meeting.joins.iter().enumerate().map(|(i, j)| grade_join(i, j, start, minutes, thresholds)).collect();
    MeetingGrades { start: Some(start), minutes, joins }
}

fn empty_join(index: usize, join: &Join, minutes: usize) -> JoinGrades {
    JoinGrades {
        join_index: index,
        user_id: join.user_id.clone(),
        user_name: join.user_name.clone(),
        streams: Vec::new(),
        overall: vec![MinuteGrade::NO_DATA; minutes],
    }
}

/// Calls `f(minute_index, stream, values)` for every stream with a value in every sample of
/// the join that falls on the grid.
pub(crate) fn for_each_stream_sample(
    join: &Join,
    start: DateTime<Utc>,
    minutes: usize,
    mut f: impl FnMut(usize, Stream, &StreamValues),
) {
    let mut table: [StreamValues; STREAMS] = [[None; METRICS]; STREAMS];
    for sample in &join.samples {
        let offset = (floor_minute(sample.time) - start).num_minutes();
        let Ok(minute) = usize::try_from(offset) else { continue };
        if minute >= minutes {
            continue;
        }
        let mut present = [false; STREAMS];
        for row in table.iter_mut() {
            *row = [None; METRICS];
        }
        for (key, value) in sample.pairs() {
            table[key.stream as usize][key.metric as usize] = Some(value);
            present[key.stream as usize] = true;
        }
        for stream in Stream::ALL {
            if present[stream as usize] {
                f(minute, stream, &table[stream as usize]);
            }
        }
    }
}

fn grade_join(index: usize, join: &Join, start: DateTime<Utc>, minutes: usize, t: &Thresholds) -> JoinGrades {
    let mut out = empty_join(index, join, minutes);
    let mut slot: [Option<usize>; STREAMS] = [None; STREAMS];
    for_each_stream_sample(join, start, minutes, |minute, stream, values| {
        let Some(grade) = grade_stream(t, stream, values) else { return };
        let i = *slot[stream as usize].get_or_insert_with(|| {
            out.streams.push(StreamGrades { stream, minutes: vec![MinuteGrade::NO_DATA; minutes] });
            out.streams.len() - 1
        });
        // Two samples in one minute (should not happen): keep the worse.
        let cell = &mut out.streams[i].minutes[minute];
        if grade.grade >= cell.grade {
            *cell = grade;
        }
    });
    out.streams.sort_by_key(|s| s.stream);
    for (minute, overall) in out.overall.iter_mut().enumerate() {
        let mut grade = Grade::NoData;
        let mut causes: Vec<Cause> = Vec::new();
        for s in &out.streams {
            let m = &s.minutes[minute];
            grade = grade.max(m.grade);
            causes.extend_from_slice(&m.causes);
        }
        causes.sort_by_key(|c| std::cmp::Reverse(c.grade));
        *overall = MinuteGrade { grade, causes };
    }
    out
}

/// The grade of one metric of one stream in one sample, with the limit crossed. `None` when the
/// metric has no value or is not graded for this stream (audio bitrate, resolution, Zoom CPU, …).
pub fn grade_metric(t: &Thresholds, stream: Stream, metric: Metric, values: &StreamValues) -> Option<Cause> {
    let media = stream.media();
    let value = values[metric as usize]?.as_f64();
    let is_visual = matches!(media, Media::Video | Media::ScreenShare);
    if is_visual && matches!(metric, Metric::FrameRate | Metric::Bitrate) && is_off(values) {
        return None;
    }
    let (level, measured, scale) = match (media, metric) {
        (Media::Video, Metric::Bitrate) => {
            let height = match values[Metric::Resolution as usize]? {
                MetricValue::Resolution { height, .. } => height,
                MetricValue::Number(h) => h as u32,
            };
            let expected = t.video_bitrate.expected_for(height)?;
            (t.video_bitrate.ratio, value / expected, expected)
        }
        _ => (t.level(media, metric)?, value, 1.0),
    };
    let (grade, limit) = level.grade(measured);
    Some(Cause { stream, metric, grade, value, limit: limit.unwrap_or(f64::NAN) * scale, worse: level.worse })
}

/// A video or share stream that sends nothing this minute: `0×0` resolution or zero bitrate.
fn is_off(values: &StreamValues) -> bool {
    let zero_res = matches!(values[Metric::Resolution as usize], Some(MetricValue::Resolution { width: 0, .. }))
        || matches!(values[Metric::Resolution as usize], Some(MetricValue::Resolution { height: 0, .. }));
    let zero_rate = values[Metric::Bitrate as usize].is_some_and(|v| v.as_f64() == 0.0);
    zero_res || zero_rate
}

/// The grade of one stream in one sample: the worst over its graded metrics; `None` when none
/// of its metrics is graded (NoData).
pub fn grade_stream(t: &Thresholds, stream: Stream, values: &StreamValues) -> Option<MinuteGrade> {
    let mut grade = None;
    let mut causes = Vec::new();
    for metric in Metric::ALL {
        let Some(c) = grade_metric(t, stream, metric, values) else { continue };
        grade = grade.max(Some(c.grade));
        if c.grade.is_degraded() {
            causes.push(c);
        }
    }
    causes.sort_by_key(|c| std::cmp::Reverse(c.grade));
    grade.map(|grade| MinuteGrade { grade, causes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::*;

    #[test]
    fn a_hand_built_meeting_spanning_ten_thousand_years_gets_a_capped_grid() {
        let mut far = audio(0, 0.0);
        far.time = DateTime::parse_from_rfc3339("9999-12-31T23:59:00Z").unwrap().into();
        let mut early = audio(0, 0.0);
        early.time = DateTime::parse_from_rfc3339("0001-01-01T00:00:00Z").unwrap().into();
        let m = meeting(vec![join("1", vec![early, audio(1, 0.0), far])]);
        let grades = grade_meeting(&m, &Thresholds::default());
        assert_eq!(grades.minutes, qoscope_model::bounds::MAX_GRID_MINUTES);
        assert_eq!(grades.joins[0].overall.len(), grades.minutes);
    }

    #[test]
    fn a_value_exactly_at_the_warning_threshold_is_good() {
        let m = meeting(vec![loss_join("1", &[Some(3.0), Some(3.5), Some(10.0), Some(10.5)])]);
        let g = grade_meeting(&m, &Thresholds::default());
        let sent = g.joins[0].stream(Stream::AudioInput).unwrap();
        let grades: Vec<Grade> = sent.minutes.iter().map(|m| m.grade).collect();
        assert_eq!(grades, vec![Grade::Good, Grade::Warning, Grade::Warning, Grade::Poor]);
        let cause = sent.minutes[3].cause().unwrap();
        assert_eq!((cause.metric, cause.value, cause.limit), (Metric::AvgLoss, 10.5, 10.0));
        assert_eq!(g.joins[0].overall[3].grade, Grade::Poor);
        assert_eq!(g.joins[0].overall[3].cause().unwrap().stream, Stream::AudioInput);
    }

    #[test]
    fn missing_minutes_are_no_data_never_good() {
        let m = meeting(vec![loss_join("1", &[Some(0.0), None, None, Some(0.0)]), join("2", vec![])]);
        let g = grade_meeting(&m, &Thresholds::default());
        assert_eq!(g.minutes, 4);
        let overall: Vec<Grade> = g.joins[0].overall.iter().map(|m| m.grade).collect();
        assert_eq!(overall, vec![Grade::Good, Grade::NoData, Grade::NoData, Grade::Good]);
        assert!(g.joins[1].streams.is_empty());
        assert!(g.joins[1].overall.iter().all(|m| m.grade == Grade::NoData));
    }

    #[test]
    fn a_stream_with_only_ungraded_values_is_no_data() {
        let m = meeting(vec![join("1", vec![sample(0, &[(Stream::AudioInput, Metric::Bitrate, 20.0)])])]);
        let g = grade_meeting(&m, &Thresholds::default());
        assert!(g.joins[0].streams.is_empty());
        assert_eq!(g.joins[0].overall[0].grade, Grade::NoData);
    }

    #[test]
    fn an_audio_only_participant_has_no_video_grades() {
        let m = meeting(vec![loss_join("phone", &[Some(0.0), Some(0.1)])]);
        let g = grade_meeting(&m, &Thresholds::default());
        let media: Vec<Media> = g.joins[0].streams.iter().map(|s| s.stream.media()).collect();
        assert_eq!(media, vec![Media::Audio, Media::Audio]);
    }

    #[test]
    fn minutes_after_leaving_early_are_no_data() {
        let m = meeting(vec![
            loss_join("early", &[Some(0.0), Some(0.0)]),
            loss_join("stays", &[Some(0.0), Some(0.0), Some(0.0), Some(0.0), Some(0.0)]),
        ]);
        let g = grade_meeting(&m, &Thresholds::default());
        assert_eq!(g.minutes, 5);
        let early: Vec<Grade> = g.joins[0].overall.iter().map(|m| m.grade).collect();
        assert_eq!(early, vec![Grade::Good, Grade::Good, Grade::NoData, Grade::NoData, Grade::NoData]);
    }

    #[test]
    fn video_frame_rate_and_bitrate_against_resolution() {
        use qoscope_model::{MetricKey, Sample};
        let video = |minute: i64, w: u32, h: u32, kbps: f64, fps: f64| {
            let key = |metric| MetricKey { stream: Stream::VideoInput, metric };
            Sample::new(
                at(minute),
                [
                    (key(Metric::Resolution), MetricValue::Resolution { width: w, height: h }),
                    (key(Metric::Bitrate), MetricValue::Number(kbps)),
                    (key(Metric::FrameRate), MetricValue::Number(fps)),
                ],
            )
        };
        let m = meeting(vec![join(
            "1",
            vec![
                video(0, 1280, 720, 1400.0, 28.0),
                video(1, 1280, 720, 160.0, 28.0), // 0.4 of 400: warning
                video(2, 1280, 720, 1400.0, 6.0), // frame rate poor
                video(3, 0, 0, 0.0, 0.0),         // camera off: nothing graded
                video(4, 640, 360, 105.0, 25.0),  // 0.7 of 150: good
            ],
        )]);
        let g = grade_meeting(&m, &Thresholds::default());
        let v = g.joins[0].stream(Stream::VideoInput).unwrap();
        let grades: Vec<Grade> = v.minutes.iter().map(|m| m.grade).collect();
        assert_eq!(grades, vec![Grade::Good, Grade::Warning, Grade::Poor, Grade::NoData, Grade::Good]);
        let c = v.minutes[1].cause().unwrap();
        assert_eq!((c.metric, c.value, c.limit), (Metric::Bitrate, 160.0, 200.0));
        assert_eq!(v.minutes[2].cause().unwrap().metric, Metric::FrameRate);
    }
}
