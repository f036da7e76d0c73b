//! Build-time renderer of phasespace.
//!
//! `build_site` turns the inputs build.rs found (site settings, post sources,
//! static files) into every route the server will answer, fully rendered. It
//! is pure: it reads nothing from disk and writes nothing. `inputs` is the
//! one module that reads files, build.rs writes them; `output` encodes the
//! result into what the server holds and prints that as Rust.

#![forbid(unsafe_code)]

mod assets;
mod cache;
mod content;
mod css;
mod favicon;
mod fingerprint;
mod fonts;
pub mod inputs;
mod memo;
mod mime;
pub mod output;
mod pages;
mod settings;
mod site;
mod source;

use anyhow::Result;
use content::highlight::Highlighter;
use content::post;

pub use cache::Cache;
pub use content::front_matter::{permalink, yaml, Entry, Item, Value};
pub use content::slug::slug;
pub use fingerprint::fingerprint;
pub use fonts::names::reserved as reserved_font_names;
pub use post::is_source as is_post;
pub use settings::Settings;
pub use site::{CachePolicy, Fonts, Inputs, Route, Site};
pub use source::Source;

/// `site` as the table the server holds (`output::table`), for pages built
/// for `base_url`: only the bodies `cache` does not hold from an earlier
/// build are compressed and read for their policy.
pub fn table(
    site: &Site,
    base_url: &str,
    codings: output::table::Codings,
    cache: &mut Cache,
) -> output::table::Table {
    output::table::table(site, base_url, codings, &mut cache.prepared)
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
    // Static files the pages do not use themselves, at their own paths.
    let plain_statics = assets::plain(&inputs.statics);
    // Raster images beside posts and under static/ resized to the column
    // and encoded.
    let images = content::image::responsive(
        posts.files.iter().chain(&plain_statics),
        content::image::column::of_site(&inputs.statics),
        &mut cache.images,
    );
    // Markdown, code, math and images into each post's HTML.
    let highlighter = Highlighter::new();
    let bodies = content::render_bodies(
        &posts,
        inputs,
        &highlighter,
        &plain_statics,
        &images.pictures,
        &mut cache.bodies,
    )?;
    // The pages, with fonts cut to what they draw, and the static files.
    let generated = assets::generated(highlighter.css());
    let statics = &inputs.statics;
    let (pages, assets, font_warnings) = match inputs.fonts {
        Fonts::Subset => pages::render_with_subset_fonts(
            settings,
            statics,
            &generated,
            &posts.posts,
            &bodies,
            &mut cache.fonts,
        )?,
        Fonts::AsVendored => {
            pages::render_with_vendored_fonts(settings, statics, &generated, &posts.posts, &bodies)?
        }
    };
    // The feed, the sitemap and robots.txt.
    let documents = pages::documents(settings, &posts.posts, &bodies);
    // /favicon.ico, drawn from the SVG favicon pages link to.
    let favicon = favicon::route(statics)?;

    let mut routes = pages.routes;
    routes.extend(documents);
    routes.push(favicon);
    routes.extend(posts.files);
    routes.extend(images.routes);
    routes.extend(assets.routes);
    assets::check_plain(&plain_statics, &routes)?;
    routes.extend(plain_statics);
    routes.sort_by(|a, b| a.path.cmp(&b.path));
    // Every link in a post lands on a route.
    content::check_links(
        &settings.base_url,
        &posts.posts,
        &posts.addresses,
        &bodies,
        &routes,
    )?;
    // Every alias is a path of its own.
    content::aliases::check(&posts.posts, &routes)?;
    Ok(Site {
        aliases: content::aliases::redirects(&posts.posts),
        routes,
        not_found: pages.not_found,
        last_modified: post::newest(&posts.posts),
        warnings: posts
            .warnings
            .into_iter()
            .chain(bodies.iter().flat_map(|b| b.warnings.clone()))
            .chain(font_warnings)
            .collect(),
    })
}
