//! Links as the writer wrote them: remembered, with their line, for the
//! link check (`content::links`), and made absolute in the feed's body,
//! which a reader shows away from the site. Email links are neither: they
//! point at no page.

use super::{Body, Piece};
use crate::content::links::Link;
use pulldown_cmark::{Event, LinkType, Tag};

/// Every link in `pieces`, in order. Run it before the passes that add
/// links of their own (footnotes): only the writer's are checked.
pub(super) fn collect(pieces: &[Piece], body: &Body) -> Vec<Link> {
    pieces
        .iter()
        .filter_map(|piece| match piece.event()? {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if *link_type != LinkType::Email => Some(Link {
                href: dest_url.to_string(),
                at: body.at(piece.offset),
            }),
            _ => None,
        })
        .collect()
}

/// `event` for the feed: a link's target made absolute by `absolute`.
pub(super) fn absolute<'e>(event: &Event<'e>, absolute: &dyn Fn(&str) -> String) -> Event<'e> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if *link_type != LinkType::Email => Event::Start(Tag::Link {
            link_type: *link_type,
            dest_url: absolute(dest_url).into(),
            title: title.clone(),
            id: id.clone(),
        }),
        event => event.clone(),
    }
}
