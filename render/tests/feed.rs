//! The RSS feeds of small sites, read back with a real feed parser
//! (`feed-rs`): order, absolute links, dates, full content that a feed
//! reader can show without the site's stylesheet, only the newest posts
//! (`feed_limit`), a summary marked `<!-- more -->` as the description of
//! a post that has none; each tag's feed of its posts, linked from its
//! page.

mod common;

use common::{body, inputs, post, BASE_URL};
use feed_rs::model::Feed;
use render::build_site;
use scraper::{Html, Selector};

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

/// `n` posts, a day apart, each about `words` words of prose that does not
/// repeat itself (so that it compresses as prose does, not as a pattern).
fn many_posts(n: usize, words: usize) -> Vec<render::Source<String>> {
    const VOCABULARY: [&str; 16] = [
        "gradient",
        "the",
        "kernel",
        "of",
        "memory",
        "batch",
        "a",
        "scheduler",
        "and",
        "latency",
        "tensor",
        "is",
        "cache",
        "to",
        "throughput",
        "model",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..n)
        .map(|i| {
            let mut body = String::new();
            for w in 0..words {
                // xorshift: deterministic, and no two posts alike.
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let word = VOCABULARY[(state % 16) as usize];
                body.push_str(word);
                body.push_str(if w % 12 == 11 { ".\n" } else { " " });
                if w % 120 == 119 {
                    body.push('\n');
                }
            }
            let date = time::Date::from_calendar_date(2020, time::Month::January, 1).unwrap()
                + time::Duration::days(i as i64);
            post(&format!("p{i}"), &date.to_string(), "", &body)
        })
        .collect()
}

#[test]
fn the_feed_holds_the_newest_feed_limit_posts_in_full() {
    let site = build_site(&inputs(many_posts(25, 40))).unwrap();
    let feed = parse(&body(&site, "/feed.xml"));
    let titles: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.title.clone().unwrap().content)
        .collect();
    let newest: Vec<String> = (5..25).rev().map(|i| format!("p{i}")).collect();
    assert_eq!(titles, newest);
    assert!(content(&feed, 19).contains("<p>"), "in full");

    let mut few = inputs(many_posts(5, 40));
    few.settings.feed_limit = 2;
    let feed = parse(&body(&build_site(&few).unwrap(), "/feed.xml"));
    assert_eq!(feed.entries.len(), 2);
}

#[test]
fn at_750_posts_the_feed_is_under_300_kb_brotli() {
    // About 1,500 words a post, a long technical post's length.
    let site = build_site(&inputs(many_posts(750, 1_500))).unwrap();
    let xml = body(&site, "/feed.xml");
    let mut compressed = Vec::new();
    brotli::BrotliCompress(
        &mut xml.as_bytes(),
        &mut compressed,
        &brotli::enc::BrotliEncoderParams::default(),
    )
    .unwrap();
    assert_eq!(parse(&xml).entries.len(), 20);
    assert!(
        compressed.len() < 300_000,
        "{} bytes brotli ({} plain)",
        compressed.len(),
        xml.len()
    );
}

#[test]
fn a_summary_marked_more_describes_a_post_without_a_description() {
    let site = build_site(&inputs(vec![
        post(
            "marked",
            "2026-01-02",
            "",
            "The *first* paragraph.\n\n<!-- more -->\n\nThe rest.\n",
        ),
        post(
            "described",
            "2026-01-01",
            "description = \"Said in the front matter.\"\n",
            "Opening.\n\n<!-- more -->\n\nThe rest.\n",
        ),
    ]))
    .unwrap();
    let feed = parse(&body(&site, "/feed.xml"));
    let summaries: Vec<&str> = feed
        .entries
        .iter()
        .map(|e| e.summary.as_ref().unwrap().content.as_str())
        .collect();
    assert_eq!(
        summaries,
        ["The first paragraph.", "Said in the front matter."]
    );
    assert!(
        content(&feed, 0).contains("The rest."),
        "the content is whole"
    );
    let home = Html::parse_document(&body(&site, "/"));
    let shown: Vec<String> = home
        .select(&Selector::parse(".post-list p.summary").unwrap())
        .map(|p| p.text().collect())
        .collect();
    // The home page says what the feed says: the description, else the
    // summary.
    assert_eq!(shown, ["The first paragraph.", "Said in the front matter."]);
}

#[test]
fn each_tag_has_a_feed_of_its_posts_newest_first() {
    let site = build_site(&inputs(vec![
        post("a", "2026-01-01", "tags = [\"Rust\"]\n", "A.\n"),
        post("b", "2026-01-02", "tags = [\"GPU\", \"Rust\"]\n", "B.\n"),
        post("c", "2026-01-03", "tags = [\"GPU\"]\n", "C.\n"),
        post("d", "2026-01-04", "", "D.\n"),
    ]))
    .unwrap();
    let route = site
        .routes
        .iter()
        .find(|r| r.path == "/tags/rust/feed.xml")
        .expect("the tag has a feed");
    assert_eq!(route.content_type, "application/rss+xml; charset=utf-8");
    let xml = body(&site, "/tags/rust/feed.xml");
    assert!(
        xml.contains(&format!(
            "<atom:link href=\"{BASE_URL}/tags/rust/feed.xml\" rel=\"self\" type=\"application/rss+xml\"/>"
        )),
        "{xml}"
    );
    let feed = parse(&xml);
    assert_eq!(
        feed.title.as_ref().unwrap().content,
        "Posts tagged “Rust” — phase space"
    );
    assert_eq!(feed.links[0].href, format!("{BASE_URL}/tags/rust/"));
    let entries = |feed: &Feed| -> Vec<(String, String)> {
        (0..feed.entries.len())
            .map(|i| (feed.entries[i].id.clone(), content(feed, i)))
            .collect()
    };
    let expect = |slugs: &[&str]| -> Vec<(String, String)> {
        slugs
            .iter()
            .map(|s| {
                (
                    format!("{BASE_URL}/posts/{s}/"),
                    format!("<p>{}.</p>\n", s.to_uppercase()),
                )
            })
            .collect()
    };
    assert_eq!(entries(&feed), expect(&["b", "a"]));
    let gpu = parse(&body(&site, "/tags/gpu/feed.xml"));
    assert_eq!(entries(&gpu), expect(&["c", "b"]));
    // The site's feed is every post's, as before.
    assert_eq!(
        parse(&body(&site, "/feed.xml")).entries.len(),
        4,
        "the site's feed"
    );
}

#[test]
fn a_tags_feed_holds_its_newest_feed_limit_posts() {
    let mut few = inputs(
        (1..=5)
            .map(|i| {
                post(
                    &format!("p{i}"),
                    &format!("2026-01-0{i}"),
                    "tags = [\"t\"]\n",
                    "",
                )
            })
            .collect(),
    );
    few.settings.feed_limit = 2;
    let feed = parse(&body(&build_site(&few).unwrap(), "/tags/t/feed.xml"));
    let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            format!("{BASE_URL}/posts/p5/"),
            format!("{BASE_URL}/posts/p4/")
        ]
    );
}

#[test]
fn a_tag_page_links_its_feed_for_readers_and_feed_readers() {
    let site = build_site(&inputs(vec![post(
        "a",
        "2026-01-01",
        "tags = [\"C++\"]\n",
        "",
    )]))
    .unwrap();
    let page = Html::parse_document(&body(&site, "/tags/c-plus-plus/"));
    let alternates: Vec<(String, String, String)> = page
        .select(&Selector::parse("head link[rel=alternate]").unwrap())
        .map(|l| {
            let attr = |name| l.value().attr(name).unwrap_or_default().to_string();
            (attr("type"), attr("title"), attr("href"))
        })
        .collect();
    let rss = "application/rss+xml".to_string();
    assert_eq!(
        alternates,
        [
            (
                rss.clone(),
                "phase space".into(),
                format!("{BASE_URL}/feed.xml")
            ),
            (
                rss,
                "Posts tagged “C++” — phase space".into(),
                format!("{BASE_URL}/tags/c-plus-plus/feed.xml")
            ),
        ]
    );
    let visible: Vec<&str> = page
        .select(&Selector::parse("main a[type='application/rss+xml']").unwrap())
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(visible, ["/tags/c-plus-plus/feed.xml"]);
    // Only a tag page names a second feed.
    let post = Html::parse_document(&body(&site, "/posts/a/"));
    assert_eq!(
        post.select(&Selector::parse("head link[rel=alternate]").unwrap())
            .count(),
        1
    );
}
