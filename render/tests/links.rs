//! The link check: every internal link in a post lands on a route, and on
//! an id of that page when it names one, or the build fails naming the
//! file and line of each broken link.

mod common;

use common::{error, inputs, post};
use render::build_site;

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
