//! What search engines, link previews and feed readers find: the sitemap,
//! robots.txt and the meta tags in every page's head.

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
        let page = String::from_utf8(route.body.clone()).unwrap();
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
    let not_found = String::from_utf8(site.not_found.body.clone()).unwrap();
    assert_eq!(attr(&not_found, "link[rel=canonical]", "href"), None);
    assert!(attr(&not_found, "link[rel=alternate]", "href").is_some());
}
