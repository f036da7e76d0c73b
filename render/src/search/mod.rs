//! The search index of the site, written at build time from each post
//! (the `search` crate's format; the server reads it in place). A post's
//! fields, by weight: its title (8), its tags (6), its subtitle and
//! description (4), the prose of its body (2), its code blocks (1), so a
//! word in a title outranks the same word in passing, and a function's
//! name in code is still found, below prose that discusses it. Display
//! math is left out: its TeX is no word a reader types. Each result's
//! heading is rendered here by the page templates; the page around the
//! results is `pages::search`'s.

mod text;

use crate::content::markdown::Rendered;
use crate::content::post::Post;
use crate::memo::{Key, Memo};
use crate::pages::{search as page, templates};
use anyhow::{anyhow, Result};
use bytes::Bytes;
use std::sync::Arc;

/// The index of `posts` (newest first, as the build orders them), whose
/// rendered bodies are `bodies` with the keys `made_of`
/// (`content::bodies`). Each post is analysed (`search::analyse`) only
/// when `memo` holds no analysis of the same body and tags; only the
/// assembly runs over every post.
pub(crate) fn index(
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
