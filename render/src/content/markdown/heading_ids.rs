//! The ids other engines give a heading, so that a link written for the
//! engine a post came from (`#what-s-next` from Zola, `#whats-next` from
//! GitHub) still lands on the heading here: Zola's (the `slug` crate's
//! rule, Zola's default for anchors: each character transliterated to
//! ASCII by `deunicode`, so an emoji gives its name, then every run of
//! other characters one `-`), GitHub's (which Hugo's Goldmark copies by
//! default, `autoHeadingIDType = "github"`: lowercase letters, digits,
//! `_`, combining marks (an emoji's variation selector among them), and a
//! `-` for each space or `-`, everything else dropped) and
//! Jekyll's (kramdown's: ASCII letters, digits, spaces and `-`, leading
//! non-letters dropped, spaces to `-`). Each engine numbers a repeated id
//! its own way (`notes`, `notes-1`), counted here per engine. It only
//! computes ids; `headings` decides which a heading carries.

use std::collections::HashMap;

/// One engine's rule for a heading's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Engine {
    Zola,
    GitHub,
    Kramdown,
}

const ENGINES: [Engine; 3] = [Engine::Zola, Engine::GitHub, Engine::Kramdown];

/// The ids each engine gave the headings read so far, to number repeats.
#[derive(Default)]
pub(super) struct Engines {
    seen: HashMap<(Engine, String), usize>,
}

impl Engines {
    /// The ids the engines give the next heading, whose text is `text`,
    /// without repeats (an empty one is left out).
    pub(super) fn ids(&mut self, text: &str) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for engine in ENGINES {
            let base = engine.id(text);
            if base.is_empty() {
                continue;
            }
            let count = self.seen.entry((engine, base.clone())).or_insert(0);
            let id = match *count {
                0 => base,
                n => format!("{base}-{n}"),
            };
            *count += 1;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    }
}

impl Engine {
    fn id(self, text: &str) -> String {
        match self {
            Engine::Zola => zola(text),
            Engine::GitHub => github(text),
            Engine::Kramdown => kramdown(text),
        }
    }
}

/// The `slug` crate's `slugify`: ASCII by `deunicode`, lowercase letters
/// and digits kept, every run of anything else one `-`, none at the ends.
fn zola(text: &str) -> String {
    let mut slug = String::new();
    let mut dash = true;
    let ascii = text.chars().flat_map(|c| {
        let s = match c.is_ascii() {
            true => c.to_string(),
            false => deunicode::deunicode_char(c).unwrap_or("-").to_string(),
        };
        s.chars().collect::<Vec<_>>()
    });
    for c in ascii {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
            dash = false;
        } else if !dash {
            slug.push('-');
            dash = true;
        }
    }
    if slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// github-slugger, and Goldmark's `github` ids in Hugo: lowercase, each
/// space or `-` a `-`, letters, digits, `_` and marks kept, the rest
/// dropped.
fn github(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| match c {
            ' ' | '-' => Some('-'),
            c if c.is_alphanumeric() || c == '_' || is_mark(c) => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `c` is a mark github-slugger keeps (Unicode's category M): the
/// combining marks' blocks and the variation selectors, such as the
/// U+FE0F that asks for an emoji's colour form (`🛠️`), which stays in
/// the id when the emoji goes.
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// kramdown's `auto_ids`: leading characters up to the first ASCII letter
/// dropped, then ASCII letters, digits, spaces and `-` kept, spaces to
/// `-`, lowercase.
fn kramdown(text: &str) -> String {
    let start = text
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    text[start..]
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-'))
        .map(|c| match c {
            ' ' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_engine_makes_ids_its_own_way() {
        for (text, zola_id, github_id, kramdown_id) in [
            ("What’s next?", "what-s-next", "whats-next", "whats-next"),
            ("TOML 1.1", "toml-1-1", "toml-11", "toml-11"),
            (
                "I-unsound issues (🦀)",
                "i-unsound-issues-crab",
                "i-unsound-issues-",
                "i-unsound-issues-",
            ),
            (
                "Async (🦀, 👩‍💻)",
                "async-crab-woman-computer",
                "async--",
                "async--",
            ),
            (
                "1. Getting started",
                "1-getting-started",
                "1-getting-started",
                "getting-started",
            ),
            (
                "snake_case & C++",
                "snake-case-c",
                "snake_case--c",
                "snakecase--c",
            ),
            ("Ångström", "angstrom", "ångström", "ngstrm"),
            // As on the Rust blog: the colour form's selector stays.
            (
                "Faster Builds (👩‍💻, 🛠️)",
                "faster-builds-woman-computer-tools",
                "faster-builds--\u{fe0f}",
                "faster-builds--",
            ),
        ] {
            assert_eq!(zola(text), zola_id, "zola: {text}");
            assert_eq!(github(text), github_id, "github: {text}");
            assert_eq!(kramdown(text), kramdown_id, "kramdown: {text}");
        }
    }

    #[test]
    fn repeats_are_numbered_per_engine_from_one() {
        let mut engines = Engines::default();
        assert_eq!(engines.ids("Notes"), ["notes"]);
        assert_eq!(engines.ids("Notes"), ["notes-1"]);
        assert_eq!(engines.ids("Notes!"), ["notes-2"]);
        assert_eq!(engines.ids("What’s new"), ["what-s-new", "whats-new"]);
        assert_eq!(engines.ids("🦀"), ["crab"]);
    }
}
