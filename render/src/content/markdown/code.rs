//! Code blocks: each one, from its start to its end, becomes one block
//! highlighted by `content::highlight` for the page and plain
//! `<pre><code>` for feeds, as its fence's options ask (`fence`): a file
//! name above it, and line by line, numbers, highlighted lines and a
//! diff's added and removed lines. A language the highlighter does not
//! know is shown as plain text, with a warning; a fence option that is
//! wrong is a problem of the post (the block is left out).

use super::fence::Fence;
use super::{Body, Piece, Warning};
use crate::content::highlight::Highlighter;
use crate::content::math::Output;
use anyhow::anyhow;
use maud::{html, Markup, PreEscaped};
use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use syntect::util::LinesWithEndings;

/// `pieces` with every code block one piece, and a warning for each
/// unknown language; every wrong fence option goes to `problems`.
pub(super) fn highlight<'e>(
    pieces: Vec<Piece<'e>>,
    body: &Body,
    highlighter: &Highlighter,
    problems: &mut Vec<anyhow::Error>,
) -> (Vec<Piece<'e>>, Vec<Warning>) {
    let mut out = Vec::with_capacity(pieces.len());
    let mut warnings = Vec::new();
    let mut block: Option<Block> = None;
    for piece in pieces {
        match (piece.event(), block.as_mut()) {
            (Some(Event::Start(Tag::CodeBlock(kind))), _) => {
                block = Some(Block {
                    info: match kind {
                        CodeBlockKind::Fenced(info) => info.to_string(),
                        CodeBlockKind::Indented => String::new(),
                    },
                    offset: piece.offset,
                    text: String::new(),
                });
            }
            (Some(Event::Text(text)), Some(block)) => block.text.push_str(text),
            (Some(Event::End(TagEnd::CodeBlock)), _) => {
                let block = block.take().expect("a code block ends after it starts");
                let at = body.at(block.offset);
                match block.render(highlighter) {
                    Ok((piece, unknown)) => {
                        warnings.extend(unknown.map(|lang| Warning {
                            offset: piece.offset,
                            message: format!(
                                "{at}: unknown code language \"{lang}\": shown as plain text"
                            ),
                        }));
                        out.push(piece);
                    }
                    Err(wrong) => problems.extend(wrong.into_iter().map(|w| anyhow!("{at}: {w}"))),
                }
            }
            _ => out.push(piece),
        }
    }
    (out, warnings)
}

/// A code block being read.
struct Block {
    /// Its fence's info string (empty for an indented block).
    info: String,
    /// Where it starts in the body.
    offset: usize,
    text: String,
}

impl Block {
    /// The block for both bodies, and the language the highlighter did not
    /// know, if any; or what is wrong with its fence.
    fn render<'e>(
        self,
        highlighter: &Highlighter,
    ) -> Result<(Piece<'e>, Option<String>), Vec<String>> {
        let Block { info, offset, text } = self;
        let fence = Fence::parse(&info)?;
        let lines: Vec<&str> = LinesWithEndings::from(&text).collect();
        let highlighted = fence.highlighted(lines.len())?;
        let lang = fence.highlight_as();
        let (code, known) = if fence.by_line() {
            by_line(&fence, &lines, &highlighted, highlighter)
        } else {
            let spans = lang.and_then(|l| highlighter.highlight(l, &text));
            let known = spans.is_some();
            let code = html! {
                @match spans {
                    Some(spans) => (PreEscaped(spans)),
                    None => (text),
                }
            };
            (code, known)
        };
        let class = fence.language.as_ref().map(|l| format!("language-{l}"));
        let classes = match (fence.by_line(), fence.linenos) {
            (false, _) => "code",
            (true, false) => "code lines",
            (true, true) => "code lines numbered",
        };
        // Focusable, so a keyboard can scroll a long line sideways.
        let page = html! {
            pre class=(classes) tabindex="0" { code class=[class] { (code) } }
        };
        let feed = html! { pre { code { (text) } } };
        let unknown = lang.filter(|_| !known).map(str::to_string);
        let piece = Piece::split(
            named(fence.name.as_deref(), page, Output::Page),
            named(fence.name.as_deref(), feed, Output::Feed),
            offset,
        );
        Ok((piece, unknown))
    }
}

/// The block's lines, each its own element: `<mark>` when highlighted,
/// `+`/`-` lines of a diff classed `added`/`removed`, and with `linenos`
/// its number in `data-line` (padded to the widest, so numbers align
/// right), which the stylesheet shows but a reader's copy leaves out.
/// Line ends lie between the elements. Whether the highlighter knew the
/// language comes back with them.
fn by_line(
    fence: &Fence,
    lines: &[&str],
    highlighted: &[bool],
    highlighter: &Highlighter,
) -> (Markup, bool) {
    let diff = fence.diff_of().is_some();
    let (markers, code): (Vec<Option<char>>, Vec<&str>) = lines
        .iter()
        .map(|line| match line.chars().next() {
            Some(c @ ('+' | '-')) if diff => (Some(c), &line[1..]),
            _ => (None, *line),
        })
        .unzip();
    let spans = fence
        .highlight_as()
        .and_then(|lang| highlighter.highlight_lines(lang, code.iter().copied()));
    let known = spans.is_some();
    let first = fence.linenostart.unwrap_or(1);
    let width = (first + lines.len().saturating_sub(1)).to_string().len();
    let markup = html! {
        @for (i, line) in code.iter().enumerate() {
            @let number = fence.linenos.then(|| format!("{:>width$}", first + i));
            @let class = match markers[i] {
                Some('+') => "line added",
                Some(_) => "line removed",
                None => "line",
            };
            @let content = html! {
                @if let Some(marker) = markers[i] { (marker) }
                @match &spans {
                    Some(spans) => (PreEscaped(&spans[i])),
                    None => (line.strip_suffix('\n').unwrap_or(line)),
                }
            };
            @if highlighted[i] {
                mark class=(class) data-line=[number] { (content) }
            } @else {
                span class=(class) data-line=[number] { (content) }
            }
            "\n"
        }
    };
    (markup, known)
}

/// `block` under its file `name`, if it has one: a figure and its
/// caption, classed on the page.
fn named(name: Option<&str>, block: Markup, output: Output) -> String {
    let markup = match (name, output) {
        (None, _) => block,
        (Some(name), Output::Page) => html! {
            figure.code-figure { figcaption.code-name { code { (name) } } (block) }
        },
        (Some(name), Output::Feed) => html! {
            figure { figcaption { code { (name) } } (block) }
        },
    };
    markup.into_string() + "\n"
}
