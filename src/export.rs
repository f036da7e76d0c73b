//! `--export DIR`: the bytes this binary serves, written out as files the
//! way static servers expect them: `/posts/a/` → `posts/a/index.html`,
//! each stored coding beside its file as `.gz` and `.br` (nginx's
//! `gzip_static` and `brotli_static` layout), the 404 page as `404.html`.
//! The benchmark serves these with nginx, so both servers send the same
//! bytes; the tests read the list of routes from them. Headers (CSP,
//! caching) are not files and are not exported.

use crate::routes::{Route, NOT_FOUND, ROUTES};
use std::collections::BTreeSet;
use std::io;
use std::path::Path;

/// Writes every route's representations under `dir`; returns how many
/// routes were written.
pub(crate) fn export(dir: &Path) -> io::Result<usize> {
    let mut written = BTreeSet::new();
    for route in ROUTES.iter().chain([&NOT_FOUND]) {
        let file = file_for(route.path);
        if !written.insert(file.clone()) {
            return Err(io::Error::other(format!(
                "two routes map to the file {file}"
            )));
        }
        write(dir, &file, route)?;
    }
    Ok(written.len())
}

/// The file a route path is stored in, relative to the export directory.
fn file_for(path: &str) -> String {
    let relative = path.trim_start_matches('/');
    if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_string()
    }
}

fn write(dir: &Path, file: &str, route: &Route) -> io::Result<()> {
    let target = dir.join(file);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&target, route.identity.bytes)?;
    for (suffix, coded) in [(".gz", &route.gzip), (".br", &route.br)] {
        if let Some(coded) = coded {
            std::fs::write(dir.join(format!("{file}{suffix}")), coded.bytes)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_become_index_files() {
        assert_eq!(file_for("/"), "index.html");
        assert_eq!(file_for("/posts/a/"), "posts/a/index.html");
        assert_eq!(file_for("/static/s.abc.css"), "static/s.abc.css");
        assert_eq!(file_for("/404.html"), "404.html");
    }

    #[test]
    fn no_two_routes_share_a_file() {
        let files: BTreeSet<_> = ROUTES.iter().map(|r| file_for(r.path)).collect();
        assert_eq!(files.len(), ROUTES.len());
    }
}
