//! Tags: which posts carry each tag, and where a tag's page lives: at its
//! slug (`content::slug`), while pages show the tag as written.

use crate::content::post::Post;
use crate::pages::groups::{self, Group};
use std::collections::BTreeMap;

/// The page listing every tag.
pub const INDEX_PATH: &str = "/tags/";

/// The page listing the posts tagged with the tag whose slug is `slug`.
pub fn path(slug: &str) -> String {
    format!("{INDEX_PATH}{slug}/")
}

/// Every tag, by slug, with its posts in the order of `posts`.
pub fn by_tag(posts: &[Post]) -> BTreeMap<&str, Group<'_>> {
    groups::by_slug(posts, |post| &post.tags)
}
