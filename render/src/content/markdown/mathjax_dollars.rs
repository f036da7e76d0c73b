//! `$…$` as MathJax pairs it, where pulldown-cmark did not. pulldown-cmark
//! takes `$…$` as a formula only when no space follows the opening `$` or
//! precedes the closing one and the braces inside balance; MathJax, which
//! the blogs copied here were written for, takes any `$` up to the next
//! one (`$\dots $`, `$ x$`, a formula across lines with `\\` rows). This
//! pass, run on pulldown-cmark's events with their source offsets after
//! `mathjax`, pairs the dollars pulldown-cmark left in text by MathJax's
//! rule, with the guards that keep prose from being math:
//!
//! - a `$` is no delimiter when escaped (`\$`), doubled (`$$`, whose
//!   pairing is pulldown-cmark's and `kramdown_math`'s), or right before
//!   a shell variable's name (`$DAY_JOB`, `${HOME}`: `dollars`'s rule);
//! - a `$` followed by a digit closes nothing: it is a price (`$5 and
//!   $10`), and opens the next would-be formula instead;
//! - the text between two dollars is a formula when it is TeX (a command,
//!   `^`, a brace, a subscript: `dollars`'s rule), or when it holds a
//!   letter and no word of three (`$x $`, `$n = 2 $`); otherwise (`$5 and
//!   then $`, `$5, $`) it is prose, left as text, and its closing `$`
//!   opens the next would-be formula;
//! - text in a code block is code: its dollars pair nothing;
//! - a would-be formula ends, left as text, at its block's edge, at a
//!   formula pulldown-cmark took (whose `$` MathJax would have paired with
//!   it: the source is ambiguous), at code or HTML, and at the end of
//!   emphasis or a link it did not start in; but a "formula" of prose
//!   pulldown-cmark took while a `$` is open (`$x $. Let $y$` with a
//!   no-break space after `Let`) is two of MathJax's dollars, the first
//!   closing the open formula and the second opening the next.
//!
//! The formula is the source between the dollars as written, line by line
//! (`mathjax::source`: markdown inside, such as `_` or `*`, is TeX), made
//! one `InlineMath` event that `math` typesets, its errors at the line of
//! the opening `$`. What stays text is for `dollars` to check.

use super::dollars::{escaped, is_shell_variable, looks_like_tex};
use super::mathjax::{is_inline, is_inline_end, source, Spanned};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::ops::Range;

/// `events` with every `$…$` MathJax would take, and pulldown-cmark did
/// not, made one inline math event.
pub(super) fn pair<'e>(body: &'e str, events: Vec<Spanned<'e>>) -> Vec<Spanned<'e>> {
    let mut out: Vec<Spanned<'e>> = Vec::with_capacity(events.len());
    // The would-be formula opened and not yet closed, if any.
    let mut open: Option<Open> = None;
    // Inside a code block, whose text is code.
    let mut in_code = false;
    for (event, range) in events {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            _ => {}
        }
        // Prose pulldown-cmark took as a formula while a `$` is open (a
        // no-break space before its closing `$`: `$x $. Let $y$`): its
        // dollars are MathJax's, the first closing the open formula.
        let event = match event {
            Event::InlineMath(tex) if open.is_some() && is_prose(body, &range, &tex) => {
                Event::Text(CowStr::Borrowed(&body[range.clone()]))
            }
            other => other,
        };
        match &event {
            // Text as written: its dollars are the source's.
            Event::Text(text) if !in_code && body[range.start..].starts_with(&**text) => {
                let mut from = range.start;
                for (i, _) in text.match_indices('$') {
                    let at = range.start + i;
                    if !is_delimiter(body, at) {
                        continue;
                    }
                    match open.take() {
                        Some(o) if o.depth > 0 => open = Some(o),
                        Some(o) if !closes(body, at) => {
                            push_text(&mut out, body, from..at);
                            from = at;
                            open = Some(Open::at(&out, at, o.depth));
                        }
                        Some(o) => {
                            push_text(&mut out, body, from..at);
                            let tex = source(body, &out[o.index..], o.offset + 1..at);
                            if is_formula(&tex) {
                                out.truncate(o.index);
                                out.push((Event::InlineMath(tex.into()), o.offset..at + 1));
                                from = at + 1;
                            } else {
                                from = at;
                                open = Some(Open::at(&out, at, 0));
                            }
                        }
                        None => {
                            push_text(&mut out, body, from..at);
                            from = at;
                            open = Some(Open::at(&out, at, 0));
                        }
                    }
                }
                push_text(&mut out, body, from..range.end);
                continue;
            }
            Event::Text(_) | Event::SoftBreak | Event::HardBreak | Event::FootnoteReference(_) => {}
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
            // A block's edge, code, HTML, or a formula already taken.
            _ => open = None,
        }
        out.push((event, range));
    }
    out
}

/// A `$` that opens a would-be formula.
struct Open {
    /// The index in the output of the text event it starts.
    index: usize,
    /// The offset of the `$`.
    offset: usize,
    /// Emphasis and links opened since, less those closed: a formula
    /// cannot end inside one it did not start in.
    depth: i32,
}

impl Open {
    /// The `$` at `offset`, whose text is the next event of `out`.
    fn at(out: &[Spanned], offset: usize, depth: i32) -> Self {
        Open {
            index: out.len(),
            offset,
            depth,
        }
    }
}

/// Whether the `$` at `at` may open or close a formula: not escaped, not
/// one of `$$`, not a shell variable's.
pub(super) fn is_delimiter(body: &str, at: usize) -> bool {
    let doubled = body[..at].ends_with('$') || body[at + 1..].starts_with('$');
    !doubled && !escaped(&body[..at]) && !is_shell_variable(&body[at + 1..])
}

/// Whether the `$` at `at` may close a formula: no digit follows it (a
/// price: `$5 and $10`).
pub(super) fn closes(body: &str, at: usize) -> bool {
    !body.as_bytes().get(at + 1).is_some_and(u8::is_ascii_digit)
}

/// Whether the text between two dollars is a formula: TeX, or a letter
/// and no word of three (`$x $`, `$n = 2 $`), as prose between two
/// dollars has (`$5 and then $`), or prices (`$5, $`).
pub(super) fn is_formula(tex: &str) -> bool {
    let mut words = tex
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| !word.is_empty());
    looks_like_tex(tex) || (words.clone().next().is_some() && words.all(|word| word.len() < 3))
}

/// Whether the formula `tex` pulldown-cmark took from `range` of `body` is
/// `$…$` around prose.
fn is_prose(body: &str, range: &Range<usize>, tex: &str) -> bool {
    let source = &body[range.clone()];
    source.len() == tex.len() + 2 && source.starts_with('$') && !is_formula(tex)
}

/// Pushes the source `range` of `body` as a text event, if not empty.
fn push_text<'e>(out: &mut Vec<Spanned<'e>>, body: &'e str, range: Range<usize>) {
    if !range.is_empty() {
        out.push((Event::Text(CowStr::Borrowed(&body[range.clone()])), range));
    }
}

#[cfg(test)]
mod tests {
    use super::super::{options, tests::rendered};
    use super::pair;
    use pulldown_cmark::{Event, Parser};
    use std::collections::BTreeMap;

    /// The inline math events of `markdown` after pairing, and its text
    /// and code.
    fn paired(markdown: &str) -> (Vec<String>, String) {
        let events = Parser::new_ext(markdown, options())
            .into_offset_iter()
            .collect();
        let mut formulas = Vec::new();
        let mut text = String::new();
        for (event, _) in pair(markdown, events) {
            match event {
                Event::InlineMath(tex) => formulas.push(tex.to_string()),
                Event::Text(t) | Event::Code(t) => text.push_str(&t),
                _ => {}
            }
        }
        (formulas, text)
    }

    #[test]
    fn a_dollar_pairs_with_the_next_as_mathjax_pairs_them() {
        for (markdown, expected) in [
            // A space before the closing `$`, or after the opening one.
            ("primes $2,3,5, \\dots $. Next\n", vec!["2,3,5, \\dots "]),
            (
                "a $\\subset $ b $\\subset$ c\n",
                vec!["\\subset ", "\\subset"],
            ),
            ("having $s_B Q $, computes\n", vec!["s_B Q "]),
            ("a $ \\alpha$ b\n", vec![" \\alpha"]),
            ("a $x $ and $b$ c\n", vec!["x ", "b"]),
            // Braces pulldown-cmark will not take: KaTeX judges them.
            ("a $\\sqrt{x^2$ b\n", vec!["\\sqrt{x^2"]),
            // Markdown inside is TeX, across lines, without the `> `.
            ("> $a *b* c_1 \\\\\n> d $ e\n", vec!["a *b* c_1 \\\\\nd "]),
            // A price then a formula.
            ("costs $5 and then $x^2 $ here\n", vec!["x^2 "]),
            // A no-break space: pulldown-cmark took `$. Let $` as a formula.
            (
                "from $u$, $c_u = c_{u,x} $. Let\u{a0}$p_{u,v}$ be\n",
                vec!["u", "c_u = c_{u,x} ", "p_{u,v}"],
            ),
        ] {
            assert_eq!(paired(markdown).0, expected, "{markdown:?}");
        }
    }

    #[test]
    fn prices_shell_variables_and_prose_stay_text() {
        for markdown in [
            "costs $5 and $10 in all\n",
            "costs $5, or $10 later, $\n",
            "set $DAY_JOB, then read $DAY_JOB in the script\n",
            "run $CUDA_VISIBLE_DEVICES=0 then ${HOME}/bin $\n",
            "I had $5 and then some $ left\n",
            "costs $5, $ or $6 and, $2 $\n",
            "escaped \\$x^2 \\$ here\n",
            "the shell's pid is $$ here, $\n",
            "code `$x` and `$` here\n",
            "```php\n$lines = explode(\"\\n\", $cont);\n```\n",
            "    $x = {$y};\n",
        ] {
            let (formulas, text) = paired(markdown);
            assert_eq!(formulas, Vec::<String>::new(), "{markdown:?}");
            assert!(text.contains('$'), "{markdown:?}: {text}");
        }
    }

    #[test]
    fn a_dollar_left_open_ends_at_a_formula_pulldown_cmark_took_or_a_block() {
        for (markdown, taken) in [
            // A `$` missing after `mn`: MathJax would pair what follows wrongly.
            (
                "we get $m(a) \\equiv 0 \\mod mn. Since $m$ divides\n",
                vec!["m"],
            ),
            ("a $\\alpha\n\nb $ c\n", vec![]),
            ("a [link $\\alpha](#x) and $ more\n", vec![]),
            ("a $\\alpha `code` $ b\n", vec![]),
        ] {
            let (formulas, text) = paired(markdown);
            assert_eq!(formulas, taken, "{markdown:?}");
            assert!(text.contains("$\\alpha") || text.contains("$m("), "{text}");
        }
    }

    #[test]
    fn a_paired_formula_is_typeset_and_katex_errors_name_its_line() {
        let html = rendered("Primes: $2, 3, 5, \\dots $.\n", &BTreeMap::new())
            .unwrap()
            .html;
        assert!(html.contains("class=\"katex\""), "{html}");
        assert!(!html.contains('$'), "{html}");
        let error = rendered("a\n\nb $\\frac{1}{ $\n", &BTreeMap::new())
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("posts/t.md:7: KaTeX: KaTeX parse error"),
            "{error}"
        );
    }
}
