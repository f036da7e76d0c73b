//! Posts as Zola, Hugo and Jekyll write them, copied in as they are: TOML
//! and YAML front matter with each engine's own keys, `.markdown` files,
//! dates with times and offsets or only in the file's name, any file name
//! made a slug, and the post's old address answering with a redirect
//! (Jekyll's `permalink` templates filled as Jekyll filled them).
//! Keys with no meaning here are one warning for the whole site; a key
//! one typo from a key used here is an error saying which was meant.

mod common;

use common::{body, error, inputs};
use render::output::table::Codings;
use render::{build_site, Cache, Site, Source};
use scraper::{Html, Selector};

fn file(path: &str, content: &str) -> Source<String> {
    Source {
        path: path.into(),
        content: content.into(),
    }
}

/// Where the site redirects `from`, if it does.
fn redirect(site: &Site, from: &str) -> Option<String> {
    let table = render::table(
        site,
        common::BASE_URL,
        Codings::IdentityOnly,
        &mut Cache::new(&[]),
    );
    table
        .redirects
        .iter()
        .find(|(f, _)| f == from)
        .map(|(_, to)| to.clone())
}

/// The text of every element `css` selects in `html`.
fn texts(html: &str, css: &str) -> Vec<String> {
    Html::parse_document(html)
        .select(&Selector::parse(css).expect("a valid selector"))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

const ZOLA: &str = r#"+++
path = "2025/06/26/Rust-1.88.0"
title = "Announcing Rust 1.88.0"
authors = ["The Rust Release Team"]
aliases = ["releases/1.88.0"]
updated = 2025-06-27T08:00:00Z
weight = 3
template = "post.html"

[taxonomies]
tags = ["Releases"]
categories = ["Rust"]
authors = ["someone"]

[extra]
release = true
+++

The Rust team is happy to announce a new version.
"#;

const HUGO: &str = r#"---
title: "Pong from Pixels"
publishDate: 2016-05-31T10:00:00+02:00
lastmod: 2016-06-02
categories: ["Machine Learning"]
series: ["RL Notes"]
summary: "Policy gradients, from raw pixels."
url: /blog/pong/
slug: pong
math: true
---

Body.
"#;

const JEKYLL: &str = r#"---
layout: post
comments: true
title:  "Deep Reinforcement Learning"
excerpt: "The core ideas of policy gradients."
date:   2016-05-31 11:00:00 +0200
permalink: /2016/05/31/rl.html
tags: rl deep-learning
mathjax: true
---

Body.
"#;

#[test]
fn a_zola_post_builds_as_written_and_its_old_addresses_redirect() {
    let site = build_site(&inputs(vec![file("posts/Rust-1.88.0.md", ZOLA)])).unwrap();
    let page = body(&site, "/posts/rust-1-88-0/");
    assert_eq!(texts(&page, "h1.post-title"), ["Announcing Rust 1.88.0"]);
    // The day comes from `path`, the update from a TOML datetime.
    assert_eq!(
        texts(&page, "p.post-date time"),
        ["26 June 2025", "27 June 2025"]
    );
    // Taxonomies' tags and categories are tags.
    assert_eq!(texts(&page, "ul.tags a"), ["Releases", "Rust"]);
    for old in ["/2025/06/26/Rust-1.88.0/", "/releases/1.88.0"] {
        assert_eq!(
            redirect(&site, old).as_deref(),
            Some("/posts/rust-1-88-0/"),
            "{old}"
        );
    }
}

#[test]
fn a_hugo_post_builds_as_written() {
    let site = build_site(&inputs(vec![file("posts/pong-from-pixels.md", HUGO)])).unwrap();
    // `slug` names the post; `url` is its old address.
    let page = body(&site, "/posts/pong/");
    assert_eq!(
        texts(&page, "p.post-date time"),
        ["31 May 2016", "2 June 2016"]
    );
    assert_eq!(texts(&page, "ul.tags a"), ["Machine Learning"]);
    assert!(page.contains("RL Notes"), "the series is named on the page");
    let description = Html::parse_document(&page)
        .select(&Selector::parse("meta[name=description]").unwrap())
        .map(|m| m.value().attr("content").unwrap_or_default().to_string())
        .collect::<Vec<_>>();
    assert_eq!(description, ["Policy gradients, from raw pixels."]);
    assert_eq!(
        redirect(&site, "/blog/pong/").as_deref(),
        Some("/posts/pong/")
    );
}

#[test]
fn a_jekyll_post_builds_as_written() {
    let site = build_site(&inputs(vec![file("posts/2016-05-31-rl.markdown", JEKYLL)])).unwrap();
    // The name's leading day is not part of the slug.
    let page = body(&site, "/posts/rl/");
    assert_eq!(texts(&page, "p.post-date time"), ["31 May 2016"]);
    // `tags` as one string is tags separated by spaces.
    assert_eq!(texts(&page, "ul.tags a"), ["rl", "deep-learning"]);
    assert_eq!(
        redirect(&site, "/2016/05/31/rl.html").as_deref(),
        Some("/posts/rl/")
    );
}

#[test]
fn a_jekyll_permalink_template_is_filled_as_jekyll_filled_it() {
    let site = build_site(&inputs(vec![
        file(
            "posts/2016-05-31-Deep RL.markdown",
            "---\ntitle: RL\ncategories: ML notes\n\
             permalink: /:categories/:year/:month/:day/:title:output_ext\n---\nBody.\n",
        ),
        file(
            "posts/2017-01-02-pong.md",
            "---\ntitle: Pong\nslug: Pong From Pixels\npermalink: /blog/:slug/\n---\nBody.\n",
        ),
    ]))
    .unwrap();
    assert_eq!(
        redirect(&site, "/ml/notes/2016/05/31/Deep-RL.html").as_deref(),
        Some("/posts/deep-rl/")
    );
    assert_eq!(
        redirect(&site, "/blog/pong-from-pixels/").as_deref(),
        Some("/posts/pong-from-pixels/")
    );
}

#[test]
fn a_permalink_token_that_cannot_be_filled_is_an_error_at_its_line() {
    let site = inputs(vec![
        file(
            "posts/a.md",
            "---\ntitle: A\ndate: 2016-05-31\npermalink: /:hour/:title/\n---\n",
        ),
        file("posts/b.md", "---\ntitle: B\npermalink: /:year/b/\n---\n"),
    ]);
    let error = error(&site);
    assert!(
        error.starts_with(
            "posts/a.md:4: front matter: permalink \"/:hour/:title/\": `:hour` is not a token read here"
        ),
        "{error}"
    );
    assert!(
        error.contains(
            "posts/b.md:3: front matter: permalink \"/:year/b/\": `:year` needs the post's date, in \
             its front matter or its file name"
        ),
        "{error}"
    );
}

#[test]
fn a_date_only_in_the_file_name_dates_the_post() {
    let site = build_site(&inputs(vec![file(
        "posts/2011-04-27-Manually Classifying CIFAR10.markdown",
        "---\ntitle: CIFAR-10\nlayout: post\n---\nBody.\n",
    )]))
    .unwrap();
    let page = body(&site, "/posts/manually-classifying-cifar10/");
    assert_eq!(texts(&page, "p.post-date time"), ["27 April 2011"]);
}

#[test]
fn keys_with_no_meaning_here_are_one_warning_for_the_site() {
    let site = build_site(&inputs(vec![
        file("posts/Rust-1.88.0.md", ZOLA),
        file("posts/2016-05-31-rl.markdown", JEKYLL),
        file(
            "posts/other.md",
            "+++\ntitle = \"t\"\ndate = 2026-01-01\nauthors = [\"x\"]\n+++\n",
        ),
    ]))
    .unwrap();
    let ignored: Vec<&String> = site
        .warnings
        .iter()
        .filter(|w| w.contains("front matter keys"))
        .collect();
    assert_eq!(
        ignored,
        ["front matter keys with no meaning here, ignored: \
             `authors` (2 posts, first posts/Rust-1.88.0.md:4), \
             `comments` (posts/2016-05-31-rl.markdown:3), \
             `extra` (posts/Rust-1.88.0.md:15), \
             `layout` (posts/2016-05-31-rl.markdown:2), \
             `mathjax` (posts/2016-05-31-rl.markdown:9), \
             `taxonomies.authors` (posts/Rust-1.88.0.md:13), \
             `template` (posts/Rust-1.88.0.md:8), \
             `weight` (posts/Rust-1.88.0.md:7)"]
    );
}

#[test]
fn a_key_one_typo_from_a_key_used_here_is_an_error_saying_which() {
    let site = inputs(vec![
        file(
            "posts/a.md",
            "+++\ntittle = \"t\"\ntitle = \"t\"\ndate = 2026-01-01\ntag = [\"x\"]\n+++\n",
        ),
        file(
            "posts/b.markdown",
            "---\ntitle: t\ndate: 2026-01-01\nupdate: 2026-01-02\nmath: true\n---\n",
        ),
    ]);
    assert_eq!(
        error(&site),
        "posts/a.md:2: front matter: unknown key `tittle`: did you mean `title`?\n\
         posts/a.md:5: front matter: unknown key `tag`: did you mean `tags`?\n\
         posts/b.markdown:4: front matter: unknown key `update`: did you mean `updated`?"
    );
}

#[test]
fn a_value_of_the_wrong_kind_names_its_key_and_line() {
    let site = inputs(vec![file(
        "posts/a.md",
        "---\ntitle: t\ndate: 31/05/2016\ndraft: maybe\ntags:\n  - ok\n  - [nested]\nseries: [a, b]\n---\n",
    )]);
    assert_eq!(
        error(&site),
        "posts/a.md:3: front matter: `date` must be a date like 2016-05-31, perhaps with a time (2016-05-31 10:00:00 +02:00), got \"31/05/2016\"\n\
         posts/a.md:4: front matter: `draft` must be true or false, got text\n\
         posts/a.md:7: front matter: each of `tags` must be text, got a list\n\
         posts/a.md:8: front matter: a post is part of one series, `series` names 2"
    );
}

#[test]
fn jekylls_published_false_is_a_draft() {
    let site = build_site(&inputs(vec![
        file(
            "posts/a.md",
            "---\ntitle: a\ndate: 2026-01-01\npublished: false\n---\n",
        ),
        file("posts/b.md", "---\ntitle: b\ndate: 2026-01-02\n---\n"),
    ]))
    .unwrap();
    assert!(site.routes.iter().all(|r| r.path != "/posts/a/"));
    assert!(site.routes.iter().any(|r| r.path == "/posts/b/"));
}

#[test]
fn two_file_names_that_make_one_slug_are_an_error() {
    let site = inputs(vec![
        file(
            "posts/Rust-1.88.md",
            "+++\ntitle = \"a\"\ndate = 2026-01-01\n+++\n",
        ),
        file(
            "posts/rust_1_88.md",
            "+++\ntitle = \"b\"\ndate = 2026-01-02\n+++\n",
        ),
    ]);
    assert_eq!(
        error(&site),
        "posts/rust_1_88.md:1: duplicate slug \"rust-1-88\": posts/Rust-1.88.md already uses it"
    );
}
