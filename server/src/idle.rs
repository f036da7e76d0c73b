//! A bound on silence. hyper times out a client that is slow to send a
//! request's headers over HTTP/1.1, but nothing bounds a connection that
//! says nothing at all: one that never sends its first byte (hyper-util's
//! protocol detection waits forever), an idle HTTP/2 connection, a
//! response the client stopped reading. `track` wraps the socket so every
//! byte moved in either direction counts as activity, and `Silence`
//! resolves once none has moved for `IDLE_TIMEOUT`.

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{interval_at, Instant, Interval, MissedTickBehavior};

/// How long a connection may be silent (nothing received, nothing sent).
/// Apache's keep-alive timeout is the same 5 s.
pub(crate) const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// Silence is checked this often, so a connection closes between
/// `IDLE_TIMEOUT` and `IDLE_TIMEOUT + TICK` after its last byte.
const TICK: Duration = Duration::from_secs(1);

/// `io` wrapped to record activity, and the watch over it.
pub(crate) fn track<T>(io: T) -> (Tracked<T>, Silence) {
    let active = Arc::new(AtomicBool::new(true));
    let start = Instant::now() + TICK;
    let mut ticks = interval_at(start, TICK);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    (
        Tracked {
            inner: io,
            active: active.clone(),
        },
        Silence {
            active,
            ticks,
            silent_ticks: 0,
        },
    )
}

/// A socket that notes each byte moved.
pub(crate) struct Tracked<T> {
    inner: T,
    active: Arc<AtomicBool>,
}

/// Resolves once the tracked socket has been silent for `IDLE_TIMEOUT`.
pub(crate) struct Silence {
    active: Arc<AtomicBool>,
    ticks: Interval,
    silent_ticks: u32,
}

impl Silence {
    pub(crate) async fn elapsed(&mut self) {
        let needed = IDLE_TIMEOUT.as_millis() / TICK.as_millis();
        loop {
            self.ticks.tick().await;
            if self.active.swap(false, Ordering::Relaxed) {
                self.silent_ticks = 0;
            } else {
                self.silent_ticks += 1;
                if u128::from(self.silent_ticks) >= needed {
                    return;
                }
            }
        }
    }
}

impl<T> Tracked<T> {
    /// The socket underneath.
    pub(crate) fn get_ref(&self) -> &T {
        &self.inner
    }

    fn note(&self, moved: bool) {
        if moved {
            self.active.store(true, Ordering::Relaxed);
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
        self.note(buf.filled().len() > before);
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
        self.note(matches!(result, Poll::Ready(Ok(n)) if n > 0));
        result
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.note(matches!(result, Poll::Ready(Ok(n)) if n > 0));
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

    #[tokio::test(start_paused = true)]
    async fn silence_elapses_only_after_the_timeout_without_bytes() {
        let (client, server) = tokio::io::duplex(64);
        let (mut server, mut silence) = track(server);
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
        let (mut server, mut silence) = track(server);
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
