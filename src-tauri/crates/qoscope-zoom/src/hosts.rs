//! Which hosts are Zoom's: one list for the join-link parser and for the token response's
//! `api_url` (a regional API base Zoom hands out, which QoScope then sends the token to).

/// Zoom's own domains: the API, OAuth and join links live on these or their subdomains.
pub const ZOOM_DOMAINS: &[&str] = &["zoom.us", "zoomgov.com"];

/// Join links may also come from zoom.com (Zoom's newer web domain); the API is never there.
const JOIN_LINK_ONLY_DOMAINS: &[&str] = &["zoom.com"];

fn under(host: &str, domains: &[&str]) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    domains.iter().any(|d| host == *d || host.strip_suffix(d).is_some_and(|rest| rest.ends_with('.')))
}

/// `zoom.us`, `zoomgov.com` or a subdomain of them (`api-eu.zoom.us`, `api.zoomgov.com`).
pub fn is_zoom_host(host: &str) -> bool {
    under(host, ZOOM_DOMAINS)
}

/// A host a join link may name: [`is_zoom_host`] or zoom.com.
pub fn is_join_link_host(host: &str) -> bool {
    is_zoom_host(host) || under(host, JOIN_LINK_ONLY_DOMAINS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_hosts_and_look_alikes() {
        for host in ["zoom.us", "api.zoom.us", "API-EU.Zoom.US", "api.zoomgov.com", "zoomgov.com", "api.zoom.us."] {
            assert!(is_zoom_host(host), "{host}");
        }
        for host in ["evil.example", "zoom.us.evil.example", "evilzoom.us", "notzoomgov.com", "zoom.com", ""] {
            assert!(!is_zoom_host(host), "{host}");
        }
        assert!(is_join_link_host("us05web.zoom.com") && !is_join_link_host("zoom.com.evil.example"));
    }
}
