//! Numbers the chart writes itself (ticks, histogram bins) as a reader
//! reads them: three significant digits, no trailing zeros, an exponent
//! only for the very large and very small.

/// `value` in at most three significant digits.
pub fn short(value: f64) -> String {
    let size = value.abs();
    if size == 0.0 {
        return "0".into();
    }
    if !(1e-3..1e6).contains(&size) {
        let text = format!("{value:.2e}");
        let (mantissa, exponent) = text.split_once('e').expect("`{:e}` writes an exponent");
        return format!("{}e{exponent}", trim(mantissa));
    }
    let decimals = (2 - size.log10().floor() as i32).max(0) as usize;
    trim(&format!("{value:.decimals$}")).to_string()
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
            (1234.6, "1235"),
            (12.345, "12.3"),
            (-0.0125, "-0.0125"),
            (200000.0, "200000"),
            (2.5e6, "2.5e6"),
            (1e-4, "1e-4"),
        ];
        for (value, text) in cases {
            assert_eq!(short(value), text, "{value}");
        }
    }
}
