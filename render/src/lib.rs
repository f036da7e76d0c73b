//! Build-time renderer of phasespace.
//!
//! `build_site` turns the inputs build.rs found (site settings, post sources,
//! static files) into every route the server will answer, fully rendered. It
//! is pure: it reads nothing from disk and writes nothing; build.rs does the
//! I/O and `codegen` turns the result into Rust source.

#![forbid(unsafe_code)]

mod assets;
pub mod codegen;
mod csp;
mod css_urls;
mod encode;
mod fingerprint;
mod highlight;
mod markdown;
mod math;
mod post;
mod settings;
mod templates;

use anyhow::{bail, Result};
use std::collections::BTreeMap;

pub use settings::Settings;

/// One input file: its path relative to the repository root (used in every
/// error message) and its content.
pub struct Source<T> {
    pub path: String,
    pub content: T,
}

/// Everything build.rs found on disk.
pub struct Inputs {
    pub settings: Settings,
    /// `posts/*.md`, in any order.
    pub posts: Vec<Source<String>>,
    /// Files under `static/`; `path` is relative to `static/`.
    pub statics: Vec<Source<Vec<u8>>>,
    /// Whether posts marked `draft = true` are published.
    pub include_drafts: bool,
}

/// One response body the server can send, with its content type.
#[derive(Clone, PartialEq, Eq)]
pub struct Route {
    /// The URL path, beginning with `/`.
    pub path: String,
    pub content_type: String,
    pub body: Vec<u8>,
    pub cache: Cache,
}

/// How long browsers and CDNs may keep a route without asking again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cache {
    /// The URL changes whenever the body does (a fingerprinted static
    /// file, see `assets`): keep it a year, never revalidate.
    Immutable,
    /// The URL stays while the body changes (pages, feeds, images beside
    /// posts): revalidate with the ETag before every use.
    Revalidate,
}

impl std::fmt::Debug for Route {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Route")
            .field("path", &self.path)
            .field("content_type", &self.content_type)
            .field("cache", &self.cache)
            .field("body", &format_args!("{} bytes", self.body.len()))
            .finish()
    }
}

/// The rendered site.
#[derive(Debug)]
pub struct Site {
    /// Every route, sorted by path.
    pub routes: Vec<Route>,
    /// The page sent with status 404 for any path not in `routes`.
    pub not_found: Route,
    /// The site's Last-Modified: the newest post's `updated` or `date`
    /// (reproducible, unlike the build's clock); `None` without posts.
    pub last_modified: Option<time::Date>,
    /// Problems that do not stop the build (`file:line: message`).
    pub warnings: Vec<String>,
}

/// Renders the whole site. Fails with `file:line: what is wrong` on the
/// first broken post.
pub fn build_site(inputs: &Inputs) -> Result<Site> {
    let mut posts = inputs
        .posts
        .iter()
        .map(post::parse)
        .collect::<Result<Vec<_>>>()?;
    posts.retain(|p| inputs.include_drafts || !p.draft);
    reject_duplicate_slugs(&posts)?;
    posts.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));

    let highlighter = highlight::Highlighter::new();
    let mut math = math::Math::default();
    let mut warnings = Vec::new();
    let assets = assets::Assets::build(&inputs.statics, &highlighter)?;
    let layout = templates::Layout {
        settings: &inputs.settings,
        assets: &assets,
    };

    let mut routes = Vec::new();
    for post in &posts {
        let body = markdown::render(post, &highlighter, &mut math)?;
        warnings.extend(body.warnings);
        routes.push(html_route(
            &format!("/posts/{}/", post.slug),
            templates::post(&layout, post, &body.html),
        ));
    }
    routes.push(html_route("/", templates::home(&layout, &posts)));
    routes.extend(assets.routes.iter().cloned());
    routes.sort_by(|a, b| a.path.cmp(&b.path));

    Ok(Site {
        routes,
        not_found: html_route("/404.html", templates::not_found(&layout)),
        last_modified: posts
            .iter()
            .map(|p| p.updated.unwrap_or(p.date).max(p.date))
            .max(),
        warnings,
    })
}

/// The 1-based line of `text` that holds byte `offset`.
pub(crate) fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn reject_duplicate_slugs(posts: &[post::Post]) -> Result<()> {
    let mut seen = BTreeMap::new();
    for post in posts {
        if let Some(first) = seen.insert(post.slug.as_str(), post.source.as_str()) {
            bail!(
                "{}:1: duplicate slug \"{}\": {} already uses it",
                post.source,
                post.slug,
                first
            );
        }
    }
    Ok(())
}

fn html_route(path: &str, page: maud::Markup) -> Route {
    Route {
        path: path.into(),
        content_type: "text/html; charset=utf-8".into(),
        body: page.into_string().into_bytes(),
        cache: Cache::Revalidate,
    }
}
