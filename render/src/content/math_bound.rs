//! A time bound on KaTeX. The katex crate runs KaTeX's JavaScript in an
//! embedded engine (QuickJS) that it offers no way to interrupt, and
//! KaTeX's own `maxExpand` bounds how many macros expand, not how much
//! they expand to: a formula of 2 KB such as `\def\a{xx…x}\def\b{\a\a…}
//! \def\c{\b\b…}\c\c…` stays within it yet makes millions of tokens, and
//! KaTeX works on it for minutes and gigabytes. So KaTeX runs on worker
//! threads, and a formula not rendered within `BOUND` is an error for the
//! writer; its worker is left to finish alone (its thread ends when KaTeX
//! returns) and a fresh one serves the next formula.
//!
//! Idle workers wait in a pool, so each keeps its engine (KaTeX's script
//! is loaded once per thread, as the katex crate's own thread-local
//! engine does) across formulas, posts and builds.

use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::Duration;

/// Longest KaTeX may take over one formula. A long formula takes a few
/// milliseconds (seconds, unoptimised in a debug build); only a formula
/// whose macros blow up comes near this.
pub(crate) const BOUND: Duration = Duration::from_secs(5);

/// Why a formula has no rendering: KaTeX took longer than `BOUND`.
#[derive(Debug)]
pub(crate) struct TooSlow;

impl std::fmt::Display for TooSlow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "KaTeX gave up after {} s: the formula expands to more than a page can show (are its macros nested?)",
            BOUND.as_secs()
        )
    }
}

type Job = (String, katex::Opts);

/// A thread that renders one formula at a time.
struct Worker {
    jobs: Sender<Job>,
    results: Receiver<katex::Result<String>>,
}

/// Workers waiting for a formula.
static IDLE: Mutex<Vec<Worker>> = Mutex::new(Vec::new());

/// KaTeX's rendering of `tex`, unless it takes longer than `BOUND`.
pub(crate) fn render(tex: &str, opts: katex::Opts) -> Result<katex::Result<String>, TooSlow> {
    let worker = idle().pop().unwrap_or_else(Worker::spawn);
    worker
        .jobs
        .send((tex.to_string(), opts))
        .expect("an idle worker waits for its next job");
    match worker.results.recv_timeout(BOUND) {
        Ok(result) => {
            idle().push(worker);
            Ok(result)
        }
        // Dropped, the worker's channels close: its thread ends once
        // KaTeX returns.
        Err(RecvTimeoutError::Timeout) => Err(TooSlow),
        Err(RecvTimeoutError::Disconnected) => {
            panic!("a KaTeX worker only ends once its channels close")
        }
    }
}

fn idle() -> std::sync::MutexGuard<'static, Vec<Worker>> {
    // A panic elsewhere while holding the lock leaves the list whole.
    IDLE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Worker {
    fn spawn() -> Worker {
        let (jobs, incoming) = channel::<Job>();
        let (outgoing, results) = channel();
        std::thread::Builder::new()
            .name("katex".into())
            .spawn(move || {
                for (tex, opts) in incoming {
                    if outgoing.send(katex::render_with_opts(&tex, &opts)).is_err() {
                        return; // abandoned after the bound
                    }
                }
            })
            .expect("a thread can be started");
        Worker { jobs, results }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_render_through_the_pool() {
        let opts = katex::Opts::default();
        let first = render("x^2", opts.clone()).unwrap().unwrap();
        assert!(first.contains("katex"), "{first}");
        assert!(render(r"\frac{1}{", opts).unwrap().is_err());
        assert!(!idle().is_empty(), "the worker went back to the pool");
    }
}
