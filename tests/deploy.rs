//! The deployment promises, proven on this machine: a static binary serves
//! every route from an empty root directory (what a `FROM scratch` image
//! is), and the server touches no file after start-up (strace).
//!
//! Both need what a plain `cargo test` may lack: root and a static build
//! of the binary (`PHASESPACE_STATIC_BIN`, built by scripts/test.sh) for
//! the first, `strace` for the second. Without them `cargo test` lists the
//! test as ignored, with the reason (`tests/tools/detect.rs`); under
//! `CI=true` it runs, and fails.

mod common;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Reads the child's stdout until the line naming its address.
fn base_url(stdout: impl std::io::Read) -> String {
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the server prints its address");
    line.trim()
        .strip_prefix("phasespace: serving on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .trim_end_matches('/')
        .to_string()
}

/// GETs every route (as exported) from `base` and compares it with the
/// exported bytes; also a 404 and the health probe.
fn fetch_everything(base: &str) {
    let routes = common::routes();
    assert!(routes.len() > 10, "{} routes", routes.len());
    for (path, bytes) in &routes {
        let mut response = common::client()
            .get(format!("{base}{path}"))
            .call()
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let body = response
            .body_mut()
            .with_config()
            .limit(u64::MAX)
            .read_to_vec()
            .unwrap();
        assert!(
            body == *bytes,
            "{path}: served bytes differ from the export"
        );
    }
    assert_eq!(common::get(&format!("{base}/no/such/page")).0, 404);
    assert_eq!(common::get(&format!("{base}/healthz")).0, 200);
}

struct Kill(std::process::Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
#[cfg_attr(
    not(all(is_root, has_static_bin)),
    ignore = "needs root (for chroot) and PHASESPACE_STATIC_BIN, a static build (scripts/test.sh)"
)]
fn static_binary_serves_every_route_from_an_empty_root() {
    let binary = PathBuf::from(
        std::env::var_os("PHASESPACE_STATIC_BIN")
            .expect("PHASESPACE_STATIC_BIN names a static build (scripts/test.sh makes one)"),
    );
    let root = common::TempDir::new("empty-root");
    std::fs::copy(&binary, root.0.join("phasespace")).unwrap();
    let entries: Vec<_> = std::fs::read_dir(&root.0).unwrap().collect();
    assert_eq!(entries.len(), 1, "the root holds nothing but the binary");

    let mut child = Command::new("chroot")
        .arg(&root.0)
        .args(["/phasespace", "--listen", "127.0.0.1:0"])
        .env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .stdout(Stdio::piped())
        .spawn()
        .expect("chroot runs");
    let stdout = child.stdout.take().unwrap();
    let server = Kill(child);
    let base = base_url(stdout);
    fetch_everything(&base);
    drop(server);
}

#[test]
#[cfg_attr(not(has_strace), ignore = "strace not installed (.ci/run installs it)")]
fn no_file_is_opened_stated_or_read_after_start_up() {
    let log_dir = common::TempDir::new("strace");
    let log = log_dir.0.join("trace");
    let mut child = Command::new("strace")
        .args(["-f", "-qq", "-yy", "-s", "64"])
        // `write` and `writev` too: to find the start-up line in the trace.
        .args([
            "-e",
            "trace=%file,read,pread64,readv,preadv,preadv2,mmap,sendfile,write,writev",
        ])
        .arg("-o")
        .arg(&log)
        .arg(env!("CARGO_BIN_EXE_phasespace"))
        .args(["--listen", "127.0.0.1:0"])
        .env_remove("PHASESPACE_LISTEN")
        .stdout(Stdio::piped())
        .spawn()
        .expect("strace runs (.ci/run installs it)");
    let stdout = child.stdout.take().unwrap();
    let mut strace = Kill(child);
    let base = base_url(stdout);
    fetch_everything(&base);
    // Killing strace would leave the server running, detached: stop the
    // server itself (the trace's first line names its pid), and strace ends.
    let trace = std::fs::read_to_string(&log).unwrap();
    let pid = trace
        .split_whitespace()
        .next()
        .expect("the trace names the pid");
    assert!(Command::new("kill")
        .args(["-TERM", pid])
        .status()
        .unwrap()
        .success());
    assert!(
        strace.0.wait().unwrap().success(),
        "the server exits 0 on SIGTERM"
    );

    let trace = std::fs::read_to_string(&log).unwrap();
    let started = trace.find("phasespace: serving on").unwrap_or_else(|| {
        panic!(
            "no start-up line in the trace:\n{}",
            &trace[trace.len().saturating_sub(3000)..]
        )
    });
    let after = &trace[started..];
    let touched: Vec<&str> = after
        .lines()
        .skip(1)
        .filter(|line| touches_a_file(line))
        .collect();
    assert!(
        touched.is_empty(),
        "file access after start-up:\n{}",
        touched.join("\n")
    );
    assert!(
        after.lines().count() > 10,
        "the trace covers the requests:\n{after:.2000}"
    );
}

/// Whether an strace line (with `-yy` fd paths) is file access: a path
/// syscall, or a read or map of a descriptor that names a file.
fn touches_a_file(line: &str) -> bool {
    let call = line
        .split_once(' ')
        .map_or(line, |(_, rest)| rest.trim_start())
        .split(['(', ' '])
        .next()
        .unwrap_or_default();
    let on_file = line.split_once('(').is_some_and(|(_, args)| {
        args.starts_with(|c: char| c.is_ascii_digit()) && args.contains("</")
    });
    match call {
        "read" | "pread64" | "readv" | "preadv" | "preadv2" | "mmap" | "sendfile" | "write"
        | "writev" => on_file,
        // Resumed and exit lines carry no call of their own.
        "" | "<..." | "+++" | "---" => false,
        _ => !line.contains("resumed>"),
    }
}

#[test]
fn strace_lines_are_classified() {
    for (line, expect) in [
        ("123 openat(AT_FDCWD</>, \"/etc/hosts\", O_RDONLY) = 3</etc/hosts>", true),
        ("123 newfstatat(AT_FDCWD</>, \"/x\", 0x7f, 0) = -1 ENOENT", true),
        ("123 read(7</tmp/site/index.html>, \"<\"..., 4096) = 4096", true),
        ("123 read(9<TCP:[127.0.0.1:8080->127.0.0.1:5000]>, \"GET / HTTP/1.1\"..., 16384) = 78", false),
        ("123 read(4<anon_inode:[eventfd]>, \"\\1\\0\\0\\0\\0\\0\\0\\0\", 8) = 8", false),
        ("123 mmap(NULL, 2101248, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f", false),
        ("123 <... read resumed>\"x\", 8) = 8", false),
        ("123 +++ exited with 0 +++", false),
        ("123 write(1<pipe:[77]>, \"phasespace: serving on\"..., 44) = 44", false),
        ("123 write(5</var/log/x>, \"log\", 3) = 3", true),
    ] {
        assert_eq!(touches_a_file(line), expect, "{line}");
    }
}
