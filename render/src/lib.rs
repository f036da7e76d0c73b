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
mod search;
mod settings;
mod site;
mod source;

use anyhow::Result;
use content::highlight::Highlighter;
use content::post;
use output::table::MadeOf;

pub use cache::Cache;
pub use content::front_matter::{permalink, yaml, Entry, Item, Value};
pub use content::slug::slug;
pub use fingerprint::fingerprint;
pub use fonts::names::reserved as reserved_font_names;
pub use pages::archive::PATH as ARCHIVE_PATH;
pub use post::is_source as is_post;
pub use settings::Settings;
pub use site::{CachePolicy, Fonts, Inputs, Route, Search, Site};
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

/// A site built straight into its table (whose `search` is `None`), its
/// build's warnings, and what its search index is made of: the preview
/// serves the pages first and assembles the index after
/// (`PendingSearch::assemble`), since that is work over every post
/// whatever a save changed.
pub struct Built {
    pub table: output::table::Table,
    pub warnings: Vec<String>,
    pub search: PendingSearch,
}

/// The search index of a build, not yet assembled.
pub struct PendingSearch(search::Pending);

impl PendingSearch {
    /// The index and its page as the table holds them, analysing only the
    /// posts `cache` holds no analysis of.
    pub fn assemble(self, cache: &mut Cache) -> Result<output::table::Search> {
        let search = self.0.search(&mut cache.search)?;
        Ok(output::table::search(&search))
    }
}

/// The site as its table, for the preview (`Built`): the bodies `cache`
/// holds from an earlier build are neither rendered nor prepared again.
pub fn build_table(
    inputs: &Inputs,
    codings: output::table::Codings,
    cache: &mut Cache,
) -> Result<Built> {
    let (mut site, made_of, search) = build(inputs, cache)?;
    let warnings = std::mem::take(&mut site.warnings);
    let base_url = &inputs.settings.base_url;
    let table = output::table::of_built(site, base_url, codings, &mut cache.prepared, &made_of);
    Ok(Built {
        table,
        warnings,
        search: PendingSearch(search),
    })
}

/// Renders the whole site. Fails with `file:line: what is wrong` on the
/// first broken post.
pub fn build_site(inputs: &Inputs) -> Result<Site> {
    build_site_cached(inputs, &mut Cache::new(&[]))
}

/// `build_site`, rendering only the post bodies and pages (and subsetting
/// only the fonts) `cache` does not hold from an earlier build; `cache` is
/// left holding this build's.
pub fn build_site_cached(inputs: &Inputs, cache: &mut Cache) -> Result<Site> {
    let (mut site, _, search) = build(inputs, cache)?;
    site.search = Some(search.search(&mut cache.search)?);
    Ok(site)
}

/// The site (its `search` left `None`), what the build knows each route is
/// made of, and what the search index will be made of.
fn build(inputs: &Inputs, cache: &mut Cache) -> Result<(Site, MadeOf, search::Pending)> {
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
    let highlighter = cache.highlighter.get_or_init(Highlighter::new);
    let bodies = content::render_bodies(
        &posts,
        inputs,
        highlighter,
        &plain_statics,
        &images.pictures,
        &mut cache.bodies,
        &mut cache.formulas,
    )?;
    // The pages, with fonts cut to what they draw, and the static files.
    let generated = assets::generated(highlighter.css());
    let statics = &inputs.statics;
    // The posts like each post, for the end of its page.
    let related = pages::related(&posts.posts, &bodies.made_of, &mut cache.related);
    let for_pages = pages::Posts {
        posts: &posts.posts,
        bodies: &bodies.rendered,
        made_of: &bodies.made_of,
        related: &related,
    };
    let (pages, assets, font_warnings) = match inputs.fonts {
        Fonts::Subset => pages::render_with_subset_fonts(
            settings,
            statics,
            &generated,
            &for_pages,
            &mut cache.fonts,
            &mut cache.pages,
        )?,
        Fonts::AsVendored => pages::render_with_vendored_fonts(
            settings,
            statics,
            &generated,
            &for_pages,
            &mut cache.pages,
        )?,
    };
    // The feed, the sitemap and robots.txt.
    let documents = pages::documents(settings, &for_pages, &mut cache.feed);
    let (bodies, bodies_made_of) = (bodies.rendered, bodies.made_of);
    // /favicon.ico, drawn from the SVG favicon pages link to.
    let favicon = favicon::route(statics)?;

    // Each route with what it is made of, where the build knows it.
    let known = |routes: Vec<Route>| routes.into_iter().map(|route| (route, None));
    let mut routes: Vec<(Route, Option<memo::Key>)> = (pages.routes.into_iter())
        .zip(pages.routes_made_of.into_iter().map(Some))
        .collect();
    routes.extend(documents);
    routes.push((favicon, None));
    routes.extend(known(posts.files));
    routes.extend(known(images.routes));
    routes.extend(known(assets.routes));
    assets::check_plain(&plain_statics, routes.iter().map(|(route, _)| route))?;
    routes.extend(known(plain_statics));
    routes.sort_by(|(a, _), (b, _)| a.path.cmp(&b.path));
    let (routes, routes_made_of): (Vec<Route>, Vec<_>) = routes.into_iter().unzip();
    // Every link in a post lands on a route.
    content::check_links(
        &settings.base_url,
        &posts.posts,
        &posts.addresses,
        &bodies,
        &routes,
    )?;
    // Every alias is a path of its own; each of the site's leads to a page.
    content::aliases::check(&posts.posts, &posts.redirects, &routes)?;
    let site = Site {
        aliases: content::aliases::redirects(&posts.posts, &posts.redirects),
        search: None,
        routes,
        not_found: pages.not_found,
        last_modified: post::newest(&posts.posts),
        warnings: posts
            .warnings
            .into_iter()
            .chain(bodies.iter().flat_map(|b| b.warnings.clone()))
            .chain(font_warnings)
            .collect(),
    };
    let made_of = MadeOf {
        routes: routes_made_of,
        not_found: Some(pages.not_found_made_of),
    };
    // The search index, and the page its results are written into.
    let search = search::Pending {
        posts: posts.posts,
        bodies,
        made_of: bodies_made_of,
        page: pages.search,
    };
    Ok((site, made_of, search))
}
