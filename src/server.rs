//! The I/O shell: the listening socket, one worker per core, HTTP/1.1 and
//! HTTP/2 (cleartext, by prior knowledge) on one port, the limits and
//! timeouts each connection lives under, and graceful shutdown on SIGINT or
//! SIGTERM. Every answer comes from `respond`; this file only moves bytes.
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

use crate::respond::respond;
use crate::{fd_limit, idle};
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::{Arc, Barrier};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::signal::unix::{signal, Signal, SignalKind};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};

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

/// The listening socket for `addr`.
pub(crate) fn bind(addr: SocketAddr) -> std::io::Result<std::net::TcpListener> {
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

/// Serves on `listener` until SIGINT or SIGTERM, then drains; returns when
/// every worker has. Prints the address once every worker listens for the
/// signals, so a signal sent after the line is never missed.
pub(crate) fn run(listener: std::net::TcpListener) {
    let local = listener
        .local_addr()
        .expect("a bound socket has an address");
    let slots = Arc::new(Semaphore::new(fd_limit::connection_bound()));
    let builder = Arc::new(protocols());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let ready = Arc::new(Barrier::new(cores + 1));
    let workers: Vec<_> = (0..cores)
        .map(|_| {
            let listener = listener
                .try_clone()
                .expect("a listening socket can be duplicated");
            let (slots, builder, ready) = (slots.clone(), builder.clone(), ready.clone());
            std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a tokio runtime starts on any supported OS");
                let (listener, signals) = {
                    let _inside = runtime.enter();
                    let listener = TcpListener::from_std(listener)
                        .expect("a non-blocking listener registers with the runtime");
                    (listener, Signals::install())
                };
                ready.wait();
                runtime.block_on(worker(listener, signals, slots, builder));
            })
        })
        .collect();
    // Only the workers' copies remain: the socket closes when they stop.
    drop(listener);
    ready.wait();
    println!("phasespace: serving on http://{local}/");
    for worker in workers {
        worker
            .join()
            .expect("a worker only ends by returning: its tasks' panics stay in them");
    }
}

/// One worker's accept loop, then its share of the drain. Every worker
/// hears the signal itself.
async fn worker(
    listener: TcpListener,
    mut signals: Signals,
    slots: Arc<Semaphore>,
    builder: Arc<auto::Builder<TokioExecutor>>,
) {
    // Each connection holds a receiver; shutdown sends, then waits until
    // every receiver is gone.
    let (stop, stopped) = watch::channel(());
    let mut signal = pin!(signals.first());
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
