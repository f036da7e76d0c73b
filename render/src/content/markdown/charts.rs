//! Chart blocks: each code block fenced as ```` ```chart ````, from its
//! start to its end, becomes one chart (`content::chart`): an SVG figure
//! with its data in a `<details>` table on the page, the table in feeds.
//! Its data file is looked up beside the post. Every problem of every
//! chart in the post is reported at once, as `file:line: …`. Runs before
//! `code`, which would otherwise highlight the block as text.

use super::{Body, Context, Piece};
use crate::content::chart::{self, Place};
use crate::content::links;
use anyhow::anyhow;
use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};

/// `pieces` with every chart block one piece. `page_path` is the path the
/// post is served at. A chart that cannot be drawn adds its problems to
/// `problems` and is left out.
pub(super) fn render<'e>(
    pieces: Vec<Piece<'e>>,
    body: &Body,
    page_path: &str,
    cx: &Context,
    problems: &mut Vec<anyhow::Error>,
) -> Vec<Piece<'e>> {
    let mut out = Vec::with_capacity(pieces.len());
    // The chart being read: where it starts, where its text starts, its text.
    let mut block: Option<(usize, Option<usize>, String)> = None;
    for piece in pieces {
        match (piece.event(), block.as_mut()) {
            (Some(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))), None)
                if info.split_whitespace().next() == Some("chart") =>
            {
                block = Some((piece.offset, None, String::new()));
            }
            (Some(Event::Text(text)), Some((_, start, content))) => {
                start.get_or_insert(piece.offset);
                content.push_str(text);
            }
            (Some(Event::End(TagEnd::CodeBlock)), Some(_)) => {
                let (offset, start, text) = block.take().expect("inside a chart block");
                let file = |name: &str| {
                    if links::is_external(name) {
                        return None;
                    }
                    let path = links::resolve(page_path, name);
                    cx.files.get(path.as_str()).copied()
                };
                match chart::render(&text, file) {
                    Ok(figure) => out.push(Piece::split(figure.page, figure.feed, offset)),
                    Err(found) => problems.extend(found.into_iter().map(|problem| {
                        let at = match problem.place {
                            Place::Block(at) => body.at(start.unwrap_or(offset) + at),
                            Place::File(name, line) => {
                                let dir = body.post.files_dir().unwrap_or("");
                                format!("{dir}{name}:{line}")
                            }
                        };
                        anyhow!("{at}: {}", problem.message)
                    })),
                }
            }
            _ => out.push(piece),
        }
    }
    out
}
