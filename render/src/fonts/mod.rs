//! Fonts: the site's woff2 files cut to what the rendered pages draw in
//! them. `font_face` reads the `@font-face` rules, `cascade` (with
//! `selectors` and `generated`) which face sets which text, `faces` what
//! each face draws, `charset` what KaTeX set, `font_features` and `glyphs`
//! which layout features and glyphs that text needs, and `subset` cuts
//! (and `names` renames what the fonts' licences ask to be renamed);
//! `preload` picks the files a page fetches first. It takes pages' HTML and stylesheets'
//! text as given and hands back font bytes; it never renders a page and
//! never names a URL (that is `assets`').

pub(crate) mod cascade;
pub(crate) mod charset;
pub(crate) mod faces;
pub(crate) mod font_face;
pub(crate) mod font_features;
pub(crate) mod generated;
pub(crate) mod glyphs;
pub(crate) mod names;
pub(crate) mod preload;
pub(crate) mod selectors;
pub(crate) mod subset;

use crate::memo::Memo;
use crate::source::Source;
use anyhow::Result;
use bytes::Bytes;
use std::collections::BTreeSet;

/// The fonts' work kept between builds (`cache`).
pub(crate) struct Memos {
    /// What each page's faces draw (`faces::drawn`).
    pub drawn: Memo<faces::PageText>,
    /// The subset fonts (`subset::site_fonts`).
    pub subsets: Memo<Bytes>,
    /// What KaTeX set in each body (`charset::katex`).
    pub katex: Memo<BTreeSet<char>>,
}

/// What the fonts are cut to: the pages as they will be served.
pub(crate) struct Pages<'a> {
    /// Every page's HTML, whole.
    pub html: &'a [&'a str],
    /// The stylesheets the pages use, as served (`css::as_served`).
    pub stylesheets: &'a [(String, String)],
    /// The site's stylesheet as written, whose rules turn layout features
    /// on and off (`font_features`).
    pub site_stylesheet: &'a str,
    /// The HTML of every post body, for what KaTeX set (`charset`).
    pub bodies: &'a [&'a str],
}

/// `statics` with every font cut to what `pages` draw in it (`subset`);
/// every other file as it is; and the warnings of the cut.
pub(crate) fn cut_to(
    statics: &[Source<Bytes>],
    pages: &Pages,
    memos: &mut Memos,
) -> Result<subset::Cut> {
    let styles = cascade::Styles::read(pages.stylesheets)?;
    let drawn = faces::drawn(&styles, pages.html, &mut memos.drawn);
    let text = subset::Text {
        site: statics
            .iter()
            .filter_map(|file| {
                let face = styles.face_of(&file.path)?;
                Some((
                    file.path.clone(),
                    drawn.get(&face).cloned().unwrap_or_default(),
                ))
            })
            .collect(),
        math: charset::katex(pages.bodies, &mut memos.katex),
    };
    subset::site_fonts(statics, pages.site_stylesheet, &text, &mut memos.subsets)
}
