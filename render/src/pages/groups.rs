//! Posts grouped under a name they share (a tag, a series), by its slug:
//! what a tag's or a series' page lists. One spelling makes each slug
//! (`content::names`), so a group's name is the name as written.

use crate::content::names::Name;
use crate::content::post::Post;
use std::collections::BTreeMap;

/// The posts under one name.
pub struct Group<'a> {
    /// The name as written.
    pub name: &'a str,
    pub slug: &'a str,
    /// In the order of the posts they were grouped from.
    pub posts: Vec<&'a Post>,
}

/// Every name `names` finds on `posts`, by slug, each with its posts in
/// the order of `posts`.
pub fn by_slug<'a, I>(
    posts: impl IntoIterator<Item = &'a Post>,
    names: impl Fn(&'a Post) -> I,
) -> BTreeMap<&'a str, Group<'a>>
where
    I: IntoIterator<Item = &'a Name>,
{
    let mut groups: BTreeMap<&str, Group> = BTreeMap::new();
    for post in posts {
        for name in names(post) {
            groups
                .entry(&name.slug)
                .or_insert_with(|| Group {
                    name: &name.text,
                    slug: &name.slug,
                    posts: Vec::new(),
                })
                .posts
                .push(post);
        }
    }
    groups
}
