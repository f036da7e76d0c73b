//! Build-time renderer of phasespace.
//!
//! `build_site` turns the inputs build.rs found (site settings, post sources,
//! static files) into every route the server will answer, fully rendered. It
//! is pure: it reads nothing from disk and writes nothing. `inputs` is the
//! one module that reads files, build.rs writes them, and `codegen` turns
//! the result into Rust source.

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
mod pages;
mod settings;

use anyhow::{bail, Result};
use content::{bodies, highlight, links, markdown, post, post_files};
use fonts::{charset, faces, subset};
use pages::{feed, sitemap, tags, templates};
use std::collections::{BTreeMap, BTreeSet};

pub use cache::Cache;
pub use post::is_source as is_post;
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
    let mut posts = inputs
        .posts
        .iter()
        .map(post::parse)
        .collect::<Result<Vec<_>>>()?;
    let file_routes = post_files::routes(&inputs.post_files, &posts, inputs.include_drafts)?;
    posts.retain(|p| inputs.include_drafts || !p.draft);
    reject_duplicate_slugs(&posts)?;
    posts.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));

    let highlighter = highlight::Highlighter::new();
    let files = file_routes
        .iter()
        .map(|r| (r.path.as_str(), r.body.as_slice()))
        .collect();
    let shared = bodies::Shared {
        highlighter: &highlighter,
        base_url: &settings.base_url,
        files: &files,
    };
    let rendered = bodies::render(&posts, &inputs.posts, &shared, cache)?;
    let warnings = rendered.iter().flat_map(|r| r.warnings.clone()).collect();

    // The pages are rendered twice: first with the fonts as vendored, to
    // learn which characters each face draws on them (`faces`); then with
    // the fonts cut to those (`subset`), whose URLs come from their bytes.
    // KaTeX's fonts are cut to the characters KaTeX set in the bodies.
    let by_tag = tags::by_tag(&posts);
    let generated = assets::generated(&highlighter);
    let vendored = assets::Assets::build(&inputs.statics, &generated)?;
    let first = pages(&layout(settings, &vendored), &posts, &rendered, &by_tag);
    let styles = faces::Styles::read(&stylesheets(&inputs.statics, &generated)?)?;
    let drawn = faces::drawn(&styles, &first.html(), cache);
    let text = subset::Text {
        site: inputs
            .statics
            .iter()
            .filter_map(|file| {
                let face = styles.face_of(&file.path)?;
                Some((
                    file.path.clone(),
                    drawn.get(&face).cloned().unwrap_or_default(),
                ))
            })
            .collect(),
        math: charset::katex(rendered.iter().map(|r| r.html.as_str())),
    };
    let statics = subset::site_fonts(&inputs.statics, &text, cache)?;
    let assets = assets::Assets::build(&statics, &generated)?;
    let Pages {
        mut routes,
        not_found,
    } = pages(&layout(settings, &assets), &posts, &rendered, &by_tag);

    let newest = posts.iter().map(feed::last_change).max();
    let mut sitemap = vec![sitemap::Page {
        path: "/".into(),
        changed: newest,
    }];
    for post in &posts {
        sitemap.push(sitemap::Page {
            path: post.path(),
            changed: Some(feed::last_change(post)),
        });
    }
    sitemap.push(sitemap::Page {
        path: tags::INDEX_PATH.into(),
        changed: newest,
    });
    for (tag, tagged) in &by_tag {
        sitemap.push(sitemap::Page {
            path: tags::path(tag),
            changed: tagged.iter().map(|p| feed::last_change(p)).max(),
        });
    }
    let entries: Vec<_> = posts
        .iter()
        .zip(&rendered)
        .map(|(post, body)| feed::Entry {
            post,
            html: &body.feed_html,
        })
        .collect();
    routes.push(Route {
        path: feed::PATH.into(),
        content_type: feed::CONTENT_TYPE.into(),
        body: feed::rss(settings, &entries),
        cache: CachePolicy::Revalidate,
    });
    routes.push(Route {
        path: sitemap::PATH.into(),
        content_type: sitemap::CONTENT_TYPE.into(),
        body: sitemap::sitemap(settings, &sitemap),
        cache: CachePolicy::Revalidate,
    });
    routes.push(Route {
        path: sitemap::ROBOTS_PATH.into(),
        content_type: sitemap::ROBOTS_CONTENT_TYPE.into(),
        body: sitemap::robots(settings),
        cache: CachePolicy::Revalidate,
    });
    routes.extend(file_routes);
    routes.extend(assets.routes.iter().cloned());
    routes.sort_by(|a, b| a.path.cmp(&b.path));

    check_links(settings, &posts, &rendered, &routes)?;
    Ok(Site {
        routes,
        not_found,
        last_modified: posts
            .iter()
            .map(|p| p.updated.unwrap_or(p.date).max(p.date))
            .max(),
        warnings,
    })
}

/// The site's HTML pages, and the page for unknown paths.
struct Pages {
    routes: Vec<Route>,
    not_found: Route,
}

impl Pages {
    /// Every page's HTML.
    fn html(&self) -> Vec<&str> {
        self.routes
            .iter()
            .chain([&self.not_found])
            .map(|r| std::str::from_utf8(&r.body).expect("maud writes UTF-8"))
            .collect()
    }
}

fn layout<'a>(settings: &'a Settings, assets: &'a assets::Assets) -> templates::Layout<'a> {
    templates::Layout { settings, assets }
}

/// Every page: the posts (`rendered` are their bodies), the home page, the
/// tag pages, and the 404 page.
fn pages(
    layout: &templates::Layout,
    posts: &[post::Post],
    rendered: &[markdown::Rendered],
    by_tag: &BTreeMap<&str, Vec<&post::Post>>,
) -> Pages {
    let mut routes = Vec::new();
    for (post, body) in posts.iter().zip(rendered) {
        routes.push(html_route(
            &post.path(),
            templates::post(layout, post, body),
        ));
    }
    routes.push(html_route("/", templates::home(layout, posts)));
    routes.push(html_route(
        tags::INDEX_PATH,
        templates::tags_index(layout, by_tag),
    ));
    for (tag, tagged) in by_tag {
        routes.push(html_route(
            &tags::path(tag),
            templates::tag(layout, tag, tagged),
        ));
    }
    Pages {
        routes,
        not_found: html_route("/404.html", templates::not_found(layout)),
    }
}

/// The stylesheets as served: each `.css` file under `static/` with what
/// the build appends to it (`assets::generated`), by path.
fn stylesheets(
    statics: &[Source<Vec<u8>>],
    generated: &BTreeMap<&str, String>,
) -> Result<Vec<(String, String)>> {
    statics
        .iter()
        .filter(|file| file.path.ends_with(".css"))
        .map(|file| {
            let path = format!("static/{}", file.path);
            let mut css = String::from_utf8(file.content.clone())
                .map_err(|e| anyhow::anyhow!("{path}: not UTF-8 text: {e}"))?;
            if let Some(extra) = generated.get(file.path.as_str()) {
                css.push_str(extra);
            }
            Ok((path, css))
        })
        .collect()
}

/// Every link in every post lands on a route (and an id there); fails
/// with every broken one, one per line.
fn check_links(
    settings: &Settings,
    posts: &[post::Post],
    rendered: &[markdown::Rendered],
    routes: &[Route],
) -> Result<()> {
    let paths: Vec<String> = posts.iter().map(post::Post::path).collect();
    let targets = links::Targets {
        routes: routes
            .iter()
            .map(|r| r.path.as_str())
            .collect::<BTreeSet<_>>(),
        ids: paths
            .iter()
            .map(String::as_str)
            .zip(rendered.iter().map(|r| &r.ids))
            .collect(),
    };
    let broken: Vec<String> = paths
        .iter()
        .zip(rendered)
        .filter_map(|(path, r)| {
            links::check(path, &r.links, &settings.base_url, &targets)
                .err()
                .map(|e| e.to_string())
        })
        .collect();
    if !broken.is_empty() {
        bail!("{}", broken.join("\n"));
    }
    Ok(())
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
        cache: CachePolicy::Revalidate,
    }
}
