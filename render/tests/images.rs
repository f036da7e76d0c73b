//! Images beside posts: a post in `posts/<name>/index.md` with its files
//! next to it; they are served under the post's URL and the page carries
//! each image's size.

mod common;

use common::{body, error, inputs, png, source};
use render::{build_site, Source};

fn file(path: &str, content: Vec<u8>) -> Source<Vec<u8>> {
    Source {
        path: path.into(),
        content,
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
        file("posts/figures/loss.png", png(800, 600)),
        file("posts/figures/data/run.csv", b"step,loss\n".to_vec()),
    ];
    let built = build_site(&site).unwrap();
    let image = built
        .routes
        .iter()
        .find(|r| r.path == "/posts/figures/loss.png")
        .expect("the image is served under the post's URL");
    assert_eq!(image.content_type, "image/png");
    assert_eq!(image.body, png(800, 600));
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
        page.contains("<img src=\"loss.png\" alt=\"A loss curve\" width=\"800\" height=\"600\""),
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
