//! Inline math and the punctuation right after it stay on one line. A
//! browser may break a line between an inline formula (KaTeX's boxes) and
//! the text that follows it, so `… the loss $L(\theta)$. Then …` can start
//! a line with its full stop. Here, at build time, the formula and the
//! punctuation run after it (`.,;:!?)` and closing quotes, several of them
//! as in `$x$).`) go into one `span.math-punct`, and the formula's last box
//! (KaTeX's last `.base`) into a `span.math-last`. Chromium lets a line
//! break after a box unless the box's parent forbids it, so the stylesheet
//! (`static/style.css`) forbids it only in `.math-last` and between the
//! formula and the marks: a long formula still breaks where KaTeX lets it
//! (between its boxes, after a relation or an operator). Both spans are the
//! page's only: feed readers load no stylesheet, and their body is left as
//! it was.

use super::{Markup, Piece};
use pulldown_cmark::{CowStr, Event};

/// What a line must not start with when it follows a formula: closing
/// punctuation, and the quotes smart punctuation closes with.
pub(super) const PUNCTUATION: &[char] = &['.', ',', ';', ':', '!', '?', ')', '”', '’', '"', '\''];

/// How KaTeX's markup of an inline formula starts (`content::math`), how
/// each of its top-level boxes starts, and how it ends.
const INLINE: &str = "<span class=\"katex\">";
const BOX: &str = "<span class=\"base\">";
const END: &str = "</span></span>";

/// `pieces` with every rendered inline formula that punctuation follows
/// glued to that punctuation (on the page only). Run it after the formulas
/// are rendered.
pub(super) fn glue(pieces: Vec<Piece<'_>>) -> Vec<Piece<'_>> {
    let mut out = Vec::with_capacity(pieces.len());
    let mut pieces = pieces.into_iter().peekable();
    while let Some(mut formula) = pieces.next() {
        let Markup::Split { page, .. } = &mut formula.markup else {
            out.push(formula);
            continue;
        };
        if !page.starts_with(INLINE) {
            out.push(formula);
            continue;
        }
        // The punctuation may come as several text events (smart
        // punctuation makes each quote its own).
        let mut glued = Vec::new();
        let mut rest = None;
        while let Some(Event::Text(text)) = pieces.peek().and_then(Piece::event) {
            let whole = text.len();
            let length = whole - text.trim_start_matches(PUNCTUATION).len();
            if length == 0 {
                break;
            }
            let next = pieces.next().expect("peeked");
            if length == whole {
                glued.push(next);
                continue;
            }
            let (head, tail) = split(next, length);
            glued.push(head);
            rest = Some(tail);
            break;
        }
        if glued.is_empty() {
            out.push(formula);
            continue;
        }
        *page = last_box_apart(page);
        let offset = formula.offset;
        out.push(Piece::split(
            "<span class=\"math-punct\">".into(),
            String::new(),
            offset,
        ));
        out.push(formula);
        out.append(&mut glued);
        out.push(Piece::split("</span>".into(), String::new(), offset));
        out.extend(rest);
    }
    out
}

/// KaTeX's markup of an inline formula with its last top-level box in a
/// `span.math-last`. The last box runs to the end of the formula's visual
/// part, which closes the formula (`…</span></span>`); a formula in
/// another form is left as it is.
fn last_box_apart(katex: &str) -> String {
    match (katex.rfind(BOX), katex.strip_suffix(END)) {
        (Some(last), Some(inner)) => format!(
            "{}<span class=\"math-last\">{}</span>{END}",
            &katex[..last],
            &inner[last..]
        ),
        _ => katex.to_string(),
    }
}

/// A text piece cut in two at byte `at`.
fn split<'e>(piece: Piece<'e>, at: usize) -> (Piece<'e>, Piece<'e>) {
    let Markup::Both(Event::Text(text)) = piece.markup else {
        unreachable!("only text is split")
    };
    let (head, tail): (CowStr, CowStr) = match text {
        CowStr::Borrowed(text) => (text[..at].into(), text[at..].into()),
        owned => (
            owned[..at].to_string().into(),
            owned[at..].to_string().into(),
        ),
    };
    (
        Piece::both(Event::Text(head), piece.offset),
        Piece::both(Event::Text(tail), piece.offset + at),
    )
}

#[cfg(test)]
mod tests {
    use super::super::tests::rendered;
    use super::{last_box_apart, BOX};
    use crate::content::math::{Math, Mode, Output};
    use crate::content::math_styles;
    use std::collections::{BTreeMap, BTreeSet};

    /// KaTeX's page markup of `tex`, as the page carries it.
    fn katex(tex: &str) -> String {
        let html = Math::default()
            .render(tex, Mode::Inline, Output::Page)
            .unwrap();
        math_styles::to_classes(&html, &mut BTreeSet::new())
    }

    /// The page's and the feed's body of `markdown`, every formula `$x$`
    /// shortened: `X` as KaTeX made it, `X*` with its last box apart.
    fn bodies(markdown: &str) -> (String, String) {
        let r = rendered(markdown, &BTreeMap::new()).unwrap();
        let page = katex("x");
        let feed = Math::default()
            .render("x", Mode::Inline, Output::Feed)
            .unwrap();
        (
            r.html
                .replace(&last_box_apart(&page), "X*")
                .replace(&page, "X"),
            r.feed_html.replace(&feed, "X"),
        )
    }

    #[test]
    fn punctuation_after_inline_math_is_glued_to_it_on_the_page_only() {
        for (markdown, page, feed) in [
            (
                "the loss $x$. Then\n",
                "<p>the loss <span class=\"math-punct\">X*.</span> Then</p>\n",
                "<p>the loss X. Then</p>\n",
            ),
            (
                "(see $x$). And $x$, $x$; $x$: $x$! $x$?\n",
                "<p>(see <span class=\"math-punct\">X*).</span> And \
                 <span class=\"math-punct\">X*,</span> <span class=\"math-punct\">X*;</span> \
                 <span class=\"math-punct\">X*:</span> <span class=\"math-punct\">X*!</span> \
                 <span class=\"math-punct\">X*?</span></p>\n",
                "<p>(see X). And X, X; X: X! X?</p>\n",
            ),
            (
                "\"say $x$\". Or $x$'s\n",
                "<p>“say <span class=\"math-punct\">X*”.</span> Or \
                 <span class=\"math-punct\">X*’</span>s</p>\n",
                "<p>“say X”. Or X’s</p>\n",
            ),
            (
                "no $x$ punctuation, $x$ -- $x$\n",
                "<p>no X punctuation, X – X</p>\n",
                "<p>no X punctuation, X – X</p>\n",
            ),
        ] {
            assert_eq!(
                bodies(markdown),
                (page.to_string(), feed.to_string()),
                "{markdown:?}"
            );
        }
    }

    #[test]
    fn only_the_last_box_of_a_formula_is_set_apart() {
        // `=` lets KaTeX break the formula in two boxes.
        let html = katex("a = b");
        assert_eq!(html.matches(BOX).count(), 2, "{html}");
        let apart = last_box_apart(&html);
        let (first, last) = apart.split_once("<span class=\"math-last\">").unwrap();
        assert_eq!(first.matches(BOX).count(), 1, "{apart}");
        assert!(last.starts_with(BOX), "{apart}");
        // Without the span, the formula as KaTeX made it.
        let without = apart.replacen("<span class=\"math-last\">", "", 1);
        let inner = without.strip_suffix("</span></span></span>").unwrap();
        assert_eq!(format!("{inner}</span></span>"), html);
        assert_eq!(last_box_apart("<b>not KaTeX</b>"), "<b>not KaTeX</b>");
    }

    #[test]
    fn display_math_is_left_alone() {
        let r = rendered("$$x$$.\n", &BTreeMap::new()).unwrap();
        assert!(!r.html.contains("math-punct"), "{}", r.html);
        assert!(!r.html.contains("math-last"), "{}", r.html);
    }
}
