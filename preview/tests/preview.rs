//! The preview end to end: the real `preview` binary on a temporary copy of
//! the repository's site, real files saved into it the ways editors save,
//! and a real HTTP client and events stream reading what it serves.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const POST: &str = "posts/do-i-dare.md";
/// Long enough for a debug build of the renderer on a busy machine.
const PATIENCE: Duration = Duration::from_secs(60);

/// A copy of the repository's site, removed when dropped.
struct Site(PathBuf);

impl Site {
    fn copy(name: &str) -> Site {
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

    fn path(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }

    fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.path(file)).unwrap()
    }

    /// Saves as most editors do: write a new file, rename it over the old.
    fn save_by_rename(&self, file: &str, text: &str) {
        let temporary = self.path(&format!("{file}.swp"));
        std::fs::write(&temporary, text).unwrap();
        std::fs::rename(&temporary, self.path(file)).unwrap();
    }

    /// Saves in place, as `echo >>` or an editor that truncates does.
    fn save_in_place(&self, file: &str, text: &str) {
        std::fs::write(self.path(file), text).unwrap();
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The preview serving `site`, killed when dropped.
struct Preview {
    child: Child,
    addr: String,
}

impl Preview {
    fn start(site: &Site) -> Preview {
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

    fn get(&self, path: &str) -> (u16, String) {
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
    fn wait_for(&self, path: &str, what: &str, done: impl Fn(&str) -> bool) -> String {
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
    fn events(&self) -> mpsc::Receiver<String> {
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

fn next_event(events: &mpsc::Receiver<String>) -> String {
    events.recv_timeout(PATIENCE).expect("an event arrives")
}

#[test]
fn a_save_serves_the_new_text_and_tells_open_pages() {
    let site = Site::copy("save");
    let preview = Preview::start(&site);
    let events = preview.events();
    let first = next_event(&events);

    let sentence = "A sentence saved in place, for the preview test.";
    site.save_in_place(POST, &format!("{}\n{sentence}\n", site.read(POST)));
    let page = preview.wait_for("/posts/do-i-dare/", "showed the sentence", |page| {
        page.contains(sentence)
    });
    assert_ne!(next_event(&events), first, "the version moved");
    // The page carries the reload script, allowed by the page's policy.
    assert!(page.contains("<script data-version="));
    assert!(page.contains("/_preview/events"));
}

#[test]
fn a_save_by_rename_is_seen() {
    let site = Site::copy("rename");
    let preview = Preview::start(&site);
    let sentence = "A sentence saved by rename, as vim and most editors do.";
    site.save_by_rename(POST, &format!("{}\n{sentence}\n", site.read(POST)));
    preview.wait_for("/posts/do-i-dare/", "showed the sentence", |page| {
        page.contains(sentence)
    });
}

#[test]
fn a_broken_save_shows_every_error_over_the_last_good_site_until_fixed() {
    let site = Site::copy("broken");
    let preview = Preview::start(&site);
    let events = preview.events();
    next_event(&events);
    let (_, feed_before) = preview.get("/feed.xml");
    let good = site.read(POST);

    site.save_in_place(POST, &good.replacen("title = \"", "title = \"\"", 1));
    let page = preview.wait_for("/", "showed the errors", |page| {
        page.contains("preview-errors")
    });
    next_event(&events);
    assert!(
        page.contains("posts/do-i-dare.md:2: front matter"),
        "{page}"
    );
    // Under the panel, and everywhere else, the last good site.
    let (status, post) = preview.get("/posts/do-i-dare/");
    assert_eq!(status, 200);
    assert!(post.contains("preview-errors") && post.contains("Do I dare"));
    assert_eq!(preview.get("/feed.xml"), (200, feed_before));
    let (status, missing) = preview.get("/no/such/page");
    assert_eq!(status, 404);
    assert!(missing.contains("preview-errors"));

    site.save_in_place(POST, &good);
    preview.wait_for("/", "cleared the errors", |page| {
        !page.contains("preview-errors")
    });
    next_event(&events);
}

#[test]
fn drafts_are_shown_and_marked() {
    let site = Site::copy("drafts");
    let draft =
        "+++\ntitle = \"Half a thought\"\ndate = 2026-12-01\ndraft = true\n+++\n\nNot yet.\n";
    site.save_in_place("posts/half-a-thought.md", draft);
    let preview = Preview::start(&site);
    let post = preview.wait_for("/posts/half-a-thought/", "showed the draft", |page| {
        page.contains("Not yet.")
    });
    assert!(post.contains("class=\"draft-mark\""), "{post}");
    let (_, home) = preview.get("/");
    let entry = home
        .split("<li>")
        .find(|item| item.contains("/posts/half-a-thought/"))
        .expect("the home page lists the draft");
    assert!(entry.contains("draft-mark"), "{entry}");
    let published = home
        .split("<li>")
        .find(|item| item.contains("/posts/do-i-dare/"))
        .unwrap();
    assert!(!published.contains("draft-mark"), "{published}");
}

#[test]
fn links_in_the_feed_point_at_the_preview() {
    let site = Site::copy("address");
    let preview = Preview::start(&site);
    let (_, feed) = preview.get("/feed.xml");
    assert!(feed.contains(&format!("http://{}/posts/do-i-dare/", preview.addr)));
    let (_, page) = preview.get("/posts/do-i-dare/");
    assert!(page.contains(&format!(
        "<link rel=\"canonical\" href=\"http://{}/posts/do-i-dare/\"",
        preview.addr
    )));
}

#[test]
fn the_events_stream_is_kept_alive_and_the_preview_stops_on_sigterm() {
    let site = Site::copy("stop");
    let mut preview = Preview::start(&site);
    let mut stream = TcpStream::connect(&preview.addr).unwrap();
    write!(stream, "GET /_preview/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    // Past the server's 5 s idle bound, the stream is still open.
    std::thread::sleep(Duration::from_secs(6));
    let mut buffer = [0; 4096];
    let read = stream.read(&mut buffer).unwrap();
    assert!(String::from_utf8_lossy(&buffer[..read]).contains("keep-alive"));

    let start = Instant::now();
    let status = Command::new("kill")
        .args(["-TERM", &preview.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = preview.child.wait().unwrap();
    assert!(exit.success(), "{exit}");
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "an open events stream held the drain for {:?}",
        start.elapsed()
    );
}
