//! The render cache between builds: a build renders only the post bodies
//! the cache does not hold, and whatever changed, its site is exactly the
//! site an uncached build makes (never a stale body).

mod common;

use common::{body, inputs, png, post, source};
use render::{build_site, build_site_cached, Cache, Inputs, Source};

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
        content: png(64, 48),
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
            |s| s.post_files[0].content = png(32, 24),
            3,
        ),
        (
            "a new file beside a post",
            |s| {
                s.post_files.push(Source {
                    path: "posts/c/data.csv".into(),
                    content: b"x\n".to_vec(),
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
fn a_new_image_size_reaches_the_page() {
    let mut site = site();
    let mut cache = warm(&site, b"r");
    site.post_files[0].content = png(32, 24);
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
