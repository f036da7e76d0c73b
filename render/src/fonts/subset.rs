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
//! Of the glyphs beyond each character's own, a site font keeps those
//! shaping its face's words gives (`glyphs`: the ligatures its text forms);
//! KaTeX's fonts, and a font whose substitutions vary with its axes, keep
//! hb-subset's layout closure (every ligature or alternate a kept feature
//! reaches from a kept glyph). skera (fontations' port of hb-subset) cuts;
//! woff (Google's reference woff2 library) decodes and encodes; a cut font
//! whose licence reserves its name goes by the site's (`names`).
//!
//! Only fonts the site's pages use are cut: KaTeX's, and those an
//! `@font-face` of the pages' stylesheets names. Any other font under
//! `static/` (a theme's, copied with a blog from another engine) is served
//! as it is, since its subset would hold nothing a page draws. So is a
//! font whose licence reserves a name the site has no name of its own for
//! (`names::kept_reserved`): the licence allows it whole, not cut, under
//! that name; a warning says so. Pure: bytes in, bytes out; subsets made
//! by an earlier build come from a `Memo`.

use crate::fonts::faces::Drawn;
use crate::fonts::font_features::layout_features;
use crate::fonts::glyphs;
use crate::fonts::names;
use crate::memo::{Key, Memo};
use crate::source::Source;
use anyhow::{anyhow, bail, Context, Result};
use bytes::Bytes;
use rayon::prelude::*;
use read_fonts::collections::IntSet;
use read_fonts::types::{GlyphId, NameId, Tag};
use read_fonts::FontRef;
use skera::{Plan, SubsetFlags, DEFAULT_DROP_TABLES};
use std::collections::{BTreeMap, BTreeSet};

/// Whether a static file is a font the site serves: woff2 under `fonts/`
/// or KaTeX's under `katex/fonts/`.
pub fn is_site_font(path: &str) -> bool {
    (path.starts_with("fonts/") || path.starts_with("katex/fonts/")) && path.ends_with(".woff2")
}

const WOFF2_MAGIC: &[u8] = b"wOF2";

/// What fonts are cut to.
pub struct Text {
    /// For each of the site's own fonts (`fonts/`), by path: what its face
    /// draws (`faces`). A font no `@font-face` names is not cut.
    pub site: BTreeMap<String, Drawn>,
    /// For KaTeX's (`katex/fonts/`): see `charset::katex`.
    pub math: BTreeSet<char>,
}

/// What one font file keeps.
pub struct Keep {
    pub chars: BTreeSet<char>,
    /// The glyphs shaping its face's words gives (`glyphs`), besides those
    /// of `chars`; `None`: every glyph the layout closure of `chars`
    /// reaches.
    pub glyphs: Option<IntSet<GlyphId>>,
    /// The layout features it keeps (`font_features`).
    pub features: BTreeSet<Tag>,
}

impl Text {
    /// Whether the pages use the font at `path`: KaTeX's, or one an
    /// `@font-face` names.
    fn uses(&self, path: &str) -> bool {
        path.starts_with("katex/") || self.site.contains_key(path)
    }

    /// What the font at `path` (decoded: `sfnt`) keeps: for KaTeX's, the
    /// math characters and their closure; for the site's own, the
    /// characters its face draws and `HINTING_REFERENCE`, and the glyphs
    /// shaping the face's words gives.
    fn keep(&self, path: &str, sfnt: &[u8], stylesheet: &str) -> Result<Keep> {
        let (chars, words) = match self.site.get(path) {
            _ if path.starts_with("katex/") => (self.math.clone(), None),
            drawn => {
                let drawn_chars = drawn.into_iter().flat_map(|d| d.chars.iter().copied());
                let chars = drawn_chars.chain(HINTING_REFERENCE.chars()).collect();
                let words = drawn.map(|d| d.words.clone()).unwrap_or_default();
                (chars, Some(words))
            }
        };
        let features = layout_features(stylesheet, path, &chars);
        let glyphs = match words {
            Some(words) if !glyphs::varies(sfnt) => Some(glyphs::shaped(sfnt, &words, &features)?),
            _ => None,
        };
        Ok(Keep {
            chars,
            glyphs,
            features,
        })
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

/// `statics` with every font the pages use subset to what `text` says it
/// keeps (see `Text::keep`; `stylesheet` is the site's, as written, whose
/// rules turn layout features on and off). A subset `memo` holds is taken
/// from it; the others are cut in parallel; every other file is passed
/// through unchanged. So is a font whose bytes are no woff2 (no `wOF2`
/// magic: another format under a woff2 name), with a warning: a browser
/// that cannot read it draws the text with a fallback, which is the
/// writer's to fix, not the build's to stop; and a font whose licence
/// reserves a name the site cannot replace, with a warning too. `memo` is
/// left holding exactly this build's subsets.
pub fn site_fonts(
    statics: &[Source<Bytes>],
    stylesheet: &str,
    text: &Text,
    memo: &mut Memo<Bytes>,
) -> Result<Cut> {
    // For each file: how to cut it, or why it is served as it is.
    let planned: Vec<(Option<Planned>, Option<String>)> = statics
        .par_iter()
        .map(|file| {
            let at = || format!("static/{}", file.path);
            if !is_site_font(&file.path) {
                return Ok((None, None));
            }
            if !file.content.starts_with(WOFF2_MAGIC) {
                let warning = format!("{}: not a woff2 font; served as it is", at());
                return Ok((None, Some(warning)));
            }
            if !text.uses(&file.path) {
                return Ok((None, None));
            }
            let sfnt = decode(&file.content).with_context(at)?;
            if let Some(name) = names::kept_reserved(&sfnt).with_context(at)? {
                let warning = format!(
                    "{}: its licence reserves the name “{name}”, which a cut font may not \
                     carry: served whole, as vendored (to cut it, give it a name of the \
                     site's own in render/src/fonts/names.rs, RENAMED)",
                    at()
                );
                return Ok((None, Some(warning)));
            }
            let keep = text.keep(&file.path, &sfnt, stylesheet).with_context(at)?;
            let chars: String = keep.chars.iter().collect();
            let glyphs: Vec<u8> = keep
                .glyphs
                .iter()
                .flat_map(|g| g.iter())
                .flat_map(|g| g.to_u32().to_le_bytes())
                .collect();
            let tags: Vec<u8> = keep.features.iter().flat_map(|t| t.to_be_bytes()).collect();
            let closure = [u8::from(keep.glyphs.is_none())];
            let parts = [
                file.path.as_bytes(),
                &file.content,
                chars.as_bytes(),
                &closure,
                &glyphs,
                &tags,
            ];
            Ok((Some((memo.key(&parts), sfnt, keep)), None))
        })
        .collect::<Result<_>>()?;
    let (plans, warnings): (Vec<_>, Vec<_>) = planned.into_iter().unzip();
    let warnings = warnings.into_iter().flatten().collect();
    let found: Vec<Option<Bytes>> = plans
        .iter()
        .map(|plan| plan.as_ref().and_then(|(key, _, _)| memo.take(key)))
        .collect();

    let files = statics
        .par_iter()
        .zip(&plans)
        .zip(found)
        .map(|((file, plan), found)| {
            let content = match (plan, found) {
                (None, _) => file.content.clone(),
                (Some(_), Some(cached)) => cached,
                (Some((_, sfnt, keep)), None) => subset(sfnt, keep)
                    .with_context(|| format!("static/{}", file.path))?
                    .into(),
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
    memo.replace(kept);
    Ok(Cut { files, warnings })
}

/// How one font is cut: its key in the memo, its bytes decoded, and what
/// it keeps.
type Planned = (Key, Vec<u8>, Keep);

/// The static files with the fonts cut, and what the build should warn of.
pub struct Cut {
    pub files: Vec<Source<Bytes>>,
    pub warnings: Vec<String>,
}

/// The font in `woff2`, decoded.
fn decode(woff2: &[u8]) -> Result<Vec<u8>> {
    if !woff2.starts_with(WOFF2_MAGIC) {
        bail!("not a woff2 font");
    }
    woff2_call(|| woff::version2::decompress(woff2)).ok_or_else(|| anyhow!("cannot decode woff2"))
}

/// The font `sfnt` holding only what `keep` says, as woff2.
pub fn subset(sfnt: &[u8], keep: &Keep) -> Result<Vec<u8>> {
    let font = FontRef::new(sfnt).map_err(|e| anyhow!("cannot read the font: {e}"))?;
    let mut scripts = IntSet::<Tag>::empty();
    scripts.invert();
    // .notdef keeps its box: a character no font on the machine has shows
    // as it did.
    let mut flags = SubsetFlags::SUBSET_FLAGS_NOTDEF_OUTLINE;
    if keep.glyphs.is_some() {
        flags |= SubsetFlags::SUBSET_FLAGS_NO_LAYOUT_CLOSURE;
    }
    let plan = Plan::new(
        keep.glyphs.as_ref().unwrap_or(&IntSet::empty()),
        &keep.chars.iter().map(|&c| u32::from(c)).collect(),
        &font,
        flags,
        &DEFAULT_DROP_TABLES.iter().copied().collect(),
        &scripts,
        &keep.features.iter().copied().collect(),
        // Every standard name up to the licence's URL (copyright, family,
        // style, version, trademark, licence…): the OFL asks that the
        // notices travel with the font. The axes' and STAT's names are
        // added by the plan.
        &(0..=14).map(NameId::new).collect(),
        &[0x0409].into_iter().collect(),
    );
    let cut = skera::subset_font(&font, &plan).map_err(|e| anyhow!("cannot subset: {e}"))?;
    let cut = names::renamed(&cut)?;
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
        assert!(is_site_font("fonts/jetbrains-mono-latin-wght-normal.woff2"));
        assert!(!is_site_font("fonts/LICENSE-jetbrains-mono.txt"));
        assert!(is_site_font("katex/fonts/KaTeX_Main-Regular.woff2"));
        assert!(!is_site_font("katex/katex.min.css"));
        assert!(!is_site_font("img/a.woff2"));
    }

    #[test]
    fn a_woff2_name_on_other_bytes_is_served_as_it_is_with_a_warning() {
        let statics = [
            Source {
                path: "fonts/x.woff2".to_string(),
                content: Bytes::from_static(b"\0\x01\0\0 a ttf"),
            },
            Source {
                path: "fonts/LICENSE.txt".to_string(),
                content: Bytes::from_static(b"OFL"),
            },
        ];
        let mut memo = Memo::new(&[], Default::default());
        let cut = site_fonts(&statics, "", &text(&[]), &mut memo).unwrap();
        let files: Vec<(&str, &[u8])> = cut
            .files
            .iter()
            .map(|f| (f.path.as_str(), &f.content[..]))
            .collect();
        let given: Vec<(&str, &[u8])> = statics
            .iter()
            .map(|f| (f.path.as_str(), &f.content[..]))
            .collect();
        assert_eq!(files, given);
        assert_eq!(
            cut.warnings,
            ["static/fonts/x.woff2: not a woff2 font; served as it is"]
        );
    }

    /// JetBrains Mono, whose licence reserves no name, made a font whose
    /// copyright notice reserves “JetBrains Mono”: a name the site has
    /// none of its own for.
    fn reserving_a_name_the_site_keeps() -> Bytes {
        use write_fonts::from_obj::ToOwnedTable;
        let sfnt = decode(MONO).unwrap();
        let font = FontRef::new(&sfnt).unwrap();
        let mut name: write_fonts::tables::name::Name = read_fonts::TableProvider::name(&font)
            .unwrap()
            .to_owned_table();
        for record in &mut name.name_record {
            if record.name_id == NameId::COPYRIGHT_NOTICE {
                let notice = format!(
                    "{}, with Reserved Font Name ‘JetBrains Mono’.",
                    record.string.as_str()
                );
                *record.string = notice;
            }
        }
        let sfnt = write_fonts::FontBuilder::new()
            .add_table(&name)
            .unwrap()
            .copy_missing_tables(font)
            .build();
        woff2_call(|| woff::version2::compress(&sfnt, "", 1, true))
            .unwrap()
            .into()
    }

    #[test]
    fn a_font_the_pages_do_not_use_or_whose_name_is_reserved_is_served_as_it_is() {
        let reserving = reserving_a_name_the_site_keeps();
        let statics = [
            // A theme's font, which no `@font-face` of the site names.
            Source {
                path: "fonts/woff2/theme.woff2".to_string(),
                content: Bytes::from_static(SERIF),
            },
            // A font the pages use, which may not be cut.
            Source {
                path: "fonts/reserving.woff2".to_string(),
                content: reserving,
            },
        ];
        let mut text = text(&["fit"]);
        let drawn = text.site[SERIF_PATH].clone();
        text.site.insert("fonts/reserving.woff2".to_string(), drawn);
        let mut memo = Memo::new(&[], Default::default());
        let cut = site_fonts(&statics, "", &text, &mut memo).unwrap();
        for (served, vendored) in cut.files.iter().zip(&statics) {
            assert_eq!(served.content, vendored.content, "{}", served.path);
        }
        assert_eq!(
            cut.warnings,
            [
                "static/fonts/reserving.woff2: its licence reserves the name “JetBrains Mono”, \
              which a cut font may not carry: served whole, as vendored (to cut it, give it \
              a name of the site's own in render/src/fonts/names.rs, RENAMED)"
            ]
        );
        // The site's own font, used and renamed, is cut as before.
        let statics = [Source {
            path: SERIF_PATH.to_string(),
            content: Bytes::from_static(SERIF),
        }];
        let cut = site_fonts(&statics, "", &text, &mut memo).unwrap();
        assert!(cut.files[0].content.len() < SERIF.len() / 2);
        assert!(cut.warnings.is_empty());
    }

    const MONO: &[u8] =
        include_bytes!("../../../static/fonts/jetbrains-mono-latin-wght-normal.woff2");
    const SERIF: &[u8] =
        include_bytes!("../../../static/fonts/source-serif-4-latin-opsz-italic.woff2");
    const SERIF_PATH: &str = "fonts/source-serif-4-latin-opsz-italic.woff2";

    fn text(words: &[&str]) -> Text {
        let drawn = Drawn {
            chars: words.iter().flat_map(|w| w.chars()).collect(),
            words: words.iter().map(|w| w.to_string()).collect(),
        };
        Text {
            site: BTreeMap::from([(SERIF_PATH.to_string(), drawn)]),
            math: BTreeSet::from(['∫']),
        }
    }

    #[test]
    fn katex_fonts_take_the_math_characters_and_their_closure() {
        let keep = text(&[])
            .keep(
                "katex/fonts/KaTeX_Main-Regular.woff2",
                &decode(MONO).unwrap(),
                "",
            )
            .unwrap();
        assert_eq!(keep.chars, BTreeSet::from(['∫']));
        assert!(keep.glyphs.is_none());
    }

    #[test]
    fn site_fonts_take_their_face_s_characters_the_hinting_reference_and_shaped_glyphs() {
        let sfnt = decode(SERIF).unwrap();
        let keep = text(&["fit"]).keep(SERIF_PATH, &sfnt, "").unwrap();
        let mut chars: BTreeSet<char> = HINTING_REFERENCE.chars().collect();
        chars.extend(['f', 'i', 't']);
        assert_eq!(keep.chars, chars);
        let cut = subset(&sfnt, &keep).unwrap();
        let glyphs = |woff2: &[u8]| {
            let sfnt = decode(woff2).unwrap();
            let font = FontRef::new(&sfnt).unwrap();
            read_fonts::TableProvider::maxp(&font).unwrap().num_glyphs()
        };
        // .notdef, the 32 characters and the fi ligature; not ff, fl, ft…
        // which the letters could form but no word does.
        assert_eq!(glyphs(&cut), 34);
        let closure = Keep {
            glyphs: None,
            ..text(&["fit"]).keep(SERIF_PATH, &sfnt, "").unwrap()
        };
        assert!(glyphs(&subset(&sfnt, &closure).unwrap()) > 40);
        let unnamed = text(&[]).keep("fonts/unnamed.woff2", &sfnt, "").unwrap();
        assert_eq!(unnamed.chars, HINTING_REFERENCE.chars().collect());
    }

    #[test]
    fn a_file_that_is_not_woff2_is_an_error() {
        let error = decode(b"\0\x01\0\0 a ttf").unwrap_err();
        assert_eq!(error.to_string(), "not a woff2 font");
    }

    #[test]
    fn a_truncated_woff2_is_an_error() {
        let half = &MONO[..MONO.len() / 2];
        let error = decode(half).unwrap_err();
        assert_eq!(error.to_string(), "cannot decode woff2");
    }
}
