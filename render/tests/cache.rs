//! The render cache between builds: a build renders only the post bodies
//! and pages the cache does not hold, and whatever changed, its site is
//! exactly the site an uncached build makes (never a stale body or page);
//! the preview's table, built in one step, is the table of that site.

mod common;

use bytes::Bytes;
use common::{body, inputs, png, post, source};
use render::output::table::{Codings, Table};
use render::{build_site, build_site_cached, build_table, Cache, Fonts, Inputs, Source};

fn site() -> Inputs {
    let mut site = inputs(vec![
        post(
            "a",
            "2026-01-01",
            "tags = [\"x\"]\n",
            "A $x^2$ and [c](../c/).\n",
        ),
        post("b", "2026-01-02", "", "B\n\n```rust\nfn b() {}\n```\n"),
        source(
            "posts/c/index.md",
            "c",
            "2026-01-03",
            "",
            "![A plot](fig.png)\n\n$$\\frac{1}{2}$$\n",
        ),
    ]);
    site.post_files = vec![Source {
        path: "posts/c/fig.png".into(),
        content: png(64, 48).into(),
    }];
    site
}

/// A cache filled by a build of `inputs`.
fn warm(inputs: &Inputs, renderer: &[u8]) -> Cache {
    let mut cache = Cache::new(renderer);
    build_site_cached(inputs, &mut cache).unwrap();
    cache
}

/// Builds with `cache`, checks the site is the uncached build's, and
/// returns how many bodies were rendered.
fn rendered_with(inputs: &Inputs, cache: &mut Cache) -> usize {
    let cached = build_site_cached(inputs, cache).unwrap();
    let fresh = build_site(inputs).unwrap();
    assert_eq!(cached.routes, fresh.routes);
    assert_eq!(cached.not_found, fresh.not_found);
    assert_eq!(cached.warnings, fresh.warnings);
    let index = |site: &render::Site| site.search.as_ref().map(|s| s.index.clone());
    assert!(index(&cached) == index(&fresh), "the search index");
    cache.rendered()
}

#[test]
fn a_second_build_of_the_same_site_renders_nothing() {
    let site = site();
    let mut cache = Cache::new(b"r");
    assert_eq!(rendered_with(&site, &mut cache), 3);
    assert_eq!(cache.len(), 3);
    assert_eq!(rendered_with(&site, &mut cache), 0);
}

#[test]
fn changing_one_post_renders_that_post_only_and_shows_the_change() {
    let mut site = site();
    let mut cache = warm(&site, b"r");
    site.posts[1].content = site.posts[1].content.replace("B\n", "B, rewritten\n");
    assert_eq!(rendered_with(&site, &mut cache), 1);
    let built = build_site_cached(&site, &mut cache).unwrap();
    assert!(body(&built, "/posts/b/").contains("B, rewritten"));
}

#[test]
fn any_change_to_what_a_body_reads_renders_again() {
    type Change = fn(&mut Inputs);
    let changes: [(&str, Change, usize); 6] = [
        (
            "front matter",
            |s| {
                s.posts[0].content = s.posts[0]
                    .content
                    .replace("tags = [\"x\"]", "tags = [\"y\"]")
            },
            1,
        ),
        (
            "base URL",
            |s| s.settings.base_url = "https://other.example".into(),
            3,
        ),
        (
            "an image's size",
            |s| s.post_files[0].content = png(32, 24).into(),
            3,
        ),
        (
            "a new file beside a post",
            |s| {
                s.post_files.push(Source {
                    path: "posts/c/data.csv".into(),
                    content: Bytes::from_static(b"x\n"),
                })
            },
            3,
        ),
        (
            "a post's path",
            |s| s.posts[1].path = "posts/b2.md".into(),
            1,
        ),
        (
            "a post's path, same slug",
            |s| {
                s.posts[1].path = "posts/b2.md".into();
                s.posts[1].content = s.posts[1].content.replace("+++\nB", "slug = \"b\"\n+++\nB");
            },
            1,
        ),
    ];
    for (what, change, expected) in changes {
        let mut site = site();
        let mut cache = warm(&site, b"r");
        change(&mut site);
        assert_eq!(rendered_with(&site, &mut cache), expected, "{what}");
    }
}

#[test]
fn a_body_that_names_a_post_by_an_old_address_renders_again_when_that_post_moves() {
    let mut site = inputs(vec![
        post("a", "2026-01-01", "", "[b](/old/b/) and [c](@/c.md)\n"),
        post("b", "2026-01-02", "aliases = [\"/old/b/\"]\n", "B\n"),
        post("c", "2026-01-03", "", "C\n"),
    ]);
    let mut cache = warm(&site, b"r");
    site.posts.push(post("d", "2026-01-04", "", "D\n"));
    assert_eq!(
        rendered_with(&site, &mut cache),
        1,
        "a new post: itself only"
    );
    site.posts[1].path = "posts/b2.md".into();
    assert_eq!(rendered_with(&site, &mut cache), 2, "b moved: b, and a");
    let built = build_site_cached(&site, &mut cache).unwrap();
    assert!(body(&built, "/posts/a/").contains("href=\"/posts/b2/\""));
}

#[test]
fn a_page_that_names_an_old_address_follows_it_to_another_post() {
    // a's neighbour is x: nothing a's page shows changes but where its
    // link to /old/ leads, which its body's key alone does not say.
    let mut site = inputs(vec![
        post("a", "2026-01-01", "", "[old](/old/)\n"),
        post("x", "2026-01-02", "", "X\n"),
        post("y", "2026-01-03", "", "Y\n"),
        post("b", "2026-01-04", "aliases = [\"/old/\"]\n", "B\n"),
        post("c", "2026-01-05", "", "C\n"),
    ]);
    let mut cache = warm(&site, b"r");
    site.posts[3] = post("b", "2026-01-04", "", "B\n");
    site.posts[4] = post("c", "2026-01-05", "aliases = [\"/old/\"]\n", "C\n");
    rendered_with(&site, &mut cache);
    let built = build_site_cached(&site, &mut cache).unwrap();
    assert!(body(&built, "/posts/a/").contains("href=\"/posts/c/\""));
}

#[test]
fn a_save_analyses_that_post_alone_for_the_search_index() {
    let mut site = listed();
    let mut cache = warm(&site, b"r");
    edit(&mut site, "c", |text| {
        text.replace("title = \"c\"", "title = \"Sea\"")
    });
    rendered_with(&site, &mut cache);
    assert_eq!(cache.posts_analysed(), 1);
    // A tag's spelling as shown comes from every post that has it: c,
    // the newer, spells x "X" now, and a shows it so too.
    edit(&mut site, "c", |text| {
        text.replace("tags = [\"x\"]", "tags = [\"X\"]")
    });
    rendered_with(&site, &mut cache);
    assert_eq!(cache.posts_analysed(), 2, "c, and a");
}

#[test]
fn a_new_image_size_reaches_the_page() {
    let mut site = site();
    let mut cache = warm(&site, b"r");
    site.post_files[0].content = png(32, 24).into();
    let built = build_site_cached(&site, &mut cache).unwrap();
    assert!(body(&built, "/posts/c/").contains("width=\"32\" height=\"24\""));
}

#[test]
fn another_renderer_renders_everything_again() {
    let site = site();
    let cache = warm(&site, b"renderer 1");
    let mut other = Cache::from_bytes(&cache.to_bytes(), b"renderer 2");
    assert_eq!(rendered_with(&site, &mut other), 3);
}

#[test]
fn the_cache_survives_its_bytes_and_bad_bytes_give_an_empty_one() {
    let site = site();
    let bytes = warm(&site, b"r").to_bytes();
    let mut loaded = Cache::from_bytes(&bytes, b"r");
    assert_eq!(loaded.len(), 3);
    assert_eq!(rendered_with(&site, &mut loaded), 0);
    for bad in [&b""[..], b"not a cache", &bytes[..bytes.len() / 2]] {
        let mut cache = Cache::from_bytes(bad, b"r");
        assert!(cache.is_empty());
        assert_eq!(rendered_with(&site, &mut cache), 3);
    }
}

#[test]
fn warnings_of_cached_posts_are_still_reported() {
    let mut site = site();
    site.posts[1].content = site.posts[1].content.replace("```rust", "```klingon");
    let mut cache = warm(&site, b"r");
    let built = build_site_cached(&site, &mut cache).unwrap();
    assert_eq!(cache.rendered(), 0);
    assert_eq!(
        built.warnings,
        ["posts/b.md:7: unknown code language \"klingon\": shown as plain text"]
    );
}

#[test]
fn a_removed_post_leaves_the_cache() {
    let mut site = site();
    let mut cache = warm(&site, b"r");
    site.posts.remove(1);
    assert_eq!(rendered_with(&site, &mut cache), 0);
    assert_eq!(cache.len(), 2);
}

#[test]
fn a_broken_post_fails_the_build_and_the_others_stay_cached() {
    let mut site = site();
    let good = site.posts[1].content.clone();
    site.posts[1].content.push_str("\n$x^^2$\n");
    let mut cache = Cache::new(b"r");
    let error = build_site_cached(&site, &mut cache)
        .unwrap_err()
        .to_string();
    assert!(error.starts_with("posts/b.md:11: KaTeX: "), "{error}");
    assert_eq!(cache.len(), 2);
    site.posts[1].content = good;
    assert_eq!(rendered_with(&site, &mut cache), 1);
}

/// Four posts, newest last, as the preview builds them (fonts as
/// vendored): `a` and `c` share a tag and a series, `b` has a tag of its
/// own, `d` neither.
fn listed() -> Inputs {
    let mut site = inputs(vec![
        post(
            "a",
            "2026-01-01",
            "tags = [\"x\"]\nseries = \"s\"\n",
            "A.\n",
        ),
        post("b", "2026-01-02", "tags = [\"y\"]\n", "B.\n"),
        post(
            "c",
            "2026-01-03",
            "tags = [\"x\"]\nseries = \"s\"\n",
            "C.\n",
        ),
        post("d", "2026-01-04", "", "D.\n"),
    ]);
    site.fonts = Fonts::AsVendored;
    site
}

/// `change` to `posts/<name>.md`'s text.
fn edit(site: &mut Inputs, name: &str, change: impl Fn(&str) -> String) {
    let post = site
        .posts
        .iter_mut()
        .find(|p| p.path == format!("posts/{name}.md"))
        .expect("the post exists");
    post.content = change(&post.content);
}

#[test]
fn a_saved_sentence_renders_the_pages_that_show_the_body_and_no_other() {
    let mut site = listed();
    let mut cache = warm(&site, b"r");
    rendered_with(&site, &mut cache);
    assert_eq!(cache.pages_rendered(), 0, "nothing changed");
    // b's page, and the home page, which shows the newest posts' summaries
    // and reading times. The pages that only list b or link to it (its
    // neighbours', the archive, the tag and series pages) show its title,
    // date and address, which a sentence does not change: each is still
    // the page a full build makes (`rendered_with` compares them).
    edit(&mut site, "b", |text| text.replace("B.", "B, rewritten."));
    rendered_with(&site, &mut cache);
    assert_eq!(cache.pages_rendered(), 2);
}

#[test]
fn a_new_title_reaches_every_page_that_shows_it() {
    let mut site = listed();
    let mut cache = warm(&site, b"r");
    edit(&mut site, "c", |text| {
        text.replace("title = \"c\"", "title = \"Sea\"")
    });
    // c's page, its neighbours' (b and d), the other part of its series
    // (a), the home page, the archive, the tags index, x's page, the series
    // index and the series' page; and each is the page a full build makes.
    rendered_with(&site, &mut cache);
    assert_eq!(cache.pages_rendered(), 10);
    let built = build_site_cached(&site, &mut cache).unwrap();
    for page in [
        "/posts/a/",
        "/posts/b/",
        "/posts/d/",
        "/",
        "/tags/x/",
        "/series/s/",
    ] {
        assert!(body(&built, page).contains("Sea"), "{page}");
    }
}

#[test]
fn a_post_leaving_a_tag_and_a_series_leaves_their_pages() {
    let mut site = listed();
    let mut cache = warm(&site, b"r");
    edit(&mut site, "c", |text| {
        text.replace("tags = [\"x\"]\nseries = \"s\"\n", "tags = [\"y\"]\n")
    });
    rendered_with(&site, &mut cache);
    let built = build_site_cached(&site, &mut cache).unwrap();
    assert!(!body(&built, "/tags/x/").contains("/posts/c/"));
    assert!(body(&built, "/tags/y/").contains("/posts/c/"));
    assert!(
        !body(&built, "/posts/a/").contains("/posts/c/\""),
        "no series link"
    );
}

/// Every route's path, type, cache policy, bytes, policy and ETags, in order.
fn served(table: &Table) -> Vec<(String, String, String, Bytes, String, String)> {
    table
        .routes
        .iter()
        .chain([&table.not_found])
        .map(|e| {
            (
                e.path.clone(),
                e.content_type.clone(),
                e.cache_control.to_string(),
                e.identity.bytes.clone(),
                e.csp.clone(),
                e.identity.etag.clone(),
            )
        })
        .collect()
}

#[test]
fn the_previews_table_after_any_save_is_the_table_of_a_full_build() {
    type Change = fn(&mut Inputs);
    let changes: [(&str, Change); 5] = [
        ("a sentence", |s| {
            edit(s, "b", |t| t.replace("B.", "B, again."))
        }),
        ("a title", |s| {
            edit(s, "a", |t| t.replace("title = \"a\"", "title = \"Eh\""))
        }),
        ("a new post", |s| {
            s.posts.push(post("e", "2026-01-05", "", "E.\n"))
        }),
        ("a removed post", |s| {
            s.posts.remove(2);
        }),
        // a, tagged x, becomes the second part of s, not the first: x's
        // feed says so, though no post tagged x changed.
        ("an earlier part of a series, outside the tag", |s| {
            s.posts
                .push(post("f", "2025-12-31", "series = \"s\"\n", "F.\n"))
        }),
    ];
    let mut site = listed();
    let mut cache = Cache::new(b"r");
    for (what, change) in changes {
        change(&mut site);
        let base_url = &site.settings.base_url;
        let preview = build_table(&site, Codings::IdentityOnly, &mut cache).unwrap();
        let search = preview.search.assemble(&mut cache).unwrap();
        let full = render::table(
            &build_site(&site).unwrap(),
            base_url,
            Codings::IdentityOnly,
            &mut Cache::new(b"r"),
        );
        assert!(served(&preview.table) == served(&full), "{what}");
        assert_eq!(preview.table.redirects, full.redirects, "{what}");
        assert_eq!(preview.table.hash, full.hash, "{what}");
        let full_search = full.search.expect("a built site has its search");
        assert!(search.index.bytes == full_search.index.bytes, "{what}");
        assert_eq!(search.index.etag, full_search.index.etag, "{what}");
        assert_eq!(
            (search.prefix, search.suffix, search.csp),
            (full_search.prefix, full_search.suffix, full_search.csp),
            "{what}"
        );
    }
}
