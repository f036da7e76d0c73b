//! Build script: find the inputs (site.toml, posts/ with the files beside
//! posts, static/), render the
//! whole site with the `render` crate, and write the route table and its
//! bodies to OUT_DIR for `src/routes.rs` to include. All I/O of the build
//! lives here; the rendering itself is pure.

use anyhow::{Context, Result};
use render::{Inputs, Settings, Source};
use std::path::{Path, PathBuf};
use std::{env, fs, process};

/// Set to `1` to publish posts marked `draft = true` (for previewing).
const DRAFTS_VAR: &str = "PHASESPACE_DRAFTS";

fn main() {
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

    let post_files = files_under(&root, "posts")?;
    let inputs = Inputs {
        settings: Settings::parse("site.toml", &read_text(&root, "site.toml")?, |var| {
            env::var(var).ok()
        })?,
        posts: post_files
            .iter()
            .filter(|path| render::is_post(path))
            .map(|path| {
                Ok(Source {
                    content: read_text(&root, path)?,
                    path: path.clone(),
                })
            })
            .collect::<Result<_>>()?,
        post_files: post_files
            .iter()
            .filter(|path| !render::is_post(path))
            .map(|path| {
                let content =
                    fs::read(root.join(path)).with_context(|| format!("{path}: cannot read"))?;
                Ok(Source {
                    path: path.clone(),
                    content,
                })
            })
            .collect::<Result<_>>()?,
        statics: files_under(&root, "static")?
            .iter()
            .map(|path| {
                let content =
                    fs::read(root.join(path)).with_context(|| format!("{path}: cannot read"))?;
                let path = path.strip_prefix("static/").unwrap_or(path).to_string();
                Ok(Source { path, content })
            })
            .collect::<Result<_>>()?,
        include_drafts: env::var(DRAFTS_VAR).is_ok_and(|v| v == "1"),
    };

    let site = render::build_site(&inputs)?;
    // Printed on success only: a failed build script always runs again.
    watch(&root);
    for warning in &site.warnings {
        println!("cargo:warning={warning}");
    }
    write_outputs(&out, &render::codegen::generate(&site))
}

/// Tells cargo what the build read, so it reruns when any of it changes
/// (cargo scans a watched directory recursively for modifications).
fn watch(root: &Path) {
    for path in ["posts", "static", "site.toml"] {
        println!("cargo:rerun-if-changed={}", root.join(path).display());
    }
    for var in Settings::ENV_VARS.iter().chain([&DRAFTS_VAR]) {
        println!("cargo:rerun-if-env-changed={var}");
    }
}

fn write_outputs(out: &Path, generated: &render::codegen::Generated) -> Result<()> {
    fs::create_dir_all(out.join("body"))?;
    for (name, bytes) in &generated.files {
        write_if_changed(&out.join(name), bytes)?;
    }
    write_if_changed(&out.join("routes.rs"), generated.rust.as_bytes())
}

/// Leaves unchanged files alone so their timestamps do not trigger rebuilds.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<()> {
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

fn read_text(root: &Path, path: &str) -> Result<String> {
    fs::read_to_string(root.join(path))
        .with_context(|| format!("{path}: cannot read as UTF-8 text"))
}

/// Every file below `root/dir`, as `/`-separated paths relative to `root`,
/// sorted so the build does not depend on directory order.
fn files_under(root: &Path, dir: &str) -> Result<Vec<String>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_string()];
    while let Some(dir) = pending.pop() {
        let entries = match fs::read_dir(root.join(&dir)) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e).with_context(|| format!("{dir}: cannot list")),
        };
        for entry in entries {
            let entry = entry?;
            let name = entry
                .file_name()
                .into_string()
                .map_err(|n| anyhow::anyhow!("{dir}: file name {n:?} is not UTF-8"))?;
            if name.starts_with('.') {
                continue;
            }
            let path = format!("{dir}/{name}");
            if entry.file_type()?.is_dir() {
                pending.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}
