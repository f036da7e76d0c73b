//! What search engines, link previews and feed readers find: the sitemap,
//! robots.txt, `/favicon.ico` and the meta tags in every page's head.

mod common;

use common::{body, inputs, post, BASE_URL};
use render::build_site;
use scraper::{Html, Selector};

fn attr(html: &str, css: &str, name: &str) -> Option<String> {
    Html::parse_document(html)
        .select(&Selector::parse(css).expect("a valid selector"))
        .next()
        .and_then(|e| e.value().attr(name).map(str::to_string))
}

#[test]
fn sitemap_lists_home_posts_and_tag_pages_with_dates() {
    let site = build_site(&inputs(vec![
        post("a", "2026-01-02", "tags = [\"rust\"]\n", ""),
        post("b", "2025-05-06", "tags = [\"rust\", \"ml\"]\n", ""),
    ]))
    .unwrap();
    let xml = body(&site, "/sitemap.xml");
    let entries: Vec<(String, String)> = xml
        .split("<url>")
        .skip(1)
        .map(|u| {
            let field = |tag: &str| {
                u.split(&format!("<{tag}>"))
                    .nth(1)
                    .and_then(|r| r.split('<').next())
                    .unwrap_or_default()
                    .to_string()
            };
            (field("loc"), field("lastmod"))
        })
        .collect();
    let expect = |path: &str, date: &str| (format!("{BASE_URL}{path}"), date.to_string());
    assert_eq!(
        entries,
        [
            expect("/", "2026-01-02"),
            expect("/archive/", "2026-01-02"),
            expect("/posts/a/", "2026-01-02"),
            expect("/posts/b/", "2025-05-06"),
            expect("/tags/", "2026-01-02"),
            expect("/tags/ml/", "2025-05-06"),
            expect("/tags/rust/", "2026-01-02"),
        ]
    );
}

#[test]
fn robots_points_at_the_absolute_sitemap() {
    let site = build_site(&inputs(vec![])).unwrap();
    assert_eq!(
        body(&site, "/robots.txt"),
        format!("User-agent: *\nAllow: /\n\nSitemap: {BASE_URL}/sitemap.xml\n")
    );
}

/// The repository's own `static/favicon.svg` drawn into `/favicon.ico`:
/// an ICO file of three PNG images, 16, 32 and 48 pixels wide, each
/// drawing the spiral in the light scheme's ink around the accent-red dot
/// (the SVG's dark-scheme rules do not apply to an icon).
#[test]
fn favicon_ico_is_drawn_from_the_svg_at_three_sizes() {
    let svg = concat!(env!("CARGO_MANIFEST_DIR"), "/../static/favicon.svg");
    let mut inputs = inputs(vec![post("a", "2026-01-02", "", "")]);
    let favicon = inputs
        .statics
        .iter_mut()
        .find(|s| s.path == "favicon.svg")
        .unwrap();
    favicon.content = std::fs::read(svg).unwrap().into();
    let site = build_site(&inputs).unwrap();
    let route = site
        .routes
        .iter()
        .find(|r| r.path == "/favicon.ico")
        .expect("the site has /favicon.ico");
    assert_eq!(route.content_type, "image/x-icon");
    assert_eq!(route.cache, render::CachePolicy::Revalidate);
    let icon = ico::IconDir::read(std::io::Cursor::new(&route.body)).expect("an ICO file");
    assert_eq!(icon.resource_type(), ico::ResourceType::Icon);
    let sizes: Vec<(u32, u32)> = icon
        .entries()
        .iter()
        .map(|e| (e.width(), e.height()))
        .collect();
    assert_eq!(sizes, [(16, 16), (32, 32), (48, 48)]);
    for entry in icon.entries() {
        let image = entry.decode().expect("each image decodes");
        let rgba = image.rgba_data();
        let side = image.width() as usize;
        let pixel = |x: usize, y: usize| &rgba[(y * side + x) * 4..][..4];
        assert_eq!(
            pixel(side / 2, side / 2),
            [0x94, 0x31, 0x1a, 255],
            "{side}: the dot"
        );
        let ink = rgba
            .chunks_exact(4)
            .filter(|p| p[3] > 0 && p[..3].iter().all(|&c| c < 0x40))
            .count();
        assert!(ink >= side, "{side}: the spiral, dark, has {ink} pixels");
        assert_eq!(pixel(0, 0)[3], 0, "{side}: a transparent corner");
    }
}

#[test]
fn post_head_has_canonical_description_open_graph_and_feed() {
    let site = build_site(&inputs(vec![post(
        "a",
        "2026-01-02",
        "subtitle = \"The dek\"\ndescription = \"What it is about\"\n",
        "",
    )]))
    .unwrap();
    let page = body(&site, "/posts/a/");
    let url = format!("{BASE_URL}/posts/a/");
    for (css, name, expect) in [
        ("link[rel=canonical]", "href", url.as_str()),
        ("meta[name=description]", "content", "What it is about"),
        ("meta[property='og:title']", "content", "a"),
        (
            "meta[property='og:description']",
            "content",
            "What it is about",
        ),
        ("meta[property='og:url']", "content", &url),
        ("meta[property='og:type']", "content", "article"),
        ("meta[property='og:site_name']", "content", "phase space"),
        ("meta[name='twitter:card']", "content", "summary"),
        (
            "link[rel=alternate][type='application/rss+xml']",
            "href",
            &format!("{BASE_URL}/feed.xml"),
        ),
    ] {
        assert_eq!(attr(&page, css, name).as_deref(), Some(expect), "{css}");
    }
}

#[test]
fn every_page_links_its_feed_and_only_real_pages_claim_a_canonical_url() {
    let site = build_site(&inputs(vec![post(
        "a",
        "2026-01-02",
        "tags = [\"t\"]\n",
        "",
    )]))
    .unwrap();
    for route in site
        .routes
        .iter()
        .filter(|r| r.content_type.starts_with("text/html"))
    {
        let page = String::from_utf8(route.body.to_vec()).unwrap();
        assert!(
            attr(
                &page,
                "link[rel=alternate][type='application/rss+xml']",
                "href"
            )
            .is_some(),
            "{}",
            route.path
        );
        assert_eq!(
            attr(&page, "link[rel=canonical]", "href"),
            Some(format!("{BASE_URL}{}", route.path))
        );
    }
    let home = body(&site, "/");
    assert_eq!(
        attr(&home, "meta[property='og:type']", "content").as_deref(),
        Some("website")
    );
    let not_found = String::from_utf8(site.not_found.body.to_vec()).unwrap();
    assert_eq!(attr(&not_found, "link[rel=canonical]", "href"), None);
    assert!(attr(&not_found, "link[rel=alternate]", "href").is_some());
}
