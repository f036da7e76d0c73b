//! A date as pages show it: for readers in words ("9 November 2026"), for
//! machines in the `datetime` attribute of a `<time>`.

use maud::{html, Markup};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::Date;

/// "9 November 2026".
pub fn date(date: Date) -> Markup {
    time(
        date,
        format_description!("[day padding:none] [month repr:long] [year]"),
    )
}

/// "9 Nov": where the year is said once for many dates (the archive's
/// years).
pub fn day_and_month(date: Date) -> Markup {
    time(
        date,
        format_description!("[day padding:none] [month repr:short]"),
    )
}

fn time(date: Date, format: &[BorrowedFormatItem]) -> Markup {
    let human = date.format(format).expect("a calendar date always formats");
    html! { time datetime=(date.to_string()) { (human) } }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_is_machine_and_human_readable() {
        assert_eq!(
            date(time::macros::date!(2026 - 11 - 09)).into_string(),
            "<time datetime=\"2026-11-09\">9 November 2026</time>"
        );
        assert_eq!(
            day_and_month(time::macros::date!(2026 - 11 - 09)).into_string(),
            "<time datetime=\"2026-11-09\">9 Nov</time>"
        );
    }
}
