//! Addresses: the pieces engines build a post's URL from (its date, a slug
//! of a name), the address the post gets here, and whether an old address
//! can be written as an alias. The engines' own URL schemes are theirs
//! (`jekyll`, `hugo`, `zola`); this module holds what they share.

/// A post's date as its engine puts it in a URL: zero-padded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Date {
    pub year: String,
    pub month: String,
    pub day: String,
}

/// The date at the start of `written` (`2011-04-27`, `2011-04-27 22:00:00`,
/// `2023-05-29T10:00:00+02:00`), as written: engines put the writer's
/// calendar day in URLs.
pub fn date(written: &str) -> Option<Date> {
    let head = written.trim().get(..10)?;
    let mut parts = head.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    (digits(year, 4) && digits(month, 2) && digits(day, 2)).then(|| Date {
        year: year.to_string(),
        month: month.to_string(),
        day: day.to_string(),
    })
}

/// A file stem's date prefix and the rest (`2016-05-31-rl` → the date and
/// `rl`), as Jekyll names posts and Zola allows.
pub fn dated_stem(stem: &str) -> Option<(Date, &str)> {
    let date = date(stem)?;
    let rest = stem[10..].strip_prefix(['-', '_'])?;
    Some((date, rest))
}

/// A name as a URL segment, by the rule the build makes slugs of names
/// and file names by (`render::slug`: one rule, so the importer's
/// addresses are the build's).
pub use render::slug;

/// The file stem of a post's name under `posts/` (`x.md` → `x`, a
/// bundle's directory name as it is).
pub fn stem(name: &str) -> &str {
    [".markdown", ".md"]
        .iter()
        .find_map(|ext| name.strip_suffix(ext))
        .unwrap_or(name)
}

/// The addresses a post named `stem` (or with `slug` in its front matter)
/// is served at here, as written and as a slug: an old address equal to
/// either needs no alias.
pub fn here(stem: &str, slug_field: Option<&str>) -> [String; 2] {
    let name = slug_field.unwrap_or(stem);
    [format!("/posts/{name}/"), format!("/posts/{}/", slug(name))]
}

/// Whether `path` can be an alias here (the build's rule: one leading `/`,
/// no query, fragment, `%`, space, quote or `.`/`..` segment); `Err` says
/// what stops it.
pub fn valid(path: &str) -> Result<(), String> {
    if !path.starts_with('/') || path.starts_with("//") {
        return Err(format!("\"{path}\" is not a path starting with one `/`"));
    }
    if let Some(c) = path
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '%' | '\\' | '"'))
    {
        return Err(format!("\"{path}\" holds {c:?}"));
    }
    if path.split('/').any(|s| s == "." || s == "..") {
        return Err(format!("\"{path}\" holds a `.` or `..` segment"));
    }
    Ok(())
}

/// `:token` templates (Jekyll's permalinks, Hugo's `[permalinks]`) and
/// Jekyll's tokens, by the build's rule (`render::permalink`: the build
/// fills a post's own Jekyll `permalink` with the same function).
pub use render::permalink::{clean, expand};

impl Date {
    /// The day, as a date.
    pub fn day(&self) -> Option<time::Date> {
        let month = time::Month::try_from(self.month.parse::<u8>().ok()?).ok()?;
        time::Date::from_calendar_date(self.year.parse().ok()?, month, self.day.parse().ok()?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_from_front_matter_and_file_names() {
        let d = date("2011-04-27 22:00:00").unwrap();
        assert_eq!(
            (d.year.as_str(), d.month.as_str(), d.day.as_str()),
            ("2011", "04", "27")
        );
        assert_eq!(date("27/04/2011"), None);
        let (d, rest) = dated_stem("2016-05-31-rl").unwrap();
        assert_eq!((d.day.as_str(), rest), ("31", "rl"));
        assert_eq!(dated_stem("Rust-1.88.0"), None);
    }

    #[test]
    fn slugs_of_file_names() {
        assert_eq!(slug("Rust-1.88.0"), "rust-1-88-0");
        assert_eq!(slug("Café au lait"), "cafe-au-lait");
    }

    #[test]
    fn aliases_follow_the_builds_rule() {
        assert!(valid("/2011/04/27/x.html").is_ok());
        assert!(valid("2011/x").is_err());
        assert!(valid("/machine learning/x/").is_err());
        assert!(valid("/a/../b").is_err());
        assert_eq!(clean("//2011/04//x/"), "/2011/04/x/");
        assert_eq!(clean("/x.html"), "/x.html");
    }

    #[test]
    fn a_date_as_written_is_a_day() {
        let d = date("2011-04-27 22:00:00").unwrap();
        assert_eq!(
            d.day().map(|d| d.to_string()).as_deref(),
            Some("2011-04-27")
        );
        assert_eq!(date("2011-02-30").unwrap().day(), None);
    }
}
