//! The placeholder colours `draw` paints with and the classes `rewrite`
//! puts in their place: the stylesheet gives each class the site's colour
//! for light and dark mode (`.chart .stroke-s1 { stroke: var(--chart-1) }`).
//! They are near-black values no chart would pick, one per role.

use plotters::style::RGBColor;

/// Text, axes and ticks.
pub const INK: RGBColor = RGBColor(0, 0, 1);
/// Grid lines and the legend's frame.
pub const GRID: RGBColor = RGBColor(0, 0, 2);
/// The legend's background.
pub const BACKGROUND: RGBColor = RGBColor(0, 0, 3);

/// The colour of series `i` (0-based, below `data::MAX_SERIES`).
pub fn series(i: usize) -> RGBColor {
    RGBColor(0, 1, i as u8 + 1)
}

/// The class name for `colour` as plotters writes it (`#RRGGBB`), if it
/// is a placeholder: `ink`, `grid`, `bg`, `s1`…
pub fn class(colour: &str) -> Option<String> {
    let hex = colour.strip_prefix('#')?;
    let value = u32::from_str_radix(hex, 16)
        .ok()
        .filter(|_| hex.len() == 6)?;
    match value {
        0x000001 => Some("ink".into()),
        0x000002 => Some("grid".into()),
        0x000003 => Some("bg".into()),
        0x000101..=0x0001ff => Some(format!("s{}", value - 0x000100)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_placeholder_has_its_class_and_nothing_else_has_one() {
        let hex = |c: RGBColor| format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
        assert_eq!(class(&hex(INK)).as_deref(), Some("ink"));
        assert_eq!(class(&hex(GRID)).as_deref(), Some("grid"));
        assert_eq!(class(&hex(BACKGROUND)).as_deref(), Some("bg"));
        assert_eq!(class(&hex(series(0))).as_deref(), Some("s1"));
        assert_eq!(class(&hex(series(5))).as_deref(), Some("s6"));
        assert_eq!(class("#000000"), None);
        assert_eq!(class("none"), None);
    }
}
