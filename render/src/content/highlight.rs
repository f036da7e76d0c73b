//! Syntax highlighting with syntect, as CSS classes rather than inline
//! styles, and the stylesheet that colours those classes (light and dark),
//! generated here from the site's own two palettes so the two never drift
//! apart.

use syntect::highlighting::{
    Color, ScopeSelectors, StyleModifier, Theme, ThemeItem, ThemeSettings,
};
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
