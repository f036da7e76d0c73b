//! Files beside posts: `posts/<name>/index.md` may keep images (and any
//! other file it links to) next to it; each is served under the post's URL,
//! `posts/<name>/fig.png` at `/posts/<slug>/fig.png`. A file beside no post
//! is a mistake the build names.

use crate::content::post::Post;
use crate::mime::content_type;
use crate::site::{CachePolicy, Route};
use crate::source::Source;
use anyhow::{bail, Result};
use bytes::Bytes;

/// The routes of the files beside published posts. `posts` are all posts,
/// drafts too: a draft's files are not strays, only unpublished with it.
pub fn routes(files: &[Source<Bytes>], posts: &[Post], include_drafts: bool) -> Result<Vec<Route>> {
    let mut routes = Vec::new();
    for file in files {
        let beside = posts.iter().find_map(|post| {
            let dir = post.files_dir()?;
            Some((post, file.path.strip_prefix(dir)?))
        });
        let Some((post, name)) = beside else {
            bail!(
                "{}: beside no post: a post with files of its own is posts/<name>/index.md, the files next to it",
                file.path
            );
        };
        if !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'))
        {
            bail!(
                "{}: a file beside a post is part of a URL: name it with letters, digits, `-`, `_` and `.`",
                file.path
            );
        }
        if post.draft && !include_drafts {
            continue;
        }
        routes.push(Route {
            path: format!("{}{name}", post.path()),
            content_type: content_type(name),
            body: file.content.clone(),
            cache: CachePolicy::Revalidate,
            ranges: true,
        });
    }
    Ok(routes)
}
