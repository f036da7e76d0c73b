//! The binary's life cycle: the address it prints, a bind failure as one
//! clear line, and a clean exit on SIGTERM.

mod common;

use common::Server;
use std::process::Command;
use std::time::{Duration, Instant};

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
fn sigterm_exits_cleanly() {
    let mut server = Server::start();
    assert_eq!(common::get(&server.url("/")).0, 200);
    server.terminate();
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(Instant::now() < deadline, "still running 5 s after SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    }
}
