//! Zoom's metric strings as numbers with units.
//!
//! Zoom sends `"27.15 kbps"`, `"126 ms"`, `"0.03%"`, `"12 fps"`, `"1280*720"` (or `"1920x1080"`),
//! CPU `"11%"` and Wi-Fi RSSI integers. `""` is *no value* (inactive stream, privacy rules) and
//! is never turned into zero. Anything that cannot be a real measurement (`"NaN"`, `"-5 ms"`,
//! `"1e309 kbps"`, `"100000%"`) is an error the caller reports, not a number.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A stream object in a QoS sample, named by its Zoom JSON key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stream {
    AudioInput,
    AudioOutput,
    VideoInput,
    VideoOutput,
    AsInput,
    AsOutput,
    AudioDeviceFromCrc,
    AudioDeviceToCrc,
    VideoDeviceFromCrc,
    VideoDeviceToCrc,
    AsDeviceFromCrc,
    AsDeviceToCrc,
    AudioDeviceFromRwg,
    AudioDeviceToRwg,
    VideoDeviceFromRwg,
    VideoDeviceToRwg,
    AsDeviceFromRwg,
    AsDeviceToRwg,
    CpuUsage,
    WifiRssi,
}

/// What a stream carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Media {
    Audio,
    Video,
    ScreenShare,
    Cpu,
    Wifi,
}

/// Which way the media flows, as far as Zoom's names tell (Zoom does not document it:
/// `*_input` / `*_from_*` is most likely what the participant sends).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Sent,
    Received,
    /// CPU and Wi-Fi describe the device, not a direction.
    Device,
}

impl Stream {
    pub const ALL: [Stream; 20] = [
        Stream::AudioInput,
        Stream::AudioOutput,
        Stream::VideoInput,
        Stream::VideoOutput,
        Stream::AsInput,
        Stream::AsOutput,
        Stream::AudioDeviceFromCrc,
        Stream::AudioDeviceToCrc,
        Stream::VideoDeviceFromCrc,
        Stream::VideoDeviceToCrc,
        Stream::AsDeviceFromCrc,
        Stream::AsDeviceToCrc,
        Stream::AudioDeviceFromRwg,
        Stream::AudioDeviceToRwg,
        Stream::VideoDeviceFromRwg,
        Stream::VideoDeviceToRwg,
        Stream::AsDeviceFromRwg,
        Stream::AsDeviceToRwg,
        Stream::CpuUsage,
        Stream::WifiRssi,
    ];

    /// Zoom's JSON key (also the `stream` column of the canonical CSV).
    pub fn key(self) -> &'static str {
        match self {
            Stream::AudioInput => "audio_input",
            Stream::AudioOutput => "audio_output",
            Stream::VideoInput => "video_input",
            Stream::VideoOutput => "video_output",
            Stream::AsInput => "as_input",
            Stream::AsOutput => "as_output",
            Stream::AudioDeviceFromCrc => "audio_device_from_crc",
            Stream::AudioDeviceToCrc => "audio_device_to_crc",
            Stream::VideoDeviceFromCrc => "video_device_from_crc",
            Stream::VideoDeviceToCrc => "video_device_to_crc",
            Stream::AsDeviceFromCrc => "as_device_from_crc",
            Stream::AsDeviceToCrc => "as_device_to_crc",
            Stream::AudioDeviceFromRwg => "audio_device_from_rwg",
            Stream::AudioDeviceToRwg => "audio_device_to_rwg",
            Stream::VideoDeviceFromRwg => "video_device_from_rwg",
            Stream::VideoDeviceToRwg => "video_device_to_rwg",
            Stream::AsDeviceFromRwg => "as_device_from_rwg",
            Stream::AsDeviceToRwg => "as_device_to_rwg",
            Stream::CpuUsage => "cpu_usage",
            Stream::WifiRssi => "wifi_rssi",
        }
    }

    pub fn from_key(key: &str) -> Option<Stream> {
        Stream::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn media(self) -> Media {
        use Stream::*;
        match self {
            AudioInput | AudioOutput | AudioDeviceFromCrc | AudioDeviceToCrc | AudioDeviceFromRwg
            | AudioDeviceToRwg => Media::Audio,
            VideoInput | VideoOutput | VideoDeviceFromCrc | VideoDeviceToCrc | VideoDeviceFromRwg
            | VideoDeviceToRwg => Media::Video,
            AsInput | AsOutput | AsDeviceFromCrc | AsDeviceToCrc | AsDeviceFromRwg | AsDeviceToRwg => {
                Media::ScreenShare
            }
            CpuUsage => Media::Cpu,
            WifiRssi => Media::Wifi,
        }
    }

    pub fn direction(self) -> Direction {
        use Stream::*;
        match self {
            AudioInput | VideoInput | AsInput | AudioDeviceFromCrc | VideoDeviceFromCrc | AsDeviceFromCrc
            | AudioDeviceFromRwg | VideoDeviceFromRwg | AsDeviceFromRwg => Direction::Sent,
            AudioOutput | VideoOutput | AsOutput | AudioDeviceToCrc | VideoDeviceToCrc | AsDeviceToCrc
            | AudioDeviceToRwg | VideoDeviceToRwg | AsDeviceToRwg => Direction::Received,
            CpuUsage | WifiRssi => Direction::Device,
        }
    }

    /// A label for people: "Audio sent (audio_input)".
    pub fn label(self) -> String {
        let media = match self.media() {
            Media::Audio => "Audio",
            Media::Video => "Video",
            Media::ScreenShare => "Screen share",
            Media::Cpu => return "CPU".to_owned(),
            Media::Wifi => return "Wi-Fi".to_owned(),
        };
        let dir = match self.direction() {
            Direction::Sent => "sent",
            Direction::Received => "received",
            Direction::Device => "",
        };
        format!("{media} {dir} ({})", self.key())
    }
}

impl fmt::Display for Stream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A metric inside a stream object, named by its Zoom JSON key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    Bitrate,
    Latency,
    Jitter,
    AvgLoss,
    MaxLoss,
    Resolution,
    FrameRate,
    ZoomMinCpuUsage,
    ZoomAvgCpuUsage,
    ZoomMaxCpuUsage,
    SystemMaxCpuUsage,
    MaxRssi,
    AvgRssi,
    MinRssi,
}

impl Metric {
    pub const ALL: [Metric; 14] = [
        Metric::Bitrate,
        Metric::Latency,
        Metric::Jitter,
        Metric::AvgLoss,
        Metric::MaxLoss,
        Metric::Resolution,
        Metric::FrameRate,
        Metric::ZoomMinCpuUsage,
        Metric::ZoomAvgCpuUsage,
        Metric::ZoomMaxCpuUsage,
        Metric::SystemMaxCpuUsage,
        Metric::MaxRssi,
        Metric::AvgRssi,
        Metric::MinRssi,
    ];

    /// Zoom's JSON key (also the `metric` column of the canonical CSV).
    pub fn key(self) -> &'static str {
        match self {
            Metric::Bitrate => "bitrate",
            Metric::Latency => "latency",
            Metric::Jitter => "jitter",
            Metric::AvgLoss => "avg_loss",
            Metric::MaxLoss => "max_loss",
            Metric::Resolution => "resolution",
            Metric::FrameRate => "frame_rate",
            Metric::ZoomMinCpuUsage => "zoom_min_cpu_usage",
            Metric::ZoomAvgCpuUsage => "zoom_avg_cpu_usage",
            Metric::ZoomMaxCpuUsage => "zoom_max_cpu_usage",
            Metric::SystemMaxCpuUsage => "system_max_cpu_usage",
            Metric::MaxRssi => "max_rssi",
            Metric::AvgRssi => "avg_rssi",
            Metric::MinRssi => "min_rssi",
        }
    }

    pub fn from_key(key: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.key() == key)
    }

    /// The unit values of this metric are stored in.
    pub fn unit(self) -> Unit {
        match self {
            Metric::Bitrate => Unit::Kbps,
            Metric::Latency | Metric::Jitter => Unit::Ms,
            Metric::AvgLoss
            | Metric::MaxLoss
            | Metric::ZoomMinCpuUsage
            | Metric::ZoomAvgCpuUsage
            | Metric::ZoomMaxCpuUsage
            | Metric::SystemMaxCpuUsage => Unit::Percent,
            Metric::Resolution => Unit::Px,
            Metric::FrameRate => Unit::Fps,
            Metric::MaxRssi | Metric::AvgRssi | Metric::MinRssi => Unit::Dbm,
        }
    }

    /// Whether this metric belongs in objects of this stream.
    pub fn belongs_to(self, stream: Stream) -> bool {
        match stream {
            Stream::CpuUsage => matches!(
                self,
                Metric::ZoomMinCpuUsage | Metric::ZoomAvgCpuUsage | Metric::ZoomMaxCpuUsage | Metric::SystemMaxCpuUsage
            ),
            Stream::WifiRssi => matches!(self, Metric::MaxRssi | Metric::AvgRssi | Metric::MinRssi),
            s => match self {
                Metric::Bitrate | Metric::Latency | Metric::Jitter | Metric::AvgLoss | Metric::MaxLoss => true,
                Metric::Resolution | Metric::FrameRate => s.media() != Media::Audio,
                _ => false,
            },
        }
    }

    /// A label for people: "Bitrate".
    pub fn label(self) -> &'static str {
        match self {
            Metric::Bitrate => "Bitrate",
            Metric::Latency => "Latency",
            Metric::Jitter => "Jitter",
            Metric::AvgLoss => "Packet loss (avg)",
            Metric::MaxLoss => "Packet loss (max)",
            Metric::Resolution => "Resolution",
            Metric::FrameRate => "Frame rate",
            Metric::ZoomMinCpuUsage => "Zoom CPU (min)",
            Metric::ZoomAvgCpuUsage => "Zoom CPU (avg)",
            Metric::ZoomMaxCpuUsage => "Zoom CPU (max)",
            Metric::SystemMaxCpuUsage => "System CPU (max)",
            Metric::MaxRssi => "Wi-Fi signal (max)",
            Metric::AvgRssi => "Wi-Fi signal (avg)",
            Metric::MinRssi => "Wi-Fi signal (min)",
        }
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A (stream, metric) pair: one line on a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MetricKey {
    pub stream: Stream,
    pub metric: Metric,
}

/// The units of the canonical CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Unit {
    #[serde(rename = "kbps")]
    Kbps,
    #[serde(rename = "ms")]
    Ms,
    #[serde(rename = "%")]
    Percent,
    #[serde(rename = "fps")]
    Fps,
    #[serde(rename = "px")]
    Px,
    #[serde(rename = "dBm")]
    Dbm,
}

impl Unit {
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::Kbps => "kbps",
            Unit::Ms => "ms",
            Unit::Percent => "%",
            Unit::Fps => "fps",
            Unit::Px => "px",
            Unit::Dbm => "dBm",
        }
    }
}

/// A parsed measurement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MetricValue {
    /// A number in the metric's [`Metric::unit`].
    Number(f64),
    /// Width × height in pixels; `0*0` is a real value (the stream was off), kept as such.
    Resolution { width: u32, height: u32 },
}

impl MetricValue {
    /// The value as one number for charts: resolution becomes its height (720 for 1280×720),
    /// the figure people use for video quality ("720p").
    pub fn as_f64(self) -> f64 {
        match self {
            MetricValue::Number(v) => v,
            MetricValue::Resolution { height, .. } => f64::from(height),
        }
    }

    /// The canonical CSV text of the value: the shortest exact decimal, or `WxH`.
    pub fn csv_text(self) -> String {
        match self {
            MetricValue::Number(v) => format_number(v),
            MetricValue::Resolution { width, height } => format!("{width}x{height}"),
        }
    }
}

/// Prints a number without a trailing `.0` and without exponent noise: `23`, `27.15`, `-67`.
pub fn format_number(v: f64) -> String {
    if v == v.trunc() && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Why a metric string is not a measurement.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MetricParseError {
    #[error("{raw:?} is not a number")]
    NotANumber { raw: String },
    #[error("{raw:?} has unit {found:?} where {expected} was expected")]
    WrongUnit { raw: String, found: String, expected: &'static str },
    #[error("{raw:?} is out of range for {metric}")]
    OutOfRange { raw: String, metric: &'static str },
    #[error("{raw:?} is not a resolution like 1280*720")]
    BadResolution { raw: String },
    #[error("a value of the wrong JSON type where {metric} was expected")]
    WrongType { metric: &'static str },
}

/// Largest plausible values; beyond them a value is an error, not a measurement.
const MAX_KBPS: f64 = 100_000_000.0; // 100 Gbps
const MAX_MS: f64 = 3_600_000.0; // an hour
const MAX_FPS: f64 = 1_000.0;
const MAX_PIXELS_SIDE: u32 = 100_000;

/// Parses one metric value as Zoom sends it. `Ok(None)` means *no value* (`""`).
pub fn parse_metric_str(metric: Metric, raw: &str) -> Result<Option<MetricValue>, MetricParseError> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if metric == Metric::Resolution {
        return parse_resolution(text).map(Some);
    }
    let (number, unit) = split_number_unit(text);
    let mut value = f64::from_str(number)
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| MetricParseError::NotANumber { raw: raw.to_owned() })?;
    // Case-insensitive unit match without allocating (this runs for every value of a meeting).
    let is = |u: &str| unit.eq_ignore_ascii_case(u);
    let expected = metric.unit();
    let unit_ok = match expected {
        Unit::Kbps => {
            if unit.is_empty() || is("kbps") || is("kb/s") {
                true
            } else if is("mbps") || is("mb/s") {
                value *= 1000.0;
                true
            } else if is("bps") || is("b/s") {
                value /= 1000.0;
                true
            } else {
                false
            }
        }
        Unit::Ms => unit.is_empty() || is("ms"),
        Unit::Percent => unit.is_empty() || is("%"),
        Unit::Fps => unit.is_empty() || is("fps"),
        Unit::Dbm => unit.is_empty() || is("dbm"),
        Unit::Px => unreachable!("resolution handled above"),
    };
    if !unit_ok {
        return Err(MetricParseError::WrongUnit {
            raw: raw.to_owned(),
            found: unit.to_owned(),
            expected: expected.symbol(),
        });
    }
    let in_range = match expected {
        Unit::Kbps => (0.0..=MAX_KBPS).contains(&value),
        Unit::Ms => (0.0..=MAX_MS).contains(&value),
        Unit::Percent => (0.0..=100.0).contains(&value),
        Unit::Fps => (0.0..=MAX_FPS).contains(&value),
        Unit::Dbm => (-150.0..=0.0).contains(&value),
        Unit::Px => true,
    };
    if !in_range {
        return Err(MetricParseError::OutOfRange { raw: raw.to_owned(), metric: metric.key() });
    }
    // Normalise -0 to 0 so the CSV never prints "-0".
    Ok(Some(MetricValue::Number(if value == 0.0 { 0.0 } else { value })))
}

/// Parses a metric value that Zoom sent as a JSON number (RSSI integers, or a proxy that
/// converted strings). Numbers carry no unit, so they are taken in the metric's unit.
pub fn parse_metric_number(metric: Metric, value: f64) -> Result<Option<MetricValue>, MetricParseError> {
    if metric == Metric::Resolution {
        return Err(MetricParseError::BadResolution { raw: value.to_string() });
    }
    parse_metric_str(metric, &format_number_for_parse(value))
}

fn format_number_for_parse(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        "NaN".to_owned()
    }
}

/// Splits `"27.15 kbps"` into `("27.15", "kbps")` and `"0.03%"` into `("0.03", "%")`.
fn split_number_unit(text: &str) -> (&str, &str) {
    let end = text
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_digit()
                || c == '.'
                || c == '-'
                || c == '+'
                || ((c == 'e' || c == 'E')
                    && i > 0
                    && text[i + 1..].starts_with(|n: char| n.is_ascii_digit() || n == '-' || n == '+')))
        })
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    (text[..end].trim(), text[end..].trim())
}

fn parse_resolution(text: &str) -> Result<MetricValue, MetricParseError> {
    let bad = || MetricParseError::BadResolution { raw: text.to_owned() };
    let (w, h) = text.split_once(['*', 'x', 'X']).ok_or_else(bad)?;
    let width: u32 = w.trim().parse().map_err(|_| bad())?;
    let height: u32 = h.trim().parse().map_err(|_| bad())?;
    if width > MAX_PIXELS_SIDE || height > MAX_PIXELS_SIDE {
        return Err(bad());
    }
    Ok(MetricValue::Resolution { width, height })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(metric: Metric, raw: &str) -> f64 {
        match parse_metric_str(metric, raw).unwrap().unwrap() {
            MetricValue::Number(v) => v,
            other => panic!("expected a number, got {other:?}"),
        }
    }

    #[test]
    fn parses_zoom_published_examples() {
        assert_eq!(num(Metric::Bitrate, "23 kbps"), 23.0);
        assert_eq!(num(Metric::Bitrate, "27.15 kbps"), 27.15);
        assert_eq!(num(Metric::Latency, "126 ms"), 126.0);
        assert_eq!(num(Metric::AvgLoss, "0.3%"), 0.3);
        assert_eq!(num(Metric::AvgLoss, "0.03%"), 0.03);
        assert_eq!(num(Metric::FrameRate, "12 fps"), 12.0);
        assert_eq!(num(Metric::SystemMaxCpuUsage, "11%"), 11.0);
        assert_eq!(num(Metric::AvgRssi, "-67"), -67.0);
        assert_eq!(
            parse_metric_str(Metric::Resolution, "1280*720").unwrap(),
            Some(MetricValue::Resolution { width: 1280, height: 720 })
        );
        assert_eq!(
            parse_metric_str(Metric::Resolution, "1920x1080").unwrap(),
            Some(MetricValue::Resolution { width: 1920, height: 1080 })
        );
    }

    #[test]
    fn empty_is_no_value_never_zero() {
        for m in Metric::ALL {
            assert_eq!(parse_metric_str(m, "").unwrap(), None, "{m}");
            assert_eq!(parse_metric_str(m, "   ").unwrap(), None, "{m}");
        }
    }

    #[test]
    fn zero_by_zero_resolution_is_a_real_value() {
        let v = parse_metric_str(Metric::Resolution, "0*0").unwrap().unwrap();
        assert_eq!(v, MetricValue::Resolution { width: 0, height: 0 });
        assert_eq!(v.csv_text(), "0x0");
    }

    #[test]
    fn converts_other_bitrate_units_to_kbps() {
        assert_eq!(num(Metric::Bitrate, "1.5 Mbps"), 1500.0);
        assert_eq!(num(Metric::Bitrate, "64000 bps"), 64.0);
    }

    #[test]
    fn refuses_values_that_are_not_measurements() {
        assert!(matches!(parse_metric_str(Metric::Latency, "NaN"), Err(MetricParseError::NotANumber { .. })));
        assert!(matches!(parse_metric_str(Metric::Latency, "-5 ms"), Err(MetricParseError::OutOfRange { .. })));
        assert!(matches!(parse_metric_str(Metric::Bitrate, "1e309 kbps"), Err(MetricParseError::NotANumber { .. })));
        assert!(matches!(parse_metric_str(Metric::AvgLoss, "100000%"), Err(MetricParseError::OutOfRange { .. })));
        assert!(matches!(parse_metric_str(Metric::Latency, "12 kbps"), Err(MetricParseError::WrongUnit { .. })));
        assert!(matches!(parse_metric_str(Metric::Resolution, "1280"), Err(MetricParseError::BadResolution { .. })));
        assert!(matches!(parse_metric_str(Metric::AvgRssi, "5"), Err(MetricParseError::OutOfRange { .. })));
    }

    #[test]
    fn exactly_one_hundred_percent_is_valid() {
        assert_eq!(num(Metric::MaxLoss, "100%"), 100.0);
    }

    #[test]
    fn csv_text_is_the_shortest_exact_decimal() {
        assert_eq!(MetricValue::Number(23.0).csv_text(), "23");
        assert_eq!(MetricValue::Number(27.15).csv_text(), "27.15");
        assert_eq!(MetricValue::Number(-67.0).csv_text(), "-67");
        assert_eq!(MetricValue::Number(0.0).csv_text(), "0");
    }

    #[test]
    fn stream_and_metric_keys_round_trip() {
        for s in Stream::ALL {
            assert_eq!(Stream::from_key(s.key()), Some(s));
        }
        for m in Metric::ALL {
            assert_eq!(Metric::from_key(m.key()), Some(m));
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_any_string(metric_index in 0usize..14, raw in ".{0,40}") {
            let _ = parse_metric_str(Metric::ALL[metric_index], &raw);
        }

        #[test]
        fn every_parsed_number_is_finite_and_round_trips(metric_index in 0usize..14, raw in "[-+0-9.eE ]{0,12}(kbps|ms|%|fps|dBm|Mbps)?") {
            let metric = Metric::ALL[metric_index];
            if let Ok(Some(MetricValue::Number(v))) = parse_metric_str(metric, &raw) {
                proptest::prop_assert!(v.is_finite());
                let text = MetricValue::Number(v).csv_text();
                let again = parse_metric_str(metric, &text).unwrap().unwrap();
                proptest::prop_assert_eq!(again, MetricValue::Number(v));
            }
        }

        #[test]
        fn zoom_style_values_parse_exactly(hundredths in 0u32..1_000_000) {
            let v = f64::from(hundredths) / 100.0;
            let raw = format!("{} kbps", format_number(v));
            proptest::prop_assert_eq!(parse_metric_str(Metric::Bitrate, &raw).unwrap(), Some(MetricValue::Number(v)));
        }
    }
}
