//! The preview end to end: the real `preview` binary on a temporary copy of
//! the repository's site, real files saved into it the ways editors save,
//! and a real HTTP client and events stream reading what it serves.

mod common;

use common::{Preview, Site, PATIENCE, POST};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

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
fn search_finds_what_was_just_saved() {
    let site = Site::copy("search");
    let preview = Preview::start(&site);
    let (status, page) = preview.get("/search?q=typography");
    assert_eq!(status, 200);
    assert!(page.contains("href=\"/posts/do-i-dare/\""), "{page:.3000}");
    let (_, none) = preview.get("/search?q=xylophones");
    assert!(none.contains("No post matches"), "{none:.3000}");
    let sentence = "A xylophone, saved for the search test.";
    site.save_in_place(POST, &format!("{}\n{sentence}\n", site.read(POST)));
    let found = preview.wait_for("/search?q=xylophones", "found the new word", |page| {
        page.contains("<mark>xylophone</mark>")
    });
    assert!(
        found.contains("href=\"/posts/do-i-dare/\""),
        "{found:.3000}"
    );
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
