//! The contents of a post: its h2 and h3 headings in order, each with its
//! id and its text as HTML, for the list a post with `toc = true` shows
//! under its title (`pages::templates`). An entry reads as the heading
//! does (inline code, emphasis, formulas) without what would be wrong
//! inside a link to it: the heading's own links and footnote marks.

use super::headings::Headings;
use super::{Markup, Piece};
use pulldown_cmark::{html, Event, Tag, TagEnd};

/// One heading in the contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    /// 2 or 3.
    pub level: u8,
    /// The heading's id, the fragment the entry links to.
    pub id: String,
    /// The heading's text as HTML.
    pub html: String,
}

/// The h2 and h3 headings of `pieces`, once `headings` has anchored them.
pub(super) fn entries(pieces: &[Piece], headings: &Headings) -> Vec<Entry> {
    headings
        .list
        .iter()
        .filter_map(|heading| {
            let level = u8::try_from(heading.level)
                .ok()
                .filter(|l| (2..=3).contains(l))?;
            let events =
                pieces[heading.text.clone()]
                    .iter()
                    .filter_map(|piece| match &piece.markup {
                        Markup::Both(
                            Event::Start(Tag::Link { .. })
                            | Event::End(TagEnd::Link)
                            | Event::FootnoteReference(_),
                        ) => None,
                        Markup::Both(event) => Some(event.clone()),
                        Markup::Split { page, .. } => Some(Event::Html(page.as_str().into())),
                    });
            let mut html = String::new();
            html::push_html(&mut html, events);
            Some(Entry {
                level,
                id: heading.id.clone(),
                html,
            })
        })
        .collect()
}
