//! Fonts: the site's woff2 files cut to what the rendered pages draw in
//! them. `faces` reads which face sets which text, `charset` what KaTeX
//! set, `font_features` and `glyphs` which layout features and glyphs that
//! text needs, and `subset` cuts. It takes pages' HTML and stylesheets'
//! text as given and hands back font bytes; it never renders a page and
//! never names a URL (that is `assets`').

pub(crate) mod charset;
pub(crate) mod faces;
pub(crate) mod font_features;
pub(crate) mod glyphs;
pub(crate) mod subset;
