//! The RSS feed of small sites, read back with a real feed parser
//! (`feed-rs`): order, absolute links, dates, and full content that a feed
//! reader can show without the site's stylesheet.

mod common;

use common::{body, inputs, post, BASE_URL};
use feed_rs::model::Feed;
use render::build_site;

fn parse(xml: &str) -> Feed {
    feed_rs::parser::parse(xml.as_bytes()).expect("the feed parses as a feed")
}

fn content(feed: &Feed, entry: usize) -> String {
    feed.entries[entry]
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .expect("the entry has full content")
}

#[test]
fn feed_is_rss_with_every_post_newest_first() {
    let site = build_site(&inputs(vec![
        post("old", "2025-03-01", "", "Old.\n"),
        post("new", "2026-01-02", "updated = 2026-02-03\n", "New.\n"),
        post("draft", "2026-06-01", "draft = true\n", "Unpublished.\n"),
    ]))
    .unwrap();
    let route = site.routes.iter().find(|r| r.path == "/feed.xml").unwrap();
    assert_eq!(route.content_type, "application/rss+xml; charset=utf-8");
    let xml = body(&site, "/feed.xml");
    assert!(xml.contains("<rss version=\"2.0\""), "{xml}");
    assert!(
        xml.contains(&format!(
            "<atom:link href=\"{BASE_URL}/feed.xml\" rel=\"self\" type=\"application/rss+xml\"/>"
        )),
        "{xml}"
    );
    assert!(
        xml.contains("<lastBuildDate>Tue, 03 Feb 2026 00:00:00 +0000</lastBuildDate>"),
        "{xml}"
    );
    let feed = parse(&xml);
    assert_eq!(feed.title.unwrap().content, "phase space");
    let titles: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.title.clone().unwrap().content)
        .collect();
    assert_eq!(titles, ["new", "old"]);
    let new = &feed.entries[0];
    assert_eq!(new.links[0].href, format!("{BASE_URL}/posts/new/"));
    assert_eq!(new.id, format!("{BASE_URL}/posts/new/"));
    assert_eq!(
        new.published.unwrap().to_rfc3339(),
        "2026-01-02T00:00:00+00:00"
    );
    assert!(xml.contains(&format!(
        "<guid isPermaLink=\"true\">{BASE_URL}/posts/new/</guid>"
    )));
}

#[test]
fn content_is_complete_and_readable_without_the_stylesheet() {
    let site = build_site(&inputs(vec![
        post(
            "full",
            "2026-01-01",
            "subtitle = \"Sub & title\"\ntags = [\"ml\"]\n",
            "Intro with a [link](../other/#part) and $E = mc^2$.\n\n\
             ```rust\nfn main() { let x = 1 < 2; }\n```\n\n\
             | a | b |\n|---|--:|\n| x | 1 |\n\n\
             A claim.[^n]\n\n[^n]: The note ]]> with a CDATA end.\n",
        ),
        post("other", "2025-01-01", "", "## Part\n"),
    ]))
    .unwrap();
    let feed = parse(&body(&site, "/feed.xml"));
    let html = content(&feed, 0);
    assert!(
        html.contains(&format!(
            "<a href=\"{BASE_URL}/posts/other/#part\">link</a>"
        )),
        "{html}"
    );
    assert!(html.contains("<math"), "math is MathML: {html}");
    assert!(!html.contains("katex-html"), "no KaTeX HTML: {html}");
    assert!(
        html.contains("<pre><code>fn main() { let x = 1 &lt; 2; }\n</code></pre>"),
        "code is plain: {html}"
    );
    assert!(!html.contains("hl-"), "no highlighting classes: {html}");
    assert!(
        html.contains("<table>") && html.contains("<td>x</td>"),
        "{html}"
    );
    assert!(html.contains("The note ]]&gt; with a CDATA end."), "{html}");
    assert!(
        html.contains(&format!("href=\"{BASE_URL}/posts/full/#fn-1\"")),
        "{html}"
    );
    let entry = &feed.entries[0];
    assert_eq!(entry.summary.as_ref().unwrap().content, "Sub & title");
    assert_eq!(entry.categories[0].term, "ml");
}

#[test]
fn empty_site_has_a_valid_empty_feed() {
    let site = build_site(&inputs(vec![])).unwrap();
    let feed = parse(&body(&site, "/feed.xml"));
    assert!(feed.entries.is_empty());
}
