//! The PDF report checked with poppler: pages, embedded fonts, text content, redaction, and
//! pages that are not blank.

mod support;

use qoscope_report::verdict::verdict_items;
use qoscope_report::{report_pdf, ReportError};
use std::path::PathBuf;
use support::*;

fn write_pdf(bytes: &[u8], name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

#[test]
fn focus_report_has_header_verdict_and_embedded_fonts() {
    let (meeting, id) = hostile_meeting();
    let ctx = context(&meeting, false);
    let (_dir, pdf) = write_pdf(&report_pdf(&ctx, Some(&id)).unwrap(), "focus.pdf");

    assert!(page_count(&pdf) >= 3, "header, timelines, comparison and tables need several pages");
    let fonts = poppler("pdffonts", &[], &pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert!(rows.len() >= 2, "{fonts}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type… encoding emb sub uni object ID: emb is the 4th column from the end + 1.
        let emb = cols[cols.len() - 5];
        assert_eq!(emb, "yes", "every font is embedded: {row}");
    }
    assert!(fonts.contains("WenQuanYi"), "the CJK face is used for 王: {fonts}");

    let text = flat_text(&pdf);
    assert!(text.contains("Weekly IT service review"), "topic");
    assert!(text.contains("85746213390"), "meeting number");
    assert!(text.contains(HOSTILE_NAME), "the hostile name is text, exactly: {text}");
    assert!(text.contains("by QoScope 9.9.9-test"), "app version");
    assert!(text.contains("UTC+01:00"), "the zone is named");
    let items = verdict_items(&ctx, Some(&id));
    assert!(!items.is_empty(), "the demo's focus participant has findings");
    for item in &items {
        assert!(text.contains(&collapse(&item.sentence)), "finding sentence missing: {}", item.sentence);
    }
    for section in ["Verdict", "Timelines: sent vs received", "Who caused it", "Participants", "Notes", "Join segments"]
    {
        assert!(text.contains(section), "section {section}");
    }
    assert!(text.contains("external users"), "the footnote on what Zoom hides");
}

#[test]
fn redaction_removes_every_ip_address_and_device_identifier() {
    let meeting = demo_meeting();
    let join = meeting.joins.iter().find(|j| j.ip_address.is_some() && j.pc_name.is_some()).unwrap();
    let ip = join.ip_address.clone().unwrap();
    let pc = join.pc_name.clone().unwrap();
    let id = join.user_id.clone();

    let (_d1, plain) = write_pdf(&report_pdf(&context(&meeting, false), Some(&id)).unwrap(), "plain.pdf");
    let plain_text = flat_text(&plain);
    assert!(plain_text.contains(&ip) && plain_text.contains(&pc), "unredacted reports show the IP and PC name");

    let (_d2, redacted) = write_pdf(&report_pdf(&context(&meeting, true), Some(&id)).unwrap(), "redacted.pdf");
    let text = flat_text(&redacted);
    assert!(!text.contains(&ip) && !text.contains(&pc), "redacted report leaks {ip} or {pc}");
    let any_ipv4 =
        text.split(|c: char| !(c.is_ascii_digit() || c == '.')).any(|t| t.parse::<std::net::Ipv4Addr>().is_ok());
    assert!(!any_ipv4, "no IPv4 address of any kind in the redacted text");
    assert!(text.contains("[redacted]"));
}

#[test]
fn redaction_scrubs_device_names_of_the_joins_identifiers_and_name() {
    let mut meeting = demo_meeting();
    let lena = meeting.joins.iter_mut().find(|j| j.user_name == "Lena Fischer").expect("the demo has Lena Fischer");
    lena.pc_name = Some("PC-LENA-7H3K2".into());
    lena.microphone = Some("Headset (PC-LENA-7H3K2)".into());
    lena.speaker = Some("Speakers on lena.fischer@example.com".into());
    lena.camera = Some("Lena Fischer's Webcam".into());
    let id = lena.user_id.clone();

    let (_d1, plain) = write_pdf(&report_pdf(&context(&meeting, false), Some(&id)).unwrap(), "plain.pdf");
    let plain_text = flat_text(&plain);
    assert!(plain_text.contains("Headset (PC-LENA-7H3K2)") && plain_text.contains("Webcam"), "{plain_text}");

    let (_d2, redacted) = write_pdf(&report_pdf(&context(&meeting, true), Some(&id)).unwrap(), "redacted.pdf");
    let text = flat_text(&redacted);
    for leak in ["PC-LENA", "lena.fischer", "Fischer's Webcam", "Fischer’s Webcam"] {
        assert!(!text.contains(leak), "the redacted report leaks {leak}");
    }
    assert!(text.contains("microphone: Headset ([redacted])"), "the device's kind stays: {text}");
    assert!(text.contains("Lena Fischer"), "names stay");
}

#[test]
fn whole_meeting_verdict_has_one_item_per_cause_with_its_sentence() {
    let meeting = demo_meeting();
    let ctx = context(&meeting, false);
    let (_dir, pdf) = write_pdf(&report_pdf(&ctx, None).unwrap(), "whole.pdf");
    let text = flat_text(&pdf);
    let causes = qoscope_report::verdict::verdict_by_cause(&ctx);
    let distinct: std::collections::BTreeSet<&str> =
        ctx.analysis.findings.iter().map(|f| f.cause_id.as_str()).collect();
    assert_eq!(causes.len(), distinct.len());
    assert!(causes.len() < ctx.analysis.findings.len(), "findings sharing a cause are grouped");
    // The worst five causes in detail (report_findings::DETAILED_CAUSES); every cause listed by
    // its title. The demo's sixth, Tom Becker's UDP fallback (a warning), is listed only.
    for item in causes.iter().take(5) {
        assert!(text.contains(&collapse(&item.sentence)), "cause sentence missing: {}", item.sentence);
    }
    for item in &causes {
        assert!(text.contains(item.kind.title()), "cause {} not listed", item.kind.title());
    }
    assert!(text.contains("6. UDP blocked: Tom Becker"), "{text}");
    // Each cause says how many people it affected; who they are is in the appendix, not in a
    // paragraph of names.
    let people = ctx.meeting.persons.len();
    assert!(text.contains(&format!("of {people} participants affected")), "{text}");
    assert!(!text.contains("Also affected ("), "no list of names in the verdict");
    assert!(text.contains("Appendix: who was affected, by cause"), "{text}");
}

#[test]
fn a_thumbs_down_stands_beside_what_qoscope_found_about_that_person() {
    let meeting = demo_meeting();
    let mut ctx = context(&meeting, false);
    let wifi = ctx.analysis.findings.iter().find(|f| f.kind.key() == "wifi").expect("the demo's weak Wi-Fi").clone();
    let aiko = meeting.joins[wifi.join_index].user_id.clone();
    let someone_else = meeting.joins.iter().find(|j| j.user_id != aiko).unwrap().user_id.clone();
    ctx.feedback = vec![qoscope_report::FeedbackNote {
        user_name: "Aiko Tanaka".to_owned(),
        comment: Some("You kept freezing\u{1b}[31m around 10:15".to_owned()),
        user_ids: vec![aiko.clone()],
        found: vec![(wifi.kind.title().to_owned(), wifi.start, wifi.end)],
    }];
    let (_dir, pdf) = write_pdf(&report_pdf(&ctx, None).unwrap(), "feedback.pdf");
    let text = flat_text(&pdf);
    assert!(text.contains("What participants told Zoom"), "{text}");
    assert!(text.contains("Aiko Tanaka rated the meeting badly: “You kept freezing"), "{text}");
    assert!(!text.contains('\u{1b}'), "control characters never reach the PDF");
    assert!(text.contains("QoScope found weak wi-fi at"), "{text}");
    // A report about someone else leaves Aiko's note out; one about her keeps it.
    let other = flat_text(&write_pdf(&report_pdf(&ctx, Some(&someone_else)).unwrap(), "other.pdf").1);
    assert!(!other.contains("What participants told Zoom"));
    let hers = flat_text(&write_pdf(&report_pdf(&ctx, Some(&aiko)).unwrap(), "hers.pdf").1);
    assert!(hers.contains("Aiko Tanaka rated the meeting badly"));
}

fn simulated(spec: &qoscope_sim::generator::MeetingSpec) -> qoscope_model::Meeting {
    use qoscope_snapshot::{Request, Source, SourceKind};
    let snapshot = spec.generate().to_snapshot(
        "test",
        Source { kind: SourceKind::Simulator, profile: None, api_base: None },
        Request { meeting: spec.meeting_number.to_string(), qos_type: "past".into(), webinar: false },
        spec.start,
    );
    snapshot.meeting().unwrap()
}

#[test]
fn a_large_meetings_verdict_fits_on_the_first_page_and_counts_people() {
    let meeting = simulated(&qoscope_sim::scenario::large(150, 1));
    let ctx = context(&meeting, false);
    let causes = qoscope_report::verdict::verdict_by_cause(&ctx);
    assert!(causes.len() > 20, "a large meeting has many causes ({})", causes.len());
    let (_dir, pdf) = write_pdf(&report_pdf(&ctx, None).unwrap(), "large.pdf");
    let first = collapse(&poppler("pdftotext", &["-f", "1", "-l", "1", "-raw"], &pdf));
    assert!(first.contains("Verdict") && first.contains("Who was affected by each listed cause"), "{first}");
    let people = ctx.meeting.persons.len();
    assert!(first.contains(&format!("of {people} participants affected")), "{first}");
    assert!(first.contains("more causes") || causes.len() < 50, "the causes that do not fit are counted: {first}");
    let text = flat_text(&pdf);
    assert!(text.contains("Appendix: who was affected, by cause"));
    assert!(text.contains("everyone except the"), "a cause that hit most people lists the few it did not");
    assert!(page_count(&pdf) < 40, "bounded: {} pages", page_count(&pdf));
}

#[test]
fn pages_render_with_content() {
    let meeting = demo_meeting();
    let ctx = context(&meeting, true);
    let (dir, pdf) = write_pdf(&report_pdf(&ctx, None).unwrap(), "whole.pdf");
    let prefix = dir.path().join("page");
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "30", "-gray"])
        .arg(&pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm (poppler-utils)");
    assert!(status.success());
    let mut pages = 0;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "pgm") {
            pages += 1;
            let bytes = std::fs::read(&path).unwrap();
            // Binary PGM: a short text header, then one byte per pixel.
            let header: Vec<&[u8]> = bytes.splitn(4, |b| b.is_ascii_whitespace()).take(3).collect();
            let (w, h): (usize, usize) = (
                std::str::from_utf8(header[1]).unwrap().parse().unwrap(),
                std::str::from_utf8(header[2]).unwrap().parse().unwrap(),
            );
            let pixels = &bytes[bytes.len() - w * h..];
            // Every page has at least the footer (about 15 dark pixels at 30 dpi); a page with
            // content has more ink (the demo's short notes page has about 40).
            let dark = pixels.iter().filter(|&&b| b < 160).count();
            assert!(dark > 30, "{} looks blank ({dark} dark pixels)", path.display());
        }
    }
    assert_eq!(pages, page_count(&pdf));
    // And every page has text beyond its footer (about 60 characters).
    for page in 1..=pages {
        let out = std::process::Command::new("pdftotext")
            .args(["-f", &page.to_string(), "-l", &page.to_string()])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils)");
        let chars = String::from_utf8_lossy(&out.stdout).chars().filter(|c| !c.is_whitespace()).count();
        assert!(chars > 200, "page {page} has only {chars} characters of text");
    }
}

#[test]
fn whole_meeting_report_lists_everyone_and_repeats_table_headers() {
    let spec = qoscope_sim::scenario::large(120, 7);
    let snapshot = spec.generate().to_snapshot(
        "test",
        qoscope_snapshot::Source { kind: qoscope_snapshot::SourceKind::Simulator, profile: None, api_base: None },
        qoscope_snapshot::Request { meeting: spec.meeting_number.to_string(), qos_type: "past".into(), webinar: false },
        spec.start,
    );
    let meeting = snapshot.meeting().unwrap();
    let ctx = context(&meeting, true);
    let (_dir, pdf) = write_pdf(&report_pdf(&ctx, None).unwrap(), "large.pdf");
    let text = flat_text(&pdf);
    assert!(text.contains("Whole meeting (no focus participant)"));
    let headers = text.matches("Good/warn/poor min").count();
    assert!(headers >= 2, "the participants table spans pages and repeats its header ({headers})");
    assert!(page_count(&pdf) >= 4);
}

#[test]
fn unknown_focus_is_a_clear_error() {
    let ctx = context(&demo_meeting(), false);
    match report_pdf(&ctx, Some("nobody-here")) {
        Err(ReportError::NotFound(msg)) => assert!(msg.contains("nobody-here") && msg.contains("participants list")),
        other => panic!("expected NotFound, got {other:?}"),
    }
}

#[test]
fn zooms_verdict_stands_beside_ours_and_a_contradiction_is_marked() {
    let mut meeting = demo_meeting();
    let zoe = meeting.joins.iter_mut().find(|j| j.user_name == "Zoë 王").expect("the demo has Zoë");
    zoe.zoom_quality.audio = Some(qoscope_model::ZoomGrade::Good);
    let id = zoe.user_id.clone();
    let ctx = context(&meeting, true);
    let (_dir, pdf) = write_pdf(&report_pdf(&ctx, Some(&id)).unwrap(), "verdict.pdf");
    let text = flat_text(&pdf);
    assert!(text.contains("Audio verdict Zoom: good · QoScope: poor ≠"), "the focus facts: {text}");
    assert!(text.contains("Video verdict Zoom: poor · QoScope: poor"), "{text}");
    assert!(text.contains("Zoom's own verdict contradicts QoScope's (≠):"), "{text}");
    assert!(text.contains("≠ Zoë 王: audio: Zoom: good · QoScope: poor ≠"), "{text}");
    assert_eq!(text.matches("≠ ").count(), 3, "only Zoë's audio contradicts: {text}");
}

#[test]
fn the_focus_facts_show_zooms_new_per_join_facts_in_helpdesk_words() {
    // Issue #18: Tom Becker's video went over TCP; Marcus's dropped join counted socket breaks.
    let meeting = demo_meeting();
    let tom = meeting.joins.iter().find(|j| j.user_name == "Tom Becker").unwrap().user_id.clone();
    let (_d, pdf) = write_pdf(&report_pdf(&context(&meeting, false), Some(&tom)).unwrap(), "tom.pdf");
    let text = flat_text(&pdf);
    for fact in [
        "Connection per medium",
        "UDP blocked? video fell back to TCP; audio, screen share over UDP",
        "CPU pressure (Zoom)",
    ] {
        assert!(text.contains(fact), "{fact} missing: {text}");
    }
    assert!(text.contains("UDP blocked"), "the finding's title");
    let marcus = meeting.joins.iter().find(|j| j.user_name == "Marcus Silva").unwrap().user_id.clone();
    let (_d, pdf) = write_pdf(&report_pdf(&context(&meeting, false), Some(&marcus)).unwrap(), "marcus.pdf");
    let text = flat_text(&pdf);
    assert!(text.contains("Socket breaks (reconnects)"), "{text}");
    assert!(text.contains("3 audio, 1 video and 1 signalling socket breaks"), "{text}");
}
