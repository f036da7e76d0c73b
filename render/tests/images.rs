//! Images beside posts: a post in `posts/<name>/index.md` with its files
//! next to it; they are served under the post's URL, and a raster image
//! is offered as a responsive picture: resized to the column at 1× and 2×
//! when wider, in a modern format and its own, sized, captioned as a
//! figure (or, beside text, an inline image with its title), encoded once
//! and then taken from the cache; an image on another host is a link to
//! it, with a warning; a relative path written for the post's old address
//! (Zola's `path`) to a file beside another post is that file.

mod common;

use bytes::Bytes;
use common::{body, error, inputs, png, source, BASE_URL, COLUMN};
use render::{build_site, build_site_cached, Cache, CachePolicy, Inputs, Route, Site, Source};
use scraper::{Html, Selector};

fn file(path: &str, content: Vec<u8>) -> Source<Bytes> {
    Source {
        path: path.into(),
        content: content.into(),
    }
}

#[test]
fn images_are_served_beside_the_post_with_their_size() {
    let mut site = inputs(vec![source(
        "posts/figures/index.md",
        "Figures",
        "2026-01-02",
        "",
        "\n![A loss curve](loss.png)\n\n[the data](data/run.csv)\n",
    )]);
    site.post_files = vec![
        file("posts/figures/loss.png", png(200, 150)),
        file("posts/figures/data/run.csv", b"step,loss\n".to_vec()),
    ];
    let built = build_site(&site).unwrap();
    let image = built
        .routes
        .iter()
        .find(|r| r.path == "/posts/figures/loss.png")
        .expect("the image is served under the post's URL");
    assert_eq!(image.content_type, "image/png");
    assert_eq!(image.body, png(200, 150));
    let csv = built
        .routes
        .iter()
        .find(|r| r.path == "/posts/figures/data/run.csv")
        .unwrap();
    assert_eq!(csv.content_type, "text/csv; charset=utf-8");
    // Files beside posts are served in parts when asked; nothing else is.
    for route in built.routes.iter().chain([&built.not_found]) {
        let beside = route.path.starts_with("/posts/figures/") && route.path != "/posts/figures/";
        assert_eq!(route.ranges, beside, "{}", route.path);
    }
    let page = body(&built, "/posts/figures/");
    assert!(
        page.contains(
            "<img src=\"/posts/figures/loss.png\" srcset=\"/posts/figures/loss.png 200w\" \
             sizes=\"(max-width: 200px) 100vw, 200px\" alt=\"A loss curve\" width=\"200\" height=\"150\""
        ),
        "{page}"
    );
}

#[test]
fn a_missing_image_names_file_and_line() {
    let site = inputs(vec![source(
        "posts/figures/index.md",
        "Figures",
        "2026-01-02",
        "",
        "\n\n![A loss curve](loss.png)\n",
    )]);
    assert!(error(&site)
        .starts_with("posts/figures/index.md:7: image \"loss.png\": no such file beside the post"));
}

#[test]
fn an_image_written_for_the_old_address_of_its_post_is_the_file_beside_the_other_post() {
    // As on the Rust blog: each post was served at its `path`, and one
    // shows the other's image by a path relative to its own old address.
    let mut site = inputs(vec![
        source(
            "posts/cargo-1.79/index.md",
            "1.79",
            "2024-05-07",
            "path = \"inside-rust/2024/05/07/cargo-1.79\"\n",
            "![Output](info.svg)\n",
        ),
        source(
            "posts/cargo-1.82/index.md",
            "1.82",
            "2024-10-01",
            "path = \"inside-rust/2024/10/01/cargo-1.82\"\n",
            "![The same output](../../../../2024/05/07/cargo-1.79/info.svg)\n",
        ),
    ]);
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\"/>".to_vec();
    site.post_files = vec![file("posts/cargo-1.79/info.svg", svg)];
    let built = build_site(&site).unwrap_or_else(|e| panic!("{e}"));
    let page = Html::parse_document(&body(&built, "/posts/cargo-1-82/"));
    let srcs: Vec<&str> = select(&page, ".post-body img")
        .iter()
        .map(|img| img.attr("src").unwrap())
        .collect();
    assert_eq!(srcs, ["/posts/cargo-1-79/info.svg"]);
}

#[test]
fn an_image_without_alt_text_names_file_and_line() {
    let mut site = inputs(vec![source(
        "posts/figures/index.md",
        "Figures",
        "2026-01-02",
        "",
        "![](loss.png)\n",
    )]);
    site.post_files = vec![file("posts/figures/loss.png", png(8, 6))];
    assert!(
        error(&site).starts_with("posts/figures/index.md:5: image \"loss.png\" has no alt text")
    );
}

#[test]
fn a_file_beside_no_post_is_an_error() {
    let mut site = inputs(vec![]);
    site.post_files = vec![file("posts/figures/post.md", b"+++".to_vec())];
    assert!(error(&site).starts_with("posts/figures/post.md: beside no post"));
}

#[test]
fn a_file_name_that_is_not_url_safe_is_an_error() {
    let mut site = inputs(vec![source("posts/f/index.md", "F", "2026-01-02", "", "")]);
    site.post_files = vec![file("posts/f/my plot.png", png(1, 1))];
    assert!(error(&site).starts_with("posts/f/my plot.png: a file beside a post is part of a URL"));
}

#[test]
fn a_drafts_files_are_published_with_it() {
    let mut site = inputs(vec![source(
        "posts/f/index.md",
        "F",
        "2026-01-02",
        "draft = true\n",
        "![x](x.png)\n",
    )]);
    site.post_files = vec![file("posts/f/x.png", png(1, 1))];
    let has_image = |site: &render::Inputs| {
        build_site(site)
            .unwrap()
            .routes
            .iter()
            .any(|r| r.path == "/posts/f/x.png")
    };
    assert!(!has_image(&site));
    site.include_drafts = true;
    assert!(has_image(&site));
}

/// A post `posts/shots/index.md` showing `markdown`, with `files` beside it.
fn shots(markdown: &str, files: Vec<(&str, Vec<u8>)>) -> Inputs {
    let mut site = inputs(vec![source(
        "posts/shots/index.md",
        "Shots",
        "2026-01-02",
        "",
        markdown,
    )]);
    site.post_files = files
        .into_iter()
        .map(|(name, bytes)| file(&format!("posts/shots/{name}"), bytes))
        .collect();
    site
}

fn route<'s>(site: &'s Site, path: &str) -> &'s Route {
    site.routes
        .iter()
        .find(|r| r.path == path)
        .unwrap_or_else(|| panic!("a route {path}"))
}

fn select<'h>(html: &'h Html, selector: &str) -> Vec<scraper::ElementRef<'h>> {
    html.select(&Selector::parse(selector).unwrap()).collect()
}

/// `srcset`'s files and widths.
fn srcset(value: &str) -> Vec<(String, u32)> {
    value
        .split(", ")
        .map(|candidate| {
            let (path, width) = candidate.split_once(' ').unwrap();
            (
                path.to_string(),
                width.trim_end_matches('w').parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn an_oversized_png_is_resized_to_the_column_at_1x_and_2x_in_a_picture() {
    let site = shots(
        "Some text first.\n\n![A screenshot](shot.png)\n",
        vec![("shot.png", png(1000, 500))],
    );
    let built = build_site(&site).unwrap();
    let page = Html::parse_document(&body(&built, "/posts/shots/"));
    assert_eq!(
        select(
            &page,
            "a.image-link[href='/posts/shots/shot.png'] > picture"
        )
        .len(),
        1,
        "one picture, linked to the original"
    );
    let [source] = select(&page, "picture > source")[..] else {
        panic!("one modern source")
    };
    let [img] = select(&page, "picture > img")[..] else {
        panic!("one img")
    };
    let modern = source.value().attr("type").unwrap();
    assert!(["image/avif", "image/webp"].contains(&modern), "{modern}");
    let sizes = format!("(max-width: {COLUMN}px) 100vw, {COLUMN}px");
    for element in [source, img] {
        assert_eq!(element.value().attr("sizes"), Some(sizes.as_str()));
    }
    let img_attr = |name| img.value().attr(name).unwrap();
    assert_eq!(
        (img_attr("width"), img_attr("height"), img_attr("alt")),
        ("320", "160", "A screenshot")
    );
    assert_eq!(img_attr("decoding"), "async");
    // Each width, in each format, is a route of its own: fingerprinted,
    // kept for good, the size it says, in the type it says.
    for (set, mime) in [
        (source.value().attr("srcset").unwrap(), modern),
        (img_attr("srcset"), "image/png"),
    ] {
        let files = srcset(set);
        assert_eq!(
            files.iter().map(|(_, w)| *w).collect::<Vec<_>>(),
            [COLUMN, 2 * COLUMN]
        );
        for (path, width) in files {
            let route = route(&built, &path);
            assert_eq!(route.content_type, mime, "{path}");
            assert_eq!(route.cache, CachePolicy::Immutable, "{path}");
            assert!(
                path.starts_with(&format!("/posts/shots/shot.{width}w.")),
                "{path}"
            );
            let size = imagesize::blob_size(&route.body).unwrap();
            assert_eq!(
                (size.width, size.height),
                (width as usize, width as usize / 2),
                "{path}"
            );
        }
    }
    assert_eq!(img_attr("src"), srcset(img_attr("srcset"))[0].0);
    // The original stays, as it was.
    assert_eq!(route(&built, "/posts/shots/shot.png").body, png(1000, 500));
}

#[test]
fn a_small_image_is_not_upscaled() {
    let site = shots("![A logo](logo.png)\n", vec![("logo.png", png(100, 50))]);
    let built = build_site(&site).unwrap();
    let page = Html::parse_document(&body(&built, "/posts/shots/"));
    let [img] = select(&page, "img")[..] else {
        panic!("one img")
    };
    assert_eq!(img.value().attr("src"), Some("/posts/shots/logo.png"));
    assert_eq!(
        (img.value().attr("width"), img.value().attr("height")),
        (Some("100"), Some("50"))
    );
    assert!(
        select(&page, "a.image-link").is_empty(),
        "nothing bigger to open"
    );
    for source in select(&page, "source") {
        assert_eq!(srcset(source.value().attr("srcset").unwrap())[0].1, 100);
    }
    let made: Vec<&str> = built
        .routes
        .iter()
        .map(|r| r.path.as_str())
        .filter(|p| p.starts_with("/posts/shots/logo."))
        .collect();
    assert!(
        made.iter()
            .all(|p| p.starts_with("/posts/shots/logo.100w.") || *p == "/posts/shots/logo.png"),
        "{made:?}"
    );
}

#[test]
fn a_caption_makes_a_figure_on_the_page_and_in_the_feed() {
    let site = shots(
        "Text.\n\n![A plot](plot.png \"Loss against steps\")\n",
        vec![("plot.png", png(700, 350))],
    );
    let built = build_site(&site).unwrap();
    let page = Html::parse_document(&body(&built, "/posts/shots/"));
    let [figure] = select(&page, ".post-body figure.figure")[..] else {
        panic!("one figure")
    };
    assert!(
        select(&page, "p figure").is_empty(),
        "no paragraph around it: {}",
        figure.html()
    );
    assert_eq!(select(&page, "figure.figure picture img").len(), 1);
    let caption: String = select(&page, "figure.figure > figcaption")[0]
        .text()
        .collect();
    assert_eq!(caption, "Loss against steps");

    let feed =
        feed_rs::parser::parse(body(&built, "/feed.xml").as_bytes()).expect("the feed parses");
    let content = feed.entries[0]
        .content
        .as_ref()
        .unwrap()
        .body
        .as_deref()
        .unwrap();
    let html = Html::parse_fragment(content);
    let [img] = select(&html, "figure > img")[..] else {
        panic!("one plain img in a figure: {content}")
    };
    let src = img.value().attr("src").unwrap();
    assert!(
        src.starts_with(&format!("{BASE_URL}/posts/shots/plot.{COLUMN}w."))
            && src.ends_with(".png"),
        "{src}"
    );
    assert!(built
        .routes
        .iter()
        .any(|r| format!("{BASE_URL}{}", r.path) == src));
    assert_eq!(
        select(&html, "figure > figcaption")[0]
            .text()
            .collect::<String>(),
        "Loss against steps"
    );
    assert!(select(&html, "picture, source").is_empty());
}

#[test]
fn only_an_image_on_the_first_screen_loads_at_once() {
    let later = "Words and more words. ".repeat(40);
    let site = shots(
        &format!("![First](a.png)\n\n{later}\n\n![Second](b.png)\n"),
        vec![("a.png", png(40, 20)), ("b.png", png(40, 20))],
    );
    let page = Html::parse_document(&body(&build_site(&site).unwrap(), "/posts/shots/"));
    let loading: Vec<Option<&str>> = select(&page, "img")
        .iter()
        .map(|i| i.value().attr("loading"))
        .collect();
    assert_eq!(loading, [None, Some("lazy")]);
    let far = shots(
        &format!("{later}\n\n![First](a.png)\n"),
        vec![("a.png", png(40, 20))],
    );
    let page = Html::parse_document(&body(&build_site(&far).unwrap(), "/posts/shots/"));
    assert_eq!(
        select(&page, "img")[0].value().attr("loading"),
        Some("lazy")
    );
}

#[test]
fn a_broken_image_names_file_and_line() {
    let mut broken = png(40, 20);
    broken.truncate(60);
    let site = shots("Text.\n\n![A plot](plot.png)\n", vec![("plot.png", broken)]);
    let error = error(&site);
    assert!(
        error.starts_with("posts/shots/index.md:7: image \"plot.png\": cannot be read"),
        "{error}"
    );
}

#[test]
fn a_caption_beside_text_is_the_inline_image_s_title() {
    let site = shots(
        "See ![a plot](plot.png \"Loss against steps\") here.\n",
        vec![("plot.png", png(40, 20))],
    );
    let built = build_site(&site).unwrap();
    let page = Html::parse_document(&body(&built, "/posts/shots/"));
    assert!(select(&page, "figure").is_empty());
    let [img] = select(&page, ".post-body p img")[..] else {
        panic!("one inline img in its paragraph")
    };
    assert_eq!(
        (img.value().attr("alt"), img.value().attr("title")),
        (Some("a plot"), Some("Loss against steps"))
    );
    let feed = body(&built, "/feed.xml");
    let feed = feed_rs::parser::parse(feed.as_bytes()).unwrap();
    let content = feed.entries[0]
        .content
        .as_ref()
        .unwrap()
        .body
        .clone()
        .unwrap();
    let html = Html::parse_fragment(&content);
    assert_eq!(
        select(&html, "p img")[0].value().attr("title"),
        Some("Loss against steps")
    );
}

#[test]
fn an_image_on_another_host_is_a_link_with_its_alt_text_and_a_warning() {
    let site = shots(
        "Text.\n\n![A crab](https://cdn.example/crab.png \"Ferris\")\n\nand ![](https://cdn.example/b.gif) too.\n",
        vec![],
    );
    let built = build_site(&site).unwrap();
    let page = Html::parse_document(&body(&built, "/posts/shots/"));
    assert!(select(&page, ".post-body img, .post-body figure").is_empty());
    let links: Vec<(Option<&str>, Option<&str>, String)> = select(&page, ".post-body p > a")
        .iter()
        .map(|a| {
            (
                a.value().attr("href"),
                a.value().attr("title"),
                a.text().collect(),
            )
        })
        .collect();
    assert_eq!(
        links,
        [
            (
                Some("https://cdn.example/crab.png"),
                Some("Ferris"),
                "A crab".to_string()
            ),
            (
                Some("https://cdn.example/b.gif"),
                None,
                "https://cdn.example/b.gif".to_string()
            ),
        ]
    );
    let warnings: Vec<&str> = built
        .warnings
        .iter()
        .map(String::as_str)
        .filter(|w| w.contains("on another host"))
        .collect();
    assert_eq!(warnings.len(), 2, "{:?}", built.warnings);
    assert!(warnings[0].starts_with(
        "posts/shots/index.md:7: image \"https://cdn.example/crab.png\" is on another host: shown as a link to it"
    ));
    assert!(warnings[1].starts_with("posts/shots/index.md:9: image \"https://cdn.example/b.gif\""));
}

#[test]
fn an_image_is_encoded_once_and_a_text_edit_encodes_nothing() {
    let mut site = shots("![A plot](plot.png)\n", vec![("plot.png", png(400, 200))]);
    let mut cache = Cache::new(b"r");
    let first = build_site_cached(&site, &mut cache).unwrap();
    assert_eq!(cache.images_encoded(), 1);
    site.posts[0].content.push_str("\nA new sentence.\n");
    let second = build_site_cached(&site, &mut cache).unwrap();
    assert_eq!((cache.images_encoded(), cache.rendered()), (0, 1));
    let variants = |site: &Site| {
        site.routes
            .iter()
            .filter(|r| {
                r.path.starts_with("/posts/shots/plot.") && r.cache == CachePolicy::Immutable
            })
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(variants(&first), variants(&second));
    // The cache survives being saved and loaded, as build.rs keeps it.
    let mut cache = Cache::from_bytes(&cache.to_bytes(), b"r");
    build_site_cached(&site, &mut cache).unwrap();
    assert_eq!(cache.images_encoded(), 0);
    // New bytes are a new image.
    site.post_files[0].content = png(400, 220).into();
    let third = build_site_cached(&site, &mut cache).unwrap();
    assert_eq!(cache.images_encoded(), 1);
    assert!(body(&third, "/posts/shots/").contains("height=\"176\""));
}
