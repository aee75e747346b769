//! Named meetings the simulator can generate.

use crate::generator::{ClientKind, Condition, Fallback, JoinSpec, MeetingSpec, PersonSpec, NETWORK_LEAVE_REASON};
use chrono::{TimeZone, Utc};

#[allow(clippy::too_many_arguments)]
pub(crate) fn person(
    name: &str,
    email: &str,
    device: &'static str,
    client: ClientKind,
    network_type: &'static str,
    location: &'static str,
    ip_address: &str,
    joins: Vec<JoinSpec>,
    conditions: Vec<Condition>,
) -> PersonSpec {
    // Zoom hides guests' account ids; members get a stable id derived from their e-mail.
    let account_id = if email.is_empty() {
        String::new()
    } else {
        let hash =
            email.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
        format!("{hash:016x}")
    };
    PersonSpec {
        name: name.to_owned(),
        account_id,
        email: email.to_owned(),
        device,
        client,
        version: match client {
            ClientKind::App => "6.2.11.45987",
            ClientKind::Web => "6.2.10.1208",
            ClientKind::RoomConnector => "6.1.5.3310",
            ClientKind::Phone => "",
        },
        ip_address: ip_address.to_owned(),
        location,
        pc_name: match client {
            ClientKind::Phone => String::new(),
            _ => format!("{}-{}", name.split_whitespace().next().unwrap_or("pc").to_uppercase(), device.to_uppercase()),
        },
        network_type,
        data_center: "Frankfurt (DE)",
        microphone: if client == ClientKind::Phone { "" } else { "Built-in Microphone" },
        speaker: if client == ClientKind::Phone { "" } else { "Built-in Speakers" },
        camera: if client == ClientKind::Phone { "" } else { "FaceTime HD Camera" },
        sends_video: client != ClientKind::Phone,
        sends_audio: true,
        shares: None,
        feedback: None,
        on_wifi: network_type == "Wifi",
        new_fields: false,
        fallback: None,
        joins,
        conditions,
    }
}

fn whole(minutes: u32) -> Vec<JoinSpec> {
    vec![JoinSpec { from: 0, to: minutes, leave_reason: "left the meeting. Reason: Host ended the meeting." }]
}

/// The built-in demo: "Weekly IT service review", 8 people, 60 minutes, on 24 Nov 2026.
///
/// The story a new user can find: at about 10:15 Aiko's weak Wi-Fi ruins everyone's view of
/// her; Marcus's phone drops off at 10:31 and rejoins; Lena's laptop CPU saturates around
/// 10:40; Zoë's browser downlink struggles at 10:41; all meeting long Tom's video goes over TCP
/// behind his office firewall (somewhat more latency, no episode). Everyone else is fine. The
/// clients of everyone but Zoë's browser and the phone report Zoom's 2024–2026 fields.
pub fn demo() -> MeetingSpec {
    let minutes = 60;
    let mut priya = person(
        "Priya Raman",
        "priya.raman@example.com",
        "Mac",
        ClientKind::App,
        "Wired",
        "Berlin (DE)",
        "198.51.100.24",
        whole(minutes),
        vec![],
    );
    priya.shares = Some((20, 35));
    let mut people = vec![
        priya,
        person(
            "Tom Becker",
            "tom.becker@example.com",
            "Windows",
            ClientKind::App,
            "Wired",
            "Hamburg (DE)",
            "198.51.100.77",
            whole(minutes),
            vec![],
        ),
        person(
            "Aiko Tanaka",
            "aiko.tanaka@example.com",
            "Windows",
            ClientKind::App,
            "Wifi",
            "Munich (DE)",
            "203.0.113.15",
            whole(minutes),
            vec![Condition::WeakWifi { from: 12, to: 19 }],
        )
        .with_feedback(false, "You kept freezing and I could not hear Tom at all around 10:15."),
        person(
            "Marcus Silva",
            "marcus.silva@example.com",
            "iOS",
            ClientKind::App,
            "Cellular",
            "Lisbon (PT)",
            "192.0.2.140",
            vec![
                JoinSpec { from: 0, to: 31, leave_reason: NETWORK_LEAVE_REASON },
                JoinSpec { from: 33, to: minutes, leave_reason: "left the meeting. Reason: Host ended the meeting." },
            ],
            vec![Condition::BadUplink { from: 28, to: 31 }],
        ),
        person(
            "Zoë 王",
            "",
            "Web",
            ClientKind::Web,
            "Wifi",
            "Vienna (AT)",
            "203.0.113.201",
            whole(minutes),
            vec![Condition::BadDownlink { from: 41, to: 46 }],
        ),
        person(
            "Board Room B",
            "room-b@example.com",
            "H.323/SIP",
            ClientKind::RoomConnector,
            "Wired",
            "Berlin (DE)",
            "198.51.100.30",
            whole(minutes),
            vec![],
        ),
        person("Caller 555-0100", "", "Phone", ClientKind::Phone, "Others", "", "", whole(minutes), vec![]),
        person(
            "Lena Fischer",
            "lena.fischer@example.com",
            "Mac",
            ClientKind::App,
            "Wifi",
            "Cologne (DE)",
            "198.51.100.91",
            whole(minutes),
            vec![Condition::BusyCpu { from: 40, to: 48 }],
        ),
    ];
    for p in &mut people {
        p.new_fields = !matches!(p.client, ClientKind::Web | ClientKind::Phone);
    }
    people[1].fallback = Some(Fallback::VIDEO_TCP);
    MeetingSpec {
        seed: 20_261_124,
        meeting_number: 85_746_213_390,
        uuid: "aDYlohsHRtCd4ii1uC2+hA==".to_owned(),
        topic: "Weekly IT service review".to_owned(),
        host: "Priya Raman".to_owned(),
        host_email: "priya.raman@example.com".to_owned(),
        start: Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).single().expect("valid date"),
        minutes,
        people,
        unknown_fields: false,
        meeting_wide: vec![],
        noise: true,
    }
}

/// Aiko Tanaka as she joins the demo account's other meetings (the person to find from a
/// ticket): the same e-mail, account ID and laptop as in [`demo`], on Wi-Fi, weak over
/// `weak_wifi` (minutes since the start) when given.
pub fn aiko(minutes: u32, weak_wifi: Option<(u32, u32)>) -> PersonSpec {
    person(
        "Aiko Tanaka",
        "aiko.tanaka@example.com",
        "Windows",
        ClientKind::App,
        "Wifi",
        "Munich (DE)",
        "203.0.113.15",
        whole(minutes),
        weak_wifi.map(|(from, to)| vec![Condition::WeakWifi { from, to }]).unwrap_or_default(),
    )
}

/// Three people for half an hour, with one injected episode of every kind, one after another:
/// Sam's weak Wi-Fi (minutes 3–7) degrades what the others receive; Ana's bad uplink (9–12) ends
/// in a disconnect at 13 and a rejoin at 15; the phone caller's downlink struggles (17–20);
/// Sam's CPU saturates (21–24); everyone receives badly at once (26–29).
pub fn small() -> MeetingSpec {
    let minutes = 30;
    MeetingSpec {
        seed: 3,
        meeting_number: 91_234_567_890,
        uuid: "4444AAAiAAAAAiAiAiiAii==".to_owned(),
        topic: "Escalation call".to_owned(),
        host: "Ana Lima".to_owned(),
        host_email: "ana.lima@example.com".to_owned(),
        start: Utc.with_ymd_and_hms(2026, 11, 23, 14, 0, 0).single().expect("valid date"),
        minutes,
        people: vec![
            person(
                "Ana Lima",
                "ana.lima@example.com",
                "Mac",
                ClientKind::App,
                "Wired",
                "Porto (PT)",
                "198.51.100.5",
                vec![
                    JoinSpec { from: 0, to: 13, leave_reason: NETWORK_LEAVE_REASON },
                    JoinSpec {
                        from: 15,
                        to: minutes,
                        leave_reason: "left the meeting. Reason: Host ended the meeting.",
                    },
                ],
                vec![Condition::BadUplink { from: 9, to: 12 }],
            ),
            person(
                "Sam O'Neil, \"IT\"",
                "sam@example.com",
                "Windows",
                ClientKind::App,
                "Wifi",
                "Dublin (IE)",
                "198.51.100.6",
                whole(minutes),
                vec![Condition::WeakWifi { from: 3, to: 7 }, Condition::BusyCpu { from: 21, to: 24 }],
            ),
            person(
                "",
                "",
                "Phone",
                ClientKind::Phone,
                "Others",
                "",
                "",
                whole(minutes),
                vec![Condition::BadDownlink { from: 17, to: 20 }],
            ),
        ],
        unknown_fields: false,
        meeting_wide: vec![(26, 29)],
        noise: true,
    }
}

/// `people` participants for an hour: every client kind, rejoins, hidden names, and seeded
/// episodes of every condition, and a meeting-wide episode at minutes 52–56. The benchmark and soak scenario (300 people).
pub fn large(people: usize, seed: u64) -> MeetingSpec {
    let mut rng = crate::rng::Rng::new(seed);
    let minutes = 60;
    let mut list = Vec::with_capacity(people);
    for i in 0..people {
        let (device, client, network) = match i % 10 {
            0 => ("Phone", ClientKind::Phone, "Others"),
            1 => ("Web", ClientKind::Web, "Wifi"),
            2 => ("H.323/SIP", ClientKind::RoomConnector, "Wired"),
            3 | 4 => ("Windows", ClientKind::App, "Wifi"),
            5 => ("iOS", ClientKind::App, "Cellular"),
            6 => ("Android", ClientKind::App, "Wifi"),
            _ => ("Mac", ClientKind::App, "Wired"),
        };
        // Some names and e-mails hidden by privacy rules.
        let hidden = i % 23 == 7;
        let name = if hidden { String::new() } else { format!("Participant {i:03}") };
        let email = if hidden || i % 5 == 0 { String::new() } else { format!("p{i:03}@example.com") };
        let joins = if i % 17 == 3 {
            let cut = 10 + (rng.next_u64() % 30) as u32;
            vec![
                JoinSpec { from: 0, to: cut, leave_reason: NETWORK_LEAVE_REASON },
                JoinSpec {
                    from: cut + 2,
                    to: minutes,
                    leave_reason: "left the meeting. Reason: Host ended the meeting.",
                },
            ]
        } else if i % 13 == 5 {
            vec![JoinSpec { from: 3, to: 40, leave_reason: "left the meeting. Reason: left the meeting." }]
        } else {
            whole(minutes)
        };
        let mut conditions = Vec::new();
        if rng.chance(0.08) {
            let from = (rng.next_u64() % 50) as u32;
            let to = from + 2 + (rng.next_u64() % 8) as u32;
            conditions.push(match rng.next_u64() % 4 {
                0 if network == "Wifi" => Condition::WeakWifi { from, to },
                1 if client == ClientKind::App => Condition::BusyCpu { from, to },
                2 => Condition::BadDownlink { from, to },
                _ => Condition::BadUplink { from, to },
            });
        }
        if i == 4 {
            // Seeds rarely draw weak Wi-Fi: one for sure, so every kind of episode is in the meeting.
            conditions.push(Condition::WeakWifi { from: 22, to: 27 });
        }
        let mut p =
            person(&name, &email, device, client, network, "Frankfurt (DE)", "198.51.100.44", joins, conditions);
        if hidden {
            p.account_id.clear();
        }
        // Many app users keep the camera off.
        if client == ClientKind::App && rng.chance(0.3) {
            p.sends_video = false;
        }
        if i == 1 {
            p.shares = Some((10, 30));
        }
        // Newer clients report Zoom's 2024–2026 fields; older ones do not.
        p.new_fields = i % 3 != 0;
        list.push(p);
    }
    MeetingSpec {
        seed,
        meeting_number: 93_000_000_000 + seed,
        uuid: format!("LaRgE{seed:06}/mEeTiNg//x=="),
        topic: format!("All-hands ({people} people)"),
        host: "Participant 007".to_owned(),
        host_email: "p007@example.com".to_owned(),
        start: Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).single().expect("valid date"),
        minutes,
        people: list,
        unknown_fields: true,
        meeting_wide: vec![(52, 56)],
        noise: true,
    }
}

/// Hostile text in every Zoom string a person shows: HTML and script, bidi controls, a
/// 10,000-character name, emoji and non-Latin text, a NUL byte. For tests that nothing runs and
/// everything shows literally.
pub fn hostile() -> MeetingSpec {
    let minutes = 10;
    let names = [
        "<img src=x onerror=\"window.__pwned=1\">".to_owned(),
        "<script>window.__pwned=2</script>".to_owned(),
        "Eve \u{202e}gnp.exe\u{202c} Admin".to_owned(),
        format!("Long{}", "x".repeat(10_000)),
        "Zoë 王 🎧 <b>x</b> & co".to_owned(),
        "Nul\u{0}Byte".to_owned(),
    ];
    let people = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let conditions = if i == 0 { vec![Condition::BadUplink { from: 3, to: 6 }] } else { vec![] };
            person(
                name,
                &format!("p{i}@example.com"),
                "Windows",
                ClientKind::App,
                "Wifi",
                "<svg onload=\"window.__pwned=3\">",
                "198.51.100.9",
                whole(minutes),
                conditions,
            )
        })
        .collect();
    MeetingSpec {
        seed: 13,
        meeting_number: 94_000_000_013,
        uuid: "HoStIlE/<b>uuid</b>==".to_owned(),
        topic: "<img src=x onerror=\"window.__pwned=4\"> Topic \u{202e}txt.exe".to_owned(),
        host: "<script>window.__pwned=5</script>".to_owned(),
        host_email: "host@example.com".to_owned(),
        start: Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).single().expect("valid date"),
        minutes,
        people,
        unknown_fields: true,
        meeting_wide: vec![],
        noise: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_story_is_in_the_ground_truth() {
        let episodes = demo().episodes();
        assert_eq!(episodes.len(), 6, "four conditions, Marcus's disconnect and Tom's TCP fallback");
        assert_eq!(episodes[0].person, "Tom Becker");
        assert_eq!(episodes[0].condition, Condition::UdpBlocked { from: 0, to: 60 });
        assert_eq!(episodes[1].person, "Aiko Tanaka");
        assert_eq!(episodes[1].condition, Condition::WeakWifi { from: 12, to: 19 });
        assert_eq!(episodes[1].start.format("%H:%M").to_string(), "10:12");
        assert!(large(300, 1).episodes().len() > 5, "the large scenario injects episodes");
    }
}
