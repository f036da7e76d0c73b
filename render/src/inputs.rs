//! The only code in `render` that reads files: finds a site's inputs under
//! its root directory (`site.toml`, `posts/` with the files beside posts,
//! `static/`) and hands them to `build_site` as plain values. build.rs calls
//! it for the real site; the render-time benchmark calls it for any root.
//! The preview reads again only what a save changed (`reread`): the lists
//! of files, and the files under the paths its watcher names.

use crate::settings::Settings;
use crate::site::{Fonts, Inputs};
use crate::source::Source;
use anyhow::{anyhow, Context, Result};
use bytes::Bytes;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Set to `1` to publish posts marked `draft = true` (for previewing).
pub const DRAFTS_VAR: &str = "PHASESPACE_DRAFTS";

/// What `read` reads, relative to the root: a change to any of them (cargo
/// scans a directory recursively) must rebuild the site.
pub const WATCHED: [&str; 3] = ["posts", "static", "site.toml"];

/// Every environment variable `read` consults.
pub fn env_vars() -> impl Iterator<Item = &'static str> {
    Settings::ENV_VARS.into_iter().chain([DRAFTS_VAR])
}

/// Reads the site under `root`; settings and drafts may be overridden by
/// `env` (a lookup such as `std::env::var(..).ok()`).
pub fn read(root: &Path, env: impl Fn(&str) -> Option<String>) -> Result<Inputs> {
    let include_drafts = env(DRAFTS_VAR).is_some_and(|v| v == "1");
    let settings = Settings::parse("site.toml", &read_text(root, "site.toml")?, env)?;
    let files = Files {
        settings,
        include_drafts,
        fonts: Fonts::Subset,
    };
    files.read(
        root,
        |path| read_text(root, path),
        |path| read_bytes(root, path),
    )
}

/// `previous`, an earlier `read` of `root` (with the same `env`), brought
/// up to date after the files at or under `changed` (paths under `root`,
/// as a watcher reports them) changed: the lists of files are read again,
/// and of the files only those under `changed` or new; every other file's
/// content is `previous`'. A change that may reach the settings (to
/// `site.toml`, or anything not under `posts/` or `static/`) reads
/// everything again.
pub fn reread(
    root: &Path,
    previous: Inputs,
    changed: &[PathBuf],
    env: impl Fn(&str) -> Option<String>,
) -> Result<Inputs> {
    let changed: Vec<&Path> = changed
        .iter()
        .map(|path| path.strip_prefix(root).unwrap_or(path))
        .collect();
    let within = |path: &Path| ["posts", "static"].iter().any(|dir| path.starts_with(dir));
    if !changed.iter().all(|path| within(path)) {
        return read(root, env);
    }
    let is_changed = |path: &str| changed.iter().any(|c| Path::new(path).starts_with(c));
    let mut texts: HashMap<String, String> = (previous.posts.into_iter())
        .map(|file| (file.path, file.content))
        .collect();
    let statics = previous.statics.into_iter().map(|file| Source {
        path: format!("static/{}", file.path),
        content: file.content,
    });
    let mut bytes: HashMap<String, Bytes> = (previous.post_files.into_iter())
        .chain(statics)
        .map(|file| (file.path, file.content))
        .collect();
    let files = Files {
        settings: previous.settings,
        include_drafts: previous.include_drafts,
        fonts: previous.fonts,
    };
    files.read(
        root,
        |path| match texts.remove(path) {
            Some(text) if !is_changed(path) => Ok(text),
            _ => read_text(root, path),
        },
        |path| match bytes.remove(path) {
            Some(content) if !is_changed(path) => Ok(content),
            _ => read_bytes(root, path),
        },
    )
}

/// What `Inputs` hold besides the files.
struct Files {
    settings: Settings,
    include_drafts: bool,
    fonts: Fonts,
}

impl Files {
    /// The inputs: these, and every file under `posts/` and `static/`,
    /// its content from `text` (posts) or `bytes` (every other file),
    /// given the file's path relative to the root.
    fn read(
        self,
        root: &Path,
        mut text: impl FnMut(&str) -> Result<String>,
        mut bytes: impl FnMut(&str) -> Result<Bytes>,
    ) -> Result<Inputs> {
        let post_files = files_under(root, "posts")?;
        let (posts, others): (Vec<_>, Vec<_>) = post_files
            .into_iter()
            .partition(|p| crate::content::post::is_source(p));
        Ok(Inputs {
            include_drafts: self.include_drafts,
            fonts: self.fonts,
            settings: self.settings,
            posts: posts
                .into_iter()
                .map(|path| {
                    Ok(Source {
                        content: text(&path)?,
                        path,
                    })
                })
                .collect::<Result<_>>()?,
            post_files: others
                .into_iter()
                .map(|path| {
                    Ok(Source {
                        content: bytes(&path)?,
                        path,
                    })
                })
                .collect::<Result<_>>()?,
            statics: files_under(root, "static")?
                .into_iter()
                .map(|path| {
                    Ok(Source {
                        content: bytes(&path)?,
                        path: path["static/".len()..].to_string(),
                    })
                })
                .collect::<Result<_>>()?,
        })
    }
}

/// The identity of the running renderer, for `Cache::new`: a SHA-256 of
/// the running executable (build.rs's build script), which links this
/// crate and every crate it renders with, so a change to any of them or to
/// the compiler starts a new cache.
pub fn renderer() -> Result<Vec<u8>> {
    let exe = std::env::current_exe().context("cannot find the running executable")?;
    let bytes = fs::read(&exe).with_context(|| format!("{}: cannot read", exe.display()))?;
    Ok(Sha256::digest(bytes).to_vec())
}

fn read_text(root: &Path, path: &str) -> Result<String> {
    fs::read_to_string(root.join(path))
        .with_context(|| format!("{path}: cannot read as UTF-8 text"))
}

fn read_bytes(root: &Path, path: &str) -> Result<Bytes> {
    let bytes = fs::read(root.join(path)).with_context(|| format!("{path}: cannot read"))?;
    Ok(bytes.into())
}

/// Zola's and Hugo's section files: settings for a list of pages, which
/// this site makes itself; skipped, so a blog's content directory copied
/// into `posts/` builds as it is.
const SECTION_FILES: [&str; 2] = ["_index.md", "_index.markdown"];

/// Every file below `root/dir`, as `/`-separated paths relative to `root`,
/// sorted so the build does not depend on directory order, without section
/// files (`SECTION_FILES`); a missing `dir` has no files.
fn files_under(root: &Path, dir: &str) -> Result<Vec<String>> {
    let mut found = files(root, dir)?;
    found.retain(|path| {
        let name = path.rsplit('/').next().unwrap_or(path);
        !SECTION_FILES.contains(&name)
    });
    Ok(found)
}

/// Every file below `root/dir` (below `root` itself when `dir` is empty),
/// as `/`-separated paths relative to `root`, sorted; hidden files and
/// directories (`.name`, such as `.git`) are skipped, and a missing `dir`
/// has no files. The importer walks a blog with it too.
pub fn files(root: &Path, dir: &str) -> Result<Vec<String>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_string()];
    while let Some(dir) = pending.pop() {
        let entries = match fs::read_dir(root.join(&dir)) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e).with_context(|| format!("{dir}: cannot list")),
        };
        for entry in entries {
            let entry = entry.with_context(|| format!("{dir}: cannot list"))?;
            let name = entry
                .file_name()
                .into_string()
                .map_err(|n| anyhow!("{dir}: file name {n:?} is not UTF-8"))?;
            if name.starts_with('.') {
                continue;
            }
            let path = match dir.as_str() {
                "" => name,
                dir => format!("{dir}/{name}"),
            };
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
