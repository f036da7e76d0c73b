//! A post page's ways around: its contents under the title (`toc = true`),
//! its place in a series (a line under the title, every part at the end),
//! the posts most like it, and the posts written before and after it.
//! Markup only, all of it outside the body, so none of it reaches the
//! feed; which posts are around a post is decided in `pages` (`related`
//! chooses the posts like it).

use crate::content::markdown::TocEntry;
use crate::content::post::Post;
use crate::pages::dates::date;
use crate::pages::series::{self, Place};
use crate::pages::title::title_lines;
use maud::{html, Markup, PreEscaped};

/// The contents: each h2 with the h3s under it nested; h3s before the
/// first h2 stand on their own.
pub fn contents(entries: &[TocEntry]) -> Markup {
    let link = |entry: &TocEntry| html! { a href={ "#" (entry.id) } { (PreEscaped(&entry.html)) } };
    html! {
        nav.toc aria-label="Contents" {
            p.toc-title { "Contents" }
            ol {
                @for run in entries.chunk_by(|_, next| next.level > 2) {
                    @if run[0].level == 2 {
                        li {
                            (link(&run[0]))
                            @if run.len() > 1 {
                                ol { @for entry in &run[1..] { li { (link(entry)) } } }
                            }
                        }
                    } @else {
                        @for entry in run { li { (link(entry)) } }
                    }
                }
            }
        }
    }
}

/// The line under the title: "Part 2 of 4 in *Name*".
pub fn series_line(place: &Place) -> Markup {
    html! {
        p.series-line {
            "Part " (place.part) " of " (place.series.posts.len()) " in "
            a href=(series::path(place.series.slug)) { (place.series.name) }
        }
    }
}

/// Every part of `post`'s series at its end, in order, `post` marked.
pub fn series_parts(place: &Place, post: &Post) -> Markup {
    let series = place.series;
    html! {
        aside.series aria-label="Series" {
            p.series-kicker { "A series in " (parts(series.posts.len())) }
            p.series-name { a href=(series::path(series.slug)) { (series.name) } }
            ol.series-parts {
                @for part in &series.posts {
                    li {
                        @if part.slug == post.slug {
                            span aria-current="page" { (title_lines(&part.title)) }
                        } @else {
                            a href=(part.path()) { (title_lines(&part.title)) }
                        }
                    }
                }
            }
        }
    }
}

/// The posts most like this one, at its end: each title with its date.
pub fn related(posts: &[&Post]) -> Markup {
    html! {
        @if !posts.is_empty() {
            aside.related aria-labelledby="related-title" {
                p.related-title #related-title { "Related posts" }
                ul.related-posts {
                    @for post in posts {
                        li {
                            a href=(post.path()) { (title_lines(&post.title)) }
                            " " span.related-date { (date(post.date)) }
                        }
                    }
                }
            }
        }
    }
}

/// Links to the post written before and the one written after, if any.
pub fn previous_next(previous: Option<&Post>, next: Option<&Post>) -> Markup {
    html! {
        @if previous.is_some() || next.is_some() {
            nav.post-nav aria-label="Previous and next posts" {
                @if let Some(post) = previous {
                    a.post-nav-previous href=(post.path()) rel="prev" {
                        span.post-nav-label { "Previous" } " "
                        span.post-nav-title { (title_lines(&post.title)) }
                    }
                }
                @if let Some(post) = next {
                    a.post-nav-next href=(post.path()) rel="next" {
                        span.post-nav-label { "Next" } " "
                        span.post-nav-title { (title_lines(&post.title)) }
                    }
                }
            }
        }
    }
}

/// "1 part", "4 parts".
pub fn parts(count: usize) -> String {
    match count {
        1 => "1 part".into(),
        n => format!("{n} parts"),
    }
}
