//! The pure core of the server: a request → a response built from bytes
//! and header values that already exist. No socket, no clock, no file; it
//! cannot fail, and every answer carries the security headers.

use crate::range::{self, Part};
use crate::site::{Representation, Route, Site};
use crate::{conditional, negotiate, path, search, security};
use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{
    HeaderMap, HeaderValue, ACCEPT_ENCODING, ACCEPT_RANGES, ALLOW, CACHE_CONTROL, CONTENT_ENCODING,
    CONTENT_LENGTH, CONTENT_RANGE, CONTENT_SECURITY_POLICY, CONTENT_TYPE, ETAG, LAST_MODIFIED,
    LOCATION, VARY,
};
use hyper::{Method, Request, Response, StatusCode};

/// The body type of every response: bytes the table holds, never copied.
pub type Body = Full<Bytes>;

/// The liveness probe's path; it is no page of the site.
const HEALTHZ: &str = "/healthz";

/// Answers `request` from `site`. Its body is never read: GET and HEAD
/// carry none that matters.
pub fn respond<B>(site: &Site, request: &Request<B>) -> Response<Body> {
    let mut response = answer(site, request);
    // Every response, whatever its status, carries the security headers.
    security::add(response.headers_mut(), &site.bare_csp);
    response
}

fn answer<B>(site: &Site, request: &Request<B>) -> Response<Body> {
    // The site is read-only: GET and HEAD, nothing else.
    let method = request.method();
    if method != Method::GET && method != Method::HEAD {
        let mut response = empty(StatusCode::METHOD_NOT_ALLOWED);
        let allow = HeaderValue::from_static("GET, HEAD");
        response.headers_mut().insert(ALLOW, allow);
        return response;
    }
    let head = method == Method::HEAD;
    // Decode the path (the query never takes part); refuse a malformed one.
    let Ok(path) = path::decode(request.uri().path()) else {
        return empty(StatusCode::BAD_REQUEST);
    };
    if path == HEALTHZ {
        return healthz(head);
    }
    // Search, answered from the index (the one response made here).
    let query = request.uri().query();
    if let (search::PATH, Some(index)) = (&*path, &site.search) {
        return search::answer(site, index, query, request.headers(), head);
    }
    // The route itself, else a redirect to its canonical path, else 404.
    let headers = request.headers();
    if let Some(route) = site.lookup(&path) {
        return send(site, StatusCode::OK, route, headers, head);
    }
    if let Some(location) = site.redirect(&path) {
        return redirect(location, query);
    }
    send(site, StatusCode::NOT_FOUND, &site.not_found, headers, head)
}

/// A route's body (200) or the 404 page, in the coding the client accepts
/// best, or 304 when the client's copy of a 200 is current; on a route
/// that serves parts, the part a `Range` asks for (206, or 416).
fn send(
    site: &Site,
    status: StatusCode,
    route: &Route,
    request: &HeaderMap,
    head: bool,
) -> Response<Body> {
    // Choose among the stored codings by Accept-Encoding.
    let accept = request.get_all(ACCEPT_ENCODING);
    let chosen = negotiate::choose(accept, route.gzip.is_some(), route.br.is_some());
    let coding = match (chosen, status) {
        (Some(coding), _) => coding,
        // An error page is sent anyway: its status is what matters.
        (None, StatusCode::NOT_FOUND) => negotiate::Coding::Identity,
        (None, _) => return not_acceptable(),
    };
    let representation = route.representation(coding);
    let last_modified = site.last_modified.as_ref();

    // Validators belong to the resource, so a 404 has none.
    let found = status == StatusCode::OK;
    if found && conditional::not_modified(request, representation.etag.as_bytes(), last_modified) {
        let mut response = empty(StatusCode::NOT_MODIFIED);
        caching_headers(response.headers_mut(), route, representation);
        return response;
    }

    // The part asked for, on routes that serve parts; else all of it.
    let bytes = &representation.bytes;
    let ranges = found && route.ranges;
    let part = if ranges {
        let etag = representation.etag.as_bytes();
        range::requested(request, bytes.len(), etag, last_modified)
    } else {
        Part::Whole
    };
    let (status, sent, length, content_range) = match part {
        Part::Whole => (status, bytes.clone(), representation.length.clone(), None),
        Part::Bytes(part) => (
            StatusCode::PARTIAL_CONTENT,
            bytes.slice(part.clone()),
            HeaderValue::from(part.len()),
            Some(range::content_range(&part, bytes.len())),
        ),
        Part::Unsatisfiable => return unsatisfiable(bytes.len()),
    };

    let body = if head { Bytes::new() } else { sent };
    let mut response = with_body(status, body);
    let headers = response.headers_mut();
    caching_headers(headers, route, representation);
    if !found {
        headers.remove(ETAG);
    } else if let Some(last_modified) = last_modified {
        headers.insert(LAST_MODIFIED, last_modified.header.clone());
    }
    headers.insert(CONTENT_TYPE, route.content_type.clone());
    headers.insert(CONTENT_LENGTH, length);
    if let Some(encoding) = coding.content_encoding() {
        headers.insert(CONTENT_ENCODING, encoding);
    }
    if ranges {
        headers.insert(ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    }
    if let Some(content_range) = content_range {
        headers.insert(CONTENT_RANGE, content_range);
    }
    response
}

/// 416: no range asked for lies within the `length` bytes of the
/// representation negotiated, which `Content-Range` names.
fn unsatisfiable(length: usize) -> Response<Body> {
    let mut response = empty(StatusCode::RANGE_NOT_SATISFIABLE);
    let headers = response.headers_mut();
    headers.insert(CONTENT_RANGE, range::unsatisfied_range(length));
    headers.insert(ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// What a 304 must repeat of the 200 it stands for (RFC 9110 §15.4.5),
/// and the page's own CSP: a cache updates the stored response with the
/// 304's headers, so a bare policy here would block the page's styles.
fn caching_headers(headers: &mut HeaderMap, route: &Route, representation: &Representation) {
    headers.insert(ETAG, representation.etag.clone());
    headers.insert(CACHE_CONTROL, route.cache_control.clone());
    headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    headers.insert(CONTENT_SECURITY_POLICY, route.csp.clone());
}

/// 308 to the canonical path, keeping the query string.
fn redirect(location: &HeaderValue, query: Option<&str>) -> Response<Body> {
    let mut response = empty(StatusCode::PERMANENT_REDIRECT);
    let location = match query {
        // The query is already valid URI text, so it is a valid header too.
        Some(query) => {
            HeaderValue::from_str(&format!("{}?{query}", location.to_str().unwrap_or("/")))
                .unwrap_or_else(|_| location.clone())
        }
        None => location.clone(),
    };
    response.headers_mut().insert(LOCATION, location);
    response
}

fn healthz(head: bool) -> Response<Body> {
    const OK: &[u8] = b"ok";
    let body = if head { &b""[..] } else { OK };
    let mut response = with_body(StatusCode::OK, Bytes::from_static(body));
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(CONTENT_LENGTH, HeaderValue::from(OK.len()));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn not_acceptable() -> Response<Body> {
    let mut response = empty(StatusCode::NOT_ACCEPTABLE);
    response
        .headers_mut()
        .insert(VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// Headers a response may carry: sized once, so inserting never regrows.
const HEADER_CAPACITY: usize = 16;

fn with_body(status: StatusCode, body: Bytes) -> Response<Body> {
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    *response.headers_mut() = HeaderMap::with_capacity(HEADER_CAPACITY);
    response
}

fn empty(status: StatusCode) -> Response<Body> {
    with_body(status, Bytes::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::fixture::{self, FILE, POST};
    use http_body_util::BodyExt;
    use hyper::body::Body as _;
    use hyper::header::{
        HeaderName, IF_MODIFIED_SINCE, IF_NONE_MATCH, IF_RANGE, RANGE, REFERRER_POLICY,
        X_CONTENT_TYPE_OPTIONS,
    };

    fn request(method: Method, uri: &str, headers: &[(HeaderName, &str)]) -> Response<Body> {
        let mut builder = Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            builder = builder.header(name, *value);
        }
        respond(
            &fixture::site(),
            &builder.body(()).expect("a valid test request"),
        )
    }

    fn get(uri: &str, headers: &[(HeaderName, &str)]) -> Response<Body> {
        request(Method::GET, uri, headers)
    }

    /// The bytes of a response's body, which `respond` made whole.
    fn body_of(response: Response<Body>) -> Bytes {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime for the test");
        match runtime.block_on(response.into_body().collect()) {
            Ok(collected) => collected.to_bytes(),
            Err(never) => match never {},
        }
    }

    fn header(response: &Response<Body>, name: HeaderName) -> Option<&str> {
        response.headers().get(name).map(|v| v.to_str().unwrap())
    }

    /// A route with both compressed codings.
    fn home() -> Route {
        let home = fixture::site()
            .lookup("/")
            .cloned()
            .expect("the home page exists");
        assert!(home.gzip.is_some() && home.br.is_some());
        home
    }

    #[test]
    fn status_table() {
        let post = POST;
        let bare = post.trim_end_matches('/');
        let cases: Vec<(Method, String, StatusCode)> = vec![
            (Method::GET, "/".into(), StatusCode::OK),
            (Method::HEAD, "/".into(), StatusCode::OK),
            (Method::GET, post.into(), StatusCode::OK),
            (Method::GET, format!("{post}?utm_source=x"), StatusCode::OK),
            (Method::GET, bare.into(), StatusCode::PERMANENT_REDIRECT),
            (Method::GET, "/healthz".into(), StatusCode::OK),
            (Method::GET, "/healthz/".into(), StatusCode::NOT_FOUND),
            (Method::GET, "/no/such/page".into(), StatusCode::NOT_FOUND),
            (
                Method::GET,
                "/static/style.css".into(),
                StatusCode::NOT_FOUND,
            ),
            (Method::GET, "/%zz".into(), StatusCode::BAD_REQUEST),
            (Method::GET, "/%".into(), StatusCode::BAD_REQUEST),
            (
                Method::GET,
                "/../etc/passwd".into(),
                StatusCode::BAD_REQUEST,
            ),
            (
                Method::GET,
                "/%2e%2e/etc/passwd".into(),
                StatusCode::BAD_REQUEST,
            ),
            (Method::GET, "/a%00".into(), StatusCode::BAD_REQUEST),
            (Method::GET, "/a%5c..%5cb".into(), StatusCode::BAD_REQUEST),
            (Method::POST, "/".into(), StatusCode::METHOD_NOT_ALLOWED),
            (Method::PUT, post.into(), StatusCode::METHOD_NOT_ALLOWED),
            (
                Method::DELETE,
                "/nope".into(),
                StatusCode::METHOD_NOT_ALLOWED,
            ),
            (Method::OPTIONS, "*".into(), StatusCode::METHOD_NOT_ALLOWED),
            (Method::PATCH, "/".into(), StatusCode::METHOD_NOT_ALLOWED),
            (Method::TRACE, "/".into(), StatusCode::METHOD_NOT_ALLOWED),
            (
                Method::from_bytes(b"BREW").unwrap(),
                "/".into(),
                StatusCode::METHOD_NOT_ALLOWED,
            ),
        ];
        for (method, uri, expected) in cases {
            let response = request(method.clone(), &uri, &[]);
            assert_eq!(response.status(), expected, "{method} {uri}");
        }
    }

    #[test]
    fn percent_encoded_paths_find_their_route() {
        let post = POST;
        // Every byte but the slashes escaped, in both cases of hex digit.
        let encoded: String = post
            .bytes()
            .enumerate()
            .map(|(i, b)| match b {
                b'/' => "/".to_string(),
                _ if i % 2 == 0 => format!("%{b:02X}"),
                _ => format!("%{b:02x}"),
            })
            .collect();
        let response = get(&encoded, &[]);
        assert_eq!(response.status(), StatusCode::OK, "{encoded}");
        assert_eq!(
            response.headers()[ETAG],
            fixture::site().lookup(post).unwrap().identity.etag
        );
    }

    #[test]
    fn every_response_carries_the_security_headers() {
        let post = POST;
        let site = fixture::site();
        let etag = site.lookup(post).unwrap().identity.etag.to_str().unwrap();
        let responses = [
            get(post, &[]),
            get(post, &[(IF_NONE_MATCH, etag)]),
            get(post.trim_end_matches('/'), &[]),
            get("/nope", &[]),
            get("/%zz", &[]),
            get("/healthz", &[]),
            get("/", &[(ACCEPT_ENCODING, "identity;q=0, *;q=0")]),
            request(Method::POST, "/", &[]),
            get(FILE, &[(RANGE, "bytes=0-0")]),
            get(FILE, &[(RANGE, "bytes=99-")]),
        ];
        for response in responses {
            let status = response.status();
            let csp =
                header(&response, CONTENT_SECURITY_POLICY).unwrap_or_else(|| panic!("{status}"));
            assert!(csp.starts_with("default-src 'none';"), "{status}: {csp}");
            assert!(csp.contains("frame-ancestors 'none'"), "{status}");
            assert!(!csp.contains("unsafe-inline"), "{status}");
            assert_eq!(
                header(&response, X_CONTENT_TYPE_OPTIONS),
                Some("nosniff"),
                "{status}"
            );
            assert!(header(&response, REFERRER_POLICY).is_some(), "{status}");
            assert_eq!(
                header(
                    &response,
                    HeaderName::from_static("cross-origin-opener-policy")
                ),
                Some("same-origin"),
                "{status}"
            );
        }
    }

    #[test]
    fn pages_carry_their_own_policy_and_others_the_bare_one() {
        let post = POST;
        let page = get(post, &[]);
        assert_eq!(
            page.headers()[CONTENT_SECURITY_POLICY],
            fixture::site().lookup(post).unwrap().csp
        );
        let refused = request(Method::POST, post, &[]);
        assert_eq!(
            refused.headers()[CONTENT_SECURITY_POLICY],
            fixture::BARE_CSP
        );
    }

    #[test]
    fn negotiated_representation_and_its_headers() {
        let home = home();
        let cases = [
            (None, &home.identity, None),
            (
                Some("gzip, deflate, br"),
                home.br.as_ref().unwrap(),
                Some("br"),
            ),
            (Some("gzip"), home.gzip.as_ref().unwrap(), Some("gzip")),
            (
                Some("br;q=0, gzip"),
                home.gzip.as_ref().unwrap(),
                Some("gzip"),
            ),
            (Some("br;q=0, gzip;q=0"), &home.identity, None),
        ];
        for (accept, representation, encoding) in cases {
            let headers: Vec<_> = accept.map(|a| (ACCEPT_ENCODING, a)).into_iter().collect();
            let response = get("/", &headers);
            assert_eq!(response.status(), StatusCode::OK, "{accept:?}");
            let h = response.headers();
            assert_eq!(h[ETAG], representation.etag, "{accept:?}");
            assert_eq!(h[CONTENT_LENGTH], representation.length, "{accept:?}");
            assert_eq!(header(&response, CONTENT_ENCODING), encoding, "{accept:?}");
            assert_eq!(h[VARY], "accept-encoding");
            assert_eq!(h[CONTENT_TYPE], "text/html; charset=utf-8");
            assert_eq!(h[CACHE_CONTROL], "no-cache");
            assert!(h.contains_key(LAST_MODIFIED));
        }
    }

    #[test]
    fn nothing_acceptable_is_406_for_a_route_and_identity_for_the_404_page() {
        let refuse_all = [(ACCEPT_ENCODING, "identity;q=0")];
        let response = get("/", &refuse_all);
        assert_eq!(response.status(), StatusCode::NOT_ACCEPTABLE);
        assert_eq!(response.headers()[VARY], "accept-encoding");
        let missing = get("/nope", &refuse_all);
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            missing.headers()[CONTENT_LENGTH],
            fixture::site().not_found.identity.length
        );
    }

    /// The policy itself (immutable for fingerprinted assets, revalidate
    /// for the rest) is the table's, made and tested in `render`.
    #[test]
    fn each_route_is_sent_with_the_cache_policy_of_its_table() {
        for route in fixture::site().routes.iter() {
            let response = get(&route.path, &[]);
            assert_eq!(
                response.headers()[CACHE_CONTROL],
                route.cache_control,
                "{}",
                route.path
            );
        }
    }

    #[test]
    fn conditional_requests_get_304_with_the_caching_headers_and_no_body() {
        let home = home();
        let br = home.br.as_ref().unwrap();
        let br_etag = br.etag.to_str().unwrap();
        let weak = format!("W/{br_etag}");
        let site = fixture::site();
        let since = site
            .last_modified
            .as_ref()
            .unwrap()
            .header
            .to_str()
            .unwrap();
        let cases: Vec<(Vec<(HeaderName, &str)>, StatusCode)> = vec![
            (
                vec![(ACCEPT_ENCODING, "br"), (IF_NONE_MATCH, br_etag)],
                StatusCode::NOT_MODIFIED,
            ),
            (
                vec![(ACCEPT_ENCODING, "br"), (IF_NONE_MATCH, &weak)],
                StatusCode::NOT_MODIFIED,
            ),
            (
                vec![(ACCEPT_ENCODING, "br"), (IF_NONE_MATCH, "*")],
                StatusCode::NOT_MODIFIED,
            ),
            // The br tag does not name the identity representation.
            (vec![(IF_NONE_MATCH, br_etag)], StatusCode::OK),
            (vec![(IF_MODIFIED_SINCE, since)], StatusCode::NOT_MODIFIED),
            (
                vec![(IF_MODIFIED_SINCE, "Thu, 01 Jan 1970 00:00:00 GMT")],
                StatusCode::OK,
            ),
            (
                vec![(IF_NONE_MATCH, "\"stale\""), (IF_MODIFIED_SINCE, since)],
                StatusCode::OK,
            ),
        ];
        for (headers, expected) in cases {
            let response = get("/", &headers);
            assert_eq!(response.status(), expected, "{headers:?}");
            if expected == StatusCode::NOT_MODIFIED {
                let h = response.headers();
                assert_eq!(h[CACHE_CONTROL], "no-cache");
                assert_eq!(h[VARY], "accept-encoding");
                assert!(h.contains_key(ETAG));
                assert!(!h.contains_key(CONTENT_LENGTH), "{headers:?}");
                assert_eq!(h[CONTENT_SECURITY_POLICY], home.csp, "the page's own");
            }
        }
        // A 304 for HEAD too; a 404 ignores validators.
        let head = request(Method::HEAD, "/", &[(IF_NONE_MATCH, "*")]);
        assert_eq!(head.status(), StatusCode::NOT_MODIFIED);
        let missing = get("/nope", &[(IF_NONE_MATCH, "*")]);
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert!(!missing.headers().contains_key(ETAG));
    }

    #[test]
    fn head_has_get_headers_and_no_body() {
        let cases: &[(&str, &[(HeaderName, &str)])] = &[
            ("/", &[(ACCEPT_ENCODING, "br")]),
            (POST, &[(ACCEPT_ENCODING, "br")]),
            ("/nope", &[(ACCEPT_ENCODING, "br")]),
            ("/healthz", &[(ACCEPT_ENCODING, "br")]),
            (FILE, &[]),
            (FILE, &[(RANGE, "bytes=3-5")]),
            (FILE, &[(RANGE, "bytes=99-")]),
        ];
        for (path, headers) in cases {
            let get = get(path, headers);
            let head = request(Method::HEAD, path, headers);
            assert_eq!(get.status(), head.status(), "{path} {headers:?}");
            assert_eq!(get.headers(), head.headers(), "{path} {headers:?}");
            assert_eq!(head.body().size_hint().exact(), Some(0), "{path}");
        }
    }

    #[test]
    fn redirects_keep_the_query_string() {
        let post = POST;
        let bare = post.trim_end_matches('/');
        let plain = get(bare, &[]);
        assert_eq!(header(&plain, LOCATION), Some(post));
        let with_query = get(&format!("{bare}?a=1&b=%20"), &[]);
        assert_eq!(
            header(&with_query, LOCATION),
            Some(format!("{post}?a=1&b=%20").as_str())
        );
    }

    #[test]
    fn healthz_is_ok_and_never_cached() {
        let response = get("/healthz?probe=1", &[]);
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[CACHE_CONTROL], "no-store");
        assert_eq!(response.headers()[CONTENT_LENGTH], "2");
    }

    #[test]
    fn a_file_beside_a_post_is_served_in_parts() {
        // (Range, status, body, Content-Range)
        let cases: &[(&str, StatusCode, &str, Option<&str>)] = &[
            (
                "bytes=0-9",
                StatusCode::PARTIAL_CONTENT,
                "abcdefghij",
                Some("bytes 0-9/26"),
            ),
            (
                "bytes=20-",
                StatusCode::PARTIAL_CONTENT,
                "uvwxyz",
                Some("bytes 20-25/26"),
            ),
            (
                "bytes=-3",
                StatusCode::PARTIAL_CONTENT,
                "xyz",
                Some("bytes 23-25/26"),
            ),
            (
                "bytes=25-99",
                StatusCode::PARTIAL_CONTENT,
                "z",
                Some("bytes 25-25/26"),
            ),
            (
                "bytes=26-",
                StatusCode::RANGE_NOT_SATISFIABLE,
                "",
                Some("bytes */26"),
            ),
            (
                "bytes=-0",
                StatusCode::RANGE_NOT_SATISFIABLE,
                "",
                Some("bytes */26"),
            ),
            (
                "bytes=0-1,4-5",
                StatusCode::OK,
                "abcdefghijklmnopqrstuvwxyz",
                None,
            ),
            (
                "bytes=5-1",
                StatusCode::OK,
                "abcdefghijklmnopqrstuvwxyz",
                None,
            ),
            (
                "lines=1-2",
                StatusCode::OK,
                "abcdefghijklmnopqrstuvwxyz",
                None,
            ),
        ];
        for (range, status, body, content_range) in cases {
            let response = get(FILE, &[(RANGE, range)]);
            assert_eq!(response.status(), *status, "{range}");
            assert_eq!(header(&response, CONTENT_RANGE), *content_range, "{range}");
            assert_eq!(header(&response, ACCEPT_RANGES), Some("bytes"), "{range}");
            // A 416's empty body is sized by hyper, as every empty answer's.
            let length = body.len().to_string();
            let length = (!body.is_empty()).then_some(length.as_str());
            assert_eq!(header(&response, CONTENT_LENGTH), length, "{range}");
            assert_eq!(body_of(response), body.as_bytes(), "{range}");
        }
    }

    #[test]
    fn a_part_keeps_the_headers_of_the_whole() {
        let whole = get(FILE, &[]);
        let part = get(FILE, &[(RANGE, "bytes=1-2")]);
        assert_eq!(whole.status(), StatusCode::OK);
        assert_eq!(header(&whole, ACCEPT_RANGES), Some("bytes"));
        assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
        for name in [
            ETAG,
            CACHE_CONTROL,
            VARY,
            LAST_MODIFIED,
            CONTENT_TYPE,
            CONTENT_SECURITY_POLICY,
            X_CONTENT_TYPE_OPTIONS,
            REFERRER_POLICY,
        ] {
            assert!(whole.headers().contains_key(&name), "{name}");
            assert_eq!(
                part.headers().get(&name),
                whole.headers().get(&name),
                "{name}"
            );
        }
    }

    #[test]
    fn a_part_is_of_the_representation_negotiated() {
        let file = fixture::site().lookup(FILE).cloned().unwrap();
        let gzip = file.gzip.as_ref().unwrap();
        let response = get(FILE, &[(ACCEPT_ENCODING, "gzip"), (RANGE, "bytes=0-3")]);
        assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT);
        assert_eq!(response.headers()[ETAG], gzip.etag);
        assert_eq!(header(&response, CONTENT_ENCODING), Some("gzip"));
        let length = gzip.bytes.len();
        assert_eq!(
            header(&response, CONTENT_RANGE),
            Some(format!("bytes 0-3/{length}").as_str())
        );
        assert_eq!(body_of(response), gzip.bytes.slice(0..4));
        let beyond = format!("bytes={length}-");
        let response = get(FILE, &[(ACCEPT_ENCODING, "gzip"), (RANGE, &beyond)]);
        assert_eq!(response.status(), StatusCode::RANGE_NOT_SATISFIABLE);
        let unsatisfied = format!("bytes */{length}");
        assert_eq!(header(&response, CONTENT_RANGE), Some(unsatisfied.as_str()));
    }

    #[test]
    fn if_range_gives_the_part_only_for_the_same_representation() {
        let site = fixture::site();
        let since = site
            .last_modified
            .as_ref()
            .unwrap()
            .header
            .to_str()
            .unwrap();
        let cases: &[(&str, StatusCode)] = &[
            ("\"letters\"", StatusCode::PARTIAL_CONTENT),
            (since, StatusCode::PARTIAL_CONTENT),
            ("\"letters-gz\"", StatusCode::OK),
            ("W/\"letters\"", StatusCode::OK),
            ("\"stale\"", StatusCode::OK),
            ("Mon, 30 Nov 2026 00:00:00 GMT", StatusCode::OK),
        ];
        for (validator, status) in cases {
            let response = get(FILE, &[(RANGE, "bytes=0-0"), (IF_RANGE, validator)]);
            assert_eq!(response.status(), *status, "{validator}");
            let expected = if *status == StatusCode::OK { 26 } else { 1 };
            assert_eq!(body_of(response).len(), expected, "{validator}");
        }
    }

    #[test]
    fn not_modified_comes_before_a_range() {
        let cases = [
            (IF_NONE_MATCH, "\"letters\""),
            (IF_MODIFIED_SINCE, "Sun, 29 Nov 2026 00:00:00 GMT"),
        ];
        for (name, value) in cases {
            let response = get(FILE, &[(RANGE, "bytes=0-9"), (name.clone(), value)]);
            assert_eq!(response.status(), StatusCode::NOT_MODIFIED, "{name}");
            assert!(!response.headers().contains_key(CONTENT_RANGE));
        }
        // A stale copy is sent the part it asks for.
        let stale = [(RANGE, "bytes=0-9"), (IF_NONE_MATCH, "\"stale\"")];
        assert_eq!(get(FILE, &stale).status(), StatusCode::PARTIAL_CONTENT);
    }

    #[test]
    fn pages_and_missing_paths_ignore_range() {
        for (path, status) in [
            ("/", StatusCode::OK),
            ("/static/style.0123abcd.css", StatusCode::OK),
            ("/nope", StatusCode::NOT_FOUND),
        ] {
            for range in ["bytes=0-1", "bytes=9999-"] {
                let response = get(path, &[(RANGE, range)]);
                assert_eq!(response.status(), status, "{path} {range}");
                assert!(!response.headers().contains_key(ACCEPT_RANGES), "{path}");
                assert!(!response.headers().contains_key(CONTENT_RANGE), "{path}");
            }
        }
    }

    #[test]
    fn method_not_allowed_names_the_allowed_ones() {
        let response = request(Method::POST, "/", &[]);
        assert_eq!(response.headers()[ALLOW], "GET, HEAD");
    }
}
