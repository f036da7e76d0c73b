//! The I/O shell: the listening socket, HTTP/1.1 and HTTP/2 (cleartext, by
//! prior knowledge) on one port, the limits and timeouts each connection
//! lives under, and graceful shutdown on SIGINT or SIGTERM. Every answer
//! comes from `respond`; this file only moves bytes.
//!
//! Limits: at most `fd_limit::connection_bound()` connections (more wait
//! in the accept queue); HTTP/1.1 request headers within
//! `HEADER_READ_TIMEOUT` and `MAX_HEADER_BYTES`; any connection on which
//! nothing moves for `idle::IDLE_TIMEOUT` is closed (idle keep-alive, idle
//! HTTP/2, a client that never speaks or stops reading).

use crate::respond::respond;
use crate::{fd_limit, idle};
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use std::convert::Infallible;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};

/// Longest a client may take to send an HTTP/1.1 request's headers.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// Largest request head accepted (HTTP/1.1 buffer, HTTP/2 header list);
/// larger gets 431.
const MAX_HEADER_BYTES: usize = 16 * 1024;
/// Longest shutdown waits for requests in flight.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);
/// Pause after a failed accept (for example EMFILE), so the loop does not
/// spin while the cause lasts.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// Serves on `listener` until SIGINT or SIGTERM, then drains.
pub(crate) async fn run(listener: TcpListener) {
    let builder = Arc::new(protocols());
    let slots = Arc::new(Semaphore::new(fd_limit::connection_bound()));
    // Each connection holds a receiver; shutdown sends, then waits until
    // every receiver is gone.
    let (stop, stopped) = watch::channel(());
    let mut signal = pin!(shutdown_signal());

    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => permit.expect("the connection semaphore is never closed"),
            () = &mut signal => break,
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
            () = &mut signal => break,
        };
        tokio::spawn(serve(builder.clone(), stream, stopped.clone(), permit));
    }

    drop(listener);
    drop(stopped);
    let _ = stop.send(());
    if tokio::time::timeout(DRAIN_TIMEOUT, stop.closed())
        .await
        .is_err()
    {
        eprintln!("phasespace: connections still open after {DRAIN_TIMEOUT:?}; exiting anyway");
    }
}

/// HTTP/1.1 and h2c on one port, with their limits.
fn protocols() -> auto::Builder<TokioExecutor> {
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
    builder
}

/// One connection, from accept to close. On shutdown or silence it is
/// asked to finish (requests in flight complete, idle ones close at once);
/// one that then stays silent is dropped.
async fn serve(
    builder: Arc<auto::Builder<TokioExecutor>>,
    stream: TcpStream,
    mut stopped: watch::Receiver<()>,
    _permit: OwnedSemaphorePermit,
) {
    let _ = stream.set_nodelay(true);
    let (stream, mut silence) = idle::track(stream);
    let service = service_fn(|request| async move { Ok::<_, Infallible>(respond(&request)) });
    let mut connection = pin!(builder.serve_connection(TokioIo::new(stream), service));
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

/// Resolves on the first SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .expect("installing a SIGTERM handler only fails outside a tokio runtime");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}
