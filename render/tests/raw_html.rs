//! Raw HTML in posts, checked and served as markdown is: every `href`,
//! `src` and `srcset` goes through the link check (a broken one fails at
//! its line), files under `static/` are served at their own path as Hugo
//! and Jekyll serve them, a raw `<img>` of a local image gets its box and,
//! for a raster image, the responsive files a markdown image gets, and an
//! inline style is allowed by its hash in that page's policy.

mod common;

use common::{body, error, inputs, png, post, BASE_URL, COLUMN};
use render::output::csp;
use render::{build_site, CachePolicy, Inputs, Site, Source};
use scraper::{ElementRef, Html, Selector};

/// A site of `posts` with `files` under `static/` besides the site's own.
fn with_statics(posts: Vec<Source<String>>, files: Vec<(&str, Vec<u8>)>) -> Inputs {
    let mut site = inputs(posts);
    site.statics
        .extend(files.into_iter().map(|(path, content)| Source {
            path: path.into(),
            content: content.into(),
        }));
    site
}

fn select<'h>(html: &'h Html, selector: &str) -> Vec<ElementRef<'h>> {
    html.select(&Selector::parse(selector).unwrap()).collect()
}

fn attr<'e>(element: &ElementRef<'e>, name: &str) -> Option<&'e str> {
    element.value().attr(name)
}

fn route<'s>(site: &'s Site, path: &str) -> Option<&'s render::Route> {
    site.routes.iter().find(|r| r.path == path)
}

#[test]
fn a_raw_img_of_a_static_file_is_served_at_its_path_with_its_box() {
    let site = build_site(&with_statics(
        vec![post(
            "a",
            "2026-01-02",
            "",
            "Text.\n\n<p class=\"c\">\n<img src=\"/assets/x.png\" alt=\"Small\">\n</p>\n",
        )],
        vec![("assets/x.png", png(200, 100))],
    ))
    .unwrap();
    let file = route(&site, "/assets/x.png").expect("served at its own path");
    assert_eq!(file.body, png(200, 100));
    assert_eq!(file.cache, CachePolicy::Revalidate);
    let page = Html::parse_document(&body(&site, "/posts/a/"));
    let [img] = select(&page, "p.c img")[..] else {
        panic!("one img in the writer's paragraph")
    };
    assert_eq!(
        (attr(&img, "src"), attr(&img, "alt")),
        (Some("/assets/x.png"), Some("Small"))
    );
    assert_eq!(
        (attr(&img, "width"), attr(&img, "height")),
        (Some("200"), Some("100"))
    );
    assert_eq!(attr(&img, "decoding"), Some("async"));
}

#[test]
fn a_wide_raw_img_becomes_a_responsive_picture_keeping_the_writers_attributes() {
    let site = build_site(&with_statics(
        vec![post(
            "a",
            "2026-01-02",
            "",
            "Text.\n\n<img src=\"/assets/wide.png\" class=\"shot\" title=\"T\" style=\"border:none;\" width=\"100%\">\n\n\
             <a href=\"/assets/wide.png\"><img src=\"/assets/wide.png\" alt=\"linked\" width=\"160\"></a>\n",
        )],
        vec![("assets/wide.png", png(1000, 500))],
    ))
    .unwrap();
    let page = Html::parse_document(&body(&site, "/posts/a/"));
    let pictures = select(&page, "picture");
    assert_eq!(pictures.len(), 2, "both images are pictures");
    let [first, second] = &select(&page, "picture > img")[..] else {
        panic!("two img")
    };
    // The column's width (the writer's 100% gives way to it), the modern
    // format beside it, the writer's class, title and style kept.
    assert_eq!(
        (attr(first, "width"), attr(first, "height")),
        (
            Some(COLUMN.to_string().as_str()),
            Some((COLUMN / 2).to_string().as_str())
        )
    );
    assert_eq!(
        (
            attr(first, "class"),
            attr(first, "title"),
            attr(first, "style")
        ),
        (Some("shot"), Some("T"), Some("border:none;"))
    );
    let src = attr(first, "src").unwrap();
    assert!(
        src.starts_with("/assets/wide.320w.") && src.ends_with(".png"),
        "{src}"
    );
    assert!(route(&site, src).is_some(), "the 1× file is served");
    assert_eq!(select(&page, "picture > source").len(), 2);
    // The first links to the original; the second is in the writer's own
    // link, so it is not linked again, and keeps the writer's 160 px.
    assert_eq!(
        select(&page, "a.image-link[href='/assets/wide.png'] > picture").len(),
        1
    );
    assert_eq!(select(&page, "a a").len(), 0);
    assert_eq!(
        (attr(second, "width"), attr(second, "height")),
        (Some("160"), Some("80"))
    );
    // The feed gets a plain img at the 1× file, absolute.
    let feed = body(&site, "/feed.xml");
    assert!(
        feed.contains(&format!("src=&quot;{BASE_URL}{src}&quot;")),
        "{feed}"
    );
}

#[test]
fn an_inline_style_is_allowed_by_its_hash_in_its_pages_policy() {
    let site = build_site(&inputs(vec![
        post(
            "a",
            "2026-01-02",
            "",
            "<p style=\"text-align:center\">centred</p>\n",
        ),
        post("b", "2026-01-01", "", "Plain.\n"),
    ]))
    .unwrap();
    let policy = csp::for_body("text/html", body(&site, "/posts/a/").as_bytes());
    assert!(policy.contains("'unsafe-hashes'"), "{policy}");
    assert!(
        policy.contains(&csp::hash_source("text-align:center")),
        "{policy}"
    );
    let plain = csp::for_body("text/html", body(&site, "/posts/b/").as_bytes());
    assert!(!plain.contains("unsafe-hashes"), "{plain}");
}

#[test]
fn every_broken_raw_src_href_and_srcset_fails_at_its_line() {
    let site = with_statics(
        vec![post(
            "a",
            "2026-01-02",
            "",
            "<div>\n<img src=\"/assets/gone.png\" alt=\"g\">\n\n</div>\n\n\
             Text with <a href=\"/posts/nope/\">a link</a>.\n\n\
             <picture>\n<source srcset=\"/assets/x.png 1x, /assets/y.png 2x\">\n<img\n  alt=\"x\"\n  src=\"/assets/z.png\">\n</picture>\n\n\
             <a href=\"#nowhere\">x</a> <a href=\"https://example.org/\">out</a>\n",
        )],
        vec![("assets/x.png", png(4, 4))],
    );
    assert_eq!(
        error(&site).lines().collect::<Vec<_>>(),
        [
            "posts/a.md:6: broken link \"/assets/gone.png\": no page at /assets/gone.png",
            "posts/a.md:10: broken link \"/posts/nope/\": no page at /posts/nope/",
            "posts/a.md:13: broken link \"/assets/y.png\": no page at /assets/y.png",
            "posts/a.md:16: broken link \"/assets/z.png\": no page at /assets/z.png",
            "posts/a.md:19: broken link \"#nowhere\": no heading or footnote #nowhere on /posts/a/",
        ]
    );
}

#[test]
fn raw_links_to_old_addresses_and_at_paths_go_to_the_post_and_are_absolute_in_the_feed() {
    let site = build_site(&inputs(vec![
        post(
            "a",
            "2026-01-02",
            "",
            "<p><a href=\"/2019/b.html#setup\">old</a> <a href=\"@/b.md\">at</a> <a href=\"../b/\">rel</a></p>\n",
        ),
        post("b", "2026-01-01", "aliases = [\"/2019/b.html\"]\n", "## Setup\n"),
    ]))
    .unwrap();
    let page = Html::parse_document(&body(&site, "/posts/a/"));
    let hrefs: Vec<_> = select(&page, ".post-body p a")
        .iter()
        .map(|a| attr(a, "href").unwrap())
        .collect();
    assert_eq!(hrefs, ["/posts/b/#setup", "/posts/b/", "../b/"]);
    let feed = body(&site, "/feed.xml");
    let absolute = |path: &str| format!("href=&quot;{BASE_URL}{path}&quot;");
    assert_eq!(
        feed.matches(&absolute("/posts/b/#setup")).count(),
        1,
        "{feed}"
    );
    assert_eq!(feed.matches(&absolute("/posts/b/")).count(), 2, "{feed}");
}

#[test]
fn the_sites_own_assets_are_not_served_twice_and_a_static_file_may_not_take_a_page() {
    let site = build_site(&with_statics(
        vec![post("a", "2026-01-02", "", "")],
        vec![("robots-notes.txt", b"x".to_vec())],
    ))
    .unwrap();
    assert!(route(&site, "/robots-notes.txt").is_some());
    for own in ["/style.css", "/favicon.svg", "/katex/katex.min.css"] {
        assert!(route(&site, own).is_none(), "{own}");
    }
    let clash = with_statics(
        vec![post("a", "2026-01-02", "", "")],
        vec![("feed.xml", b"x".to_vec()), ("robots.txt", b"x".to_vec())],
    );
    assert_eq!(
        error(&clash).lines().collect::<Vec<_>>(),
        [
            "static/feed.xml: would be served at /feed.xml, which is the site's own: rename or remove it",
            "static/robots.txt: would be served at /robots.txt, which is the site's own: rename or remove it",
        ]
    );
}

#[test]
fn a_markdown_image_may_be_a_static_file_too() {
    let site = build_site(&with_statics(
        vec![post("a", "2026-01-02", "", "![A dot](/assets/dot.png)\n")],
        vec![("assets/dot.png", png(10, 10))],
    ))
    .unwrap();
    let page = Html::parse_document(&body(&site, "/posts/a/"));
    let [img] = select(&page, "img[alt='A dot']")[..] else {
        panic!("one img")
    };
    assert_eq!(
        (attr(&img, "src"), attr(&img, "width")),
        (Some("/assets/dot.png"), Some("10"))
    );
}
