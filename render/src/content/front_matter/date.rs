//! The dates writers write: a day (`2016-05-31`), or a day with a time
//! and perhaps an offset, as TOML writes it (`2016-05-31T10:00:00+02:00`)
//! and as Jekyll and Hugo write it in YAML (`2016-05-31 10:00:00 +0200`,
//! `2016-05-31T10:00:00Z`); and the day at the start of a file name
//! (`2016-05-31-rl.markdown`, Jekyll's and Zola's) or in an old address
//! (`/2016/05/31/rl.html`, Zola's `path`). A post is dated by its day as
//! written: the time and offset are checked, then dropped (the site shows
//! days, and the feed gives each post midnight UTC of its day).

use time::{Date, Month};

/// The day `written` names, or what is wrong with it.
pub fn parse(written: &str) -> Result<Date, String> {
    let written = written.trim();
    let wrong = || {
        format!(
            "must be a date like 2016-05-31, perhaps with a time (2016-05-31 10:00:00 +02:00), got \"{written}\""
        )
    };
    let (Some(day), Some(time)) = (written.get(..10), written.get(10..)) else {
        return Err(wrong());
    };
    let date = day_of(day, '-').ok_or_else(wrong)?;
    if !is_time_and_offset(time) {
        return Err(wrong());
    }
    date
}

/// The day a file name starts with, `2016-05-31-rl.markdown` (or Zola's
/// `2016-05-31_rl.md`), and the rest of the name (`rl.markdown`); `None`
/// when it starts with no day.
pub fn from_file_name(name: &str) -> Option<(Date, &str)> {
    let day = name.get(..10)?;
    let rest = name[10..]
        .strip_prefix('-')
        .or_else(|| name[10..].strip_prefix('_'))?;
    let date = day_of(day, '-')?.ok()?;
    (!rest.is_empty()).then_some((date, rest))
}

/// The first day an address names as `/year/month/day/`
/// (`2016/05/31/rl.html`, `/blog/2016/05/31/rl/`).
pub fn from_address(address: &str) -> Option<Date> {
    let segments: Vec<&str> = address.split('/').collect();
    segments.windows(3).find_map(|w| {
        if w[0].len() != 4 || w[1].len() != 2 || w[2].len() != 2 {
            return None;
        }
        day_of(&w.join("-"), '-')?.ok()
    })
}

/// `yyyy<sep>mm<sep>dd` as a date: `None` when it is not written so,
/// `Some(Err)` when it is but names no day (or one before 1900).
fn day_of(text: &str, sep: char) -> Option<Result<Date, String>> {
    let mut parts = text.split(sep);
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !digits(year, 4) || !digits(month, 2) || !digits(day, 2) {
        return None;
    }
    let number = |s: &str| s.parse::<u8>().unwrap_or(0);
    let year: i32 = year.parse().ok()?;
    Some(
        Month::try_from(number(month))
            .map_err(|e| e.to_string())
            .and_then(|m| Date::from_calendar_date(year, m, number(day)).map_err(|e| e.to_string()))
            .and_then(in_range),
    )
}

/// RSS dates (RFC 822) cannot say anything before 1900.
fn in_range(date: Date) -> Result<Date, String> {
    match date.year() {
        ..1900 => Err(format!("must be in 1900 or later, got {date}")),
        _ => Ok(date),
    }
}

/// Whether `rest`, what follows a day, is nothing or a time of day
/// (`T10:00`, ` 10:00:00.5`) with perhaps an offset (`Z`, `+02:00`,
/// ` +0200`, ` UTC`).
fn is_time_and_offset(rest: &str) -> bool {
    if rest.is_empty() {
        return true;
    }
    let Some(rest) = rest.strip_prefix(['T', 't', ' ']) else {
        return false;
    };
    let rest = rest.trim_start();
    let clock_len = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(rest.len());
    let (clock, offset) = rest.split_at(clock_len);
    let mut fields = clock.split(':');
    // Hours of one digit too: Jekyll (Ruby's `Time.parse`) reads `9:00:00`.
    let digits = |s: Option<&str>, lengths: &[usize], max: u8| {
        s.is_some_and(|s| lengths.contains(&s.len()) && s.parse::<u8>().is_ok_and(|n| n <= max))
    };
    let (hours, minutes) = (fields.next(), fields.next());
    let seconds = fields
        .next()
        .map(|s| s.split_once('.').map_or(s, |(whole, _)| whole));
    let clock_ok = digits(hours, &[1, 2], 23)
        && digits(minutes, &[2], 59)
        && seconds.is_none_or(|s| digits(Some(s), &[2], 60))
        && fields.next().is_none();
    clock_ok && is_offset(offset.trim())
}

fn is_offset(offset: &str) -> bool {
    if offset.is_empty() || matches!(offset, "Z" | "z" | "UTC" | "GMT") {
        return true;
    }
    let Some(rest) = offset.strip_prefix(['+', '-']) else {
        return false;
    };
    let digits: String = rest.chars().filter(|&c| c != ':').collect();
    digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()) && rest.len() <= 5
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn days_with_times_and_offsets() {
        for written in [
            "2016-05-31",
            "2016-05-31T10:00:00+02:00",
            "2016-05-31T10:00:00Z",
            "2016-05-31T10:00:00.123-07:00",
            "2016-05-31 10:00:00 +0200",
            "2016-05-31 10:00:00 -07:00",
            "2016-05-31 10:00",
            "2016-05-31 9:00:00",
            "2016-05-31 10:00:00 UTC",
            "2016-05-31t10:00:00",
            " 2016-05-31 ",
        ] {
            assert_eq!(parse(written), Ok(date!(2016 - 05 - 31)), "{written}");
        }
    }

    #[test]
    fn what_is_not_a_day_is_an_error_naming_what_was_written() {
        for written in [
            "12:00:00",
            "31/05/2016",
            "2016-5-31",
            "2016-05-31 25:00",
            "2016-05-31 10:00 Berlin",
            "2016-05-31 10:00 +2",
            "2016-05-31x",
        ] {
            let error = parse(written).unwrap_err();
            assert!(
                error.starts_with("must be a date like 2016-05-31"),
                "{written}: {error}"
            );
            assert!(
                error.contains(&format!("\"{}\"", written.trim())),
                "{error}"
            );
        }
        assert!(parse("2016-02-30").is_err());
        assert_eq!(
            parse("1899-12-31").unwrap_err(),
            "must be in 1900 or later, got 1899-12-31"
        );
    }

    #[test]
    fn a_file_name_may_start_with_its_day() {
        assert_eq!(
            from_file_name("2016-05-31-rl.markdown"),
            Some((date!(2016 - 05 - 31), "rl.markdown"))
        );
        assert_eq!(
            from_file_name("2016-05-31_rl.md"),
            Some((date!(2016 - 05 - 31), "rl.md"))
        );
        for name in [
            "rl.md",
            "2016-05-31.md",
            "2016-05-31-",
            "2016-13-01-x.md",
            "Rust-1.88.0.md",
        ] {
            assert_eq!(from_file_name(name), None, "{name}");
        }
    }

    #[test]
    fn an_address_may_name_its_day() {
        assert_eq!(
            from_address("2025/06/26/Rust-1.88.0"),
            Some(date!(2025 - 06 - 26))
        );
        assert_eq!(
            from_address("/blog/2016/05/31/rl.html"),
            Some(date!(2016 - 05 - 31))
        );
        assert_eq!(from_address("/releases/1.88.0"), None);
        assert_eq!(from_address("/2016/13/31/x"), None);
    }
}
