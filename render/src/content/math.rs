//! TeX → HTML with KaTeX (its JavaScript runs in an embedded engine at
//! build time, bounded in time and memory: `math_bound`): HTML for the page (with MathML for
//! assistive technology), MathML alone for the feed, whose readers load no
//! stylesheet. A `Math` renders each distinct (formula, mode, output) once
//! (the build gives each of its parallel jobs its own); errors carry KaTeX's
//! own message for the caller to place.

use super::math_bound;
use std::collections::HashMap;

/// Whether a formula sits in a line of text or on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Inline,
    Display,
}

/// Who reads the formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Output {
    /// The site's pages: KaTeX's HTML, styled by KaTeX's CSS, and MathML
    /// for assistive technology.
    Page,
    /// Feed readers: MathML only, which needs no stylesheet.
    Feed,
}

/// A KaTeX renderer that remembers every formula it has rendered.
#[derive(Default)]
pub struct Math {
    cache: HashMap<(Mode, Output, String), Result<String, String>>,
}

impl Math {
    /// KaTeX's markup of `tex` for `output`, or KaTeX's error message.
    pub fn render(&mut self, tex: &str, mode: Mode, output: Output) -> Result<String, String> {
        self.cache
            .entry((mode, output, tex.to_string()))
            .or_insert_with(|| katex_render(tex, mode, output))
            .clone()
    }

    /// How many distinct formulas have been rendered.
    #[cfg(test)]
    fn rendered(&self) -> usize {
        self.cache.len()
    }
}

fn katex_render(tex: &str, mode: Mode, output: Output) -> Result<String, String> {
    let request = math_bound::Request {
        display: mode == Mode::Display,
        mathml: output == Output::Feed,
    };
    // Bounded in time and memory: see `math_bound`.
    math_bound::render(tex, request).map_err(|failure| match failure {
        math_bound::Failure::Refused(thrown) => katex_message(&thrown),
        stopped => stopped.to_string(),
    })
}

/// KaTeX's own words from what it threw (`ParseError: KaTeX parse error:
/// …`), on one line (the formula KaTeX quotes may span several), without
/// the combining underline KaTeX puts under the offending character.
fn katex_message(thrown: &str) -> String {
    let message = thrown
        .replace('\u{332}', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    message
        .strip_prefix("ParseError: ")
        .unwrap_or(&message)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_math_is_katex_html() {
        let html = Math::default()
            .render(r"x^2", Mode::Inline, Output::Page)
            .unwrap();
        assert!(html.starts_with(r#"<span class="katex">"#), "{html}");
        assert!(html.contains("<math"), "MathML for screen readers: {html}");
    }

    #[test]
    fn display_math_is_a_display_block() {
        let html = Math::default()
            .render(r"\int_0^1 x\,dx", Mode::Display, Output::Page)
            .unwrap();
        assert!(html.contains(r#"class="katex-display""#), "{html}");
    }

    #[test]
    fn bad_tex_returns_katex_message() {
        let err = Math::default()
            .render(r"\frac{1}{", Mode::Inline, Output::Page)
            .unwrap_err();
        assert!(err.contains("KaTeX parse error"), "{err}");
    }

    #[test]
    fn error_message_is_katex_words_unquoted() {
        let err = Math::default()
            .render(r"\frac{1}{2}^^3", Mode::Inline, Output::Page)
            .unwrap_err();
        assert_eq!(
            err,
            r"KaTeX parse error: Expected group after '^' at position 12: \frac{1}{2}^^3"
        );
    }

    #[test]
    fn feed_output_is_mathml_without_katex_html() {
        let mathml = Math::default()
            .render(r"\frac{a}{b}", Mode::Display, Output::Feed)
            .unwrap();
        assert!(mathml.contains("<math"), "{mathml}");
        assert!(mathml.contains("display=\"block\""), "{mathml}");
        assert!(!mathml.contains("katex-html"), "{mathml}");
    }

    #[test]
    fn outputs_are_cached_apart() {
        let mut math = Math::default();
        let page = math.render("a+b", Mode::Inline, Output::Page).unwrap();
        let feed = math.render("a+b", Mode::Inline, Output::Feed).unwrap();
        assert_ne!(page, feed);
        assert_eq!(math.rendered(), 2);
    }

    #[test]
    fn same_formula_rendered_once() {
        let mut math = Math::default();
        let a = math.render("a+b", Mode::Inline, Output::Page).unwrap();
        let b = math.render("a+b", Mode::Inline, Output::Page).unwrap();
        assert_eq!(a, b);
        assert_eq!(math.rendered(), 1);
    }
}
