//! Every post's body rendered (`markdown::render`) in parallel, each one
//! only when the cache does not already hold it. rayon's workers share the
//! highlighter; each has its own KaTeX engine (`math_bound` keeps one
//! per thread) and its own memo of formulas. Bodies come back in the posts'
//! order, so neither the output nor the error reported (the first broken
//! post in that order) depends on scheduling.
//!
//! A build that renders a single body (the preview's after a save) renders
//! it with the memo of formulas kept between such builds: a save changes a
//! post's text far more often than its formulas, and KaTeX was most of the
//! time a body took. Only formulas of posts rendered alone are kept, so the
//! memo grows with what the writer edits, not with the site.

use crate::content::highlight::Highlighter;
use crate::content::image::Pictures;
use crate::content::links::Addresses;
use crate::content::markdown::{self, Rendered};
use crate::content::math::Math;
use crate::content::post::Post;
use crate::memo::{self, Key, Memo};
use crate::source::{self, Source};
use anyhow::Result;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// What every post's rendering shares.
pub struct Shared<'a> {
    pub highlighter: &'a Highlighter,
    /// The site's base URL, for the feed's absolute links.
    pub base_url: &'a str,
    /// Every file a post may show, by the path it is served at.
    pub files: &'a BTreeMap<&'a str, &'a [u8]>,
    /// The responsive images among them.
    pub pictures: &'a Pictures,
    /// The other names of posts links may use.
    pub addresses: &'a Addresses,
}

/// The bodies of `posts` (parsed from `sources`), in the same order, each
/// with its key in `memo` (a digest of everything it is made of, which
/// pages made from it are keyed by). `memo` is left holding exactly these
/// bodies, even when a post fails; `formulas` is the memo of formulas for
/// a body rendered alone.
pub fn render(
    posts: &[Post],
    sources: &[Source<String>],
    shared: &Shared,
    memo: &mut Memo<Arc<Rendered>>,
    formulas: &mut Math,
) -> Result<(Vec<Arc<Rendered>>, Vec<Key>)> {
    let by_path: HashMap<&str, &Source<String>> =
        sources.iter().map(|s| (s.path.as_str(), s)).collect();
    // What every body depends on besides its post: the base URL, the
    // files posts may show (by the path they are served at) and what their
    // pictures offer (which the column's width decides too). The other
    // names of posts it uses are checked body by body, below: a new post
    // renders no other body again.
    let pictures =
        bincode::serialize(shared.pictures).expect("bincode serialises any map of plain data");
    let count = (shared.files.len() as u64).to_le_bytes();
    let files = shared
        .files
        .iter()
        .flat_map(|(path, bytes)| [path.as_bytes(), bytes]);
    let shared_key = memo::digest(
        [shared.base_url.as_bytes(), &count, pictures.as_slice()]
            .into_iter()
            .chain(files),
    );
    let keys: Vec<Key> = posts
        .par_iter()
        .map(|post| {
            let source = by_path
                .get(post.source.as_str())
                .expect("every post is parsed from one of the sources");
            memo.key(&[
                &shared_key,
                source.path.as_bytes(),
                source.content.as_bytes(),
            ])
        })
        .collect();
    // A body is still good when the other names of posts it links to
    // still lead where they led (`renamed`): a new post renders no other
    // body again.
    let found: Vec<Option<Arc<Rendered>>> = (keys.iter().zip(posts))
        .map(|(key, post)| {
            memo.take_if(key, |body| {
                let renamed =
                    (shared.addresses).renamed(&post.path(), &body.links, shared.base_url);
                renamed == body.renamed
            })
        })
        .collect();

    // Shared, not copied: the memo and the build hold the same bodies.
    let body = |math: &mut Math, post: &Post, found: Option<Arc<Rendered>>| match found {
        Some(body) => Ok(body),
        None => markdown::render(
            post,
            &mut markdown::Context {
                highlighter: shared.highlighter,
                math,
                base_url: shared.base_url,
                files: shared.files,
                pictures: shared.pictures,
                addresses: shared.addresses,
            },
        )
        .map(Arc::new),
    };
    let alone = found.iter().filter(|found| found.is_none()).count() == 1;
    let bodies: Vec<Result<Arc<Rendered>>> = if alone {
        (posts.iter().zip(found))
            .map(|(post, found)| body(formulas, post, found))
            .collect()
    } else {
        (posts.par_iter().zip(found))
            .map_init(Math::default, |math, (post, found)| body(math, post, found))
            .collect()
    };

    let kept = keys
        .iter()
        .copied()
        .zip(&bodies)
        .filter_map(|(key, body)| Some((key, body.as_ref().ok()?.clone())))
        .collect();
    memo.replace(kept);
    // Every post's problems at once, not the first post's.
    let (rendered, failed): (Vec<_>, Vec<_>) = bodies.into_iter().partition(Result::is_ok);
    source::fail_with_all(failed.into_iter().filter_map(Result::err).collect())?;
    let rendered: Vec<Arc<Rendered>> = rendered.into_iter().filter_map(Result::ok).collect();
    // What pages made from a body are keyed by: its key and where its
    // links to other names of posts now lead, which the key leaves out.
    let made_of = (keys.iter().zip(&rendered))
        .map(|(key, body)| {
            let renamed = body.renamed.iter().map(|r| r.as_deref().unwrap_or("\0"));
            memo::digest([&key[..]].into_iter().chain(renamed.map(str::as_bytes)))
        })
        .collect();
    Ok((rendered, made_of))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` posts with formulas (some shared between posts), code and
    /// links, so that workers have real work and the math memo is used.
    fn sources(n: usize) -> Vec<Source<String>> {
        (0..n)
            .map(|i| Source {
                path: format!("posts/p{i}.md"),
                content: format!(
                    "+++\ntitle = \"P{i}\"\ndate = 2026-01-01\n+++\n\
                     ## Part {i}\n\nText $x_{{{i}}}$ and $\\alpha$ [up](../p0/).\n\n\
                     $$\\sum_{{k=1}}^{{{i}}} k$$\n\n```rust\nfn f() -> u32 {{ {i} }}\n```\n\n\
                     ```klingon\nqapla'\n```\n"
                ),
            })
            .collect()
    }

    fn parse(sources: &[Source<String>]) -> Vec<Post> {
        sources
            .iter()
            .map(|s| crate::content::post::parse(s).unwrap().0)
            .collect()
    }

    /// What a body holds, in a form that compares.
    fn fields(r: &Rendered) -> impl PartialEq + std::fmt::Debug {
        (
            r.html.clone(),
            r.feed_html.clone(),
            r.warnings.clone(),
            r.ids.clone(),
            r.links.clone(),
            r.words,
        )
    }

    /// `render` on a pool of `threads` workers, with an empty cache.
    fn in_parallel(sources: &[Source<String>], threads: usize) -> Result<Vec<Arc<Rendered>>> {
        let highlighter = Highlighter::new();
        let files = BTreeMap::new();
        let shared = Shared {
            highlighter: &highlighter,
            base_url: "https://blog.example",
            files: &files,
            pictures: &Pictures::new(),
            addresses: &Addresses::default(),
        };
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool starts")
            .install(|| {
                render(
                    &parse(sources),
                    sources,
                    &shared,
                    &mut Memo::new(b"t", HashMap::new()),
                    &mut Math::default(),
                )
                .map(|(bodies, _)| bodies)
            })
    }

    #[test]
    fn parallel_bodies_equal_sequential_ones_in_the_posts_order() {
        let sources = sources(24);
        let highlighter = Highlighter::new();
        let mut math = Math::default();
        let files = BTreeMap::new();
        let sequential: Vec<_> = parse(&sources)
            .iter()
            .map(|post| {
                let mut cx = markdown::Context {
                    highlighter: &highlighter,
                    math: &mut math,
                    base_url: "https://blog.example",
                    files: &files,
                    pictures: &Pictures::new(),
                    addresses: &Addresses::default(),
                };
                fields(&markdown::render(post, &mut cx).unwrap())
            })
            .collect();
        let parallel: Vec<_> = in_parallel(&sources, 4)
            .unwrap()
            .iter()
            .map(|body| fields(body))
            .collect();
        assert_eq!(parallel, sequential);
    }

    #[test]
    fn every_broken_post_is_reported_in_the_same_order_whatever_the_schedule() {
        let mut sources = sources(16);
        for i in [5, 11] {
            sources[i].content.push_str("\nthen $x^^2$ here\n");
        }
        for threads in [1, 2, 4] {
            let error = in_parallel(&sources, threads).unwrap_err().to_string();
            let lines: Vec<&str> = error.lines().collect();
            assert_eq!(lines.len(), 2, "{threads} threads: {error}");
            assert!(
                lines[0].starts_with("posts/p11.md:19: KaTeX: KaTeX parse error"),
                "{error}"
            );
            assert!(
                lines[1].starts_with("posts/p5.md:19: KaTeX: KaTeX parse error"),
                "{error}"
            );
        }
    }
}
