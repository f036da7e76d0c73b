//! Static files (`static/`) → routes, and the URL each one is served at.
//! Templates never spell a static URL themselves: they ask `Assets::url`.
//!
//! Every static file is served at a fingerprinted URL
//! (`static/fonts/a.woff2` → `/static/fonts/a.<hash>.woff2`, the hash taken
//! from the bytes served), so its route is `CachePolicy::Immutable`: a new
//! version is a new URL. Every one the pages do not use themselves is
//! also served at its own path (`plain`: `static/assets/x.png` at
//! `/assets/x.png`, where Hugo and Jekyll serve it and posts copied from
//! them link it), revalidated, since that URL stays when the file changes;
//! the site's own (the stylesheets pages inline, the favicon, and the
//! fonts the stylesheets name) are not served twice. Stylesheets may name other static files by their
//! logical URL (`url("/static/fonts/a.woff2")`) or relative to themselves
//! (`url(fonts/a.woff2)`): those references are rewritten to the
//! fingerprinted URLs, the referenced files hashed first, so a font that
//! changes changes the stylesheet's URL too.

use crate::css::css_urls;
use crate::fingerprint::fingerprint;
use crate::fonts::preload;
use crate::mime::content_type;
use crate::site::{CachePolicy, Route};
use crate::source::Source;
use anyhow::{anyhow, bail, Result};
use bytes::Bytes;
use std::collections::{BTreeMap, BTreeSet};

/// The site's stylesheet, by its name under `static/`.
pub const STYLESHEET: &str = "style.css";
/// KaTeX's stylesheet, linked only by pages that hold math.
pub const MATH_STYLESHEET: &str = "katex/katex.min.css";
pub const FAVICON: &str = "favicon.svg";

/// Every file under `static/` the templates link to or inline: checked up
/// front so a missing one fails the build with its name, not a panic. (The
/// fonts they preload are named by the stylesheets, which must hold them.)
const REQUIRED: &[&str] = &[STYLESHEET, MATH_STYLESHEET, FAVICON];

/// Every static file's route, the URL of each by its name under
/// `static/`, the text of each stylesheet, which pages inline, and the
/// fonts pages preload.
pub struct Assets {
    pub routes: Vec<Route>,
    urls: BTreeMap<String, String>,
    stylesheets: BTreeMap<String, String>,
    /// Fonts every page preloads, by name under `static/`: those that set
    /// its prose (`preload::PROSE`). Preloading fetches them with the HTML
    /// instead of after the stylesheet.
    page_fonts: Vec<String>,
    /// Fonts pages with math preload: those that set a formula
    /// (`preload::FORMULA`).
    math_fonts: Vec<String>,
}

impl Assets {
    /// Routes for `statics`, each with the CSS `generated` holds for it
    /// (by name under `static/`) appended (`generated`).
    pub fn build(statics: &[Source<Bytes>], generated: &BTreeMap<&str, String>) -> Result<Assets> {
        for name in REQUIRED {
            if !statics.iter().any(|s| s.path == *name) {
                bail!("static/{name}: missing: every page links to it");
            }
        }
        let mut files = BTreeMap::new();
        for file in statics {
            let body = match generated.get(file.path.as_str()) {
                Some(css) => Bytes::from([&file.content[..], css.as_bytes()].concat()),
                None => file.content.clone(),
            };
            files.insert(file.path.as_str(), body);
        }
        let page_fonts = preloads(&files, STYLESHEET, preload::PROSE)?;
        let math_fonts = preloads(&files, MATH_STYLESHEET, preload::FORMULA)?;
        let mut fingerprinter = Fingerprinter {
            files: &files,
            done: BTreeMap::new(),
            in_progress: Vec::new(),
        };
        for name in files.keys() {
            fingerprinter.url(name)?;
        }
        let mut routes = Vec::new();
        let mut urls = BTreeMap::new();
        let mut stylesheets = BTreeMap::new();
        for (name, (url, body)) in fingerprinter.done {
            urls.insert(name.to_string(), url.clone());
            if name.ends_with(".css") {
                stylesheets.insert(name.to_string(), inlinable(name, &body)?);
            }
            routes.push(Route {
                path: url,
                content_type: content_type(name),
                body,
                cache: CachePolicy::Immutable,
                ranges: false,
            });
        }
        Ok(Assets {
            routes,
            urls,
            stylesheets,
            page_fonts,
            math_fonts,
        })
    }

    /// The fonts every page preloads, by name under `static/`.
    pub fn page_fonts(&self) -> &[String] {
        &self.page_fonts
    }

    /// The fonts pages with math preload, by name under `static/`.
    pub fn math_fonts(&self) -> &[String] {
        &self.math_fonts
    }

    /// The text of the stylesheet `static/<name>` as served (references
    /// rewritten, generated rules appended), for a page's `<style>`.
    pub fn stylesheet(&self, name: &str) -> &str {
        self.stylesheets
            .get(name)
            .unwrap_or_else(|| panic!("a template inlines static/{name}, which is no stylesheet"))
    }

    /// Every static file: its name under `static/` and its route.
    pub fn files(&self) -> impl Iterator<Item = (&str, &Route)> {
        self.urls.iter().filter_map(|(name, url)| {
            let route = self.routes.iter().find(|route| &route.path == url)?;
            Some((name.as_str(), route))
        })
    }

    /// The URL of `static/<name>`; templates only name files in `REQUIRED`.
    pub fn url(&self, name: &str) -> &str {
        self.urls
            .get(name)
            .unwrap_or_else(|| panic!("a template names static/{name}, which does not exist"))
    }
}

/// The routes of the files under `statics` the pages do not use
/// themselves, each at its own path: `static/assets/x.png` at
/// `/assets/x.png`. Like a file beside a post, each is revalidated and
/// may be fetched in parts.
pub fn plain(statics: &[Source<Bytes>]) -> Vec<Route> {
    let own = used_by_pages(statics);
    statics
        .iter()
        .filter(|file| !own.contains(&file.path))
        .map(|file| Route {
            path: format!("/{}", file.path),
            content_type: content_type(&file.path),
            body: file.content.clone(),
            cache: CachePolicy::Revalidate,
            ranges: true,
        })
        .collect()
}

/// Fails naming every file of `plain` (the static files served at their
/// own path) whose path is one of `routes` (the site's other routes).
pub fn check_plain<'a>(plain: &[Route], routes: impl IntoIterator<Item = &'a Route>) -> Result<()> {
    let taken: BTreeSet<&str> = routes.into_iter().map(|r| r.path.as_str()).collect();
    crate::source::fail_with_all(
        plain
            .iter()
            .filter(|file| taken.contains(file.path.as_str()))
            .map(|file| {
                anyhow!(
                    "static{}: would be served at {}, which is the site's own: rename or remove it",
                    file.path,
                    file.path
                )
            })
            .collect(),
    )
}

/// The names under `static/` of the files the pages use: `REQUIRED`, and
/// every file their stylesheets name (fonts), through stylesheets they
/// import. A stylesheet that cannot be read is left for `Assets::build`
/// to report.
fn used_by_pages(statics: &[Source<Bytes>]) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let mut pending: Vec<String> = REQUIRED.iter().map(|name| name.to_string()).collect();
    while let Some(name) = pending.pop() {
        if !used.insert(name.clone()) || !name.ends_with(".css") {
            continue;
        }
        let Some(css) = statics
            .iter()
            .find(|file| file.path == name)
            .and_then(|file| std::str::from_utf8(&file.content).ok())
        else {
            continue;
        };
        let _ = css_urls::rewrite(&name, css, |reference| {
            pending.extend(static_target(&name, reference).map(|(target, _)| target));
            Ok(None)
        });
    }
    used
}

/// The CSS the build writes into static stylesheets, by name: the
/// highlighting classes' colours (`highlight_css`), for the site's.
pub fn generated(highlight_css: String) -> BTreeMap<&'static str, String> {
    BTreeMap::from([(STYLESHEET, highlight_css)])
}

/// The fonts that draw `sample` as the stylesheet `static/<name>` sets it
/// (`preload::files`), by name under `static/`. A font it names that does
/// not exist is reported when its reference is rewritten.
fn preloads(files: &BTreeMap<&str, Bytes>, name: &str, sample: &str) -> Result<Vec<String>> {
    let path = format!("static/{name}");
    let css =
        std::str::from_utf8(&files[name]).map_err(|e| anyhow!("{path}: not UTF-8 text: {e}"))?;
    let urls = preload::files(&(path, css.to_string()), sample)?;
    Ok(urls
        .iter()
        .filter_map(|url| static_target(name, url))
        .map(|(target, _)| target)
        .collect())
}

/// Names files after their final bytes, depth first: a stylesheet's
/// references are resolved (and hashed) before the stylesheet itself.
struct Fingerprinter<'a> {
    /// Every static file by name, as found.
    files: &'a BTreeMap<&'a str, Bytes>,
    /// Finished files: name → (URL, final body).
    done: BTreeMap<&'a str, (String, Bytes)>,
    /// The chain of stylesheets being resolved, to report a cycle.
    in_progress: Vec<&'a str>,
}

impl<'a> Fingerprinter<'a> {
    fn url(&mut self, name: &str) -> Result<String> {
        if let Some((url, _)) = self.done.get(name) {
            return Ok(url.clone());
        }
        let (name, raw) = self
            .files
            .get_key_value(name)
            .ok_or_else(|| anyhow!("no such file under static/"))?;
        if self.in_progress.contains(name) {
            bail!(
                "stylesheets reference each other in a cycle: {} → {name}",
                self.in_progress.join(" → ")
            );
        }
        let body = if name.ends_with(".css") {
            let path = format!("static/{name}");
            let css =
                std::str::from_utf8(raw).map_err(|e| anyhow!("{path}: not UTF-8 text: {e}"))?;
            self.in_progress.push(name);
            let rewritten = css_urls::rewrite(&path, css, |reference| {
                match static_target(name, reference) {
                    Some((target, suffix)) => Ok(Some(self.url(&target)? + suffix)),
                    None => Ok(None),
                }
            });
            self.in_progress.pop();
            Bytes::from(rewritten?.into_bytes())
        } else {
            raw.clone()
        };
        let url = fingerprinted_url(name, &fingerprint(&body));
        self.done.insert(name, (url.clone(), body));
        Ok(url)
    }
}

/// The stylesheet `name` (its final bytes, `body`) as text a `<style>`
/// element can hold: one holding `</style` would end the element early.
fn inlinable(name: &str, body: &[u8]) -> Result<String> {
    let text =
        std::str::from_utf8(body).map_err(|e| anyhow!("static/{name}: not UTF-8 text: {e}"))?;
    if text.to_ascii_lowercase().contains("</style") {
        bail!("static/{name}: holds \"</style\", which would end the <style> element pages inline it in");
    }
    Ok(text.to_string())
}

/// `/static/<name>` with `.<hash>` before the last extension.
fn fingerprinted_url(name: &str, hash: &str) -> String {
    let file_start = name.rfind('/').map_or(0, |i| i + 1);
    match name[file_start..].rfind('.') {
        Some(dot) => {
            let (stem, extension) = name.split_at(file_start + dot);
            format!("/static/{stem}.{hash}{extension}")
        }
        None => format!("/static/{name}.{hash}"),
    }
}

/// The static file a reference in stylesheet `css_name` points at, and the
/// `?query` or `#fragment` to keep after it; `None` for references to
/// anything else (other sites, `data:`, pages of the site, fragments).
fn static_target<'r>(css_name: &str, reference: &'r str) -> Option<(String, &'r str)> {
    let split = reference.find(['?', '#']).unwrap_or(reference.len());
    let (target, suffix) = reference.split_at(split);
    let has_scheme = target
        .find(':')
        .is_some_and(|colon| !target[..colon].contains('/'));
    if target.is_empty() || has_scheme || target.starts_with("//") {
        return None;
    }
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.strip_prefix("static/")?.to_string(),
        None => match css_name.rfind('/') {
            Some(slash) => format!("{}/{target}", &css_name[..slash]),
            None => target.to_string(),
        },
    };
    // Resolve `.` and `..`; one that climbs out of static/ is kept as
    // written, so it is reported as a file that does not exist.
    let mut segments: Vec<&str> = Vec::new();
    for segment in joined.split('/') {
        match segment {
            "." => {}
            ".." if segments.pop().is_some() => {}
            ".." => return Some((joined.clone(), suffix)),
            other => segments.push(other),
        }
    }
    Some((segments.join("/"), suffix))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Assets from `files`, plus a placeholder for each required file
    /// `files` does not give.
    fn build(files: &[(&str, &str)]) -> Result<Assets> {
        let mut statics: Vec<Source<Bytes>> = REQUIRED
            .iter()
            .map(|name| Source {
                path: name.to_string(),
                content: format!("/* {name} */").into(),
            })
            .collect();
        for (path, content) in files {
            statics.retain(|s| s.path != *path);
            statics.push(Source {
                path: path.to_string(),
                content: Bytes::copy_from_slice(content.as_bytes()),
            });
        }
        Assets::build(&statics, &generated("\n/* highlighting */".into()))
    }

    fn body<'a>(assets: &'a Assets, name: &str) -> &'a str {
        let url = assets.url(name);
        let route = assets.routes.iter().find(|r| r.path == url).unwrap();
        std::str::from_utf8(&route.body).unwrap()
    }

    #[test]
    fn urls_carry_the_hash_before_the_extension() {
        assert_eq!(
            fingerprinted_url("style.css", "abc"),
            "/static/style.abc.css"
        );
        assert_eq!(
            fingerprinted_url("fonts/a.b.woff2", "abc"),
            "/static/fonts/a.b.abc.woff2"
        );
        assert_eq!(
            fingerprinted_url("v1.2/LICENSE", "abc"),
            "/static/v1.2/LICENSE.abc"
        );
    }

    #[test]
    fn every_file_is_served_only_at_its_fingerprinted_url_and_immutable() {
        let assets = build(&[("fonts/a.woff2", "font bytes")]).unwrap();
        let font = assets.url("fonts/a.woff2");
        assert_eq!(
            font,
            format!("/static/fonts/a.{}.woff2", fingerprint(b"font bytes"))
        );
        let paths: Vec<_> = assets.routes.iter().map(|r| r.path.as_str()).collect();
        let mut expected: Vec<_> = REQUIRED.iter().map(|name| assets.url(name)).collect();
        expected.push(font);
        expected.sort();
        assert_eq!(paths, expected);
        assert!(assets
            .routes
            .iter()
            .all(|r| r.cache == CachePolicy::Immutable));
    }

    #[test]
    fn stylesheet_references_become_fingerprinted_urls() {
        let css = "@font-face{src:url(\"/static/fonts/a.woff2\") format(\"woff2\")}\n\
                   .x{background:url(img/b.png#frag)}\n\
                   .y{background:url(data:image/png;base64,AA)}\n\
                   .z{background:url(https://example.org/c.png)}\n\
                   .w{background:url(/feed.xml)}";
        let assets = build(&[
            ("style.css", css),
            ("fonts/a.woff2", "A"),
            ("img/b.png", "B"),
        ])
        .unwrap();
        let expected = format!(
            "@font-face{{src:url(\"{}\") format(\"woff2\")}}\n\
             .x{{background:url(\"{}#frag\")}}\n\
             .y{{background:url(data:image/png;base64,AA)}}\n\
             .z{{background:url(https://example.org/c.png)}}\n\
             .w{{background:url(/feed.xml)}}",
            assets.url("fonts/a.woff2"),
            assets.url("img/b.png"),
        );
        assert!(body(&assets, STYLESHEET).starts_with(&expected));
        // The stylesheet's own hash is of what is served, rewritten.
        let served = body(&assets, STYLESHEET).as_bytes();
        assert!(assets.url(STYLESHEET).contains(&fingerprint(served)));
    }

    #[test]
    fn relative_references_resolve_from_the_stylesheets_directory() {
        let assets = build(&[
            (
                "katex/katex.css",
                "a{b:url(fonts/k.woff2)} c{d:url(../top.png)}",
            ),
            ("katex/fonts/k.woff2", "K"),
            ("top.png", "T"),
        ])
        .unwrap();
        let css = body(&assets, "katex/katex.css");
        assert!(css.contains(assets.url("katex/fonts/k.woff2")), "{css}");
        assert!(css.contains(assets.url("top.png")), "{css}");
    }

    #[test]
    fn a_changed_font_changes_the_stylesheets_url() {
        let css = ("style.css", "a{src:url(/static/f.woff2)}");
        let one = build(&[css, ("f.woff2", "1")]).unwrap();
        let two = build(&[css, ("f.woff2", "2")]).unwrap();
        assert_ne!(one.url(STYLESHEET), two.url(STYLESHEET));
    }

    #[test]
    fn a_reference_to_a_missing_file_names_stylesheet_and_line() {
        let err = build(&[("style.css", "a{}\nb{src:url(/static/fonts/gone.woff2)}")])
            .err()
            .unwrap();
        assert_eq!(
            err.to_string(),
            "static/style.css:2: url(/static/fonts/gone.woff2): no such file under static/"
        );
        let err = build(&[("style.css", "b{src:url(../../etc/passwd)}")])
            .err()
            .unwrap();
        assert!(
            err.to_string().ends_with("no such file under static/"),
            "{err}"
        );
    }

    #[test]
    fn stylesheets_that_import_each_other_in_a_cycle_are_an_error() {
        let err = build(&[
            ("style.css", "@import url(b.css);"),
            ("b.css", "@import url(style.css);"),
        ])
        .err()
        .unwrap();
        assert!(
            err.to_string().contains("cycle: b.css → style.css → b.css"),
            "{err}"
        );
    }

    #[test]
    fn a_stylesheet_that_would_end_its_style_element_is_an_error() {
        let err = build(&[("style.css", "a::after{content:\"</STYLE>\"}")])
            .err()
            .unwrap();
        assert_eq!(
            err.to_string(),
            "static/style.css: holds \"</style\", which would end the <style> element pages inline it in"
        );
        let assets = build(&[("style.css", "a{b:c}")]).unwrap();
        assert!(assets.stylesheet("style.css").starts_with("a{b:c}\n"));
    }
}
