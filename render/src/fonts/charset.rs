//! Which characters KaTeX's fonts must hold: those KaTeX set in its own
//! fonts in the rendered post bodies. (The site's own fonts hold what their
//! faces draw on the pages: `faces`.)

use scraper::{Html, Selector};
use std::collections::BTreeSet;

/// The characters KaTeX sets in its own fonts: the text of every
/// `.katex-html` element of `bodies` (rendered post bodies). KaTeX prints
/// characters the TeX only names (∫ for `\int`), so this is read from its
/// output, not the sources; the MathML twin beside it is never drawn.
pub fn katex<'a>(bodies: impl IntoIterator<Item = &'a str>) -> BTreeSet<char> {
    let selector = Selector::parse(".katex-html").expect("a valid selector");
    let mut chars = BTreeSet::new();
    for body in bodies.into_iter().filter(|b| b.contains("katex-html")) {
        let fragment = Html::parse_fragment(body);
        for math in fragment.select(&selector) {
            chars.extend(math.text().flat_map(str::chars).filter(|c| !c.is_control()));
        }
    }
    chars
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn katex_characters_are_those_katex_printed_and_only_those() {
        let body = "<p>Prose q <span class=\"katex\"><span class=\"katex-mathml\">\
                    <math><mi>z</mi></math></span><span class=\"katex-html\" aria-hidden=\"true\">\
                    <span class=\"mord\">∫</span><span class=\"mord mathnormal\">x</span></span></span></p>";
        assert_eq!(katex([body, "<p>no math</p>"]), BTreeSet::from(['∫', 'x']));
        assert!(katex(["<p>no math</p>"]).is_empty());
    }
}
