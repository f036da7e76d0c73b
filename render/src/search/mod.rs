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
use crate::pages::{search as page, templates};
use anyhow::{anyhow, Result};
use rayon::prelude::*;
use std::sync::Arc;

/// The index of `posts` (newest first, as the build orders them), whose
/// rendered bodies are `bodies`.
pub(crate) fn index(posts: &[Post], bodies: &[Arc<Rendered>]) -> Result<Vec<u8>> {
    let prepared: Vec<Prepared> = posts
        .par_iter()
        .zip(bodies)
        .map(|(post, body)| prepare(post, body))
        .collect();
    let documents: Vec<::search::Document> = prepared.iter().map(Prepared::document).collect();
    let suggestions = page::suggestions(posts).into_string();
    ::search::write(&documents, &suggestions).map_err(|e| anyhow!("{e}"))
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
