//! The slug rule: the URL segment made from a name as a writer wrote it
//! (a tag, a series), so that `"Machine Learning"` is shown as written and
//! served at `/tags/machine-learning/`. Pure: checking names and finding
//! two that make one slug is `names`'.
//!
//! The rule, in order:
//!
//! 1. `+`, `#` and `&` are spelled out (`plus`, `sharp`, `and`): in
//!    technical names they carry meaning, and `C`, `C++` and `C#` are three
//!    different tags.
//! 2. Apostrophes (`'`, `’`) are dropped: `writer's` → `writers`.
//! 3. Every other character outside ASCII is transliterated by `deunicode`
//!    (`é` → `e`, `ß` → `ss`, `日本` → `ri ben`), so every address stays
//!    plain ASCII: readable when shared, and the same in a link, the
//!    sitemap and a server log.
//! 4. Runs of ASCII letters and digits, lowercased, are joined by single
//!    hyphens; everything else separates them. So a slug never starts or
//!    ends with a hyphen, and is empty when the name holds no letter or
//!    digit (`"!!!"`), which `names` reports.

use deunicode::deunicode_char;

/// Characters spelled out as words.
const SPELLED: [(char, &str); 3] = [('+', "plus"), ('#', "sharp"), ('&', "and")];

/// The slug of `name` (see the module's rule).
pub fn slug(name: &str) -> String {
    let mut ascii = String::new();
    for c in name.chars() {
        match SPELLED.iter().find(|(symbol, _)| *symbol == c) {
            Some((_, word)) => {
                ascii.push(' ');
                ascii.push_str(word);
                ascii.push(' ');
            }
            None if matches!(c, '\'' | '’') => {}
            None if c.is_ascii() => ascii.push(c),
            None => ascii.push_str(deunicode_char(c).unwrap_or(" ")),
        }
    }
    ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_by_example() {
        for (name, expected) in [
            ("rust", "rust"),
            ("GPU", "gpu"),
            ("Machine Learning", "machine-learning"),
            ("edge cases", "edge-cases"),
            ("  spaced   out  ", "spaced-out"),
            ("ml-infra", "ml-infra"),
            ("C", "c"),
            ("C++", "c-plus-plus"),
            ("C#", "c-sharp"),
            ("F#", "f-sharp"),
            ("R&D", "r-and-d"),
            ("a+b", "a-plus-b"),
            ("C/C++", "c-c-plus-plus"),
            ("Node.js", "node-js"),
            (".NET", "net"),
            ("k8s", "k8s"),
            ("HTTP/2", "http-2"),
            ("--weird--", "weird"),
            ("snake_case", "snake-case"),
            ("writer's notes", "writers-notes"),
            ("Writer’s Notes", "writers-notes"),
            ("Café", "cafe"),
            ("Ångström", "angstrom"),
            ("Straße", "strasse"),
            ("naïve Bayes", "naive-bayes"),
            ("日本語", "ri-ben-yu"),
            ("!!!", ""),
            ("", ""),
        ] {
            assert_eq!(slug(name), expected, "{name:?}");
        }
    }

    #[test]
    fn a_slug_is_its_own_slug() {
        for name in ["Machine Learning", "C++", "Ångström", "HTTP/2"] {
            let once = slug(name);
            assert_eq!(slug(&once), once);
        }
    }
}
