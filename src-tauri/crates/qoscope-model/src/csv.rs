//! The canonical CSV: a contract automation relies on.
//!
//! Header exactly `user_id,user_name,date_time,stream,metric,value,unit`; one row per non-empty
//! metric value per join per sample; `stream` and `metric` are Zoom's JSON keys; `value` is the
//! parsed number (resolution as `WxH` with unit `px`); `date_time` is UTC, RFC 3339 with `Z`.
//! Fields are quoted per RFC 4180 when they contain a comma, quote or line break.

use crate::meeting::Meeting;
use std::io::{self, Write};

pub const HEADER: &str = "user_id,user_name,date_time,stream,metric,value,unit";

/// Writes the meeting as canonical CSV (with `\n` line endings).
pub fn write_canonical_csv<W: Write>(meeting: &Meeting, out: W) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    writeln!(out, "{HEADER}")?;
    for join in &meeting.joins {
        let user_id = quote(&join.user_id);
        let user_name = quote(&join.user_name);
        for sample in &join.samples {
            let time = sample.time.format("%Y-%m-%dT%H:%M:%SZ");
            for (key, value) in &sample.values {
                writeln!(
                    out,
                    "{user_id},{user_name},{time},{},{},{},{}",
                    key.stream.key(),
                    key.metric.key(),
                    value.csv_text(),
                    key.metric.unit().symbol()
                )?;
            }
        }
    }
    out.flush()
}

/// RFC 4180 quoting, only when needed.
fn quote(field: &str) -> std::borrow::Cow<'_, str> {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\"")).into()
    } else {
        field.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::RawMeeting;
    use crate::raw::QosPage;

    #[test]
    fn writes_the_contract_exactly() {
        let page: QosPage = serde_json::from_str(
            r#"{"participants":[{"user_id":"16","user_name":"Doe, \"JD\"","user_qos":[
              {"date_time":"2022-03-01T10:16:00Z","audio_input":{"bitrate":"27.15 kbps","latency":"","avg_loss":"0.03%"},
               "video_input":{"resolution":"0*0","frame_rate":"12 fps"},"wifi_rssi":{"avg_rssi":-61,"rssi_unit":"dBm"}}]}]}"#,
        )
        .unwrap();
        let meeting = Meeting::derive(&RawMeeting { qos_pages: vec![&page], ..Default::default() });
        let mut buf = Vec::new();
        write_canonical_csv(&meeting, &mut buf).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "user_id,user_name,date_time,stream,metric,value,unit\n\
             16,\"Doe, \"\"JD\"\"\",2022-03-01T10:16:00Z,audio_input,bitrate,27.15,kbps\n\
             16,\"Doe, \"\"JD\"\"\",2022-03-01T10:16:00Z,audio_input,avg_loss,0.03,%\n\
             16,\"Doe, \"\"JD\"\"\",2022-03-01T10:16:00Z,video_input,resolution,0x0,px\n\
             16,\"Doe, \"\"JD\"\"\",2022-03-01T10:16:00Z,video_input,frame_rate,12,fps\n\
             16,\"Doe, \"\"JD\"\"\",2022-03-01T10:16:00Z,wifi_rssi,avg_rssi,-61,dBm\n"
        );
    }
}
