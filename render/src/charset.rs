//! Which characters the site's own fonts must hold: every character of the
//! site settings and of every published post's source (front matter and
//! body, so titles, tags, prose and code alike), and the characters the
//! renderer and templates print that no source spells. Computed from the
//! inputs alone, before any page is rendered: pages link to a font by a URL
//! made from its bytes, so the bytes must be settled first.
//!
//! Not the whole of Latin-1: each of its letters costs a Source Serif 4 face
//! about 0.3 KB (every glyph carries deltas for weight and optical size), and
//! a writer who types `é` puts it in a source, which is read here.

use crate::Settings;
use scraper::{Html, Selector};
use std::collections::BTreeSet;

/// Printed by the renderer and templates, beyond printable ASCII (their
/// words, dates, numbers, the `#` before tags): the curly quotes, dashes and
/// ellipsis of smart punctuation, the footnotes' back-link ↩, the footer's ©
/// and ·, the — between a page's title and the site's, and the bullet a
/// list marker is drawn with.
pub const PRINTED: &str = "‘’“”–—…↩©·•";

/// The characters the site's pages can hold in its own fonts: those of the
/// settings a page shows (title, author, tagline) and of `posts`, the
/// sources of the published posts.
pub fn site<'a>(settings: &'a Settings, posts: impl Iterator<Item = &'a str>) -> BTreeSet<char> {
    let shown = [&settings.title, &settings.author, &settings.tagline];
    used(shown.into_iter().map(String::as_str).chain(posts))
}

/// The characters of `texts`, printable ASCII and `PRINTED`, without
/// control characters (line breaks and tabs have no glyph).
pub fn used<'a>(texts: impl IntoIterator<Item = &'a str>) -> BTreeSet<char> {
    let mut chars: BTreeSet<char> = (' '..='~').chain(PRINTED.chars()).collect();
    for text in texts {
        // ASCII is in already: only the rest is looked up (a thousand posts
        // are megabytes of text).
        chars.extend(text.chars().filter(|c| !c.is_ascii() && !c.is_control()));
    }
    chars
}

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
    fn printable_ascii_and_what_templates_print_are_always_there() {
        let chars = used([]);
        assert!((' '..='~').all(|c| chars.contains(&c)));
        assert!(PRINTED.chars().all(|c| chars.contains(&c)));
        assert_eq!(chars.len(), 95 + PRINTED.chars().count());
    }

    #[test]
    fn adds_every_character_of_every_text_once() {
        let chars = used(["+++\ntitle = \"Café\"\n+++\nŁódź → ∞", "über"]);
        for c in ['é', 'Ł', 'ó', 'd', 'ź', '→', '∞', 'ü'] {
            assert!(chars.contains(&c), "{c} is used");
        }
        assert_eq!(chars.len(), used([]).len() + 7, "é Ł ó ź → ∞ ü");
    }

    #[test]
    fn leaves_out_control_characters() {
        let chars = used(["a\tb\r\nc\u{7f}"]);
        assert!(!chars.iter().any(|c| c.is_control()));
    }

    #[test]
    fn a_site_uses_its_settings_and_its_posts() {
        let settings = Settings {
            title: "phase ſpace".into(),
            author: "Ørsted".into(),
            tagline: "Ünïcode".into(),
            base_url: "https://ɛ.example".into(),
        };
        let chars = site(&settings, ["naïve"].into_iter());
        for c in ['ſ', 'Ø', 'Ü', 'ï'] {
            assert!(chars.contains(&c), "{c} is shown");
        }
        assert!(
            !chars.contains(&'ɛ'),
            "the base URL is never set in a page's fonts"
        );
    }

    #[test]
    fn katex_characters_are_those_katex_printed_and_only_those() {
        let body = "<p>Prose q <span class=\"katex\"><span class=\"katex-mathml\">\
                    <math><mi>z</mi></math></span><span class=\"katex-html\" aria-hidden=\"true\">\
                    <span class=\"mord\">∫</span><span class=\"mord mathnormal\">x</span></span></span></p>";
        assert_eq!(katex([body, "<p>no math</p>"]), BTreeSet::from(['∫', 'x']));
        assert!(katex(["<p>no math</p>"]).is_empty());
    }

    #[test]
    fn latin_1_letters_only_when_a_text_uses_them() {
        assert!(!used([]).contains(&'é'));
        assert!(used(["é"]).contains(&'é'));
    }
}
