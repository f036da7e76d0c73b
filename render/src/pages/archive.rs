//! The archive, `/archive/`: every post, one line each, under its year.
//! Here are where it lives and how posts fall into years; the list itself
//! is drawn by `templates` (the archive, tag and series pages share it),
//! and the home page shows only the newest posts, then links here, so any
//! post is two clicks from the home page however many there are.

use crate::content::post::Post;

/// Where the archive is served.
pub const PATH: &str = "/archive/";

/// `posts` in runs that share a year, in the order given (newest first on
/// the archive and tag pages, oldest first on a series' page), each with
/// its year.
pub fn by_year<'a, 'p>(posts: &'a [&'p Post]) -> Vec<(i32, &'a [&'p Post])> {
    posts
        .chunk_by(|a, b| a.date.year() == b.date.year())
        .map(|run| (run[0].date.year(), run))
        .collect()
}
