//! The strict Content-Security-Policy holds in a real browser: headless
//! Chromium loads every page (and the 404 page) from the server and reports
//! no violation. No page allows a style attribute: KaTeX's became classes
//! at build time, so no policy has `'unsafe-hashes'`; each allows only the
//! stylesheets the page inlines, by their hashes. A control page that
//! breaks its policy proves that Chromium here does report violations
//! where this test looks for them.

mod common;

use common::{client, routes, Server};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Command;

const CHROMIUM: &str = "chromium";

/// Chromium's console output (stderr) after loading `url`.
fn chromium_console(url: &str) -> String {
    let profile = common::TempDir::new("chromium");
    let output = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.0.display()))
        .arg(url)
        .output()
        .expect("chromium runs (.ci/run installs it)");
    assert!(output.status.success(), "chromium failed on {url}");
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("</html>"),
        "chromium loaded {url}"
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn violations(console: &str) -> Vec<&str> {
    console
        .lines()
        .filter(|line| line.contains("Content Security Policy"))
        .collect()
}

#[test]
fn every_page_allows_exactly_its_inline_stylesheets() {
    let server = Server::start();
    let pages = routes()
        .into_iter()
        .map(|(path, _)| path)
        .filter(|path| path.ends_with('/'))
        .chain(["/no/such/page".to_string(), "/search?q=cache".to_string()]);
    let mut math = 0;
    for page in pages {
        let mut response = client().get(&server.url(&page)).call().unwrap();
        let policy = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(!policy.contains("unsafe"), "{page}: {policy}");
        let body = response.body_mut().read_to_string().unwrap();
        let has_math = body.contains("class=\"katex\"");
        math += usize::from(has_math);
        let style_src = policy
            .split("; ")
            .find_map(|d| d.strip_prefix("style-src "))
            .unwrap();
        let inline = 1 + usize::from(has_math);
        assert_eq!(
            style_src.matches("'sha256-").count(),
            inline,
            "{page}: {policy}"
        );
        assert_eq!(body.matches("<style>").count(), inline, "{page}");
    }
    assert!(math > 0, "a page with math is among them");
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not installed (.ci/run installs it)"
)]
fn chromium_reports_no_csp_violation_on_any_page() {
    let server = Server::start();
    let mut pages: Vec<String> = routes()
        .into_iter()
        .map(|(path, _)| path)
        .filter(|path| path.ends_with('/'))
        .collect();
    pages.push("/no/such/page".to_string());
    pages.push("/search?q=cache".to_string());
    let checks: Vec<_> = pages
        .into_iter()
        .map(|page| {
            let url = server.url(&page);
            std::thread::spawn(move || (violations(&chromium_console(&url)).join("\n"), url))
        })
        .collect();
    for check in checks {
        let (violations, url) = check.join().unwrap();
        assert!(violations.is_empty(), "{url}:\n{violations}");
    }
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not installed (.ci/run installs it)"
)]
fn chromium_reports_a_violation_where_the_test_looks() {
    // A page whose style attribute its policy does not allow.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let mut request = [0; 4096];
            let _ = stream.read(&mut request);
            let body = "<!doctype html><html><p style=\"color:red\">x</p></html>";
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\
                 Content-Security-Policy: default-src 'none'; style-src 'self'\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    assert!(!violations(&chromium_console(&url)).is_empty());
}
