//! Long posts: the contents under the title (`toc = true`), the links to
//! the previous and next posts, and series (a post's place, its parts,
//! the series' pages), on small sites read back with an HTML parser and a
//! feed parser.

mod common;

use common::{body, error, inputs, post};
use render::build_site;
use scraper::{ElementRef, Html, Selector};

fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    html.select(&Selector::parse(css).expect("a valid selector"))
        .collect()
}

fn text(e: &ElementRef) -> String {
    e.text().collect::<String>().trim().to_string()
}

/// Each element's text and href, for `css` in `page`.
fn links(page: &str, css: &str) -> Vec<(String, String)> {
    let html = Html::parse_document(page);
    select(&html, css)
        .iter()
        .map(|e| (text(e), e.value().attr("href").unwrap_or_default().into()))
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn feed_content(site: &render::Site, title: &str) -> String {
    let feed = feed_rs::parser::parse(body(site, "/feed.xml").as_bytes()).unwrap();
    let entry = feed
        .entries
        .iter()
        .find(|e| e.title.as_ref().unwrap().content == title)
        .expect("the post is in the feed");
    entry
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .unwrap_or_default()
}

const LONG: &str = "Intro.\n\n### Before any h2\n\n## One `code` and *more*\n\nText.\n\n\
                    ### One point [linked](#two)\n\n#### Too deep\n\n### One more[^n]\n\n\
                    ## Two $x^2$\n\nEnd.\n\n[^n]: A note.\n";

#[test]
fn contents_list_h2_and_h3_nested_under_the_title_only_with_toc_true() {
    let site = build_site(&inputs(vec![
        post("with", "2026-01-02", "toc = true\n", LONG),
        post("without", "2026-01-01", "", LONG),
    ]))
    .unwrap();
    let page = body(&site, "/posts/with/");
    let html = Html::parse_document(&page);
    let toc = select(&html, "article > nav.toc");
    assert_eq!(toc.len(), 1, "{page}");
    let top: Vec<String> = links(&page, "nav.toc > ol > li > a")
        .into_iter()
        .map(|(_, href)| href)
        .collect();
    assert_eq!(top, ["#before-any-h2", "#one-code-and-more", "#two"]);
    assert_eq!(
        links(&page, "nav.toc > ol > li > ol > li > a"),
        pairs(&[
            ("One point linked", "#one-point-linked"),
            ("One more", "#one-more"),
        ])
    );
    // Read as the heading does: code and emphasis kept, formulas typeset,
    // no link inside a link, no footnote mark.
    let entry = |n: usize| select(&html, "nav.toc a")[n].inner_html();
    assert_eq!(entry(1), "One <code>code</code> and <em>more</em>");
    assert!(entry(4).contains("class=\"katex\""), "{}", entry(4));
    assert!(select(&html, "nav.toc a a, nav.toc sup").is_empty());
    // Under the title, before the body; every target is a heading.
    assert!(page.find("class=\"toc\"").unwrap() > page.find("post-header").unwrap());
    assert!(page.find("class=\"toc\"").unwrap() < page.find("post-body").unwrap());
    for (_, href) in links(&page, "nav.toc a") {
        let id = &href[1..];
        assert_eq!(
            select(&html, &format!(".post-body h2#{id}, .post-body h3#{id}")).len(),
            1,
            "{id}"
        );
    }

    assert!(!body(&site, "/posts/without/").contains("class=\"toc\""));
    let feed = body(&site, "/feed.xml");
    assert!(!feed.contains("toc"), "{feed}");
    assert!(!feed_content(&site, "with").contains("Contents"));
}

#[test]
fn a_toc_without_headings_shows_nothing() {
    let site = build_site(&inputs(vec![post(
        "a",
        "2026-01-02",
        "toc = true\n",
        "Just prose.\n\n#### Too deep\n",
    )]))
    .unwrap();
    assert!(!body(&site, "/posts/a/").contains("class=\"toc\""));
}

#[test]
fn previous_and_next_follow_the_dates_first_has_no_previous_last_no_next() {
    let site = build_site(&inputs(vec![
        post("middle", "2026-02-01", "", ""),
        post("last", "2026-03-01", "", ""),
        post("first", "2026-01-01", "", ""),
        post("draft", "2026-02-15", "draft = true\n", ""),
    ]))
    .unwrap();
    let nav = |slug: &str| links(&body(&site, &format!("/posts/{slug}/")), "nav.post-nav a");
    assert_eq!(nav("first"), pairs(&[("Next middle", "/posts/middle/")]));
    assert_eq!(
        nav("middle"),
        pairs(&[
            ("Previous first", "/posts/first/"),
            ("Next last", "/posts/last/")
        ])
    );
    assert_eq!(nav("last"), pairs(&[("Previous middle", "/posts/middle/")]));
    let page = body(&site, "/posts/middle/");
    let html = Html::parse_document(&page);
    let rels: Vec<&str> = select(&html, "nav.post-nav a")
        .iter()
        .filter_map(|a| a.value().attr("rel"))
        .collect();
    assert_eq!(rels, ["prev", "next"]);
    assert!(page.find("post-nav").unwrap() > page.find("post-body").unwrap());
    assert!(!body(&site, "/feed.xml").contains("/posts/first/\">"));
    assert!(!feed_content(&site, "middle").contains("Previous"));

    // Where drafts are built (the preview), a draft takes its place.
    let mut with_drafts = inputs(vec![
        post("middle", "2026-02-01", "", ""),
        post("last", "2026-03-01", "", ""),
        post("draft", "2026-02-15", "draft = true\n", ""),
    ]);
    with_drafts.include_drafts = true;
    let site = build_site(&with_drafts).unwrap();
    let nav = |slug: &str| links(&body(&site, &format!("/posts/{slug}/")), "nav.post-nav a");
    assert_eq!(nav("middle"), pairs(&[("Next draft", "/posts/draft/")]));
    assert_eq!(nav("last"), pairs(&[("Previous draft", "/posts/draft/")]));
}

#[test]
fn a_lone_post_links_to_no_other() {
    let site = build_site(&inputs(vec![post("only", "2026-01-01", "", "")])).unwrap();
    assert!(!body(&site, "/posts/only/").contains("post-nav"));
}

#[test]
fn series_parts_are_in_date_order_with_their_place_and_a_page() {
    let series = "series = \"GPU Notes\"\n";
    let site = build_site(&inputs(vec![
        post("memory", "2026-02-01", series, ""),
        post("intro", "2026-01-01", series, ""),
        post("aside", "2026-01-15", "", ""),
        post("kernels", "2026-03-01", series, ""),
        post("other", "2026-01-20", "series = \"C++ in anger\"\n", ""),
    ]))
    .unwrap();
    let page = body(&site, "/posts/memory/");
    assert_eq!(
        links(&page, ".post-header .series-line"),
        pairs(&[("Part 2 of 3 in GPU Notes", "")])
    );
    assert_eq!(
        links(&page, ".series-line a"),
        pairs(&[("GPU Notes", "/series/gpu-notes/")])
    );
    assert_eq!(
        links(&page, "aside.series .series-parts li > *"),
        pairs(&[
            ("intro", "/posts/intro/"),
            ("memory", ""),
            ("kernels", "/posts/kernels/"),
        ])
    );
    let html = Html::parse_document(&page);
    assert_eq!(select(&html, ".series-parts [aria-current=page]").len(), 1);
    assert!(page.find("aside class=\"series\"").unwrap() > page.find("post-body").unwrap());
    assert!(!body(&site, "/posts/aside/").contains("series"));

    let series_page = body(&site, "/series/gpu-notes/");
    assert_eq!(links(&series_page, "h1")[0].0, "GPU Notes");
    assert_eq!(
        links(&series_page, ".archive-list a"),
        pairs(&[
            ("intro", "/posts/intro/"),
            ("memory", "/posts/memory/"),
            ("kernels", "/posts/kernels/"),
        ])
    );
    assert_eq!(
        links(&body(&site, "/series/"), ".tag-index a"),
        pairs(&[
            ("C++ in anger", "/series/c-plus-plus-in-anger/"),
            ("GPU Notes", "/series/gpu-notes/"),
        ])
    );
    let sitemap = body(&site, "/sitemap.xml");
    for path in [
        "/series/",
        "/series/gpu-notes/",
        "/series/c-plus-plus-in-anger/",
    ] {
        assert!(
            sitemap.contains(&format!("{path}</loc>")),
            "{path}: {sitemap}"
        );
    }
    // The feed names the series and the place, not the count, which
    // would change every earlier part's item when a part is added.
    let content = feed_content(&site, "memory");
    assert!(
        content.starts_with(
            "<p><em>Part 2 of the series <a href=\"https://blog.example/series/gpu-notes/\">GPU Notes</a>.</em></p>"
        ),
        "{content}"
    );
    assert!(!feed_content(&site, "aside").contains("series"));
}

#[test]
fn a_site_without_series_has_no_series_pages() {
    let site = build_site(&inputs(vec![post("a", "2026-01-01", "", "")])).unwrap();
    assert!(site.routes.iter().all(|r| !r.path.starts_with("/series/")));
    assert!(!body(&site, "/sitemap.xml").contains("/series/"));
}

#[test]
fn series_names_that_make_one_slug_are_one_series_with_a_warning() {
    let site = inputs(vec![
        post("a", "2026-01-01", "series = \"GPU notes\"\n", ""),
        post("b", "2026-01-02", "series = \"GPU Notes\"\n", ""),
        post("c", "2026-01-03", "series = \"???\"\n", ""),
    ]);
    assert_eq!(
        error(&site),
        "posts/c.md:4: series \"???\" has no letter or digit to make its page's address from"
    );
    // Written as often: the newest post's spelling is shown.
    let site = build_site(&inputs(vec![
        post("a", "2026-01-01", "series = \"GPU notes\"\n", ""),
        post("b", "2026-01-02", "series = \"GPU Notes\"\n", ""),
    ]))
    .unwrap();
    let page = Html::parse_document(&body(&site, "/series/gpu-notes/"));
    let title: Vec<String> = select(&page, "h1")
        .iter()
        .map(|h| h.text().collect())
        .collect();
    assert!(title[0].contains("GPU Notes"), "{title:?}");
    assert_eq!(
        site.warnings,
        ["posts/a.md:4: series \"GPU Notes\" (1 post) is also spelled \"GPU notes\" (1 post): all are one series, shown as \"GPU Notes\""]
    );
}
