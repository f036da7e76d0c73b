//! The listening sockets: binding one, what each speaks (`Mode`), and the
//! accept loop that turns its clients into connection tasks. Past the
//! connection bound, the client just accepted waits for a slot, and those
//! after it in the kernel's accept queue; while one waits, the oldest kept
//! connection (served, idle between requests: `idle::Kept`) is shed to
//! make room, so kept connections give way to a new reader only when one
//! is there and the bound is full. A failed accept (EMFILE, for one)
//! pauses the loop instead of ending it, and is logged once, not once per
//! retry (`AcceptFailures`). Where a connection's work begins, this
//! file's stops (`connection`).
//!
//! The loop accepts before it takes a slot, as nginx does, so that it
//! sheds only for a client that is there: each loop holds at most one
//! socket past the bound, which the descriptors' reserve covers
//! (`fd_limit`). nginx also sheds in advance, once fewer than a
//! sixteenth of its connections are free, because its close may linger;
//! here a kept connection closes at once (a FIN, or a GOAWAY and a TLS
//! close_notify), so the client waits about that long.

use super::connection::Connection;
use super::shutdown::Watcher;
use super::{Answer, Shared};
use crate::https_redirect;
use crate::idle::Kept;
use hyper::body::Incoming;
use hyper::header::HeaderValue;
use hyper::Request;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_rustls::TlsAcceptor;

/// Connections the kernel queues before they are accepted (it caps this at
/// `net.core.somaxconn`).
const ACCEPT_BACKLOG: i32 = 1024;
/// Pause after a failed accept (for example EMFILE), so the loop does not
/// spin while the cause lasts.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// What a listening socket speaks.
#[derive(Clone)]
pub enum Mode {
    /// The site over plain HTTP.
    Plain,
    /// The site over HTTPS.
    Tls(TlsAcceptor),
    /// Plain HTTP that redirects every request to HTTPS on `port`; its
    /// answers carry the site's policy for responses that are no page.
    RedirectToHttps { port: u16, bare_csp: HeaderValue },
}

/// Whether accepting is failing, shared by every worker's accept loops, so
/// that a cause that lasts (descriptors exhausted) is logged when it
/// begins and when it ends, not on each retry of each worker.
#[derive(Default)]
pub(super) struct AcceptFailures {
    failing: AtomicBool,
}

impl AcceptFailures {
    fn failed(&self, error: &std::io::Error) {
        if !self.failing.swap(true, Ordering::Relaxed) {
            eprintln!(
                "phasespace: accept failed: {error}; retrying every {} ms until it succeeds",
                ACCEPT_BACKOFF.as_millis()
            );
        }
    }

    fn succeeded(&self) {
        if self.failing.load(Ordering::Relaxed) && self.failing.swap(false, Ordering::Relaxed) {
            eprintln!("phasespace: accepting again");
        }
    }
}

/// A bound socket and what it speaks.
pub struct Listener {
    pub socket: std::net::TcpListener,
    pub mode: Mode,
}

impl Listener {
    /// How the server announces this listener once it serves.
    pub(super) fn announce(&self) -> String {
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

    /// A worker's own handle on the same listening socket: the kernel
    /// hands each client to one of the workers accepting on it.
    pub(super) fn duplicate(&self) -> Listener {
        Listener {
            socket: self
                .socket
                .try_clone()
                .expect("a listening socket can be duplicated"),
            mode: self.mode.clone(),
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

/// Accepts on `listener` until the task is aborted (the first phase of
/// shutdown): each client gets a slot among the bounded connections, or
/// waits for one (`slot`), then a task of its own.
pub(super) async fn accept_loop<A: Answer>(listener: Listener, shared: Shared<A>, drain: Watcher) {
    let Listener { socket, mode } = listener;
    let socket =
        TcpListener::from_std(socket).expect("a non-blocking listener registers with the runtime");
    loop {
        let stream = match socket.accept().await {
            Ok((stream, _)) => {
                shared.accept_failures.succeeded();
                stream
            }
            Err(error) => {
                // The open connections go on.
                shared.accept_failures.failed(&error);
                tokio::time::sleep(ACCEPT_BACKOFF).await;
                continue;
            }
        };
        let slot = slot(&shared.slots, &shared.kept).await;
        let _ = stream.set_nodelay(true);
        let connection = Connection::new(
            shared.protocols.clone(),
            drain.clone(),
            shared.kept.clone(),
            slot,
        );
        // Each mode is its own task type, so a plain connection's task is
        // not sized for TLS state it never has.
        match &mode {
            Mode::Plain => tokio::spawn(connection.cleartext(stream, shared.answer.clone())),
            Mode::RedirectToHttps { port, bare_csp } => {
                let (port, bare_csp) = (*port, bare_csp.clone());
                let redirect = move |request: &Request<Incoming>| {
                    https_redirect::to_https(request, port, &bare_csp)
                };
                tokio::spawn(connection.cleartext(stream, redirect))
            }
            Mode::Tls(acceptor) => tokio::spawn(connection.tls(
                stream,
                acceptor.clone(),
                super::connection::secure(shared.answer.clone()),
            )),
        };
    }
}

/// A slot for a client just accepted: a free one, or, with every slot
/// taken, the next to free, while the kept connections are shed oldest
/// first, one a tick for as long as the client waits (the first at once).
async fn slot(slots: &Arc<Semaphore>, kept: &Kept) -> OwnedSemaphorePermit {
    let freed = slots.clone().acquire_owned();
    tokio::select! {
        biased;
        slot = freed => slot.expect("the connection semaphore is never closed"),
        never = kept.shed_while_waiting() => never,
    }
}
