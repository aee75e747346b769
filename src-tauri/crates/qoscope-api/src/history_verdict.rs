//! The one-sentence verdict of a person's history, about their own side: in how many meetings
//! the diagnosis found trouble that is theirs for sure, on which network, and how many more had
//! degraded minutes only the whole meeting can explain.

use crate::history_view::HistoryMeetingRow;

/// Zoom's network type for a sentence: "Wifi" → "Wi-Fi".
pub fn network_label(network: &str) -> String {
    match network.trim().to_lowercase().replace(['-', ' '], "").as_str() {
        "wifi" => "Wi-Fi".to_owned(),
        "wired" => "Wired".to_owned(),
        "cellular" => "cellular".to_owned(),
        _ => network.trim().to_owned(),
    }
}

/// The one network all of `rows` were on, if they were.
fn one_network(rows: &[&HistoryMeetingRow]) -> Option<String> {
    let first = rows.first()?.network_type.as_deref()?;
    rows.iter().all(|r| r.network_type.as_deref() == Some(first)).then(|| network_label(first))
}

/// The worst severity of the findings that are theirs for sure (not one-sided).
fn own_trouble(row: &HistoryMeetingRow) -> Option<&str> {
    let own = row.findings.iter().filter(|f| !f.one_sided);
    own.map(|f| f.severity.as_str()).max_by_key(|s| *s == "poor")
}

/// The verdict about their own side: in how many meetings the diagnosis found trouble that is
/// theirs for sure (their Wi-Fi, CPU, disconnects, a UDP fallback) at poor (else at warning), whether those
/// meetings share a network, the network of the meetings without it when that differs, and how
/// many more had trouble only the whole meeting can judge (one-sided) — "Poor in 4 of 6
/// meetings, always on Wi-Fi; fine on Wired."
pub fn verdict(rows: &[HistoryMeetingRow]) -> String {
    if rows.is_empty() {
        return "No meetings in this range.".to_owned();
    }
    let with_data: Vec<&HistoryMeetingRow> = rows.iter().filter(|r| r.worst != "no_data").collect();
    if with_data.is_empty() {
        return format!("No quality data for them in any of the {} meetings.", rows.len());
    }
    let n = with_data.len();
    let of = |s: &str| with_data.iter().copied().filter(|r| own_trouble(r) == Some(s)).collect::<Vec<_>>();
    let (poor, warning) = (of("poor"), of("warning"));
    let fine: Vec<&HistoryMeetingRow> = with_data.iter().copied().filter(|r| own_trouble(r).is_none()).collect();
    let plural = |k: usize| if k == 1 { "meeting" } else { "meetings" };
    let (mut sentence, bad) = if !poor.is_empty() {
        (format!("Poor in {} of {n} {}", poor.len(), plural(n)), poor)
    } else if !warning.is_empty() {
        (format!("Degraded in {} of {n} {}", warning.len(), plural(n)), warning)
    } else {
        (format!("No trouble of their own in {n} {}", plural(n)), Vec::new())
    };
    let bad_network = one_network(&bad);
    match &bad_network {
        Some(network) if bad.len() > 1 => sentence.push_str(&format!(", always on {network}")),
        Some(network) => sentence.push_str(&format!(", on {network}")),
        None => {}
    }
    let clean: Vec<&HistoryMeetingRow> = fine.iter().copied().filter(|r| r.worst == "good").collect();
    if !bad.is_empty() {
        if let Some(network) = one_network(&clean).filter(|f| Some(f) != bad_network.as_ref()) {
            sentence.push_str(&format!("; fine on {network}"));
        }
    }
    let judged_elsewhere = fine.iter().filter(|r| r.worst == "poor" || r.worst == "warning").count();
    if judged_elsewhere > 0 {
        sentence.push_str(&format!(
            "; {judged_elsewhere} {} had degraded minutes only the whole meeting can explain",
            if bad.is_empty() { plural(judged_elsewhere) } else { "more" }
        ));
    }
    let missing = rows.len() - n;
    if missing > 0 {
        sentence.push_str(&format!(" (no data for {missing} more)"));
    }
    sentence.push('.');
    sentence
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history_view::{meeting_row, HistoryFinding};
    use qoscope_diagnosis::Thresholds;
    use qoscope_zoom::person::PersonMeeting;

    /// A row: `poor`/`warning` with a finding of theirs at that severity, `other` poor with a
    /// one-sided finding only, `good` or `no_data`.
    fn row(what: &str, network: Option<&str>) -> HistoryMeetingRow {
        let empty = PersonMeeting { info: Default::default(), joined_at: None, left_at: None, at_time: false };
        let finding = |severity: &str, one_sided: bool| HistoryFinding {
            kind: if one_sided { "receiver_downlink" } else { "wifi" }.into(),
            title: String::new(),
            severity: severity.into(),
            sentence: String::new(),
            one_sided,
        };
        let (worst, findings) = match what {
            "poor" => ("poor", vec![finding("warning", true), finding("poor", false), finding("warning", false)]),
            "warning" => ("poor", vec![finding("warning", false), finding("poor", true)]),
            "other" => ("poor", vec![finding("poor", true)]),
            other => (other, vec![]),
        };
        HistoryMeetingRow {
            worst: worst.into(),
            findings,
            network_type: network.map(Into::into),
            ..meeting_row(&empty, None, "x", &Thresholds::default())
        }
    }

    #[test]
    fn the_verdict_counts_their_own_trouble_and_names_its_network() {
        let mut rows: Vec<_> = (0..4).map(|_| row("poor", Some("Wifi"))).collect();
        rows.extend([row("good", Some("Wired")), row("good", Some("Wired"))]);
        assert_eq!(verdict(&rows), "Poor in 4 of 6 meetings, always on Wi-Fi; fine on Wired.");
        rows[4] = row("other", Some("Wired"));
        assert_eq!(
            verdict(&rows),
            "Poor in 4 of 6 meetings, always on Wi-Fi; fine on Wired; 1 more had degraded minutes only the whole \
             meeting can explain."
        );
        assert_eq!(
            verdict(&[row("poor", Some("Wifi")), row("good", Some("Wifi")), row("warning", Some("Wifi"))]),
            "Poor in 1 of 3 meetings, on Wi-Fi."
        );
        assert_eq!(
            verdict(&[row("poor", Some("Wifi")), row("poor", Some("Wired")), row("good", None)]),
            "Poor in 2 of 3 meetings."
        );
        assert_eq!(
            verdict(&[row("warning", Some("Cellular")), row("good", Some("Wired"))]),
            "Degraded in 1 of 2 meetings, on cellular; fine on Wired."
        );
        assert_eq!(verdict(&[row("good", Some("Wired")), row("good", None)]), "No trouble of their own in 2 meetings.");
        assert_eq!(
            verdict(&[row("other", Some("Wired")), row("good", None)]),
            "No trouble of their own in 2 meetings; 1 meeting had degraded minutes only the whole meeting can explain."
        );
        assert_eq!(
            verdict(&[row("no_data", None), row("no_data", None)]),
            "No quality data for them in any of the 2 meetings."
        );
        assert_eq!(
            verdict(&[row("poor", Some("Wifi")), row("no_data", None)]),
            "Poor in 1 of 1 meeting, on Wi-Fi (no data for 1 more)."
        );
        assert_eq!(verdict(&[]), "No meetings in this range.");
    }
}
