//! Links as the writer wrote them: remembered, with their line, for the
//! link check (`content::links`), sent to the post when they name it by
//! another name (`@/…`, an old address: `links::Addresses`), and made
//! absolute in the feed's body, which a reader shows away from the site.
//! Email links are none of these: they point at no page.

use super::{Body, Context, Markup, Piece};
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

/// Every link in `pieces` (on the page at `page_path`) that names a post
/// by another name, pointed at the post's path, in both bodies. One that
/// names no post is left as written, for the link check to report.
pub(super) fn rename(pieces: &mut [Piece], page_path: &str, cx: &Context) {
    for piece in pieces {
        if let Markup::Both(Event::Start(Tag::Link {
            link_type,
            dest_url,
            ..
        })) = &mut piece.markup
        {
            if *link_type == LinkType::Email {
                continue;
            }
            if let Ok(Some(path)) = cx.addresses.target(page_path, dest_url, cx.base_url) {
                *dest_url = path.into();
            }
        }
    }
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
