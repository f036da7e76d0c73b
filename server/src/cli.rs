//! The command line, parsed into a `Command`: pure, so every rule is a
//! table test. `main` does what the command says.

use std::net::SocketAddr;
use std::path::PathBuf;

/// Environment variable that sets the listen address (the flag wins).
pub(crate) const LISTEN_VAR: &str = "PHASESPACE_LISTEN";
const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

pub(crate) const USAGE: &str = "\
usage: phasespace [--listen ADDR] [--tls-cert PEM --tls-key PEM [--http-redirect ADDR]]
       phasespace export [--as-served] DIR
       phasespace healthcheck [--listen ADDR]

Serves the blog compiled into this binary.

options:
  --listen ADDR         address and port to serve on (default 127.0.0.1:8080,
                        or $PHASESPACE_LISTEN); port 0 picks a free port
  --tls-cert PEM        serve HTTPS (HTTP/2 and HTTP/1.1 by ALPN) with this
  --tls-key PEM         certificate chain and private key, read once at start
  --http-redirect ADDR  also listen for plain HTTP here and redirect every
                        request to HTTPS (needs --tls-cert and --tls-key)
  -h, --help            print this help
  -V, --version         print the version and the hash of the embedded site

commands:
  export DIR     write every route as files under DIR (posts/a/index.html,
                 .gz and .br beside each, and a _headers file), then exit;
                 for a static host, which cannot answer searches, pages
                 lose their search form (and their .gz and .br);
                 --as-served keeps every byte as this server sends it
  healthcheck    GET /healthz from the server at the listen address (plain
                 HTTP); exit 0 if it answers 200, else 1";

/// What the command line asked for.
#[derive(Debug, PartialEq)]
pub(crate) enum Command {
    Serve(Serve),
    Export {
        dir: PathBuf,
        /// Every byte as the server sends it, the search form included.
        as_served: bool,
    },
    Healthcheck(SocketAddr),
    Help,
    Version,
}

/// How to serve.
#[derive(Debug, PartialEq)]
pub(crate) struct Serve {
    pub listen: SocketAddr,
    pub tls: Option<Tls>,
}

/// HTTPS settings: PEM files, and where plain HTTP is redirected from.
#[derive(Debug, PartialEq)]
pub(crate) struct Tls {
    pub cert: PathBuf,
    pub key: PathBuf,
    pub http_redirect: Option<SocketAddr>,
}

/// Parses the arguments after the program name; `env_listen` is
/// `$PHASESPACE_LISTEN`.
pub(crate) fn parse(args: &[String], env_listen: Option<String>) -> Result<Command, String> {
    let (command, rest) = match args.first().map(String::as_str) {
        Some("export") => {
            let (as_served, rest) = match &args[1..] {
                [flag, rest @ ..] if flag == "--as-served" => (true, rest),
                rest => (false, rest),
            };
            return match rest {
                [dir] => Ok(Command::Export {
                    dir: dir.into(),
                    as_served,
                }),
                _ => Err("export needs one directory: phasespace export [--as-served] DIR".into()),
            };
        }
        Some("healthcheck") => ("healthcheck", &args[1..]),
        _ => ("serve", args),
    };

    let mut listen = env_listen;
    let (mut cert, mut key, mut redirect) = (None, None, None);
    let mut rest = rest.iter();
    while let Some(arg) = rest.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = |what: &str| {
            inline
                .clone()
                .or_else(|| rest.next().cloned())
                .ok_or(format!("{flag} needs {what}"))
        };
        match flag {
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--listen" => listen = Some(value("an address, e.g. 127.0.0.1:8080")?),
            "--tls-cert" if command == "serve" => cert = Some(value("a PEM file")?),
            "--tls-key" if command == "serve" => key = Some(value("a PEM file")?),
            "--http-redirect" if command == "serve" => {
                redirect = Some(address(&value("an address, e.g. 0.0.0.0:80")?)?)
            }
            other => return Err(format!("unknown argument \"{other}\"")),
        }
    }
    let listen = address(&listen.unwrap_or_else(|| DEFAULT_LISTEN.to_string()))?;

    if command == "healthcheck" {
        return Ok(Command::Healthcheck(listen));
    }
    let tls = match (cert, key, redirect) {
        (None, None, None) => None,
        (Some(cert), Some(key), http_redirect) => Some(Tls {
            cert: cert.into(),
            key: key.into(),
            http_redirect,
        }),
        (None, None, Some(_)) => {
            return Err("--http-redirect needs --tls-cert and --tls-key".into())
        }
        _ => return Err("--tls-cert and --tls-key go together".into()),
    };
    Ok(Command::Serve(Serve { listen, tls }))
}

fn address(text: &str) -> Result<SocketAddr, String> {
    text.parse()
        .map_err(|_| format!("\"{text}\" is not an address like 127.0.0.1:8080 or [::1]:8080"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_list(list: &[&str], env: Option<&str>) -> Result<Command, String> {
        let args: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        parse(&args, env.map(String::from))
    }

    fn serve(listen: &str) -> Command {
        Command::Serve(Serve {
            listen: listen.parse().unwrap(),
            tls: None,
        })
    }

    #[test]
    fn listen_address_from_flag_environment_or_default() {
        for (args, env, expect) in [
            (&[][..], None, "127.0.0.1:8080"),
            (&[], Some("127.0.0.1:9"), "127.0.0.1:9"),
            (
                &["--listen", "0.0.0.0:80"],
                Some("127.0.0.1:9"),
                "0.0.0.0:80",
            ),
            (&["--listen=[::1]:81"], None, "[::1]:81"),
        ] {
            assert_eq!(parse_list(args, env), Ok(serve(expect)), "{args:?} {env:?}");
        }
    }

    #[test]
    fn tls_takes_both_files_and_an_optional_redirect() {
        let cmd = parse_list(
            &[
                "--listen",
                "0.0.0.0:443",
                "--tls-cert",
                "c.pem",
                "--tls-key=k.pem",
                "--http-redirect",
                "0.0.0.0:80",
            ],
            None,
        );
        assert_eq!(
            cmd,
            Ok(Command::Serve(Serve {
                listen: "0.0.0.0:443".parse().unwrap(),
                tls: Some(Tls {
                    cert: "c.pem".into(),
                    key: "k.pem".into(),
                    http_redirect: Some("0.0.0.0:80".parse().unwrap()),
                }),
            }))
        );
    }

    #[test]
    fn subcommands() {
        assert_eq!(
            parse_list(&["export", "out"], None),
            Ok(Command::Export {
                dir: "out".into(),
                as_served: false
            })
        );
        assert_eq!(
            parse_list(&["export", "--as-served", "out"], None),
            Ok(Command::Export {
                dir: "out".into(),
                as_served: true
            })
        );
        assert_eq!(
            parse_list(&["healthcheck"], Some("0.0.0.0:8080")),
            Ok(Command::Healthcheck("0.0.0.0:8080".parse().unwrap()))
        );
        assert_eq!(
            parse_list(&["healthcheck", "--listen", "127.0.0.1:9"], None),
            Ok(Command::Healthcheck("127.0.0.1:9".parse().unwrap()))
        );
        assert_eq!(parse_list(&["--version"], None), Ok(Command::Version));
        assert_eq!(parse_list(&["-h"], None), Ok(Command::Help));
    }

    #[test]
    fn bad_input_is_a_message() {
        for (args, message) in [
            (&["--listen"][..], "--listen needs an address"),
            (&["--listen", "localhost"], "not an address"),
            (&["--bogus"], "unknown argument \"--bogus\""),
            (&["export"], "export needs one directory"),
            (&["export", "a", "b"], "export needs one directory"),
            (&["--tls-cert", "c.pem"], "go together"),
            (&["--http-redirect", "0.0.0.0:80"], "needs --tls-cert"),
            (
                &["healthcheck", "--tls-cert", "c.pem"],
                "unknown argument \"--tls-cert\"",
            ),
        ] {
            let err = parse_list(args, None).unwrap_err();
            assert!(err.contains(message), "{args:?}: {err}");
        }
    }
}
