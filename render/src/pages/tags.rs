//! Tags: which posts carry each tag, and where a tag's page and its feed
//! live: at its slug (`content::slug`), while pages show the tag as
//! written.

use crate::content::post::Post;
use crate::pages::groups::{self, Group};
use crate::settings::Settings;
use std::collections::BTreeMap;

/// The page listing every tag.
pub const INDEX_PATH: &str = "/tags/";

/// The page listing the posts tagged with the tag whose slug is `slug`.
pub fn path(slug: &str) -> String {
    format!("{INDEX_PATH}{slug}/")
}

/// The feed of the posts tagged with the tag whose slug is `slug`.
pub fn feed_path(slug: &str) -> String {
    format!("{INDEX_PATH}{slug}/feed.xml")
}

/// The title of the page of the tag `name` (as written).
pub fn page_title(name: &str) -> String {
    format!("Posts tagged “{name}”")
}

/// The title of the feed of the tag `name`: its page's, with the site's.
pub fn feed_title(settings: &Settings, name: &str) -> String {
    format!("{} — {}", page_title(name), settings.title)
}

/// Every tag, by slug, with its posts in the order of `posts`.
pub fn by_tag(posts: &[Post]) -> BTreeMap<&str, Group<'_>> {
    groups::by_slug(posts, |post| &post.tags)
}
