//! Formulas: KaTeX at build time (`content::math`), HTML for the page with
//! its inline styles made classes (`math_styles`), MathML for feeds. A
//! formula KaTeX cannot read is a problem of the post, each one reported
//! (`$` that never reached KaTeX is `dollars`' concern).

use super::{Body, Piece};
use crate::content::math::{Math, Mode, Output};
use crate::content::math_styles;
use anyhow::anyhow;
use pulldown_cmark::Event;
use std::collections::BTreeSet;

/// Renders every formula in `pieces` in place; returns the declarations
/// the page's formulas use as classes. A formula KaTeX refuses goes to
/// `problems` and is left as it was.
pub(super) fn render(
    pieces: &mut [Piece],
    body: &Body,
    math: &mut Math,
    problems: &mut Vec<anyhow::Error>,
) -> BTreeSet<String> {
    let mut styles = BTreeSet::new();
    for piece in pieces {
        let (tex, mode) = match piece.event() {
            Some(Event::InlineMath(tex)) => (tex, Mode::Inline),
            Some(Event::DisplayMath(tex)) => (tex, Mode::Display),
            _ => continue,
        };
        let mut render = |output| math.render(tex, mode, output);
        // The feed's only when the page's rendered: a formula KaTeX was
        // stopped on is not tried twice.
        match render(Output::Page).and_then(|page| Ok((page, render(Output::Feed)?))) {
            Ok((page, feed)) => {
                let page = math_styles::to_classes(&page, &mut styles);
                *piece = Piece::split(page, feed, piece.offset);
            }
            Err(message) => {
                problems.push(anyhow!("{}: KaTeX: {message}", body.at(piece.offset)));
            }
        }
    }
    styles
}
