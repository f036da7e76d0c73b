//! The pure core of the server: a request's method and path → a response
//! built from bytes that already exist. No socket, no clock, no file.

use crate::routes::{self, Route};
use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{HeaderValue, ALLOW, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::{Method, Response, StatusCode};

/// The body type of every response: a slice of the binary, never copied.
pub(crate) type Body = Full<Bytes>;

/// Answers `method path`. Query strings are not part of `path`.
pub(crate) fn respond(method: &Method, path: &str) -> Response<Body> {
    if method != Method::GET && method != Method::HEAD {
        let mut response = empty(StatusCode::METHOD_NOT_ALLOWED);
        response
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let head = method == Method::HEAD;
    match routes::lookup(path) {
        Some(route) => send(StatusCode::OK, route, head),
        None => send(StatusCode::NOT_FOUND, routes::not_found(), head),
    }
}

/// A route's bytes with their headers; for HEAD the same headers, no body.
fn send(status: StatusCode, route: &'static Route, head: bool) -> Response<Body> {
    let body = if head {
        Bytes::new()
    } else {
        Bytes::from_static(route.body)
    };
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(route.content_type));
    headers.insert(CONTENT_LENGTH, HeaderValue::from(route.body.len()));
    response
}

fn empty(status: StatusCode) -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = status;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_len(response: &Response<Body>) -> usize {
        response.headers()[CONTENT_LENGTH]
            .to_str()
            .unwrap()
            .parse()
            .unwrap()
    }

    #[test]
    fn get_home_is_html() {
        let response = respond(&Method::GET, "/");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
        assert!(body_len(&response) > 0);
    }

    #[test]
    fn head_has_get_headers() {
        let get = respond(&Method::GET, "/");
        let head = respond(&Method::HEAD, "/");
        assert_eq!(get.headers(), head.headers());
    }

    #[test]
    fn unknown_path_is_404_page() {
        let response = respond(&Method::GET, "/nope");
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(body_len(&response), routes::not_found().body.len());
    }

    #[test]
    fn other_methods_are_405_with_allow() {
        for method in [
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
            Method::PATCH,
        ] {
            let response = respond(&method, "/");
            assert_eq!(
                response.status(),
                StatusCode::METHOD_NOT_ALLOWED,
                "{method}"
            );
            assert_eq!(response.headers()[ALLOW], "GET, HEAD");
        }
    }
}
