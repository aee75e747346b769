//! Metric values as Zoom writes them (strings with units, `""` for inactive streams, RSSI as
//! integers), each with the canonical-CSV truth the generator knows it meant.

use serde_json::{json, Map, Value};

/// One generated metric value: the JSON Zoom would send and, when it is a value, the
/// canonical-CSV truth (`value`, `unit`).
pub(crate) struct Gv {
    pub json: Value,
    pub truth: Option<(String, &'static str)>,
}

fn number_text(v: f64) -> String {
    format!("{v}")
}
pub(crate) fn kbps(v: f64) -> Gv {
    let r = if v >= 100.0 { v.round() } else { (v * 100.0).round() / 100.0 };
    Gv { json: json!(format!("{r} kbps")), truth: Some((number_text(r), "kbps")) }
}
pub(crate) fn ms(v: f64) -> Gv {
    let r = v.round();
    Gv { json: json!(format!("{r} ms")), truth: Some((number_text(r), "ms")) }
}
pub(crate) fn pct(v: f64) -> Gv {
    let r = (v.clamp(0.0, 100.0) * 10.0).round() / 10.0;
    Gv { json: json!(format!("{r:.1}%")), truth: Some((number_text(r), "%")) }
}
pub(crate) fn cpu(v: f64) -> Gv {
    let r = v.clamp(0.0, 100.0).round();
    Gv { json: json!(format!("{r}%")), truth: Some((number_text(r), "%")) }
}
pub(crate) fn fps(v: f64) -> Gv {
    let r = v.round();
    Gv { json: json!(format!("{r} fps")), truth: Some((number_text(r), "fps")) }
}
pub(crate) fn resolution(w: u32, h: u32) -> Gv {
    Gv { json: json!(format!("{w}*{h}")), truth: Some((format!("{w}x{h}"), "px")) }
}
pub(crate) fn dbm(v: f64) -> Gv {
    let r = v.round() as i64;
    Gv { json: json!(r), truth: Some((r.to_string(), "dBm")) }
}
pub(crate) fn empty() -> Gv {
    Gv { json: json!(""), truth: None }
}
pub(crate) fn label(text: &str) -> Gv {
    Gv { json: json!(text), truth: None }
}

/// An inactive stream: every field `""`.
pub(crate) fn empty_stream(video: bool) -> Vec<(&'static str, Gv)> {
    let mut m: Vec<(&'static str, Gv)> =
        ["bitrate", "latency", "jitter", "avg_loss", "max_loss"].into_iter().map(|k| (k, empty())).collect();
    if video {
        m.push(("resolution", empty()));
        m.push(("frame_rate", empty()));
    }
    m
}

/// A canonical CSV row the generator knows to be true: what `qoscope export --format csv`
/// must produce for this meeting (in any order).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TruthRow {
    pub user_id: String,
    pub user_name: String,
    pub date_time: String,
    pub stream: String,
    pub metric: String,
    pub value: String,
    pub unit: &'static str,
}

impl TruthRow {
    /// The row as a canonical CSV line (RFC 4180 quoting when needed).
    pub fn csv_line(&self) -> String {
        let q = |s: &str| {
            if s.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_owned()
            }
        };
        format!(
            "{},{},{},{},{},{},{}",
            q(&self.user_id),
            q(&self.user_name),
            self.date_time,
            self.stream,
            self.metric,
            self.value,
            self.unit
        )
    }
}

/// One sample under construction: the JSON object and the truth rows it implies.
pub(crate) struct SampleBuilder<'a> {
    pub object: Map<String, Value>,
    pub truth: &'a mut Vec<TruthRow>,
    pub user_id: &'a str,
    pub user_name: &'a str,
    pub date_time: String,
}

impl SampleBuilder<'_> {
    pub fn put(&mut self, stream: &str, fields: Vec<(&'static str, Gv)>) {
        let mut m = Map::new();
        for (metric, gv) in fields {
            if let Some((value, unit)) = gv.truth {
                self.truth.push(TruthRow {
                    user_id: self.user_id.to_owned(),
                    user_name: self.user_name.to_owned(),
                    date_time: self.date_time.clone(),
                    stream: stream.to_owned(),
                    metric: metric.to_owned(),
                    value,
                    unit,
                });
            }
            m.insert(metric.into(), gv.json);
        }
        self.object.insert(stream.to_owned(), Value::Object(m));
    }
}
