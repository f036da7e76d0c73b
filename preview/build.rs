//! Tells the preview's browser test which outside tools this machine has,
//! with the same detection as the root package's tests
//! (`tests/tools/detect.rs`): a test whose tool is missing is listed as
//! ignored, except under `CI=true`, where it fails.

use std::path::Path;

#[path = "../tests/tools/detect.rs"]
mod test_tools;

fn main() {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest)
        .parent()
        .expect("preview/ lies in the repository");
    test_tools::declare(root);
}
