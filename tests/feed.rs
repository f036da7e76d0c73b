//! End to end: the real binary serves the feed, the sitemap, robots.txt,
//! the archive, and the tag pages and their feeds of the real site; the
//! feeds are read back with a real feed parser and the first post's full
//! content round-trips.

mod common;

use common::{get, Server};
use scraper::{Html, Selector};

/// The base URL the site is built with (`site.toml`, unless overridden).
fn base_url(server: &Server) -> String {
    let (_, _, robots) = get(&server.url("/robots.txt"));
    robots
        .lines()
        .find_map(|l| l.strip_prefix("Sitemap: "))
        .and_then(|s| s.strip_suffix("/sitemap.xml"))
        .expect("robots.txt names the sitemap")
        .to_string()
}

#[test]
fn feed_carries_the_first_post_in_full() {
    let server = Server::start();
    let (status, content_type, xml) = get(&server.url("/feed.xml"));
    assert_eq!(status, 200);
    assert_eq!(content_type, "application/rss+xml; charset=utf-8");
    let base = base_url(&server);

    let feed = feed_rs::parser::parse(xml.as_bytes()).expect("the feed parses");
    // Found by its address: newer posts come before it.
    let first = feed
        .entries
        .iter()
        .find(|e| e.id == format!("{base}/posts/do-i-dare/"))
        .expect("the first post is in the feed");
    assert_eq!(
        first.title.as_ref().unwrap().content,
        "Do I dare / Disturb the universe?"
    );
    assert_eq!(first.links[0].href, format!("{base}/posts/do-i-dare/"));
    assert_eq!(first.id, format!("{base}/posts/do-i-dare/"));
    assert_eq!(
        first.published.unwrap().date_naive().to_string(),
        "2026-11-29"
    );
    let html = first.content.as_ref().unwrap().body.as_ref().unwrap();
    assert!(
        html.contains("class KVCache(nn.Module):\n    &quot;&quot;&quot;A minimal KV cache"),
        "the Python block, plain and whole"
    );
    assert!(
        html.contains("<pre><code>fn phase_portrait"),
        "the Rust block"
    );
    assert!(
        html.contains("<table>") && html.contains("INT8 (per-head)"),
        "the table"
    );
    assert_eq!(html.matches("<math").count(), 2, "both formulas as MathML");
    assert!(!html.contains("katex-html") && !html.contains("hl-"));
    assert!(
        html.contains(&format!("<a href=\"{base}/feed.xml\">the RSS feed</a>")),
        "links are absolute"
    );
    assert!(html.contains("More soon."), "the whole post");
}

#[test]
fn sitemap_and_robots_point_crawlers_at_every_page() {
    let server = Server::start();
    let base = base_url(&server);
    let (status, content_type, robots) = get(&server.url("/robots.txt"));
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/plain; charset=utf-8")
    );
    assert!(robots.contains(&format!("Sitemap: {base}/sitemap.xml")));
    let (status, content_type, sitemap) = get(&server.url("/sitemap.xml"));
    assert_eq!(
        (status, content_type.as_str()),
        (200, "application/xml; charset=utf-8")
    );
    for path in [
        "/",
        "/archive/",
        "/posts/do-i-dare/",
        "/tags/",
        "/tags/meta/",
        "/tags/typography/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>{base}{path}</loc>")),
            "{path} in {sitemap}"
        );
        let (status, _, _) = get(&server.url(path));
        assert_eq!(status, 200, "{path} is served");
    }
}

#[test]
fn pages_link_their_feed_tags_and_canonical_url() {
    let server = Server::start();
    let base = base_url(&server);
    for path in [
        "/",
        "/posts/do-i-dare/",
        "/tags/",
        "/tags/meta/",
        "/no/such/page",
    ] {
        let (_, _, page) = get(&server.url(path));
        let doc = Html::parse_document(&page);
        let one = |css: &str, attr: &str| {
            doc.select(&Selector::parse(css).unwrap())
                .next()
                .and_then(|e| e.value().attr(attr).map(str::to_string))
        };
        assert_eq!(
            one("link[rel=alternate][type='application/rss+xml']", "href"),
            Some(format!("{base}/feed.xml")),
            "{path}"
        );
        let canonical = one("link[rel=canonical]", "href");
        if path == "/no/such/page" {
            assert_eq!(canonical, None);
        } else {
            assert_eq!(canonical, Some(format!("{base}{path}")));
        }
    }
    let (_, _, post) = get(&server.url("/posts/do-i-dare/"));
    assert!(post.contains("<a href=\"/tags/meta/\">meta</a>"));
    assert!(post.contains(" min read"));
    let (_, _, tag) = get(&server.url("/tags/typography/"));
    assert!(tag.contains("href=\"/posts/do-i-dare/\""));
}

#[test]
fn a_tag_page_links_its_own_feed_which_holds_its_posts() {
    let server = Server::start();
    let base = base_url(&server);
    let (_, _, page) = get(&server.url("/tags/meta/"));
    let doc = Html::parse_document(&page);
    let alternates: Vec<&str> = doc
        .select(&Selector::parse("link[rel=alternate][type='application/rss+xml']").unwrap())
        .filter_map(|l| l.value().attr("href"))
        .collect();
    let feed_url = format!("{base}/tags/meta/feed.xml");
    assert_eq!(alternates, [format!("{base}/feed.xml"), feed_url.clone()]);
    let (status, content_type, xml) = get(&server.url("/tags/meta/feed.xml"));
    assert_eq!(
        (status, content_type.as_str()),
        (200, "application/rss+xml; charset=utf-8")
    );
    let feed = feed_rs::parser::parse(xml.as_bytes()).expect("the tag's feed parses");
    assert_eq!(feed.links[0].href, format!("{base}/tags/meta/"));
    assert!(feed
        .entries
        .iter()
        .any(|e| e.id == format!("{base}/posts/do-i-dare/")));
}
