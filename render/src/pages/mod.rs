//! Pages: the site's HTML pages (`templates`: the posts, the home page,
//! the archive (`archive`), the tag and series pages, the licences page (`licences`), the 404
//! page; `navigation`: a post's contents, series, related posts
//! (`related`) and previous/next) and
//! its XML documents (`feed`, `sitemap`),
//! made from the rendered posts. It decides the layout and what links
//! where; the bytes of fonts and stylesheets it links to are `fonts`' and
//! `assets`', and encoding the routes for the binary is the output's.

pub(crate) mod archive;
pub(crate) mod dates;
pub(crate) mod feed;
pub(crate) mod groups;
pub(crate) mod licences;
pub(crate) mod navigation;
pub(crate) mod related;
pub(crate) mod series;
pub(crate) mod sitemap;
pub(crate) mod tags;
pub(crate) mod templates;
pub(crate) mod title;
pub(crate) mod xml;

use crate::assets::{Assets, STYLESHEET};
use crate::content::markdown::Rendered;
use crate::content::post::{self, Post};
use crate::settings::Settings;
use crate::site::{CachePolicy, Route};
use crate::source::Source;
use crate::{css, fonts};
use anyhow::Result;
use std::collections::BTreeMap;
use templates::Layout;

/// The site's HTML pages, and the page for unknown paths.
pub(crate) struct Pages {
    pub routes: Vec<Route>,
    pub not_found: Route,
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

/// Every page, linking to fonts cut to what the pages draw, the static
/// files (`Assets`) they link to, and the warnings of the cut.
///
/// The pages are rendered twice: first with the fonts as vendored, to
/// learn which characters each face draws on them (`fonts`); then with
/// the fonts cut to those, whose URLs come from their bytes. KaTeX's fonts
/// are cut to the characters KaTeX set in the bodies. `generated` is the
/// CSS the build appends to static stylesheets (`assets::generated`).
pub(crate) fn render_with_subset_fonts(
    settings: &Settings,
    statics: &[Source<Vec<u8>>],
    generated: &BTreeMap<&str, String>,
    posts: &[Post],
    bodies: &[Rendered],
    memos: &mut fonts::Memos,
) -> Result<(Pages, Assets, Vec<String>)> {
    let related = related::related(posts);
    let render = |assets: &Assets| {
        let layout = Layout { settings, assets };
        pages(&layout, posts, bodies, &related)
    };
    let vendored = render(&Assets::build(statics, generated)?);
    let site_stylesheet = statics
        .iter()
        .find(|file| file.path == STYLESHEET)
        .map(|file| String::from_utf8_lossy(&file.content))
        .unwrap_or_default();
    let bodies: Vec<&str> = bodies.iter().map(|b| b.html.as_str()).collect();
    let cut = fonts::cut_to(
        statics,
        &fonts::Pages {
            html: &vendored.html(),
            stylesheets: &css::as_served(statics, generated)?,
            site_stylesheet: &site_stylesheet,
            bodies: &bodies,
        },
        memos,
    )?;
    let assets = Assets::build(&cut.files, generated)?;
    Ok((render(&assets), assets, cut.warnings))
}

/// Every page, linking to the fonts as vendored, and the static files
/// (`Assets`) they link to: the preview's (`Fonts::AsVendored`).
pub(crate) fn render_with_vendored_fonts(
    settings: &Settings,
    statics: &[Source<Vec<u8>>],
    generated: &BTreeMap<&str, String>,
    posts: &[Post],
    bodies: &[Rendered],
) -> Result<(Pages, Assets, Vec<String>)> {
    let assets = Assets::build(statics, generated)?;
    let layout = Layout {
        settings,
        assets: &assets,
    };
    let pages = pages(&layout, posts, bodies, &related::related(posts));
    Ok((pages, assets, Vec::new()))
}

/// Every page: the posts (`bodies` are their bodies, `related` the posts
/// like each (`related`), `posts` come newest first), the home page, the
/// archive, the tag pages, the series pages when there is a series, the
/// licences page, and the 404 page.
fn pages(layout: &Layout, posts: &[Post], bodies: &[Rendered], related: &[Vec<usize>]) -> Pages {
    let by_tag = tags::by_tag(posts);
    let by_series = series::by_series(posts);
    let mut routes = Vec::new();
    for (i, (post, body)) in posts.iter().zip(bodies).enumerate() {
        let around = templates::Around {
            previous: posts.get(i + 1),
            next: i.checked_sub(1).map(|newer| &posts[newer]),
            series: series::place(&by_series, post),
            related: related[i].iter().map(|&other| &posts[other]).collect(),
        };
        routes.push(html_route(
            &post.path(),
            templates::post(layout, post, body, &around),
        ));
    }
    routes.push(html_route("/", templates::home(layout, posts, bodies)));
    routes.push(html_route(archive::PATH, templates::archive(layout, posts)));
    routes.push(html_route(
        tags::INDEX_PATH,
        templates::tags_index(layout, &by_tag),
    ));
    for tag in by_tag.values() {
        routes.push(html_route(
            &tags::path(tag.slug),
            templates::tag(layout, tag),
        ));
    }
    if !by_series.is_empty() {
        routes.push(html_route(
            series::INDEX_PATH,
            templates::series_index(layout, &by_series),
        ));
    }
    for one in by_series.values() {
        routes.push(html_route(
            &series::path(one.slug),
            templates::series(layout, one),
        ));
    }
    let licences = licences::of(layout.assets);
    if !licences.is_empty() {
        let page = templates::licences(layout, &licences);
        routes.push(html_route(licences::PATH, page));
    }
    Pages {
        routes,
        not_found: html_route("/404.html", templates::not_found(layout)),
    }
}

fn html_route(path: &str, page: maud::Markup) -> Route {
    Route {
        path: path.into(),
        content_type: "text/html; charset=utf-8".into(),
        body: page.into_string().into_bytes(),
        cache: CachePolicy::Revalidate,
        ranges: false,
    }
}

/// The documents for machines: the RSS feed, the sitemap, robots.txt and
/// each tag's feed.
pub(crate) fn documents(settings: &Settings, posts: &[Post], bodies: &[Rendered]) -> Vec<Route> {
    let newest = post::newest(posts);
    let mut pages = vec![sitemap::Page {
        path: "/".into(),
        changed: newest,
    }];
    pages.push(sitemap::Page {
        path: archive::PATH.into(),
        changed: newest,
    });
    for post in posts {
        pages.push(sitemap::Page {
            path: post.path(),
            changed: Some(post.last_change()),
        });
    }
    pages.push(sitemap::Page {
        path: tags::INDEX_PATH.into(),
        changed: newest,
    });
    let by_tag = tags::by_tag(posts);
    for tag in by_tag.values() {
        pages.push(sitemap::Page {
            path: tags::path(tag.slug),
            changed: post::newest(tag.posts.iter().copied()),
        });
    }
    let by_series = series::by_series(posts);
    if !by_series.is_empty() {
        pages.push(sitemap::Page {
            path: series::INDEX_PATH.into(),
            changed: newest,
        });
    }
    for one in by_series.values() {
        pages.push(sitemap::Page {
            path: series::path(one.slug),
            changed: post::newest(one.posts.iter().copied()),
        });
    }
    let entries: Vec<_> = posts
        .iter()
        .zip(bodies)
        .map(|(post, body)| feed::Entry {
            post,
            html: &body.feed_html,
            series: series::place(&by_series, post),
        })
        .collect();
    let route = |path: &str, content_type: &str, body| Route {
        path: path.into(),
        content_type: content_type.into(),
        body,
        cache: CachePolicy::Revalidate,
        ranges: false,
    };
    let all: Vec<&feed::Entry> = entries.iter().collect();
    let mut documents = vec![
        route(
            feed::PATH,
            feed::CONTENT_TYPE,
            feed::rss(settings, &feed::Channel::site(settings), &all),
        ),
        route(
            sitemap::PATH,
            sitemap::CONTENT_TYPE,
            sitemap::sitemap(settings, &pages),
        ),
        route(
            sitemap::ROBOTS_PATH,
            sitemap::ROBOTS_CONTENT_TYPE,
            sitemap::robots(settings),
        ),
    ];
    for tag in by_tag.values() {
        let tagged: Vec<&feed::Entry> = all
            .iter()
            .filter(|entry| entry.post.tags.iter().any(|t| t.slug == tag.slug))
            .copied()
            .collect();
        let channel = feed::Channel::tag(settings, tag.name, tag.slug);
        documents.push(route(
            &channel.path,
            feed::CONTENT_TYPE,
            feed::rss(settings, &channel, &tagged),
        ));
    }
    documents
}
