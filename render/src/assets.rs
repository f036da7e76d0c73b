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
/// The body font (Source Serif 4, roman, Latin), preloaded by every page.
pub const BODY_FONT: &str = "fonts/source-serif-4-latin-opsz-normal.woff2";
pub const FAVICON: &str = "favicon.svg";

/// Every file under `static/` the templates link to: checked up front so a
/// missing one fails the build with its name, not a panic.
const REQUIRED: &[&str] = &[STYLESHEET, MATH_STYLESHEET, BODY_FONT, FAVICON];

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
