//! Math as MathJax writers delimit it: `\(…\)` inline, `\[…\]` display,
//! their markdown-escaped forms `\\(…\\)` and `\\[…\\]`, and a paragraph
//! that is one `\begin{align}…\end{align}` (or another environment of
//! `ENVIRONMENTS`). pulldown-cmark reads none of them as math: `\(` is an
//! escaped `(`, and a formula's `\\` rows and `_` are markdown too. So
//! this pass reads pulldown-cmark's events together with their source
//! offsets, before any other pass, and makes each such formula one
//! `InlineMath` or `DisplayMath` event, which `math` then typesets like any
//! other (its errors at the line of the opening delimiter).
//!
//! A backslash escape ends pulldown-cmark's text: the escaped character
//! starts a new text event, one byte after the backslash. So every
//! delimiter starts one byte before a text event: `\(` is a text event
//! starting with `(` after the escaping `\`; `\\(` one starting with the
//! second `\` (an escaped backslash) and then `(`. Code spans, code
//! blocks, HTML and link destinations are not text: a delimiter there is
//! not one.
//!
//! The TeX is the source between the delimiters as written, line by line
//! (without the `> ` or indentation of the blocks around it): `\(` and
//! the environments are TeX written for a processor that leaves it alone;
//! in the escaped forms `\\(`, written for one that does not, markdown's
//! escapes are undone as they were for MathJax (`\_` is `_`, `\\` is `\`).
//! A delimiter that closes no formula in its paragraph (heading, cell…) is
//! left as the text it was. So is `\[…\]` (one backslash) in a line of
//! text: markdown writers escape brackets so (`the range \[-1, 1\]`),
//! and MathJax saw `[-1, 1]`; as display math it stands on its own lines.
//! `$…$` and `$$…$$` are pulldown-cmark's own (and `$…$` it did not take,
//! `mathjax_dollars`'s).

use super::math_punctuation::PUNCTUATION;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::ops::Range;

/// The environments a paragraph may be, on its own, as display math.
const ENVIRONMENTS: &[&str] = &[
    "equation",
    "equation*",
    "align",
    "align*",
    "aligned",
    "alignat",
    "alignat*",
    "gather",
    "gather*",
    "gathered",
    "multline",
    "multline*",
    "flalign",
    "flalign*",
    "eqnarray",
    "eqnarray*",
    "split",
    "CD",
];

pub(super) type Spanned<'e> = (Event<'e>, Range<usize>);

/// `events` with every MathJax formula of `body` made one math event.
pub(super) fn delimit<'e>(
    body: &'e str,
    events: impl IntoIterator<Item = Spanned<'e>>,
) -> Vec<Spanned<'e>> {
    let events = environments(body, events.into_iter().collect());
    let mut out: Vec<Spanned<'e>> = Vec::with_capacity(events.len());
    // The formula opened and not yet closed, if any.
    let mut open: Option<Open> = None;
    // Where the last closing delimiter ends, when it runs past its event.
    let mut skip_to = 0;
    let mut events = events.into_iter().peekable();
    while let Some((event, range)) = events.next() {
        if range.end <= skip_to && range.start < skip_to {
            continue;
        }
        let (event, range) = match event {
            Event::Text(text) if range.start < skip_to => {
                let cut = skip_to - range.start;
                (Event::Text(tail(text, cut)), skip_to..range.end)
            }
            other => (other, range),
        };
        match &event {
            Event::Text(text) => {
                let Some(delimiter) = Delimiter::at(body, range.start) else {
                    out.push((event, range));
                    continue;
                };
                let rest = &text[(delimiter.end - range.start).min(text.len())..];
                let ends_line = rest.trim_start_matches(PUNCTUATION).trim().is_empty()
                    && ends_line(events.peek());
                match open.take() {
                    Some(o) if o.closed_by(&delimiter, ends_line) => {
                        let formula = o.formula(body, &out[o.index..], delimiter.start);
                        out.truncate(o.index);
                        out.push((formula, o.delimiter.start..delimiter.end));
                        skip_to = delimiter.end;
                        if delimiter.end < range.end {
                            let Event::Text(text) = event else {
                                unreachable!("a delimiter is text")
                            };
                            let cut = delimiter.end - range.start;
                            out.push((Event::Text(tail(text, cut)), delimiter.end..range.end));
                        }
                        continue;
                    }
                    // `\[…\]` that shares its lines with text is an
                    // escaped bracket.
                    Some(o) if !delimiter.opens && o.delimiter.matches(&delimiter) => {}
                    Some(o) => open = Some(o),
                    None if delimiter.opens => {
                        let starts_line = matches!(
                            out.last(),
                            Some((
                                Event::Start(Tag::Paragraph | Tag::Item)
                                    | Event::SoftBreak
                                    | Event::HardBreak,
                                _
                            ))
                        );
                        open = Some(Open {
                            index: out.len(),
                            depth: 0,
                            starts_line,
                            delimiter,
                        });
                    }
                    None => {}
                }
            }
            Event::Start(tag) if is_inline(tag) => {
                if let Some(o) = open.as_mut() {
                    o.depth += 1;
                }
            }
            Event::End(tag) if is_inline_end(tag) => {
                if let Some(o) = open.as_mut() {
                    o.depth -= 1;
                    if o.depth < 0 {
                        open = None;
                    }
                }
            }
            Event::Code(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::FootnoteReference(_) => {}
            // A block's edge: a formula still open is no formula.
            _ => open = None,
        }
        out.push((event, range));
    }
    out
}

/// Whether the event after a closing delimiter ends its line.
fn ends_line(next: Option<&Spanned>) -> bool {
    matches!(
        next,
        None | Some((
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item),
            _
        ))
    )
}

/// The text after its first `cut` bytes (which the source shows as
/// written: a delimiter).
fn tail(text: CowStr<'_>, cut: usize) -> CowStr<'_> {
    match text {
        CowStr::Borrowed(text) => CowStr::Borrowed(&text[cut..]),
        owned => CowStr::from(owned[cut..].to_string()),
    }
}

/// An opening delimiter, and where the events after it go.
struct Open {
    /// The index in the output of the event it starts.
    index: usize,
    /// Whether only a line break or its block's edge comes before it.
    starts_line: bool,
    /// Emphasis and links opened since, less those closed: a formula
    /// cannot end inside one it did not start in.
    depth: i32,
    delimiter: Delimiter,
}

impl Open {
    /// Whether `delimiter` closes this formula. `\[…\]` as written is
    /// display math only on lines of its own (then punctuation may
    /// follow): in a line of text it is markdown's escaped brackets
    /// (`the range \[-1, 1\]`), which MathJax never saw.
    fn closed_by(&self, delimiter: &Delimiter, ends_line: bool) -> bool {
        !delimiter.opens
            && self.depth == 0
            && self.delimiter.matches(delimiter)
            && (delimiter.escaped || !delimiter.display || (self.starts_line && ends_line))
    }

    /// The math event for the formula from the end of the opening
    /// delimiter to `end`, whose events are `events`.
    fn formula<'e>(&self, body: &str, events: &[Spanned<'e>], end: usize) -> Event<'e> {
        let written = source(body, events, self.delimiter.end..end);
        let tex = if self.delimiter.escaped {
            unescape(&written)
        } else {
            written
        };
        if self.delimiter.display {
            Event::DisplayMath(tex.into())
        } else {
            Event::InlineMath(tex.into())
        }
    }
}

/// `\(`, `\)`, `\[` or `\]`, or the same after an escaped backslash.
struct Delimiter {
    /// Its first byte: the escaping backslash.
    start: usize,
    /// The byte after it.
    end: usize,
    opens: bool,
    /// `\[…\]` rather than `\(…\)`.
    display: bool,
    /// `\\(`, as written for markdown that drops one backslash.
    escaped: bool,
}

impl Delimiter {
    /// Whether the two are of one kind: `\(` and `\)`, `\\[` and `\\]`…
    fn matches(&self, other: &Delimiter) -> bool {
        self.escaped == other.escaped && self.display == other.display
    }

    /// The delimiter that a text event starting at `offset` starts with,
    /// if the byte before is the backslash escaping its first character.
    fn at(body: &str, offset: usize) -> Option<Delimiter> {
        let bytes = body.as_bytes();
        let backslashes = bytes[..offset]
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count();
        if backslashes % 2 == 0 {
            return None;
        }
        let escaped = bytes.get(offset) == Some(&b'\\');
        let mark = *bytes.get(offset + usize::from(escaped))?;
        let (opens, display) = match mark {
            b'(' => (true, false),
            b')' => (false, false),
            b'[' => (true, true),
            b']' => (false, true),
            _ => return None,
        };
        Some(Delimiter {
            start: offset - 1,
            end: offset + usize::from(escaped) + 1,
            opens,
            display,
            escaped,
        })
    }
}

/// The paragraphs of `events` that are one math environment, made display
/// math (in their paragraph, as pulldown-cmark makes a `$$…$$` on its own).
fn environments<'e>(body: &str, events: Vec<Spanned<'e>>) -> Vec<Spanned<'e>> {
    let mut out = Vec::with_capacity(events.len());
    let mut paragraph: Option<usize> = None;
    for (event, range) in events {
        match &event {
            Event::Start(Tag::Paragraph) => paragraph = Some(out.len()),
            Event::End(TagEnd::Paragraph) => {
                if let Some(start) = paragraph.take() {
                    let inner = &out[start + 1..];
                    let text = source(body, inner, inner_span(inner));
                    if is_environment(text.trim()) {
                        let span = inner_span(inner);
                        out.truncate(start + 1);
                        out.push((Event::DisplayMath(text.trim().to_string().into()), span));
                    }
                }
            }
            _ => {}
        }
        out.push((event, range));
    }
    out
}

/// From the start of the first of `events` to the end of the last.
fn inner_span(events: &[Spanned]) -> Range<usize> {
    let start = events.first().map_or(0, |(_, r)| r.start);
    let end = events.iter().map(|(_, r)| r.end).max().unwrap_or(start);
    start..end
}

/// Whether `tex` is `\begin{name}…\end{name}` for a name of `ENVIRONMENTS`.
fn is_environment(tex: &str) -> bool {
    let Some(rest) = tex.strip_prefix("\\begin{") else {
        return false;
    };
    let Some((name, _)) = rest.split_once('}') else {
        return false;
    };
    ENVIRONMENTS.contains(&name) && tex.ends_with(&format!("\\end{{{name}}}"))
}

/// The source of `span` as written, across the lines of `events` (which
/// cover it): each line from where its first event starts, so that the
/// `> ` and indentation of the blocks around are left out.
pub(super) fn source(body: &str, events: &[Spanned], span: Range<usize>) -> String {
    let mut out = String::new();
    // Where the source not yet copied starts; `None` after a line break,
    // until the next line's first event.
    let mut from = Some(span.start);
    for (event, range) in events {
        match event {
            // A line may start with emphasis or a link: its mark is source.
            Event::Start(_) => {
                from = from.or(Some(range.start));
                continue;
            }
            Event::End(_) => continue,
            _ => {}
        }
        let start = from.unwrap_or(range.start).max(span.start);
        let end = range.end.min(span.end);
        if start < end {
            out.push_str(&body[start..end]);
        }
        from = match event {
            Event::SoftBreak | Event::HardBreak => None,
            _ => Some(range.end.max(start)),
        };
    }
    if let Some(from) = from {
        if from < span.end {
            out.push_str(&body[from..span.end]);
        }
    }
    out
}

/// `tex` with markdown's backslash escapes undone: `\` before ASCII
/// punctuation is dropped (`\_` is `_`, `\\` is `\`).
fn unescape(tex: &str) -> String {
    let mut out = String::with_capacity(tex.len());
    let mut chars = tex.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&next) if c == '\\' && next.is_ascii_punctuation() => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// Whether `tag` opens an inline element (emphasis, a link…), inside
/// which an open delimiter is counted as nested; `is_inline_end` its end.
pub(super) fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

pub(super) fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

#[cfg(test)]
mod tests {
    use super::super::{options, tests::rendered};
    use super::delimit;
    use pulldown_cmark::{Event, Parser};
    use std::collections::BTreeMap;

    /// The math events of `markdown`: `I(tex)` inline, `D(tex)` display.
    fn formulas(markdown: &str) -> Vec<String> {
        let events = Parser::new_ext(markdown, options()).into_offset_iter();
        delimit(markdown, events)
            .into_iter()
            .filter_map(|(event, _)| match event {
                Event::InlineMath(tex) => Some(format!("I({tex})")),
                Event::DisplayMath(tex) => Some(format!("D({tex})")),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn each_delimiter_makes_one_formula_of_the_tex_as_written() {
        for (markdown, expected) in [
            ("a \\(x_1^2\\) b\n", vec!["I(x_1^2)"]),
            ("a \\(\\{x\\} \\\\ y\\) b\n", vec!["I(\\{x\\} \\\\ y)"]),
            ("a \\\\(\\nabla\\_x s\\\\) b\n", vec!["I(\\nabla_x s)"]),
            ("a \\\\(\\\\{x\\\\}\\\\) b\n", vec!["I(\\{x\\})"]),
            ("\\[\\int_0^1\\]\n", vec!["D(\\int_0^1)"]),
            ("Then\n\\[\nx\n\\].\n", vec!["D(\nx\n)"]),
            ("a \\\\[y\\_1\\\\] b\n", vec!["D(y_1)"]),
            ("a \\(x *and* y\\) b\n", vec!["I(x *and* y)"]),
            ("> a \\(x +\n> y\\) b\n", vec!["I(x +\ny)"]),
            ("- a \\(x +\n  y\\) b\n", vec!["I(x +\ny)"]),
            ("# H \\(x\\)\n", vec!["I(x)"]),
            (
                "a \\(x\\) and \\(y\\), \\\\(z\\\\)\n",
                vec!["I(x)", "I(y)", "I(z)"],
            ),
            (
                "\\begin{align}\na &= b \\\\\nc &= d_1\n\\end{align}\n",
                vec!["D(\\begin{align}\na &= b \\\\\nc &= d_1\n\\end{align})"],
            ),
            (
                "\\begin{equation*}x\\end{equation*}\n",
                vec!["D(\\begin{equation*}x\\end{equation*})"],
            ),
        ] {
            assert_eq!(formulas(markdown), expected, "{markdown:?}");
        }
    }

    #[test]
    fn what_closes_nothing_or_is_not_text_is_left_alone() {
        for markdown in [
            "a lone \\( paren\n",
            "closes \\) only\n",
            "crosses \\(a\n\nparagraphs\\)\n",
            "kinds \\(a\\] and \\\\)b\n",
            "a range \\[-1, 1\\] of tanh\n",
            "code `\\(x\\)` here\n",
            "```\n\\(x\\)\n```\n",
            "*a \\(b* c\\)\n",
            "<span>\\(</span>\n",
            "\\begin{proof}x\\end{proof}\n",
            "\\begin{align}x\\end{align} and text\n",
        ] {
            assert_eq!(formulas(markdown), Vec::<String>::new(), "{markdown:?}");
        }
    }

    #[test]
    fn text_around_a_formula_is_kept() {
        let html = rendered("(a \\(x\\)). and \\\\(y\\\\)!\n", &BTreeMap::new())
            .unwrap()
            .html;
        assert!(
            html.starts_with("<p>(a <span class=\"math-punct\">"),
            "{html}"
        );
        assert!(html.contains("</span>).</span> and "), "{html}");
        assert!(html.ends_with("!</span></p>\n"), "{html}");
    }

    #[test]
    fn a_formula_katex_refuses_fails_at_its_opening_line() {
        let error = rendered("a\n\nb \\(\\frac{1}{\\)\n", &BTreeMap::new())
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("posts/t.md:7: KaTeX: KaTeX parse error"),
            "{error}"
        );
    }
}
