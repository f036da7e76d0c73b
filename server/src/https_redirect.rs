//! The plain-HTTP side of an HTTPS site: every request is answered with a
//! permanent redirect to the same path and query over HTTPS. Pure.

use crate::respond::Body;
use crate::security;
use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{HeaderValue, CONTENT_LENGTH, HOST, LOCATION};
use hyper::http::uri::Authority;
use hyper::{Request, Response, StatusCode};

/// 308 to `https://` + the request's host (its port replaced by
/// `https_port`, left out when 443) + its path and query; 400 when the
/// request names no usable host. `bare_csp` is the site's policy for
/// responses that are no page.
pub(crate) fn to_https<B>(
    request: &Request<B>,
    https_port: u16,
    bare_csp: &HeaderValue,
) -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::new()));
    match location(request, https_port) {
        Some(location) => {
            *response.status_mut() = StatusCode::PERMANENT_REDIRECT;
            response.headers_mut().insert(LOCATION, location);
        }
        None => *response.status_mut() = StatusCode::BAD_REQUEST,
    }
    response
        .headers_mut()
        .insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
    security::add(response.headers_mut(), bare_csp);
    response
}

fn location<B>(request: &Request<B>, https_port: u16) -> Option<HeaderValue> {
    // HTTP/1.1 names the host in `Host`, HTTP/2 in the URI's authority.
    let authority: Authority = match request.headers().get(HOST) {
        Some(host) => host.to_str().ok()?.parse().ok()?,
        None => request.uri().authority()?.clone(),
    };
    if authority.as_str().contains('@') {
        return None;
    }
    let port = if https_port == 443 {
        String::new()
    } else {
        format!(":{https_port}")
    };
    let path = request.uri().path_and_query().map_or("/", |p| p.as_str());
    HeaderValue::from_str(&format!("https://{}{port}{path}", authority.host())).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redirect(host: Option<&str>, target: &str, https_port: u16) -> (u16, Option<String>) {
        let mut request = Request::builder().uri(target);
        if let Some(host) = host {
            request = request.header(HOST, host);
        }
        let csp = HeaderValue::from_static("default-src 'none'");
        let response = to_https(&request.body(()).unwrap(), https_port, &csp);
        let location = response
            .headers()
            .get(LOCATION)
            .map(|l| l.to_str().unwrap().to_string());
        assert!(response.headers().contains_key("x-content-type-options"));
        assert_eq!(response.headers()["content-security-policy"], csp);
        (response.status().as_u16(), location)
    }

    #[test]
    fn redirects_keep_host_path_and_query() {
        for (host, target, port, expect) in [
            (
                Some("blog.example"),
                "/posts/a/?x=1",
                443,
                "https://blog.example/posts/a/?x=1",
            ),
            (Some("blog.example:80"), "/", 443, "https://blog.example/"),
            (
                Some("127.0.0.1:8080"),
                "/feed.xml",
                8443,
                "https://127.0.0.1:8443/feed.xml",
            ),
            (Some("[::1]:80"), "/", 443, "https://[::1]/"),
            (None, "http://h2.example/a", 443, "https://h2.example/a"),
        ] {
            assert_eq!(
                redirect(host, target, port),
                (308, Some(expect.to_string())),
                "{host:?} {target}"
            );
        }
    }

    #[test]
    fn no_usable_host_is_400() {
        for host in [None, Some("a b"), Some("user@evil.example"), Some("")] {
            assert_eq!(redirect(host, "/", 443), (400, None), "{host:?}");
        }
    }
}
