//! Pages: the site's HTML pages (`templates`: the posts, the home page,
//! the archive (`archive`), the tag and series pages, the licences page
//! (`licences`), the 404 page; `navigation`: a post's contents, series,
//! related posts (`related`) and previous/next) and its XML documents
//! (`feed` and each tag's, `sitemap`),
//! made from the rendered posts. It decides the layout and what links
//! where; the bytes of fonts and stylesheets it links to are `fonts`' and
//! `assets`', and encoding the routes for the binary is the output's.

pub(crate) mod archive;
pub(crate) mod dates;
pub(crate) mod feed;
pub(crate) mod groups;
pub(crate) mod licences;
pub(crate) mod made_of;
pub(crate) mod navigation;
pub(crate) mod related;
pub(crate) mod search;
pub(crate) mod series;
pub(crate) mod sitemap;
pub(crate) mod tags;
pub(crate) mod templates;
pub(crate) mod title;
pub(crate) mod xml;

use crate::assets::{Assets, STYLESHEET};
use crate::content::markdown::Rendered;
use crate::content::post::{self, Post};
use crate::memo::{Key, Memo};
use crate::settings::Settings;
use crate::site::{CachePolicy, Route};
use crate::source::Source;
use crate::{css, fonts};
use anyhow::Result;
use bytes::Bytes;
use groups::Group;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use templates::Layout;

/// The site's HTML pages, and the page for unknown paths.
pub(crate) struct Pages {
    pub routes: Vec<Route>,
    pub not_found: Route,
    /// What each page's bytes are made of (`made_of`): one key per route,
    /// in the order of `routes`.
    pub routes_made_of: Vec<Key>,
    pub not_found_made_of: Key,
    /// The page of search results, with `search::SLOT` for them.
    pub search: Vec<u8>,
}

/// The posts as pages take them: newest first, with their bodies and the
/// keys of those bodies (`content::bodies`), in the same order.
pub(crate) struct Posts<'a> {
    pub posts: &'a [Post],
    pub bodies: &'a [Arc<Rendered>],
    pub made_of: &'a [Key],
    /// For each post, the posts like it (`related`), by index.
    pub related: &'a [Vec<usize>],
}

/// For each of `posts` (newest first) whose bodies' keys are `made_of`, the
/// posts like it (`related`). Each post's terms are counted only when
/// `memo` holds no count for its body (whose key digests its whole text):
/// counting them was most of a save at 1,000 posts.
pub(crate) fn related(
    posts: &[Post],
    made_of: &[Key],
    memo: &mut Memo<Arc<related::Terms>>,
) -> Vec<Vec<usize>> {
    let keys: Vec<Key> = made_of
        .iter()
        .map(|key| memo.key(&[b"terms", key]))
        .collect();
    let indices: Vec<usize> = (0..posts.len()).collect();
    let counted = memo.all_keyed(&indices, &keys, |&i| Arc::new(related::terms(&posts[i])));
    related::related(&counted)
}

impl Pages {
    /// Every page's HTML.
    fn html(&self) -> Vec<&str> {
        self.routes
            .iter()
            .chain([&self.not_found])
            .map(|r| &r.body[..])
            .chain([&self.search[..]])
            .map(|body| std::str::from_utf8(body).expect("maud writes UTF-8"))
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
/// Pages `memo` holds from an earlier build are not rendered again.
pub(crate) fn render_with_subset_fonts(
    settings: &Settings,
    statics: &[Source<Bytes>],
    generated: &BTreeMap<&str, String>,
    posts: &Posts,
    memos: &mut fonts::Memos,
    memo: &mut Memo<Bytes>,
) -> Result<(Pages, Assets, Vec<String>)> {
    let mut render = |files: &[Source<Bytes>], assets: &Assets| {
        let layout = Layout { settings, assets };
        let layout_key = made_of::layout(memo, settings, files, generated);
        pages(&layout, &layout_key, posts, memo)
    };
    let vendored = render(statics, &Assets::build(statics, generated)?);
    let site_stylesheet = statics
        .iter()
        .find(|file| file.path == STYLESHEET)
        .map(|file| String::from_utf8_lossy(&file.content))
        .unwrap_or_default();
    let bodies: Vec<&str> = posts.bodies.iter().map(|b| b.html.as_str()).collect();
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
    Ok((render(&cut.files, &assets), assets, cut.warnings))
}

/// Every page, linking to the fonts as vendored, and the static files
/// (`Assets`) they link to: the preview's (`Fonts::AsVendored`). Pages
/// `memo` holds from an earlier build are not rendered again.
pub(crate) fn render_with_vendored_fonts(
    settings: &Settings,
    statics: &[Source<Bytes>],
    generated: &BTreeMap<&str, String>,
    posts: &Posts,
    memo: &mut Memo<Bytes>,
) -> Result<(Pages, Assets, Vec<String>)> {
    let assets = Assets::build(statics, generated)?;
    let layout = Layout {
        settings,
        assets: &assets,
    };
    let layout_key = made_of::layout(memo, settings, statics, generated);
    let pages = pages(&layout, &layout_key, posts, memo);
    Ok((pages, assets, Vec::new()))
}

/// One page of the site, by the template that makes it.
enum Page<'a> {
    /// The post at this index of the posts.
    Post(usize),
    Home,
    Archive,
    TagsIndex,
    Tag(&'a Group<'a>),
    SeriesIndex,
    Series(&'a Group<'a>),
    Licences,
    NotFound,
}

/// Every page: the posts (newest first, with the posts like each), the
/// home page, the archive, the tag pages, the
/// series pages when there is a series, the licences page, and the 404
/// page. Each is rendered only when `memo` holds no page made of the same
/// things (`made_of`; `layout_key` is the layout's), on every core.
fn pages(layout: &Layout, layout_key: &Key, posts: &Posts, memo: &mut Memo<Bytes>) -> Pages {
    let Posts {
        posts,
        bodies,
        made_of: keys,
        related,
    } = *posts;
    let by_tag = tags::by_tag(posts);
    let by_series = series::by_series(posts);
    let licences = licences::of(layout.assets);
    let mut all: Vec<Page> = (0..posts.len()).map(Page::Post).collect();
    all.extend([Page::Home, Page::Archive, Page::TagsIndex]);
    all.extend(by_tag.values().map(Page::Tag));
    if !by_series.is_empty() {
        all.push(Page::SeriesIndex);
    }
    all.extend(by_series.values().map(Page::Series));
    if !licences.is_empty() {
        all.push(Page::Licences);
    }
    all.push(Page::NotFound);

    let path = |page: &Page| match page {
        Page::Post(i) => posts[*i].path(),
        Page::Home => "/".to_string(),
        Page::Archive => archive::PATH.to_string(),
        Page::TagsIndex => tags::INDEX_PATH.to_string(),
        Page::Tag(tag) => tags::path(tag.slug),
        Page::SeriesIndex => series::INDEX_PATH.to_string(),
        Page::Series(one) => series::path(one.slug),
        Page::Licences => licences::PATH.to_string(),
        Page::NotFound => NOT_FOUND_PATH.to_string(),
    };
    // A listing, and a post page's links to other posts, show only what
    // `made_of::listed` digests of each post, not its body: a sentence
    // saved in one post renders no page but its own (and the home page's,
    // if it is among the newest).
    let listed: Vec<Key> = posts
        .iter()
        .map(|post| made_of::listed(memo, post))
        .collect();
    let listed_of: HashMap<&str, &Key> = posts
        .iter()
        .zip(&listed)
        .map(|(post, key)| (post.source.as_str(), key))
        .collect();
    let listed_in = |group: &[&Post]| -> Vec<&Key> {
        group
            .iter()
            .map(|post| listed_of[post.source.as_str()])
            .collect()
    };
    let around = |i: usize| templates::Around {
        previous: posts.get(i + 1),
        next: i.checked_sub(1).map(|newer| &posts[newer]),
        series: series::place(&by_series, &posts[i]),
        related: related[i].iter().map(|&other| &posts[other]).collect(),
    };
    let page_key = |memo: &Memo<Bytes>, page: &Page| {
        let (kind, posts): (&str, Vec<&Key>) = match page {
            Page::Post(i) => {
                let around = around(*i);
                let series = around.series.map(|place| listed_in(&place.series.posts));
                let neighbour = |post: Option<&Post>| post.map(|p| listed_of[p.source.as_str()]);
                let posts = made_of::post_page(
                    &keys[*i],
                    neighbour(around.previous),
                    neighbour(around.next),
                    series.unwrap_or_default(),
                    related[*i].iter().map(|&other| &listed[other]),
                );
                ("post", posts)
            }
            // The newest posts in full (their bodies give the reading
            // time and summary), then how many there are.
            Page::Home => {
                let shown = keys.iter().take(layout.settings.home_posts);
                ("home", shown.chain(&listed).collect())
            }
            Page::Archive => ("archive", listed.iter().collect()),
            Page::TagsIndex => ("tags", listed.iter().collect()),
            Page::Tag(tag) => ("tag", listed_in(&tag.posts)),
            Page::SeriesIndex => ("series index", listed.iter().collect()),
            Page::Series(one) => ("series", listed_in(&one.posts)),
            Page::Licences => ("licences", Vec::new()),
            Page::NotFound => ("404", Vec::new()),
        };
        made_of::page(memo, layout_key, kind, &path(page), &posts)
    };
    let render = |page: &Page| {
        let markup = match page {
            Page::Post(i) => templates::post(layout, &posts[*i], &bodies[*i], &around(*i)),
            Page::Home => templates::home(layout, posts, bodies),
            Page::Archive => templates::archive(layout, posts),
            Page::TagsIndex => templates::tags_index(layout, &by_tag),
            Page::Tag(tag) => templates::tag(layout, tag),
            Page::SeriesIndex => templates::series_index(layout, &by_series),
            Page::Series(one) => templates::series(layout, one),
            Page::Licences => templates::licences(layout, &licences),
            Page::NotFound => templates::not_found(layout),
        };
        Bytes::from(markup.into_string())
    };
    let keys: Vec<Key> = all.iter().map(|page| page_key(memo, page)).collect();
    let bodies = memo.all_keyed(&all, &keys, render);
    let mut routes: Vec<Route> = all
        .iter()
        .zip(bodies)
        .map(|(page, body)| html_route(&path(page), body))
        .collect();
    let mut routes_made_of = keys;
    let not_found = routes.pop().expect("the 404 page comes last");
    let not_found_made_of = routes_made_of.pop().expect("the 404 page comes last");
    Pages {
        routes,
        not_found,
        routes_made_of,
        not_found_made_of,
        search: templates::search(layout).into_string().into_bytes(),
    }
}

/// Where the 404 page is served (besides every unknown path).
const NOT_FOUND_PATH: &str = "/404.html";

fn html_route(path: &str, body: Bytes) -> Route {
    Route {
        path: path.into(),
        content_type: "text/html; charset=utf-8".into(),
        body,
        cache: CachePolicy::Revalidate,
        ranges: false,
    }
}

/// The documents for machines: the RSS feed, the sitemap, robots.txt and
/// each tag's feed, each with what it is made of where that is worth
/// knowing (the site's feed is not digested again to learn it). Each
/// post's content is escaped for the feeds only when `escaped` holds no
/// escaping of its body.
pub(crate) fn documents(
    settings: &Settings,
    posts: &Posts,
    escaped: &mut Memo<Arc<str>>,
) -> Vec<(Route, Option<Key>)> {
    let Posts {
        posts,
        bodies,
        made_of,
        ..
    } = *posts;
    let indices: Vec<usize> = (0..posts.len()).collect();
    let keys: Vec<Key> = made_of
        .iter()
        .map(|key| escaped.key(&[b"feed", key]))
        .collect();
    let contents = escaped.all_keyed(&indices, &keys, |&i| {
        Arc::from(feed::escaped(&bodies[i].feed_html))
    });
    // The settings, and the posts: their bodies' keys digest their whole
    // text, and which series each is part of follows from them.
    let settings_text = format!("{settings:?}");
    let feed_parts = [&b"feed document"[..], settings_text.as_bytes()];
    let feed_made_of = escaped.key(
        &feed_parts
            .into_iter()
            .chain(made_of.iter().map(|k| &k[..]))
            .collect::<Vec<_>>(),
    );
    let key_of: HashMap<&str, &Key> = (posts.iter().zip(made_of))
        .map(|(post, key)| (post.source.as_str(), key))
        .collect();
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
        .zip(&contents)
        .map(|(post, html)| feed::Entry {
            post,
            html,
            series: series::place(&by_series, post),
        })
        .collect();
    let route = |path: &str, content_type: &str, body: Vec<u8>| Route {
        path: path.into(),
        content_type: content_type.into(),
        body: body.into(),
        cache: CachePolicy::Revalidate,
        ranges: false,
    };
    let all: Vec<&feed::Entry> = entries.iter().collect();
    let mut documents = vec![
        (
            route(
                feed::PATH,
                feed::CONTENT_TYPE,
                feed::rss(settings, &feed::Channel::site(settings), &all),
            ),
            Some(feed_made_of),
        ),
        (
            route(
                sitemap::PATH,
                sitemap::CONTENT_TYPE,
                sitemap::sitemap(settings, &pages),
            ),
            None,
        ),
        (
            route(
                sitemap::ROBOTS_PATH,
                sitemap::ROBOTS_CONTENT_TYPE,
                sitemap::robots(settings),
            ),
            None,
        ),
    ];
    for tag in by_tag.values() {
        let tagged: Vec<&feed::Entry> = all
            .iter()
            .filter(|entry| entry.post.tags.iter().any(|t| t.slug == tag.slug))
            .copied()
            .collect();
        let channel = feed::Channel::tag(settings, tag.name, tag.slug);
        let feed = feed::rss(settings, &channel, &tagged);
        // The settings, the tag, and its posts: their bodies' keys, and
        // where each stands in its series (which posts outside the tag
        // decide).
        let places: Vec<String> = (tagged.iter())
            .map(|entry| match &entry.series {
                Some(place) => {
                    format!("{} {} {}", place.part, place.series.slug, place.series.name)
                }
                None => String::new(),
            })
            .collect();
        let mut parts = vec![
            &b"tag feed"[..],
            settings_text.as_bytes(),
            tag.slug.as_bytes(),
            tag.name.as_bytes(),
        ];
        for (entry, place) in tagged.iter().zip(&places) {
            parts.extend([&key_of[entry.post.source.as_str()][..], place.as_bytes()]);
        }
        let made_of = escaped.key(&parts);
        documents.push((
            route(&channel.path, feed::CONTENT_TYPE, feed),
            Some(made_of),
        ));
    }
    documents
}
