//! The link check: every internal link in a post lands on a route, and on
//! an id of that page when it names one, or the build fails naming the
//! file and line of each broken link. Links as other engines write them
//! land too: Zola's `@/` paths (and Hugo's `ref`, which becomes one), a
//! post's old addresses (sent straight to the post, on the page and in
//! the feed), the heading ids Zola, GitHub, Hugo and Jekyll make, and ids
//! written in raw HTML.

mod common;

use common::{body, error, inputs, post, source, BASE_URL};
use render::{build_site, Site};
use scraper::{Html, Selector};

/// The `href` of every link in the body of the post page at `path`.
fn hrefs(site: &Site, path: &str) -> Vec<String> {
    let page = Html::parse_document(&body(site, path));
    let links = Selector::parse(".post-body a[href]:not(.self-link)").unwrap();
    page.select(&links)
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect()
}

/// Every link of the post at `link` in the feed.
fn feed_hrefs(site: &Site, link: &str) -> Vec<String> {
    let feed = feed_rs::parser::parse(body(site, "/feed.xml").as_bytes()).unwrap();
    let entry = feed
        .entries
        .iter()
        .find(|e| e.links.iter().any(|l| l.href == link))
        .expect("the post is in the feed");
    let html = entry.content.as_ref().unwrap().body.as_ref().unwrap();
    let links = Selector::parse("a[href]").unwrap();
    Html::parse_fragment(html)
        .select(&links)
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect()
}

#[test]
fn links_to_posts_sections_footnotes_feed_and_tags_pass() {
    let site = inputs(vec![
        post(
            "a",
            "2026-01-02",
            "tags = [\"t\"]\n",
            "## Intro\n\n[b](/posts/b/#setup), [same](#intro), [note](#fn-1), \
             [feed](/feed.xml), [tag](/tags/t/), [tags](/tags/), [home](/), \
             [up](../b/), [out](https://example.org/x), [mail](mailto:a@b.c).[^1]\n\n[^1]: n\n",
        ),
        post("b", "2026-01-01", "", "## Setup\n"),
    ]);
    build_site(&site).unwrap();
}

#[test]
fn every_broken_link_is_named_with_file_and_line() {
    let site = inputs(vec![
        post(
            "a",
            "2026-01-02",
            "",
            "\n[gone](/posts/gone/)\n\n[anchor](#nowhere) and [other](/posts/b/#nope)\n",
        ),
        post("b", "2026-01-01", "", "\n\n[typo](/tag/t/)\n"),
    ]);
    assert_eq!(
        error(&site).lines().collect::<Vec<_>>(),
        [
            "posts/a.md:6: broken link \"/posts/gone/\": no page at /posts/gone/",
            "posts/a.md:8: broken link \"#nowhere\": no heading or footnote #nowhere on /posts/a/",
            "posts/a.md:8: broken link \"/posts/b/#nope\": no heading or footnote #nope on /posts/b/",
            "posts/b.md:7: broken link \"/tag/t/\": no page at /tag/t/",
        ]
    );
}

#[test]
fn a_link_to_a_draft_is_broken_unless_drafts_are_published() {
    let mut site = inputs(vec![
        post("a", "2026-01-02", "", "[soon](/posts/d/)\n"),
        post("d", "2026-01-01", "draft = true\n", ""),
    ]);
    assert_eq!(
        error(&site),
        "posts/a.md:5: broken link \"/posts/d/\": no page at /posts/d/"
    );
    site.include_drafts = true;
    build_site(&site).unwrap();
}

#[test]
fn zola_at_links_name_a_post_by_its_source_and_a_bare_name_as_hugos_ref_does() {
    let site = build_site(&inputs(vec![
        post(
            "a",
            "2026-01-03",
            "",
            "[one](@/2024-01-01-first.md), [two](@/second/index.md#setup), \
             [ref](@/second.md), [html](<@/2024-01-01-first.md#intro>)\n",
        ),
        post("2024-01-01-first", "2026-01-01", "", "## Intro\n"),
        source(
            "posts/second/index.md",
            "Second",
            "2026-01-02",
            "",
            "## Setup\n",
        ),
    ]))
    .unwrap();
    assert_eq!(
        hrefs(&site, "/posts/a/"),
        // A file name's leading day is its date, not part of its slug.
        [
            "/posts/first/",
            "/posts/second/#setup",
            "/posts/second/",
            "/posts/first/#intro",
        ]
    );
}

#[test]
fn an_at_link_to_no_post_or_to_a_missing_heading_fails_at_its_line() {
    let site = inputs(vec![
        post(
            "a",
            "2026-01-02",
            "",
            "[gone](@/gone.md)\n\n[nope](@/b.md#nope)\n\n[deep](@/x/b.md)\n",
        ),
        post("b", "2026-01-01", "", ""),
    ]);
    assert_eq!(
        error(&site).lines().collect::<Vec<_>>(),
        [
            "posts/a.md:5: broken link \"@/gone.md\": no post posts/gone.md",
            "posts/a.md:7: broken link \"@/b.md#nope\": no heading or footnote #nope on /posts/b/",
            "posts/a.md:9: broken link \"@/x/b.md\": no post posts/x/b.md",
        ]
    );
}

#[test]
fn a_link_to_an_old_address_goes_straight_to_the_post_on_the_page_and_in_the_feed() {
    let site = build_site(&inputs(vec![
        post(
            "a",
            "2026-01-02",
            "",
            "[old](/2019/01/b.html), [section](/blog/b/#setup), \
             [absolute](https://blog.example/blog/b), [html](</2019/01/b.html?x=1>)\n",
        ),
        post(
            "b",
            "2026-01-01",
            "aliases = [\"/2019/01/b.html\", \"/blog/b/\"]\n",
            "## Setup\n",
        ),
    ]))
    .unwrap();
    assert_eq!(
        hrefs(&site, "/posts/a/"),
        ["/posts/b/", "/posts/b/#setup", "/posts/b/", "/posts/b/?x=1",]
    );
    let absolute = format!("{BASE_URL}/posts/b/");
    assert_eq!(
        feed_hrefs(&site, &format!("{BASE_URL}/posts/a/")),
        [
            absolute.clone(),
            format!("{absolute}#setup"),
            absolute.clone(),
            format!("{absolute}?x=1"),
        ]
    );
    // The alias still answers, for readers who arrive from elsewhere.
    assert!(site
        .aliases
        .contains(&("/blog/b/".into(), "/posts/b/".into())));
}

#[test]
fn a_relative_link_written_for_the_posts_old_address_lands_on_the_post_it_meant() {
    // As on the Rust blog: a post once at `/2023/11/09/parallel-rustc.html`,
    // then at Zola's `path`, links its own section as
    // `parallel-rustc.html#how-to-use-it`, and a sibling by its old address.
    let site = build_site(&inputs(vec![
        post(
            "parallel-rustc",
            "2023-11-09",
            "path = \"2023/11/09/parallel-rustc\"\naliases = [\"2023/11/09/parallel-rustc.html\"]\n",
            "Skip to [how to use it](parallel-rustc.html#how-to-use-it), \
             see [the survey](../../../10/01/survey/).\n\n\
             <p>In HTML: <a href=\"../../../10/01/survey/#results\">the results</a>.</p>\n\n\
             ## How to use it\n",
        ),
        post(
            "survey",
            "2023-10-01",
            "path = \"2023/10/01/survey\"\n",
            "## Results\n",
        ),
    ]))
    .unwrap();
    let hrefs = hrefs(&site, "/posts/parallel-rustc/");
    assert_eq!(
        hrefs,
        [
            "/posts/parallel-rustc/#how-to-use-it",
            "/posts/survey/",
            "/posts/survey/#results",
        ]
    );
    assert_eq!(
        feed_hrefs(&site, &format!("{BASE_URL}/posts/parallel-rustc/")),
        hrefs
            .iter()
            .map(|h| format!("{BASE_URL}{h}"))
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_relative_link_that_names_a_post_from_its_address_here_is_kept() {
    // `../b/` names post b from `/posts/a/`; from the old address
    // `/blog/a/` it would be post c's old one: the address here wins.
    let site = build_site(&inputs(vec![
        post(
            "a",
            "2026-01-03",
            "aliases = [\"/blog/a/\"]\n",
            "[b](../b/)\n",
        ),
        post("b", "2026-01-02", "", ""),
        post("c", "2026-01-01", "aliases = [\"/blog/b/\"]\n", ""),
    ]))
    .unwrap();
    assert_eq!(hrefs(&site, "/posts/a/"), ["../b/"]);
}

#[test]
fn a_relative_link_that_names_nothing_from_any_address_fails_at_its_line() {
    let site = inputs(vec![post(
        "a",
        "2026-01-02",
        "path = \"2023/11/09/a\"\n",
        "\n[gone](../gone/)\n",
    )]);
    assert_eq!(
        error(&site),
        "posts/a.md:7: broken link \"../gone/\": no page at /posts/gone/"
    );
}

#[test]
fn a_fragment_written_for_githubs_id_of_an_emoji_heading_lands_percent_encoded() {
    // As on the Rust blog: github-slugger keeps the emoji's U+FE0F, and
    // the link writes it percent-encoded, as a browser decodes it.
    build_site(&inputs(vec![post(
        "a",
        "2026-01-02",
        "",
        "[Faster](#faster-builds-initiatives--%EF%B8%8F)\n\n\
         ### Faster Builds Initiatives (👩\u{200d}💻, 🛠\u{fe0f})\n",
    )]))
    .expect("the fragment lands");
}

#[test]
fn a_link_to_an_old_address_with_a_missing_heading_fails_at_its_line() {
    let site = inputs(vec![
        post("a", "2026-01-02", "", "\n[old](/blog/b/#nope)\n"),
        post("b", "2026-01-01", "aliases = [\"/blog/b/\"]\n", ""),
    ]);
    assert_eq!(
        error(&site),
        "posts/a.md:6: broken link \"/blog/b/#nope\": no heading or footnote #nope on /posts/b/"
    );
}

#[test]
fn headings_carry_the_ids_zola_github_hugo_and_jekyll_give_them() {
    let site = build_site(&inputs(vec![
        post(
            "a",
            "2026-01-02",
            "",
            "## What's next?\n\n## TOML 1.1\n\n## Safety (🦀)\n\n## Notes\n\n## Notes\n\n\
             [zola](#what-s-next) [github](#whats-next) [ours](#whats-next) \
             [dots](#toml-1-1) [hugo](#toml-11) [emoji](#safety-crab) [second](#notes-1) \
             [ours-second](#notes-2) [from b](/posts/b/#what-s-next)\n",
        ),
        post(
            "b",
            "2026-01-01",
            "",
            "[back](/posts/a/#toml-1-1)\n\n## What's next\n",
        ),
    ]))
    .unwrap();
    let page = Html::parse_document(&body(&site, "/posts/a/"));
    let ids = |selector: &str| -> Vec<String> {
        page.select(&Selector::parse(selector).unwrap())
            .map(|e| e.value().attr("id").unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids("h2"),
        ["whats-next", "toml-11", "safety", "notes", "notes-2"]
    );
    // Each other engine's id is an empty anchor at the start of its
    // heading; the site's own ids are not repeated.
    assert_eq!(
        ids("h2 > a[id]"),
        [
            "what-s-next",
            "toml-1-1",
            "safety-crab",
            "safety-",
            "notes-1"
        ]
    );
    assert!(page
        .select(&Selector::parse("h2 > a[id]").unwrap())
        .all(|a| a.inner_html().is_empty() && a.value().attr("href").is_none()));
}

#[test]
fn ids_written_in_raw_html_are_link_targets() {
    let site = inputs(vec![post(
        "a",
        "2026-01-02",
        "",
        "<a name=\"old-anchor\"></a>\n\n<div id=\"box\">\n\nText <span id=\"inline\">here</span>.\n\n</div>\n\n\
         [a](#old-anchor) [b](#box) [c](#inline)\n\n[d](#span)\n",
    )]);
    assert_eq!(
        error(&site),
        "posts/a.md:15: broken link \"#span\": no heading or footnote #span on /posts/a/"
    );
}
