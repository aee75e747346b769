//! Zoom Dashboard QoS data, from raw JSON to a meeting QoScope can show.
//!
//! * [`raw`] mirrors Zoom's responses leniently: every field optional, unknown fields ignored,
//!   wrong types kept as "invalid" instead of failing the page.
//! * [`metric`] turns Zoom's metric strings (`"27.15 kbps"`, `"1280*720"`, `""`) into numbers
//!   with units; an empty string is *no value*, never zero.
//! * [`meeting`] derives the meeting view (joins, people, per-minute samples) from raw pages.
//! * [`bounds`] caps every size the data can make QoScope allocate (minutes, joins, samples).
//! * [`csv`] writes the canonical CSV that automation relies on.
//! * [`names`] the one display-name rule ("Marcus Silva (1/2)" for a person's joins).
//! * [`text`] the one sanitizer for untrusted text shown to people (control and bidi characters).
//! * [`join_facts`] the per-join facts Zoom added in 2024–2026 (connection types, socket breaks,
//!   CPU pressure, webinar health), read leniently.
//! * [`zoom_quality`] Zoom's own per-join verdicts (good / fair / poor / bad), a closed vocabulary.

pub mod bounds;
pub mod csv;
pub mod join_facts;
pub mod lenient;
pub mod meeting;
pub mod metric;
pub mod names;
pub mod raw;
mod stream_family;
pub mod text;
pub mod zoom_quality;

pub use join_facts::JoinFacts;
pub use meeting::{DataIssue, Join, Meeting, MeetingInfo, Person, Reading, Sample};
pub use metric::{Metric, MetricKey, MetricValue, Stream, Unit};
pub use zoom_quality::{ZoomGrade, ZoomQuality};
