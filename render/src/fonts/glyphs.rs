//! The glyphs a font file needs to draw its face's words: each word cut
//! into the runs of characters the file maps (a browser draws the word's
//! other characters with the face's other files), shaped with HarfRust
//! (HarfBuzz ported to Rust; Chromium shapes with HarfBuzz) with the layout
//! features the site keeps for the file: once as most text is set, once
//! with the features the stylesheet turns on for some elements too. A
//! subset keeps these glyphs rather than all its layout closure reaches,
//! so it holds the ligatures its text forms (fi), not every one its
//! letters could (ffj, fk).
//!
//! A word the browser breaks differently (across a line, or a ligature
//! spanning two elements) can only lose a ligature: the subset drops the
//! rules whose glyphs it lacks, and the letters are there.

use crate::settings::LANGUAGE;
use anyhow::{anyhow, Result};
use harfrust::{shape, Buffer, Direction, Feature, Font, Language, ShapeOptions, ShaperFont};
use read_fonts::collections::IntSet;
use read_fonts::types::{GlyphId, Tag};
use read_fonts::{FontRef, TableProvider};
use skera::DEFAULT_LAYOUT_FEATURES;
use std::collections::BTreeSet;

/// Whether `sfnt`'s substitutions depend on where in its design space it
/// is drawn (`GSUB` feature variations). Shaping at one position cannot
/// tell which glyphs such a font needs, so it keeps its layout closure.
pub fn varies(sfnt: &[u8]) -> bool {
    FontRef::new(sfnt)
        .ok()
        .and_then(|font| font.gsub().ok())
        .is_some_and(|gsub| gsub.feature_variations().is_some())
}

/// The glyphs shaping `words` with `sfnt` gives, with the layout
/// `features` the subset keeps.
pub fn shaped(
    sfnt: &[u8],
    words: &BTreeSet<String>,
    features: &BTreeSet<Tag>,
) -> Result<IntSet<GlyphId>> {
    let font = Font::new(sfnt.to_vec(), 0).ok_or_else(|| anyhow!("cannot read the font"))?;
    let shaper = ShaperFont::new(&font);
    let mapped = |c: char| shaper.nominal_glyph(u32::from(c)).is_some();
    let language = Language::new(LANGUAGE).expect("a valid language tag");
    let defaults: BTreeSet<Tag> = DEFAULT_LAYOUT_FEATURES.iter().copied().collect();
    let off: Vec<Feature> = defaults
        .difference(features)
        .map(|&tag| Feature::new(tag, 0, ..))
        .collect();
    let on: Vec<Feature> = features
        .difference(&defaults)
        .map(|&tag| Feature::new(tag, 1, ..))
        .collect();
    let settings: Vec<Vec<Feature>> = if on.is_empty() {
        vec![off.clone()]
    } else {
        vec![off.clone(), [off, on].concat()]
    };

    let runs: BTreeSet<&str> = words
        .iter()
        .flat_map(|word| word.split(|c| !mapped(c)))
        .filter(|run| !run.is_empty())
        .collect();
    let mut glyphs = IntSet::empty();
    let mut buffer = Buffer::new();
    for run in runs {
        for features in &settings {
            buffer.clear();
            buffer.push_str(run);
            buffer.set_direction(Direction::LeftToRight);
            buffer.guess_segment_properties();
            buffer.set_language(Some(language.clone()));
            shape(&shaper, &mut buffer, ShapeOptions::new().features(features))
                .map_err(|e| anyhow!("cannot shape {run:?}: {e}"))?;
            glyphs.extend(
                buffer
                    .glyph_infos()
                    .iter()
                    .map(|g| GlyphId::new(g.glyph_id)),
            );
        }
    }
    Ok(glyphs)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERIF: &[u8] =
        include_bytes!("../../../static/fonts/source-serif-4-latin-opsz-normal.woff2");

    fn sfnt() -> Vec<u8> {
        woff::version2::decompress(SERIF).expect("the vendored font is woff2")
    }

    fn defaults() -> BTreeSet<Tag> {
        DEFAULT_LAYOUT_FEATURES.iter().copied().collect()
    }

    fn words(words: &[&str]) -> BTreeSet<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    /// The glyphs `sfnt` maps `chars` to, one by one (no shaping).
    fn nominal(sfnt: &[u8], chars: &str) -> BTreeSet<GlyphId> {
        let cmap = FontRef::new(sfnt).unwrap().cmap().unwrap();
        chars
            .chars()
            .map(|c| cmap.map_codepoint(c).expect("the font maps it"))
            .collect()
    }

    fn shaped_set(sfnt: &[u8], text: &[&str], features: &BTreeSet<Tag>) -> BTreeSet<GlyphId> {
        shaped(sfnt, &words(text), features)
            .unwrap()
            .iter()
            .collect()
    }

    #[test]
    fn a_word_with_an_fi_ligature_keeps_the_ligature_glyph() {
        let sfnt = sfnt();
        let glyphs = shaped_set(&sfnt, &["fit"], &defaults());
        let t = nominal(&sfnt, "t");
        assert_eq!(glyphs.len(), 2, "fi and t: {glyphs:?}");
        assert!(t.is_subset(&glyphs));
        assert!(glyphs.is_disjoint(&nominal(&sfnt, "fi")), "{glyphs:?}");
    }

    #[test]
    fn a_word_without_a_ligature_keeps_its_letters_glyphs_only() {
        let sfnt = sfnt();
        assert_eq!(
            shaped_set(&sfnt, &["fat"], &defaults()),
            nominal(&sfnt, "fat")
        );
    }

    #[test]
    fn ligatures_turned_off_leave_the_letters() {
        let sfnt = sfnt();
        let no_liga: BTreeSet<Tag> = defaults()
            .into_iter()
            .filter(|&tag| tag != Tag::new(b"liga"))
            .collect();
        assert_eq!(shaped_set(&sfnt, &["fit"], &no_liga), nominal(&sfnt, "fit"));
    }

    #[test]
    fn a_feature_the_stylesheet_turns_on_adds_its_glyphs_to_the_default_ones() {
        // Proportional figures (this font's are tabular by default) on for
        // some elements only: both forms of 1.
        let sfnt = sfnt();
        let mut pnum = defaults();
        pnum.insert(Tag::new(b"pnum"));
        let glyphs = shaped_set(&sfnt, &["1"], &pnum);
        assert_eq!(glyphs.len(), 2, "{glyphs:?}");
        assert!(nominal(&sfnt, "1").is_subset(&glyphs));
    }

    #[test]
    fn a_character_the_file_lacks_splits_the_word_into_runs() {
        // 中 is drawn by another font: f and i are never next to each other
        // in this file's text, so they form no ligature.
        let sfnt = sfnt();
        assert_eq!(
            shaped_set(&sfnt, &["f中i"], &defaults()),
            nominal(&sfnt, "fi")
        );
    }

    #[test]
    fn the_site_s_fonts_substitute_alike_across_their_axes() {
        assert!(!varies(&sfnt()));
        assert!(!varies(b"not a font"));
    }
}
