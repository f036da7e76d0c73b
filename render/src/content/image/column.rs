//! The text column's width in CSS pixels, read from the site's stylesheet
//! rather than assumed: `body { max-width: Nrem }` at the largest root font
//! size any `html { font-size: P% }` sets (a percentage of the browser's
//! 16 px). Images are resized to it (`widths`); the `sizes` attribute says
//! it to the browser.

use crate::assets::STYLESHEET;
use crate::css::stylesheet;
use crate::source::Source;
use bytes::Bytes;

/// The browser's default root font size, which `html`'s percentage scales.
const BROWSER_FONT_PX: f64 = 16.0;

/// The column's width in the site's stylesheet among `statics`.
pub(crate) fn of_site(statics: &[Source<Bytes>]) -> Result<u32, String> {
    let css = statics
        .iter()
        .find(|s| s.path == STYLESHEET)
        .ok_or("no static/style.css")?;
    measure(&String::from_utf8_lossy(&css.content))
}

/// The column's widest width, in CSS pixels, from `css` (static/style.css).
pub(crate) fn measure(css: &str) -> Result<u32, String> {
    let blocks = stylesheet::blocks(css);
    let values = |selector: &str, property: &str| -> Vec<String> {
        blocks
            .iter()
            .filter(|b| b.selector == selector)
            .flat_map(|b| b.get(property).map(str::to_string).collect::<Vec<_>>())
            .collect()
    };
    let max_width = values("body", "max-width")
        .iter()
        .find_map(|v| v.strip_suffix("rem")?.trim().parse::<f64>().ok())
        .ok_or("no `body { max-width: …rem }`: images are resized to the column's width")?;
    let root_percent = values("html", "font-size")
        .iter()
        .filter_map(|v| v.strip_suffix('%')?.trim().parse::<f64>().ok())
        .fold(100.0, f64::max);
    Ok((max_width * root_percent / 100.0 * BROWSER_FONT_PX).round() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_column_is_32rem_at_18px() {
        let css = include_str!("../../../../static/style.css");
        assert_eq!(measure(css), Ok(576));
    }

    #[test]
    fn the_largest_root_size_counts_and_a_missing_width_is_said() {
        let css = "html{font-size:100%}@media (min-width:40em){html{font-size:125%}}body{max-width:30rem}";
        assert_eq!(measure(css), Ok(600));
        assert!(measure("body{max-width:100%}")
            .unwrap_err()
            .contains("max-width"));
    }
}
