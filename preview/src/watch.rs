//! Watches what the site is built from (`posts/` and `static/` with
//! everything under them, and `site.toml`) and calls back once a burst of
//! changes has settled. Directories are watched rather than files, so an
//! editor that saves by writing a new file and renaming it over the old
//! one is seen like any other save. Each call names the paths the burst
//! touched, so a rebuild reads only those files again; when the watcher
//! may have missed some (its queue overflowed, it failed), the call says
//! anything may have changed.

use notify_debouncer_full::notify::event::{EventKind, ModifyKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long the files must be quiet before a rebuild: an editor's save is
/// several events (write, rename, attributes) within a few milliseconds.
const SETTLE: Duration = Duration::from_millis(20);

/// What a settled burst of changes touched.
pub enum Changes {
    /// The watcher may have missed changes: anything may differ.
    Everything,
    /// These paths (files or directories, absolute) and nothing else.
    Paths(Vec<PathBuf>),
}

/// Starts watching `root`; `on_change` runs on the watcher's thread after
/// each settled burst of changes. Watching stops when the result drops.
pub fn start(
    root: &Path,
    mut on_change: impl FnMut(Changes) + Send + 'static,
) -> anyhow::Result<Debouncer<RecommendedWatcher, RecommendedCache>> {
    let inputs: Vec<PathBuf> = render::inputs::WATCHED
        .iter()
        .map(|input| root.join(input))
        .collect();
    let relevant = inputs.clone();
    let mut debouncer = new_debouncer(SETTLE, None, move |events: DebounceEventResult| {
        let Ok(events) = events else {
            return on_change(Changes::Everything);
        };
        if events.iter().any(|event| event.need_rescan()) {
            return on_change(Changes::Everything);
        }
        let mut paths: Vec<PathBuf> = events
            .iter()
            .filter(|event| changes_content(&event.kind))
            .flat_map(|event| &event.paths)
            .filter(|path| relevant.iter().any(|input| path.starts_with(input)))
            .cloned()
            .collect();
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            on_change(Changes::Paths(paths));
        }
    })?;
    // The root itself, not recursively, for site.toml (replaced, not
    // written, by editors that save by rename); the directories wholly.
    debouncer.watch(root, RecursiveMode::NonRecursive)?;
    for input in inputs.iter().filter(|input| input.is_dir()) {
        debouncer.watch(input, RecursiveMode::Recursive)?;
    }
    Ok(debouncer)
}

/// Whether an event can change what a file holds or which files there are.
/// Not opening or reading (the build itself reads every file), nor
/// metadata (reading a file just written updates its access time).
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}
