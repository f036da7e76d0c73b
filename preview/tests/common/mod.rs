//! Shared by the preview's integration tests: a temporary copy of the
//! repository's site, saved into the ways editors save, and the real
//! `preview` binary serving it on a free loopback port.

#![allow(dead_code)] // each test crate uses its own part of this module

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub const POST: &str = "posts/do-i-dare.md";
/// Long enough for a debug build of the renderer on a busy machine.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// A copy of the repository's site, removed when dropped.
pub struct Site(pub PathBuf);

impl Site {
    pub fn copy(name: &str) -> Site {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let dir = std::env::temp_dir().join(format!("preview-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let status = Command::new("cp")
            .args(["-a", "site.toml", "posts", "static"])
            .arg(&dir)
            .current_dir(repo)
            .status()
            .unwrap();
        assert!(status.success());
        Site(dir)
    }

    pub fn path(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }

    pub fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.path(file)).unwrap()
    }

    /// Saves as most editors do: write a new file, rename it over the old.
    pub fn save_by_rename(&self, file: &str, text: &str) {
        let temporary = self.path(&format!("{file}.swp"));
        std::fs::write(&temporary, text).unwrap();
        std::fs::rename(&temporary, self.path(file)).unwrap();
    }

    /// Saves in place, as `echo >>` or an editor that truncates does.
    pub fn save_in_place(&self, file: &str, text: &str) {
        std::fs::write(self.path(file), text).unwrap();
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The preview serving `site`, killed when dropped.
pub struct Preview {
    pub child: Child,
    pub addr: String,
}

impl Preview {
    pub fn start(site: &Site) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_preview"))
            .args(["--listen", "127.0.0.1:0", "--root"])
            .arg(&site.0)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .strip_prefix("phasespace: serving on http://")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .trim_end_matches('/')
            .to_string();
        Preview { child, addr }
    }

    pub fn get(&self, path: &str) -> (u16, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut response = agent
            .get(format!("http://{}{path}", self.addr))
            .call()
            .unwrap();
        let status = response.status().as_u16();
        (status, response.body_mut().read_to_string().unwrap())
    }

    /// Polls `path` until its page satisfies `done`; returns that page.
    pub fn wait_for(&self, path: &str, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let (_, page) = self.get(path);
            if done(&page) {
                return page;
            }
            assert!(start.elapsed() < PATIENCE, "{path}: never {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The events stream: each `data:` line, as it arrives.
    pub fn events(&self) -> mpsc::Receiver<String> {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        write!(
            stream,
            "GET /_preview/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.addr
        )
        .unwrap();
        let (send, receive) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { return };
                if let Some(data) = line.strip_prefix("data: ") {
                    if send.send(data.to_string()).is_err() {
                        return;
                    }
                }
            }
        });
        receive
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
