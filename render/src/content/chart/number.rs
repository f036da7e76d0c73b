//! Numbers the chart writes itself (ticks, histogram bins) as a reader
//! reads them, and short enough that ticks do not collide on a phone:
//! three significant digits, no trailing zeros, thousands as `k` and
//! millions as `M`, an exponent only for the very large and very small.

/// `value` in at most three significant digits.
pub fn short(value: f64) -> String {
    let size = value.abs();
    if size == 0.0 {
        return "0".into();
    }
    if !(1e-3..1e9).contains(&size) {
        let text = format!("{value:.2e}");
        let (mantissa, exponent) = text.split_once('e').expect("`{:e}` writes an exponent");
        return format!("{}e{exponent}", trim(mantissa));
    }
    let (value, unit) = match size {
        _ if size >= 1e6 => (value / 1e6, "M"),
        _ if size >= 1e3 => (value / 1e3, "k"),
        _ => (value, ""),
    };
    let decimals = (2 - value.abs().log10().floor() as i32).max(0) as usize;
    format!("{}{unit}", trim(&format!("{value:.decimals$}")))
}

/// `text` without the zeros (and the point) a decimal fraction ends in.
fn trim(text: &str) -> &str {
    match text.contains('.') {
        true => text.trim_end_matches('0').trim_end_matches('.'),
        false => text,
    }
}

#[cfg(test)]
mod tests {
    use super::short;

    #[test]
    fn three_significant_digits_and_no_trailing_zeros() {
        let cases = [
            (0.0, "0"),
            (1.0, "1"),
            (2.5, "2.5"),
            (0.30000000000000004, "0.3"),
            (999.0, "999"),
            (1234.6, "1.23k"),
            (40000.0, "40k"),
            (12.345, "12.3"),
            (-0.0125, "-0.0125"),
            (2.5e6, "2.5M"),
            (3e9, "3e9"),
            (1e-4, "1e-4"),
        ];
        for (value, text) in cases {
            assert_eq!(short(value), text, "{value}");
        }
    }
}
