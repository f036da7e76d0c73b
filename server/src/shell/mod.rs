//! The I/O shell: it moves bytes between sockets and the function it is
//! handed (the shipped binary's: `respond` over its static table; the
//! preview's: over the table it swaps on each save), and answers nothing
//! itself. This file holds the workers and their life: serve until a
//! signal, then shut down in two phases. The rest by idea:
//!
//! - `listener`: the listening sockets, what each speaks, and the accept
//!   loop (the connection bound, shedding a kept connection when it is
//!   full, the back-off after a failed accept);
//! - `connection`: one connection from accept to close (protocol, TLS,
//!   hyper's limits, the bounds on silence);
//! - `park`: an idle HTTP/1.1 keep-alive connection held without hyper's
//!   buffers, between the requests it is served in rounds;
//! - `answered`: a response body that tells when hyper is done with it;
//! - `shutdown`: the signals, and the drain that asks every connection to
//!   finish and waits for them with a deadline.
//!
//! Workers: one thread per core, each with its own single-threaded tokio
//! runtime accepting from the same listening sockets (as nginx's worker
//! processes do). A connection stays on the thread that accepted it, so no
//! task is ever woken across threads; measured against tokio's
//! multi-threaded scheduler on the benchmark's post page, this served more
//! requests for less CPU.

mod answered;
mod connection;
mod listener;
mod park;
mod shutdown;

pub use listener::{bind, Listener, Mode};

use bytes::Bytes;
use connection::Protocols;
use hyper::body::{Body, Incoming};
use hyper::{Request, Response};
use listener::{accept_loop, AcceptFailures};
use shutdown::{Drain, Signals, DRAIN_TIMEOUT};
use std::sync::{Arc, Barrier};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// The site's answer to one request: `respond` over a table, or the
/// preview's. Called on every worker thread.
pub trait Answer:
    Fn(&Request<Incoming>) -> Response<Self::Body> + Clone + Send + Sync + Unpin + 'static
{
    type Body: Body<Data = Bytes, Error: Into<Box<dyn std::error::Error + Send + Sync>>>
        + Send
        + Unpin
        + 'static;
}

impl<F, B> Answer for F
where
    F: Fn(&Request<Incoming>) -> Response<B> + Clone + Send + Sync + Unpin + 'static,
    B: Body<Data = Bytes, Error: Into<Box<dyn std::error::Error + Send + Sync>>>
        + Send
        + Unpin
        + 'static,
{
    type Body = B;
}

/// What every worker shares: the bound on open connections, hyper's
/// configured servers and the site's answer.
#[derive(Clone)]
struct Shared<A> {
    /// One permit per open connection, across all workers
    /// (`fd_limit::connection_bound`).
    slots: Arc<Semaphore>,
    protocols: Arc<Protocols>,
    /// The kept connections (served, idle between requests), the oldest
    /// of which is shed when a new client finds every slot taken.
    kept: Arc<crate::idle::Kept>,
    /// Whether accepting fails, so that it is logged once.
    accept_failures: Arc<AcceptFailures>,
    answer: A,
}

/// Serves `answer` on `listeners` until SIGINT or SIGTERM, then drains;
/// returns when every worker has. Prints one line per listener (the
/// site's first) once every worker listens for the signals, so a signal
/// sent after the lines is never missed.
pub fn run<A: Answer>(listeners: Vec<Listener>, answer: A) {
    let shared = Shared {
        slots: Arc::new(Semaphore::new(crate::fd_limit::connection_bound())),
        protocols: Arc::new(Protocols::new()),
        kept: Arc::default(),
        accept_failures: Arc::new(AcceptFailures::default()),
        answer,
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let ready = Arc::new(Barrier::new(cores + 1));
    let workers: Vec<_> = (0..cores)
        .map(|_| {
            let own = listeners.iter().map(Listener::duplicate).collect();
            let (shared, ready) = (shared.clone(), ready.clone());
            std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a tokio runtime starts on any supported OS");
                let signals = {
                    let _inside = runtime.enter();
                    Signals::install()
                };
                ready.wait();
                runtime.block_on(worker(own, signals, shared));
            })
        })
        .collect();
    let announcements: Vec<String> = listeners.iter().map(Listener::announce).collect();
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

/// One worker's life: serve until the first signal, then the two phases
/// of shutdown. Every worker hears the signal itself.
async fn worker<A: Answer>(listeners: Vec<Listener>, mut signals: Signals, shared: Shared<A>) {
    let drain = Drain::new();
    let mut accepting = JoinSet::new();
    for listener in listeners {
        accepting.spawn(accept_loop(listener, shared.clone(), drain.watcher()));
    }
    signals.first().await;

    // Phase 1, stop accepting: the accept loops end and drop their
    // sockets; once every worker's have, the kernel refuses new clients.
    // Connections already accepted go on.
    accepting.shutdown().await;

    // Phase 2, drain with a deadline: each connection finishes the
    // requests in flight and closes (an idle one at once); those still
    // open at the deadline are dropped with the runtime.
    if !drain.finish(DRAIN_TIMEOUT).await {
        eprintln!("phasespace: connections still open after {DRAIN_TIMEOUT:?}; exiting anyway");
    }
}
