//! The binary's command line: a bind failure as one clear line, the
//! address from the environment, the health check and export. (A clean
//! exit on SIGTERM, with a request in flight, is in `http_limits`.)

mod common;

use common::Server;
use std::process::Command;

#[test]
fn bind_failure_is_one_line_and_nonzero_exit() {
    let server = Server::start();
    let output = Command::new(env!("CARGO_BIN_EXE_phasespace"))
        .args(["--listen", server.addr()])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!("phasespace: cannot listen on {}: ", server.addr())),
        "{stderr}"
    );
}

#[test]
fn environment_variable_sets_the_address() {
    let output = Command::new(env!("CARGO_BIN_EXE_phasespace"))
        .env("PHASESPACE_LISTEN", "not-an-address")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr)
        .unwrap()
        .contains("\"not-an-address\" is not an address"));
}

#[test]
fn healthcheck_exits_0_against_a_running_server_and_1_without_one() {
    let server = Server::start();
    let check = |listen: &str| {
        Command::new(env!("CARGO_BIN_EXE_phasespace"))
            .args(["healthcheck", "--listen", listen])
            .output()
            .unwrap()
    };
    assert_eq!(check(server.addr()).status.code(), Some(0));
    let port = server.addr().rsplit(':').next().unwrap().to_string();
    // The server listens on 127.0.0.1; the check reaches 0.0.0.0 there too.
    assert_eq!(check(&format!("0.0.0.0:{port}")).status.code(), Some(0));
    drop(server);
    let failed = check(&format!("127.0.0.1:{port}"));
    assert_eq!(failed.status.code(), Some(1));
    assert!(String::from_utf8(failed.stderr)
        .unwrap()
        .starts_with("phasespace: unhealthy: "));
}

#[test]
fn export_writes_every_route_with_codings_and_a_headers_file() {
    let dir = common::TempDir::new("export");
    let status = Command::new(env!("CARGO_BIN_EXE_phasespace"))
        .arg("export")
        .arg(&dir.0)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let post = dir.0.join("posts/do-i-dare/index.html");
    assert!(std::fs::read_to_string(&post)
        .unwrap()
        .contains("Disturb the universe?"));
    assert!(dir.0.join("posts/do-i-dare/index.html.br").exists());
    assert!(dir.0.join("posts/do-i-dare/index.html.gz").exists());
    assert!(dir.0.join("404.html").exists());
    let headers = std::fs::read_to_string(dir.0.join("_headers")).unwrap();
    let block = headers
        .split("\n/")
        .find(|block| block.starts_with("posts/do-i-dare/\n"))
        .expect("the post has a block in _headers");
    assert!(block.contains("\n  cache-control: no-cache\n"), "{block}");
    assert!(
        block.contains("\n  content-security-policy: default-src 'none'"),
        "{block}"
    );
    assert!(!block.contains("unsafe-hashes"), "{block}");
    // Every route exported is in _headers, and nothing else is.
    let exported = common::routes();
    let blocks = headers.lines().filter(|l| l.starts_with('/')).count();
    assert_eq!(blocks, exported.len(), "{headers:.400}");
}
