//! The search index of the site, written at build time from each post
//! (the `search` crate's format; the server reads it in place). A post's
//! fields, by weight: its title (8), its tags (6), its subtitle and
//! description (4), the prose of its body (2), its code blocks (1), so a
//! word in a title outranks the same word in passing, and a function's
//! name in code is still found, below prose that discusses it. Display
//! math is left out: its TeX is no word a reader types. Each result's
//! heading is rendered here by the page templates; the page around the
//! results is `pages::search`'s.
//!
//! The index depends on every post, so its assembly is work in proportion
//! to the site: a build hands it over as `Pending`, which the shipped
//! build assembles at once and the preview after it serves a save's pages.

mod text;

use crate::content::markdown::Rendered;
use crate::content::post::Post;
use crate::memo::{Key, Memo};
use crate::pages::{search as page, templates};
use crate::site::Search;
use anyhow::{anyhow, Result};
use bytes::Bytes;
use std::sync::Arc;

/// What the site's search is made of, once the pages are rendered: the
/// posts (newest first), their rendered bodies with the keys `made_of`
/// (`content::bodies`), and the page results are written into.
pub struct Pending {
    pub(crate) posts: Vec<Post>,
    pub(crate) bodies: Vec<Arc<Rendered>>,
    pub(crate) made_of: Vec<Key>,
    pub(crate) page: Vec<u8>,
}

impl Pending {
    /// The index and its page, analysing only the posts `memo` holds no
    /// analysis of (`index`).
    pub(crate) fn search(self, memo: &mut Memo<Bytes>) -> Result<Search> {
        Ok(Search {
            index: index(&self.posts, &self.bodies, &self.made_of, memo)?,
            page: self.page,
            form: page::form().into_string(),
        })
    }
}

/// The index of `posts` (newest first, as the build orders them), whose
/// rendered bodies are `bodies` with the keys `made_of`
/// (`content::bodies`). Each post is analysed (`search::analyse`) only
/// when `memo` holds no analysis of the same body and tags; only the
/// assembly runs over every post.
fn index(
    posts: &[Post],
    bodies: &[Arc<Rendered>],
    made_of: &[Key],
    memo: &mut Memo<Bytes>,
) -> Result<Vec<u8>> {
    // A body's key digests its post's whole text; a tag's spelling as
    // shown may come from other posts (`names::spellings`).
    let keys: Vec<Key> = (posts.iter().zip(made_of))
        .map(|(post, key)| {
            let tags =
                (post.tags.iter()).flat_map(|tag| [tag.slug.as_bytes(), tag.text.as_bytes()]);
            let parts: Vec<&[u8]> = [&b"search"[..], key].into_iter().chain(tags).collect();
            memo.key(&parts)
        })
        .collect();
    let indices: Vec<usize> = (0..posts.len()).collect();
    let analysed = memo.all_keyed(&indices, &keys, |&i| {
        let prepared = prepare(&posts[i], &bodies[i]);
        Bytes::from(::search::analyse(&prepared.document()))
    });
    let suggestions = page::suggestions(posts).into_string();
    ::search::assemble(analysed.iter().map(|a| &a[..]), &suggestions).map_err(|e| anyhow!("{e}"))
}

/// A post's text and heading, owned, before the index borrows them.
struct Prepared {
    head: String,
    tags: Vec<String>,
    title: String,
    tag_names: String,
    description: String,
    text: text::Text,
}

fn prepare(post: &Post, body: &Rendered) -> Prepared {
    let description = [post.subtitle.as_deref(), post.description.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n");
    Prepared {
        head: templates::search_result(post).into_string(),
        tags: post
            .tags
            .iter()
            .flat_map(|tag| [tag.slug.clone(), tag.text.to_lowercase()])
            .collect(),
        title: post.title.replace(" / ", " "),
        tag_names: post
            .tags
            .iter()
            .map(|tag| tag.text.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        description,
        text: text::of(&body.html),
    }
}

impl Prepared {
    fn document(&self) -> ::search::Document<'_> {
        let field = |text, weight| ::search::Field { text, weight };
        ::search::Document {
            head: &self.head,
            tags: self.tags.iter().map(String::as_str).collect(),
            fields: vec![
                field(&self.title, 8),
                field(&self.tag_names, 6),
                field(&self.description, 4),
                field(&self.text.prose, 2),
                field(&self.text.code, 1),
            ],
            // Snippets come from the description or the body, not the
            // title and tags the result's heading shows already.
            snippet_field: 2,
        }
    }
}
