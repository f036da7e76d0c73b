//! Properties of the whole `respond` on the fixture site: any method, any
//! request target, any header bytes (repeated names included) get a 2xx,
//! 3xx or 4xx (never a 5xx, never a panic) with the security headers, a
//! `Content-Length` equal to the body a GET gets, no body for HEAD or 304,
//! and `Allow` on a 405.

use super::{config, encoded_path, header_name, header_value, method, uri};
use crate::respond::{respond, Body};
use crate::site::fixture;
use hyper::body::Body as _;
use hyper::header::{
    HeaderName, HeaderValue, ALLOW, CONTENT_LENGTH, CONTENT_SECURITY_POLICY, LOCATION,
    REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
};
use hyper::{Method, Request, Response, StatusCode, Uri};
use proptest::prelude::*;

type Headers = Vec<(HeaderName, HeaderValue)>;

fn request(method: Method, uri: Uri, headers: &Headers) -> Request<()> {
    let mut request = Request::new(());
    *request.method_mut() = method;
    *request.uri_mut() = uri;
    for (name, value) in headers {
        request.headers_mut().append(name, value.clone());
    }
    request
}

fn body_length(response: &Response<Body>) -> u64 {
    response
        .body()
        .size_hint()
        .exact()
        .expect("a full body has an exact size")
}

/// Everything `respond` promises of any answer to `method uri headers`.
fn assert_well_formed(method: Method, uri: Uri, headers: &Headers) {
    let site = fixture::site();
    let response = respond(&site, &request(method.clone(), uri.clone(), headers));
    let status = response.status();
    let what = format!("{method} {uri} {headers:?} → {status}");
    assert!(
        status.is_success() || status.is_redirection() || status.is_client_error(),
        "{what}"
    );
    let h = response.headers();
    assert!(h.contains_key(CONTENT_SECURITY_POLICY), "{what}");
    assert_eq!(
        h.get(X_CONTENT_TYPE_OPTIONS).map(|v| v.as_bytes()),
        Some(&b"nosniff"[..]),
        "{what}"
    );
    assert!(h.contains_key(REFERRER_POLICY), "{what}");
    assert!(h.contains_key("cross-origin-opener-policy"), "{what}");
    match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            assert!(method != Method::GET && method != Method::HEAD, "{what}");
            assert_eq!(h[ALLOW], "GET, HEAD", "{what}");
        }
        StatusCode::PERMANENT_REDIRECT => assert!(h.contains_key(LOCATION), "{what}"),
        StatusCode::NOT_MODIFIED => assert_eq!(body_length(&response), 0, "{what}"),
        _ => {}
    }
    let length = h.get(CONTENT_LENGTH).map(|v| {
        v.to_str()
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or_else(|| panic!("{what}: Content-Length {v:?}"))
    });
    if method == Method::HEAD {
        assert_eq!(body_length(&response), 0, "{what}");
        // The length is the one a GET gets.
        let get = respond(&site, &request(Method::GET, uri, headers));
        assert_eq!(get.status(), status, "{what}");
        assert_eq!(
            length,
            get.headers()
                .get(CONTENT_LENGTH)
                .map(|v| v.to_str().unwrap().parse().unwrap()),
            "{what}"
        );
    } else {
        assert_eq!(length.unwrap_or(0), body_length(&response), "{what}");
    }
}

/// Headers with repeated names, and values either structured (codings,
/// tags, dates) or any bytes.
fn headers() -> impl Strategy<Value = Headers> {
    let value = prop_oneof![
        2 => header_value(),
        1 => prop::sample::select(vec![
            "gzip, br", "br;q=0", "identity;q=0", "*;q=0", "gzip;q=0, identity;q=0",
            "\"home\"", "W/\"post\"", "*", "\"gz\", \"br\"",
            "Sun, 29 Nov 2026 00:00:00 GMT", "Sat, 01 Jan 2000 00:00:00 GMT",
        ]).prop_map(HeaderValue::from_static),
    ];
    prop::collection::vec((header_name(), value), 0..6)
}

/// A route's path, its canonical-less form, or another path, then
/// percent-encoded at random.
fn known_path() -> impl Strategy<Value = Uri> {
    let site = fixture::site();
    let mut paths: Vec<String> = site.routes.iter().map(|r| r.path.to_string()).collect();
    paths.extend(site.redirects.iter().map(|r| r.from.to_string()));
    paths.push("/healthz".into());
    (
        prop::sample::select(paths),
        prop::collection::vec(any::<bool>(), 64),
        "(\\?[a-z=&%0-9]{0,8})?",
    )
        .prop_map(|(path, escape, query)| {
            let encoded: String = path
                .bytes()
                .zip(escape)
                .map(|(b, e)| {
                    if e && b != b'/' {
                        format!("%{b:02X}")
                    } else {
                        char::from(b).to_string()
                    }
                })
                .collect();
            Uri::try_from(format!("{encoded}{query}")).expect("an escaped path is a valid Uri")
        })
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_request_gets_a_well_formed_answer(method in method(), uri in uri(), headers in headers()) {
        assert_well_formed(method, uri, &headers);
    }

    #[test]
    fn any_encoded_text_gets_a_well_formed_answer(
        method in method(),
        (_, encoded) in encoded_path(),
        headers in headers(),
    ) {
        let uri = Uri::try_from(encoded).expect("percent-encoded text is a valid Uri");
        assert_well_formed(method, uri, &headers);
    }

    #[test]
    fn routes_however_encoded_get_a_well_formed_answer(
        method in method(),
        uri in known_path(),
        headers in headers(),
    ) {
        assert_well_formed(method, uri, &headers);
    }
}
