//! Links inside posts: resolving a link as written against the page it sits
//! on, making it absolute for feed readers, and checking at build time that
//! every internal link lands on a route (and on an id of that page, when it
//! names a fragment). A link may name a post by another of its names (an
//! `@/` source path, an old address): `addresses` says which post, and
//! the link is checked as the page links it, to the post. External links
//! are left alone: the build makes no network requests.

mod addresses;

pub use addresses::Addresses;

use anyhow::{bail, Result};
use std::collections::{BTreeMap, BTreeSet};
use url::Url;

/// A link target as the writer wrote it, and where (`file:line`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Link {
    pub href: String,
    pub at: String,
}

/// Whether `href` leaves the site: it has a scheme (`https:`, `mailto:`)
/// or is scheme-relative (`//host/…`).
pub fn is_external(href: &str) -> bool {
    href.starts_with("//") || Url::parse(href).is_ok()
}

/// `href` (not external) resolved against the page at `page` (a path
/// beginning with `/`) as a browser would (RFC 3986): the site path it
/// points at, with its query and fragment. `fig.png` on `/posts/a/` is
/// `/posts/a/fig.png`, `../b/` is `/posts/b/`, `#x` is `/posts/a/#x`.
pub fn resolve(page: &str, href: &str) -> String {
    let base = Url::parse(SITE)
        .and_then(|site| site.join(page))
        .expect("a page path joins onto an origin");
    match base.join(href) {
        Ok(url) => url[url::Position::BeforePath..].to_string(),
        // Unparseable (e.g. an invalid port after `//`): keep it as written,
        // so the link check reports it.
        Err(_) => href.to_string(),
    }
}

/// The origin relative links are resolved against; never printed.
const SITE: &str = "http://site.invalid/";

/// `href` as an absolute URL for a reader outside the site (a feed
/// reader): site paths are prefixed with `base_url`, external links kept.
pub fn absolute(base_url: &str, page: &str, href: &str) -> String {
    if is_external(href) {
        href.to_string()
    } else {
        format!("{base_url}{}", resolve(page, href))
    }
}

/// `href` as a path of this site (a link written with the site's own
/// address is internal too), or `None` when it leaves the site.
fn site_path<'h>(href: &'h str, base_url: &str) -> Option<&'h str> {
    match href.strip_prefix(base_url) {
        Some("") => Some("/"),
        Some(rest) if rest.starts_with(['/', '?', '#']) => Some(rest),
        _ if is_external(href) => None,
        _ => Some(href),
    }
}

/// What an internal link may land on: every route, the ids each page
/// holds (only pages whose ids are known are checked for fragments), and
/// the other names of posts.
pub struct Targets<'a> {
    pub routes: BTreeSet<&'a str>,
    pub ids: BTreeMap<&'a str, &'a BTreeSet<String>>,
    pub addresses: &'a Addresses,
}

/// Checks every link of the page at `page`; fails with one line per broken
/// link, `file:line: broken link "…": why`.
pub fn check(page: &str, links: &[Link], base_url: &str, targets: &Targets) -> Result<()> {
    let broken: Vec<String> = links
        .iter()
        .filter_map(|link| {
            problem(page, &link.href, base_url, targets)
                .map(|why| format!("{}: broken link \"{}\": {why}", link.at, link.href))
        })
        .collect();
    if !broken.is_empty() {
        bail!("{}", broken.join("\n"));
    }
    Ok(())
}

/// Why `href` on `page` lands nowhere, or `None` if it lands.
fn problem(page: &str, href: &str, base_url: &str, targets: &Targets) -> Option<String> {
    // The page links a post's other name to the post itself.
    let renamed = match targets.addresses.target(page, href, base_url) {
        Ok(renamed) => renamed,
        Err(why) => return Some(why),
    };
    let href = site_path(renamed.as_deref().unwrap_or(href), base_url)?;
    let resolved = resolve(page, href);
    let (path, fragment) = match resolved.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (resolved.as_str(), None),
    };
    let path = path.split('?').next().unwrap_or(path);
    // `/posts/a` is answered with a redirect to `/posts/a/`.
    let slashed = format!("{path}/");
    let Some(route) = [path, slashed.as_str()]
        .into_iter()
        .find(|p| targets.routes.contains(p))
    else {
        return Some(format!("no page at {path}"));
    };
    // A browser finds the id as written, or percent-decoded.
    let lands = |ids: &BTreeSet<String>, id: &str| {
        ids.contains(id)
            || ids.contains(&*percent_encoding::percent_decode_str(id).decode_utf8_lossy())
    };
    match (fragment, targets.ids.get(route)) {
        (Some(id), Some(ids)) if !id.is_empty() && !lands(ids, id) => {
            Some(format!("no heading or footnote #{id} on {route}"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_links_have_a_scheme_or_start_with_two_slashes() {
        for href in [
            "https://x.org",
            "mailto:a@b.c",
            "//cdn.example/x",
            "git+ssh:x",
        ] {
            assert!(is_external(href), "{href}");
        }
        for href in ["/posts/a/", "fig.png", "#x", "1x:y", "a/b:c"] {
            assert!(!is_external(href), "{href}");
        }
    }

    #[test]
    fn relative_links_resolve_against_the_page() {
        let page = "/posts/a/";
        for (href, expect) in [
            ("fig.png", "/posts/a/fig.png"),
            ("img/fig.png", "/posts/a/img/fig.png"),
            ("../b/", "/posts/b/"),
            ("../b/#sec", "/posts/b/#sec"),
            ("../../", "/"),
            ("../../../", "/"),
            ("./", "/posts/a/"),
            ("..", "/posts/"),
            ("#x", "/posts/a/#x"),
            ("?q=1", "/posts/a/?q=1"),
            ("", "/posts/a/"),
            ("/feed.xml", "/feed.xml"),
            ("/posts/./b/../c/", "/posts/c/"),
        ] {
            assert_eq!(resolve(page, href), expect, "{href}");
        }
    }

    #[test]
    fn absolute_prefixes_the_base_url_and_keeps_external_links() {
        let base = "https://blog.example";
        assert_eq!(
            absolute(base, "/posts/a/", "fig.png"),
            "https://blog.example/posts/a/fig.png"
        );
        assert_eq!(
            absolute(base, "/posts/a/", "#x"),
            "https://blog.example/posts/a/#x"
        );
        assert_eq!(
            absolute(base, "/posts/a/", "https://other.org/"),
            "https://other.org/"
        );
    }

    fn targets<'a>(ids: &'a BTreeSet<String>) -> Targets<'a> {
        Targets {
            routes: [
                "/",
                "/posts/a/",
                "/posts/b/",
                "/posts/a/fig.png",
                "/feed.xml",
            ]
            .into_iter()
            .collect(),
            ids: [("/posts/a/", ids), ("/posts/b/", ids)]
                .into_iter()
                .collect(),
            addresses: Box::leak(Box::default()),
        }
    }

    fn link(href: &str) -> Link {
        Link {
            href: href.into(),
            at: "posts/a.md:3".into(),
        }
    }

    #[test]
    fn links_that_land_pass() {
        let ids = BTreeSet::from(["intro".to_string(), "café".to_string()]);
        let links: Vec<Link> = [
            "#caf%C3%A9",
            "/",
            "/feed.xml",
            "#intro",
            "/posts/b/#intro",
            "../b/",
            "/posts/b",
            "fig.png",
            "https://example.org/anything",
            "https://blog.example/posts/b/#intro",
            "/posts/b/?utm=x",
            "#",
        ]
        .map(link)
        .to_vec();
        check("/posts/a/", &links, "https://blog.example", &targets(&ids)).unwrap();
    }

    #[test]
    fn broken_links_are_each_named_with_file_and_line() {
        let ids = BTreeSet::from(["intro".to_string()]);
        let links = [
            "/posts/c/",
            "#outro",
            "/posts/b/#nope",
            "figure.png",
            "https://blog.example/nope",
        ]
        .map(link)
        .to_vec();
        let err = check("/posts/a/", &links, "https://blog.example", &targets(&ids))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err.lines().collect::<Vec<_>>(),
            [
                "posts/a.md:3: broken link \"/posts/c/\": no page at /posts/c/",
                "posts/a.md:3: broken link \"#outro\": no heading or footnote #outro on /posts/a/",
                "posts/a.md:3: broken link \"/posts/b/#nope\": no heading or footnote #nope on /posts/b/",
                "posts/a.md:3: broken link \"figure.png\": no page at /posts/a/figure.png",
                "posts/a.md:3: broken link \"https://blog.example/nope\": no page at /nope",
            ]
        );
    }
}
