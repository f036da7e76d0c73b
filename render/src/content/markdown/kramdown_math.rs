//! `$$…$$` as kramdown (Jekyll's markdown) reads it: display math when it
//! stands on its own lines, inline math when it shares a line with text.
//! pulldown-cmark makes every `$$…$$` display math, so a Jekyll post's
//! `the loss $$L$$ falls` would break its sentence around a centred
//! formula. Here a `$$…$$` is display only when nothing but a line break
//! (or the paragraph's or list item's edge) comes before it, and nothing
//! but a line break, that edge, or closing punctuation (`$$x$$.`) after
//! it; in a heading or a table cell it is always inline. `\[…\]`
//! (`mathjax`) is display wherever it is, as in MathJax.

use super::math_punctuation::PUNCTUATION;
use super::{Body, Markup, Piece};
use pulldown_cmark::{Event, Tag, TagEnd};

/// Makes every `$$…$$` of `pieces` that shares a line with text inline
/// math.
pub(super) fn inline_in_text(pieces: &mut [Piece], body: &Body) {
    for k in 0..pieces.len() {
        let Some(Event::DisplayMath(tex)) = pieces[k].event() else {
            continue;
        };
        if !body.rest(pieces[k].offset).starts_with("$$") || alone(pieces, k) {
            continue;
        }
        let tex = tex.clone();
        pieces[k].markup = Markup::Both(Event::InlineMath(tex));
    }
}

/// Whether the formula at `k` has its lines to itself.
fn alone(pieces: &[Piece], k: usize) -> bool {
    let before = k.checked_sub(1).and_then(|i| pieces[i].event());
    let starts_line = matches!(
        before,
        Some(Event::Start(Tag::Paragraph | Tag::Item) | Event::SoftBreak | Event::HardBreak)
    );
    let mut after = pieces[k + 1..].iter().map(Piece::event);
    let mut next = after.next().flatten();
    if let Some(Event::Text(text)) = next {
        if text.trim_start_matches(PUNCTUATION).trim().is_empty() {
            next = after.next().flatten();
        }
    }
    let ends_line = matches!(
        next,
        Some(
            Event::End(TagEnd::Paragraph | TagEnd::Item)
                | Event::SoftBreak
                | Event::HardBreak
                | Event::Start(Tag::List(_))
        )
    );
    starts_line && ends_line
}

#[cfg(test)]
mod tests {
    use super::super::tests::rendered;
    use std::collections::BTreeMap;

    /// How the formulas of `markdown` are set: `I` inline, `D` display.
    fn modes(markdown: &str) -> String {
        let html = rendered(markdown, &BTreeMap::new()).unwrap().html;
        let (inline, display) = ("<span class=\"katex\">", "<span class=\"katex-display\">");
        html.match_indices(inline)
            .chain(html.match_indices(display))
            .map(|(i, _)| {
                (
                    i,
                    if html[i..].starts_with(display) {
                        'D'
                    } else {
                        'I'
                    },
                )
            })
            .collect::<std::collections::BTreeMap<_, _>>()
            .into_values()
            .collect::<String>()
            // A display formula's `.katex` inside its `.katex-display`.
            .replace("DI", "D")
    }

    #[test]
    fn dollars_in_a_line_of_text_are_inline_and_on_their_own_lines_display() {
        for (markdown, expected) in [
            ("the loss $$L$$ falls\n", "I"),
            ("$$L$$ falls\n", "I"),
            ("ends with $$L$$\n", "I"),
            ("$$x$$\n", "D"),
            ("$$x$$.\n", "D"),
            ("text\n$$\nx\n$$\nmore\n", "D"),
            ("# Head $$x$$\n", "I"),
            ("| a |\n|---|\n| $$x$$ |\n", "I"),
            ("- $$x$$\n- a $$y$$ b\n", "DI"),
            ("\\[x\\] in text, not dollars\n", ""),
            ("\\\\[x\\\\] in text\n", "D"),
            ("$x$ and $$y$$\n", "II"),
        ] {
            assert_eq!(modes(markdown), expected, "{markdown:?}");
        }
    }
}
