//! The site's own fonts (`static/fonts/*.woff2`: Source Serif 4 and
//! JetBrains Mono, Latin and Latin Extended files) cut down to the
//! characters each one's face draws on the site's pages (`faces`), keeping
//! what makes them the same fonts: every variation table (`fvar`, `gvar`,
//! `HVAR`, `avar`, `STAT`: the weight and optical-size axes, whole) and the
//! layout tables (`GSUB`, `GPOS`, `GDEF`) for the features this site's text
//! can use (`font_features`). Each file keeps only the used characters it
//! already had, so the stylesheet's `unicode-range` for it stays true.
//! KaTeX's fonts are cut to the characters KaTeX set (`charset`).
//!
//! skera (fontations' port of HarfBuzz's hb-subset) cuts, with hb-subset's
//! layout closure: a ligature or alternate reachable through a kept feature
//! from a kept glyph is kept. woff (Google's reference woff2 library)
//! decodes and encodes. Pure: bytes in, bytes out; subsets made by an
//! earlier build come from the `Cache`.

use crate::assets::STYLESHEET;
use crate::cache::{Cache, Key};
use crate::font_features::layout_features;
use crate::Source;
use anyhow::{anyhow, bail, Context, Result};
use rayon::prelude::*;
use read_fonts::collections::IntSet;
use read_fonts::types::{NameId, Tag};
use read_fonts::FontRef;
use skera::{Plan, SubsetFlags, DEFAULT_DROP_TABLES};
use std::collections::{BTreeMap, BTreeSet};

/// Whether a static file is a font the site serves: woff2 under `fonts/`
/// or KaTeX's under `katex/fonts/`. Judged by content too, so that a stand-in (the renderer's
/// tests serve names for bytes) passes through; a real font that failed to
/// load would fail the browser tests.
pub fn is_site_font(path: &str, content: &[u8]) -> bool {
    (path.starts_with("fonts/") || path.starts_with("katex/fonts/"))
        && path.ends_with(".woff2")
        && content.starts_with(WOFF2_MAGIC)
}

const WOFF2_MAGIC: &[u8] = b"wOF2";

/// The characters fonts are cut to.
pub struct Chars {
    /// For each of the site's own fonts (`fonts/`), by path: what its face
    /// draws (`faces`). A font no `@font-face` names draws nothing.
    pub site: BTreeMap<String, BTreeSet<char>>,
    /// For KaTeX's (`katex/fonts/`): see `charset::katex`.
    pub math: BTreeSet<char>,
}

impl Chars {
    /// The characters the font at `path` keeps: what it draws, and for the
    /// site's own fonts `HINTING_REFERENCE` too.
    fn for_font(&self, path: &str) -> BTreeSet<char> {
        if path.starts_with("katex/") {
            self.math.clone()
        } else {
            let drawn = self.site.get(path).into_iter().flatten().copied();
            drawn.chain(HINTING_REFERENCE.chars()).collect()
        }
    }
}

/// The characters FreeType's autohinter measures a Latin font by: those of
/// its blue zones (capital and small heights, ascenders, descenders;
/// `afblue.dat`), among them the `o` whose stems set the standard width.
/// Chromium on Linux hints web fonts with it, so a subset without them is
/// drawn unlike the font it came from (an italic cut to the site's italic
/// text drew its capital I a pixel short). Every site font keeps those it
/// has.
const HINTING_REFERENCE: &str = "THEZOCQSLUfijkdbhuvxzoescnrpqgy";

/// `statics` with every font subset to its `chars`, keeping the layout
/// features the site's stylesheet needs of it (`font_features`). A subset
/// `cache` holds is taken from it; the others are cut in parallel; every
/// other file is passed through unchanged. `cache` is left holding exactly
/// this build's subsets.
pub fn site_fonts(
    statics: &[Source<Vec<u8>>],
    chars: &Chars,
    cache: &mut Cache,
) -> Result<Vec<Source<Vec<u8>>>> {
    let stylesheet = statics
        .iter()
        .find(|file| file.path == STYLESHEET)
        .map(|file| String::from_utf8_lossy(&file.content))
        .unwrap_or_default();
    let plans: Vec<Option<(Key, BTreeSet<Tag>)>> = statics
        .iter()
        .map(|file| {
            is_site_font(&file.path, &file.content).then(|| {
                let chars = chars.for_font(&file.path);
                let features = layout_features(&stylesheet, &file.path, &chars);
                let tags: Vec<u8> = features.iter().flat_map(|t| t.to_be_bytes()).collect();
                let chars_text: String = chars.iter().collect();
                let parts = [
                    file.path.as_bytes(),
                    &file.content,
                    chars_text.as_bytes(),
                    &tags,
                ];
                (cache.key_of(&parts), features)
            })
        })
        .collect();
    let found: Vec<Option<Vec<u8>>> = plans
        .iter()
        .map(|plan| plan.as_ref().and_then(|(key, _)| cache.take_font(key)))
        .collect();
    let misses = plans.iter().flatten().count() - found.iter().flatten().count();

    let files = statics
        .par_iter()
        .zip(&plans)
        .zip(found)
        .map(|((file, plan), found)| {
            let content = match (plan, found) {
                (None, _) => file.content.clone(),
                (Some(_), Some(cached)) => cached,
                (Some((_, features)), None) => {
                    subset(&file.content, &chars.for_font(&file.path), features)
                        .with_context(|| format!("static/{}", file.path))?
                }
            };
            Ok(Source {
                path: file.path.clone(),
                content,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let kept = plans
        .iter()
        .zip(&files)
        .filter_map(|(plan, file)| Some((plan.as_ref()?.0, file.content.clone())))
        .collect();
    cache.replace_fonts(kept, misses);
    Ok(files)
}

/// The font in `woff2` holding only the glyphs for `chars` and those the
/// layout `features` reach from them, as woff2.
pub fn subset(woff2: &[u8], chars: &BTreeSet<char>, features: &BTreeSet<Tag>) -> Result<Vec<u8>> {
    if !woff2.starts_with(WOFF2_MAGIC) {
        bail!("not a woff2 font");
    }
    let sfnt = woff2_call(|| woff::version2::decompress(woff2))
        .ok_or_else(|| anyhow!("cannot decode woff2"))?;
    let font = FontRef::new(&sfnt).map_err(|e| anyhow!("cannot read the font: {e}"))?;
    let mut scripts = IntSet::<Tag>::empty();
    scripts.invert();
    let plan = Plan::new(
        &IntSet::empty(),
        &chars.iter().map(|&c| u32::from(c)).collect(),
        &font,
        // .notdef keeps its box: a character no font on the machine has
        // shows as it did.
        SubsetFlags::SUBSET_FLAGS_NOTDEF_OUTLINE,
        &DEFAULT_DROP_TABLES.iter().copied().collect(),
        &scripts,
        &features.iter().copied().collect(),
        // Every standard name up to the licence's URL (copyright, family,
        // style, version, trademark, licence…): the OFL asks that the
        // notices travel with the font. The axes' and STAT's names are
        // added by the plan.
        &(0..=14).map(NameId::new).collect(),
        &[0x0409].into_iter().collect(),
    );
    let cut = skera::subset_font(&font, &plan).map_err(|e| anyhow!("cannot subset: {e}"))?;
    woff2_call(|| woff::version2::compress(&cut, "", WOFF2_QUALITY, true))
        .ok_or_else(|| anyhow!("cannot encode the subset as woff2"))
}

/// A call into woff, which reports failure as `None` in release builds but
/// asserts first in debug ones (build scripts of `cargo build` run with
/// debug assertions): either way a bad font is an error naming the file,
/// not a panic in the build.
fn woff2_call(call: impl FnOnce() -> Option<Vec<u8>>) -> Option<Vec<u8>> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(call))
        .ok()
        .flatten()
}

/// Brotli's best: the fonts are encoded once per build, served many times.
const WOFF2_QUALITY: usize = 11;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_woff2_under_fonts_or_katex_fonts_is_cut() {
        let font = include_bytes!("../../static/fonts/jetbrains-mono-latin-wght-normal.woff2");
        assert!(is_site_font(
            "fonts/jetbrains-mono-latin-wght-normal.woff2",
            font
        ));
        assert!(!is_site_font(
            "fonts/LICENSE-jetbrains-mono.txt",
            b"Copyright"
        ));
        assert!(!is_site_font("fonts/a.woff2", b"fonts/a.woff2"));
        assert!(is_site_font("katex/fonts/KaTeX_Main-Regular.woff2", font));
        assert!(!is_site_font("katex/katex.min.css", font));
    }

    #[test]
    fn katex_fonts_take_the_math_characters_the_others_their_face_s_and_the_hinting_reference() {
        let roman = "fonts/source-serif-4-latin-opsz-normal.woff2";
        let chars = Chars {
            site: BTreeMap::from([(roman.to_string(), BTreeSet::from(['a']))]),
            math: BTreeSet::from(['∫']),
        };
        assert_eq!(
            chars.for_font("katex/fonts/KaTeX_Main-Regular.woff2"),
            chars.math
        );
        let reference: BTreeSet<char> = HINTING_REFERENCE.chars().collect();
        let mut roman_chars = reference.clone();
        roman_chars.insert('a');
        assert_eq!(chars.for_font(roman), roman_chars);
        assert_eq!(chars.for_font("fonts/unnamed.woff2"), reference);
    }

    #[test]
    fn a_file_that_is_not_woff2_is_an_error() {
        let error = subset(b"\0\x01\0\0 a ttf", &BTreeSet::new(), &BTreeSet::new()).unwrap_err();
        assert_eq!(error.to_string(), "not a woff2 font");
    }

    #[test]
    fn a_truncated_woff2_is_an_error() {
        let font = include_bytes!("../../static/fonts/jetbrains-mono-latin-wght-normal.woff2");
        let half = &font[..font.len() / 2];
        let error = subset(half, &BTreeSet::new(), &BTreeSet::new()).unwrap_err();
        assert_eq!(error.to_string(), "cannot decode woff2");
    }
}
