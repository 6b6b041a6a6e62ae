//! Which requests the preview answers, and where it may send them.
//!
//! A web page on another site can make the reader's browser talk to the preview through DNS
//! rebinding: its own host name, resolved a second time to 127.0.0.1. The browser then sends
//! that name in `Host`, so the preview answers only requests whose `Host` (and authority, when
//! the request names one) is an address it is bound to, with its port: `localhost`,
//! `127.0.0.1`, `[::1]` and the `--bind` address (any IP address when bound to all of them, as
//! an address cannot be rebound). Others get 421 Misdirected Request, a request without a host
//! 400.
//!
//! And it never sends a browser to another host: a request for `//evil.example` (a folder
//! `evil.example/` in the site) would be redirected by the file server to `//evil.example/`,
//! which a browser reads as another host. Leading slashes (and backslashes, which browsers
//! read as slashes) are folded into one before the file server sees the path, and a redirect
//! that would still leave the site is refused.

use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The host names and port the preview answers to.
#[derive(Debug, Clone)]
pub struct Allowed {
    bound: IpAddr,
    port: u16,
}

impl Allowed {
    /// For a server bound to `bound`, listening on `port`.
    pub fn new(bound: IpAddr, port: u16) -> Allowed {
        Allowed { bound, port }
    }

    /// True when `host` (a `Host` header or a URI's authority) names this server.
    pub fn permits(&self, host: &str) -> bool {
        let (name, port) = match host.strip_prefix('[') {
            Some(v6) => match v6.split_once(']') {
                Some((ip, rest)) => (ip, rest),
                None => return false,
            },
            None => match host.rsplit_once(':') {
                Some((name, _)) => (name, &host[name.len()..]),
                None => (host, ""),
            },
        };
        let port_ok = match port.strip_prefix(':') {
            Some(p) => p.parse::<u16>() == Ok(self.port),
            None => port.is_empty() && self.port == 80,
        };
        if !port_ok {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let Ok(ip) = name.parse::<IpAddr>() else {
            return false;
        };
        // IPv6 only in brackets, IPv4 never in them.
        if ip.is_ipv6() != host.starts_with('[') {
            return false;
        }
        ip == IpAddr::from([127, 0, 0, 1])
            || ip == IpAddr::from([0u16, 0, 0, 0, 0, 0, 0, 1])
            || ip == self.bound
            || self.bound.is_unspecified()
    }
}

/// The middleware: refuse foreign hosts, fold leading slashes, refuse off-site redirects.
pub async fn guard(State(allowed): State<Arc<Allowed>>, mut req: Request, next: Next) -> Response {
    let mut hosts = Vec::new();
    if let Some(a) = req.uri().authority() {
        hosts.push(a.as_str().to_string());
    }
    for h in req.headers().get_all(header::HOST) {
        match h.to_str() {
            Ok(h) => hosts.push(h.to_string()),
            Err(_) => return refuse(StatusCode::BAD_REQUEST, "a Host header that is not text"),
        }
    }
    if hosts.is_empty() {
        return refuse(StatusCode::BAD_REQUEST, "a request without a Host header");
    }
    if let Some(h) = hosts.iter().find(|h| !allowed.permits(h)) {
        let message = format!(
            "this preview answers only requests for http://127.0.0.1:{port}/ or http://localhost:{port}/ (the host `{}` is not this server)",
            h.chars()
                .filter(|c| !c.is_control())
                .take(200)
                .collect::<String>(),
            port = allowed.port
        );
        return refuse(StatusCode::MISDIRECTED_REQUEST, &message);
    }
    let path = req.uri().path();
    let folded = format!("/{}", path.trim_start_matches(['/', '\\']));
    if folded != path || req.uri().authority().is_some() {
        let rebuilt = match req.uri().query() {
            Some(q) => format!("{folded}?{q}"),
            None => folded,
        };
        match rebuilt.parse::<Uri>() {
            Ok(uri) => *req.uri_mut() = uri,
            Err(_) => return refuse(StatusCode::BAD_REQUEST, "a path that does not parse"),
        }
    }
    let response = next.run(req).await;
    match response.headers().get(header::LOCATION) {
        Some(to) if !stays_on_site(to) => refuse(
            StatusCode::BAD_REQUEST,
            "a redirect that would leave this server",
        ),
        _ => response,
    }
}

/// True for a `Location` that is a path on this server: `/`, then not a second `/` or `\`.
fn stays_on_site(location: &HeaderValue) -> bool {
    let b = location.as_bytes();
    b.first() == Some(&b'/') && !matches!(b.get(1), Some(b'/' | b'\\'))
}

fn refuse(status: StatusCode, why: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("Refused: {why}.\n"),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_and_the_bound_address_with_the_port() {
        let a = Allowed::new(IpAddr::from([127, 0, 0, 1]), 3000);
        for ok in [
            "127.0.0.1:3000",
            "localhost:3000",
            "LocalHost:3000",
            "[::1]:3000",
        ] {
            assert!(a.permits(ok), "{ok}");
        }
        for no in [
            "evil.example:3000",
            "127.0.0.1:3001",
            "127.0.0.1",
            "localhost",
            "localhost.:3000",
            "127.0.0.1.evil.example:3000",
            "[127.0.0.1]:3000",
            "::1:3000",
            "192.168.1.5:3000",
            "",
            ":3000",
        ] {
            assert!(!a.permits(no), "{no}");
        }
        let lan = Allowed::new(IpAddr::from([192, 168, 1, 5]), 80);
        assert!(lan.permits("192.168.1.5") && lan.permits("192.168.1.5:80"));
        assert!(!lan.permits("192.168.1.6:80") && !lan.permits("evil.example"));
        let all = Allowed::new(IpAddr::from([0, 0, 0, 0]), 8080);
        assert!(all.permits("10.0.0.7:8080") && all.permits("[fe80::1]:8080"));
        assert!(!all.permits("rebind.example:8080"));
    }

    #[test]
    fn redirects_stay_on_the_server() {
        for (to, ok) in [
            ("/a/", true),
            ("/", true),
            ("//evil.example/", false),
            ("/\\evil.example/", false),
            ("http://evil.example/", false),
            ("evil/", false),
        ] {
            assert_eq!(stays_on_site(&HeaderValue::from_static(to)), ok, "{to}");
        }
    }
}
