//! Tags as writers write them: shown as written on every page and in the
//! feed, served at their slug; spellings that make one slug in several
//! posts are one tag, shown everywhere as spelled most often, with one
//! warning listing the spellings; a tag listed twice in one post is an
//! error, and every error of the site comes in one build.

mod common;

use common::{body, error, inputs, post, BASE_URL};
use render::build_site;
use scraper::{Html, Selector};

/// Each element's text and href (if any), for `css` in `html`.
fn links(html: &str, css: &str) -> Vec<(String, String)> {
    Html::parse_document(html)
        .select(&Selector::parse(css).expect("a valid selector"))
        .map(|e| {
            let text = e.text().collect::<String>().trim().to_string();
            (text, e.value().attr("href").unwrap_or_default().to_string())
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn tags_are_shown_as_written_and_served_at_their_slug() {
    let site = build_site(&inputs(vec![
        post(
            "a",
            "2026-01-02",
            "tags = [\"Machine Learning\", \"C++\", \"GPU\"]\n",
            "",
        ),
        post("b", "2026-01-01", "tags = [\"C#\", \"GPU\"]\n", ""),
    ]))
    .unwrap();
    assert_eq!(
        links(&body(&site, "/posts/a/"), "ul.tags a"),
        pairs(&[
            ("Machine Learning", "/tags/machine-learning/"),
            ("C++", "/tags/c-plus-plus/"),
            ("GPU", "/tags/gpu/"),
        ])
    );
    let gpu = body(&site, "/tags/gpu/");
    assert_eq!(
        links(&gpu, "h1.page-title"),
        pairs(&[("Posts tagged GPU", "")])
    );
    assert_eq!(
        links(&gpu, "title")[0].0,
        "Posts tagged “GPU” — phase space"
    );
    assert_eq!(
        links(&gpu, "link[rel=canonical]")[0].1,
        format!("{BASE_URL}/tags/gpu/")
    );
    assert_eq!(
        links(&body(&site, "/tags/"), ".tag-index a"),
        pairs(&[
            ("C++", "/tags/c-plus-plus/"),
            ("C#", "/tags/c-sharp/"),
            ("GPU", "/tags/gpu/"),
            ("Machine Learning", "/tags/machine-learning/"),
        ])
    );

    let feed = feed_rs::parser::parse(body(&site, "/feed.xml").as_bytes()).unwrap();
    let categories: Vec<&str> = feed.entries[0]
        .categories
        .iter()
        .map(|c| c.term.as_str())
        .collect();
    assert_eq!(categories, ["Machine Learning", "C++", "GPU"]);

    let sitemap = body(&site, "/sitemap.xml");
    for slug in ["c-plus-plus", "c-sharp", "gpu", "machine-learning"] {
        assert!(
            sitemap.contains(&format!("<loc>{BASE_URL}/tags/{slug}/</loc>")),
            "{slug}: {sitemap}"
        );
    }
}

#[test]
fn spellings_of_one_slug_are_one_tag_shown_as_spelled_most_often() {
    let site = build_site(&inputs(vec![
        post("a", "2026-01-02", "tags = [\"GPU\"]\n", ""),
        post(
            "b",
            "2026-01-03",
            "tags = [\n  \"rust\",\n  \"gpu\",\n]\n",
            "",
        ),
        post("c", "2026-01-04", "tags = [\"GPU\"]\n", ""),
    ]))
    .unwrap();
    // Every page shows the spelling two posts of three use.
    assert_eq!(
        links(&body(&site, "/posts/b/"), "ul.tags a"),
        pairs(&[("rust", "/tags/rust/"), ("GPU", "/tags/gpu/")])
    );
    assert_eq!(
        links(&body(&site, "/tags/gpu/"), "h1.page-title"),
        pairs(&[("Posts tagged GPU", "")])
    );
    assert_eq!(
        links(&body(&site, "/tags/gpu/"), ".archive-list a"),
        pairs(&[("c", "/posts/c/"), ("b", "/posts/b/"), ("a", "/posts/a/")])
    );
    let feed = feed_rs::parser::parse(body(&site, "/feed.xml").as_bytes()).unwrap();
    let categories: Vec<&str> = feed.entries[1]
        .categories
        .iter()
        .map(|c| c.term.as_str())
        .collect();
    assert_eq!(categories, ["rust", "GPU"]);
    assert_eq!(
        site.warnings,
        ["posts/b.md:6: tag \"GPU\" (2 posts) is also spelled \"gpu\" (1 post): all are one tag, shown as \"GPU\""]
    );
}

#[test]
fn of_spellings_written_as_often_the_newest_posts_is_shown() {
    let site = build_site(&inputs(vec![
        post("old", "2019-01-01", "tags = [\"The Compiler Team\"]\n", ""),
        post("new", "2024-01-01", "tags = [\"the compiler team\"]\n", ""),
    ]))
    .unwrap();
    assert_eq!(
        links(&body(&site, "/posts/old/"), "ul.tags a"),
        pairs(&[("the compiler team", "/tags/the-compiler-team/")])
    );
}

#[test]
fn every_tag_problem_of_every_post_comes_in_one_build_sorted_by_file_and_line() {
    let site = inputs(vec![
        post("z", "2026-01-05", "tags = [\"Edge Cases\"]\n", ""),
        post(
            "b",
            "2026-01-03",
            "tags = [\"edge cases\", \"x\", \"x\"]\n",
            "",
        ),
        post("a", "2026-01-02", "tags = [\"ok\",\n\"!!!\", \" \"]\n", ""),
        post(
            "d",
            "2026-01-06",
            "draft = true\ntags = [\"Edge-Cases\"]\n",
            "",
        ),
    ]);
    assert_eq!(
        error(&site),
        "posts/a.md:5: tag \"!!!\" has no letter or digit to make its page's address from\n\
         posts/a.md:5: a tag is empty"
    );
    let site = inputs(vec![
        post("z", "2026-01-05", "tags = [\"Edge Cases\"]\n", ""),
        post(
            "b",
            "2026-01-03",
            "tags = [\"edge cases\", \"x\", \"x\", \"X\"]\n",
            "",
        ),
        post(
            "d",
            "2026-01-06",
            "draft = true\ntags = [\"Edge-Cases\"]\n",
            "",
        ),
    ]);
    assert_eq!(
        error(&site),
        "posts/b.md:4: tag \"x\" is listed twice\n\
         posts/b.md:4: tag \"X\" and tag \"x\" (line 4) make the same slug \"x\": keep one"
    );
}
