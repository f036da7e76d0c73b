//! The writer's loop in a real browser: runs `preview/tests/reload.mjs`
//! (headless chromium through playwright-core) against the real preview on
//! a copy of the site; a saved post reloads the open page, which shows the
//! new text at the same place, and a broken save shows the error panel
//! until it is fixed. Screenshots land in `target/screenshots/`.

mod common;

use common::{Preview, Site, POST};
use std::path::Path;
use std::process::Command;

#[test]
#[cfg_attr(
    not(has_browser_tools),
    ignore = "needs node, chromium and node_modules/playwright-core (npm ci); .ci/run installs them"
)]
fn an_open_page_reloads_itself_after_a_save_and_shows_errors_until_fixed() {
    let site = Site::copy("browser");
    let preview = Preview::start(&site);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let screenshots = repo.join("target/screenshots");
    std::fs::create_dir_all(&screenshots).unwrap();
    let output = Command::new("node")
        .arg("preview/tests/reload.mjs")
        .arg(format!("http://{}", preview.addr))
        .arg(site.path(POST))
        .arg(&screenshots)
        .current_dir(repo)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
