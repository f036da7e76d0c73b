//! Content: posts as written (`posts/`) turned into what pages are made
//! of. It parses each post's front matter (`front_matter`, in Zola's,
//! Hugo's or Jekyll's dialect, into a `post`), serves the files beside
//! posts (`post_files`) and renders each body (`bodies`: Zola's and
//! Hugo's shortcodes drawn (`shortcodes`), then markdown with highlighted
//! code, KaTeX math, sized images and checked links). It stops
//! at a post's HTML and facts about it: which page holds it, and what the
//! page around it looks like, are `pages`'.

pub(crate) mod aliases;
pub(crate) mod bodies;
pub(crate) mod chart;
pub(crate) mod front_matter;
pub(crate) mod highlight;
pub(crate) mod image;
pub(crate) mod images;
pub(crate) mod links;
pub(crate) mod markdown;
pub(crate) mod math;
pub(crate) mod math_bound;
pub(crate) mod math_styles;
pub(crate) mod names;
pub(crate) mod post;
pub(crate) mod post_files;
pub(crate) mod reading_time;
pub(crate) mod shortcodes;
pub(crate) mod slug;
pub(crate) mod summary;

use crate::content::front_matter::keys::Text;
use crate::content::highlight::Highlighter;
use crate::content::markdown::Rendered;
use crate::content::post::Post;
use crate::memo::{Key, Memo};
use crate::site::{Inputs, Route};
use crate::source;
use anyhow::Result;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The published posts, newest first, the routes of the files beside
/// them, and what the writer should hear about them.
pub(crate) struct Posts {
    pub posts: Vec<Post>,
    pub files: Vec<Route>,
    /// Tags and series spelled more than one way, and the front matter
    /// keys that mean nothing here (`file:line: …`).
    pub warnings: Vec<String>,
    /// The posts' other names (`@/` sources, aliases): what rendering
    /// rewrites links by and the link check accepts, made once for both.
    pub addresses: links::Addresses,
    /// The site's own old addresses (`site.toml`'s `[redirects]`) and the
    /// path each leads to.
    pub redirects: Vec<(aliases::Alias, String)>,
}

/// Parses every post and finds the files beside them; drops the drafts
/// unless `inputs` include them. Fails with every post that does not
/// parse, or else with every slug two published posts share and every
/// post that lists a tag twice (drafts included: tags are front matter,
/// checked in every post like the rest of it). A tag or series spelled
/// several ways is shown everywhere in one spelling (`names::spellings`).
pub(crate) fn parse_posts(inputs: &Inputs) -> Result<Posts> {
    // On every core, in the sources' order.
    let parsed: Vec<Result<_>> = inputs.posts.par_iter().map(post::parse).collect();
    let (parsed, failed): (Vec<_>, Vec<_>) = parsed.into_iter().partition(Result::is_ok);
    source::fail_with_all(failed.into_iter().filter_map(Result::err).collect())?;
    let (mut posts, ignored): (Vec<Post>, Vec<_>) =
        parsed.into_iter().filter_map(Result::ok).unzip();
    let mut warnings: Vec<String> = ignored_keys(&posts, &ignored).into_iter().collect();
    let files = post_files::routes(&inputs.post_files, &posts, inputs.include_drafts)?;
    let tags = names::spellings(
        "tag",
        posts
            .iter()
            .flat_map(|p| p.tags.iter().map(|t| (p.source.as_str(), p.date, t))),
    );
    let series = names::spellings(
        "series",
        posts
            .iter()
            .filter_map(|p| Some((p.source.as_str(), p.date, p.series.as_ref()?))),
    );
    for post in &mut posts {
        post.tags.iter_mut().for_each(|tag| tags.show(tag));
        post.series.iter_mut().for_each(|one| series.show(one));
    }
    let mut problems = tags.problems;
    problems.extend(series.problems);
    warnings.extend(tags.warnings.into_iter().chain(series.warnings));
    posts.retain(|p| inputs.include_drafts || !p.draft);
    problems.extend(duplicate_slugs(&posts));
    source::fail_with_all(problems)?;
    // Newest first; on one day, the later slug first, so that the list read
    // backwards is the order of `chronological`.
    posts.sort_by(|a, b| chronological(b, a));
    let redirects = aliases::site(&inputs.settings.redirects)?;
    let addresses = links::Addresses::of(&posts, &redirects);
    Ok(Posts {
        posts,
        files,
        warnings,
        addresses,
        redirects,
    })
}

/// One warning for the whole site naming each front matter key that means
/// nothing here (`ignored`, one list per post of `posts`), with how many
/// posts hold it and where it is first written; `None` when there are none.
fn ignored_keys(posts: &[Post], ignored: &[Vec<Text>]) -> Option<String> {
    let mut keys: BTreeMap<&str, (usize, String)> = BTreeMap::new();
    for (post, keys_of_post) in posts.iter().zip(ignored) {
        for key in keys_of_post {
            keys.entry(&key.text)
                .or_insert_with(|| (0, format!("{}:{}", post.source, key.line)))
                .0 += 1;
        }
    }
    let listed: Vec<String> = keys
        .iter()
        .map(|(key, (count, first))| match count {
            1 => format!("`{key}` ({first})"),
            n => format!("`{key}` ({n} posts, first {first})"),
        })
        .collect();
    (!listed.is_empty()).then(|| {
        format!(
            "front matter keys with no meaning here, ignored: {}",
            listed.join(", ")
        )
    })
}

/// The order posts were written in: by date, and on one day by slug. The
/// site lists posts the other way round; previous and next, and a series'
/// parts, follow this order.
fn chronological(a: &Post, b: &Post) -> std::cmp::Ordering {
    a.date.cmp(&b.date).then_with(|| a.slug.cmp(&b.slug))
}

fn duplicate_slugs(posts: &[Post]) -> Vec<anyhow::Error> {
    let mut seen = BTreeMap::new();
    let mut duplicates = Vec::new();
    for post in posts {
        if let Some(first) = seen.insert(post.slug.as_str(), post.source.as_str()) {
            duplicates.push(anyhow::anyhow!(
                "{}:1: duplicate slug \"{}\": {} already uses it",
                post.source,
                post.slug,
                first
            ));
        }
    }
    duplicates
}

/// The posts' bodies, in the posts' order, and what each is made of.
pub(crate) struct Bodies {
    pub rendered: Vec<Arc<Rendered>>,
    /// What pages made from each body are keyed by: a digest of its post's
    /// path and text, of everything else the body depends on, and of where
    /// its links to posts' other names lead (`bodies`).
    pub made_of: Vec<Key>,
}

/// Every post's body, in the posts' order (see `bodies`); `statics` are
/// the files under `static/` served at their own path, `pictures` the
/// responsive images (`content::image`), `formulas` the memo of formulas
/// for a body rendered alone.
pub(crate) fn render_bodies(
    posts: &Posts,
    inputs: &Inputs,
    highlighter: &Highlighter,
    statics: &[Route],
    pictures: &image::Pictures,
    memo: &mut Memo<Arc<Rendered>>,
    formulas: &mut math::Math,
) -> Result<Bodies> {
    let files = posts
        .files
        .iter()
        .chain(statics)
        .map(|r| (r.path.as_str(), &r.body[..]))
        .collect();
    let shared = bodies::Shared {
        highlighter,
        base_url: &inputs.settings.base_url,
        files: &files,
        pictures,
        addresses: &posts.addresses,
    };
    let (rendered, made_of) = bodies::render(&posts.posts, &inputs.posts, &shared, memo, formulas)?;
    Ok(Bodies { rendered, made_of })
}

/// Checks every link in every post (`posts`, whose bodies are `bodies`)
/// against `routes`, the ids of the posts and the posts' other names
/// (`addresses`, `Posts::addresses`); fails with every broken one, one per
/// line.
pub(crate) fn check_links(
    base_url: &str,
    posts: &[Post],
    addresses: &links::Addresses,
    bodies: &[Arc<Rendered>],
    routes: &[Route],
) -> Result<()> {
    let paths: Vec<String> = posts.iter().map(Post::path).collect();
    let targets = links::Targets {
        addresses,
        routes: routes.iter().map(|r| r.path.as_str()).collect(),
        ids: paths
            .iter()
            .map(String::as_str)
            .zip(bodies.iter().map(|r| &r.ids))
            .collect(),
    };
    let broken = paths
        .iter()
        .zip(bodies)
        .filter_map(|(path, r)| links::check(path, &r.links, base_url, &targets).err())
        .collect();
    source::fail_with_all(broken)
}
