//! The pages a reader browses: tag pages and their index, the home page's
//! newest posts and the archive of every post by year, reading time,
//! footnotes, drafts.

mod common;

use common::{body, error, inputs, post};
use render::build_site;
use scraper::{Html, Selector};

fn texts(html: &str, css: &str) -> Vec<String> {
    Html::parse_document(html)
        .select(&Selector::parse(css).expect("a valid selector"))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

fn hrefs(html: &str, css: &str) -> Vec<String> {
    Html::parse_document(html)
        .select(&Selector::parse(css).expect("a valid selector"))
        .filter_map(|e| e.value().attr("href").map(str::to_string))
        .collect()
}

#[test]
fn tags_have_pages_an_index_and_links_from_posts() {
    let site = build_site(&inputs(vec![
        post("a", "2026-01-02", "tags = [\"rust\", \"ml-infra\"]\n", ""),
        post("b", "2025-05-06", "tags = [\"rust\"]\n", ""),
        post("c", "2025-05-07", "", ""),
    ]))
    .unwrap();
    assert_eq!(
        hrefs(&body(&site, "/posts/a/"), "ul.tags a"),
        ["/tags/rust/", "/tags/ml-infra/"]
    );
    assert_eq!(
        hrefs(&body(&site, "/tags/rust/"), ".archive-list a"),
        ["/posts/a/", "/posts/b/"]
    );
    assert_eq!(
        texts(&body(&site, "/tags/rust/"), "h2.year-heading"),
        ["2026", "2025"]
    );
    assert_eq!(
        hrefs(&body(&site, "/tags/ml-infra/"), ".archive-list a"),
        ["/posts/a/"]
    );
    let index = body(&site, "/tags/");
    assert_eq!(
        hrefs(&index, ".tag-index a"),
        ["/tags/ml-infra/", "/tags/rust/"]
    );
    assert_eq!(texts(&index, ".tag-index li"), ["ml-infra (1)", "rust (2)"]);
}

/// Twelve posts, `p1` the oldest: `p<i>` on the first of month `i`, five
/// in 2024, five in 2025, two in 2026.
fn twelve() -> Vec<render::Source<String>> {
    (1..=12)
        .map(|i| {
            let date = format!("{}-{i:02}-01", 2024 + (i - 1) / 5);
            post(&format!("p{i}"), &date, "", &format!("Post {i}.\n"))
        })
        .collect()
}

#[test]
fn home_shows_the_ten_newest_posts_then_a_link_to_the_archive() {
    let site = build_site(&inputs(twelve())).unwrap();
    let home = body(&site, "/");
    let newest: Vec<String> = (3..=12).rev().map(|i| format!("/posts/p{i}/")).collect();
    assert_eq!(hrefs(&home, ".post-list h2 a"), newest);
    assert_eq!(hrefs(&home, ".archive-link a"), ["/archive/"]);
    assert_eq!(
        texts(&home, ".archive-link"),
        ["Every post, by year · 12 posts"]
    );
    let dates = texts(&home, ".post-list .post-date");
    assert_eq!(dates[0], "1 December 2026 · 1 min read");

    let mut three = inputs(twelve());
    three.settings.home_posts = 3;
    let home = body(&build_site(&three).unwrap(), "/");
    assert_eq!(
        hrefs(&home, ".post-list h2 a"),
        ["/posts/p12/", "/posts/p11/", "/posts/p10/"]
    );
}

#[test]
fn home_shows_each_posts_description_or_else_its_summary() {
    let site = build_site(&inputs(vec![
        post(
            "described",
            "2026-01-03",
            "subtitle = \"The dek.\"\ndescription = \"What it is about.\"\n",
            "Opening.\n\n<!-- more -->\n\nThe rest.\n",
        ),
        post(
            "marked",
            "2026-01-02",
            "",
            "Opening.\n\n<!-- more -->\n\nThe rest.\n",
        ),
        post("plain", "2026-01-01", "", "Nothing marked.\n"),
    ]))
    .unwrap();
    let home = Html::parse_document(&body(&site, "/"));
    let shown: Vec<(String, String)> = home
        .select(&Selector::parse(".post-list li").unwrap())
        .map(|li| {
            let pick = |css: &str| {
                li.select(&Selector::parse(css).unwrap())
                    .map(|e| e.text().collect::<String>())
                    .collect::<String>()
            };
            (pick(".subtitle"), pick(".summary"))
        })
        .collect();
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        shown,
        [
            pair("The dek.", "What it is about."),
            pair("", "Opening."),
            pair("", ""),
        ]
    );
}

#[test]
fn the_archive_lists_every_post_under_its_year_newest_first() {
    let site = build_site(&inputs(twelve())).unwrap();
    let archive = body(&site, "/archive/");
    assert_eq!(texts(&archive, "h2.year-heading"), ["2026", "2025", "2024"]);
    let html = Html::parse_document(&archive);
    let years: Vec<Vec<String>> = html
        .select(&Selector::parse("section.year").unwrap())
        .map(|section| {
            section
                .select(&Selector::parse(".archive-list li").unwrap())
                .map(|li| li.text().collect::<String>())
                .collect()
        })
        .collect();
    assert_eq!(
        years,
        [
            vec!["1 Dec p12", "1 Nov p11"],
            vec!["1 Oct p10", "1 Sep p9", "1 Aug p8", "1 Jul p7", "1 Jun p6"],
            vec!["1 May p5", "1 Apr p4", "1 Mar p3", "1 Feb p2", "1 Jan p1"],
        ]
    );
    assert_eq!(
        hrefs(&archive, "time").len(),
        0,
        "dates are not links: one link a post"
    );
    let all: Vec<String> = (1..=12).rev().map(|i| format!("/posts/p{i}/")).collect();
    assert_eq!(hrefs(&archive, ".archive-list a"), all);
    let datetimes: Vec<String> = html
        .select(&Selector::parse(".archive-list time").unwrap())
        .filter_map(|t| t.value().attr("datetime").map(str::to_string))
        .collect();
    assert_eq!(datetimes[0], "2026-12-01");
    // Every page's footer links it, and the sitemap lists it.
    assert!(hrefs(&body(&site, "/posts/p1/"), "footer a").contains(&"/archive/".to_string()));
    assert!(body(&site, "/sitemap.xml").contains("<loc>https://blog.example/archive/</loc>"));
}

#[test]
fn every_post_is_at_most_two_clicks_from_the_home_page() {
    let site = build_site(&inputs(twelve())).unwrap();
    let home = body(&site, "/");
    let mut reached: Vec<String> = hrefs(&home, "a");
    for page in hrefs(&home, "a") {
        if let Some(route) = site.routes.iter().find(|r| r.path == page) {
            if route.content_type.starts_with("text/html") {
                reached.extend(hrefs(&body(&site, &page), "a"));
            }
        }
    }
    for i in 1..=12 {
        assert!(reached.contains(&format!("/posts/p{i}/")), "p{i}");
    }
}

#[test]
fn the_archive_of_a_site_with_no_post_says_so() {
    let archive = body(&build_site(&inputs(vec![])).unwrap(), "/archive/");
    assert_eq!(texts(&archive, "main p"), ["No post yet."]);
    assert!(hrefs(
        &body(&build_site(&inputs(vec![])).unwrap(), "/"),
        ".archive-link a"
    )
    .is_empty());
}

#[test]
fn reading_time_counts_prose_at_230_words_a_minute() {
    let prose = "word ".repeat(690);
    let code = format!("```\n{}\n```\n", "code ".repeat(5000));
    let site = build_site(&inputs(vec![post(
        "a",
        "2026-01-02",
        "",
        &format!("{prose}\n\n{code}"),
    )]))
    .unwrap();
    let date = texts(&body(&site, "/posts/a/"), ".post-header .post-date");
    assert!(date[0].ends_with(" · 3 min read"), "{date:?}");
}

#[test]
fn footnotes_are_listed_at_the_end_with_links_back() {
    let site = build_site(&inputs(vec![post(
        "a",
        "2026-01-02",
        "",
        "One[^x] and two[^y].\n\n[^y]: Second.\n\n[^x]: First.\n\nLast paragraph.\n",
    )]))
    .unwrap();
    let page = body(&site, "/posts/a/");
    assert_eq!(hrefs(&page, "sup.footnote-ref a"), ["#fn-1", "#fn-2"]);
    assert_eq!(
        texts(&page, ".post-body > section.footnotes li"),
        ["First. ↩", "Second. ↩"]
    );
    assert_eq!(
        hrefs(&page, "section.footnotes li a"),
        ["#fnref-1", "#fnref-2"]
    );
    let last = page.find("Last paragraph").unwrap();
    assert!(page.find("section class=\"footnotes\"").unwrap() > last);
}

#[test]
fn a_missing_footnote_fails_the_build_with_file_and_line() {
    let site = inputs(vec![post("a", "2026-01-02", "", "\nSee[^nope].\n")]);
    assert_eq!(
        error(&site),
        "posts/a.md:6: footnote [^nope] has no definition (`[^nope]: …`)"
    );
}

#[test]
fn a_page_with_math_carries_the_rules_for_its_own_katex_classes_only() {
    let site = build_site(&inputs(vec![
        post("a", "2026-01-02", "", "$x^2$\n"),
        post("b", "2026-01-03", "", "$$\\int_0^1 \\frac{a}{b}\\,dx$$\n"),
        post("c", "2026-01-04", "", "No math.\n"),
    ]))
    .unwrap();
    let rules = |path: &str| -> Vec<String> {
        let page = body(&site, path);
        let used: Vec<String> = Html::parse_document(&page)
            .select(&Selector::parse("[class]").expect("a valid selector"))
            .flat_map(|e| e.value().classes().map(str::to_string).collect::<Vec<_>>())
            .filter(|c| c.starts_with("k-"))
            .collect();
        let styles = texts(&page, "head style");
        let defined: Vec<String> = styles
            .iter()
            .flat_map(|s| s.lines())
            .filter_map(|l| l.strip_prefix('.')?.split('{').next().map(str::to_string))
            .filter(|c| c.starts_with("k-"))
            .collect();
        for class in &used {
            assert!(defined.contains(class), "{path}: {class} has a rule");
        }
        for class in &defined {
            assert!(used.contains(class), "{path}: {class} is used");
        }
        defined
    };
    let (a, b) = (rules("/posts/a/"), rules("/posts/b/"));
    assert!(!a.is_empty() && !b.is_empty());
    assert_ne!(a, b);
    assert!(rules("/posts/c/").is_empty());
    assert_eq!(
        texts(&body(&site, "/posts/c/"), "head style").len(),
        1,
        "no KaTeX stylesheet"
    );
}

#[test]
fn a_post_ends_with_up_to_three_related_posts_not_in_the_feed() {
    let tagged = |tag: &str| format!("tags = [\"{tag}\"]\n");
    let site = build_site(&inputs(vec![
        post(
            "paged-kv",
            "2026-01-06",
            &tagged("inference"),
            "Paged attention keeps the KV cache in blocks.\n",
        ),
        post(
            "kv-eviction",
            "2026-01-05",
            &tagged("inference"),
            "Evicting blocks from the KV cache under memory pressure.\n",
        ),
        post(
            "prefix-cache",
            "2026-01-04",
            &tagged("inference"),
            "Sharing cache blocks between requests with a common prefix.\n",
        ),
        post(
            "speculative",
            "2026-01-03",
            &tagged("inference"),
            "Speculative decoding with a draft model.\n",
        ),
        post(
            "sourdough",
            "2026-01-02",
            &tagged("baking"),
            "Bread from flour and water.\n",
        ),
        post(
            "rye",
            "2026-01-01",
            &tagged("baking"),
            "Rye flour makes a dense bread.\n",
        ),
        post("alone", "2025-01-01", "", "Quiet prose of its own.\n"),
    ]))
    .unwrap();
    let related = |slug: &str| hrefs(&body(&site, &format!("/posts/{slug}/")), ".related a");
    // Three at most, never itself; a shared tag alone ranks below a tag
    // and words.
    let paged = related("paged-kv");
    assert_eq!(paged.len(), 3);
    assert!(!paged.contains(&"/posts/paged-kv/".to_string()));
    let mut sorted = paged[..2].to_vec();
    sorted.sort();
    assert_eq!(sorted, ["/posts/kv-eviction/", "/posts/prefix-cache/"]);
    assert_eq!(paged[2], "/posts/speculative/");
    assert_eq!(related("sourdough"), ["/posts/rye/"]);
    assert_eq!(related("rye"), ["/posts/sourdough/"]);
    // A post that shares nothing shows no related posts at all.
    assert!(!body(&site, "/posts/alone/").contains("class=\"related\""));
    // After the body, before previous and next.
    let page = body(&site, "/posts/sourdough/");
    let at = |needle: &str| page.find(needle).unwrap_or_else(|| panic!("{needle}"));
    assert!(at("class=\"post-body\"") < at("class=\"related\""));
    assert!(at("class=\"related\"") < at("class=\"post-nav\""));
    assert_eq!(
        texts(&page, ".related li"),
        ["rye 1 January 2026"],
        "title and date"
    );
    // The feed carries the posts, not what the site says around them.
    let feed = body(&site, "/feed.xml");
    assert!(!feed.contains("Related posts"));
    let item = feed
        .split("<item>")
        .find(|i| i.contains("/posts/sourdough/"))
        .unwrap();
    assert!(!item.contains("/posts/rye/"), "{item}");
}
