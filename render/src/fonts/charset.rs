//! Which characters KaTeX's fonts must hold: those KaTeX set in its own
//! fonts in the rendered post bodies. (The site's own fonts hold what their
//! faces draw on the pages: `faces`.) Each body is parsed once: what it set
//! is kept between builds under its digest, as parsing a thousand bodies
//! was most of a one-post rebuild.

use crate::memo::Memo;
use scraper::{Html, Selector};
use std::collections::BTreeSet;

/// The characters KaTeX sets in its own fonts: the text of every
/// `.katex-html` element of `bodies` (rendered post bodies). KaTeX prints
/// characters the TeX only names (∫ for `\int`), so this is read from its
/// output, not the sources; the MathML twin beside it is never drawn.
/// Bodies `memo` holds from an earlier build are not parsed again.
pub fn katex(bodies: &[&str], memo: &mut Memo<BTreeSet<char>>) -> BTreeSet<char> {
    let per_body = memo.all(
        bodies,
        |memo, body| memo.key(&[body.as_bytes()]),
        |body| set_in(body),
    );
    per_body.into_iter().flatten().collect()
}

/// What KaTeX set in one body.
fn set_in(body: &str) -> BTreeSet<char> {
    if !body.contains("katex-html") {
        return BTreeSet::new();
    }
    let selector = Selector::parse(".katex-html").expect("a valid selector");
    Html::parse_fragment(body)
        .select(&selector)
        .flat_map(|math| math.text().flat_map(str::chars).collect::<Vec<_>>())
        .filter(|c| !c.is_control())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn katex_characters_are_those_katex_printed_and_only_those() {
        let body = "<p>Prose q <span class=\"katex\"><span class=\"katex-mathml\">\
                    <math><mi>z</mi></math></span><span class=\"katex-html\" aria-hidden=\"true\">\
                    <span class=\"mord\">∫</span><span class=\"mord mathnormal\">x</span></span></span></p>";
        let mut memo = Memo::new(b"test", Default::default());
        let set = katex(&[body, "<p>no math</p>"], &mut memo);
        assert_eq!(set, BTreeSet::from(['∫', 'x']));
        assert!(katex(&["<p>no math</p>"], &mut memo).is_empty());
    }
}
