//! maud templates: the layout every page shares (with the head's meta tags
//! for search engines, link previews and feed readers), the home page, the
//! archive, the post page, the tag and series pages, the licences page and
//! the 404 page. They take rendered HTML and
//! settings; they decide nothing about content.

use crate::assets::{Assets, FAVICON, MATH_STYLESHEET, STYLESHEET};
use crate::content::markdown::Rendered;
use crate::content::math_styles;
use crate::content::post::Post;
use crate::content::reading_time;
use crate::content::summary;
use crate::pages::dates::date;
use crate::pages::groups::Group;
use crate::pages::licences::{self, Licence};
use crate::pages::title::title_lines;
use crate::pages::{archive, dates, feed, navigation, series, tags};
use crate::settings::{Settings, LANGUAGE};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// What every page's `<head>` and masthead need.
pub struct Layout<'a> {
    pub settings: &'a Settings,
    /// Where each static file is served.
    pub assets: &'a Assets,
}

/// What one page puts into the layout.
struct Page<'a> {
    /// The `<title>`; the site's title is appended.
    title: Option<&'a str>,
    description: &'a str,
    /// The page's own path, for its canonical URL; `None` for the 404 page,
    /// which is served at every unknown path.
    path: Option<&'a str>,
    /// Open Graph's `og:type`: `article` for a post, else `website`.
    kind: Kind,
    /// When the page holds KaTeX output, and so needs KaTeX's stylesheet:
    /// the declarations its classes stand for (`math_styles`).
    math: Option<&'a BTreeSet<String>>,
    /// A feed of this page's posts besides the site's (a tag's), for feed
    /// readers to find: its title and path.
    feed: Option<(String, String)>,
    main: Markup,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Article,
    Website,
}

impl Layout<'_> {
    fn render(&self, page: Page) -> Markup {
        let site = self.settings;
        let title = match page.title {
            Some(title) => format!("{title} — {}", site.title),
            None => site.title.clone(),
        };
        html! {
            (DOCTYPE)
            html lang=(LANGUAGE) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) }
                    meta name="description" content=(page.description);
                    meta name="author" content=(site.author);
                    (self.head_meta(&page, &title))
                    // Fonts load in CORS mode, so their preloads say `crossorigin`.
                    @for font in self.assets.page_fonts() {
                        link rel="preload" href=(self.assets.url(font)) as="font" type="font/woff2" crossorigin;
                    }
                    // The stylesheets are inlined: fetched apart, they would
                    // hold the first paint back by a round trip.
                    style { (PreEscaped(self.assets.stylesheet(STYLESHEET))) }
                    @if let Some(declarations) = page.math {
                        @for font in self.assets.math_fonts() {
                            link rel="preload" href=(self.assets.url(font)) as="font" type="font/woff2" crossorigin;
                        }
                        // With the rules for the classes this page's KaTeX
                        // styles became, and no others.
                        style {
                            (PreEscaped(self.assets.stylesheet(MATH_STYLESHEET)))
                            (PreEscaped(math_styles::stylesheet(declarations)))
                        }
                    }
                    link rel="icon" href=(self.assets.url(FAVICON)) type="image/svg+xml";
                }
                body {
                    a.skip-link href="#main" { "Skip to content" }
                    header.masthead {
                        nav.site-nav aria-label="Site" {
                            a.site-title href="/" { (site.title) span.dot aria-hidden="true" { "." } }
                            a.nav-link href="/feed.xml" { "Feed" }
                            (super::search::form())
                        }
                        p.tagline { (site.tagline) }
                    }
                    main #main { (page.main) }
                    footer.colophon {
                        p {
                            "© " (site.author)
                            " · " a href=(archive::PATH) { "Archive" }
                            " · " a href="/feed.xml" { "RSS" }
                            @if licences::any(self.assets) { " · " a href=(licences::PATH) { "Licences" } }
                        }
                    }
                }
            }
        }
    }
}

impl Layout<'_> {
    /// The head's links and meta tags for crawlers, link previews (Open
    /// Graph, Twitter card) and feed readers (RSS autodiscovery). Every URL
    /// is absolute: these are read away from the page.
    fn head_meta(&self, page: &Page, title: &str) -> Markup {
        let site = self.settings;
        let url = page.path.map(|path| site.url(path));
        let og_type = match page.kind {
            Kind::Article => "article",
            Kind::Website => "website",
        };
        html! {
            @if let Some(url) = &url { link rel="canonical" href=(url); }
            link rel="alternate" type="application/rss+xml" title=(site.title) href=(site.url(feed::PATH));
            @if let Some((title, path)) = &page.feed {
                link rel="alternate" type="application/rss+xml" title=(title) href=(site.url(path));
            }
            meta property="og:title" content=(page.title.unwrap_or(title));
            meta property="og:description" content=(page.description);
            @if let Some(url) = &url { meta property="og:url" content=(url); }
            meta property="og:type" content=(og_type);
            meta property="og:site_name" content=(site.title);
            meta name="twitter:card" content="summary";
        }
    }
}

/// Whether rendered HTML holds KaTeX output. Only KaTeX writes this class:
/// the same text in a code block or in prose arrives escaped.
fn has_math(html: &str) -> bool {
    html.contains("<span class=\"katex")
}

/// The home page: the newest `home_posts` posts (`posts` come newest
/// first, `bodies` are theirs), each with its date, reading time,
/// subtitle and description or summary; then the way to every other post,
/// the archive.
pub fn home(layout: &Layout, posts: &[Post], bodies: &[Arc<Rendered>]) -> Markup {
    layout.render(Page {
        title: None,
        description: &layout.settings.tagline,
        path: Some("/"),
        kind: Kind::Website,
        math: None,
        feed: None,
        main: html! {
            h1.visually-hidden { "Newest posts" }
            ol.post-list {
                @for (post, body) in posts.iter().zip(bodies).take(layout.settings.home_posts) {
                    li {
                        p.post-date {
                            (date(post.date))
                            " · " (reading_time::minutes(body.words)) " min read"
                            (draft_mark(post))
                        }
                        h2 { a href=(post.path()) { (title_lines(&post.title)) } }
                        @if let Some(subtitle) = &post.subtitle { p.subtitle { (subtitle) } }
                        @if let Some(text) = post.description.clone().or_else(|| summary::summary(post)) {
                            p.summary { (text) }
                        }
                    }
                }
            }
            @if !posts.is_empty() {
                p.archive-link {
                    a href=(archive::PATH) { "Every post, by year" }
                    " · " (count(posts.len(), "post", "posts"))
                }
            }
        },
    })
}

/// "1 post", "12 posts".
fn count(n: usize, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// `posts` compactly, under a heading for each year (`archive::by_year`):
/// one line a post, its day and month, then its title as written (a ` / `
/// stays, as a line break is quoted in prose). The archive's, the tag
/// pages' and the series pages' list.
fn archive_list(posts: &[&Post]) -> Markup {
    html! {
        @for (year, posts) in archive::by_year(posts) {
            section.year aria-labelledby={ "year-" (year) } {
                h2.year-heading id={ "year-" (year) } { (year) }
                ol.archive-list {
                    @for post in posts {
                        li {
                            (dates::day_and_month(post.date))
                            " "
                            span { a href=(post.path()) { (post.title) } (draft_mark(post)) }
                        }
                    }
                }
            }
        }
    }
}

/// The archive: every post, newest first, under its year.
pub fn archive(layout: &Layout, posts: &[Post]) -> Markup {
    let posts: Vec<&Post> = posts.iter().collect();
    layout.render(Page {
        title: Some("Archive"),
        description: "Every post on this site, by year.",
        path: Some(archive::PATH),
        kind: Kind::Website,
        math: None,
        feed: None,
        main: html! {
            h1.page-title { "Archive" }
            @if posts.is_empty() {
                p { "No post yet." }
            } @else {
                p.archive-count { (count(posts.len(), "post", "posts")) ", newest first." }
                (archive_list(&posts))
            }
        },
    })
}

/// The page of posts tagged `tag`.
pub fn tag(layout: &Layout, tag: &Group) -> Markup {
    let (posts, slug, tag) = (&tag.posts, tag.slug, tag.name);
    let title = tags::page_title(tag);
    let path = tags::path(slug);
    let feed = tags::feed_path(slug);
    layout.render(Page {
        title: Some(&title),
        description: &title,
        path: Some(&path),
        kind: Kind::Website,
        math: None,
        feed: Some((tags::feed_title(layout.settings, tag), feed.clone())),
        main: html! {
            h1.page-title { "Posts tagged " em { (tag) } }
            p.page-feed { "Follow this tag by " a href=(feed) type="application/rss+xml" { "RSS" } "." }
            (archive_list(posts))
            p { a href=(tags::INDEX_PATH) { "All tags" } }
        },
    })
}

/// The page listing every tag, with how many posts carry it.
pub fn tags_index(layout: &Layout, tags: &BTreeMap<&str, Group>) -> Markup {
    layout.render(Page {
        title: Some("Tags"),
        description: "Every tag on this site.",
        path: Some(tags::INDEX_PATH),
        kind: Kind::Website,
        math: None,
        feed: None,
        main: html! {
            h1.page-title { "Tags" }
            @if tags.is_empty() {
                p { "No post has a tag yet." }
            } @else {
                ul.tag-index {
                    @for tag in tags.values() {
                        li {
                            a href=(tags::path(tag.slug)) { (tag.name) }
                            " (" (tag.posts.len()) ")"
                        }
                    }
                }
            }
        },
    })
}

/// A post page around its rendered `body`.
/// " · draft" after a post's date, on a post marked `draft = true` (seen
/// only where drafts are built: the preview, `PHASESPACE_DRAFTS=1`).
fn draft_mark(post: &Post) -> Markup {
    html! { @if post.draft { " · " span.draft-mark { "draft" } } }
}

/// What a post's page shows of the posts around it.
pub struct Around<'a> {
    /// The posts written just before and just after it.
    pub previous: Option<&'a Post>,
    pub next: Option<&'a Post>,
    /// Its place in its series, if it has one.
    pub series: Option<series::Place<'a>>,
    /// The posts most like it (`related`), the most alike first.
    pub related: Vec<&'a Post>,
}

pub fn post(layout: &Layout, post: &Post, body: &Rendered, around: &Around) -> Markup {
    let path = post.path();
    let description = post
        .description
        .as_deref()
        .or(post.subtitle.as_deref())
        .unwrap_or(&layout.settings.tagline);
    layout.render(Page {
        title: Some(&post.title),
        description,
        path: Some(&path),
        kind: Kind::Article,
        math: has_math(&body.html).then_some(&body.math_styles),
        feed: None,
        main: html! {
            article.post {
                header.post-header {
                    h1.post-title { (title_lines(&post.title)) }
                    @if let Some(subtitle) = &post.subtitle { p.subtitle { (subtitle) } }
                    p.post-date {
                        (date(post.date))
                        @if let Some(updated) = post.updated { " · updated " (date(updated)) }
                        " · " (reading_time::minutes(body.words)) " min read"
                        (draft_mark(post))
                    }
                    @if !post.tags.is_empty() {
                        ul.tags aria-label="Tags" {
                            @for tag in &post.tags { li { a href=(tags::path(&tag.slug)) { (tag.text) } } }
                        }
                    }
                    @if let Some(place) = &around.series { (navigation::series_line(place)) }
                }
                @if post.toc && !body.toc.is_empty() { (navigation::contents(&body.toc)) }
                div.post-body { (PreEscaped(&body.html)) }
                @if let Some(place) = &around.series { (navigation::series_parts(place, post)) }
                (navigation::related(&around.related))
                (navigation::previous_next(around.previous, around.next))
            }
        },
    })
}

/// The licences of the static files the site did not make (`licences`).
pub fn licences(layout: &Layout, licences: &[Licence]) -> Markup {
    layout.render(Page {
        title: Some("Licences"),
        description: "The licences of the fonts and stylesheets this site serves.",
        path: Some(licences::PATH),
        kind: Kind::Website,
        math: None,
        feed: None,
        main: html! {
            h1.page-title { "Licences" }
            p {
                "This site serves fonts and a stylesheet it did not make. The fonts are \
                 cut to the characters its pages draw, which their licence counts as \
                 modifying them, so a font whose licence reserves its name goes by \
                 another here. The notices and licences:"
            }
            ul.licences {
                @for licence in licences {
                    li { a href=(licence.url) { (licence.name) } ": " (licence.notice) }
                }
            }
        },
    })
}

/// The page of search results, with `search::SLOT` where the server
/// writes them (`pages::search`).
pub fn search(layout: &Layout) -> Markup {
    layout.render(Page {
        title: Some("Search"),
        description: "Search the posts.",
        path: None,
        kind: Kind::Website,
        math: None,
        feed: None,
        main: html! {
            h1.page-title { "Search" }
            (PreEscaped(super::search::SLOT))
        },
    })
}

/// A post as a search result heads it: its title linked, date and tags.
pub fn search_result(post: &Post) -> Markup {
    html! {
        h2.search-title { a href=(post.path()) { (title_lines(&post.title)) } }
        p.post-date {
            (date(post.date))
            @for tag in &post.tags { " · " a.search-tag href=(tags::path(&tag.slug)) { (tag.text) } }
        }
    }
}

/// The page served with status 404.
pub fn not_found(layout: &Layout) -> Markup {
    layout.render(Page {
        title: Some("Not found"),
        description: "No page lives at this address.",
        path: None,
        kind: Kind::Website,
        math: None,
        feed: None,
        main: html! {
            article.post {
                header.post-header { h1.post-title { "Not found" } }
                div.post-body {
                    p { "Nothing lives at this address. The " a href="/" { "list of posts" } " is a good place to start." }
                }
            }
        },
    })
}

/// The page of a series: its parts, oldest first.
pub fn series(layout: &Layout, series: &Group) -> Markup {
    let path = series::path(series.slug);
    let description = format!(
        "{}: a series in {}.",
        series.name,
        navigation::parts(series.posts.len())
    );
    layout.render(Page {
        title: Some(series.name),
        description: &description,
        path: Some(&path),
        kind: Kind::Website,
        math: None,
        feed: None,
        main: html! {
            p.series-kicker { "A series in " (navigation::parts(series.posts.len())) }
            h1.page-title { (series.name) }
            (archive_list(&series.posts))
            p { a href=(series::INDEX_PATH) { "All series" } }
        },
    })
}

/// The page listing every series, with how many parts each has.
pub fn series_index(layout: &Layout, all: &BTreeMap<&str, Group>) -> Markup {
    layout.render(Page {
        title: Some("Series"),
        description: "Every series on this site.",
        path: Some(series::INDEX_PATH),
        kind: Kind::Website,
        math: None,
        feed: None,
        main: html! {
            h1.page-title { "Series" }
            ul.tag-index {
                @for series in all.values() {
                    li {
                        a href=(series::path(series.slug)) { (series.name) }
                        " (" (navigation::parts(series.posts.len())) ")"
                    }
                }
            }
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn math_is_katex_output_not_its_class_name_in_text() {
        assert!(has_math(
            r#"<p>a <span class="katex"><span class="katex-mathml">"#
        ));
        assert!(has_math(
            r#"<span class="katex-display"><span class="katex">"#
        ));
        assert!(!has_math(
            r#"<pre><code>&lt;span class=&quot;katex&quot;&gt;</code></pre>"#
        ));
        assert!(!has_math("<p>no formulas</p>"));
    }
}
