//! Bounds on silence. hyper times out a client that is slow to send a
//! request's headers over HTTP/1.1, but nothing bounds a connection that
//! says nothing at all: one that never sends its first byte (hyper-util's
//! protocol detection waits forever), an idle HTTP/2 connection, a
//! response the client stopped reading. `track` wraps the socket so every
//! byte moved in either direction counts as activity, and `Silence`
//! resolves once none has moved for the connection's bound:
//!
//! - `IDLE_TIMEOUT` (5 s) while the server owes the client nothing it has
//!   asked for yet, or owes it something it does not take: before its
//!   first complete request, during a request and its response, and
//!   while a write waits for a client that stopped reading;
//! - `KEEP_ALIVE` (5 min) once it has been served and is between
//!   requests: a reader on a post, whose next click should not pay a new
//!   TCP and TLS handshake.
//!
//! A kept connection silent for a tick joins the registry of kept ones
//! (`kept`), so that under pressure the oldest can be shed: its silence
//! then elapses at once, and each protocol ends it as it ends any silent
//! connection (a parked HTTP/1.1 socket is closed, HTTP/2 gets a GOAWAY).

mod kept;

pub(crate) use kept::Kept;

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Notify;
use tokio::time::{interval_at, Instant, Interval, MissedTickBehavior};

/// How long a connection that is not kept may be silent (nothing
/// received, nothing sent). Apache's keep-alive timeout is the same 5 s.
pub(crate) const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a served connection between requests may be silent. A reader
/// spends minutes on a post; Chrome keeps a used idle socket 5 minutes,
/// Firefox 115 s, so a shorter bound would close what the browser means
/// to reuse, and a server that closes first races the browser's next
/// request on that socket. Caddy keeps 5 minutes (nginx 75 s over
/// HTTP/1.1, 3 minutes over HTTP/2). What a kept connection costs is
/// bounded by shedding (`kept`), not by this.
pub(crate) const KEEP_ALIVE: Duration = Duration::from_secs(300);
/// Silence is checked this often, so a connection closes between its
/// bound and its bound plus `TICK` after its last byte.
const TICK: Duration = Duration::from_secs(1);

/// `io` wrapped to record activity, and the watch over it, which joins
/// `kept` while the connection is kept.
pub(crate) fn track<T>(io: T, kept: Arc<Kept>) -> (Tracked<T>, Silence) {
    let activity = Arc::new(Activity::default());
    let start = Instant::now() + TICK;
    let mut ticks = interval_at(start, TICK);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    (
        Tracked {
            inner: io,
            activity: activity.clone(),
        },
        Silence {
            activity,
            ticks,
            silent_ticks: 0,
            kept,
            place: None,
            shed: false,
        },
    )
}

/// What the socket, the requests and the registry tell about one
/// connection.
#[derive(Default)]
struct Activity {
    /// A byte has moved since the last tick.
    moved: AtomicBool,
    /// A complete request has been received.
    served: AtomicBool,
    /// Requests whose response hyper has not finished with.
    open: AtomicU32,
    /// The last write found the socket full: the client is not reading.
    write_blocked: AtomicBool,
    /// Told by the registry when the connection is shed.
    shed: Notify,
}

impl Activity {
    /// Served, between requests, and owing no write.
    fn kept(&self) -> bool {
        self.served.load(Ordering::Relaxed)
            && self.open.load(Ordering::Relaxed) == 0
            && !self.write_blocked.load(Ordering::Relaxed)
    }
}

/// A socket that notes each byte moved, and a write that has to wait.
pub(crate) struct Tracked<T> {
    inner: T,
    activity: Arc<Activity>,
}

/// Resolves once the tracked socket has been silent for its bound, or at
/// once when it is shed.
pub(crate) struct Silence {
    activity: Arc<Activity>,
    ticks: Interval,
    silent_ticks: u32,
    kept: Arc<Kept>,
    /// Its place among the kept connections while it is there.
    place: Option<u64>,
    /// It has been shed: it is never kept again, and gets the short bound
    /// to finish closing.
    shed: bool,
}

impl Silence {
    pub(crate) async fn elapsed(&mut self) {
        loop {
            tokio::select! {
                biased;
                () = self.activity.shed.notified(), if !self.shed => {
                    self.shed = true;
                    self.place = None;
                    self.silent_ticks = 0;
                    return;
                }
                _ = self.ticks.tick() => {}
            }
            let kept = !self.shed && self.activity.kept();
            if self.activity.moved.swap(false, Ordering::Relaxed) {
                self.silent_ticks = 0;
            } else {
                self.silent_ticks += 1;
            }
            self.place_among_kept(kept && self.silent_ticks > 0);
            let bound = if kept { KEEP_ALIVE } else { IDLE_TIMEOUT };
            if TICK * self.silent_ticks >= bound {
                return;
            }
        }
    }

    /// Joins or leaves the kept connections.
    fn place_among_kept(&mut self, kept: bool) {
        match (kept, self.place) {
            (true, None) => self.place = Some(self.kept.enter(self.activity.clone())),
            (false, Some(place)) => {
                self.kept.leave(place);
                self.place = None;
            }
            _ => {}
        }
    }

    /// A handle that counts the connection's requests.
    pub(crate) fn requests(&self) -> Requests {
        Requests(self.activity.clone())
    }
}

impl Drop for Silence {
    fn drop(&mut self) {
        if let Some(place) = self.place {
            self.kept.leave(place);
        }
    }
}

/// Counts a connection's requests, from the moment one is complete until
/// hyper is done with its response.
#[derive(Clone)]
pub(crate) struct Requests(Arc<Activity>);

impl Requests {
    /// A complete request: the connection is served, and not between
    /// requests until the returned guard is dropped with its response.
    pub(crate) fn open(&self) -> Open {
        self.0.served.store(true, Ordering::Relaxed);
        self.0.open.fetch_add(1, Ordering::Relaxed);
        Open(self.0.clone())
    }
}

/// A request whose response hyper has not finished with.
pub(crate) struct Open(Arc<Activity>);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::Relaxed);
    }
}

impl<T> Tracked<T> {
    /// The socket underneath.
    pub(crate) fn get_ref(&self) -> &T {
        &self.inner
    }

    fn note_read(&self, moved: bool) {
        if moved {
            self.activity.moved.store(true, Ordering::Relaxed);
        }
    }

    fn note_write(&self, result: &Poll<io::Result<usize>>) {
        match result {
            Poll::Ready(Ok(n)) if *n > 0 => {
                self.activity.moved.store(true, Ordering::Relaxed);
                self.activity.write_blocked.store(false, Ordering::Relaxed);
            }
            Poll::Pending => self.activity.write_blocked.store(true, Ordering::Relaxed),
            Poll::Ready(_) => {}
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Tracked<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.inner).poll_read(cx, buf);
        self.note_read(buf.filled().len() > before);
        result
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Tracked<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.note_write(&result);
        result
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.note_write(&result);
        result
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// How long `silence` takes to elapse, if it does within `within`.
    async fn elapses_after(silence: &mut Silence, within: Duration) -> Option<Duration> {
        let start = Instant::now();
        tokio::time::timeout(within, silence.elapsed())
            .await
            .ok()
            .map(|()| start.elapsed())
    }

    /// A connection that has been answered once, now between requests.
    fn served(kept: &Arc<Kept>) -> Silence {
        let (_, silence) = track(tokio::io::empty(), kept.clone());
        drop(silence.requests().open());
        silence
    }

    #[tokio::test(start_paused = true)]
    async fn a_connection_never_served_has_the_short_bound_and_a_served_one_the_long() {
        let (_, mut silent) = track(tokio::io::empty(), Arc::default());
        let waited = elapses_after(&mut silent, KEEP_ALIVE).await.unwrap();
        assert!(waited >= IDLE_TIMEOUT && waited <= IDLE_TIMEOUT + TICK);

        let mut kept = served(&Arc::default());
        let waited = elapses_after(&mut kept, KEEP_ALIVE * 2).await.unwrap();
        assert!(waited >= KEEP_ALIVE && waited <= KEEP_ALIVE + TICK);
    }

    #[tokio::test(start_paused = true)]
    async fn a_request_whose_response_is_not_done_keeps_the_short_bound() {
        let (_, mut silence) = track(tokio::io::empty(), Arc::default());
        drop(silence.requests().open());
        // A second request, its response stuck (a client not reading).
        let _open = silence.requests().open();
        let waited = elapses_after(&mut silence, KEEP_ALIVE).await.unwrap();
        assert!(waited >= IDLE_TIMEOUT && waited <= IDLE_TIMEOUT + TICK);
    }

    #[tokio::test(start_paused = true)]
    async fn a_write_waiting_on_a_client_that_does_not_read_keeps_the_short_bound() {
        let (_client, server) = tokio::io::duplex(64);
        let (mut server, mut silence) = track(server, Arc::default());
        drop(silence.requests().open());
        // More than the pipe holds: the write waits for the client.
        let stuck = tokio::time::timeout(TICK, server.write_all(&[0; 128])).await;
        assert!(
            stuck.is_err(),
            "the client read nothing, so the write waits"
        );
        let waited = elapses_after(&mut silence, KEEP_ALIVE).await.unwrap();
        assert!(waited <= IDLE_TIMEOUT + TICK, "{waited:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn the_oldest_kept_connection_is_shed_first_and_then_closes_at_the_short_bound() {
        let kept = Arc::new(Kept::default());
        let (mut older, mut newer) = (served(&kept), served(&kept));
        // Each joins the kept ones on its first silent tick: the older first.
        assert_eq!(elapses_after(&mut older, TICK * 2).await, None);
        assert_eq!(elapses_after(&mut newer, TICK * 2).await, None);
        // A connection never served is not kept, so not shed.
        let (_, mut never_served) = track(tokio::io::empty(), kept.clone());
        assert_eq!(elapses_after(&mut never_served, TICK * 2).await, None);

        assert!(kept.shed_oldest());
        assert_eq!(elapses_after(&mut older, TICK).await, Some(Duration::ZERO));
        assert_eq!(elapses_after(&mut newer, TICK).await, None);
        assert!(kept.shed_oldest());
        assert_eq!(elapses_after(&mut newer, TICK).await, Some(Duration::ZERO));
        assert!(!kept.shed_oldest(), "only served connections are kept");
        // Shed, a connection is not kept again: it has the short bound
        // to finish closing.
        let waited = elapses_after(&mut older, KEEP_ALIVE).await.unwrap();
        assert!(waited <= IDLE_TIMEOUT + TICK, "{waited:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_connection_leaves_the_kept_ones_when_it_closes() {
        let kept = Arc::new(Kept::default());
        let mut closing = served(&kept);
        assert_eq!(elapses_after(&mut closing, TICK * 2).await, None);
        drop(closing);
        assert!(!kept.shed_oldest());
    }

    #[tokio::test(start_paused = true)]
    async fn silence_elapses_only_after_the_timeout_without_bytes() {
        let (client, server) = tokio::io::duplex(64);
        let (mut server, mut silence) = track(server, Arc::default());
        let mut client = client;
        let started = Instant::now();
        // Bytes every 3 s keep the connection alive past the timeout.
        for _ in 0..4 {
            tokio::select! {
                () = silence.elapsed() => panic!("closed while active"),
                () = tokio::time::sleep(Duration::from_secs(3)) => {}
            }
            client.write_all(b"x").await.unwrap();
            let mut byte = [0];
            server.read_exact(&mut byte).await.unwrap();
        }
        assert!(started.elapsed() >= Duration::from_secs(12));
        // Then silence: it elapses between IDLE_TIMEOUT and IDLE_TIMEOUT + TICK.
        let quiet = Instant::now();
        silence.elapsed().await;
        let waited = quiet.elapsed();
        assert!(
            waited >= IDLE_TIMEOUT && waited <= IDLE_TIMEOUT + TICK,
            "{waited:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn writes_count_as_activity() {
        let (mut client, server) = tokio::io::duplex(64);
        let (mut server, mut silence) = track(server, Arc::default());
        for _ in 0..4 {
            tokio::select! {
                () = silence.elapsed() => panic!("closed while sending"),
                () = tokio::time::sleep(Duration::from_secs(3)) => {}
            }
            server.write_all(b"y").await.unwrap();
            let mut byte = [0];
            client.read_exact(&mut byte).await.unwrap();
        }
    }
}
