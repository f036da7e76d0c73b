//! `build_site` as build.rs calls it: small sites in memory, checked for the
//! routes they produce and for the errors a broken post must give.

mod common;

use common::{error, inputs, post};
use render::{build_site, Inputs};

fn paths(inputs: &Inputs) -> Vec<String> {
    build_site(inputs)
        .unwrap()
        .routes
        .into_iter()
        .map(|r| r.path)
        .collect()
}

#[test]
fn routes_are_pages_posts_and_static_files_sorted() {
    let site = inputs(vec![
        post("b", "2026-01-02", "", "B\n"),
        post("a", "2026-01-01", "", "A\n"),
    ]);
    let pages = [
        "/",
        "/archive/",
        "/favicon.ico",
        "/feed.xml",
        "/posts/a/",
        "/posts/b/",
        "/robots.txt",
        "/sitemap.xml",
        "/tags/",
    ];
    let paths = paths(&site);
    let (statics, others): (Vec<&String>, Vec<&String>) =
        paths.iter().partition(|p| p.starts_with("/static/"));
    assert_eq!(others, pages);
    // Static files are served at fingerprinted URLs: name.<hash>.ext.
    let fingerprinted = |path: &str, name: &str| {
        let (stem, ext) = name.rsplit_once('.').unwrap();
        path.strip_prefix(&format!("/static/{stem}."))
            .and_then(|rest| rest.strip_suffix(&format!(".{ext}")))
            .is_some_and(|hash| hash.len() == 12 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    assert_eq!(statics.len(), common::STATICS.len());
    for name in common::STATICS {
        assert!(
            statics.iter().any(|p| fingerprinted(p, name)),
            "{name}: {statics:?}"
        );
    }
    let built = build_site(&site).unwrap();
    let svg = built
        .routes
        .iter()
        .find(|r| r.path.starts_with("/static/favicon."))
        .unwrap();
    assert_eq!(svg.content_type, "image/svg+xml; charset=utf-8");
    assert_eq!(svg.cache, render::CachePolicy::Immutable);
    assert_eq!(built.routes[0].cache, render::CachePolicy::Revalidate);
}

#[test]
fn last_modified_is_the_newest_post_date_or_update() {
    let site = build_site(&inputs(vec![
        post("a", "2026-01-01", "updated = 2026-03-04\n", ""),
        post("b", "2026-02-01", "", ""),
    ]))
    .unwrap();
    assert_eq!(site.last_modified.unwrap().to_string(), "2026-03-04");
    assert_eq!(build_site(&inputs(vec![])).unwrap().last_modified, None);
}

#[test]
fn home_lists_newest_first() {
    let site = build_site(&inputs(vec![
        post("old", "2025-01-01", "", ""),
        post("new", "2026-01-01", "", ""),
    ]))
    .unwrap();
    let home = common::body(&site, "/");
    assert!(home.find("/posts/new/").unwrap() < home.find("/posts/old/").unwrap());
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let mut site = inputs(vec![post("d", "2026-01-01", "draft = true\n", "")]);
    assert!(!paths(&site).contains(&"/posts/d/".to_string()));
    site.include_drafts = true;
    assert!(paths(&site).contains(&"/posts/d/".to_string()));
}

#[test]
fn duplicate_slug_names_both_files() {
    let site = inputs(vec![
        post("a", "2026-01-01", "", ""),
        post("b", "2026-01-01", "slug = \"a\"\n", ""),
    ]);
    let err = error(&site);
    assert_eq!(
        err,
        "posts/b.md:1: duplicate slug \"a\": posts/a.md already uses it"
    );
}

#[test]
fn bad_front_matter_names_file_and_line() {
    let site = inputs(vec![post("a", "2026-01-01", "tags = [1,\n", "")]);
    let err = error(&site);
    assert!(err.starts_with("posts/a.md:4: front matter: "), "{err}");
}

#[test]
fn bad_latex_names_file_and_line() {
    let site = inputs(vec![post(
        "a",
        "2026-01-01",
        "",
        "\nSome text.\n\n$$\n\\notacommand\n$$\n",
    )]);
    let err = error(&site);
    assert!(
        err.starts_with("posts/a.md:8: KaTeX: KaTeX parse error: Undefined control sequence"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn every_broken_post_is_reported_in_one_build_sorted_by_file_and_line() {
    let front_matter = inputs(vec![
        post("c", "2026-01-01", "tags = [1,\n", ""),
        post("a", "2026-13-01", "", ""),
        post("b", "2026-01-01", "", "Fine."),
    ]);
    let err = error(&front_matter);
    let files: Vec<&str> = err.lines().map(|l| l.split(':').next().unwrap()).collect();
    assert_eq!(files, ["posts/a.md", "posts/c.md"], "{err}");

    let math = inputs(vec![
        post(
            "z",
            "2026-01-01",
            "",
            "\n$$\n\\nope\n$$\n\nText.\n\n$$\n\\nope\n$$\n",
        ),
        post("y", "2026-01-02", "", "\n$$\n\\nope\n$$\n"),
    ]);
    let err = error(&math);
    let places: Vec<String> = err
        .lines()
        .map(|l| l.splitn(3, ':').take(2).collect::<Vec<_>>().join(":"))
        .collect();
    assert_eq!(
        places,
        ["posts/y.md:6", "posts/z.md:6", "posts/z.md:12"],
        "every bad formula of every post: {err}"
    );
    assert!(err.lines().all(|l| l.contains(": KaTeX: ")), "{err}");
}

#[test]
fn unknown_language_is_a_warning_with_file_and_line() {
    let site = build_site(&inputs(vec![post(
        "a",
        "2026-01-01",
        "",
        "\n```cobol-ish\nx\n```\n",
    )]))
    .unwrap();
    assert_eq!(
        site.warnings,
        ["posts/a.md:6: unknown code language \"cobol-ish\": shown as plain text"]
    );
}

#[test]
fn missing_stylesheet_is_an_error() {
    let mut site = inputs(vec![]);
    site.statics.clear();
    assert!(build_site(&site)
        .unwrap_err()
        .to_string()
        .starts_with("static/style.css: missing"));
}
