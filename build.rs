//! Build script: read the inputs (`render::inputs`: site.toml, posts/ with
//! the files beside posts, static/), render the whole site with the `render`
//! crate, and write the packed route table and the source that places it in
//! the binary to OUT_DIR for `src/main.rs` to include. Reading lives in `render::inputs`, writing
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
    let packed = out.join(PACKED_FILE);
    let format = render::output::codegen::ObjectFormat::of_target(
        &env::var("CARGO_CFG_TARGET_VENDOR").unwrap_or_default(),
        &env::var("CARGO_CFG_TARGET_OS").unwrap_or_default(),
    );
    let path = packed.to_str().context("OUT_DIR is not UTF-8")?;
    let generated = render::output::codegen::generate(&table, path, format)?;
    write_outputs(&out, &packed, &generated)
}

/// The packed table, in OUT_DIR, which the generated source names.
const PACKED_FILE: &str = "site.bin";

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

/// Writes the packed table and the source that places it. The source
/// carries the table's digest, so when it is unchanged the table is too,
/// and neither is written: their timestamps stay, and so does the build.
fn write_outputs(
    out: &Path,
    packed: &Path,
    generated: &render::output::codegen::Generated,
) -> Result<()> {
    let source = out.join("site.rs");
    if fs::read(&source).is_ok_and(|old| old == generated.rust.as_bytes()) && packed.exists() {
        return Ok(());
    }
    fs::write(packed, &generated.packed)
        .with_context(|| format!("cannot write {}", packed.display()))?;
    fs::write(&source, &generated.rust)
        .with_context(|| format!("cannot write {}", source.display()))
}
