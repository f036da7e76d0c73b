//! Syntax highlighting with syntect, as CSS classes rather than inline
//! styles, and the stylesheet that colours those classes (light and dark),
//! generated here from the syntax themes so the two never drift apart.

use syntect::highlighting::{Theme, ThemeSet};
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Every class syntect emits starts with this prefix, so highlighting can
/// never collide with the site's own classes.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Fence names that are spelled differently in the syntax definitions.
const ALIASES: &[(&str, &str)] = &[
    ("console", "bash"),
    ("shell-session", "bash"),
    ("shell", "bash"),
    ("zsh", "bash"),
    ("golang", "go"),
    ("jsonc", "json"),
    ("patch", "diff"),
    ("text", "txt"),
    ("plain", "txt"),
    ("plaintext", "txt"),
];

/// The syntax definitions (syntect's plus bat's extras, for TOML and more)
/// and the two colour themes.
pub struct Highlighter {
    syntaxes: SyntaxSet,
    light: Theme,
    dark: Theme,
}

impl Highlighter {
    pub fn new() -> Self {
        let mut themes = ThemeSet::load_defaults().themes;
        let mut take = |name: &str| {
            themes
                .remove(name)
                .expect("syntect bundles the themes named in highlight.rs")
        };
        Highlighter {
            syntaxes: two_face::syntax::extra_newlines(),
            light: take("InspiredGitHub"),
            dark: take("base16-ocean.dark"),
        }
    }

    fn syntax(&self, lang: &str) -> Option<&SyntaxReference> {
        let lang = lang.to_ascii_lowercase();
        let token = ALIASES
            .iter()
            .find(|(alias, _)| *alias == lang)
            .map_or(lang.as_str(), |(_, name)| name);
        self.syntaxes.find_syntax_by_token(token)
    }

    /// The inner HTML of a `<code>` element: `code` as classed spans, or
    /// `None` when no syntax is known by the name `lang`.
    pub fn highlight(&self, lang: &str, code: &str) -> Option<String> {
        let syntax = self.syntax(lang)?;
        let mut html =
            ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            html.parse_html_for_line_which_includes_newline(line)
                .expect("a syntax from the bundled set parses any text");
        }
        Some(html.finalize())
    }

    /// CSS for the highlighting classes: the light theme, and the dark one
    /// inside `prefers-color-scheme: dark`.
    pub fn css(&self) -> String {
        let css = |theme| {
            css_for_theme_with_class_style(theme, CLASS_STYLE)
                .expect("the bundled themes convert to CSS")
        };
        format!(
            "\n/* Highlighting: generated at build time from the syntax themes. */\n{}\n@media (prefers-color-scheme: dark) {{\n{}}}\n",
            css(&self.light),
            css(&self.dark)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_the_site_promises_is_known() {
        let h = Highlighter::new();
        for lang in [
            "python",
            "rust",
            "sh",
            "bash",
            "shell",
            "console",
            "toml",
            "json",
            "yaml",
            "diff",
            "c",
            "go",
            "javascript",
            "js",
            "Python",
        ] {
            assert!(h.syntax(lang).is_some(), "no syntax for {lang}");
        }
    }

    #[test]
    fn python_is_classed_not_styled() {
        let html = Highlighter::new()
            .highlight("python", "def f():\n    return 1\n")
            .unwrap();
        assert!(html.contains(r#"<span class="hl-keyword"#), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn markup_in_code_is_escaped() {
        let html = Highlighter::new()
            .highlight("rust", "let a = b < c && d > e;\n")
            .unwrap();
        assert!(
            html.contains("&lt;") && html.contains("&amp;&amp;"),
            "{html}"
        );
    }

    #[test]
    fn unknown_language_is_none() {
        assert!(Highlighter::new().highlight("klingon", "x").is_none());
    }

    #[test]
    fn css_has_both_schemes() {
        let css = Highlighter::new().css();
        assert!(css.contains(".hl-keyword"));
        assert!(css.contains("@media (prefers-color-scheme: dark)"));
    }
}
