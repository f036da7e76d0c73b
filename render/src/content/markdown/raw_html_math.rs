//! Math inside raw HTML blocks, as MathJax finds it. MathJax typesets the
//! text of the page wherever it stands, so a blog written for it holds
//! formulas inside its raw HTML too (`<blockquote>… $X / \sim$ …</blockquote>`
//! on one line, a `<div>` around `$$…$$` on lines of their own), which
//! pulldown-cmark passes on as HTML, never as math. This pass, run on the
//! events with their source offsets after the markdown's own math passes
//! (`mathjax`, `mathjax_dollars`), reads each HTML block's text between
//! its tags, as html5gum tokenizes it, for MathJax's delimiters:
//! `$$…$$` and `\[…\]` display, `\(…\)` inline, and `$…$` paired as
//! `mathjax_dollars` pairs it (`\$`, prices and shell variables are no
//! delimiters, prose between two dollars stays text). Text where MathJax
//! looks for none is passed by: comments, attributes, and the elements
//! MathJax skips (`SKIPPED`: code, `<pre>`, scripts, styles…).
//!
//! Each formula becomes a math event inside the block, between the HTML
//! before and after it, and `math` typesets it as it does the markdown's
//! (MathML in the feed, a KaTeX error at the line of the opening
//! delimiter). Its TeX is the text as the browser gave it to MathJax:
//! character references decoded (`&lt;` is `<`, `&amp;` `&`). A block
//! with no formula is left as it was, byte for byte; a delimiter that
//! closes nothing stays text, as it did under MathJax. What the HTML
//! around a formula holds (its links, ids, images) is `raw_html`'s.

use super::dollars::escaped;
use super::mathjax::Spanned;
use super::mathjax_dollars::{closes, is_delimiter, is_formula};
use super::raw_html::Joined;
use html5gum::{DefaultEmitter, Token, Tokenizer};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::ops::Range;

/// The elements whose text MathJax does not read (its `skipHtmlTags`).
const SKIPPED: &[&[u8]] = &[
    b"script",
    b"noscript",
    b"style",
    b"textarea",
    b"pre",
    b"code",
    b"annotation",
    b"annotation-xml",
];

/// `events` with every formula in the text of an HTML block made a math
/// event inside the block.
pub(super) fn delimit(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    let mut out = Vec::with_capacity(events.len());
    // The lines of the HTML block being read.
    let mut block: Option<Vec<Spanned>> = None;
    for (event, range) in events {
        match (&event, block.as_mut()) {
            (Event::Start(Tag::HtmlBlock), _) => {
                out.push((event, range));
                block = Some(Vec::new());
            }
            (Event::End(TagEnd::HtmlBlock), Some(_)) => {
                out.extend(split(block.take().expect("inside an HTML block")));
                out.push((event, range));
            }
            (_, Some(lines)) => lines.push((event, range)),
            (_, None) => out.push((event, range)),
        }
    }
    out
}

/// A formula in a block's text: its span with the delimiters, the TeX's
/// span inside them, and whether it is displayed.
#[derive(Debug, PartialEq)]
struct Formula {
    span: Range<usize>,
    tex: Range<usize>,
    display: bool,
}

/// The lines of one HTML block as they are, or cut around its formulas:
/// HTML, math, HTML. Each piece of HTML lies within one line, so that its
/// offset still names the source of its every byte.
fn split(lines: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    let joined = Joined::of(lines.iter().filter_map(|(event, range)| match event {
        Event::Html(html) => Some((&html[..], range.start)),
        _ => None,
    }));
    let text = &joined.text;
    let formulas = find(text);
    if formulas.is_empty() {
        return lines;
    }
    let at = |position| joined.offset(position);
    let mut out = Vec::new();
    let mut formulas = formulas.into_iter().peekable();
    let mut position = 0;
    while position < text.len() {
        if let Some(formula) = formulas.next_if(|f| f.span.start == position) {
            let tex = CowStr::from(decode(&text[formula.tex]));
            let event = match formula.display {
                true => Event::DisplayMath(tex),
                false => Event::InlineMath(tex),
            };
            out.push((event, at(formula.span.start)..at(formula.span.end)));
            position = formula.span.end;
            continue;
        }
        // Up to the next formula or line, whichever comes first.
        let next_line = joined.starts();
        let end = next_line
            .chain(formulas.peek().map(|f| f.span.start))
            .filter(|cut| *cut > position)
            .min()
            .unwrap_or(text.len());
        let html = text[position..end].to_string();
        out.push((
            Event::Html(html.into()),
            at(position)..at(position) + (end - position),
        ));
        position = end;
    }
    out
}

/// The formulas in the text of `html` (one block), in order.
fn find(html: &str) -> Vec<Formula> {
    let mut formulas = Vec::new();
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // `<script>`, `<style>` and `<textarea>` hold text, not tags.
    emitter.naively_switch_states(true);
    // Where the text since the last tag (or comment) starts.
    let mut text_from = 0;
    // Elements MathJax skips, open here.
    let mut skipped = 0usize;
    for token in Tokenizer::new_with_emitter(html, emitter) {
        let Ok(token) = token;
        let span = match &token {
            Token::StartTag(tag) => tag.span,
            Token::EndTag(tag) => tag.span,
            Token::Comment(comment) => comment.span,
            Token::Doctype(doctype) => doctype.span,
            Token::String(_) | Token::Error(_) => continue,
        };
        if skipped == 0 {
            scan(html, text_from..span.start, &mut formulas);
        }
        match token {
            Token::StartTag(tag) if !tag.self_closing && SKIPPED.contains(&&tag.name[..]) => {
                skipped += 1
            }
            Token::EndTag(tag) if SKIPPED.contains(&&tag.name[..]) => {
                skipped = skipped.saturating_sub(1)
            }
            _ => {}
        }
        text_from = span.end;
    }
    if skipped == 0 {
        scan(html, text_from..html.len(), &mut formulas);
    }
    formulas
}

/// The formulas of the text at `range` of `html`, pushed to `formulas`.
fn scan(html: &str, range: Range<usize>, formulas: &mut Vec<Formula>) {
    let text = &html[range.clone()];
    let found = |span: Range<usize>, open: usize, close: usize, display: bool| Formula {
        tex: range.start + span.start + open..range.start + span.end - close,
        span: range.start + span.start..range.start + span.end,
        display,
    };
    // The `$` of a would-be inline formula, not yet closed.
    let mut open: Option<usize> = None;
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let rest = &text[i..];
        let delimited = [
            ("\\(", "\\)", false),
            ("\\[", "\\]", true),
            ("$$", "$$", true),
        ]
        .into_iter()
        .find(|(start, ..)| rest.starts_with(start) && !escaped(&text[..i]))
        .and_then(|(start, end, display)| {
            let length = rest[start.len()..].find(end)?;
            let span = i..i + start.len() + length + end.len();
            Some(found(span, start.len(), end.len(), display))
        });
        if let Some(formula) = delimited {
            i = formula.span.end - range.start;
            formulas.push(formula);
            open = None;
            continue;
        }
        if c == '$' && is_delimiter(text, i) {
            open = match open {
                Some(o) if closes(text, i) && is_formula(&text[o + 1..i]) => {
                    formulas.push(found(o..i + 1, 1, 1, false));
                    None
                }
                _ => Some(i),
            };
        }
        i += c.len_utf8();
    }
}

/// `text` of HTML as the browser reads it: its character references
/// decoded.
fn decode(text: &str) -> String {
    Tokenizer::new(text)
        .filter_map(|token| match token {
            Ok(Token::String(string)) => Some(String::from_utf8_lossy(&string.value).into_owned()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::tests::rendered;
    use super::*;
    use std::collections::BTreeMap;

    /// The TeX of each formula `find` reads in `html`, and whether it is
    /// displayed.
    fn formulas(html: &str) -> Vec<(&str, bool)> {
        find(html)
            .into_iter()
            .map(|f| (&html[f.tex], f.display))
            .collect()
    }

    #[test]
    fn mathjax_delimiters_in_the_text_between_tags_are_formulas() {
        for (html, expected) in [
            (
                "<blockquote>The set $X / \\sim$ maps $X$ so.</blockquote>\n",
                vec![("X / \\sim", false), ("X", false)],
            ),
            (
                "<p>expanding $(x-1)(x^2 + 1), $ and $x$</p>",
                vec![("(x-1)(x^2 + 1), ", false), ("x", false)],
            ),
            (
                "<div>\n$$\n\\frac{a}{b}\n$$\n</div>\n",
                vec![("\n\\frac{a}{b}\n", true)],
            ),
            (
                "<p>\\(a_1\\) and \\[b\\]</p>",
                vec![("a_1", false), ("b", true)],
            ),
            ("<td>$x$</td><td>$y$</td>", vec![("x", false), ("y", false)]),
        ] {
            assert_eq!(formulas(html), expected, "{html:?}");
        }
    }

    #[test]
    fn dollars_that_are_not_math_and_text_mathjax_skips_are_no_formulas() {
        for html in [
            "<p>costs $5 and $10</p>",
            "<p>set $DAY_JOB, then $DAY_JOB</p>",
            "<p>I had $5 and then some $ left</p>",
            "<p>escaped \\$x\\$</p>",
            "<p>one $x^2 and no other</p>",
            "<a title=\"$x$\" href=\"#a\">a</a>",
            "<!-- $x$ -->",
            "<pre>$x$</pre>",
            "<p><code>$x$</code> and <kbd>$</kbd></p>",
            "<script>var a = $x$;</script>",
            "<style>a::after { content: \"$x$\" }</style>",
            "<p>$x <b>bold</b> $</p>",
        ] {
            assert_eq!(formulas(html), vec![], "{html:?}");
        }
    }

    #[test]
    fn character_references_in_the_tex_are_decoded() {
        assert_eq!(decode("a &lt; b &amp;&amp; c"), "a < b && c");
        assert_eq!(decode("\\alpha_1"), "\\alpha_1");
    }

    #[test]
    fn a_formula_in_a_block_is_typeset_between_its_html() {
        let html = rendered(
            "<blockquote>The set $X / \\sim$ is <em>universal</em>.</blockquote>\n",
            &BTreeMap::new(),
        )
        .unwrap()
        .html;
        assert!(
            html.starts_with("<blockquote>The set <span class=\"katex\">"),
            "{html}"
        );
        assert!(
            html.ends_with("</span> is <em>universal</em>.</blockquote>\n"),
            "{html}"
        );
        assert!(!html.contains('$'), "{html}");
    }

    #[test]
    fn a_block_without_math_is_kept_byte_for_byte() {
        let block = "<div class=\"x\">\n  costs $5 <!-- $y$ -->\n<code>$z$</code>\n</div>\n";
        assert_eq!(rendered(block, &BTreeMap::new()).unwrap().html, block);
    }

    #[test]
    fn a_formula_katex_refuses_fails_at_its_line() {
        let error = rendered(
            "Text.\n\n<div>\nfine $x$\nand $\\frac{1}{$ here\n</div>\n",
            &BTreeMap::new(),
        )
        .unwrap_err()
        .to_string();
        // The post's body starts at line 5 (`tests::post`): line 5 + 4.
        assert!(
            error.starts_with("posts/t.md:9: KaTeX: KaTeX parse error"),
            "{error}"
        );
    }
}
