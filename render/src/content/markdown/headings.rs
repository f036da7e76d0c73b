//! Headings: each gets an id, the one the writer gave (`{#id}`) or one
//! made from its text and made unique, and its text becomes a link to the
//! heading itself. An id given twice is a problem. Feeds get the id, not
//! the link. The headings are remembered in order, for the contents
//! (`toc`). On the page a heading also carries the ids Zola, GitHub (and
//! Hugo) and Jekyll would have given it (`heading_ids`), each as an empty
//! `<a id>` at its start, so that links written for those engines, on the
//! site or from outside it, land on it; an id another heading or a
//! footnote takes is not added again.

use super::heading_ids::Engines;
use super::{Body, Piece};
use anyhow::anyhow;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::{BTreeSet, HashMap};

/// The ids the headings took.
pub(super) struct Headings {
    /// Each id and the offset of the heading that took it.
    offsets: HashMap<String, usize>,
    /// The other engines' ids the headings carry too.
    others: Vec<String>,
    /// Every heading, in the order of the post.
    pub(super) list: Vec<Heading>,
}

/// A heading: its level, its id, and where its text lies in the pieces.
pub(super) struct Heading {
    pub(super) level: usize,
    pub(super) id: String,
    /// The pieces between the heading's start and end.
    pub(super) text: std::ops::Range<usize>,
}

impl Headings {
    /// The offset of the heading with `id`, if one has it.
    pub(super) fn offset(&self, id: &str) -> Option<usize> {
        self.offsets.get(id).copied()
    }

    pub(super) fn into_ids(self) -> BTreeSet<String> {
        self.offsets.into_keys().chain(self.others).collect()
    }
}

/// Gives every heading in `pieces` its id and self-link, in place; an
/// explicit id used twice goes to `problems` (that heading gets a unique
/// one, so the rest of the post is read on).
pub(super) fn anchor(
    pieces: &mut [Piece],
    body: &Body,
    problems: &mut Vec<anyhow::Error>,
) -> Headings {
    let mut headings = Headings {
        offsets: HashMap::new(),
        others: Vec::new(),
        list: Vec::new(),
    };
    // Each heading's other ids, by the index of its start in the pieces.
    let mut others: Vec<(usize, Vec<String>)> = Vec::new();
    let mut engines = Engines::default();
    let mut open: Option<Open> = None;
    for (i, piece) in pieces.iter_mut().enumerate() {
        match (piece.event(), open.as_mut()) {
            (Some(Event::Start(Tag::Heading { level, id, .. })), _) => {
                open = Some(Open {
                    level: *level as usize,
                    explicit: id.as_ref().map(|i| i.to_string()),
                    start: i,
                    text: String::new(),
                });
            }
            (Some(Event::Text(text) | Event::Code(text)), Some(open)) => open.text.push_str(text),
            (Some(Event::End(TagEnd::Heading(_))), _) => {
                let Open {
                    level,
                    explicit,
                    start,
                    text,
                } = open.take().expect("a heading ends after it starts");
                let offset = piece.offset;
                let id = match explicit {
                    Some(id) if headings.offsets.contains_key(&id) => {
                        problems.push(anyhow!(
                            "{}: heading id \"{id}\" is used twice",
                            body.at(offset)
                        ));
                        unique_id(&id, &headings.offsets)
                    }
                    Some(id) => id,
                    None => unique_id(&slugify(&text), &headings.offsets),
                };
                others.push((start, engines.ids(&text)));
                *piece = Piece::split(
                    format!("</a></h{level}>\n"),
                    format!("</h{level}>\n"),
                    offset,
                );
                headings.list.push(Heading {
                    level,
                    id: id.clone(),
                    text: start + 1..i,
                });
                headings.offsets.insert(id, offset);
            }
            _ => {}
        }
    }
    for ((start, ids), heading) in others.into_iter().zip(&headings.list) {
        let mut targets = String::new();
        for other in ids {
            let taken = headings.offsets.contains_key(&other)
                || headings.others.contains(&other)
                || other.starts_with("fn-")
                || other.starts_with("fnref-");
            if !taken {
                targets.push_str(&format!("<a id=\"{other}\"></a>"));
                headings.others.push(other);
            }
        }
        let (level, id) = (heading.level, &heading.id);
        pieces[start] = Piece::split(
            format!("<h{level} id=\"{id}\">{targets}<a class=\"self-link\" href=\"#{id}\">"),
            format!("<h{level} id=\"{id}\">"),
            pieces[start].offset,
        );
    }
    headings
}

/// A heading being read.
struct Open {
    level: usize,
    /// The id the writer gave.
    explicit: Option<String>,
    /// The index of its start in the pieces.
    start: usize,
    /// Its text and inline code, for an id made from them.
    text: String,
}

/// A heading's text as a URL fragment: lowercase words joined by `-`.
fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !slug.is_empty()
            && !slug.ends_with('-')
        {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug.to_string()
    }
}

fn unique_id(base: &str, taken: &HashMap<String, usize>) -> String {
    (1..)
        .map(|n| {
            if n == 1 {
                base.to_string()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|id| !taken.contains_key(id))
        .expect("an unbounded range always yields a free id")
}
