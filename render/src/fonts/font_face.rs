//! The `@font-face` rules of a stylesheet, read once into one model: each
//! face's family, slant, weight range, `unicode-range` and the files its
//! `src` names. `faces` (which face draws which text), `font_features`
//! (which family a file belongs to) and `preload` (which files a page
//! fetches first) all read faces through it. It reads declarations
//! (`stylesheet::Block`), not pages: which element a face sets is the
//! cascade's business (`cascade`).

use crate::css::stylesheet::{unquote, Block};
use std::ops::{Index, IndexMut, RangeInclusive};

/// A face's slant: upright or italic. CSS's `oblique` is drawn with the
/// italic (a browser slants the roman only where no italic exists).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Slant {
    Roman,
    Italic,
}

impl Slant {
    pub const ALL: [Slant; 2] = [Slant::Roman, Slant::Italic];

    /// The slant a `font-style` keyword (or a word of `font`) asks for:
    /// italic for `italic` and `oblique …`, roman for anything else.
    pub fn of(keyword: &str) -> Slant {
        let keyword = keyword.trim().to_ascii_lowercase();
        match keyword == "italic" || keyword.starts_with("oblique") {
            true => Slant::Italic,
            false => Slant::Roman,
        }
    }

    /// The other slant.
    pub fn other(self) -> Slant {
        match self {
            Slant::Roman => Slant::Italic,
            Slant::Italic => Slant::Roman,
        }
    }
}

/// One value for each slant.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BySlant<T> {
    pub roman: T,
    pub italic: T,
}

impl<T> Index<Slant> for BySlant<T> {
    type Output = T;
    fn index(&self, slant: Slant) -> &T {
        match slant {
            Slant::Roman => &self.roman,
            Slant::Italic => &self.italic,
        }
    }
}

impl<T> IndexMut<Slant> for BySlant<T> {
    fn index_mut(&mut self, slant: Slant) -> &mut T {
        match slant {
            Slant::Roman => &mut self.roman,
            Slant::Italic => &mut self.italic,
        }
    }
}

impl BySlant<bool> {
    /// The slants set to true.
    pub fn slants(self) -> impl Iterator<Item = Slant> {
        Slant::ALL.into_iter().filter(move |&slant| self[slant])
    }

    /// Both slants' flags, or-ed.
    pub fn or(self, other: BySlant<bool>) -> BySlant<bool> {
        BySlant {
            roman: self.roman || other.roman,
            italic: self.italic || other.italic,
        }
    }
}

/// One `@font-face` rule.
#[derive(Clone, Debug, PartialEq)]
pub struct FontFace {
    /// `font-family`, unquoted.
    pub family: String,
    pub slant: Slant,
    /// `font-weight`: the weights it draws (one for a static font, a range
    /// for a variable one); 400 when it says none.
    pub weights: RangeInclusive<u16>,
    /// `unicode-range`: the characters it draws; all when it says none.
    pub unicode_range: Vec<RangeInclusive<u32>>,
    /// Each `src` value, as written (`url(…) format(…)`, `local(…)`).
    pub sources: Vec<String>,
}

impl FontFace {
    /// Every `@font-face` of `blocks` that names a family, in order.
    pub fn all(blocks: &[Block]) -> impl Iterator<Item = FontFace> + '_ {
        blocks
            .iter()
            .filter(|b| b.is_font_face())
            .filter_map(FontFace::read)
    }

    fn read(block: &Block) -> Option<FontFace> {
        let family = block.get("font-family").next().map(unquote)?;
        let slant = match block
            .get("font-style")
            .any(|k| Slant::of(k) == Slant::Italic)
        {
            true => Slant::Italic,
            false => Slant::Roman,
        };
        Some(FontFace {
            family,
            slant,
            weights: block.get("font-weight").last().map_or(400..=400, weights),
            unicode_range: block
                .get("unicode-range")
                .last()
                .map_or(vec![0..=0x10FFFF], unicode_range),
            sources: block.get("src").map(str::to_string).collect(),
        })
    }

    /// Whether its `src` names the file `path` (a path under `static/`).
    pub fn names(&self, path: &str) -> bool {
        self.sources.iter().any(|src| src.contains(path))
    }

    /// The URLs of its `src` (`url(…)`, unquoted; not `local(…)` fonts).
    pub fn urls(&self) -> impl Iterator<Item = &str> {
        self.sources
            .iter()
            .flat_map(|src| src.split("url(").skip(1))
            .filter_map(|url| url.split(')').next())
            .map(|url| url.trim().trim_matches(['"', '\'']))
    }

    /// Whether it draws `c` at the normal weight.
    pub fn draws_normal(&self, c: char) -> bool {
        self.weights.contains(&400) && self.unicode_range.iter().any(|r| r.contains(&(c as u32)))
    }
}

/// A `font-weight` value: `normal`, `bold`, a number, or two numbers.
fn weights(value: &str) -> RangeInclusive<u16> {
    let weight = |word: &str| match word.to_ascii_lowercase().as_str() {
        "bold" => Some(700),
        "normal" => Some(400),
        number => number.parse::<f32>().ok().map(|w| w as u16),
    };
    let mut words = value.split_whitespace().filter_map(weight);
    let low = words.next().unwrap_or(400);
    low..=words.next().unwrap_or(low)
}

/// A `unicode-range` value: `U+0041`, `U+0000-00FF`, `U+4??`, comma
/// separated; an item it cannot read is left out.
fn unicode_range(value: &str) -> Vec<RangeInclusive<u32>> {
    let hex = |h: &str| u32::from_str_radix(h, 16).ok();
    value
        .split(',')
        .filter_map(|item| {
            let item = item.trim();
            let item = item.strip_prefix("U+").or(item.strip_prefix("u+"))?;
            match item.split_once('-') {
                Some((low, high)) => Some(hex(low)?..=hex(high)?),
                None if item.contains('?') => {
                    Some(hex(&item.replace('?', "0"))?..=hex(&item.replace('?', "F"))?)
                }
                None => hex(item).map(|c| c..=c),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::css::stylesheet::blocks;

    #[test]
    fn a_font_face_is_read_whole() {
        let css = r#"
            @font-face { font-family: "Serif"; font-style: italic; font-weight: 200 900;
                         src: url("/static/fonts/s.woff2") format("woff2");
                         unicode-range: U+0000-00FF, U+0131, U+4?? }
            @font-face { font-family: Mono; src: local("Menlo"), url(m.woff2) }
            @font-face { src: url(nameless.woff2) }
        "#;
        let faces: Vec<FontFace> = FontFace::all(&blocks(css)).collect();
        assert_eq!(faces.len(), 2, "a face without a family is none");
        let serif = &faces[0];
        assert_eq!(
            (serif.family.as_str(), serif.slant, serif.weights.clone()),
            ("Serif", Slant::Italic, 200..=900)
        );
        assert_eq!(
            serif.unicode_range,
            [0..=0xFF, 0x131..=0x131, 0x400..=0x4FF]
        );
        assert!(serif.names("fonts/s.woff2") && !serif.names("fonts/m.woff2"));
        assert_eq!(serif.urls().collect::<Vec<_>>(), ["/static/fonts/s.woff2"]);
        let mono = &faces[1];
        assert_eq!(
            (mono.slant, mono.weights.clone()),
            (Slant::Roman, 400..=400)
        );
        assert!(mono.draws_normal('中'), "no unicode-range: every character");
        assert_eq!(mono.urls().collect::<Vec<_>>(), ["m.woff2"]);
    }

    #[test]
    fn oblique_is_drawn_with_the_italic() {
        assert_eq!(Slant::of("oblique 8deg"), Slant::Italic);
        assert_eq!(Slant::of(" Italic"), Slant::Italic);
        assert_eq!(Slant::of("normal"), Slant::Roman);
    }

    #[test]
    fn a_face_draws_normal_text_only_in_its_weights_and_range() {
        let css = "@font-face { font-family: K; font-weight: bold; unicode-range: U+61 }\n\
                   @font-face { font-family: K; font-weight: 400; unicode-range: U+61 }";
        let faces: Vec<FontFace> = FontFace::all(&blocks(css)).collect();
        assert!(!faces[0].draws_normal('a'));
        assert!(faces[1].draws_normal('a') && !faces[1].draws_normal('b'));
    }
}
