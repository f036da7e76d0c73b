//! One connection, from accept to close: which HTTP it speaks, the TLS
//! handshake, hyper serving it under its limits, and the two ways it ends
//! early (the server drains, or the client falls silent). It holds a slot
//! among the bounded connections until it closes.
//!
//! Which protocol a connection speaks is decided before hyper reads a byte
//! (`protocol`: `peek` on cleartext, ALPN over TLS), so each connection is
//! served by a builder that speaks only that protocol. hyper-util's `auto`
//! builder could find out itself, but it reads the first bytes and hands
//! them back to hyper through a rewinding wrapper, which makes hyper's
//! HTTP/1.1 read buffer grow from 8 to 16 KiB on every connection; `peek`
//! leaves the bytes in the socket.
//!
//! A client that sends nothing, or stops, meets one of two bounds:
//!
//! - hyper's `header_read_timeout` (HTTP/1.1 only) runs from the moment
//!   hyper waits for a request head, the first or, once a parked
//!   keep-alive connection has bytes to read, the next (`park`), until the
//!   head is complete: it ends a client that trickles its headers, whose
//!   bytes keep the idle tracker content;
//! - the idle tracker (`idle`) closes a connection on which no byte has
//!   moved either way for `idle::IDLE_TIMEOUT`: it covers what hyper does
//!   not see or time, a cleartext client that never sends its first byte
//!   (hyper never gets that connection: `first_bytes` waits on the peek),
//!   a silent TLS handshake, and a client that stopped reading a
//!   response.
//!
//! A connection that has been served and is between requests is kept
//! far longer (`idle::KEEP_ALIVE`), over HTTP/1.1 and HTTP/2 alike, so a
//! reader's next page reuses it; under pressure the oldest kept one is
//! shed (`idle::Kept`). `http` counts each request from the moment hyper
//! hands it over until hyper is done with its response, which is how the
//! tracker knows.

use super::answered::Answered;
use super::park::{self, Socket};
use super::shutdown::Watcher;
use super::Answer;
use crate::idle;
use crate::protocol::{self, Version};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, STRICT_TRANSPORT_SECURITY};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::Request;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use std::convert::Infallible;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio::sync::OwnedSemaphorePermit;
use tokio_rustls::TlsAcceptor;

/// Longest a client may take to send an HTTP/1.1 request's headers.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// Largest request head accepted (HTTP/1.1 buffer, HTTP/2 header list);
/// larger gets 431.
const MAX_HEADER_BYTES: usize = 16 * 1024;
/// Sent with every HTTPS response (and only those): browsers that have seen
/// the site over HTTPS use nothing else for a year.
const HSTS: HeaderValue = HeaderValue::from_static("max-age=31536000");

/// hyper's HTTP/1.1 and HTTP/2 servers, with their limits. Which one a
/// connection gets is decided before hyper reads (`protocol`). HTTP/1.1 is
/// hyper's own builder, not `auto`'s: only its connection hands the socket
/// back, which parking needs (`park`).
pub(super) struct Protocols {
    http1: http1::Builder,
    http2: auto::Builder<TokioExecutor>,
}

impl Protocols {
    pub(super) fn new() -> Protocols {
        let mut http1 = http1::Builder::new();
        http1
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_READ_TIMEOUT)
            .max_buf_size(MAX_HEADER_BYTES);
        let mut builder = auto::Builder::new(TokioExecutor::new());
        builder
            .http2()
            .timer(TokioTimer::new())
            .max_header_list_size(MAX_HEADER_BYTES as u32);
        Protocols {
            http1,
            http2: builder.http2_only(),
        }
    }
}

/// What a connection's task holds besides its socket.
pub(super) struct Connection {
    protocols: Arc<Protocols>,
    drain: Watcher,
    /// The kept connections, which it joins while it is kept.
    kept: Arc<idle::Kept>,
    /// Its place among the bounded connections, freed when it ends.
    _slot: OwnedSemaphorePermit,
}

impl Connection {
    pub(super) fn new(
        protocols: Arc<Protocols>,
        drain: Watcher,
        kept: Arc<idle::Kept>,
        slot: OwnedSemaphorePermit,
    ) -> Connection {
        Connection {
            protocols,
            drain,
            kept,
            _slot: slot,
        }
    }

    /// Cleartext HTTP/1.1 or h2c, from accept to close.
    pub(super) async fn cleartext<A: Answer>(mut self, stream: TcpStream, answer: A) {
        let Some(version) = first_bytes(&stream, &mut self.drain).await else {
            return;
        };
        let (stream, silence) = idle::track(stream, self.kept);
        http(
            &self.protocols,
            version,
            stream,
            answer,
            self.drain,
            silence,
        )
        .await;
    }

    /// HTTPS, from accept to close.
    pub(super) async fn tls<A: Answer>(self, stream: TcpStream, acceptor: TlsAcceptor, answer: A) {
        let (stream, mut silence) = idle::track(stream, self.kept);
        // A client silent during the handshake is dropped like any other.
        let tls = tokio::select! {
            tls = acceptor.accept(stream) => tls,
            () = silence.elapsed() => return,
        };
        if let Ok(tls) = tls {
            let version = protocol::from_alpn(tls.get_ref().1.alpn_protocol());
            http(&self.protocols, version, tls, answer, self.drain, silence).await;
        }
    }
}

/// The protocol a cleartext client's first bytes announce; `None` when it
/// sends none within the idle timeout, or the drain begins first.
async fn first_bytes(stream: &TcpStream, drain: &mut Watcher) -> Option<Version> {
    tokio::select! {
        version = tokio::time::timeout(idle::IDLE_TIMEOUT, protocol::sniff(stream)) => version.ok(),
        () = drain.begun() => None,
    }
}

/// The site over HTTPS: the same answers, with HSTS.
pub(super) fn secure<A: Answer>(answer: A) -> impl Answer<Body = A::Body> {
    move |request: &Request<Incoming>| {
        let mut response = answer(request);
        response
            .headers_mut()
            .insert(STRICT_TRANSPORT_SECURITY, HSTS);
        response
    }
}

/// HTTP on `io` until it closes: HTTP/1.1 parked between requests
/// (`park`), HTTP/2 by hyper alone; each request counted while it is open.
async fn http<I: Socket, A: Answer>(
    protocols: &Protocols,
    version: Version,
    io: I,
    answer: A,
    drain: Watcher,
    silence: idle::Silence,
) {
    let requests = silence.requests();
    let answer = move |request: &Request<Incoming>| {
        let open = requests.open();
        answer(request).map(|body| Answered::new(body, open))
    };
    match version {
        Version::Http1 => park::serve(&protocols.http1, io, answer, drain, silence).await,
        // Boxed: hyper's HTTP/2 state would otherwise size every task,
        // a parked HTTP/1.1 one's too.
        Version::Http2 => Box::pin(http2(&protocols.http2, io, answer, drain, silence)).await,
    }
}

/// HTTP/2 on `io` until it closes. When the drain begins, the client
/// falls silent or the connection is shed, it is asked to finish
/// (requests in flight complete, then GOAWAY); one that then stays silent
/// is dropped. An idle HTTP/2 connection keeps hyper's and h2's buffers:
/// nothing hands them back (docs/benchmarks.md has what one costs).
async fn http2<I: Socket, A: Answer>(
    builder: &auto::Builder<TokioExecutor>,
    io: I,
    answer: A,
    mut drain: Watcher,
    mut silence: idle::Silence,
) {
    let service = service_fn(move |request| {
        let response = answer(&request);
        async move { Ok::<_, Infallible>(response) }
    });
    let mut connection = pin!(builder.serve_connection(TokioIo::new(io), service));
    // Errors are a client's doing (reset, malformed request) and already
    // answered where HTTP allows: nothing to report.
    tokio::select! {
        _ = connection.as_mut() => return,
        () = drain.begun() => {}
        () = silence.elapsed() => {}
    }
    connection.as_mut().graceful_shutdown();
    tokio::select! {
        _ = connection.as_mut() => {}
        () = silence.elapsed() => {}
    }
}
