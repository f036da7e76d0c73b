//! Static files (`static/`) → routes, and the URL each one is served at.
//! Templates never spell a static URL themselves: they ask `Assets::url`,
//! so how URLs are chosen (for example fingerprinted) is decided here only.

use crate::highlight::Highlighter;
use crate::{Route, Source};
use anyhow::{bail, Result};
use std::collections::BTreeMap;

/// The site's stylesheet, by its name under `static/`.
pub const STYLESHEET: &str = "style.css";
/// KaTeX's stylesheet, linked only by pages that hold math.
pub const MATH_STYLESHEET: &str = "katex/katex.min.css";
/// Fonts every page preloads: Source Serif 4 (Latin), roman and italic. The
/// first screen of every page sets both (the tagline is italic); preloading
/// fetches them with the HTML instead of after the stylesheet.
pub const PAGE_FONTS: [&str; 2] = [
    "fonts/source-serif-4-latin-opsz-normal.woff2",
    "fonts/source-serif-4-latin-opsz-italic.woff2",
];
/// Fonts pages with math preload: the two KaTeX faces every formula uses.
pub const MATH_FONTS: [&str; 2] = [
    "katex/fonts/KaTeX_Main-Regular.woff2",
    "katex/fonts/KaTeX_Math-Italic.woff2",
];
pub const FAVICON: &str = "favicon.svg";

/// Every file under `static/` the templates link to: checked up front so a
/// missing one fails the build with its name, not a panic.
const REQUIRED: &[&str] = &[
    STYLESHEET,
    MATH_STYLESHEET,
    PAGE_FONTS[0],
    PAGE_FONTS[1],
    MATH_FONTS[0],
    MATH_FONTS[1],
    FAVICON,
];

/// Every static file's route, and the URL of each by its name under
/// `static/`.
pub struct Assets {
    pub routes: Vec<Route>,
    urls: BTreeMap<String, String>,
}

impl Assets {
    /// Routes for `statics`; the stylesheet gets the highlighting classes'
    /// colours appended.
    pub fn build(statics: &[Source<Vec<u8>>], highlighter: &Highlighter) -> Result<Assets> {
        for name in REQUIRED {
            if !statics.iter().any(|s| s.path == *name) {
                bail!("static/{name}: missing: every page links to it");
            }
        }
        let mut routes = Vec::new();
        let mut urls = BTreeMap::new();
        for file in statics {
            let mut body = file.content.clone();
            if file.path == STYLESHEET {
                body.extend_from_slice(highlighter.css().as_bytes());
            }
            let url = format!("/static/{}", file.path);
            urls.insert(file.path.clone(), url.clone());
            routes.push(Route {
                path: url,
                content_type: content_type(&file.path),
                body,
            });
        }
        Ok(Assets { routes, urls })
    }

    /// The URL of `static/<name>`; templates only name files in `REQUIRED`.
    pub fn url(&self, name: &str) -> &str {
        self.urls
            .get(name)
            .unwrap_or_else(|| panic!("a template names static/{name}, which does not exist"))
    }
}

/// The `Content-Type` for a file name, resolved now rather than per request.
fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let textual = mime.type_() == mime_guess::mime::TEXT
        || matches!(
            mime.essence_str(),
            "image/svg+xml" | "application/javascript" | "application/json"
        );
    if textual {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("fonts/a.woff2"), "font/woff2");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }
}
