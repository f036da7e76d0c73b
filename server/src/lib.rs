//! The run-time library of phasespace: answers HTTP from a route table it
//! is handed, and knows nothing of posts. It opens no file while serving,
//! renders nothing and compresses nothing: every byte and header value was
//! made before it started.
//!
//! Two halves. The respond pipeline is pure (`respond`: `path` →
//! `negotiate` → `conditional` → `range` → `security`, over a `Site`,
//! and `search`, the one response made per request);
//! the I/O shell moves bytes (`shell`: workers and listeners, a
//! connection's life, the two phases of shutdown), and `command` is the
//! shipped binary's command line (serve, export, healthcheck).

#![forbid(unsafe_code)]

mod cli;
mod command;
mod conditional;
mod export;
mod fd_limit;
mod healthcheck;
mod https_redirect;
mod idle;
mod negotiate;
mod packed;
mod path;
#[cfg(test)]
mod prop;
mod protocol;
mod range;
mod respond;
mod search;
mod security;
mod shell;
pub mod site;
mod tls;

pub use command::main;
pub use respond::{respond, Body};
pub use shell::{bind, run, Answer, Listener, Mode};
pub use site::Site;
