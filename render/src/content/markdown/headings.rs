//! Headings: each gets an id, the one the writer gave (`{#id}`) or one
//! made from its text and made unique, and its text becomes a link to the
//! heading itself. An id given twice is a problem. Feeds get the id, not
//! the link. The headings are remembered in order, for the contents
//! (`toc`).

use super::{Body, Piece};
use anyhow::anyhow;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::{BTreeSet, HashMap};

/// The ids the headings took.
pub(super) struct Headings {
    /// Each id and the offset of the heading that took it.
    offsets: HashMap<String, usize>,
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
        self.offsets.into_keys().collect()
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
        list: Vec::new(),
    };
    let mut open: Option<Open> = None;
    for i in 0..pieces.len() {
        match (pieces[i].event(), open.as_mut()) {
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
                let offset = pieces[i].offset;
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
                pieces[start] = Piece::split(
                    format!("<h{level} id=\"{id}\"><a class=\"self-link\" href=\"#{id}\">"),
                    format!("<h{level} id=\"{id}\">"),
                    pieces[start].offset,
                );
                pieces[i] = Piece::split(
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
