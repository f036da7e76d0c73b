//! `phasespace export DIR`: the bytes this binary serves, written out as
//! files the way static servers expect them: `/posts/a/` →
//! `posts/a/index.html`, each stored coding beside its file as `.gz` and
//! `.br` (nginx's `gzip_static` and `brotli_static` layout), the 404 page
//! as `404.html`, and a `_headers` file (the format Netlify and Cloudflare
//! Pages read) giving each path the Cache-Control, CSP and security headers
//! the server itself sends. The benchmark serves these with nginx, so both
//! servers send the same bytes; the tests read the list of routes from them.
//!
//! One difference: a static host has no server to answer `/search`, so
//! the header's search form is taken out of every page (found by its
//! exact bytes, which the build gave the table), and such a page is
//! written without its `.gz` and `.br`, which hold the form and cannot be
//! cut. Static hosts compress HTML as they send it (Netlify, Cloudflare
//! Pages, GitHub Pages; nginx with `gzip on`); the fonts, images and
//! feeds keep their stored codings. Rendering every page a second time
//! without the form, and compressing it, would double the build's
//! slowest step and the pages' bytes in the binary for the export alone.
//! `--as-served` keeps every byte as the server sends it: what the tests
//! compare the server with, and what the benchmark's nginx serves.

use crate::security;
use crate::site::{Route, Site};
use hyper::header::{HeaderMap, CACHE_CONTROL, CONTENT_SECURITY_POLICY};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// The name of the headers file static hosts read.
const HEADERS_FILE: &str = "_headers";

/// Writes every route's representations under `dir`, without the search
/// form unless `as_served`; returns how many routes were written.
pub(crate) fn export(site: &Site, dir: &Path, as_served: bool) -> io::Result<usize> {
    let form = site
        .search
        .as_ref()
        .filter(|_| !as_served)
        .map(|search| &search.form[..]);
    let mut written = BTreeSet::new();
    for route in site.all_routes() {
        let file = file_for(&route.path);
        if !written.insert(file.clone()) {
            return Err(io::Error::other(format!(
                "two routes map to the file {file}"
            )));
        }
        write(dir, &file, route, form)?;
    }
    std::fs::write(dir.join(HEADERS_FILE), headers_file(site))?;
    Ok(written.len())
}

/// `_headers`: for each route's path, the headers the server sends with it
/// (the same `security::add` the server calls), one indented line each.
fn headers_file(site: &Site) -> String {
    let mut out = String::new();
    for route in site.routes.iter() {
        let mut headers = HeaderMap::new();
        headers.insert(CACHE_CONTROL, route.cache_control.clone());
        headers.insert(CONTENT_SECURITY_POLICY, route.csp.clone());
        security::add(&mut headers, &site.bare_csp);
        let _ = writeln!(out, "{}", route.path);
        for (name, value) in &headers {
            let value = value
                .to_str()
                .expect("header values made at build time are ASCII");
            let _ = writeln!(out, "  {name}: {value}");
        }
    }
    out
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

/// Writes `route`'s representations as `file`; without `form` (the
/// search form) and then with no stored coding, where its body holds it.
fn write(dir: &Path, file: &str, route: &Route, form: Option<&[u8]>) -> io::Result<()> {
    let target = dir.join(file);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let bytes = &route.identity.bytes[..];
    let at = form.filter(|form| !form.is_empty()).and_then(|form| {
        Some((
            bytes.windows(form.len()).position(|w| w == form)?,
            form.len(),
        ))
    });
    if let Some((at, len)) = at {
        let mut without = Vec::with_capacity(bytes.len() - len);
        without.extend_from_slice(&bytes[..at]);
        without.extend_from_slice(&bytes[at + len..]);
        return std::fs::write(&target, without);
    }
    std::fs::write(&target, bytes)?;
    for (suffix, coded) in [(".gz", &route.gzip), (".br", &route.br)] {
        if let Some(coded) = coded {
            std::fs::write(dir.join(format!("{file}{suffix}")), &coded.bytes)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::{fixture, Bytes};

    #[test]
    fn directories_become_index_files() {
        assert_eq!(file_for("/"), "index.html");
        assert_eq!(file_for("/posts/a/"), "posts/a/index.html");
        assert_eq!(file_for("/static/s.abc.css"), "static/s.abc.css");
        assert_eq!(file_for("/404.html"), "404.html");
    }

    #[test]
    fn headers_file_gives_every_route_its_own_headers() {
        let site = fixture::site();
        let file = format!("\n{}", headers_file(&site));
        for route in site.routes.iter() {
            let block = file
                .split_once(&format!("\n{}\n", route.path))
                .map(|(_, rest)| rest.split_once("\n/").map_or(rest, |(block, _)| block))
                .unwrap_or_else(|| panic!("{} has a block", route.path));
            let cache = route.cache_control.to_str().unwrap();
            assert!(
                block.contains(&format!("  cache-control: {cache}\n")),
                "{block}"
            );
            let csp = route.csp.to_str().unwrap();
            assert!(
                block.contains(&format!("  content-security-policy: {csp}\n")),
                "{block}"
            );
            assert!(
                block.contains("  x-content-type-options: nosniff\n"),
                "{block}"
            );
        }
    }

    #[test]
    fn every_coding_is_written_beside_its_file() {
        let dir = std::env::temp_dir().join(format!("phasespace-export-{}", std::process::id()));
        let site = fixture::site();
        assert_eq!(export(&site, &dir, true).unwrap(), site.routes.len() + 1);
        let read = |file: &str| std::fs::read(dir.join(file)).unwrap();
        assert_eq!(read("index.html"), b"<p>home</p>");
        assert_eq!(read("index.html.br"), b"br");
        assert_eq!(read("posts/a-post/index.html.gz"), b"gz");
        assert_eq!(read("404.html"), b"<p>not found</p>");
        assert!(!dir.join("static/style.0123abcd.css.br").exists());
        assert!(String::from_utf8(read(HEADERS_FILE))
            .unwrap()
            .starts_with("/\n"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn pages_are_written_without_the_search_form_nor_their_codings() {
        let dir =
            std::env::temp_dir().join(format!("phasespace-export-form-{}", std::process::id()));
        let mut site = fixture::site();
        let mut home = site.routes[0].clone();
        let page = format!("<header>{}</header><p>home</p>", fixture::FORM);
        home.identity.bytes = Bytes::from(page.into_bytes());
        site.routes.to_mut()[0] = home;
        export(&site, &dir, false).unwrap();
        let read = |file: &str| std::fs::read(dir.join(file)).unwrap();
        assert_eq!(read("index.html"), b"<header></header><p>home</p>");
        assert!(!dir.join("index.html.br").exists() && !dir.join("index.html.gz").exists());
        // A page without the form keeps its bytes and codings.
        assert_eq!(read("posts/a-post/index.html"), b"<p>a post</p>");
        assert_eq!(read("posts/a-post/index.html.gz"), b"gz");
        assert!(!dir.join("search").exists() && !dir.join("search.html").exists());
        // As served: every byte, the form and the codings too.
        export(&site, &dir, true).unwrap();
        assert_eq!(read("index.html"), site.routes[0].identity.bytes);
        assert_eq!(read("index.html.br"), b"br");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
