//! The kept connections: served, between requests and silent for a tick
//! at least, across every worker, oldest first by when they joined (within
//! a tick of when they fell silent). Under pressure the oldest is shed to
//! make room for a new client, so that a flood of kept connections cannot
//! lock new readers out (`shell::listener` decides when; this file only
//! keeps the order and tells the one shed).
//!
//! nginx does the same with its queue of reusable connections, closing
//! the oldest when a worker's free connections run short. Here a
//! connection joins and leaves at most once a tick (`Silence` does it on
//! its tick), never per request, so the lock is off the hot path.

use super::{Activity, TICK};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// The kept connections, by the order in which they joined.
#[derive(Default)]
pub(crate) struct Kept {
    queue: Mutex<Queue>,
}

#[derive(Default)]
struct Queue {
    next: u64,
    by_age: BTreeMap<u64, Arc<Activity>>,
}

impl Kept {
    /// Adds a connection; its place, to leave by.
    pub(super) fn enter(&self, connection: Arc<Activity>) -> u64 {
        let mut queue = self.lock();
        let place = queue.next;
        queue.next += 1;
        queue.by_age.insert(place, connection);
        place
    }

    /// Removes the connection at `place` (nothing if it was shed).
    pub(super) fn leave(&self, place: u64) {
        self.lock().by_age.remove(&place);
    }

    /// Sheds the oldest kept connection, if there is one: its silence
    /// elapses at once.
    pub(crate) fn shed_oldest(&self) -> bool {
        let oldest = self.lock().by_age.pop_first();
        if let Some((_, connection)) = &oldest {
            connection.shed.notify_one();
        }
        oldest.is_some()
    }

    /// Sheds a kept connection whenever there is one, one a tick (the
    /// time a shed connection takes to close and free its slot), for as
    /// long as the caller polls.
    pub(crate) async fn shed_while_waiting(&self) -> ! {
        loop {
            self.shed_oldest();
            tokio::time::sleep(TICK).await;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue
            .lock()
            .expect("nothing panics while it holds the kept connections' lock")
    }
}
