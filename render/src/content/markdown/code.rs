//! Code blocks: each one, from its start to its end, becomes one block
//! highlighted by `content::highlight` for the page and plain
//! `<pre><code>` for feeds. A language the highlighter does not know is
//! shown as plain text, with a warning.

use super::{Body, Piece, Warning};
use crate::content::highlight::Highlighter;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

/// `pieces` with every code block one piece, and a warning for each
/// unknown language.
pub(super) fn highlight<'e>(
    pieces: Vec<Piece<'e>>,
    body: &Body,
    highlighter: &Highlighter,
) -> (Vec<Piece<'e>>, Vec<Warning>) {
    let mut out = Vec::with_capacity(pieces.len());
    let mut warnings = Vec::new();
    let mut block: Option<Block> = None;
    for piece in pieces {
        match (piece.event(), block.as_mut()) {
            (Some(Event::Start(Tag::CodeBlock(kind))), _) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => fence_language(info),
                    CodeBlockKind::Indented => None,
                };
                block = Some(Block {
                    lang,
                    offset: piece.offset,
                    text: String::new(),
                });
            }
            (Some(Event::Text(text)), Some(block)) => block.text.push_str(text),
            (Some(Event::End(TagEnd::CodeBlock)), _) => {
                let block = block.take().expect("a code block ends after it starts");
                out.push(block.render(body, highlighter, &mut warnings));
            }
            _ => out.push(piece),
        }
    }
    (out, warnings)
}

/// A code block being read.
struct Block {
    lang: Option<String>,
    /// Where it starts in the body.
    offset: usize,
    text: String,
}

impl Block {
    fn render<'e>(
        self,
        body: &Body,
        highlighter: &Highlighter,
        warnings: &mut Vec<Warning>,
    ) -> Piece<'e> {
        let Block { lang, offset, text } = self;
        let highlighted = lang
            .as_deref()
            .and_then(|l| highlighter.highlight(l, &text));
        if let (Some(lang), None) = (&lang, &highlighted) {
            warnings.push(Warning {
                offset,
                message: format!(
                    "{}: unknown code language \"{lang}\": shown as plain text",
                    body.at(offset)
                ),
            });
        }
        Piece::split(
            page(lang.as_deref(), highlighted, &text),
            maud::html! { pre { code { (text) } } }.into_string() + "\n",
            offset,
        )
    }
}

/// The language named by a fence's info string: its first word
/// (` ```rust,ignore ` and ` ```python {.wide} ` name rust and python).
fn fence_language(info: &CowStr) -> Option<String> {
    let word = info
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .next()?;
    (!word.is_empty()).then(|| word.to_string())
}

/// The block on the page: highlighted spans, or the text as it is.
fn page(lang: Option<&str>, highlighted: Option<String>, text: &str) -> String {
    let class = lang.map(|l| format!("language-{l}"));
    // Focusable, so a keyboard can scroll a long line sideways.
    let html = maud::html! {
        pre.code tabindex="0" {
            code class=[class] {
                @match highlighted {
                    Some(spans) => (maud::PreEscaped(spans)),
                    None => (text),
                }
            }
        }
    };
    html.into_string() + "\n"
}
