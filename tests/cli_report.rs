//! `qoscope export --format png|svg|pdf` through the real binary, checked with poppler and a
//! PNG decoder.

use std::path::Path;
use std::process::{Command, Output};

fn qoscope(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qoscope"))
        .args(args)
        .env("LANG", "C.UTF-8")
        // Not the real app data directory: the app's settings would change the thresholds.
        .env("XDG_DATA_HOME", concat!(env!("CARGO_TARGET_TMPDIR"), "/no-app-data"))
        .env("TZ", "UTC")
        .output()
        .expect("the qoscope binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write_demo(dir: &Path) -> String {
    let path = dir.join("demo.qoscope.json");
    let o = qoscope(&["demo", "--out", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    path.to_str().unwrap().to_owned()
}

fn pdftotext(pdf: &Path) -> String {
    let o = Command::new("pdftotext").arg("-raw").arg(pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    assert!(o.status.success());
    String::from_utf8_lossy(&o.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG signature");
    let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn pdf_report_is_redacted_by_default_and_names_the_focus() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = write_demo(dir.path());
    let pdf = dir.path().join("report.pdf");
    let o = qoscope(&[
        "export",
        &snapshot,
        "--format",
        "pdf",
        "--participant",
        "Lena Fischer",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = pdftotext(&pdf);
    assert!(text.contains("Weekly IT service review") && text.contains("Focus: Lena Fischer"));
    assert!(text.contains("[redacted]"), "redacted by default");
    assert!(!text.split(|c: char| !(c.is_ascii_digit() || c == '.')).any(|t| t.parse::<std::net::Ipv4Addr>().is_ok()));

    let plain = dir.path().join("plain.pdf");
    let o = qoscope(&["export", &snapshot, "--format", "pdf", "--no-redact", "--out", plain.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = pdftotext(&plain);
    assert!(text.contains("Whole meeting (no focus participant)"));
    assert!(text.contains("not redacted"));
}

#[test]
fn png_and_svg_charts_come_from_the_flags() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = write_demo(dir.path());
    let cases: &[(&[&str], u32)] = &[
        (&[], 0),
        (&["--participant", "Lena Fischer", "--stream", "audio_output", "--metric", "jitter"], 1120),
        (&["--participant", "Lena Fischer", "--stream", "video_output"], 0),
        (&["--participant", "Lena Fischer", "--stream", "video_output", "--metric", "max_loss", "--compare"], 1120),
    ];
    for (i, (extra, height)) in cases.iter().enumerate() {
        let png = dir.path().join(format!("chart{i}.png"));
        let mut args = vec!["export", snapshot.as_str(), "--format", "png", "--out", png.to_str().unwrap()];
        args.extend_from_slice(extra);
        let o = qoscope(&args);
        assert!(o.status.success(), "{extra:?}: {}", stderr(&o));
        let (w, h) = png_size(&std::fs::read(&png).unwrap());
        assert_eq!(w, 2000, "{extra:?}: 2× the 1000-unit chart");
        if *height > 0 {
            assert_eq!(h, *height, "{extra:?}");
        }
    }
    let o = qoscope(&[
        "export",
        &snapshot,
        "--format",
        "svg",
        "--out",
        "-",
        "--participant",
        "Lena Fischer",
        "--stream",
        "audio_input",
        "--metric",
        "avg_loss",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = String::from_utf8(o.stdout).unwrap();
    assert!(svg.contains("<svg") && svg.contains("Lena Fischer") && svg.contains("Packet loss (avg) (%)"));
}

#[test]
fn a_participant_without_stream_is_drawn_sent_beside_received() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = write_demo(dir.path());
    let png_path = dir.path().join("marcus.png");
    let args = ["export", snapshot.as_str(), "--format", "png", "--participant", "Marcus Silva", "--out"];
    let o = qoscope(&[&args[..], &[png_path.to_str().unwrap()]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    // The PNG decodes, and both halves (sent on the left, received on the right) hold charts.
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png_path).unwrap()));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut pixels).expect("the PNG decodes");
    assert_eq!(frame.width, 2000);
    assert!(frame.height > 1120, "several rows of panels, not one chart: {}", frame.height);
    let channels = frame.line_size / frame.width as usize;
    let inked = |x0: usize, x1: usize| {
        let mut n = 0usize;
        for y in (frame.height as usize / 3)..frame.height as usize {
            let row = &pixels[y * frame.line_size..(y + 1) * frame.line_size];
            n += (x0..x1).filter(|&x| row[x * channels..x * channels + 3].iter().any(|&c| c < 200)).count();
        }
        n
    };
    let (left, right) = (inked(0, 1000), inked(1000, 2000));
    assert!(left > 10_000 && right > 10_000, "both sides are drawn: left {left}, right {right} dark pixels");
    // The same chart as SVG names both sides and every media Marcus has.
    let o = qoscope(&["export", &snapshot, "--format", "svg", "--participant", "Marcus Silva", "--out", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = String::from_utf8(o.stdout).unwrap();
    for expected in ["Sent (audio_input", "Received (audio_output", "Audio, Video", "Marcus Silva (1/2)"] {
        assert!(svg.contains(expected), "{expected:?} missing from the chart");
    }
}

#[test]
fn participant_given_several_times_draws_them_side_by_side_over_the_median() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = write_demo(dir.path());
    let names = ["Lena Fischer", "Aiko Tanaka", "Tom Becker"];
    let mut args = vec!["export", snapshot.as_str(), "--format", "svg", "--out", "-"];
    for name in names {
        args.extend_from_slice(&["--participant", name]);
    }
    args.extend_from_slice(&["--stream", "audio_input", "--metric", "jitter"]);
    let o = qoscope(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = String::from_utf8(o.stdout).unwrap();
    for name in names {
        assert!(svg.contains(name), "{name} is missing from the legend");
    }
    assert!(svg.to_lowercase().contains("median"), "the meeting median is drawn and named");

    // The same person twice (by name, then again) is one participant: that person's metric chart.
    let png = dir.path().join("one.png");
    let o = qoscope(&[
        "export",
        &snapshot,
        "--format",
        "png",
        "--out",
        png.to_str().unwrap(),
        "--participant",
        "Lena Fischer",
        "--participant",
        "Lena Fischer",
        "--stream",
        "audio_input",
        "--metric",
        "jitter",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(png_size(&std::fs::read(&png).unwrap()), (2000, 1120));
}

#[test]
fn bad_report_flags_get_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = write_demo(dir.path());
    let out = dir.path().join("x.png");
    let out = out.to_str().unwrap();
    let cases: &[(&[&str], i32, &str)] = &[
        (&["--format", "gif", "--out", out], 2, "csv, json, png, svg or pdf"),
        (&["--format", "png", "--participant", "Nobody", "--stream", "audio_input", "--out", out], 4, "no participant"),
        (&["--format", "png", "--participant", "Lena Fischer", "--metric", "jitter", "--out", out], 2, "need --stream"),
        (&["--format", "png", "--participant", "Lena Fischer", "--stream", "bogus", "--out", out], 2, "not a stream"),
        (
            &[
                "--format",
                "png",
                "--participant",
                "Lena Fischer",
                "--stream",
                "audio_input",
                "--metric",
                "frame_rate",
                "--out",
                out,
            ],
            2,
            "pick one of",
        ),
        (&["--format", "png", "--stream", "audio_input", "--out", out], 2, "need --participant"),
        (&["--format", "pdf", "--stream", "audio_input", "--out", out], 2, "not to the pdf report"),
        (&["--format", "pdf", "--redact", "--no-redact", "--out", out], 2, "contradict"),
        (&["--format", "csv", "--redact", "--out", out], 2, "not to csv"),
        (&["--format", "png", "--stream", "audio_input", "--stream", "video_input", "--out", out], 2, "given twice"),
        (
            &["--format", "png", "--participant", "Lena Fischer", "--participant", "Aiko Tanaka", "--out", out],
            2,
            "add --stream and --metric",
        ),
        (
            &[
                "--format",
                "png",
                "--participant",
                "Lena Fischer",
                "--participant",
                "Aiko Tanaka",
                "--stream",
                "audio_input",
                "--metric",
                "jitter",
                "--compare",
                "--out",
                out,
            ],
            2,
            "leave out --compare",
        ),
        (
            &["--format", "pdf", "--participant", "Lena Fischer", "--participant", "Aiko Tanaka", "--out", out],
            2,
            "focuses on one --participant",
        ),
        (
            &[
                "--format",
                "svg",
                "--participant",
                "Lena Fischer",
                "--participant",
                "Nobody",
                "--stream",
                "audio_input",
                "--metric",
                "jitter",
                "--out",
                out,
            ],
            4,
            "no participant \"Nobody\"",
        ),
    ];
    for (extra, code, needle) in cases {
        let mut args = vec!["export", snapshot.as_str()];
        args.extend_from_slice(extra);
        let o = qoscope(&args);
        assert_eq!(o.status.code(), Some(*code), "{extra:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(needle), "{extra:?}: {}", stderr(&o));
        assert!(!Path::new(out).exists(), "nothing is written on error");
    }
}
