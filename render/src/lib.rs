//! Build-time renderer of phasespace.
//!
//! `build_site` turns the inputs build.rs found (site settings, post sources,
//! static files) into every route the server will answer, fully rendered. It
//! is pure: it reads nothing from disk and writes nothing. `inputs` is the
//! one module that reads files, build.rs writes them; `table` encodes the
//! result into what the server holds and `codegen` prints that as Rust.

#![forbid(unsafe_code)]

mod assets;
mod cache;
pub mod codegen;
mod content;
mod csp;
mod css;
mod encode;
mod fingerprint;
mod fonts;
pub mod inputs;
mod memo;
mod mime;
mod pages;
mod settings;
mod source;
pub mod table;

use anyhow::Result;
use content::highlight::Highlighter;
use content::post;

pub use cache::Cache;
pub use post::is_source as is_post;
pub use settings::Settings;
pub use source::Source;

/// Everything build.rs found on disk.
pub struct Inputs {
    pub settings: Settings,
    /// The posts, `posts/*.md` and `posts/*/index.md` (see `is_post`), in
    /// any order.
    pub posts: Vec<Source<String>>,
    /// Every other file under `posts/`: files beside a post.
    pub post_files: Vec<Source<Vec<u8>>>,
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
    pub cache: CachePolicy,
}

/// How long browsers and CDNs may keep a route without asking again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CachePolicy {
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
    build_site_cached(inputs, &mut Cache::new(&[]))
}

/// `build_site`, rendering only the post bodies (and subsetting only the
/// fonts) `cache` does not hold from an earlier build; `cache` is left
/// holding this build's.
pub fn build_site_cached(inputs: &Inputs, cache: &mut Cache) -> Result<Site> {
    let settings = &inputs.settings;
    // Front matter read, drafts dropped, files beside posts found.
    let posts = content::parse_posts(inputs)?;
    // Markdown, code, math and images into each post's HTML.
    let highlighter = Highlighter::new();
    let bodies = content::render_bodies(&posts, inputs, &highlighter, &mut cache.bodies)?;
    // The pages, with fonts cut to what they draw, and the static files.
    let generated = assets::generated(highlighter.css());
    let (pages, assets) = pages::render_with_subset_fonts(
        settings,
        &inputs.statics,
        &generated,
        &posts.posts,
        &bodies,
        &mut cache.fonts,
    )?;
    // The feed, the sitemap and robots.txt.
    let documents = pages::documents(settings, &posts.posts, &bodies);

    let mut routes = pages.routes;
    routes.extend(documents);
    routes.extend(posts.files);
    routes.extend(assets.routes);
    routes.sort_by(|a, b| a.path.cmp(&b.path));
    // Every link in a post lands on a route.
    content::check_links(&settings.base_url, &posts.posts, &bodies, &routes)?;
    Ok(Site {
        routes,
        not_found: pages.not_found,
        last_modified: post::newest(&posts.posts),
        warnings: bodies.iter().flat_map(|b| b.warnings.clone()).collect(),
    })
}
