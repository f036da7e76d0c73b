//! Names a writer gives posts (tags, a series), as written: each one is
//! checked on its own (not empty, no control character, a slug that is not
//! empty: see `slug`), and across every post the spellings that make one
//! slug are one name, shown as spelled most often ("The Compiler Team" and
//! "the compiler team" are one tag, with a warning listing the spellings),
//! so a tag or a series has one page and one name shown on it. Every
//! problem and warning names `file:line`; which page lists which posts is
//! `pages`'.

use crate::content::slug::slug;
use anyhow::{anyhow, Result};
use std::collections::BTreeMap;
use time::Date;

/// A tag or a series: the name as written (trimmed), its slug, and the
/// line of the post's file it is written on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub text: String,
    pub slug: String,
    pub line: usize,
}

/// `written`, a `kind` of name ("tag", "series") on line `line` of `file`,
/// as a `Name`; or what is wrong with it, at `file:line`.
pub fn name(kind: &str, written: &str, file: &str, line: usize) -> Result<Name> {
    let text = written.trim();
    if text.is_empty() {
        return Err(anyhow!("{file}:{line}: a {kind} is empty"));
    }
    if let Some(c) = text.chars().find(|c| c.is_control()) {
        return Err(anyhow!(
            "{file}:{line}: {kind} {text:?} holds a control character (U+{:04X})",
            u32::from(c)
        ));
    }
    let slug = slug(text);
    if slug.is_empty() {
        return Err(anyhow!(
            "{file}:{line}: {kind} \"{text}\" has no letter or digit to make its page's address from"
        ));
    }
    Ok(Name {
        text: text.to_string(),
        slug,
        line,
    })
}

/// How the names of one kind are shown across the site: one spelling for
/// each slug, and what the writer should hear about.
#[derive(Debug, Default)]
pub struct Spellings {
    /// The spelling shown for each slug: the one written most often; of
    /// two written as often, the one the newest post writes.
    pub shown: BTreeMap<String, String>,
    /// One per slug spelled more than one way, listing the spellings, at
    /// the first place a spelling not shown is written.
    pub warnings: Vec<String>,
    /// Every post that lists one name twice, in any spelling.
    pub problems: Vec<anyhow::Error>,
}

impl Spellings {
    /// Spells `name` as its slug is shown.
    pub fn show(&self, name: &mut Name) {
        if let Some(shown) = self.shown.get(&name.slug) {
            name.text.clone_from(shown);
        }
    }
}

/// The spellings of `names`, each a `kind` of name ("tag", "series") with
/// the file it is written in and the date of its post.
pub fn spellings<'a>(
    kind: &str,
    names: impl IntoIterator<Item = (&'a str, Date, &'a Name)>,
) -> Spellings {
    let mut names: Vec<(&str, Date, &Name)> = names.into_iter().collect();
    names.sort_by_key(|(file, _, name)| (*file, name.line));
    let mut result = Spellings::default();
    let mut written: BTreeMap<&str, BTreeMap<&str, Spelling>> = BTreeMap::new();
    let mut in_post: BTreeMap<(&str, &str), &Name> = BTreeMap::new();
    for (file, date, name) in names {
        if let Some(&earlier) = in_post.get(&(file, name.slug.as_str())) {
            let (text, line) = (&name.text, name.line);
            result.problems.push(if earlier.text == name.text {
                anyhow!("{file}:{line}: {kind} \"{text}\" is listed twice")
            } else {
                anyhow!(
                    "{file}:{line}: {kind} \"{text}\" and {kind} \"{}\" (line {}) make the same slug \"{}\": keep one",
                    earlier.text, earlier.line, name.slug
                )
            });
            continue;
        }
        in_post.insert((file, &name.slug), name);
        let spelling = written
            .entry(&name.slug)
            .or_default()
            .entry(&name.text)
            .or_insert(Spelling {
                count: 0,
                newest: date,
                first: (file, name.line),
            });
        spelling.count += 1;
        spelling.newest = spelling.newest.max(date);
    }
    for (slug, spellings) in written {
        let mut ranked: Vec<(&str, Spelling)> = spellings.into_iter().collect();
        // Most often first; then the newest; then by text, to be stable.
        ranked.sort_by(|(a, x), (b, y)| (y.count, y.newest, a).cmp(&(x.count, x.newest, b)));
        let (shown, most) = ranked[0];
        let others = &ranked[1..];
        if let Some((file, line)) = others.iter().map(|(_, s)| s.first).min() {
            let listed: Vec<String> = others
                .iter()
                .map(|(text, s)| format!("\"{text}\" ({})", times(s.count)))
                .collect();
            result.warnings.push(format!(
                "{file}:{line}: {kind} \"{shown}\" ({}) is also spelled {}: all are one {kind}, shown as \"{shown}\"",
                times(most.count),
                listed.join(", ")
            ));
        }
        result.shown.insert(slug.to_string(), shown.to_string());
    }
    result
}

/// One spelling of a slug: how many times it is written, the newest post
/// that writes it, and the first place (file, line) it is written.
#[derive(Clone, Copy)]
struct Spelling<'a> {
    count: usize,
    newest: Date,
    first: (&'a str, usize),
}

/// "1 post", "3 posts".
fn times(count: usize) -> String {
    match count {
        1 => "1 post".into(),
        n => format!("{n} posts"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(problems: Vec<anyhow::Error>) -> Vec<String> {
        problems.iter().map(ToString::to_string).collect()
    }

    fn at(text: &str, line: usize) -> Name {
        name("tag", text, "posts/x.md", line).unwrap()
    }

    #[test]
    fn a_name_is_trimmed_and_shown_as_written() {
        let tag = at("  Machine Learning ", 4);
        assert_eq!(tag.text, "Machine Learning");
        assert_eq!(tag.slug, "machine-learning");
        assert_eq!(tag.line, 4);
    }

    #[test]
    fn empty_control_and_slugless_names_are_errors_at_their_line() {
        let error = |text| name("tag", text, "posts/a.md", 7).unwrap_err().to_string();
        assert_eq!(error("  "), "posts/a.md:7: a tag is empty");
        assert_eq!(
            error("a\tb"),
            "posts/a.md:7: tag \"a\\tb\" holds a control character (U+0009)"
        );
        assert_eq!(
            error("!!!"),
            "posts/a.md:7: tag \"!!!\" has no letter or digit to make its page's address from"
        );
    }

    fn day(d: u8) -> Date {
        Date::from_calendar_date(2026, time::Month::January, d).unwrap()
    }

    #[test]
    fn the_spelling_written_most_often_is_shown_with_one_warning() {
        let (a, b, c, d) = (at("GPU", 4), at("gpu", 5), at("GPU", 9), at("Gpu", 3));
        let result = spellings(
            "tag",
            [
                ("posts/b.md", day(2), &b),
                ("posts/a.md", day(1), &a),
                ("posts/c.md", day(3), &c),
                ("posts/d.md", day(4), &d),
            ],
        );
        assert_eq!(result.shown["gpu"], "GPU");
        assert_eq!(
            result.warnings,
            ["posts/b.md:5: tag \"GPU\" (2 posts) is also spelled \"Gpu\" (1 post), \"gpu\" (1 post): all are one tag, shown as \"GPU\""]
        );
        assert!(result.problems.is_empty());
    }

    #[test]
    fn of_two_spellings_written_as_often_the_newest_posts_is_shown() {
        let (old, new) = (at("The Compiler Team", 4), at("the compiler team", 4));
        let result = spellings(
            "tag",
            [("posts/a.md", day(1), &old), ("posts/b.md", day(2), &new)],
        );
        assert_eq!(result.shown["the-compiler-team"], "the compiler team");
        assert_eq!(result.warnings.len(), 1);
        assert!(
            result.warnings[0].starts_with("posts/a.md:4: "),
            "{:?}",
            result.warnings
        );
    }

    #[test]
    fn one_spelling_in_many_posts_warns_of_nothing() {
        let (a, b) = (at("Rust", 4), at("Rust", 4));
        let result = spellings(
            "tag",
            [("posts/a.md", day(1), &a), ("posts/b.md", day(2), &b)],
        );
        assert_eq!(result.shown["rust"], "Rust");
        assert!(result.warnings.is_empty() && result.problems.is_empty());
    }

    #[test]
    fn a_name_listed_twice_in_one_post_is_an_error() {
        let (a, b, c) = (at("Rust", 4), at("rust", 4), at("Rust", 5));
        let result = spellings(
            "tag",
            [
                ("posts/x.md", day(1), &a),
                ("posts/x.md", day(1), &b),
                ("posts/x.md", day(1), &c),
            ],
        );
        assert_eq!(
            messages(result.problems),
            [
                "posts/x.md:4: tag \"rust\" and tag \"Rust\" (line 4) make the same slug \"rust\": keep one",
                "posts/x.md:5: tag \"Rust\" is listed twice",
            ]
        );
    }
}
