//! Footnotes: numbered in the order of their first reference, each
//! reference a superscript link, the notes gathered at the end of the body
//! with a link back to every reference. A reference without a definition
//! is a problem of the post; a definition without a reference is left
//! out, with a warning; a heading id that is a footnote's id is a problem.

use super::headings::Headings;
use super::{with_heading_flag, Body, Markup, Piece};
use anyhow::anyhow;
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use std::collections::{BTreeSet, HashMap};

/// GFM leaves a reference to a missing footnote as text: each `[^label]`
/// left in text is a problem. Run it after code blocks are rendered, so
/// that `[^a-z]` in code is code.
pub(super) fn reject_undefined(pieces: &[Piece], body: &Body, problems: &mut Vec<anyhow::Error>) {
    for (in_heading, piece) in with_heading_flag(pieces) {
        let (Some(Event::Text(text)), false) = (piece.event(), in_heading) else {
            continue;
        };
        let rest = body.rest(piece.offset);
        if &**text == "[" && rest.starts_with("[^") {
            // The label as far as its line goes: the error is one line.
            let label = rest[2..].split([']', '\n', '\r']).next().unwrap_or("");
            problems.push(anyhow!(
                "{}: footnote [^{label}] has no definition (`[^{label}]: …`)",
                body.at(piece.offset)
            ));
        }
    }
}

/// The body with its footnotes at the end, and what they add.
pub(super) struct Gathered<'e> {
    pub pieces: Vec<Piece<'e>>,
    /// The ids of the notes and of the references.
    pub ids: BTreeSet<String>,
    /// One for each note never referenced, in the order of the notes.
    pub warnings: Vec<String>,
}

/// Numbers the references in `pieces` and moves the notes to the end; a
/// heading id that clashes with a note's goes to `problems`.
pub(super) fn gather<'e>(
    pieces: Vec<Piece<'e>>,
    body: &Body,
    headings: &Headings,
    problems: &mut Vec<anyhow::Error>,
) -> Gathered<'e> {
    let mut notes = Notes::default();
    let mut out = Vec::with_capacity(pieces.len());
    // The note being read.
    let mut open: Option<Note> = None;
    for piece in pieces {
        let sink = match open.as_mut() {
            Some(note) => &mut note.pieces,
            None => &mut out,
        };
        match piece.event() {
            Some(Event::FootnoteReference(label)) => {
                sink.extend(notes.reference(label, piece.offset));
            }
            Some(Event::Start(Tag::FootnoteDefinition(label))) => {
                open = Some(Note {
                    label: label.to_string(),
                    offset: piece.offset,
                    pieces: Vec::new(),
                });
            }
            Some(Event::End(TagEnd::FootnoteDefinition)) => {
                let note = open.take().expect("a footnote ends after it starts");
                notes.definitions.push(note);
            }
            _ => sink.push(piece),
        }
    }
    let mut gathered = Gathered {
        pieces: out,
        ids: BTreeSet::new(),
        warnings: Vec::new(),
    };
    notes.append(&mut gathered, body, headings, problems);
    gathered
}

/// The footnotes of a body.
#[derive(Default)]
struct Notes<'e> {
    /// Labels in the order of their first reference: a note's number is
    /// its place here, from 1.
    cited: Vec<String>,
    /// How many times each label is referenced.
    references: HashMap<String, usize>,
    /// Every definition, in the order of the source.
    definitions: Vec<Note<'e>>,
}

/// A footnote's definition.
struct Note<'e> {
    label: String,
    /// Where it starts in the body.
    offset: usize,
    pieces: Vec<Piece<'e>>,
}

impl<'e> Notes<'e> {
    /// A reference to `label`: a superscript link to its note.
    fn reference(&mut self, label: &str, offset: usize) -> [Piece<'e>; 5] {
        let number = match self.cited.iter().position(|l| l == label) {
            Some(i) => i + 1,
            None => {
                self.cited.push(label.to_string());
                self.cited.len()
            }
        };
        let count = self.references.entry(label.to_string()).or_insert(0);
        *count += 1;
        let id = reference_id(number, *count);
        [
            Piece::html(format!("<sup class=\"footnote-ref\" id=\"{id}\">"), offset),
            Piece::both(link_start(format!("#fn-{number}"), ""), offset),
            Piece::both(Event::Text(number.to_string().into()), offset),
            Piece::both(Event::End(TagEnd::Link), offset),
            Piece::html("</sup>".into(), offset),
        ]
    }

    /// Appends the notes to `gathered`, in the order of their first
    /// reference, each with a link back to every reference; records their
    /// ids and warns of the notes never referenced.
    fn append(
        self,
        gathered: &mut Gathered<'e>,
        body: &Body,
        headings: &Headings,
        problems: &mut Vec<anyhow::Error>,
    ) {
        let Notes {
            cited,
            references,
            mut definitions,
        } = self;
        for note in &definitions {
            if !cited.contains(&note.label) {
                gathered.warnings.push(format!(
                    "{}: footnote [^{}] is never referenced: left out",
                    body.at(note.offset),
                    note.label
                ));
            }
        }
        if cited.is_empty() {
            return;
        }
        let mut section = vec![Piece::html(
            "<section class=\"footnotes\" aria-label=\"Footnotes\">\n<ol>\n".into(),
            body.end(),
        )];
        for (i, label) in cited.iter().enumerate() {
            let number = i + 1;
            let index = definitions
                .iter()
                .position(|note| note.label == *label)
                .expect("pulldown-cmark only emits references to defined footnotes");
            let Note {
                offset, mut pieces, ..
            } = definitions.swap_remove(index);
            let mut ids = vec![format!("fn-{number}")];
            let mut back = Vec::new();
            for n in 1..=references[label] {
                let id = reference_id(number, n);
                back.push(Piece::html(" ".into(), offset));
                let title = format!("Back to reference {number}");
                back.push(Piece::both(link_start(format!("#{id}"), &title), offset));
                let arrow = if n == 1 {
                    "↩".to_string()
                } else {
                    format!("↩{n}")
                };
                back.push(Piece::both(Event::Text(arrow.into()), offset));
                back.push(Piece::both(Event::End(TagEnd::Link), offset));
                ids.push(id);
            }
            for id in &ids {
                if let Some(heading) = headings.offset(id) {
                    problems.push(anyhow!(
                        "{}: heading id \"{id}\" clashes with footnote {number}'s id",
                        body.at(heading)
                    ));
                }
            }
            gathered.ids.extend(ids);
            // The links back end the note's last paragraph, if it has one.
            let at = match pieces.last().map(|p| &p.markup) {
                Some(Markup::Both(Event::End(TagEnd::Paragraph))) => pieces.len() - 1,
                _ => pieces.len(),
            };
            pieces.splice(at..at, back);
            section.push(Piece::html(format!("<li id=\"fn-{number}\">"), offset));
            section.extend(pieces);
            section.push(Piece::html("</li>\n".into(), offset));
        }
        section.push(Piece::html("</ol>\n</section>\n".into(), body.end()));
        gathered.pieces.extend(section);
    }
}

/// The id of the `n`th reference to footnote `number`.
fn reference_id(number: usize, n: usize) -> String {
    if n == 1 {
        format!("fnref-{number}")
    } else {
        format!("fnref-{number}-{n}")
    }
}

fn link_start<'a>(href: String, title: &str) -> Event<'a> {
    Event::Start(Tag::Link {
        link_type: LinkType::Inline,
        dest_url: href.into(),
        title: title.to_string().into(),
        id: CowStr::Borrowed(""),
    })
}
