//! CSS read and rewritten without a browser: `stylesheet` splits a
//! stylesheet into rules and declarations for the questions `fonts` asks,
//! `css_urls` finds and rewrites `url()` references for `assets`. It knows
//! no stylesheet of this site by name: callers hand it text.

pub(crate) mod css_urls;
pub(crate) mod stylesheet;
