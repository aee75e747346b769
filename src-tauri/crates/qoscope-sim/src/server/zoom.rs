//! Zoom's endpoints, envelopes, errors and limits, served from generated meetings.

use super::http::{percent_decode, Reply, Request, Response};
use super::{SimConfig, SimMeeting, SimStats};
use crate::rng::Rng;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub struct SimState {
    config: SimConfig,
    meetings: Vec<SimMeeting>,
    addr: SocketAddr,
    stats: Arc<SimStats>,
    inner: Mutex<Inner>,
}

struct Inner {
    rng: Rng,
    tokens: HashMap<String, Instant>,
    qps_second: u64,
    qps_count: u32,
    daily_count: u64,
    page_tokens: HashMap<String, PageToken>,
    page_token_uses: u32,
    next_id: u64,
}

#[derive(Clone)]
struct PageToken {
    key: String,
    offset: usize,
    issued: Instant,
}

fn error(status: u16, code: i64, message: &str) -> Response {
    Response::json(status, json!({"code": code, "message": message}).to_string())
}

fn instant_reply(response: Response) -> Reply {
    Reply::Respond { response, delay: Duration::ZERO }
}

impl SimState {
    pub fn new(config: SimConfig, meetings: Vec<SimMeeting>, addr: SocketAddr, stats: Arc<SimStats>) -> SimState {
        let seed = config.faults.seed;
        SimState {
            config,
            meetings,
            addr,
            stats,
            inner: Mutex::new(Inner {
                rng: Rng::new(seed),
                tokens: HashMap::new(),
                qps_second: 0,
                qps_count: 0,
                daily_count: 0,
                page_tokens: HashMap::new(),
                page_token_uses: 0,
                next_id: 1,
            }),
        }
    }

    pub fn handle(&self, req: Request) -> Reply {
        self.stats.requests.fetch_add(1, Ordering::Relaxed);
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if req.path == "/oauth/token" {
            return instant_reply(self.oauth(&mut inner, &req));
        }
        let Some(path) = req.path.strip_prefix("/v2/") else {
            return instant_reply(Response::html(404, "<html><body><h1>404 Not Found</h1></body></html>"));
        };
        let path = path.to_owned();

        // Limits are counted before authentication, as Zoom's gateway does.
        if let Some(limit) = self.config.daily_limit {
            inner.daily_count += 1;
            if inner.daily_count > limit {
                self.stats.rate_limited.fetch_add(1, Ordering::Relaxed);
                let reset =
                    (Utc::now().date_naive() + chrono::Days::new(1)).and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
                return instant_reply(
                    error(429, 429, "You have exceeded the daily rate limit of your account.")
                        .header("X-RateLimit-Category", "Heavy")
                        .header("X-RateLimit-Type", "Daily-limit")
                        .header("X-RateLimit-Limit", limit.to_string())
                        .header("X-RateLimit-Remaining", "0")
                        .header("Retry-After", reset.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
                );
            }
        }
        if let Some(limit) = self.config.qps_limit {
            let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
            let second = now.as_secs();
            if inner.qps_second != second {
                inner.qps_second = second;
                inner.qps_count = 0;
            }
            inner.qps_count += 1;
            if inner.qps_count > limit {
                self.stats.rate_limited.fetch_add(1, Ordering::Relaxed);
                let wait_ms = 1000 - now.subsec_millis();
                return instant_reply(
                    error(
                        429,
                        429,
                        "You have reached the maximum per-second rate limit for this API. Try again later.",
                    )
                    .header("X-RateLimit-Category", "Heavy")
                    .header("X-RateLimit-Type", "QPS")
                    .header("X-RateLimit-Limit", limit.to_string())
                    .header("X-RateLimit-Remaining", "0")
                    .header("X-RateLimit-Reset", (second + 1).to_string())
                    .header("Retry-After", format!("{:.3}", f64::from(wait_ms) / 1000.0)),
                );
            }
        }

        // Faults, seeded.
        let faults = self.config.faults;
        if faults.drop > 0.0 && inner.rng.chance(faults.drop) {
            self.stats.faults.fetch_add(1, Ordering::Relaxed);
            return Reply::Drop;
        }
        if faults.server_error > 0.0 && inner.rng.chance(faults.server_error) {
            self.stats.faults.fetch_add(1, Ordering::Relaxed);
            let response = match inner.rng.next_u64() % 3 {
                0 => Response::html(502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"),
                1 => error(500, 500, "Internal server error."),
                _ => error(503, 503, "Service is temporarily unavailable."),
            };
            return instant_reply(response);
        }
        let extra = if faults.slow > 0.0 && inner.rng.chance(faults.slow) { faults.slow_delay } else { Duration::ZERO };

        let token = req.headers.get("authorization").and_then(|h| h.strip_prefix("Bearer ")).unwrap_or("").to_owned();
        match inner.tokens.get(&token) {
            None => return instant_reply(error(401, 124, "Invalid access token.")),
            Some(expiry) if *expiry <= Instant::now() => {
                return instant_reply(error(401, 124, "Access token is expired."))
            }
            Some(_) => {}
        }
        if req.method != "GET" {
            return instant_reply(error(405, 405, "Method not allowed."));
        }
        let response = self.route(&mut inner, &path, &req);
        let cost = self.config.cost;
        let kib = response.body.len() as u32 / 1024;
        Reply::Respond { response, delay: cost.per_request + cost.per_kib * kib + extra }
    }

    fn oauth(&self, inner: &mut Inner, req: &Request) -> Response {
        let oauth_error = |status, reason: &str, error: &str| {
            Response::json(status, json!({"reason": reason, "error": error}).to_string())
        };
        if req.method != "POST" {
            return oauth_error(405, "Method not allowed", "invalid_request");
        }
        let expected = format!("{}:{}", self.config.client_id, self.config.client_secret);
        let given = req.headers.get("authorization").and_then(|h| h.strip_prefix("Basic ")).map(base64_decode);
        if given.as_deref() != Some(expected.as_str()) {
            return oauth_error(401, "Invalid client_id or client_secret", "invalid_client");
        }
        let mut params = req.query.clone();
        params.extend(super::http::parse_query(&String::from_utf8_lossy(&req.body)));
        if params.get("grant_type").map(String::as_str) != Some("account_credentials") {
            return oauth_error(400, "Unsupported grant type", "unsupported_grant_type");
        }
        if params.get("account_id") != Some(&self.config.account_id) {
            return oauth_error(400, "Invalid account_id", "invalid_request");
        }
        let token = format!("simtok-{}-{}", inner.next_id, inner.rng.next_u64());
        inner.next_id += 1;
        inner.tokens.insert(token.clone(), Instant::now() + self.config.token_lifetime);
        self.stats.tokens_minted.fetch_add(1, Ordering::Relaxed);
        let mut body = json!({
            "access_token": token,
            "token_type": "bearer",
            "expires_in": self.config.token_lifetime.as_secs(),
            "scope": self.config.scopes,
        });
        if self.config.return_api_url {
            // Like Zoom: the regional base without /v2.
            body["api_url"] = json!(format!("http://{}", self.addr));
        }
        Response::json(200, body.to_string())
    }

    fn has_scope(&self, wanted: &[&str]) -> bool {
        self.config.scopes.split_whitespace().any(|s| wanted.contains(&s))
    }

    fn route(&self, inner: &mut Inner, path: &str, req: &Request) -> Response {
        let segments: Vec<String> = path.split('/').map(decode_segment).collect();
        let seg: Vec<&str> = segments.iter().map(String::as_str).collect();
        let live = req.query.get("type").is_some_and(|t| t == "live");
        match seg.as_slice() {
            ["metrics", kind @ ("meetings" | "webinars")] => {
                if let Some(refusal) = self.refuse(kind, &[]) {
                    return refusal;
                }
                self.list_meetings(inner, req, *kind == "webinars")
            }
            ["report", "users", user, "meetings"] => {
                if !self.has_scope(&["report:read:admin", "report:read:user:admin"]) {
                    return self.scope_error("report:read:admin");
                }
                self.user_meetings(inner, req, user)
            }
            ["metrics", kind @ ("meetings" | "webinars"), id, rest @ ..] => {
                if let Some(refusal) = self.refuse(kind, &seg[2..]) {
                    return refusal;
                }
                let webinar = *kind == "webinars";
                let Some(m) = self.find(id, webinar) else {
                    let what = if webinar { "Webinar" } else { "Meeting" };
                    return error(404, 3001, &format!("{what} does not exist: {id}."));
                };
                if m.live != live {
                    let msg = if m.live {
                        "This meeting has not ended yet; use type=live."
                    } else {
                        "Meeting not found or has not started; it ended (use type=past)."
                    };
                    return error(404, 3001, msg);
                }
                // A meeting in progress is served as it stands now (it grows with the clock).
                let grown;
                let g = if m.live {
                    grown = super::live::as_of(&m.generated, Utc::now());
                    &grown
                } else {
                    &m.generated
                };
                match rest {
                    [] => Response::json(200, g.details.to_string()),
                    ["participants"] => {
                        let size = page_size(req, 30, 300);
                        self.page(inner, req, &format!("list:{id}"), &g.participants, size, "participants")
                    }
                    ["participants", "qos"] => {
                        let size = page_size(req, 1, 10);
                        self.page(inner, req, &format!("qos:{id}"), &g.qos_joins, size, "participants")
                    }
                    ["participants", "satisfaction"] => {
                        let size = page_size(req, 30, 300);
                        self.page(inner, req, &format!("satisfaction:{id}"), &g.satisfaction, size, "participants")
                    }
                    ["participants", "sharing"] => {
                        let size = page_size(req, 30, 300);
                        self.page(inner, req, &format!("sharing:{id}"), &g.sharing, size, "participants")
                    }
                    ["participants", pid, "qos"] => match g.qos_joins.iter().find(|j| j["user_id"] == *pid) {
                        Some(join) => Response::json(200, join.to_string()),
                        None => error(404, 3001, &format!("Participant does not exist: {pid}.")),
                    },
                    _ => error(404, 404, "Not found."),
                }
            }
            [kind @ ("past_meetings" | "past_webinars"), id, "instances"] => {
                if !self.has_scope(&[
                    "meeting:read:admin",
                    "meeting:read:past_meeting:admin",
                    "meeting:read:list_past_instances:admin",
                    "webinar:read:admin",
                ]) {
                    return self.scope_error("meeting:read:admin");
                }
                let webinar = *kind == "past_webinars";
                let number = self.find(id, webinar).map(|m| m.generated.details["id"].clone());
                let Some(number) = number else {
                    return error(404, 3001, &format!("Meeting does not exist: {id}."));
                };
                let instances: Vec<Value> = self
                    .meetings
                    .iter()
                    .filter(|m| m.webinar == webinar && m.generated.details["id"] == number)
                    .map(|m| json!({"uuid": m.generated.details["uuid"], "start_time": m.generated.details["start_time"]}))
                    .collect();
                Response::json(200, json!({ "meetings": instances }).to_string())
            }
            _ => error(404, 404, "Not found."),
        }
    }

    /// Like Zoom: each Dashboard call needs the classic scope or its own granular scope; a 4700
    /// names the one missing (counted in `SimStats::scope_refusals`).
    /// `tail`: the path after `/metrics/{kind}` (empty for the meetings list).
    fn refuse(&self, kind: &str, tail: &[&str]) -> Option<Response> {
        let (classic, granular) = if kind == "webinars" {
            ("dashboard_webinars:read:admin", "dashboard:read:list_webinar_participants_qos:admin")
        } else {
            let granular = match tail {
                [] => "dashboard:read:list_meetings:admin",
                [_] => "dashboard:read:meeting:admin",
                [_, "participants"] => "dashboard:read:list_meeting_participants:admin",
                [_, "participants", "qos"] => "dashboard:read:list_meeting_participants_qos:admin",
                [_, "participants", "sharing"] => "dashboard:read:meeting_sharing:admin",
                [_, "participants", "satisfaction"] => "dashboard_meetings:read:admin",
                [_, "participants", _, "qos"] => "dashboard:read:meeting_participant_qos:admin",
                _ => "dashboard_meetings:read:admin",
            };
            ("dashboard_meetings:read:admin", granular)
        };
        if self.has_scope(&[classic, granular]) {
            return None;
        }
        let granular_app = self.config.scopes.split_whitespace().any(|s| s.split(':').count() >= 4);
        Some(self.scope_error(if granular_app { granular } else { classic }))
    }

    fn scope_error(&self, scope: &str) -> Response {
        self.stats.scope_refusals.fetch_add(1, Ordering::Relaxed);
        error(400, 4700, &format!("Invalid access token, does not contain scopes:[{scope}]."))
    }

    /// A numeric id finds the latest instance; a UUID finds that instance.
    fn find(&self, id: &str, webinar: bool) -> Option<&SimMeeting> {
        let candidates = self.meetings.iter().filter(|m| m.webinar == webinar);
        if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
            candidates
                .filter(|m| m.generated.details["id"].as_u64().is_some_and(|n| n.to_string() == id))
                .max_by_key(|m| m.generated.details["start_time"].as_str().unwrap_or("").to_owned())
        } else {
            candidates.into_iter().find(|m| m.generated.details["uuid"] == id)
        }
    }

    fn page(&self, inner: &mut Inner, req: &Request, key: &str, items: &[Value], size: usize, field: &str) -> Response {
        let offset = match req.query.get("next_page_token").filter(|t| !t.is_empty()) {
            None => 0,
            Some(token) => {
                inner.page_token_uses += 1;
                let forced = self.config.faults.expire_page_token_at_use == Some(inner.page_token_uses);
                match inner.page_tokens.get(token).cloned() {
                    Some(t) if t.key == key && !forced && t.issued.elapsed() <= self.config.page_token_ttl => t.offset,
                    _ => {
                        inner.page_tokens.remove(token);
                        return error(400, 300, "The next page token is invalid or expired.");
                    }
                }
            }
        };
        let end = (offset + size).min(items.len());
        let next = if end < items.len() {
            let token = format!("{:x}{:x}", inner.rng.next_u64(), inner.rng.next_u64());
            inner
                .page_tokens
                .insert(token.clone(), PageToken { key: key.to_owned(), offset: end, issued: Instant::now() });
            token
        } else {
            String::new()
        };
        let mut body = serde_json::Map::new();
        body.insert("page_count".into(), json!(items.len().div_ceil(size.max(1))));
        body.insert("page_size".into(), json!(size));
        body.insert("total_records".into(), json!(items.len()));
        body.insert("next_page_token".into(), json!(next));
        body.insert(field.into(), Value::Array(items[offset.min(end)..end].to_vec()));
        Response::json(200, Value::Object(body).to_string())
    }

    fn user_meetings(&self, inner: &mut Inner, req: &Request, user: &str) -> Response {
        let q = |k: &str| req.query.get(k).map(String::as_str);
        let kind = q("type").unwrap_or("past");
        match super::report::user_meetings(&self.meetings, user, kind, q("from"), q("to"), Utc::now().date_naive()) {
            Err((status, code, message)) => error(status, code, &message),
            Ok(items) => {
                let size = page_size(req, 30, 300);
                let key = format!("report:{user}:{kind}:{}:{}", q("from").unwrap_or(""), q("to").unwrap_or(""));
                let mut response = self.page(inner, req, &key, &items, size, "meetings");
                if let Ok(mut body) = serde_json::from_slice::<Value>(&response.body) {
                    body["from"] = json!(q("from"));
                    body["to"] = json!(q("to"));
                    response.body = body.to_string().into_bytes();
                }
                response
            }
        }
    }

    fn list_meetings(&self, inner: &mut Inner, req: &Request, webinar: bool) -> Response {
        let (Some(from), Some(to)) = (req.query.get("from"), req.query.get("to")) else {
            return error(400, 300, "Validation Failed. from and to are required.");
        };
        let (Some(from_d), Some(to_d)) = (parse_day(from), parse_day(to)) else {
            return error(400, 300, "Invalid field: from/to must be yyyy-MM-dd.");
        };
        if to_d < from_d || (to_d - from_d).num_days() > 31 {
            return error(400, 300, "The date range must be within one month.");
        }
        let start = Utc.from_utc_datetime(&from_d.and_hms_opt(0, 0, 0).unwrap_or_default());
        let end = Utc.from_utc_datetime(&to_d.and_hms_opt(23, 59, 59).unwrap_or_default());
        let items: Vec<Value> = self
            .meetings
            .iter()
            .filter(|m| m.webinar == webinar)
            // Like Zoom: `type=live` lists meetings in progress, `type=past` ended ones.
            .filter(|m| m.live == req.query.get("type").is_some_and(|t| t == "live"))
            .filter(|m| {
                m.generated.details["start_time"]
                    .as_str()
                    .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                    .is_some_and(|t| t >= start && t <= end)
            })
            .map(|m| m.generated.details.clone())
            .collect();
        let size = page_size(req, 30, 300);
        let key = format!("meetings:{webinar}:{from}:{to}:{}", start.year());
        let mut response = self.page(inner, req, &key, &items, size, if webinar { "webinars" } else { "meetings" });
        if let Ok(mut body) = serde_json::from_slice::<Value>(&response.body) {
            // Zoom's spec: the report's start and end date, `yyyy-mm-dd` (also when asked with a time).
            body["from"] = json!(from_d.format("%Y-%m-%d").to_string());
            body["to"] = json!(to_d.format("%Y-%m-%d").to_string());
            response.body = body.to_string().into_bytes();
        }
        response
    }
}

fn page_size(req: &Request, default: usize, max: usize) -> usize {
    req.query.get("page_size").and_then(|s| s.parse::<usize>().ok()).map(|n| n.clamp(1, max)).unwrap_or(default)
}

fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .or_else(|| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").ok().map(|d| d.date()))
}

/// Path segments arrive percent-encoded, UUIDs with `/` doubly so.
fn decode_segment(s: &str) -> String {
    let once = percent_decode(s);
    if once.contains('%') {
        percent_decode(&once)
    } else {
        once
    }
}

fn base64_decode(s: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits: u32 = 0;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.trim().bytes().filter(|&c| c != b'=') {
        let Some(v) = ALPHABET.iter().position(|&a| a == c) else { return String::new() };
        bits = (bits << 6) | v as u32;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_decodes_basic_auth() {
        assert_eq!(super::base64_decode("c2ltLWNsaWVudDpzZWNyZXQ="), "sim-client:secret");
    }
}
