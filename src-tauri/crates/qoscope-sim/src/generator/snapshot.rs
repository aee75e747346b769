//! A generated meeting as the snapshot QoScope's fetch would record.

use super::GeneratedMeeting;
use chrono::{DateTime, Utc};
use qoscope_snapshot::{Exchange, ExchangeKind, Request, Snapshot, Source};
use serde_json::{json, Value};

impl GeneratedMeeting {
    /// A snapshot as QoScope's fetch records it: details, QoS pages of 10, the participants list.
    pub fn to_snapshot(&self, app_version: &str, source: Source, request: Request, at: DateTime<Utc>) -> Snapshot {
        let id = self.details["id"].to_string();
        let mut snapshot = Snapshot::new(app_version, source, request);
        snapshot.created_at = at;
        let exchange = |kind, path: String, query: Vec<(String, String)>, body: &Value| {
            Exchange {
                kind,
                method: "GET".into(),
                path,
                query,
                status: 200,
                received_at: at,
                body: None,
                body_text: None,
            }
            .with_body(&serde_json::to_string(body).expect("generated JSON serializes"))
        };
        snapshot.exchanges.push(exchange(
            ExchangeKind::MeetingDetails,
            format!("/metrics/meetings/{id}"),
            vec![("type".into(), "past".into())],
            &self.details,
        ));
        let pages: Vec<&[Value]> = self.qos_joins.chunks(10).collect();
        let total = self.qos_joins.len();
        for (i, chunk) in pages.iter().enumerate() {
            let token = if i + 1 < pages.len() { format!("demo-page-{}", i + 2) } else { String::new() };
            let mut query = vec![("type".into(), "past".into()), ("page_size".into(), "10".into())];
            if i > 0 {
                query.push(("next_page_token".into(), format!("demo-page-{}", i + 1)));
            }
            let body = json!({"page_count": pages.len(), "page_size": 10, "total_records": total, "next_page_token": token, "participants": chunk});
            snapshot.exchanges.push(exchange(
                ExchangeKind::QosPage,
                format!("/metrics/meetings/{id}/participants/qos"),
                query,
                &body,
            ));
        }
        let body = json!({"page_count": 1, "page_size": 300, "total_records": self.participants.len(), "next_page_token": "", "participants": self.participants});
        snapshot.exchanges.push(exchange(
            ExchangeKind::ParticipantsPage,
            format!("/metrics/meetings/{id}/participants"),
            vec![("type".into(), "past".into()), ("page_size".into(), "300".into())],
            &body,
        ));
        let body = json!({"page_size": 30, "next_page_token": "", "participants": self.satisfaction});
        snapshot.exchanges.push(exchange(
            ExchangeKind::Satisfaction,
            format!("/metrics/meetings/{id}/participants/satisfaction"),
            vec![("type".into(), "past".into()), ("page_size".into(), "30".into())],
            &body,
        ));
        let body = json!({"page_count": 1, "page_size": 300, "total_records": self.sharing.len(), "next_page_token": "", "participants": self.sharing});
        snapshot.exchanges.push(exchange(
            ExchangeKind::Sharing,
            format!("/metrics/meetings/{id}/participants/sharing"),
            vec![("type".into(), "past".into()), ("page_size".into(), "300".into())],
            &body,
        ));
        snapshot
    }
}
