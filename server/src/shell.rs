//! The I/O shell: the listening sockets, one worker per core, HTTP/1.1 and
//! HTTP/2 on one port (cleartext by prior knowledge, or over TLS by ALPN),
//! the limits and timeouts each connection lives under, and graceful
//! shutdown on SIGINT or SIGTERM. Every answer comes from the function it
//! is handed (the shipped binary's: `respond` over its static table; the
//! preview's: over the table it swaps on each save) or, on the plain side
//! of an HTTPS site, `https_redirect`; this file only moves bytes.
//!
//! Workers: one thread per core, each with its own single-threaded tokio
//! runtime accepting from the same listening socket (as nginx's worker
//! processes do). A connection stays on the thread that accepted it, so no
//! task is ever woken across threads; measured against tokio's
//! multi-threaded scheduler on the benchmark's post page, this served more
//! requests for less CPU.
//!
//! Limits: at most `fd_limit::connection_bound()` connections (more wait
//! in the accept queue); HTTP/1.1 request heads within
//! `HEADER_READ_TIMEOUT` and `MAX_HEADER_BYTES`; any connection on which
//! nothing moves for `idle::IDLE_TIMEOUT` is closed (idle keep-alive, idle
//! HTTP/2, a client that never speaks or stops reading).

use crate::protocol::{self, Version};
use crate::{fd_limit, https_redirect, idle};
use bytes::Bytes;
use hyper::body::{Body, Incoming};
use hyper::header::{HeaderValue, STRICT_TRANSPORT_SECURITY};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::{Arc, Barrier};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::signal::unix::{signal, Signal, SignalKind};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio_rustls::TlsAcceptor;

/// Longest a client may take to send an HTTP/1.1 request's headers.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// Largest request head accepted (HTTP/1.1 buffer, HTTP/2 header list);
/// larger gets 431.
const MAX_HEADER_BYTES: usize = 16 * 1024;
/// Connections the kernel queues before they are accepted (it caps this at
/// `net.core.somaxconn`).
const ACCEPT_BACKLOG: i32 = 1024;
/// Longest shutdown waits for requests in flight.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);
/// Pause after a failed accept (for example EMFILE), so the loop does not
/// spin while the cause lasts.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);
/// Sent with every HTTPS response (and only those): browsers that have seen
/// the site over HTTPS use nothing else for a year.
const HSTS: HeaderValue = HeaderValue::from_static("max-age=31536000");

/// What a listening socket speaks.
pub enum Mode {
    /// The site over plain HTTP.
    Plain,
    /// The site over HTTPS.
    Tls(TlsAcceptor),
    /// Plain HTTP that redirects every request to HTTPS on `port`; its
    /// answers carry the site's policy for responses that are no page.
    RedirectToHttps { port: u16, bare_csp: HeaderValue },
}

/// A bound socket and what it speaks.
pub struct Listener {
    pub socket: std::net::TcpListener,
    pub mode: Mode,
}

impl Listener {
    /// How the server announces this listener once it serves.
    fn announce(&self) -> String {
        let local = self
            .socket
            .local_addr()
            .expect("a bound socket has an address");
        match self.mode {
            Mode::Plain => format!("serving on http://{local}/"),
            Mode::Tls(_) => format!("serving on https://{local}/"),
            Mode::RedirectToHttps { port, .. } => {
                format!("redirecting http://{local}/ to https on port {port}")
            }
        }
    }
}

/// The listening socket for `addr`.
pub fn bind(addr: SocketAddr) -> std::io::Result<std::net::TcpListener> {
    let socket = socket2::Socket::new(
        socket2::Domain::for_address(addr),
        socket2::Type::STREAM,
        None,
    )?;
    // Restarting must not wait for the old connections' TIME_WAIT.
    socket.set_reuse_address(true)?;
    socket.bind(&addr.into())?;
    socket.listen(ACCEPT_BACKLOG)?;
    socket.set_nonblocking(true)?;
    Ok(socket.into())
}

/// The site's answer to one request: `respond` over a table, or the
/// preview's. Called on every worker thread.
pub trait Answer:
    Fn(&Request<Incoming>) -> Response<Self::Body> + Clone + Send + Sync + 'static
{
    type Body: Body<Data = Bytes, Error: Into<Box<dyn std::error::Error + Send + Sync>>>
        + Send
        + 'static;
}

impl<F, B> Answer for F
where
    F: Fn(&Request<Incoming>) -> Response<B> + Clone + Send + Sync + 'static,
    B: Body<Data = Bytes, Error: Into<Box<dyn std::error::Error + Send + Sync>>> + Send + 'static,
{
    type Body = B;
}

/// Serves `answer` on `listeners` until SIGINT or SIGTERM, then drains;
/// returns when every worker has. Prints one line per listener (the
/// site's first) once every worker listens for the signals, so a signal
/// sent after the lines is never missed.
pub fn run<A: Answer>(listeners: Vec<Listener>, answer: A) {
    let announcements: Vec<String> = listeners.iter().map(Listener::announce).collect();
    let listeners: Arc<Vec<(std::net::TcpListener, Arc<Mode>)>> = Arc::new(
        listeners
            .into_iter()
            .map(|l| (l.socket, Arc::new(l.mode)))
            .collect(),
    );
    let slots = Arc::new(Semaphore::new(fd_limit::connection_bound()));
    let protocols = Arc::new(Protocols::new());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let ready = Arc::new(Barrier::new(cores + 1));
    let workers: Vec<_> = (0..cores)
        .map(|_| {
            let listeners = listeners
                .iter()
                .map(|(socket, mode)| {
                    let socket = socket
                        .try_clone()
                        .expect("a listening socket can be duplicated");
                    (socket, mode.clone())
                })
                .collect::<Vec<_>>();
            let (slots, protocols, ready) = (slots.clone(), protocols.clone(), ready.clone());
            let answer = answer.clone();
            std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a tokio runtime starts on any supported OS");
                let (listeners, signals) = {
                    let _inside = runtime.enter();
                    let listeners: Vec<_> = listeners
                        .into_iter()
                        .map(|(socket, mode)| {
                            let socket = TcpListener::from_std(socket)
                                .expect("a non-blocking listener registers with the runtime");
                            (socket, mode)
                        })
                        .collect();
                    (listeners, Signals::install())
                };
                ready.wait();
                runtime.block_on(worker(listeners, signals, slots, protocols, answer));
            })
        })
        .collect();
    // Only the workers' copies remain: the sockets close when they stop.
    drop(listeners);
    ready.wait();
    for line in announcements {
        println!("phasespace: {line}");
    }
    for worker in workers {
        worker
            .join()
            .expect("a worker only ends by returning: its tasks' panics stay in them");
    }
}

/// One worker: an accept loop per listener until the signal, then its
/// share of the drain. Every worker hears the signal itself.
async fn worker<A: Answer>(
    listeners: Vec<(TcpListener, Arc<Mode>)>,
    mut signals: Signals,
    slots: Arc<Semaphore>,
    protocols: Arc<Protocols>,
    answer: A,
) {
    // Each connection holds a receiver of `stopped`; shutdown sends, then
    // waits until every receiver is gone. The accept loops hold `quit`.
    let (stop, stopped) = watch::channel(());
    let (quit, quitting) = watch::channel(());
    let loops: Vec<_> = listeners
        .into_iter()
        .map(|(listener, mode)| {
            tokio::spawn(accept_loop(
                listener,
                mode,
                slots.clone(),
                protocols.clone(),
                stopped.clone(),
                quitting.clone(),
                answer.clone(),
            ))
        })
        .collect();
    signals.first().await;
    let _ = quit.send(());
    for accepting in loops {
        let _ = accepting.await;
    }

    drop(stopped);
    let _ = stop.send(());
    if tokio::time::timeout(DRAIN_TIMEOUT, stop.closed())
        .await
        .is_err()
    {
        eprintln!("phasespace: connections still open after {DRAIN_TIMEOUT:?}; exiting anyway");
    }
}

/// Accepts on `listener` until `quitting` changes; each connection gets
/// a slot (or waits for one) and a task of its own.
async fn accept_loop<A: Answer>(
    listener: TcpListener,
    mode: Arc<Mode>,
    slots: Arc<Semaphore>,
    protocols: Arc<Protocols>,
    stopped: watch::Receiver<()>,
    mut quitting: watch::Receiver<()>,
    answer: A,
) {
    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => permit.expect("the connection semaphore is never closed"),
            _ = quitting.changed() => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    eprintln!("phasespace: accept failed: {error}");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            },
            _ = quitting.changed() => break,
        };
        let _ = stream.set_nodelay(true);
        let connection = Connection {
            protocols: protocols.clone(),
            stopped: stopped.clone(),
            _slot: permit,
        };
        // Each mode is its own task type, so a plain connection's task is
        // not sized for TLS state it never has.
        match &*mode {
            Mode::Plain => tokio::spawn(connection.cleartext(stream, answer.clone())),
            Mode::RedirectToHttps { port, bare_csp } => {
                let (port, bare_csp) = (*port, bare_csp.clone());
                let redirect = move |request: &Request<Incoming>| {
                    https_redirect::to_https(request, port, &bare_csp)
                };
                tokio::spawn(connection.cleartext(stream, redirect))
            }
            Mode::Tls(acceptor) => {
                tokio::spawn(connection.tls(stream, acceptor.clone(), secure(answer.clone())))
            }
        };
    }
}

/// hyper's HTTP/1.1 and HTTP/2 servers, with their limits. Which one a
/// connection gets is decided before hyper reads (`protocol`).
struct Protocols {
    http1: auto::Builder<TokioExecutor>,
    http2: auto::Builder<TokioExecutor>,
}

impl Protocols {
    fn new() -> Protocols {
        let mut builder = auto::Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_READ_TIMEOUT)
            .max_buf_size(MAX_HEADER_BYTES);
        builder
            .http2()
            .timer(TokioTimer::new())
            .max_header_list_size(MAX_HEADER_BYTES as u32);
        Protocols {
            http1: builder.clone().http1_only(),
            http2: builder.http2_only(),
        }
    }

    fn get(&self, version: Version) -> &auto::Builder<TokioExecutor> {
        match version {
            Version::Http1 => &self.http1,
            Version::Http2 => &self.http2,
        }
    }
}

/// What a connection's task holds besides its socket.
struct Connection {
    protocols: Arc<Protocols>,
    stopped: watch::Receiver<()>,
    /// Its place among the bounded connections, freed when it ends.
    _slot: OwnedSemaphorePermit,
}

impl Connection {
    /// Cleartext HTTP/1.1 or h2c, from accept to close.
    async fn cleartext<A: Answer>(mut self, stream: TcpStream, answer: A) {
        let Some(version) = first_bytes(&stream, &mut self.stopped).await else {
            return;
        };
        let (stream, silence) = idle::track(stream);
        let protocol = self.protocols.get(version);
        http(protocol, stream, answer, self.stopped, silence).await;
    }

    /// HTTPS, from accept to close.
    async fn tls<A: Answer>(self, stream: TcpStream, acceptor: TlsAcceptor, answer: A) {
        let (stream, mut silence) = idle::track(stream);
        // A client silent during the handshake is dropped like any other.
        let tls = tokio::select! {
            tls = acceptor.accept(stream) => tls,
            () = silence.elapsed() => return,
        };
        if let Ok(tls) = tls {
            let version = protocol::from_alpn(tls.get_ref().1.alpn_protocol());
            let protocol = self.protocols.get(version);
            http(protocol, tls, answer, self.stopped, silence).await;
        }
    }
}

/// The protocol a cleartext client's first bytes announce; `None` when it
/// sends none within the idle timeout, or the server begins shutting down
/// first.
async fn first_bytes(stream: &TcpStream, stopped: &mut watch::Receiver<()>) -> Option<Version> {
    tokio::select! {
        version = tokio::time::timeout(idle::IDLE_TIMEOUT, protocol::sniff(stream)) => version.ok(),
        _ = stopped.changed() => None,
    }
}

/// The site over HTTPS: the same answers, with HSTS.
fn secure<A: Answer>(answer: A) -> impl Answer<Body = A::Body> {
    move |request: &Request<Incoming>| {
        let mut response = answer(request);
        response
            .headers_mut()
            .insert(STRICT_TRANSPORT_SECURITY, HSTS);
        response
    }
}

/// HTTP on `io` until it closes. On shutdown or silence the connection is
/// asked to finish (requests in flight complete, idle ones close at once);
/// one that then stays silent is dropped.
async fn http<I, A>(
    builder: &auto::Builder<TokioExecutor>,
    io: I,
    answer: A,
    mut stopped: watch::Receiver<()>,
    mut silence: idle::Silence,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    A: Answer,
{
    let service = service_fn(move |request| {
        let response = answer(&request);
        async move { Ok::<_, Infallible>(response) }
    });
    let mut connection = pin!(builder.serve_connection(TokioIo::new(io), service));
    // Errors are a client's doing (reset, malformed request) and already
    // answered where HTTP allows: nothing to report.
    tokio::select! {
        _ = connection.as_mut() => return,
        _ = stopped.changed() => {}
        () = silence.elapsed() => {}
    }
    connection.as_mut().graceful_shutdown();
    tokio::select! {
        _ = connection.as_mut() => {}
        () = silence.elapsed() => {}
    }
}

/// SIGINT (Ctrl-C) and SIGTERM, handled from the moment they are installed.
struct Signals {
    interrupt: Signal,
    terminate: Signal,
}

impl Signals {
    /// Must run inside a runtime.
    fn install() -> Signals {
        let handler = |kind| {
            signal(kind).expect("installing a signal handler only fails outside a tokio runtime")
        };
        Signals {
            interrupt: handler(SignalKind::interrupt()),
            terminate: handler(SignalKind::terminate()),
        }
    }

    /// Resolves on the first of either.
    async fn first(&mut self) {
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
    }
}
