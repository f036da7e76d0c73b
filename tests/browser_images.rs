//! Responsive images as a reader's browser gets them: starts the real
//! binary and runs `tests/browser/images.mjs` on the second post (a
//! raster image resized at build time, and a chart) at 390 px and 1280 px,
//! light and dark, in headless chromium: the file of the image fetched is
//! the one its width and the screen's density call for, in the modern
//! format, never the original; the chart's text is in the site's serif;
//! nothing overflows sideways; CLS is 0. Screenshots land in
//! `target/screenshots/`.

mod common;

use common::Server;
use std::path::Path;
use std::process::Command;

#[test]
#[cfg_attr(
    not(has_browser_tools),
    ignore = "needs node, chromium and node_modules/playwright-core (npm ci); .ci/run installs them"
)]
fn the_phone_fetches_the_1x_file_and_the_retina_desktop_the_2x_and_nothing_shifts() {
    let server = Server::start();
    let screenshots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the tests' tmp dir lies inside target/")
        .join("screenshots");
    let output = Command::new("node")
        .arg("tests/browser/images.mjs")
        .arg(&server.base)
        .arg(&screenshots)
        .env(
            "CHROME_PATH",
            std::env::var("CHROME_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into()),
        )
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("node runs (.ci/run installs it)");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    println!("{report}");
    assert!(
        output.status.success(),
        "the image checks failed:\n{report}"
    );
}
