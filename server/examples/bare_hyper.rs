//! Benchmark peer, not part of the site: about the least a hyper server can
//! do to answer the post page. At start-up it reads one page's identity and
//! brotli bodies and its response header lines from files that
//! `scripts/bench.sh` writes; then it answers every request with them,
//! brotli when `Accept-Encoding` mentions `br`. No routing, negotiation,
//! validators, limits or timeouts; tokio's default multi-threaded runtime;
//! HTTP/1.1 and h2c on one port (hyper-util's `auto` builder).
//! The benchmark runs it beside nginx and phasespace, so the figures show
//! how much of hyper's own ceiling phasespace reaches.
//!
//!   cargo run --release --example bare_hyper -- ADDR IDENTITY BROTLI HEADERS

use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{HeaderName, HeaderValue, ACCEPT_ENCODING};
use hyper::service::service_fn;
use hyper::{HeaderMap, Response};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use std::convert::Infallible;
use std::sync::Arc;

/// What every response is made of.
struct Page {
    identity: Bytes,
    brotli: Bytes,
    /// Every header but `Content-Encoding` and `Content-Length`.
    headers: HeaderMap,
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|error| panic!("bare_hyper: {path}: {error}"))
}

/// `name: value` lines.
fn parse_headers(text: &str) -> HeaderMap {
    text.lines()
        .filter_map(|line| line.split_once(": "))
        .map(|(name, value)| {
            let name = HeaderName::from_bytes(name.as_bytes()).expect("a header name");
            (name, HeaderValue::from_str(value).expect("a header value"))
        })
        .collect()
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [addr, identity, brotli, headers] = &args[..] else {
        panic!("usage: bare_hyper ADDR IDENTITY BROTLI HEADERS");
    };
    let page = Arc::new(Page {
        identity: read(identity).into(),
        brotli: read(brotli).into(),
        headers: parse_headers(&String::from_utf8(read(headers)).expect("UTF-8 header lines")),
    });
    let listener = tokio::net::TcpListener::bind(addr.as_str())
        .await
        .expect("bare_hyper: bind");
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let page = page.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request: hyper::Request<_>| {
                let brotli = request
                    .headers()
                    .get(ACCEPT_ENCODING)
                    .is_some_and(|value| value.as_bytes().windows(2).any(|w| w == b"br"));
                let body = if brotli { &page.brotli } else { &page.identity };
                let mut response = Response::new(Full::new(body.clone()));
                *response.headers_mut() = page.headers.clone();
                if brotli {
                    response
                        .headers_mut()
                        .insert("content-encoding", HeaderValue::from_static("br"));
                }
                async { Ok::<_, Infallible>(response) }
            });
            let _ = auto::Builder::new(TokioExecutor::new())
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
