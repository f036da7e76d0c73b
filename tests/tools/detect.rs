//! Which of the tests' outside tools this machine has, decided when the
//! tests are built. Included by the root `build.rs` (it is build-script
//! code, not a test crate): it emits one `cfg` per tool, and the tests
//! that need a missing one are marked
//! `#[cfg_attr(not(has_chromium), ignore = "…")]`, so `cargo test` lists
//! them as ignored, with the reason, instead of passing them. Stable
//! libtest has no way to skip at run time; this is the cleanest way to
//! make a skip visible in its own output.
//!
//! Under `CI=true` every cfg is set: a missing tool is a failure there.
//!
//! Tools are looked for again when `CI`, `PATH`, `CHROME_PATH` or
//! `PHASESPACE_STATIC_BIN` change. Installing one without changing them
//! (`apt-get install chromium`, `npm ci`) is seen on the next build that
//! reruns `build.rs` (`touch build.rs`): watching paths that do not exist
//! yet would rerun it, and render the site, on every build.

use std::path::Path;
use std::process::{Command, Stdio};

/// `(cfg, whether it holds)` for each tool the tests may need.
fn tools(root: &Path) -> [(&'static str, bool); 5] {
    let chromium = runs("chromium", "--version");
    [
        // tests/http_csp.rs runs `chromium` from PATH.
        ("has_chromium", chromium),
        // tests/browser.rs drives chromium through node and playwright-core.
        (
            "has_browser_tools",
            runs("node", "--version")
                && root.join("node_modules/playwright-core").is_dir()
                && std::env::var_os("CHROME_PATH")
                    .map_or(chromium, |path| Path::new(&path).is_file()),
        ),
        // tests/deploy.rs: strace for the file-access test; root (for
        // chroot) and a static build for the empty-root test.
        ("has_strace", runs("strace", "-V")),
        ("is_root", is_root()),
        (
            "has_static_bin",
            std::env::var_os("PHASESPACE_STATIC_BIN").is_some_and(|bin| Path::new(&bin).is_file()),
        ),
    ]
}

/// Emits the cfgs for the integration tests.
pub fn declare(root: &Path) {
    for var in ["CI", "PATH", "CHROME_PATH", "PHASESPACE_STATIC_BIN"] {
        println!("cargo:rerun-if-env-changed={var}");
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    for (cfg, present) in tools(root) {
        println!("cargo:rustc-check-cfg=cfg({cfg})");
        if ci || present {
            println!("cargo:rustc-cfg={cfg}");
        }
    }
}

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout == b"0\n")
}
