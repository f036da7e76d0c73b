//! The shipped binary's command line, carried out: serve `site`, export
//! it, probe a running server, or print help or the version. The parsing
//! is `cli`'s (pure); this is where its answer meets the world.

use crate::cli::{self, Command};
use crate::shell::{self, Listener, Mode};
use crate::site::Site;
use crate::{export, healthcheck, packed, respond, tls};
use hyper::body::Incoming;
use hyper::Request;
use std::net::SocketAddr;
use std::process::ExitCode;

/// Runs what the process's arguments ask, on the site compiled into the
/// binary: `packed`, the table the build packed, read in place.
pub fn main(packed: &'static [u8]) -> ExitCode {
    let site: &'static Site = match packed::unpack(packed) {
        // Kept for the whole run, as the bytes it borrows are.
        Ok(site) => Box::leak(Box::new(site)),
        Err(error) => return fail(&format!("the site in this binary does not read: {error}")),
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    match cli::parse(&args, std::env::var(cli::LISTEN_VAR).ok()) {
        Ok(Command::Serve(options)) => serve(site, &options),
        Ok(Command::Export { dir, as_served }) => match export::export(site, &dir, as_served) {
            Ok(count) => {
                // Export exists to publish: say so before the count.
                if let Some(warning) = &site.address_warning {
                    warn(warning);
                }
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
                "phasespace {} (site {}, built for {})",
                env!("CARGO_PKG_VERSION"),
                site.hash,
                site.base_url
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
fn serve(site: &'static Site, options: &cli::Serve) -> ExitCode {
    match listeners(site, options) {
        Ok(listeners) => {
            let addrs: Vec<_> = listeners
                .iter()
                .filter_map(|l| l.socket.local_addr().ok())
                .collect();
            if let Some(warning) = start_up_warning(site, &addrs) {
                warn(warning);
            }
            shell::run(listeners, |request: &Request<Incoming>| {
                respond::respond(site, request)
            });
            ExitCode::SUCCESS
        }
        Err(message) => fail(&message),
    }
}

/// The site's listener (plain or HTTPS) and, for HTTPS, the optional plain
/// one that redirects to it.
fn listeners(site: &Site, options: &cli::Serve) -> Result<Vec<Listener>, String> {
    let bind = |addr: SocketAddr| {
        shell::bind(addr).map_err(|error| format!("cannot listen on {addr}: {error}"))
    };
    let socket = bind(options.listen)?;
    let Some(tls) = &options.tls else {
        return Ok(vec![Listener {
            socket,
            mode: Mode::Plain,
        }]);
    };
    let acceptor = tls::acceptor(&tls.cert, &tls.key)?;
    let https_port = socket.local_addr().map_err(|e| e.to_string())?.port();
    let mut listeners = vec![Listener {
        socket,
        mode: Mode::Tls(acceptor),
    }];
    if let Some(addr) = tls.http_redirect {
        listeners.push(Listener {
            socket: bind(addr)?,
            mode: Mode::RedirectToHttps {
                port: https_port,
                bare_csp: site.bare_csp.clone(),
            },
        });
    }
    Ok(listeners)
}

/// One warning line on stderr.
fn warn(message: &str) {
    eprintln!("phasespace: warning: {message}");
}

/// One line on stderr, exit status 1.
fn fail(message: &str) -> ExitCode {
    eprintln!("phasespace: {message}");
    ExitCode::FAILURE
}

/// The warning to print at start-up: the site's `address_warning` (its
/// pages were built for a loopback address), when other machines can
/// reach one of the addresses it listens on.
fn start_up_warning<'a>(site: &'a Site, listening: &[SocketAddr]) -> Option<&'a str> {
    let reachable = listening
        .iter()
        .any(|addr| !addr.ip().to_canonical().is_loopback());
    site.address_warning.as_deref().filter(|_| reachable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::fixture;
    use std::borrow::Cow;

    #[test]
    fn warns_when_others_can_reach_pages_built_for_loopback() {
        let public = fixture::site();
        let mut local = fixture::site();
        local.address_warning = Some(Cow::Borrowed("built for loopback"));
        for (listen, site, warn) in [
            ("0.0.0.0:80", &local, true),
            ("[::]:80", &local, true),
            ("192.168.1.10:8080", &local, true),
            ("[2001:db8::1]:443", &local, true),
            ("127.0.0.1:8080", &local, false),
            ("127.0.0.2:8080", &local, false),
            ("[::1]:8080", &local, false),
            ("[::ffff:127.0.0.1]:8080", &local, false),
            ("0.0.0.0:80", &public, false),
            ("[::]:443", &public, false),
            ("127.0.0.1:8080", &public, false),
        ] {
            let addr: SocketAddr = listen.parse().unwrap();
            let warning = start_up_warning(site, &[addr]);
            assert_eq!(warning.is_some(), warn, "{listen}");
        }
        // Any reachable listener (the HTTPS redirect's, say) is enough.
        let both = [
            "127.0.0.1:443".parse().unwrap(),
            "0.0.0.0:80".parse().unwrap(),
        ];
        assert_eq!(start_up_warning(&local, &both), Some("built for loopback"));
    }
}
