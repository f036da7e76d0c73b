//! Search in the pages: the form every page's header holds (a plain GET
//! to `/search`, no script), and the page of results, rendered here whole
//! with `SLOT` where the server writes the results (`search::html`), so
//! the server renders nothing but them. Its work stops at HTML: the index
//! is the search module's, answering is the server's.

use crate::content::post::Post;
use crate::pages::tags;
use maud::{html, Markup};

/// Where the page of results is cut into the head and foot the server
/// writes the results between.
pub const SLOT: &str = "<!-- results -->";

/// The search form of every page's header. `export` takes it out of the
/// pages by these exact bytes (a static host cannot answer it).
pub fn form() -> Markup {
    html! {
        form.site-search role="search" action="/search" method="get" {
            label.visually-hidden for="site-search" { "Search the posts" }
            input #site-search type="search" name="q" placeholder="Search";
            button type="submit" { "Search" }
        }
    }
}

/// What the page of no result offers: a search within each tag, most
/// used first.
pub fn suggestions(posts: &[Post]) -> Markup {
    let by_tag = tags::by_tag(posts);
    let mut all: Vec<_> = by_tag.values().collect();
    all.sort_by_key(|tag| std::cmp::Reverse(tag.posts.len()));
    html! {
        @if !all.is_empty() {
            p.search-summary { "Or look within a tag:" }
            ul.tags.search-suggestions {
                @for tag in all {
                    li { a href={ "/search?q=tag:" (tag.slug) } { (tag.name) } }
                }
            }
        }
    }
}
