//! The page as a reader's browser gets it: starts the real binary and runs
//! `tests/browser/page.mjs`, which drives Debian's headless chromium through
//! playwright-core over the first post, the home page and the 404 page at
//! 390 px and 1280 px, light and dark, and checks the typography (Source
//! Serif 4 at weight 330 actually drawn, code in JetBrains Mono, KaTeX laid
//! out, the measure), the absence of console errors, failed or third-party
//! requests, CSP violations, sideways overflow and layout shift. Screenshots
//! land in `target/screenshots/`.
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

/// Node, playwright-core and chromium, or `None` (with a loud message)
/// when one is missing outside CI. In CI (`CI=true`) a missing tool fails.
fn tools() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let chromium =
        PathBuf::from(std::env::var("CHROME_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into()));
    let node = Command::new("node").arg("--version").output();
    let missing = [
        (node.is_err(), "node (apt-get install nodejs)"),
        (
            !root.join("node_modules/playwright-core").is_dir(),
            "node_modules/playwright-core (npm ci)",
        ),
        (!chromium.is_file(), "chromium (apt-get install chromium)"),
    ]
    .into_iter()
    .filter(|(absent, _)| *absent)
    .map(|(_, what)| what)
    .collect::<Vec<_>>();
    if missing.is_empty() {
        return Some(chromium);
    }
    let message = format!(
        "browser tests need {}; .ci/run installs them",
        missing.join(", ")
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{message}");
    }
    eprintln!("\n{0}\nSKIPPED: {message}\n{0}\n", "!".repeat(72));
    None
}

#[test]
fn pages_hold_their_typography_in_chromium_at_phone_and_desktop_width_light_and_dark() {
    let Some(chromium) = tools() else { return };
    let server = Server::start();
    let screenshots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the tests' tmp dir lies inside target/")
        .join("screenshots");
    let output = Command::new("node")
        .arg("tests/browser/page.mjs")
        .arg(&server.base)
        .arg(&screenshots)
        .env("CHROME_PATH", chromium)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("node runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    println!("{report}");
    assert!(output.status.success(), "the page checks failed:\n{report}");
}
