//! Tags: which posts carry each tag, and where a tag's page lives. Tags are
//! slugs (checked when a post is parsed), so a tag is its own URL segment.

use crate::content::post::Post;
use std::collections::BTreeMap;

/// The page listing every tag.
pub const INDEX_PATH: &str = "/tags/";

/// The page listing the posts tagged `tag`.
pub fn path(tag: &str) -> String {
    format!("{INDEX_PATH}{tag}/")
}

/// Every tag, alphabetically, with its posts in the order of `posts`.
pub fn by_tag(posts: &[Post]) -> BTreeMap<&str, Vec<&Post>> {
    let mut tags: BTreeMap<&str, Vec<&Post>> = BTreeMap::new();
    for post in posts {
        for tag in &post.tags {
            tags.entry(tag).or_default().push(post);
        }
    }
    tags
}
