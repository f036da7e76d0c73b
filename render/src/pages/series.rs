//! Series: posts that share `series = "…"`, in the order they were
//! written (by date, and on one day by slug), each with its place among
//! them; and where a series' page lives: at its slug (`content::slug`),
//! while pages show the series as written. A site without a series has no
//! series pages at all.

use crate::content::post::Post;
use crate::pages::groups::{self, Group};
use std::collections::BTreeMap;

/// The page listing every series.
pub const INDEX_PATH: &str = "/series/";

/// The page of the series whose slug is `slug`.
pub fn path(slug: &str) -> String {
    format!("{INDEX_PATH}{slug}/")
}

/// Every series, by slug, its parts oldest first. `posts` come newest
/// first, as the site lists them.
pub fn by_series(posts: &[Post]) -> BTreeMap<&str, Group<'_>> {
    groups::by_slug(posts.iter().rev(), |post| &post.series)
}

/// Where `post` stands in its series: the series, and the post's place
/// in it counted from 1.
pub struct Place<'a> {
    pub series: &'a Group<'a>,
    pub part: usize,
}

/// `post`'s place in its series, if it has one.
pub fn place<'a>(all: &'a BTreeMap<&str, Group<'a>>, post: &Post) -> Option<Place<'a>> {
    let series = all.get(post.series.as_ref()?.slug.as_str())?;
    let index = series.posts.iter().position(|p| p.slug == post.slug)?;
    Some(Place {
        series,
        part: index + 1,
    })
}
