//! The site's own address (issue 17): pages built with
//! `PHASESPACE_BASE_URL=https://blog.example.org` point readers there and
//! nowhere else. The repository's own inputs go through `render` here, as
//! build.rs sends them, so no second build of the binary is needed.

use scraper::{Html, Selector};
use std::path::Path;

const BASE: &str = "https://blog.example.org";

/// The repository's site, rendered for `BASE` (settings from site.toml,
/// drafts left out, whatever this process's environment says).
fn site() -> render::Site {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let inputs = render::inputs::read(root, |var| {
        (var == "PHASESPACE_BASE_URL").then(|| format!("{BASE}/"))
    })
    .expect("the repository's inputs read");
    render::build_site(&inputs).expect("the repository's site builds")
}

fn text(route: &render::Route) -> &str {
    std::str::from_utf8(&route.body).unwrap()
}

#[test]
fn pages_feed_and_sitemap_point_at_the_base_url_only() {
    let site = site();
    let route = |path: &str| {
        site.routes
            .iter()
            .find(|r| r.path == path)
            .unwrap_or_else(|| panic!("no route {path}"))
    };

    // No body, not even the 404 page or a font, names the local default.
    for route in site.routes.iter().chain([&site.not_found]) {
        let local = route.body.windows(9).any(|w| w == b"127.0.0.1");
        assert!(!local, "{} names 127.0.0.1", route.path);
    }

    // Every page's canonical link and og:url are its own absolute URL.
    let canonical = Selector::parse(r#"link[rel="canonical"]"#).unwrap();
    let og_url = Selector::parse(r#"meta[property="og:url"]"#).unwrap();
    let pages: Vec<_> = site
        .routes
        .iter()
        .filter(|r| r.content_type.starts_with("text/html"))
        .collect();
    assert!(pages.iter().any(|r| r.path.starts_with("/posts/")));
    for page in pages {
        let html = Html::parse_document(text(page));
        let url = format!("{BASE}{}", page.path);
        let attr = |selector, name| {
            let element = html.select(selector).next();
            let found = element.and_then(|e: scraper::ElementRef| e.value().attr(name));
            assert_eq!(found, Some(url.as_str()), "{} {name}", page.path);
        };
        attr(&canonical, "href");
        attr(&og_url, "content");
    }

    // The feed: its own link and every entry's.
    let feed = feed_rs::parser::parse(&route("/feed.xml").body[..]).expect("the feed parses");
    assert!(!feed.entries.is_empty());
    let links = feed
        .links
        .iter()
        .chain(feed.entries.iter().flat_map(|e| &e.links));
    for link in links {
        assert!(link.href.starts_with(&format!("{BASE}/")), "{}", link.href);
    }

    // The sitemap: every <loc>.
    let sitemap = text(route("/sitemap.xml"));
    let locs: Vec<_> = sitemap.split("<loc>").skip(1).collect();
    assert!(!locs.is_empty(), "{sitemap}");
    for loc in locs {
        assert!(loc.starts_with(&format!("{BASE}/")), "{loc:.80}");
    }

    // robots.txt names the sitemap there.
    let robots = text(route("/robots.txt"));
    assert!(
        robots.contains(&format!("Sitemap: {BASE}/sitemap.xml\n")),
        "{robots}"
    );
}
