//! "Redact personal data": one pass over a copy of the meeting *before* anything is drawn or
//! serialized, so no export path (chart, PDF, SVG, JSON) can leak what it masks.
//!
//! * Identifiers (IP addresses, MAC, hard-disk ID, PC name, e-mail, location, Windows domain) are
//!   masked whole.
//! * Every other text field is scrubbed ([`crate::scrub`]): address shapes, and the join's own
//!   identifiers wherever they appear — device names such as "Headset (PC-LENA-7H3K2)" or
//!   "Lena Fischer's Webcam" also lose the user's name.
//! * Names stay: a ticket is about a person. Metrics, times and the `user_id` key stay.
//!
//! Every struct is destructured without `..`, so a field added to the model does not compile
//! until it is decided here: redaction cannot forget a field.

use crate::scrub::Identifiers;
use qoscope_model::join_facts::{CpuPressure, JoinFacts};
use qoscope_model::{DataIssue, Join, Meeting, MeetingInfo, Person};

pub use crate::scrub::{scrub_text, MASK};

/// A copy of `meeting` with personal data masked.
pub fn redact_meeting(meeting: &Meeting) -> Meeting {
    let Meeting { info, joins, persons, issues } = meeting;
    let everyone = Identifiers::machine(joins);
    let per_join: Vec<Identifiers> = joins.iter().map(|j| Identifiers::machine([j])).collect();
    let of_user = |user_id: &Option<String>| {
        user_id.as_deref().and_then(|u| joins.iter().position(|j| j.user_id == u)).map(|i| &per_join[i])
    };
    Meeting {
        info: redact_info(info, &everyone),
        joins: {
            let addresses = Pseudonyms::new(joins.iter().map(|j| &j.ip_address));
            let places = Pseudonyms::new(joins.iter().map(|j| &j.location));
            joins.iter().map(|j| redact_join(j, &addresses, &places)).collect()
        },
        persons: persons
            .iter()
            .map(|Person { display_name, joins: indexes }| Person {
                display_name: Identifiers::machine(indexes.iter().filter_map(|&i| joins.get(i))).scrub(display_name),
                joins: indexes.clone(),
            })
            .collect(),
        issues: issues
            .iter()
            .map(|DataIssue { user_id, at, message }| {
                let ids = of_user(user_id).unwrap_or(&everyone);
                DataIssue {
                    user_id: user_id.clone(),
                    at: at.as_deref().map(|t| ids.scrub(t)),
                    message: ids.scrub(message),
                }
            })
            .collect(),
    }
}

fn redact_info(info: &MeetingInfo, everyone: &Identifiers) -> MeetingInfo {
    let MeetingInfo {
        uuid,
        meeting_number,
        topic,
        host,
        host_email,
        start_time,
        end_time,
        duration,
        participants_reported,
    } = info;
    let scrub = |v: &Option<String>| v.as_deref().map(|t| everyone.scrub(t));
    MeetingInfo {
        uuid: scrub(uuid),
        meeting_number: scrub(meeting_number),
        topic: scrub(topic),
        host: scrub(host),
        host_email: host_email.as_ref().map(|_| MASK.to_owned()),
        start_time: *start_time,
        end_time: *end_time,
        duration: scrub(duration),
        participants_reported: *participants_reported,
    }
}

/// Masks a value that is there (an empty one stays empty: there was nothing to hide).
fn mask(v: &Option<String>) -> Option<String> {
    v.as_ref().map(|s| if s.trim().is_empty() { s.clone() } else { MASK.to_owned() })
}

/// Stable stand-ins for a masked field: every distinct value becomes `[redacted] #n` (in order
/// of first appearance), so joins that shared a public address or a location still share one
/// in the redacted meeting — the shared-network diagnosis of a redacted report stays the same
/// as the app's — while the value itself is gone.
struct Pseudonyms(Vec<String>);

impl Pseudonyms {
    fn new<'a>(values: impl Iterator<Item = &'a Option<String>>) -> Pseudonyms {
        let mut seen: Vec<String> = Vec::new();
        for v in values.flatten() {
            if !v.trim().is_empty() && !seen.contains(v) {
                seen.push(v.clone());
            }
        }
        Pseudonyms(seen)
    }

    fn of(&self, v: &Option<String>) -> Option<String> {
        v.as_ref().map(|s| match self.0.iter().position(|x| x == s) {
            Some(i) => format!("{MASK} #{}", i + 1),
            None => s.clone(),
        })
    }
}

fn redact_join(join: &Join, addresses: &Pseudonyms, places: &Pseudonyms) -> Join {
    let Join {
        user_id,
        user_name,
        account_id,
        email,
        device,
        client,
        version,
        os,
        ip_address,
        internal_ip_addresses,
        location,
        pc_name,
        domain,
        mac_addr,
        harddisk_id,
        join_time,
        leave_time,
        network_type,
        data_center,
        connection_type,
        leave_reason,
        microphone,
        speaker,
        camera,
        zoom_quality,
        facts,
        samples,
    } = join;
    let own = Identifiers::of_join(join);
    let text = |v: &Option<String>| v.as_deref().map(|t| own.scrub(t));
    Join {
        // The key the exports look joins up by, and the metrics: the point of the export.
        user_id: user_id.clone(),
        samples: samples.clone(),
        join_time: *join_time,
        leave_time: *leave_time,
        // Zoom's verdicts (good/fair/poor/bad): a closed vocabulary about quality, not about the
        // person, and what a ticket compares QoScope's grades with.
        zoom_quality: *zoom_quality,
        // Connection types and counters are a closed vocabulary and numbers; Zoom's words
        // (CPU pressure, webinar health and issues) are free text, scrubbed like the rest.
        facts: JoinFacts {
            cpu_pressure: facts
                .cpu_pressure
                .as_ref()
                .map(|p| CpuPressure { reported: own.scrub(&p.reported), level: p.level }),
            health: text(&facts.health),
            issues: facts.issues.iter().map(|i| own.scrub(i)).collect(),
            ..facts.clone()
        },
        // The name stays, without addresses or machine identifiers in it.
        user_name: Identifiers::machine([join]).scrub(user_name),
        // Identifiers: masked whole.
        account_id: mask(account_id),
        email: mask(email),
        ip_address: addresses.of(ip_address),
        internal_ip_addresses: internal_ip_addresses.iter().map(|_| MASK.to_owned()).collect(),
        location: places.of(location),
        pc_name: mask(pc_name),
        // The Windows/AD domain names the machine as much as its PC name does.
        domain: mask(domain),
        mac_addr: mask(mac_addr),
        harddisk_id: mask(harddisk_id),
        // Free text: scrubbed of the join's identifiers, its user's name and address shapes.
        device: text(device),
        client: text(client),
        version: text(version),
        os: text(os),
        network_type: text(network_type),
        data_center: text(data_center),
        connection_type: text(connection_type),
        leave_reason: text(leave_reason),
        microphone: text(microphone),
        speaker: text(speaker),
        camera: text(camera),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_personal_field_of_a_join_is_masked() {
        let snapshot = qoscope_sim::demo_snapshot().unwrap();
        let meeting = snapshot.meeting().unwrap();
        let redacted = redact_meeting(&meeting);
        for (before, after) in meeting.joins.iter().zip(&redacted.joins) {
            for (b, a) in [
                (&before.ip_address, &after.ip_address),
                (&before.mac_addr, &after.mac_addr),
                (&before.harddisk_id, &after.harddisk_id),
                (&before.pc_name, &after.pc_name),
                (&before.email, &after.email),
                (&before.location, &after.location),
            ] {
                assert_eq!(b.is_some(), a.is_some());
                if let (Some(a), Some(b)) = (a, b) {
                    assert!(a == MASK || (a.starts_with(&format!("{MASK} #")) && !a.contains(b.as_str())), "{a}");
                }
            }
            assert_eq!(before.samples, after.samples, "metrics are never touched");
            assert_eq!(before.user_id, after.user_id, "the key exports look joins up by");
        }
        assert!(meeting.joins.iter().any(|j| j.ip_address.is_some()), "the demo has IP addresses to mask");
    }

    #[test]
    fn a_redacted_meeting_gets_the_same_diagnosis_shared_networks_included() {
        use qoscope_diagnosis::{analyze, FindingKind, Thresholds};
        use qoscope_sim::generator::Condition;
        let spec = (0..200)
            .map(|seed| qoscope_sim::realistic::meeting(30, 60, seed, 3))
            .find(|s| s.people.iter().any(|p| p.conditions.iter().any(|c| matches!(c, Condition::SharedSite { .. }))))
            .expect("a seed with a shared office");
        let snapshot = spec.generate().to_snapshot(
            "test",
            qoscope_snapshot::Source { kind: qoscope_snapshot::SourceKind::Simulator, profile: None, api_base: None },
            qoscope_snapshot::Request { meeting: "1".into(), qos_type: "past".into(), webinar: false },
            spec.start,
        );
        let meeting = snapshot.meeting().unwrap();
        let redacted = redact_meeting(&meeting);
        let t = Thresholds::default();
        let key = |a: &qoscope_diagnosis::Analysis| {
            a.findings.iter().map(|f| (f.kind, f.participant.user_id.clone(), f.start, f.end)).collect::<Vec<_>>()
        };
        let (plain, masked) = (analyze(&meeting, &t), analyze(&redacted, &t));
        assert!(plain.findings.iter().any(|f| f.kind == FindingKind::SharedNetwork));
        assert_eq!(key(&plain), key(&masked));
        let office = meeting.joins.iter().find_map(|j| j.ip_address.clone()).unwrap();
        assert!(redacted.joins.iter().all(|j| j.ip_address.as_deref() != Some(office.as_str())));
    }

    /// Lena's join as a crafted file could carry it: her identifiers in every free-text field.
    fn leaky_meeting() -> Meeting {
        let lena = Join {
            user_id: "16778240".into(),
            user_name: "Lena Fischer (PC-LENA-7H3K2)".into(),
            account_id: Some("acc-lena".into()),
            email: Some("lena.fischer@example.com".into()),
            ip_address: Some("203.0.113.7".into()),
            internal_ip_addresses: vec!["10.1.2.3".into()],
            pc_name: Some("PC-LENA-7H3K2".into()),
            domain: Some("CORP-EU".into()),
            mac_addr: Some("00:1A:2B:3C:4D:5E".into()),
            harddisk_id: Some("WD-WX81A3".into()),
            location: Some("Berlin (DE)".into()),
            device: Some("Windows PC-LENA-7H3K2".into()),
            client: Some("Zoom for CORP-EU".into()),
            version: Some("5.17 on 10.1.2.3".into()),
            os: Some("Windows 11 (WD-WX81A3)".into()),
            network_type: Some("Wifi 00:1A:2B:3C:4D:5E".into()),
            data_center: Some("Frankfurt via 203.0.113.7".into()),
            connection_type: Some("UDP lena.fischer".into()),
            leave_reason: Some("Lena Fischer left".into()),
            microphone: Some("Headset (PC-LENA-7H3K2)".into()),
            speaker: Some("Lena Fischer's Speakers".into()),
            camera: Some("Lena Fischer's Webcam".into()),
            ..Default::default()
        };
        Meeting {
            info: MeetingInfo {
                topic: Some("Call with PC-LENA-7H3K2 support".into()),
                host: Some("IT (it@example.com)".into()),
                host_email: Some("it@example.com".into()),
                duration: Some("10.1.2.3".into()),
                ..Default::default()
            },
            persons: vec![Person { display_name: "Lena Fischer (PC-LENA-7H3K2)".into(), joins: vec![0] }],
            issues: vec![
                DataIssue {
                    user_id: Some("16778240".into()),
                    at: Some("WD-WX81A3".into()),
                    message: "camera CORP-EU unreadable".into(),
                },
                DataIssue { user_id: None, at: None, message: "PC-LENA-7H3K2 sent twice".into() },
            ],
            joins: vec![lena],
        }
    }

    #[test]
    fn no_identifier_survives_in_any_text_field() {
        let redacted = redact_meeting(&leaky_meeting());
        let dump = format!("{redacted:?}");
        for leak in [
            "PC-LENA",
            "lena.fischer",
            "203.0.113.7",
            "10.1.2.3",
            "CORP-EU",
            "00:1A:2B",
            "WD-WX81A3",
            "Berlin",
            "it@example.com",
            "acc-lena",
            "Lena Fischer's",
        ] {
            assert!(!dump.contains(leak), "{leak} survives redaction: {dump}");
        }
        let lena = &redacted.joins[0];
        assert_eq!(lena.user_name, "Lena Fischer ([redacted])", "the name stays");
        assert_eq!(lena.microphone.as_deref(), Some("Headset ([redacted])"));
        assert_eq!(lena.camera.as_deref(), Some("[redacted]'s Webcam"));
        assert_eq!(redacted.persons[0].display_name, "Lena Fischer ([redacted])");
        assert_eq!(redacted.info.topic.as_deref(), Some("Call with [redacted] support"));
    }
}
