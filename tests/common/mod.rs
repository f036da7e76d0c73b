//! Shared by the integration tests: start the real `phasespace` binary on a
//! free loopback port and talk HTTP to it with a real client.

#![allow(dead_code)] // each test crate uses its own part of this module

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A running server, killed when dropped.
pub struct Server {
    pub child: Child,
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub base: String,
}

impl Server {
    /// Starts the binary on port 0 and waits for the line naming its address.
    pub fn start() -> Server {
        Self::start_with(&["--listen", "127.0.0.1:0"])
    }

    pub fn start_with(args: &[&str]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_phasespace"));
        command.args(args);
        Self::spawn(command)
    }

    /// Starts the binary on port 0 under a hard limit of `descriptors`
    /// open files (`fd_limit` derives its connection bound from it).
    pub fn start_with_open_file_limit(descriptors: u64) -> Server {
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!("ulimit -n {descriptors} && exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_phasespace"))
            .args(["--listen", "127.0.0.1:0"]);
        Self::spawn(command)
    }

    fn spawn(mut command: Command) -> Server {
        let mut child = command
            .env_remove("PHASESPACE_LISTEN")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the phasespace binary starts");
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().expect("stdout is piped"))
            .read_line(&mut line)
            .expect("the server prints its address");
        let base = line
            .trim()
            .strip_prefix("phasespace: serving on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .trim_end_matches('/')
            .to_string();
        Server { child, base }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The `host:port` the server listens on.
    pub fn addr(&self) -> &str {
        self.base.trim_start_matches("http://")
    }

    /// Sends SIGTERM.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP client that returns 4xx and 5xx responses instead of errors.
pub fn client() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

/// GET `url`: status, content type and body text.
pub fn get(url: &str) -> (u16, String, String) {
    let mut response = client().get(url).call().expect("the request completes");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = response
        .body_mut()
        .read_to_string()
        .expect("the body is text");
    (status, content_type, body)
}

/// A fresh directory under the system's temp dir, removed when dropped.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        // Tests run in parallel threads of one process: number each dir.
        static MADE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("phasespace-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("the temp dir is writable");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Every route the binary serves, as `(path, identity bytes)`, read back
/// from `phasespace export --as-served` (the pages with their search
/// form, as served): `index.html` files stand for their
/// directory, the `.gz`/`.br` files beside them are skipped, and the 404
/// page (`/404.html`) is left out.
pub fn routes() -> Vec<(String, Vec<u8>)> {
    let dir = TempDir::new("routes");
    let status = Command::new(env!("CARGO_BIN_EXE_phasespace"))
        .args(["export", "--as-served"])
        .arg(&dir.0)
        .stdout(Stdio::null())
        // Export warns of a loopback base URL; these tests mean it.
        .stderr(Stdio::null())
        .status()
        .expect("the binary runs");
    assert!(status.success());
    let mut found = Vec::new();
    let mut pending = vec![dir.0.clone()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let relative = path.strip_prefix(&dir.0).unwrap().to_str().unwrap();
            if relative.ends_with(".gz")
                || relative.ends_with(".br")
                || relative == "404.html"
                || relative == "_headers"
            {
                continue;
            }
            let route = format!(
                "/{}",
                relative.strip_suffix("index.html").unwrap_or(relative)
            );
            found.push((route, std::fs::read(&path).unwrap()));
        }
    }
    found.sort();
    assert!(
        found.iter().any(|(p, _)| p == "/"),
        "the export holds the home page"
    );
    found
}

/// Sends `bytes` on a fresh connection and returns everything the server
/// answers until it closes the connection or stays quiet for 2 s.
pub fn raw(addr: &str, bytes: &[u8]) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("the server accepts");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(2)))
        .unwrap();
    // The server may answer and close before reading everything.
    let _ = stream.write_all(bytes);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

/// The status code of the first response in `answer`, or 0 if none.
pub fn status_of(answer: &str) -> u16 {
    answer
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

/// How many sockets (listeners and connections) `pid` has open.
pub fn open_sockets(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .expect("the server's descriptors can be listed")
        .filter_map(|entry| std::fs::read_link(entry.ok()?.path()).ok())
        .filter(|target| target.to_string_lossy().starts_with("socket:"))
        .count()
}

/// The memory `pid` holds (`VmRSS` in `/proc/PID/status`), in KiB.
pub fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("its status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|kib| kib.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in kB")
}
