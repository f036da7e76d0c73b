//! Parking: an HTTP/1.1 keep-alive connection that waits for its next
//! request holds no buffer. hyper keeps, for as long as its connection
//! lives, an 8 KiB read buffer, an 8 KiB buffer for response heads and the
//! last request's header map: about 16 KiB for a client that only keeps
//! its socket open, where nginx frees its buffers. So a socket is served in
//! rounds, each one hyper connection. Once a round has answered and hyper
//! finds nothing more to read, hyper is asked to finish (an idle HTTP/1.1
//! connection then closes at once, without shutting the socket), hands
//! back the socket and any bytes of a next request it had read, and is
//! dropped with its buffers; the task waits for the socket to become
//! readable, holding the socket alone, and starts the next round.
//!
//! When to park (`PARK_AFTER`): parking after every answer costs a client
//! that sends request after request a new hyper connection per request
//! (about 9 % of the small brotli page's keep-alive throughput on the
//! `dist` build); parking only after 100 ms idle lets a burst of new
//! connections hold hyper's buffers together and leaves glibc's heap
//! fragmented (15 MB at a thousand idle connections against 6 MB). So a
//! connection parks at once up to its first answer and right after it,
//! and after 100 ms once it has been answered twice (docs/benchmarks.md).
//!
//! Whether hyper is idle is read from what it does, not guessed:
//! a round may park once its service has been called, every response body
//! it produced has been dropped (hyper drops a body once it is written, or
//! on error), and the last thing hyper did with the socket was a read that
//! found nothing, with no write since. hyper is then between requests,
//! where its graceful shutdown closes without touching a response.
//!
//! Every bound of the connection holds across rounds: the idle tracker
//! (`idle`) counts silence through the rounds and the waits between them;
//! the drain closes a parked connection at once, as hyper closes an idle
//! one; hyper's header read timeout runs in each round from its first read,
//! and a round that begins with bytes handed back does not park before it
//! has answered, so no client trickles a request head across rounds.
//!
//! Over TLS the same holds for hyper's buffers; rustls keeps its own
//! session state and buffers while parked (docs/benchmarks.md has both).

use super::answered::Answered;
use super::shutdown::Watcher;
use super::Answer;
use crate::idle;
use bytes::{Buf, Bytes};
use hyper::body::{Body, Incoming};
use hyper::server::conn::http1;
use hyper::service::{service_fn, HttpService};
use hyper::Request;
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::future::{poll_fn, Future};
use std::io;
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::{Instant, Sleep};
use tokio_rustls::server::TlsStream;

/// A connection's socket as hyper gets it, with the TCP socket underneath
/// whose readability ends a park.
pub(super) trait Socket: AsyncRead + AsyncWrite + Unpin + Send + 'static {
    fn tcp(&self) -> &TcpStream;
}

impl Socket for idle::Tracked<TcpStream> {
    fn tcp(&self) -> &TcpStream {
        self.get_ref()
    }
}

impl Socket for TlsStream<idle::Tracked<TcpStream>> {
    fn tcp(&self) -> &TcpStream {
        self.get_ref().0.get_ref()
    }
}

/// HTTP/1.1 on `io` until it closes, parked between requests. When the
/// drain begins or the client falls silent, the round in progress is asked
/// to finish (a request in flight completes, an idle connection closes at
/// once); one that then stays silent is dropped.
pub(super) async fn serve<I: Socket, A: Answer>(
    builder: &http1::Builder,
    io: I,
    answer: A,
    mut drain: Watcher,
    mut silence: idle::Silence,
) {
    let turn = Arc::new(Turn::default());
    let mut service = {
        let turn = turn.clone();
        service_fn(move |request: Request<Incoming>| {
            turn.called();
            let response =
                answer(&request).map(|body| Answered::new(body, Answering(turn.clone())));
            std::future::ready(Ok::<_, Infallible>(response))
        })
    };
    let mut io = Watched {
        inner: io,
        handed_back: Bytes::new(),
        turn: turn.clone(),
    };
    // Made once, not per round: each would register with the drain anew.
    let mut drain_begun = pin!(drain.begun());
    let mut nap = pin!(tokio::time::sleep(PARK_AFTER));
    loop {
        turn.begin_round(!io.handed_back.is_empty());
        // Boxed, so that a parked task holds a pointer, not hyper's state.
        let mut connection = Box::new(builder.serve_connection(TokioIo::new(io), service));
        let ended = tokio::select! {
            ended = until_idle(&mut *connection, &turn, nap.as_mut()) => ended,
            () = &mut drain_begun => Ended::Asked,
            () = silence.elapsed() => Ended::Asked,
        };
        match ended {
            Ended::Idle => {}
            Ended::Closed(Ok(())) => return close(connection.into_socket(), &mut silence).await,
            Ended::Closed(Err(_)) => return,
            Ended::Asked => return finish(connection, &mut silence).await,
        }
        // Idle: hyper closes at once, without shutting the socket.
        connection.graceful_shutdown();
        if poll_fn(|cx| connection.poll_without_shutdown(cx))
            .await
            .is_err()
        {
            return;
        }
        (io, service) = {
            let parts = connection.into_parts();
            let mut io = parts.io.into_inner();
            // Copied, and `parts` dropped here: its `read_buf` is a view of
            // hyper's whole read buffer, even when empty, and would keep it.
            io.handed_back = Bytes::copy_from_slice(&parts.read_buf);
            (io, parts.service)
        };
        if io.handed_back.is_empty() {
            let readable = tokio::select! {
                // `poll_read_ready` rather than `readable`: it wakes through
                // the socket's one reader slot, as hyper's reads do, with no
                // list of waiters to join and leave per park.
                readable = poll_fn(|cx| io.inner.tcp().poll_read_ready(cx)) => readable.is_ok(),
                () = &mut drain_begun => false,
                () = silence.elapsed() => false,
            };
            if !readable {
                return close(io.inner, &mut silence).await;
            }
        }
    }
}

/// How long a connection that has been answered more than once must have
/// been idle before it parks. Until its first answer, and right after it,
/// a connection parks as soon as it is idle: one that has made a request
/// and waits (most idle keep-alive connections) then holds no buffer at
/// once. A client that comes back for more (a browser fetching a page's
/// files, a benchmark's loop) keeps its round while it sends request after
/// request, rather than paying a new hyper connection for each.
const PARK_AFTER: Duration = Duration::from_millis(100);

/// How a round ended.
enum Ended {
    /// hyper is between requests with nothing to read: park.
    Idle,
    /// hyper finished by itself (the client closed, asked to, or erred).
    Closed(hyper::Result<()>),
    /// The drain began or the client fell silent.
    Asked,
}

/// Serves a round until hyper finishes or is idle: at once up to the
/// connection's first answer, after it for `PARK_AFTER` since the last
/// answer (`nap` is reset once per answer).
async fn until_idle<C: Round>(connection: &mut C, turn: &Turn, mut nap: Pin<&mut Sleep>) -> Ended {
    let mut napping_after = None;
    poll_fn(|cx| {
        if let Poll::Ready(result) = connection.poll_without_shutdown(cx) {
            return Poll::Ready(Ended::Closed(result));
        }
        let Some(answers) = turn.idle() else {
            return Poll::Pending;
        };
        if answers <= 1 {
            return Poll::Ready(Ended::Idle);
        }
        if napping_after != Some(answers) {
            nap.as_mut().reset(Instant::now() + PARK_AFTER);
            napping_after = Some(answers);
        }
        nap.as_mut().poll(cx).map(|()| Ended::Idle)
    })
    .await
}

/// Asks the round to finish, waits while it does (within the bound on
/// silence), then closes the socket.
async fn finish<C: Round>(mut connection: Box<C>, silence: &mut idle::Silence) {
    connection.graceful_shutdown();
    let done = tokio::select! {
        done = poll_fn(|cx| connection.poll_without_shutdown(cx)) => done.is_ok(),
        () = silence.elapsed() => false,
    };
    if done {
        close(connection.into_socket(), silence).await;
    }
}

/// Shuts the socket down as hyper would have (TLS's close_notify, then
/// the FIN), within the bound on silence.
async fn close<I: Socket>(mut io: I, silence: &mut idle::Silence) {
    tokio::select! {
        _ = poll_fn(|cx| Pin::new(&mut io).poll_shutdown(cx)) => {}
        () = silence.elapsed() => {}
    }
}

/// A round: hyper's HTTP/1.1 connection over a watched socket, as this
/// file uses it (so that the helpers need not spell its service's type).
trait Round {
    type Socket: Socket;
    fn poll_without_shutdown(&mut self, cx: &mut Context<'_>) -> Poll<hyper::Result<()>>;
    fn graceful_shutdown(&mut self);
    fn into_socket(self: Box<Self>) -> Self::Socket;
}

impl<I, S> Round for http1::Connection<TokioIo<Watched<I>>, S>
where
    I: Socket,
    S: HttpService<Incoming> + Unpin,
    S::Future: Unpin,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    S::ResBody: 'static,
    <S::ResBody as Body>::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Socket = I;

    fn poll_without_shutdown(&mut self, cx: &mut Context<'_>) -> Poll<hyper::Result<()>> {
        http1::Connection::poll_without_shutdown(self, cx)
    }

    fn graceful_shutdown(&mut self) {
        Pin::new(self).graceful_shutdown();
    }

    fn into_socket(self: Box<Self>) -> I {
        self.into_parts().io.into_inner().inner
    }
}

/// What a round's socket and service tell about hyper, shared between them
/// and the loop that decides to park.
#[derive(Default)]
struct Turn {
    /// The service has been called and a response body is still alive.
    busy: AtomicBool,
    /// A response has been answered in this round, or the round began
    /// with no bytes handed back (so it need not answer before parking).
    may_park: AtomicBool,
    /// Responses answered on the connection (wrapping): idle time counts
    /// from the last.
    answers: AtomicU32,
    /// hyper's last use of the socket was a read that found nothing, and it
    /// has written nothing since.
    waiting: AtomicBool,
}

impl Turn {
    /// A round that begins with bytes of a request read in the last one
    /// parks only once it has answered.
    fn begin_round(&self, handed_back: bool) {
        self.may_park.store(!handed_back, Ordering::Relaxed);
        self.waiting.store(false, Ordering::Relaxed);
    }

    fn called(&self) {
        self.busy.store(true, Ordering::Relaxed);
    }

    fn answered(&self) {
        self.busy.store(false, Ordering::Relaxed);
        self.may_park.store(true, Ordering::Relaxed);
        self.answers.fetch_add(1, Ordering::Relaxed);
    }

    /// Whether hyper is between requests with nothing to read, and if so,
    /// after which answer.
    fn idle(&self) -> Option<u32> {
        let idle = self.waiting.load(Ordering::Relaxed)
            && self.may_park.load(Ordering::Relaxed)
            && !self.busy.load(Ordering::Relaxed);
        idle.then(|| self.answers.load(Ordering::Relaxed))
    }

    fn note_read(&self, found_nothing: bool) {
        self.waiting.store(found_nothing, Ordering::Relaxed);
    }

    fn note_write(&self) {
        self.waiting.store(false, Ordering::Relaxed);
    }
}

/// Tells the round when hyper is done with a response (`Answered`'s
/// guard).
struct Answering(Arc<Turn>);

impl Drop for Answering {
    fn drop(&mut self) {
        self.0.answered();
    }
}

/// The socket as a round's hyper reads it: first the bytes the last round
/// handed back, then the socket; each read and write noted in the `Turn`.
struct Watched<I> {
    inner: I,
    handed_back: Bytes,
    turn: Arc<Turn>,
}

impl<I: AsyncRead + Unpin> AsyncRead for Watched<I> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if !self.handed_back.is_empty() {
            let n = self.handed_back.len().min(buf.remaining());
            buf.put_slice(&self.handed_back[..n]);
            self.handed_back.advance(n);
            self.turn.note_read(false);
            return Poll::Ready(Ok(()));
        }
        let result = Pin::new(&mut self.inner).poll_read(cx, buf);
        self.turn.note_read(result.is_pending());
        result
    }
}

impl<I: AsyncWrite + Unpin> AsyncWrite for Watched<I> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.turn.note_write();
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.turn.note_write();
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let result = Pin::new(&mut self.inner).poll_flush(cx);
        if result.is_pending() {
            self.turn.note_write();
        }
        result
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.turn.note_write();
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
