//! CSS read and rewritten without a browser: `stylesheet` splits a
//! stylesheet into rules and declarations for the questions `fonts` asks,
//! `css_urls` finds and rewrites `url()` references for `assets`. It knows
//! no stylesheet of this site by name: callers hand it text.

pub(crate) mod css_urls;
pub(crate) mod stylesheet;

use crate::source::Source;
use anyhow::{anyhow, Result};
use bytes::Bytes;
use std::collections::BTreeMap;

/// The stylesheets as served: each `.css` file under `static/` with what
/// the build appends to it (`generated`, by name under `static/`), as
/// (`static/<name>`, text).
pub(crate) fn as_served(
    statics: &[Source<Bytes>],
    generated: &BTreeMap<&str, String>,
) -> Result<Vec<(String, String)>> {
    statics
        .iter()
        .filter(|file| file.path.ends_with(".css"))
        .map(|file| {
            let path = format!("static/{}", file.path);
            let mut css = String::from_utf8(file.content.to_vec())
                .map_err(|e| anyhow!("{path}: not UTF-8 text: {e}"))?;
            if let Some(extra) = generated.get(file.path.as_str()) {
                css.push_str(extra);
            }
            Ok((path, css))
        })
        .collect()
}
