//! Which OpenType layout features a subset of one of the site's font files
//! keeps, read from the site's stylesheet: those HarfBuzz (Chromium's
//! shaper) applies to horizontal text by default, plus those the stylesheet
//! turns on, less the ligatures where it turns them off for every use of
//! the file's family. Glyphs reachable only through a dropped feature are
//! dropped with it, so this decides much of a subset's size: JetBrains
//! Mono's code ligatures (`calt`) are two thirds of its Latin glyphs, and
//! the stylesheet never lets them show.
//!
//! The stylesheet is read as blocks of declarations (`stylesheet`), with
//! `var(--name)` followed one step to a custom property's value. Whenever it
//! is unsure, it keeps a feature: a glyph too many costs bytes, a glyph too
//! few changes the text.

use crate::css::stylesheet::{blocks, in_family_list, with_vars, Block};
use crate::fonts::font_face::FontFace;
use read_fonts::types::Tag;
use skera::DEFAULT_LAYOUT_FEATURES;
use std::collections::BTreeSet;

/// The features to keep in the font file `font` (its path under `static/`)
/// for a site that uses `chars` and is styled by `stylesheet`.
pub fn layout_features(stylesheet: &str, font: &str, chars: &BTreeSet<char>) -> BTreeSet<Tag> {
    let blocks = blocks(stylesheet);
    let fractions = chars.contains(&'\u{2044}') || chars.contains(&'\u{2215}');
    let ligatures_off = family_of(&blocks, font).is_some_and(|f| ligatures_off(&blocks, &f));
    DEFAULT_LAYOUT_FEATURES
        .iter()
        .copied()
        .filter(|tag| fractions || !FRACTIONS.contains(tag))
        .filter(|tag| !(ligatures_off && LIGATURES.contains(tag)))
        .chain(turned_on(&blocks))
        .collect()
}

/// HarfBuzz applies these only around a fraction or division slash.
const FRACTIONS: [Tag; 3] = [Tag::new(b"frac"), Tag::new(b"numr"), Tag::new(b"dnom")];

/// What `font-variant-ligatures: none` turns off (CSS Fonts 4, 6.4).
const LIGATURES: [Tag; 5] = [
    Tag::new(b"liga"),
    Tag::new(b"clig"),
    Tag::new(b"dlig"),
    Tag::new(b"hlig"),
    Tag::new(b"calt"),
];

/// What the `font-variant-*` keywords (and the `font` shorthand's) turn on,
/// after CSS Fonts 4's table of them.
const KEYWORDS: &[(&str, &[&[u8; 4]])] = &[
    ("lining-nums", &[b"lnum"]),
    ("oldstyle-nums", &[b"onum"]),
    ("proportional-nums", &[b"pnum"]),
    ("tabular-nums", &[b"tnum"]),
    ("diagonal-fractions", &[b"frac"]),
    ("stacked-fractions", &[b"afrc"]),
    ("ordinal", &[b"ordn"]),
    ("slashed-zero", &[b"zero"]),
    ("small-caps", &[b"smcp"]),
    ("all-small-caps", &[b"smcp", b"c2sc"]),
    ("petite-caps", &[b"pcap"]),
    ("all-petite-caps", &[b"pcap", b"c2pc"]),
    ("unicase", &[b"unic"]),
    ("titling-caps", &[b"titl"]),
    ("discretionary-ligatures", &[b"dlig"]),
    ("historical-ligatures", &[b"hlig"]),
    ("historical-forms", &[b"hist"]),
    ("super", &[b"sups"]),
    ("sub", &[b"subs"]),
];

/// The family of the `@font-face` whose `src` names `font`.
fn family_of(blocks: &[Block], font: &str) -> Option<String> {
    FontFace::all(blocks)
        .find(|face| face.names(font))
        .map(|face| face.family)
}

/// Whether every block that sets `family` (in `font-family`, the `font`
/// shorthand or a custom property used there) also turns ligatures off, and
/// no block turns them back on (nor resets them with the `font` shorthand).
fn ligatures_off(blocks: &[Block], family: &str) -> bool {
    let turns_off = |b: &Block| {
        b.get("font-variant-ligatures")
            .chain(b.get("font-variant"))
            .any(|v| v.eq_ignore_ascii_case("none"))
    };
    let turns_on = |b: &Block| {
        b.get("font-variant-ligatures")
            .chain(b.get("font-variant"))
            .any(|v| !v.eq_ignore_ascii_case("none"))
            || (b.get("font").next().is_some() && !turns_off(b))
    };
    if blocks.iter().any(turns_on) {
        return false;
    }
    let names_family = |value: &str| {
        with_vars(blocks, value)
            .into_iter()
            .any(|v| in_family_list(v, family))
    };
    let users: Vec<&Block> = blocks
        .iter()
        .filter(|b| !b.is_font_face())
        .filter(|b| b.get("font-family").chain(b.get("font")).any(names_family))
        .collect();
    !users.is_empty() && users.into_iter().all(turns_off)
}

/// The features the stylesheet turns on anywhere: `font-variant-*` and
/// `font` keywords, and the tags `font-feature-settings` names. Any mention
/// counts (a feature turned off, or on for one element, is still kept).
fn turned_on(blocks: &[Block]) -> BTreeSet<Tag> {
    let mut tags = BTreeSet::new();
    for (property, value) in blocks.iter().flat_map(|b| &b.declarations) {
        if property == "font-feature-settings" {
            let quoted = value.split(['"', '\'']).skip(1).step_by(2);
            tags.extend(quoted.filter_map(|tag| Tag::new_checked(tag.as_bytes()).ok()));
        } else if property == "font" || property.starts_with("font-variant") {
            let words = value.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'));
            for word in words.map(str::to_ascii_lowercase) {
                if let Some((_, features)) = KEYWORDS.iter().find(|(k, _)| *k == word) {
                    tags.extend(features.iter().map(|tag| Tag::new(tag)));
                }
            }
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE_CSS: &str = include_str!("../../../static/style.css");

    fn tags(names: &[&str]) -> BTreeSet<Tag> {
        names
            .iter()
            .map(|n| Tag::new_checked(n.as_bytes()).unwrap())
            .collect()
    }

    fn ascii() -> BTreeSet<char> {
        (' '..='~').collect()
    }

    /// `layout_features` less HarfBuzz's defaults: what the stylesheet adds.
    fn added(css: &str) -> BTreeSet<Tag> {
        let all = layout_features(css, "fonts/x.woff2", &ascii());
        let defaults = layout_features("", "fonts/x.woff2", &ascii());
        all.difference(&defaults).copied().collect()
    }

    #[test]
    fn the_site_stylesheet_asks_for_lining_tabular_figures() {
        assert_eq!(added(SITE_CSS), tags(&["lnum", "tnum"]));
    }

    #[test]
    fn the_site_sets_code_without_ligatures_and_prose_with() {
        let serif = "fonts/source-serif-4-latin-opsz-normal.woff2";
        let mono = "fonts/jetbrains-mono-latin-wght-normal.woff2";
        let (serif, mono) = (
            layout_features(SITE_CSS, serif, &ascii()),
            layout_features(SITE_CSS, mono, &ascii()),
        );
        assert!(serif.contains(&Tag::new(b"liga")) && serif.contains(&Tag::new(b"kern")));
        assert!(LIGATURES.iter().all(|l| !mono.contains(l)), "{mono:?}");
        assert!(mono.contains(&Tag::new(b"kern")) && mono.contains(&Tag::new(b"ccmp")));
    }

    #[test]
    fn font_variant_keywords_and_the_font_shorthand() {
        let css = "h1 { font-variant-caps: all-small-caps }\n\
                   p{font:italic small-caps 330 1rem/1.6 serif;font-variant-numeric:oldstyle-nums slashed-zero}";
        assert_eq!(added(css), tags(&["c2sc", "onum", "smcp", "zero"]));
    }

    #[test]
    fn font_feature_settings_names_its_tags() {
        let css = r#"code { font-feature-settings: "ss01" 1, 'cv11', "liga" 0; }"#;
        assert_eq!(added(css), tags(&["cv11", "ss01"]), "liga is a default");
    }

    #[test]
    fn other_properties_ask_for_nothing() {
        let css =
            "sup { vertical-align: super; } .a { content: \"font-variant-numeric: ordinal\" }";
        assert_eq!(added(css), BTreeSet::new());
    }

    #[test]
    fn automatic_fractions_only_with_a_fraction_slash() {
        let features = layout_features("", "fonts/x.woff2", &ascii());
        assert!(FRACTIONS.iter().all(|f| !features.contains(f)));
        let mut with_slash = ascii();
        with_slash.insert('\u{2044}');
        let features = layout_features("", "fonts/x.woff2", &with_slash);
        assert!(FRACTIONS.iter().all(|f| features.contains(f)));
    }

    const FACE: &str =
        "@font-face { font-family: \"Mono\"; src: url(\"/static/fonts/m.woff2\") }\n\
                        :root { --code: \"Mono\", \"Mono Fallback\", monospace; }\n";

    fn keeps_ligatures(css: &str) -> bool {
        layout_features(&format!("{FACE}{css}"), "fonts/m.woff2", &ascii())
            .contains(&Tag::new(b"calt"))
    }

    #[test]
    fn ligatures_go_only_when_every_use_of_the_family_turns_them_off() {
        assert!(!keeps_ligatures(
            "pre, code { font-family: var(--code); font-variant-ligatures: none }"
        ));
        assert!(!keeps_ligatures(
            "@media print { kbd { font: 1em/1 \"Mono\", monospace; font-variant: none } }"
        ));
        assert!(keeps_ligatures(
            "pre { font-family: var(--code); font-variant-ligatures: none }\n\
             .date { font-family: \"Mono\" }"
        ));
        assert!(keeps_ligatures(
            "pre { font-family: var(--code); font-variant-ligatures: none }\n\
             .k { font-variant-ligatures: contextual }"
        ));
        assert!(keeps_ligatures(""), "a family nothing sets");
        assert!(
            keeps_ligatures(
                "pre { font-family: var(--code); font-variant-ligatures: none }\n\
                 pre b { font: bold 1em serif }"
            ),
            "the font shorthand resets ligatures to normal"
        );
        assert!(
            keeps_ligatures("pre { font-family: \"Mono Fallback\"; font-variant-ligatures: none }"),
            "another family whose name starts the same"
        );
    }
}
