//! `$` that no pass took as math. pulldown-cmark takes `$…$` (and
//! `$$…$$`) as a formula only when the braces inside balance and no space
//! follows the opening `$` or precedes the closing one; `mathjax_dollars`
//! then pairs the `$` it left as MathJax does, up to the next `$`. What
//! is still left is published as text, without a word. This pass finds
//! it: a `$` (or `$$`) left in text whose would-be formula — the text
//! after it, up to the next `$` or the end of its block — is TeX fails the
//! build at the line of that `$`. That is a formula no `$` closes: its
//! paragraph ends first, or the next `$` is a price's (a digit follows
//! it), or a formula, code or a link's edge comes between.
//!
//! TeX here is what prose does not write: a command (`\` and a letter),
//! `^`, `{` or `}`, or a subscript: `_` and then one letter or digit that
//! ends the word (`x_1`, `a_i`). An `_` inside a name is prose
//! (`$DAY_JOB`, `user_id`, `CUDA_VISIBLE_DEVICES`). A `$` right before a
//! shell variable's name (capitals, digits and `_`, two capitals in a row, as in
//! `$HOME` or `${DAY_JOB}`) is the variable's, not a formula's: it opens
//! and closes nothing. So prices (`$5`, `costs $5 and $10`) and shell
//! variables stay prose, while a real formula that failed (`$\sqrt{x`,
//! `$x_1` at a paragraph's end) fails; `\$` is always a dollar sign. Code
//! spans are code: neither read nor the end of a would-be formula. Every
//! problem of the post is reported at once.

use super::{Body, Piece};
use crate::source::fail_with_all;
use anyhow::{anyhow, Result};
use pulldown_cmark::{Event, Tag, TagEnd};

/// Fails with every stray `$` that opens TeX in `pieces`, one
/// `file:line: …` per line. Run it after code blocks are rendered: `$` in
/// code is code.
pub(super) fn reject_stray(pieces: &[Piece], body: &Body) -> Result<()> {
    let mut scan = Scan::default();
    for piece in pieces {
        match piece.event() {
            Some(Event::Text(text)) => scan.text(text, piece.offset, body),
            Some(Event::SoftBreak | Event::HardBreak) => scan.push(' '),
            // Inside a would-be formula, emphasis and links are text around
            // text; inline code and HTML are passed over.
            Some(Event::Start(tag)) if is_inline(tag) => {}
            Some(Event::End(tag)) if is_inline_end(tag) => {}
            Some(Event::Code(_) | Event::InlineHtml(_) | Event::FootnoteReference(_)) => {}
            // A block's edge, a formula pulldown-cmark did take, and what the
            // earlier passes made of code blocks and images.
            _ => {
                scan.end();
            }
        }
    }
    scan.end();
    let problems = scan.problems.iter().map(|stray| {
        let (dollars, why) = match stray.dollars {
            1 => (
                "$",
                "no `$` closes it in its paragraph (a `$` before a digit closes nothing, nor \
                 does one past a formula, code or a link's edge)",
            ),
            _ => (
                "$$",
                "pulldown-cmark reads `$$…$$` as math only when the braces inside balance",
            ),
        };
        anyhow!(
            "{}: `{dollars}{}` looks like a formula but is not math: {why}; fix the formula, or \
             write `\\$` for a dollar sign",
            body.at(stray.offset),
            stray.shown,
        )
    });
    fail_with_all(problems.collect())
}

/// The text read so far, and what it found.
#[derive(Default)]
struct Scan {
    /// The would-be formula after the last `$`, if one is open.
    open: Option<Open>,
    problems: Vec<Stray>,
}

/// A `$` that opens TeX pulldown-cmark did not take as math.
struct Stray {
    /// The offset of its first `$`.
    offset: usize,
    /// How many: `$` or `$$` (or more, which reads as `$$`).
    dollars: usize,
    /// The start of its would-be formula, as the message shows it.
    shown: String,
}

/// A `$` (or `$$`) left in text, and the text after it.
struct Open {
    /// The offset of its first `$`: where the problem is reported.
    offset: usize,
    /// The offset of its last `$`, to tell `$$` from two dollars apart.
    last: usize,
    dollars: usize,
    text: String,
}

impl Scan {
    /// Reads one text event at `offset`. Its dollars are seen only where
    /// the text is the markdown as written (an entity such as `&#36;` is
    /// not), and only those no backslash escapes.
    fn text(&mut self, text: &str, offset: usize, body: &Body) {
        if !body.rest(offset).starts_with(text) {
            text.chars().for_each(|c| self.push(c));
            return;
        }
        for (i, c) in text.char_indices() {
            let at = offset + i;
            if c == '$' && !escaped(&body.post.body[..at]) && !is_shell_variable(body.rest(at + 1))
            {
                self.dollar(at);
            } else {
                self.push(c);
            }
        }
    }

    fn push(&mut self, c: char) {
        if let Some(open) = self.open.as_mut() {
            open.text.push(c);
        }
    }

    /// A `$` at `offset`: the second of a `$$`, the end of a would-be
    /// formula, or the start of one.
    fn dollar(&mut self, offset: usize) {
        if let Some(open) = self.open.as_mut() {
            if open.text.is_empty() && open.last + 1 == offset {
                open.last = offset;
                open.dollars += 1;
                return;
            }
            // A `$` that ends what looks like a formula closes it: it opens
            // nothing of its own.
            if self.end() {
                return;
            }
        }
        self.open = Some(Open {
            offset,
            last: offset,
            dollars: 1,
            text: String::new(),
        });
    }

    /// Ends the would-be formula, if one is open; whether it was a problem.
    fn end(&mut self) -> bool {
        let Some(open) = self.open.take() else {
            return false;
        };
        if !looks_like_tex(&open.text) {
            return false;
        }
        self.problems.push(Stray {
            offset: open.offset,
            dollars: open.dollars,
            shown: open.text.trim().chars().take(40).collect(),
        });
        true
    }
}

/// Whether the markdown `before` a `$` ends in an odd number of
/// backslashes, the last of which escapes it (`\\$` is a backslash, then
/// a `$`).
pub(super) fn escaped(before: &str) -> bool {
    before.bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
}

/// TeX, not prose: a command (`\` and a letter), a superscript, a group
/// or a subscript.
pub(super) fn looks_like_tex(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.contains(['^', '{', '}'])
        || bytes
            .windows(2)
            .any(|w| w[0] == b'\\' && w[1].is_ascii_alphabetic())
        || (0..bytes.len()).any(|i| bytes[i] == b'_' && is_subscript(&bytes[i + 1..]))
}

/// Whether what follows an `_` makes it a subscript: one letter or digit
/// that ends its word (`x_1`, `a_i`), not the rest of a name (`DAY_JOB`).
/// (`_{…}` and `_\alpha` are TeX by their `{` or command.)
fn is_subscript(after: &[u8]) -> bool {
    match after {
        [c, rest @ ..] if c.is_ascii_alphanumeric() => !rest
            .first()
            .is_some_and(|n| n.is_ascii_alphanumeric() || *n == b'_'),
        _ => false,
    }
}

/// Whether the text after a `$` starts with a shell variable's name:
/// capitals, digits and `_`, a capital first and two in a row (`X_1` may
/// be a formula), ending the word, or
/// the same in braces (`$HOME`, `${DAY_JOB}`).
pub(super) fn is_shell_variable(after: &str) -> bool {
    let (name, end) = match after.strip_prefix('{') {
        Some(braced) => match braced.split_once('}') {
            Some((name, _)) => (name, None),
            None => return false,
        },
        None => {
            let length = after
                .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
                .unwrap_or(after.len());
            (&after[..length], after[length..].chars().next())
        }
    };
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name
            .as_bytes()
            .windows(2)
            .any(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && !end.is_some_and(|c| c.is_alphanumeric() || matches!(c, '^' | '{' | '\\'))
}

fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. }
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link
    )
}

#[cfg(test)]
mod tests {
    use super::super::tests::rendered;
    use std::collections::BTreeMap;

    /// The build's error for `markdown` (the post starts at line 5), or
    /// `None` when it renders.
    fn error(markdown: &str) -> Option<String> {
        rendered(markdown, &BTreeMap::new())
            .err()
            .map(|e| e.to_string())
    }

    #[test]
    fn a_dollar_that_opens_tex_fails_at_its_line_wherever_it_is() {
        for (markdown, line, shown) in [
            ("a $\\sqrt{x^2 b\n", 5, "$\\sqrt{x^2 b"),
            ("ends $x_1\n", 5, "$x_1"),
            // A price's `$` closes nothing; nor does one past a formula.
            ("a $x^2 and $5 b\n", 5, "$x^2 and"),
            ("a $\\alpha $b$ c\n", 5, "$\\alpha"),
            ("one $x\nand \\sqrt{y} two\n", 5, "$x and \\sqrt{y} two"),
            ("text\n\n$$\n\\sqrt{\n", 7, "$$\\sqrt{"),
            ("a \\\\$x^2 b\n", 5, "$x^2 b"),
            ("see [$\\sqrt{x](#a) $\n", 5, "$\\sqrt{x"),
            ("a $x *and* y^{2 b\n", 5, "$x and y^{2 b"),
            // Smart punctuation and escapes split the text in several events.
            ("a $x -- \"y\" \\* \\alpha b\n", 5, "$x – “y” * \\alpha b"),
            ("# Head $\\sqrt{x\n", 5, "$\\sqrt{x"),
            ("| a |\n|---|\n| $\\sqrt{x |\n", 7, "$\\sqrt{x"),
            ("- one\n- $\\sqrt{x\n", 6, "$\\sqrt{x"),
            ("x[^1]\n\n[^1]: a $\\frac{a}{b\n", 7, "$\\frac{a}{b"),
            // Not shell variables: one capital, or TeX after the name.
            ("a $X_1 b\n", 5, "$X_1 b"),
            ("a $HOME^2 b\n", 5, "$HOME^2 b"),
            ("a $HOMEwork_i b\n", 5, "$HOMEwork_i b"),
        ] {
            let error = error(markdown).unwrap_or_else(|| panic!("{markdown:?} passes"));
            assert!(
                error.starts_with(&format!(
                    "posts/t.md:{line}: `{shown}` looks like a formula but is not math: "
                )),
                "{markdown:?}: {error}"
            );
            assert!(
                error.ends_with("or write `\\$` for a dollar sign"),
                "{error}"
            );
            assert_eq!(error.lines().count(), 1, "{markdown:?}: {error}");
        }
    }

    #[test]
    fn dollar_amounts_escapes_code_and_math_pass() {
        for markdown in [
            "It costs $5.\n",
            "$10 later, costs $5 and $10, all in $\n",
            "Pay $5 then $x^2$ and $$\\sum_i x_i$$ then $6.\n",
            "Escaped: \\$\\sqrt{x} and \\$x^2 and \\$$\\alpha$.\n",
            "An entity: &#36;\\alpha.\n",
            "Code: `$\\sqrt{x` and $5 for `x_1`.\n",
            "```tex\n$\\sqrt{x\n```\n",
            "    $x^{2\n",
            "Math: $\\sqrt{x^2}$, $p(x)$ and $a_{ij}$.\n\n$$\n\\frac{1}{2}\n$$\n",
            "# Heading $$\n",
            "Set $DAY_JOB, then read $DAY_JOB in the script.\n",
            "Run $CUDA_VISIBLE_DEVICES=0 or ${HOME}/bin, $5 per user_id.\n",
            "$PATH_2 and $ABC1 for $3.\n",
        ] {
            assert_eq!(error(markdown), None, "{markdown:?}");
        }
    }

    #[test]
    fn every_stray_dollar_of_a_post_is_reported_in_order() {
        let error = error(
            "a $\\sqrt{b and $5 here, $\\sqrt{c and $6 there\n\n\
             then $x^2 and\n\n| $\\alpha |\n|---|\n",
        )
        .expect("the post fails");
        let lines: Vec<&str> = error
            .lines()
            .map(|l| l.split(" looks like").next().unwrap())
            .collect();
        assert_eq!(
            lines,
            [
                "posts/t.md:5: `$\\sqrt{b and`",
                "posts/t.md:5: `$\\sqrt{c and`",
                "posts/t.md:7: `$x^2 and`",
                "posts/t.md:9: `$\\alpha`",
            ]
        );
    }
}
