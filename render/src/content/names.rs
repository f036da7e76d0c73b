//! Names a writer gives posts (tags, a series), as written: each one is
//! checked on its own (not empty, no control character, a slug that is not
//! empty: see `slug`), and across every post one spelling makes each slug,
//! so a tag or a series has one page and one name shown on it. Every
//! problem names `file:line`; which page lists which posts is `pages`'.

use crate::content::slug::slug;
use anyhow::{anyhow, Result};
use std::collections::BTreeMap;

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

/// Every place where `names` (each a `kind` of name with the file it is
/// written in) give one slug two spellings, or one post lists a name
/// twice; each reported at the later place, naming the first. The same
/// spelling in several posts is what names are for.
pub fn collisions<'a>(
    kind: &str,
    names: impl IntoIterator<Item = (&'a str, &'a Name)>,
) -> Vec<anyhow::Error> {
    let mut names: Vec<(&str, &Name)> = names.into_iter().collect();
    names.sort_by_key(|(file, name)| (*file, name.line));
    let mut first: BTreeMap<&str, (&str, &Name)> = BTreeMap::new();
    let mut problems = Vec::new();
    for (file, name) in names {
        let Some(&(first_file, earlier)) = first.get(name.slug.as_str()) else {
            first.insert(&name.slug, (file, name));
            continue;
        };
        if first_file != file && earlier.text == name.text {
            continue;
        }
        let (text, line, slug) = (&name.text, name.line, &name.slug);
        let problem = if first_file != file {
            format!(
                "{file}:{line}: {kind} \"{text}\" and {kind} \"{}\" in {first_file}:{} make the same slug \"{slug}\": spell them the same",
                earlier.text, earlier.line
            )
        } else if earlier.text == name.text {
            format!("{file}:{line}: {kind} \"{text}\" is listed twice")
        } else {
            format!(
                "{file}:{line}: {kind} \"{text}\" and {kind} \"{}\" (line {}) make the same slug \"{slug}\": keep one",
                earlier.text, earlier.line
            )
        };
        problems.push(anyhow!(problem));
    }
    problems
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

    #[test]
    fn one_slug_two_spellings_is_one_error_naming_both_places() {
        let (gpu, upper, again) = (at("gpu", 5), at("GPU", 4), at("GPU", 9));
        let problems = collisions(
            "tag",
            [
                ("posts/b.md", &gpu),
                ("posts/a.md", &upper),
                ("posts/c.md", &again),
            ],
        );
        assert_eq!(
            messages(problems),
            ["posts/b.md:5: tag \"gpu\" and tag \"GPU\" in posts/a.md:4 make the same slug \"gpu\": spell them the same"]
        );
    }

    #[test]
    fn a_name_listed_twice_in_one_post_is_an_error() {
        let (a, b, c) = (at("Rust", 4), at("rust", 4), at("Rust", 5));
        let problems = collisions(
            "tag",
            [("posts/x.md", &a), ("posts/x.md", &b), ("posts/x.md", &c)],
        );
        assert_eq!(
            messages(problems),
            [
                "posts/x.md:4: tag \"rust\" and tag \"Rust\" (line 4) make the same slug \"rust\": keep one",
                "posts/x.md:5: tag \"Rust\" is listed twice",
            ]
        );
    }
}
