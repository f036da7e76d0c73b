//! HTTP over a real loopback socket, for every route the binary serves:
//! gzip and brotli bodies decode to the identity bytes, validators give
//! 304s, paths are canonical, and the same holds over h2c (HTTP/2 by prior
//! knowledge). What `respond` decides from a request alone (HEAD, the
//! security and caching headers, `/healthz`, status codes) is tested on a
//! fixture site in `server/src/respond.rs`; the cache policy and CSP each
//! route carries are made, and tested, in `render`.

mod common;

use common::{client, routes, Server};
use std::io::Read;

/// Identity, gzip and brotli, as a client asks for them.
const ENCODINGS: [Option<&str>; 3] = [None, Some("gzip"), Some("br")];

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request with `headers`; the body as sent, not decoded.
fn fetch(method: &str, url: &str, headers: &[(&str, &str)]) -> Answer {
    let mut request = ureq::http::Request::builder().method(method).uri(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request.body(()).expect("a valid request");
    let mut response = client().run(request).expect("the request completes");
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_string()))
        .collect();
    Answer {
        status: response.status().as_u16(),
        headers,
        body: response.body_mut().read_to_vec().expect("the body arrives"),
    }
}

/// `body` decoded per its `Content-Encoding`.
fn decode(encoding: Option<&str>, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match encoding {
        None => out.extend_from_slice(body),
        Some("gzip") => {
            flate2::read::GzDecoder::new(body)
                .read_to_end(&mut out)
                .expect("valid gzip");
        }
        Some("br") => {
            brotli::Decompressor::new(body, 4096)
                .read_to_end(&mut out)
                .expect("valid brotli");
        }
        Some(other) => panic!("unexpected Content-Encoding {other}"),
    }
    out
}

#[test]
fn every_route_decodes_from_gzip_and_brotli_to_its_identity_bytes() {
    let server = Server::start();
    let mut compressed = 0;
    for (path, identity) in routes() {
        for accept in ENCODINGS {
            let headers: Vec<_> = accept.map(|a| ("accept-encoding", a)).into_iter().collect();
            let answer = fetch("GET", &server.url(&path), &headers);
            assert_eq!(answer.status, 200, "{path} {accept:?}");
            let encoding = answer.header("content-encoding");
            if encoding.is_some() {
                assert_eq!(encoding, accept, "{path}: only the coding asked for");
                assert!(answer.body.len() < identity.len(), "{path}: smaller");
                compressed += 1;
            }
            assert_eq!(
                decode(encoding, &answer.body),
                identity,
                "{path} {accept:?}"
            );
            assert_eq!(
                answer.header("content-length"),
                Some(answer.body.len().to_string().as_str()),
                "{path}"
            );
            assert_eq!(answer.header("vary"), Some("accept-encoding"), "{path}");
        }
    }
    assert!(compressed >= 4, "pages and the stylesheet are compressed");
}

#[test]
fn html_routes_are_compressed_both_ways() {
    let server = Server::start();
    for (path, _) in routes().into_iter().filter(|(p, _)| p.ends_with('/')) {
        for coding in ["gzip", "br"] {
            let answer = fetch("GET", &server.url(&path), &[("accept-encoding", coding)]);
            assert_eq!(answer.header("content-encoding"), Some(coding), "{path}");
        }
    }
}

#[test]
fn each_representation_has_its_etag_and_revalidates_to_304() {
    let server = Server::start();
    for (path, _) in routes() {
        let url = server.url(&path);
        let mut etags = Vec::new();
        for accept in ENCODINGS {
            let mut headers: Vec<_> = accept.map(|a| ("accept-encoding", a)).into_iter().collect();
            let first = fetch("GET", &url, &headers);
            let etag = first.header("etag").expect("an ETag").to_string();
            assert!(
                etag.starts_with('"') && etag.ends_with('"'),
                "strong: {etag}"
            );
            if first.header("content-encoding").is_some() {
                etags.push(etag.clone());
            }
            let weak = format!("W/{etag}");
            let listed = format!("\"nope\", {etag}");
            for validator in [etag.as_str(), &weak, &listed, "*"] {
                headers.push(("if-none-match", validator));
                for method in ["GET", "HEAD"] {
                    let again = fetch(method, &url, &headers);
                    assert_eq!(again.status, 304, "{method} {path} {validator}");
                    assert!(again.body.is_empty());
                    for same in ["etag", "cache-control", "vary", "content-security-policy"] {
                        assert_eq!(again.header(same), first.header(same), "{path}: {same}");
                    }
                }
                headers.pop();
            }
            headers.push(("if-none-match", "\"stale\""));
            assert_eq!(fetch("GET", &url, &headers).status, 200, "{path}");
            let since = first.header("last-modified").expect("Last-Modified");
            let since = since.to_string();
            headers.pop();
            headers.push(("if-modified-since", &since));
            assert_eq!(fetch("GET", &url, &headers).status, 304, "{path}");
            headers.push(("if-none-match", "\"stale\""));
            assert_eq!(
                fetch("GET", &url, &headers).status,
                200,
                "ETag wins: {path}"
            );
        }
        etags.push(fetch("GET", &url, &[]).header("etag").unwrap().to_string());
        let distinct: std::collections::BTreeSet<_> = etags.iter().collect();
        assert_eq!(distinct.len(), etags.len(), "{path}: {etags:?}");
    }
}

#[test]
fn paths_are_canonical_and_queries_do_not_change_the_lookup() {
    let server = Server::start();
    for (path, identity) in routes() {
        let with_query = fetch(
            "GET",
            &server.url(&format!("{path}?utm_source=feed&x")),
            &[],
        );
        assert_eq!(
            (with_query.status, &with_query.body),
            (200, &identity),
            "{path}"
        );
        // Every byte but the slashes percent-encoded finds the same route.
        let encoded: String = path
            .bytes()
            .map(|b| match b {
                b'/' => "/".to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect();
        let decoded = fetch("GET", &server.url(&encoded), &[]);
        assert_eq!(
            (decoded.status, &decoded.body),
            (200, &identity),
            "{encoded}"
        );
        if let Some(bare) = path.strip_suffix('/').filter(|b| !b.is_empty()) {
            let redirect = fetch("GET", &server.url(&format!("{bare}?a=1&b")), &[]);
            assert_eq!(redirect.status, 308, "{bare}");
            assert_eq!(
                redirect.header("location"),
                Some(format!("{path}?a=1&b").as_str())
            );
        }
    }
}

mod h2c {
    use super::*;
    use bytes::Bytes;
    use http_body_util::{BodyExt, Empty};
    use hyper::{Request, Version};
    use hyper_util::rt::{TokioExecutor, TokioIo};

    type Sender = hyper::client::conn::http2::SendRequest<Empty<Bytes>>;

    async fn connect(server: &Server) -> Sender {
        let stream = tokio::net::TcpStream::connect(server.addr())
            .await
            .expect("the server accepts");
        let (sender, connection) =
            hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(stream))
                .await
                .expect("the server speaks h2c by prior knowledge");
        tokio::spawn(connection);
        sender
    }

    async fn send(sender: &mut Sender, request: Request<Empty<Bytes>>) -> Answer {
        let response = sender.send_request(request).await.expect("a response");
        assert_eq!(response.version(), Version::HTTP_2);
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_string()))
            .collect();
        let body = response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        Answer {
            status,
            headers,
            body,
        }
    }

    fn request(method: &str, url: &str, headers: &[(&str, &str)]) -> Request<Empty<Bytes>> {
        let mut builder = Request::builder().method(method).uri(url);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Empty::new()).unwrap()
    }

    #[tokio::test]
    async fn every_route_over_h2c_in_every_coding_with_304_and_head() {
        let server = Server::start();
        let mut sender = connect(&server).await;
        for (path, identity) in routes() {
            let url = server.url(&path);
            for accept in ENCODINGS {
                let headers: Vec<_> = accept.map(|a| ("accept-encoding", a)).into_iter().collect();
                let answer = send(&mut sender, request("GET", &url, &headers)).await;
                assert_eq!(answer.status, 200, "{path}");
                let encoding = answer.header("content-encoding");
                assert_eq!(
                    decode(encoding, &answer.body),
                    identity,
                    "{path} {accept:?}"
                );
                assert!(answer.header("content-security-policy").is_some());

                let etag = answer.header("etag").unwrap().to_string();
                let mut conditional = headers.clone();
                conditional.push(("if-none-match", &etag));
                let again = send(&mut sender, request("GET", &url, &conditional)).await;
                assert_eq!((again.status, again.body.len()), (304, 0), "{path}");

                let head = send(&mut sender, request("HEAD", &url, &headers)).await;
                assert_eq!((head.status, head.body.len()), (200, 0), "{path}");
                assert_eq!(
                    head.header("content-length"),
                    answer.header("content-length")
                );
            }
        }
    }

    #[tokio::test]
    async fn concurrent_streams_on_one_connection() {
        let server = Server::start();
        let sender = connect(&server).await;
        let (path, identity) = routes().into_iter().next().unwrap();
        let url = server.url(&path);
        let streams: Vec<_> = (0..50)
            .map(|_| {
                let mut sender = sender.clone();
                let request = request("GET", &url, &[]);
                tokio::spawn(async move { send(&mut sender, request).await })
            })
            .collect();
        for stream in streams {
            let answer = stream.await.unwrap();
            assert_eq!((answer.status, &answer.body), (200, &identity));
        }
        let refused = send(&mut sender.clone(), request("POST", &url, &[])).await;
        assert_eq!(refused.status, 405);
    }
}

/// Feed readers and crawlers ask for `/favicon.ico` whatever a page links:
/// an ICO file (its header: reserved 0, type 1 = icon, three images),
/// revalidated like every unfingerprinted route.
#[test]
fn favicon_ico_is_served_as_an_icon() {
    let server = Server::start();
    for encoding in ENCODINGS {
        let headers: Vec<_> = encoding
            .map(|e| ("accept-encoding", e))
            .into_iter()
            .collect();
        let answer = fetch("GET", &server.url("/favicon.ico"), &headers);
        assert_eq!(answer.status, 200, "{encoding:?}");
        assert_eq!(answer.header("content-type"), Some("image/x-icon"));
        assert_eq!(answer.header("cache-control"), Some("no-cache"));
        let body = decode(answer.header("content-encoding"), &answer.body);
        assert_eq!(body[..6], [0, 0, 1, 0, 3, 0], "{encoding:?}");
    }
}
