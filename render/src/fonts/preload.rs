//! Which font files a page preloads (fetches with its HTML rather than once
//! its stylesheet is read), derived from the stylesheets: the files of the
//! faces that set a sample of what the first screen shows, at the normal
//! weight, for the characters of the sample. For every page, prose in the
//! body's family, roman and italic (the tagline is italic): Source Serif 4's
//! Latin files. For a page with math, a formula as KaTeX sets it, a digit in
//! its main face and a letter in its math italic. It names files by the
//! URLs the stylesheets write; which URL serves them is `assets`'.

use crate::fonts::cascade::Styles;
use crate::fonts::faces::drawn;
use crate::memo::Memo;
use anyhow::Result;
use std::collections::HashMap;

/// A page's prose: the body's family, roman and italic.
pub const PROSE: &str = "<html><body><p>a<em>a</em></p></body></html>";

/// A formula as KaTeX sets it (`x1`): a letter in its math italic, a digit
/// in its main face.
pub const FORMULA: &str = "<html><body><span class=katex><span class=katex-html>\
                           <span class='mord mathnormal'>x</span><span class=mord>1</span>\
                           </span></span></body></html>";

/// The URLs of the font files that draw `sample` as `stylesheet` (its text)
/// sets it: for each face that draws some of it (in the faces' order), the
/// files of the face that draw all its characters at the normal weight.
pub fn files(stylesheet: &(String, String), sample: &str) -> Result<Vec<String>> {
    let styles = Styles::read(std::slice::from_ref(stylesheet))?;
    let drawn = drawn(&styles, &[sample], &mut Memo::new(&[], HashMap::new()));
    let mut urls = Vec::new();
    for (face, drawn) in &drawn {
        let files = styles
            .font_faces_of(face)
            .filter(|file| drawn.chars.iter().all(|&c| file.draws_normal(c)));
        urls.extend(files.flat_map(|file| file.urls()).map(str::to_string));
    }
    Ok(urls)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(path: &str, css: &str) -> (String, String) {
        (path.to_string(), css.to_string())
    }

    #[test]
    fn the_site_preloads_source_serif_s_latin_files_and_katex_s_main_and_math_italic() {
        let style = sheet(
            "static/style.css",
            include_str!("../../../static/style.css"),
        );
        assert_eq!(
            files(&style, PROSE).unwrap(),
            [
                "/static/fonts/source-serif-4-latin-opsz-normal.woff2",
                "/static/fonts/source-serif-4-latin-opsz-italic.woff2",
            ]
        );
        let katex = sheet(
            "static/katex/katex.min.css",
            include_str!("../../../static/katex/katex.min.css"),
        );
        assert_eq!(
            files(&katex, FORMULA).unwrap(),
            [
                "/static/katex/fonts/KaTeX_Main-Regular.woff2",
                "/static/katex/fonts/KaTeX_Math-Italic.woff2",
            ]
        );
    }

    #[test]
    fn files_for_other_characters_weights_or_local_fonts_are_not_preloaded() {
        let css = r#"
            @font-face { font-family: S; src: url(s-ext.woff2); unicode-range: U+0100-024F }
            @font-face { font-family: S; src: url(s.woff2); unicode-range: U+0000-00FF }
            @font-face { font-family: S; font-weight: 700; src: url(s-bold.woff2) }
            @font-face { font-family: F; src: local(Georgia) }
            html { font-family: S, F, serif }
        "#;
        let urls = files(&sheet("static/style.css", css), PROSE).unwrap();
        assert_eq!(urls, ["s.woff2"], "no italic: the roman is slanted");
        assert!(files(&sheet("static/style.css", "p { color: red }"), PROSE)
            .unwrap()
            .is_empty());
    }
}
