//! phasespace: a personal technical blog in one binary. Every page was
//! rendered when this binary was compiled; this program only listens and
//! answers with bytes it already holds. Runs what the command line asks.

#![forbid(unsafe_code)]

mod cli;
mod conditional;
mod export;
mod fd_limit;
mod healthcheck;
mod https_redirect;
mod idle;
mod negotiate;
mod path;
mod protocol;
mod respond;
mod routes;
mod security;
mod server;
mod tls;

use cli::Command;
use server::{Listener, Mode};
use std::net::SocketAddr;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match cli::parse(&args, std::env::var(cli::LISTEN_VAR).ok()) {
        Ok(Command::Serve(options)) => serve(&options),
        Ok(Command::Export(dir)) => match export::export(&dir) {
            Ok(count) => {
                println!("phasespace: wrote {count} routes to {}", dir.display());
                ExitCode::SUCCESS
            }
            Err(error) => fail(&format!("cannot export to {}: {error}", dir.display())),
        },
        Ok(Command::Healthcheck(listen)) => match healthcheck::check(listen) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => fail(&format!("unhealthy: {message}")),
        },
        Ok(Command::Help) => {
            println!("{}", cli::USAGE);
            ExitCode::SUCCESS
        }
        Ok(Command::Version) => {
            println!(
                "phasespace {} (site {})",
                env!("CARGO_PKG_VERSION"),
                routes::SITE_HASH
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("phasespace: {message}\n\n{}", cli::USAGE);
            ExitCode::from(2)
        }
    }
}

/// Binds every listener the options ask for, then serves until a signal.
fn serve(options: &cli::Serve) -> ExitCode {
    match listeners(options) {
        Ok(listeners) => {
            server::run(listeners);
            ExitCode::SUCCESS
        }
        Err(message) => fail(&message),
    }
}

/// The site's listener (plain or HTTPS) and, for HTTPS, the optional plain
/// one that redirects to it.
fn listeners(options: &cli::Serve) -> Result<Vec<Listener>, String> {
    let bind = |addr: SocketAddr| {
        server::bind(addr).map_err(|error| format!("cannot listen on {addr}: {error}"))
    };
    let site = bind(options.listen)?;
    let Some(tls) = &options.tls else {
        return Ok(vec![Listener {
            socket: site,
            mode: Mode::Plain,
        }]);
    };
    let acceptor = tls::acceptor(&tls.cert, &tls.key)?;
    let https_port = site.local_addr().map_err(|e| e.to_string())?.port();
    let mut listeners = vec![Listener {
        socket: site,
        mode: Mode::Tls(acceptor),
    }];
    if let Some(addr) = tls.http_redirect {
        listeners.push(Listener {
            socket: bind(addr)?,
            mode: Mode::RedirectToHttps(https_port),
        });
    }
    Ok(listeners)
}

/// One line on stderr, exit status 1.
fn fail(message: &str) -> ExitCode {
    eprintln!("phasespace: {message}");
    ExitCode::FAILURE
}
