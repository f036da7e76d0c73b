//! Syntax highlighting with syntect, as CSS classes rather than inline
//! styles, and the stylesheet that colours those classes (light and dark),
//! generated here from the site's own two palettes so the two never drift
//! apart. A block is highlighted whole, or line by line with each line's
//! HTML well formed (a span syntect opens on one line and closes on a later
//! one, as in a multi-line comment, is closed at the line's end and opened
//! again on the next), so each line can be an element of its own.

use syntect::highlighting::{
    Color, ScopeSelectors, StyleModifier, Theme, ThemeItem, ThemeSettings,
};
use syntect::html::{css_for_theme_with_class_style, line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
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

/// What a token is, as far as colour goes: few roles, so code stays calm.
#[derive(Clone, Copy)]
enum Role {
    Plain,
    Comment,
    String,
    Constant,
    Keyword,
    Function,
    Type,
    Meta,
}

/// TextMate scope selectors and the role each one gets. A more specific
/// selector wins (`keyword.operator` over `keyword`), in syntect and in the
/// generated CSS alike.
const SCOPES: &[(&str, Role)] = &[
    ("comment, punctuation.definition.comment", Role::Comment),
    ("string, markup.inserted", Role::String),
    (
        "constant, string constant.character.escape, markup.deleted",
        Role::Constant,
    ),
    ("keyword, storage, markup.heading", Role::Keyword),
    ("keyword.operator", Role::Plain),
    (
        "entity.name.function, support.function, variable.function",
        Role::Function,
    ),
    (
        "entity.name.type, entity.name.class, entity.other.inherited-class, \
         support.type, support.class, storage.type.numeric, storage.type.primitive",
        Role::Type,
    ),
    (
        "meta.decorator, entity.name.function.decorator, support.macro, entity.name.macro, \
         meta.annotation, meta.attribute, entity.name.tag, entity.other.attribute-name",
        Role::Meta,
    ),
];

/// One scheme's colours (`#rrggbb`): quiet blues, teal, green, violet and
/// olive on the page's warm-gray code background, kept out of the accent
/// red. The tests below hold every colour to WCAG AA on the background and
/// to a hue well away from the accent.
struct Palette {
    background: &'static str,
    plain: &'static str,
    comment: &'static str,
    string: &'static str,
    constant: &'static str,
    keyword: &'static str,
    function: &'static str,
    kind: &'static str,
    meta: &'static str,
}

const LIGHT: Palette = Palette {
    background: "#f0ece6",
    plain: "#1e1b18",
    comment: "#635c54",
    string: "#3a6326",
    constant: "#6a3d8f",
    keyword: "#3b4a9c",
    function: "#1d6070",
    kind: "#2b5b8c",
    meta: "#575c10",
};

const DARK: Palette = Palette {
    background: "#24211e",
    plain: "#e7e2da",
    comment: "#9d958a",
    string: "#a9cd8e",
    constant: "#cfa8e8",
    keyword: "#a3b1f0",
    function: "#79c6cc",
    kind: "#8fbfe9",
    meta: "#c8c77a",
};

impl Palette {
    fn colour(&self, role: Role) -> Color {
        let hex = match role {
            Role::Plain => self.plain,
            Role::Comment => self.comment,
            Role::String => self.string,
            Role::Constant => self.constant,
            Role::Keyword => self.keyword,
            Role::Function => self.function,
            Role::Type => self.kind,
            Role::Meta => self.meta,
        };
        parse_hex(hex).expect("palette colours are #rrggbb")
    }

    fn theme(&self) -> Theme {
        Theme {
            settings: ThemeSettings {
                foreground: Some(self.colour(Role::Plain)),
                background: Some(parse_hex(self.background).expect("palette colours are #rrggbb")),
                ..ThemeSettings::default()
            },
            scopes: SCOPES
                .iter()
                .map(|(selectors, role)| ThemeItem {
                    scope: selectors
                        .parse::<ScopeSelectors>()
                        .expect("the selectors in SCOPES are valid"),
                    style: StyleModifier {
                        foreground: Some(self.colour(*role)),
                        ..StyleModifier::default()
                    },
                })
                .collect(),
            ..Theme::default()
        }
    }
}

/// `#rrggbb` → an opaque colour.
fn parse_hex(value: &str) -> Option<Color> {
    let digits = value.strip_prefix('#').filter(|d| d.len() == 6)?;
    let byte = |i: usize| u8::from_str_radix(digits.get(i..i + 2)?, 16).ok();
    Some(Color {
        r: byte(0)?,
        g: byte(2)?,
        b: byte(4)?,
        a: 0xff,
    })
}

/// The opening tags of the spans still open after `html`, given those
/// `open` before it, outermost first. Text in syntect's HTML is escaped,
/// so every `<` starts a tag, and its only tags are `<span class="…">` and
/// `</span>`.
fn open_after(mut open: Vec<String>, html: &str) -> Vec<String> {
    for (start, _) in html.match_indices('<') {
        let tag = &html[start..];
        if tag.starts_with("</") {
            open.pop();
        } else {
            let end = tag.find('>').expect("syntect closes every tag it writes");
            open.push(tag[..=end].to_string());
        }
    }
    open
}

/// The syntax definitions (syntect's plus bat's extras, for TOML and more)
/// and the two colour themes.
pub struct Highlighter {
    syntaxes: SyntaxSet,
    light: Theme,
    dark: Theme,
}

impl Highlighter {
    pub fn new() -> Self {
        Highlighter {
            syntaxes: two_face::syntax::extra_newlines(),
            light: LIGHT.theme(),
            dark: DARK.theme(),
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
        let lines = self.spans_by_line(lang, LinesWithEndings::from(code))?;
        let open = lines
            .iter()
            .fold(Vec::new(), |open, line| open_after(open, line));
        Some(lines.concat() + &"</span>".repeat(open.len()))
    }

    /// Each of `lines` (each with its line end, as syntect reads them) as
    /// classed spans, whole: every span it opens closes on it. The line end
    /// is left out, for the caller to place. `None` when no syntax is known
    /// by the name `lang`.
    pub fn highlight_lines<'l>(
        &self,
        lang: &str,
        lines: impl IntoIterator<Item = &'l str>,
    ) -> Option<Vec<String>> {
        let lines = self.spans_by_line(lang, lines)?;
        let mut open = Vec::new();
        Some(
            lines
                .iter()
                .map(|line| {
                    let mut html = open.concat() + line.as_str();
                    open = open_after(std::mem::take(&mut open), line);
                    if let Some(end) = html.rfind('\n') {
                        html.remove(end);
                    }
                    html + &"</span>".repeat(open.len())
                })
                .collect(),
        )
    }

    /// syntect's classed HTML for each of `lines`, as its own generator
    /// writes it: a span may open on one line and close on a later one.
    fn spans_by_line<'l>(
        &self,
        lang: &str,
        lines: impl IntoIterator<Item = &'l str>,
    ) -> Option<Vec<String>> {
        let mut state = ParseState::new(self.syntax(lang)?);
        let mut scopes = ScopeStack::new();
        let html = lines
            .into_iter()
            .map(|line| {
                let ops = state
                    .parse_line(line, &self.syntaxes)
                    .expect("a syntax from the bundled set parses any text");
                line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, &mut scopes)
                    .expect("the scopes syntect pushes are the ones it pops")
                    .0
            })
            .collect();
        Some(html)
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

    /// Samples whose spans cross line ends: a block comment, a docstring.
    const ACROSS_LINES: &[(&str, &str)] = &[
        (
            "rust",
            "/* a comment\n   over <three> lines */\nfn f() -> u8 { 1 }\n",
        ),
        (
            "python",
            "def f():\n    \"\"\"A docstring\n    & more.\"\"\"\n    return 1\n",
        ),
    ];

    #[test]
    fn a_whole_block_is_exactly_what_syntect_s_own_generator_writes() {
        let h = Highlighter::new();
        for (lang, code) in ACROSS_LINES {
            let syntax = h.syntax(lang).unwrap();
            let mut generator = syntect::html::ClassedHTMLGenerator::new_with_class_style(
                syntax,
                &h.syntaxes,
                CLASS_STYLE,
            );
            for line in LinesWithEndings::from(code) {
                generator
                    .parse_html_for_line_which_includes_newline(line)
                    .unwrap();
            }
            assert_eq!(h.highlight(lang, code).unwrap(), generator.finalize());
        }
    }

    #[test]
    fn each_line_closes_the_spans_it_opens_and_reopens_those_still_open() {
        let h = Highlighter::new();
        for (lang, code) in ACROSS_LINES {
            let lines = h
                .highlight_lines(lang, LinesWithEndings::from(code))
                .unwrap();
            assert_eq!(lines.len(), code.lines().count());
            for (html, text) in lines.iter().zip(code.lines()) {
                // Tags balance, and never close what they did not open.
                let mut depth = 0_i32;
                for (start, _) in html.match_indices('<') {
                    depth += if html[start..].starts_with("</") {
                        -1
                    } else {
                        1
                    };
                    assert!(depth >= 0, "{lang}: {html}");
                }
                assert_eq!(depth, 0, "{lang}: {html}");
                let fragment = scraper::Html::parse_fragment(html);
                let read: String = fragment.root_element().text().collect();
                assert_eq!(read, text, "{lang}: the line's text, without its end");
            }
        }
        // The comment's second line is still a comment.
        let rust = h
            .highlight_lines("rust", LinesWithEndings::from(ACROSS_LINES[0].1))
            .unwrap();
        assert!(rust[1].contains("hl-comment"), "{}", rust[1]);
        assert!(!rust[2].contains("hl-comment"), "{}", rust[2]);
    }

    #[test]
    fn unknown_language_is_none() {
        assert!(Highlighter::new().highlight("klingon", "x").is_none());
    }

    /// The site's stylesheet, where the page colours live.
    const SITE_CSS: &str = include_str!("../../../static/style.css");

    /// Every value given to the custom property `name` in the site's
    /// stylesheet, in order: the light scheme's first, then the dark one's.
    fn css_colours(name: &str) -> Vec<Color> {
        SITE_CSS
            .split(&format!("{name}:"))
            .skip(1)
            .map(|rest| {
                let value = rest.split([';', '}']).next().unwrap().trim();
                parse_hex(value).unwrap_or_else(|| panic!("{name}: {value} is not #rrggbb"))
            })
            .collect()
    }

    /// WCAG 2 relative luminance.
    fn luminance(c: Color) -> f64 {
        let channel = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
    }

    fn contrast(a: Color, b: Color) -> f64 {
        let (hi, lo) = {
            let (x, y) = (luminance(a), luminance(b));
            (x.max(y), x.min(y))
        };
        (hi + 0.05) / (lo + 0.05)
    }

    /// Hue in degrees and HSL saturation.
    fn hue_saturation(c: Color) -> (f64, f64) {
        let [r, g, b] = [c.r, c.g, c.b].map(|v| f64::from(v) / 255.0);
        let (max, min) = (r.max(g).max(b), r.min(g).min(b));
        let delta = max - min;
        if delta == 0.0 {
            return (0.0, 0.0);
        }
        let lightness = (max + min) / 2.0;
        let saturation = delta / (1.0 - (2.0 * lightness - 1.0).abs());
        let sector = if max == r {
            ((g - b) / delta).rem_euclid(6.0)
        } else if max == g {
            (b - r) / delta + 2.0
        } else {
            (r - g) / delta + 4.0
        };
        (sector * 60.0, saturation)
    }

    fn foregrounds(theme: &Theme) -> Vec<(String, Color)> {
        let global = theme.settings.foreground.map(|c| ("foreground".into(), c));
        global
            .into_iter()
            .chain(
                SCOPES
                    .iter()
                    .zip(&theme.scopes)
                    .filter_map(|((selectors, _), item)| {
                        item.style.foreground.map(|c| (selectors.to_string(), c))
                    }),
            )
            .collect()
    }

    fn schemes() -> [(&'static str, Theme); 2] {
        let h = Highlighter::new();
        [("light", h.light), ("dark", h.dark)]
    }

    #[test]
    fn theme_background_is_the_pages_code_background() {
        let code_bg = css_colours("--code-bg");
        assert_eq!(
            code_bg.len(),
            2,
            "style.css sets --code-bg for light and dark"
        );
        for (i, (scheme, theme)) in schemes().into_iter().enumerate() {
            assert_eq!(theme.settings.background, Some(code_bg[i]), "{scheme}");
        }
    }

    #[test]
    fn every_code_colour_meets_wcag_aa_on_the_code_background() {
        for (scheme, theme) in schemes() {
            let bg = theme
                .settings
                .background
                .expect("each theme sets its background");
            for (scope, fg) in foregrounds(&theme) {
                let ratio = contrast(fg, bg);
                assert!(ratio >= 4.5, "{scheme} {scope}: contrast {ratio:.2} < 4.5");
            }
        }
    }

    #[test]
    fn code_and_line_numbers_meet_wcag_aa_on_highlighted_and_diff_lines() {
        for tint in ["--code-marked", "--code-added", "--code-removed"] {
            let backgrounds = css_colours(tint);
            assert_eq!(
                backgrounds.len(),
                2,
                "style.css sets {tint} for light and dark"
            );
            for (i, (scheme, theme)) in schemes().into_iter().enumerate() {
                for (scope, fg) in foregrounds(&theme) {
                    let ratio = contrast(fg, backgrounds[i]);
                    assert!(ratio >= 4.5, "{scheme} {scope} on {tint}: {ratio:.2} < 4.5");
                }
            }
        }
        // Line numbers are muted text on the code background.
        let (muted, code_bg) = (css_colours("--muted"), css_colours("--code-bg"));
        for i in 0..2 {
            let ratio = contrast(muted[i], code_bg[i]);
            assert!(ratio >= 4.5, "line numbers, scheme {i}: {ratio:.2} < 4.5");
        }
    }

    #[test]
    fn code_colours_stay_out_of_the_accent_red() {
        let accents = css_colours("--accent");
        assert_eq!(
            accents.len(),
            2,
            "style.css sets --accent for light and dark"
        );
        for (i, (scheme, theme)) in schemes().into_iter().enumerate() {
            let (accent_hue, _) = hue_saturation(accents[i]);
            for (scope, fg) in foregrounds(&theme) {
                let (hue, saturation) = hue_saturation(fg);
                let distance = (hue - accent_hue)
                    .abs()
                    .min(360.0 - (hue - accent_hue).abs());
                assert!(
                    saturation < 0.25 || distance >= 45.0,
                    "{scheme} {scope}: hue {hue:.0}° is within 45° of the accent's {accent_hue:.0}°"
                );
            }
        }
    }

    #[test]
    fn css_has_both_schemes() {
        let css = Highlighter::new().css();
        assert!(css.contains(".hl-keyword"));
        assert!(css.contains("@media (prefers-color-scheme: dark)"));
    }
}
