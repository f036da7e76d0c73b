//! phasespace: a personal technical blog in one binary. Every page was
//! rendered when this binary was compiled; this program only listens and
//! answers with bytes it already holds. Owns the command line.

#![forbid(unsafe_code)]

mod conditional;
mod export;
mod fd_limit;
mod idle;
mod negotiate;
mod path;
mod respond;
mod routes;
mod security;
mod server;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Environment variable that sets the listen address (the flag wins).
const LISTEN_VAR: &str = "PHASESPACE_LISTEN";
const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

const USAGE: &str = "\
usage: phasespace [--listen ADDR]
       phasespace --export DIR

Serves the blog compiled into this binary.

options:
  --listen ADDR   address and port to listen on (default 127.0.0.1:8080,
                  or $PHASESPACE_LISTEN); port 0 picks a free port
  --export DIR    write the bytes served as files under DIR (index.html,
                  .gz and .br beside each, as nginx's *_static expect)
  -h, --help      print this help
  -V, --version   print the version";

/// What the command line asked for.
#[derive(Debug, PartialEq)]
enum Command {
    Serve(SocketAddr),
    Export(PathBuf),
    Help,
    Version,
}

fn parse_args(args: &[String], env_listen: Option<String>) -> Result<Command, String> {
    let mut listen = env_listen;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--export" => {
                let dir = args.next().ok_or("--export needs a directory")?;
                return Ok(Command::Export(dir.into()));
            }
            "--listen" => {
                listen = Some(
                    args.next()
                        .ok_or("--listen needs an address, e.g. 127.0.0.1:8080")?
                        .clone(),
                )
            }
            other => match other.strip_prefix("--listen=") {
                Some(addr) => listen = Some(addr.to_string()),
                None => return Err(format!("unknown argument \"{other}\"")),
            },
        }
    }
    let listen = listen.unwrap_or_else(|| DEFAULT_LISTEN.to_string());
    listen
        .parse()
        .map(Command::Serve)
        .map_err(|_| format!("\"{listen}\" is not an address like 127.0.0.1:8080 or [::1]:8080"))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let addr = match parse_args(&args, std::env::var(LISTEN_VAR).ok()) {
        Ok(Command::Serve(addr)) => addr,
        Ok(Command::Export(dir)) => {
            return match export::export(&dir) {
                Ok(count) => {
                    println!("phasespace: wrote {count} routes to {}", dir.display());
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("phasespace: cannot export to {}: {error}", dir.display());
                    ExitCode::FAILURE
                }
            };
        }
        Ok(Command::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(Command::Version) => {
            println!(
                "phasespace {} (site {})",
                env!("CARGO_PKG_VERSION"),
                routes::SITE_HASH
            );
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("phasespace: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };

    let listener = match server::bind(addr) {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("phasespace: cannot listen on {addr}: {error}");
            return ExitCode::FAILURE;
        }
    };
    server::run(listener);
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn default_address() {
        assert_eq!(
            parse_args(&[], None),
            Ok(Command::Serve("127.0.0.1:8080".parse().unwrap()))
        );
    }

    #[test]
    fn flag_beats_environment() {
        let cmd = parse_args(
            &args(&["--listen", "0.0.0.0:80"]),
            Some("127.0.0.1:9".into()),
        );
        assert_eq!(cmd, Ok(Command::Serve("0.0.0.0:80".parse().unwrap())));
        let cmd = parse_args(&args(&["--listen=[::1]:81"]), None);
        assert_eq!(cmd, Ok(Command::Serve("[::1]:81".parse().unwrap())));
    }

    #[test]
    fn export_takes_a_directory() {
        assert_eq!(
            parse_args(&args(&["--export", "out"]), None),
            Ok(Command::Export("out".into()))
        );
    }

    #[test]
    fn environment_sets_address() {
        assert_eq!(
            parse_args(&[], Some("127.0.0.1:9".into())),
            Ok(Command::Serve("127.0.0.1:9".parse().unwrap()))
        );
    }

    #[test]
    fn bad_input_is_a_message() {
        assert!(parse_args(&args(&["--listen"]), None)
            .unwrap_err()
            .contains("needs an address"));
        assert!(parse_args(&args(&["--listen", "localhost"]), None)
            .unwrap_err()
            .contains("not an address"));
        assert!(parse_args(&args(&["--export"]), None)
            .unwrap_err()
            .contains("needs a directory"));
        assert!(parse_args(&args(&["--bogus"]), None)
            .unwrap_err()
            .contains("unknown argument"));
    }
}
