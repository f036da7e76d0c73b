//! Formulas: KaTeX at build time (`content::math`), HTML for the page with
//! its inline styles made classes (`math_styles`), MathML for feeds. A
//! formula KaTeX cannot read is an error; `$$` left in text is a warning.

use super::{with_heading_flag, Body, Piece, Warning};
use crate::content::math::{Math, Mode, Output};
use crate::content::math_styles;
use anyhow::{anyhow, Result};
use pulldown_cmark::{Event, Tag};
use std::collections::BTreeSet;

/// Renders every formula in `pieces` in place; returns the declarations
/// the page's formulas use as classes.
pub(super) fn render(
    pieces: &mut [Piece],
    body: &Body,
    math: &mut Math,
) -> Result<BTreeSet<String>> {
    let mut styles = BTreeSet::new();
    for piece in pieces {
        let (tex, mode) = match piece.event() {
            Some(Event::InlineMath(tex)) => (tex, Mode::Inline),
            Some(Event::DisplayMath(tex)) => (tex, Mode::Display),
            _ => continue,
        };
        let mut render = |output| {
            math.render(tex, mode, output)
                .map_err(|message| anyhow!("{}: KaTeX: {message}", body.at(piece.offset)))
        };
        let (page, feed) = (render(Output::Page)?, render(Output::Feed)?);
        let page = math_styles::to_classes(&page, &mut styles);
        *piece = Piece::split(page, feed, piece.offset);
    }
    Ok(styles)
}

/// `$$` left in prose is almost always math pulldown-cmark did not take
/// (its braces do not balance): say so rather than publish raw TeX, once
/// a paragraph. Run it after code blocks are rendered: `$$` in code is code.
pub(super) fn stray_dollars(pieces: &[Piece], body: &Body) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let mut warned = false;
    for (in_heading, piece) in with_heading_flag(pieces) {
        match piece.event() {
            Some(Event::Start(Tag::Paragraph)) => warned = false,
            Some(Event::Text(_)) if !in_heading && body.rest(piece.offset).starts_with("$$") => {
                if !warned {
                    warnings.push(Warning {
                        offset: piece.offset,
                        message: format!(
                            "{}: `$$` in text: is a formula's `{{` or `}}` unbalanced?",
                            body.at(piece.offset)
                        ),
                    });
                }
                warned = true;
            }
            _ => {}
        }
    }
    warnings
}
