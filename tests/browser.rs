//! The page as a reader's browser gets it: starts the real binary and runs
//! `tests/browser/page.mjs`, which drives Debian's headless chromium through
//! playwright-core over the first post, the home page, the 404 page and
//! the second post at 390 px and 1280 px, light and dark, and checks the
//! typography (Phase Serif, the site's cut of Source Serif 4, at weight 330
//! actually drawn, code in JetBrains Mono, KaTeX laid out, the measure; the
//! second post's chart text at least 10 px, no labels overlapping, in the
//! column), the absence of console errors, failed or third-party requests,
//! CSP violations, sideways overflow and layout shift. A second test checks
//! inline math and its punctuation at every width on a small site of its
//! own (`math_site`). Screenshots land in `target/screenshots/`.
//!
//! Why a node script rather than a Rust CDP crate: playwright-core is the
//! well-kept driver for exactly these questions (colour-scheme emulation,
//! init scripts, request events, CDP sessions), node and npm are already
//! needed for the HTML checker and Lighthouse, and it adds no Rust
//! dependency to compile.

mod common;

use common::Server;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The chromium playwright drives: `CHROME_PATH`, else Debian's.
fn chromium() -> PathBuf {
    PathBuf::from(std::env::var("CHROME_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into()))
}

#[test]
#[cfg_attr(
    not(has_browser_tools),
    ignore = "needs node, chromium and node_modules/playwright-core (npm ci); .ci/run installs them"
)]
fn pages_hold_their_typography_in_chromium_at_phone_and_desktop_width_light_and_dark() {
    let server = Server::start();
    run_checks("tests/browser/page.mjs", &server.base, "the page checks");
}

/// Inline math and the punctuation after it (issue 13): at every width
/// from 390 to 1280 px no mark that follows a formula starts a line, and
/// at 390 px long formulas wrap inside the column
/// (`tests/browser/math-punctuation.mjs`). The first post has one such
/// formula; the page checked is `tests/browser/math-punctuation.md`, in a
/// small site of its own rendered here, never in the shipped one.
#[test]
#[cfg_attr(
    not(has_browser_tools),
    ignore = "needs node, chromium and node_modules/playwright-core (npm ci); .ci/run installs them"
)]
fn punctuation_after_inline_math_never_starts_a_line_at_any_width() {
    let base = math_site::serve();
    let page = format!("{base}/posts/math-punctuation/");
    run_checks(
        "tests/browser/math-punctuation.mjs",
        &page,
        "the math checks",
    );
}

/// Runs the node `script` on `url` with Debian's chromium, screenshots
/// going to `target/screenshots/`; prints its report and fails with it
/// (naming `what`) unless every check passed.
fn run_checks(script: &str, url: &str, what: &str) {
    let screenshots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the tests' tmp dir lies inside target/")
        .join("screenshots");
    let output = Command::new("node")
        .arg(script)
        .arg(url)
        .arg(&screenshots)
        .env("CHROME_PATH", chromium())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("node runs (.ci/run installs it)");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    println!("{report}");
    assert!(output.status.success(), "{what} failed:\n{report}");
}

mod math_site {
    //! The repository's settings and static files with one post,
    //! `tests/browser/math-punctuation.md`, rendered in this process as
    //! build.rs renders the real site (fonts as vendored: no cut to wait
    //! for) and served on a free loopback port by the server crate's shell,
    //! each path answered with its page's type, policy and bytes.

    use super::common::TempDir;
    use bytes::Bytes;
    use http_body_util::Full;
    use hyper::{body::Incoming, header, Request, Response, StatusCode};
    use render::output::table::Codings;
    use std::collections::HashMap;
    use std::path::Path;
    use std::process::Command;
    use std::sync::Arc;

    /// Starts serving the site; its base URL, without a trailing slash.
    pub fn serve() -> String {
        let socket = server::bind("127.0.0.1:0".parse().expect("an address"))
            .expect("a loopback port is free");
        let base = format!("http://{}", socket.local_addr().expect("a bound socket"));
        let routes = Arc::new(render(&base));
        let answer = move |request: &Request<Incoming>| {
            match routes.get(request.uri().path()) {
                Some(page) => Response::builder()
                    .header(header::CONTENT_TYPE, &page.content_type)
                    .header(header::CONTENT_SECURITY_POLICY, &page.csp)
                    .body(Full::new(page.bytes.clone())),
                None => Response::builder()
                    .status(StatusCode::NOT_FOUND)
                    .body(Full::default()),
            }
            .expect("the renderer makes valid header values")
        };
        let listener = server::Listener {
            socket,
            mode: server::Mode::Plain,
        };
        // Serves until the test process ends.
        std::thread::spawn(move || server::run(vec![listener], answer));
        base
    }

    /// One route's answer.
    struct Page {
        content_type: String,
        csp: String,
        bytes: Bytes,
    }

    /// The site's routes by path, its pages built for `base`.
    fn render(base: &str) -> HashMap<String, Page> {
        let root = TempDir::new("math-site");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let copied = Command::new("cp")
            .args(["-a", "site.toml", "static"])
            .arg(&root.0)
            .current_dir(repo)
            .status()
            .expect("cp runs");
        assert!(copied.success());
        std::fs::create_dir(root.0.join("posts")).expect("the temp dir is writable");
        std::fs::copy(
            repo.join("tests/browser/math-punctuation.md"),
            root.0.join("posts/math-punctuation.md"),
        )
        .expect("the math page is copied");
        let mut inputs = render::inputs::read(&root.0, |var| {
            (var == render::Settings::BASE_URL_VAR).then(|| base.to_string())
        })
        .expect("the math site's inputs read");
        inputs.fonts = render::Fonts::AsVendored;
        let site = render::build_site(&inputs).expect("the math site builds");
        let table = render::table(
            &site,
            &inputs.settings.base_url,
            Codings::IdentityOnly,
            &mut render::Cache::new(&[]),
        );
        table
            .routes
            .into_iter()
            .map(|entry| {
                let page = Page {
                    content_type: entry.content_type,
                    csp: entry.csp,
                    bytes: entry.identity.bytes.into(),
                };
                (entry.path, page)
            })
            .collect()
    }
}
