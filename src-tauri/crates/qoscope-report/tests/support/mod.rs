//! Shared helpers for the export tests: meetings to export and poppler/PNG inspection.

#![allow(dead_code)]

use qoscope_diagnosis::Thresholds;
use qoscope_model::Meeting;
use qoscope_report::{ExportContext, ExportOptions};
use std::path::Path;
use std::process::Command;

/// The demo meeting, with one participant renamed to a hostile, non-Latin name.
pub const HOSTILE_NAME: &str = "Zoë 王 <b>x</b> & co";

pub fn demo_meeting() -> Meeting {
    qoscope_sim::demo_snapshot().unwrap().meeting().unwrap()
}

pub fn hostile_meeting() -> (Meeting, String) {
    let mut meeting = demo_meeting();
    let join = meeting.joins.iter_mut().find(|j| j.user_name == "Lena Fischer").expect("the demo has Lena Fischer");
    join.user_name = HOSTILE_NAME.to_owned();
    let id = join.user_id.clone();
    (meeting, id)
}

pub fn context(meeting: &Meeting, redact: bool) -> ExportContext {
    let mut options = ExportOptions::local_now(redact, "9.9.9-test", None);
    options.utc_offset_seconds = 3600;
    ExportContext::new(meeting, &Thresholds::default(), options)
}

/// Runs a poppler tool on `pdf` and returns its stdout; fails the test clearly when poppler is
/// missing (`scripts/setup.sh` installs poppler-utils).
pub fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" { vec!["-"] } else { vec![] })
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed for this test (apt install poppler-utils): {e}"));
    assert!(out.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn page_count(pdf: &Path) -> usize {
    let info = poppler("pdfinfo", &[], pdf);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo reports the page count")
}

/// pdftotext's text with all whitespace collapsed to single spaces.
pub fn flat_text(pdf: &Path) -> String {
    collapse(&poppler("pdftotext", &["-raw"], pdf))
}

pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decoded RGBA pixels of a PNG: (width, height, pixels).
pub fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("a sane size")];
    let info = reader.next_frame(&mut buf).expect("PNG pixels");
    buf.truncate(info.buffer_size());
    assert_eq!(info.color_type, png::ColorType::Rgba, "resvg writes RGBA");
    (info.width, info.height, buf)
}

/// Pixels in the rectangle that are clearly coloured (not white, not a light grey grid line).
pub fn coloured_pixels(png: &(u32, u32, Vec<u8>), x0: u32, y0: u32, x1: u32, y1: u32) -> usize {
    let (w, _, px) = png;
    let mut n = 0;
    for y in y0..y1 {
        for x in x0..x1 {
            let i = ((y * w + x) * 4) as usize;
            let (r, g, b) = (px[i] as i32, px[i + 1] as i32, px[i + 2] as i32);
            let spread = r.max(g).max(b) - r.min(g).min(b);
            if spread > 60 {
                n += 1;
            }
        }
    }
    n
}
