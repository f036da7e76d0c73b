//! The page as a reader's browser gets it: starts the real binary and runs
//! `tests/browser/page.mjs`, which drives Debian's headless chromium through
//! playwright-core over the first post, the home page, the 404 page and
//! the second post at 390 px and 1280 px, light and dark, and checks the
//! typography (Phase Serif, the site's cut of Source Serif 4, at weight 330
//! actually drawn, code in JetBrains Mono, KaTeX laid out, the measure; the
//! second post's chart text at least 10 px, no labels overlapping, in the
//! column), the absence of console errors, failed or third-party requests,
//! CSP violations, sideways overflow and layout shift (inline math and its
//! punctuation at every width: `preview/tests/browser.rs`); and
//! `tests/browser/images.mjs`, which file of a responsive image each
//! screen fetches; and `tests/browser/search.mjs`, search from the
//! header's form, without a script (submit, results, back). Screenshots land in `target/screenshots/`.
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

/// Responsive images (`tests/browser/images.mjs`, on the second post): the
/// file of the image fetched is the one its width and the screen's density
/// call for, in the modern format, never the original; the image's box has
/// its size before its bytes arrive and keeps it; the chart's text is in
/// the site's serif; nothing overflows sideways or moves down.
#[test]
#[cfg_attr(
    not(has_browser_tools),
    ignore = "needs node, chromium and node_modules/playwright-core (npm ci); .ci/run installs them"
)]
fn the_phone_fetches_the_1x_file_and_the_retina_desktop_the_2x_and_nothing_shifts() {
    let server = Server::start();
    run_checks("tests/browser/images.mjs", &server.base, "the image checks");
}

/// Search as a reader does it (`tests/browser/search.mjs`): typed into
/// the header's box, Enter, the results page, a result followed and Back
/// to the same results; no script on any page, nothing sideways.
#[test]
#[cfg_attr(
    not(has_browser_tools),
    ignore = "needs node, chromium and node_modules/playwright-core (npm ci); .ci/run installs them"
)]
fn a_search_typed_in_the_header_shows_results_and_back_returns_to_them() {
    let server = Server::start();
    run_checks(
        "tests/browser/search.mjs",
        &server.base,
        "the search checks",
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
