//! Build script: read the inputs (`render::inputs`: site.toml, posts/ with
//! the files beside posts, static/), render the whole site with the `render`
//! crate, and write the route table and its bodies to OUT_DIR for
//! `src/main.rs` to include. Reading lives in `render::inputs`, writing
//! here (and the render cache, so a one-post change renders one post); the
//! rendering itself is pure. It also tells the integration tests which
//! outside tools this machine has (`tests/tools/detect.rs`).

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::{env, fs, process};

#[path = "tests/tools/detect.rs"]
mod test_tools;

/// Post bodies rendered by earlier builds (`render::Cache`), kept in
/// OUT_DIR: `cargo clean` empties it, and debug and release keep their own.
const CACHE_FILE: &str = "render-cache.bin";

fn main() {
    // Which outside tools the integration tests find here (cfgs).
    let root = env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    test_tools::declare(Path::new(&root));
    if let Err(error) = run() {
        // One readable line per problem, no backtrace: this is what a
        // writer sees (cargo shows `cargo:warning` lines even on success).
        for line in format!("{error:#}").lines() {
            eprintln!("error: {line}");
            println!("cargo:warning={line}");
        }
        process::exit(1);
    }
}

fn run() -> Result<()> {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR")?);
    let out = PathBuf::from(env::var("OUT_DIR")?);

    let inputs = render::inputs::read(&root, |var| env::var(var).ok())?;
    let cache_file = out.join(CACHE_FILE);
    let mut cache = render::Cache::from_bytes(
        &fs::read(&cache_file).unwrap_or_default(),
        &render::inputs::renderer()?,
    );
    let site = render::build_site_cached(&inputs, &mut cache);
    let dist = is_dist(&out);
    let table = site.as_ref().ok().map(|site| {
        // Brotli's best for what ships; quick for the writer's builds.
        let effort = if dist {
            render::output::encode::Effort::Best
        } else {
            render::output::encode::Effort::Quick
        };
        let codings = render::output::table::Codings::Compressed(effort);
        render::table(site, &inputs.settings.base_url, codings, &mut cache)
    });
    // Saved even when a post is broken: the others need not render again.
    fs::write(&cache_file, cache.to_bytes())
        .with_context(|| format!("cannot write {}", cache_file.display()))?;
    let site = site?;
    // Printed on success only: a failed build script always runs again.
    watch(&root);
    for warning in &site.warnings {
        println!("cargo:warning={warning}");
    }
    let table = table.expect("a site that built has a table");
    if let Some(warning) = table.address_warning.as_ref().filter(|_| dist) {
        println!("cargo:warning={warning}");
    }
    write_outputs(&out, &render::output::codegen::generate(&table))
}

/// Whether this is the shipping build, `--profile dist`: cargo sets PROFILE
/// to "release" for it, but its OUT_DIR is `target/[TRIPLE/]dist/build/…`.
fn is_dist(out: &Path) -> bool {
    let parts: Vec<_> = out.components().map(|part| part.as_os_str()).collect();
    parts
        .windows(2)
        .any(|pair| pair[0] == "dist" && pair[1] == "build")
}

/// Tells cargo what the build read, so it reruns when any of it changes.
fn watch(root: &Path) {
    for path in render::inputs::WATCHED {
        println!("cargo:rerun-if-changed={}", root.join(path).display());
    }
    for var in render::inputs::env_vars() {
        println!("cargo:rerun-if-env-changed={var}");
    }
}

/// Writes the generated source and the body files it includes. A body
/// file is named by its fingerprint, so one already there holds these
/// bytes and is left alone (not even read); files of bodies gone are
/// removed.
fn write_outputs(out: &Path, generated: &render::output::codegen::Generated) -> Result<()> {
    let dir = out.join(render::output::codegen::BODY_DIR);
    fs::create_dir_all(&dir)?;
    let mut stale: std::collections::BTreeSet<PathBuf> = fs::read_dir(&dir)?
        .map(|entry| Ok(entry?.path()))
        .collect::<std::io::Result<_>>()?;
    for (name, bytes) in &generated.files {
        let path = out.join(name);
        if !stale.remove(&path) {
            fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    for path in stale {
        fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
    }
    write_if_changed(&out.join("site.rs"), generated.rust.as_bytes())
}

/// Leaves unchanged files alone so their timestamps do not trigger rebuilds.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<()> {
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}
