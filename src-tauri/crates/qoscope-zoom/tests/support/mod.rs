//! A tiny mock of Zoom's OAuth endpoint and Dashboard API on 127.0.0.1, hand-rolled on tokio
//! (HTTP/1.1, one request per connection), with switchable faults.
#![allow(dead_code)]

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub const CLIENT_ID: &str = "cid";
pub const CLIENT_SECRET: &str = "s3cret-value";
pub const ACCOUNT_ID: &str = "acc 1";
/// base64("cid:s3cret-value")
pub const BASIC: &str = "Basic Y2lkOnMzY3JldC12YWx1ZQ==";
pub const DAILY_RESET: &str = "2030-01-02T00:00:00Z";

#[derive(Debug, Clone)]
pub struct Faults {
    pub api_prefix: String,
    pub api_url: Option<String>,
    pub reject_oauth: bool,
    pub revoke_first_token: bool,
    pub always_124: bool,
    pub missing_scopes: bool,
    pub not_found: bool,
    pub html_502: u32,
    pub qps_429: u32,
    pub bare_429: u32,
    pub daily_after_participant_calls: Option<u32>,
    pub expire_qos_token_once: bool,
    pub expire_participants_token_once: bool,
    pub repeat_token: bool,
    pub participant_404: HashSet<String>,
    pub participants_list_unavailable: bool,
    pub participants_page_cap: Option<usize>,
    pub delay: Duration,
    pub expires_in: u64,
    pub drop_connections: u32,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            api_prefix: "/v2".into(),
            api_url: None,
            reject_oauth: false,
            revoke_first_token: false,
            always_124: false,
            missing_scopes: false,
            not_found: false,
            html_502: 0,
            qps_429: 0,
            bare_429: 0,
            daily_after_participant_calls: None,
            expire_qos_token_once: false,
            expire_participants_token_once: false,
            repeat_token: false,
            participant_404: HashSet::new(),
            participants_list_unavailable: false,
            participants_page_cap: None,
            delay: Duration::ZERO,
            expires_in: 3599,
            drop_connections: 0,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Logged {
    pub method: String,
    pub target: String,
    pub authorization: String,
    pub body: String,
}

pub struct MockState {
    pub joins: usize,
    pub faults: Mutex<Faults>,
    pub log: Mutex<Vec<Logged>>,
    pub mints: AtomicU32,
    pub participant_calls: AtomicU32,
}

pub struct MockZoom {
    pub addr: SocketAddr,
    pub state: Arc<MockState>,
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
    content_type: &'static str,
}

fn json(status: u16, body: String) -> Reply {
    Reply { status, headers: Vec::new(), body, content_type: "application/json" }
}

fn zoom_error(status: u16, code: i64, message: &str) -> Reply {
    json(status, serde_json::json!({"code": code, "message": message}).to_string())
}

pub fn user_id(i: usize) -> String {
    format!("1677{i:04}")
}

pub fn samples_of(i: usize) -> usize {
    2 + i % 4
}

fn join_json(i: usize) -> serde_json::Value {
    let samples: Vec<serde_json::Value> = (0..samples_of(i))
        .map(|k| {
            serde_json::json!({
                "date_time": format!("2024-05-01T10:{:02}:00Z", k + i % 7),
                "audio_input": {"bitrate": "27.15 kbps", "latency": format!("{} ms", 20 + i), "jitter": "3 ms", "avg_loss": "0.03%", "max_loss": "0.5%"},
                "audio_output": {"bitrate": "30 kbps", "latency": "22 ms", "jitter": "2 ms", "avg_loss": "0.01%", "max_loss": "0.2%"},
                "cpu_usage": {"zoom_min_cpu_usage": "1%", "zoom_avg_cpu_usage": "5%", "zoom_max_cpu_usage": "9%", "system_max_cpu_usage": "30%"}
            })
        })
        .collect();
    serde_json::json!({
        "id": match i % 3 { 0 => String::new(), _ => format!("acct{i}") },
        "user_id": user_id(i),
        "user_name": format!("User <b>{i}</b>"),
        "device": "Mac",
        "ip_address": format!("10.0.0.{i}"),
        "location": "Amsterdam (NL)",
        "join_time": "2024-05-01T10:00:00Z",
        "leave_time": "2024-05-01T10:30:00Z",
        "version": "5.17.0",
        "user_qos": samples
    })
}

fn list_entry(i: usize) -> serde_json::Value {
    serde_json::json!({
        "id": format!("acct{i}"), "user_id": user_id(i), "user_name": format!("User <b>{i}</b>"),
        "device": "Mac", "network_type": "Wifi", "data_center": "NL", "leave_reason": "left"
    })
}

fn query_param(query: &str, key: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.replace("%2B", "+").replace("%2F", "/").replace("%3D", "=").replace("%20", " "))
}

impl MockZoom {
    pub async fn start(joins: usize, faults: Faults) -> MockZoom {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(MockState {
            joins,
            faults: Mutex::new(faults),
            log: Mutex::new(Vec::new()),
            mints: AtomicU32::new(0),
            participant_calls: AtomicU32::new(0),
        });
        let st = state.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { break };
                let st = st.clone();
                tokio::spawn(async move {
                    let _ = serve(stream, st).await;
                });
            }
        });
        MockZoom { addr, state }
    }

    pub fn base(&self) -> String {
        format!("http://{}{}", self.addr, self.faults().api_prefix)
    }

    pub fn token_url(&self) -> String {
        format!("http://{}/oauth/token", self.addr)
    }

    pub fn faults(&self) -> Faults {
        self.state.faults.lock().unwrap().clone()
    }

    pub fn set(&self, f: impl FnOnce(&mut Faults)) {
        f(&mut self.state.faults.lock().unwrap());
    }

    pub fn log(&self) -> Vec<Logged> {
        self.state.log.lock().unwrap().clone()
    }

    pub fn api_requests(&self) -> Vec<Logged> {
        self.log().into_iter().filter(|l| !l.target.starts_with("/oauth")).collect()
    }

    pub fn mints(&self) -> u32 {
        self.state.mints.load(Ordering::SeqCst)
    }
}

async fn serve(mut stream: TcpStream, state: Arc<MockState>) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default().to_owned();
    let mut parts = request_line.split(' ');
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default().to_owned();
    let mut content_length = 0usize;
    let mut authorization = String::new();
    for line in lines {
        if let Some((k, v)) = line.split_once(':') {
            match k.trim().to_ascii_lowercase().as_str() {
                "content-length" => content_length = v.trim().parse().unwrap_or(0),
                "authorization" => authorization = v.trim().to_owned(),
                _ => {}
            }
        }
    }
    while buf.len() < head_end + content_length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8_lossy(&buf[head_end..]).to_string();
    state.log.lock().unwrap().push(Logged {
        method: method.clone(),
        target: target.clone(),
        authorization: authorization.clone(),
        body: body.clone(),
    });
    if !target.starts_with("/oauth/token") {
        let mut f = state.faults.lock().unwrap();
        if f.drop_connections > 0 {
            f.drop_connections -= 1;
            return Ok(()); // hang up without answering
        }
    }
    let reply = if target.starts_with("/oauth/token") {
        oauth(&state, &method, &authorization, &body)
    } else {
        let delay = state.faults.lock().unwrap().delay;
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        api(&state, &target, &authorization)
    };
    let reason = match reply.status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        502 => "Bad Gateway",
        _ => "Other",
    };
    let mut out = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        reply.status,
        reply.content_type,
        reply.body.len()
    );
    for (k, v) in &reply.headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(&reply.body);
    stream.write_all(out.as_bytes()).await?;
    stream.shutdown().await
}

fn oauth(state: &MockState, method: &str, authorization: &str, body: &str) -> Reply {
    let f = state.faults.lock().unwrap().clone();
    let expected_body = format!("grant_type=account_credentials&account_id={}", ACCOUNT_ID.replace(' ', "%20"));
    if method != "POST" || f.reject_oauth || authorization != BASIC || body != expected_body {
        return json(400, r#"{"reason":"Invalid client_id or client_secret","error":"invalid_client"}"#.into());
    }
    let n = state.mints.fetch_add(1, Ordering::SeqCst) + 1;
    let mut resp = serde_json::json!({
        "access_token": format!("tok-{n}"), "token_type": "bearer", "expires_in": f.expires_in,
        "scope": "dashboard_meetings:read:admin"
    });
    if let Some(u) = f.api_url {
        resp["api_url"] = serde_json::Value::String(u);
    }
    json(200, resp.to_string())
}

fn page<T>(items: &[T], offset: usize, size: usize) -> (&[T], Option<usize>) {
    let end = (offset + size).min(items.len());
    let start = offset.min(items.len());
    (&items[start..end], (end < items.len()).then_some(end))
}

fn api(state: &MockState, target: &str, authorization: &str) -> Reply {
    let mut f = state.faults.lock().unwrap();
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let Some(rest) = path.strip_prefix(&f.api_prefix) else { return zoom_error(404, 404, "no such API prefix") };
    let rest = rest.to_owned();

    // Authentication.
    let current = format!("Bearer tok-{}", state.mints.load(Ordering::SeqCst));
    let valid =
        if authorization == "Bearer pasted" { !f.always_124 } else { authorization == current && !f.always_124 };
    if !valid || (f.revoke_first_token && authorization == "Bearer tok-1") {
        return zoom_error(401, 124, "Invalid access token.");
    }
    if f.html_502 > 0 {
        f.html_502 -= 1;
        return Reply {
            status: 502,
            headers: Vec::new(),
            body: "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>".into(),
            content_type: "text/html",
        };
    }
    if f.qps_429 > 0 {
        f.qps_429 -= 1;
        let mut r = zoom_error(429, 429, "You have reached the maximum per-second rate limit for this API.");
        r.headers = vec![
            ("X-RateLimit-Category".into(), "Heavy".into()),
            ("X-RateLimit-Type".into(), "QPS".into()),
            ("X-RateLimit-Limit".into(), "40".into()),
            ("X-RateLimit-Remaining".into(), "0".into()),
            ("X-RateLimit-Reset".into(), "1".into()),
        ];
        return r;
    }
    if f.bare_429 > 0 {
        f.bare_429 -= 1;
        return zoom_error(429, 429, "Too many requests");
    }
    if f.missing_scopes {
        return zoom_error(
            400,
            4700,
            "Invalid access token, does not contain scopes:[dashboard_meetings:read:admin, dashboard:read:list_meeting_participants_qos:admin].",
        );
    }
    let segs: Vec<&str> = rest.trim_start_matches('/').split('/').collect();
    let joins: Vec<usize> = (0..state.joins).collect();
    let token = query_param(query, "next_page_token");
    let page_size: usize = query_param(query, "page_size").and_then(|s| s.parse().ok()).unwrap_or(30);
    match segs.as_slice() {
        ["metrics", "meetings" | "webinars", _id] => {
            if f.not_found {
                return zoom_error(404, 3001, "Meeting does not exist: 85746213390.");
            }
            json(
                200,
                serde_json::json!({
                    "uuid": "aDYlohsHRtCd4ii1uC2+hA==", "id": 85746213390u64, "topic": "Weekly <i>sync</i>",
                    "host": "Jane", "start_time": "2024-05-01T10:00:00Z", "end_time": "2024-05-01T10:30:00Z",
                    "duration": "30:00", "participants": state.joins
                })
                .to_string(),
            )
        }
        ["metrics", "meetings" | "webinars", _id, "participants"] => {
            if f.participants_list_unavailable {
                return zoom_error(
                    400,
                    4700,
                    "Invalid access token, does not contain scopes:[dashboard:read:list_meeting_participants:admin].",
                );
            }
            let size = f.participants_page_cap.unwrap_or(300).min(page_size.clamp(1, 300));
            if token.is_some() && f.expire_participants_token_once {
                f.expire_participants_token_once = false;
                return zoom_error(400, 300, "The next page token is invalid or expired.");
            }
            let offset = token.as_deref().and_then(|t| t.strip_prefix('p')).and_then(|t| t.parse().ok()).unwrap_or(0);
            let (items, next) = page(&joins, offset, size);
            let next_token =
                if f.repeat_token { "REPEAT".to_owned() } else { next.map(|n| format!("p{n}")).unwrap_or_default() };
            json(
                200,
                serde_json::json!({
                    "page_count": state.joins.div_ceil(size), "page_size": size, "total_records": state.joins,
                    "next_page_token": next_token,
                    "participants": items.iter().map(|i| list_entry(*i)).collect::<Vec<_>>()
                })
                .to_string(),
            )
        }
        ["metrics", "meetings" | "webinars", _id, "participants", "qos"] => {
            let size = page_size.clamp(1, 10);
            if token.is_some() && f.expire_qos_token_once {
                f.expire_qos_token_once = false;
                return zoom_error(400, 300, "The next page token is invalid or expired.");
            }
            let offset = token.as_deref().and_then(|t| t.strip_prefix('q')).and_then(|t| t.parse().ok()).unwrap_or(0);
            let (items, next) = page(&joins, offset, size);
            let next_token =
                if f.repeat_token { "REPEAT".to_owned() } else { next.map(|n| format!("q{n}")).unwrap_or_default() };
            json(
                200,
                serde_json::json!({
                    "page_count": state.joins.div_ceil(size), "page_size": size, "total_records": state.joins,
                    "next_page_token": next_token,
                    "participants": items.iter().map(|i| join_json(*i)).collect::<Vec<_>>()
                })
                .to_string(),
            )
        }
        ["metrics", "meetings" | "webinars", _id, "participants", uid, "qos"] => {
            if let Some(limit) = f.daily_after_participant_calls {
                if state.participant_calls.load(Ordering::SeqCst) >= limit {
                    let mut r = zoom_error(429, 429, "You have reached the maximum daily rate limit for this API.");
                    r.headers = vec![
                        ("X-RateLimit-Category".into(), "Heavy".into()),
                        ("X-RateLimit-Type".into(), "Daily-limit".into()),
                        ("Retry-After".into(), DAILY_RESET.into()),
                    ];
                    return r;
                }
            }
            if f.participant_404.contains(*uid) {
                return zoom_error(404, 3001, "Participant does not exist.");
            }
            match joins.iter().find(|i| user_id(**i) == *uid) {
                Some(i) => {
                    state.participant_calls.fetch_add(1, Ordering::SeqCst);
                    json(200, join_json(*i).to_string())
                }
                None => zoom_error(404, 3001, "Participant does not exist."),
            }
        }
        _ => zoom_error(404, 404, "Not found"),
    }
}
