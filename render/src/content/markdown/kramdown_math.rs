//! `$$…$$` as kramdown (Jekyll's markdown) reads it: display math when it
//! stands on its own lines, inline math when it shares a line with text.
//! pulldown-cmark makes every `$$…$$` display math, so a Jekyll post's
//! `the loss $$L$$ falls` would break its sentence around a centred
//! formula. Here a `$$…$$` is display only when nothing but a line break
//! (or the paragraph's or list item's edge) comes before it, and nothing
//! but a line break, that edge, or closing punctuation (`$$x$$.`) after
//! it; in a heading or a table cell it is always inline. `\[…\]`
//! (`mathjax`) is display wherever it is, as in MathJax.
//!
//! kramdown also takes a `$$` that starts a paragraph's line, up to the
//! next `$$` that ends a line, as one block of TeX, whatever markdown it
//! holds: a blank line, or a row that starts with `- ` or `+ ` (which
//! markdown reads as a list item). pulldown-cmark takes no such block as
//! math; `display_blocks` does, on its events with their source offsets
//! before any other pass, as long as the block ends where a block of the
//! markdown ends (else it is left to `dollars` to report).

use super::math_punctuation::PUNCTUATION;
use super::{Body, Markup, Piece};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::ops::Range;

type Spanned<'e> = (Event<'e>, Range<usize>);

/// `events` with every `$$…$$` block pulldown-cmark broke apart made one
/// paragraph of display math.
pub(super) fn display_blocks<'e>(
    body: &'e str,
    events: impl IntoIterator<Item = Spanned<'e>>,
) -> Vec<Spanned<'e>> {
    let events: Vec<Spanned<'e>> = events.into_iter().collect();
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if let Some((last, tex, span)) = block_at(body, &events, i) {
            out.push((Event::Start(Tag::Paragraph), span.clone()));
            out.push((Event::DisplayMath(tex.into()), span.clone()));
            out.push((Event::End(TagEnd::Paragraph), span));
            i = last + 1;
            continue;
        }
        out.push(events[i].clone());
        i += 1;
    }
    out
}

/// The block of TeX whose paragraph starts at `events[i]`: the index of
/// the last event it covers, its TeX and its span.
fn block_at<'e>(
    body: &'e str,
    events: &[Spanned<'e>],
    i: usize,
) -> Option<(usize, &'e str, Range<usize>)> {
    let (Event::Start(Tag::Paragraph), paragraph) = events.get(i)? else {
        return None;
    };
    let (Event::Text(_), text) = events.get(i + 1)? else {
        return None;
    };
    let open = text.start;
    if !body[open..].starts_with("$$") || body[paragraph.start..open].trim() != "" {
        return None;
    }
    // The next `$$` that ends a line.
    let after = open + 2;
    let close = body[after..]
        .match_indices("$$")
        .map(|(at, _)| after + at)
        .find(|&at| {
            let rest = &body[at + 2..];
            rest.lines()
                .next()
                .is_none_or(|line| line.trim().is_empty())
        })?;
    let end = close + 2;
    // The blocks from the paragraph on, up to the one that holds the
    // closing `$$`, must end there.
    let mut depth = 0;
    for (k, (event, range)) in events.iter().enumerate().skip(i) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return None;
        }
        if depth == 0 && range.end >= end {
            let whole = body[end..range.end].trim().is_empty();
            return whole.then(|| (k, &body[after..close], open..end));
        }
    }
    None
}

/// Makes every `$$…$$` of `pieces` that shares a line with text inline
/// math. Not in raw HTML (`raw_html_math`), which kramdown passed on as
/// it was, and where MathJax displayed every `$$…$$`.
pub(super) fn inline_in_text(pieces: &mut [Piece], body: &Body) {
    let mut in_html = false;
    for k in 0..pieces.len() {
        match pieces[k].event() {
            Some(Event::Start(Tag::HtmlBlock)) => in_html = true,
            Some(Event::End(TagEnd::HtmlBlock)) => in_html = false,
            _ => {}
        }
        let Some(Event::DisplayMath(tex)) = pieces[k].event() else {
            continue;
        };
        if in_html || !body.rest(pieces[k].offset).starts_with("$$") || alone(pieces, k) {
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
            // Blocks of TeX markdown would break apart.
            ("$$\na \\\\\n\n$$\n", "D"),
            ("$$\n\\begin{aligned}\n- a &= b\n\\end{aligned}\n$$\n", "D"),
            ("text\n\n$$\na\n\n- b\n$$\n\nmore $$c$$\n", "DI"),
        ] {
            assert_eq!(modes(markdown), expected, "{markdown:?}");
        }
    }
}
