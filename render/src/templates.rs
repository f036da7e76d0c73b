//! maud templates: the layout every page shares, the home page, the post
//! page and the 404 page. They take rendered HTML and settings; they decide
//! nothing about content.

use crate::assets::{Assets, FAVICON, MATH_FONTS, MATH_STYLESHEET, PAGE_FONTS, STYLESHEET};
use crate::post::Post;
use crate::Settings;
use maud::{html, Markup, PreEscaped, DOCTYPE};
use time::Date;

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
    /// Whether the page holds KaTeX output, and so needs KaTeX's stylesheet.
    math: bool,
    main: Markup,
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
            html lang="en" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) }
                    meta name="description" content=(page.description);
                    meta name="author" content=(site.author);
                    // Fonts load in CORS mode, so their preloads say `crossorigin`.
                    @for font in PAGE_FONTS {
                        link rel="preload" href=(self.assets.url(font)) as="font" type="font/woff2" crossorigin;
                    }
                    link rel="stylesheet" href=(self.assets.url(STYLESHEET));
                    @if page.math {
                        @for font in MATH_FONTS {
                            link rel="preload" href=(self.assets.url(font)) as="font" type="font/woff2" crossorigin;
                        }
                        link rel="stylesheet" href=(self.assets.url(MATH_STYLESHEET));
                    }
                    link rel="icon" href=(self.assets.url(FAVICON)) type="image/svg+xml";
                }
                body {
                    a.skip-link href="#main" { "Skip to content" }
                    header.masthead {
                        nav.site-nav aria-label="Site" {
                            a.site-title href="/" { (site.title) span.dot aria-hidden="true" { "." } }
                            a.nav-link href="/feed.xml" { "Feed" }
                        }
                        p.tagline { (site.tagline) }
                    }
                    main #main { (page.main) }
                    footer.colophon {
                        p { "© " (site.author) " · " a href="/feed.xml" { "RSS" } }
                    }
                }
            }
        }
    }
}

/// Whether rendered HTML holds KaTeX output. Only KaTeX writes this class:
/// the same text in a code block or in prose arrives escaped.
fn has_math(html: &str) -> bool {
    html.contains("<span class=\"katex")
}

/// A title with ` / ` marking a line break, as HTML.
fn title_lines(title: &str) -> Markup {
    html! {
        @for (i, line) in title.split(" / ").enumerate() {
            @if i > 0 { br; }
            (line)
        }
    }
}

fn date(date: Date) -> Markup {
    let format = time::macros::format_description!("[day padding:none] [month repr:long] [year]");
    let human = date
        .format(&format)
        .expect("a calendar date always formats");
    html! { time datetime=(date.to_string()) { (human) } }
}

/// The home page: the posts, newest first.
pub fn home(layout: &Layout, posts: &[Post]) -> Markup {
    layout.render(Page {
        title: None,
        description: &layout.settings.tagline,
        math: false,
        main: html! {
            h1.visually-hidden { "Posts" }
            ol.post-list {
                @for post in posts {
                    li {
                        p.post-date { (date(post.date)) }
                        h2 { a href={ "/posts/" (post.slug) "/" } { (title_lines(&post.title)) } }
                        @if let Some(subtitle) = &post.subtitle { p.subtitle { (subtitle) } }
                    }
                }
            }
        },
    })
}

/// A post page around its rendered body.
pub fn post(layout: &Layout, post: &Post, body: &str) -> Markup {
    let description = post
        .description
        .as_deref()
        .or(post.subtitle.as_deref())
        .unwrap_or(&layout.settings.tagline);
    layout.render(Page {
        title: Some(&post.title),
        description,
        math: has_math(body),
        main: html! {
            article.post {
                header.post-header {
                    h1.post-title { (title_lines(&post.title)) }
                    @if let Some(subtitle) = &post.subtitle { p.subtitle { (subtitle) } }
                    p.post-date {
                        (date(post.date))
                        @if let Some(updated) = post.updated { " · updated " (date(updated)) }
                    }
                    @if !post.tags.is_empty() {
                        ul.tags aria-label="Tags" { @for tag in &post.tags { li { (tag) } } }
                    }
                }
                div.post-body { (PreEscaped(body)) }
            }
        },
    })
}

/// The page served with status 404.
pub fn not_found(layout: &Layout) -> Markup {
    layout.render(Page {
        title: Some("Not found"),
        description: "No page lives at this address.",
        math: false,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slash_in_title_is_a_line_break() {
        assert_eq!(
            title_lines("Do I dare / Disturb <it>?").into_string(),
            "Do I dare<br>Disturb &lt;it&gt;?"
        );
    }

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

    #[test]
    fn date_is_machine_and_human_readable() {
        assert_eq!(
            date(time::macros::date!(2026 - 11 - 09)).into_string(),
            "<time datetime=\"2026-11-09\">9 November 2026</time>"
        );
    }
}
