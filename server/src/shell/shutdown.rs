//! Shutdown: the signals that start it, and the drain, its second phase
//! (the first, stop accepting, is aborting the accept loops: see `run`).
//!
//! The drain is shaped after hyper-util's `GracefulShutdown` (a watch
//! channel: each connection holds a receiver, the drain sends once, then
//! waits until every receiver is gone) but is not that type: its `watch`
//! wraps the hyper connection and keeps the only handle that can call
//! `graceful_shutdown` on it, while a connection here must also be asked
//! to finish when it falls silent (`idle`), so an idle HTTP/2 client gets
//! its GOAWAY. A `Watcher` is the same receiver `GracefulShutdown` holds
//! per connection, so memory per connection is the same.

use std::time::Duration;
use tokio::signal::unix::{signal, Signal, SignalKind};
use tokio::sync::watch;

/// Longest shutdown waits for requests in flight.
pub(super) const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// SIGINT (Ctrl-C) and SIGTERM, handled from the moment they are installed.
pub(super) struct Signals {
    interrupt: Signal,
    terminate: Signal,
}

impl Signals {
    /// Must run inside a runtime.
    pub(super) fn install() -> Signals {
        let handler = |kind| {
            signal(kind).expect("installing a signal handler only fails outside a tokio runtime")
        };
        Signals {
            interrupt: handler(SignalKind::interrupt()),
            terminate: handler(SignalKind::terminate()),
        }
    }

    /// Resolves on the first of either.
    pub(super) async fn first(&mut self) {
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
    }
}

/// One worker's open connections, as the drain sees them.
pub(super) struct Drain {
    begin: watch::Sender<()>,
    /// Cloned for each connection, so every watcher sees the one send.
    watcher: Watcher,
}

/// A connection's view of the drain: held while it is open.
#[derive(Clone)]
pub(super) struct Watcher(watch::Receiver<()>);

impl Drain {
    pub(super) fn new() -> Drain {
        let (begin, receiver) = watch::channel(());
        Drain {
            begin,
            watcher: Watcher(receiver),
        }
    }

    /// A watcher for a connection (or for an accept loop to clone).
    pub(super) fn watcher(&self) -> Watcher {
        self.watcher.clone()
    }

    /// Asks every watching connection to finish, then waits until all have
    /// or `deadline` passes; whether all finished in time.
    pub(super) async fn finish(self, deadline: Duration) -> bool {
        let Drain { begin, watcher } = self;
        drop(watcher);
        let _ = begin.send(());
        tokio::time::timeout(deadline, begin.closed()).await.is_ok()
    }
}

impl Watcher {
    /// Resolves once the drain has begun (at once if it already has).
    pub(super) async fn begun(&mut self) {
        // An error means the drain is gone: the worker is ending anyway.
        let _ = self.0.changed().await;
    }
}
