//! Text → the words the index holds: runs of letters and digits,
//! lowercased, and each word's English stem (Snowball's Porter 2, from
//! `rust-stemmers`), so that `caching`, `cached` and `cache` are one term.
//! The build cuts a post's text with it and the server a query, so both
//! sides always agree on what a word is. Where a word lies in the text
//! (its byte range) travels with it, for positions and snippets.

use rust_stemmers::{Algorithm, Stemmer};
use std::borrow::Cow;

/// Words longer than this many bytes are no words (a hash, a base64
/// blob): they are skipped, never indexed nor looked up.
pub const LONGEST_WORD: usize = 40;

/// One word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    /// Where it lies in the text.
    pub start: usize,
    pub end: usize,
    /// Lowercased.
    pub lower: Cow<'a, str>,
}

/// The words of `text`, in order.
pub fn words(text: &str) -> impl Iterator<Item = Word<'_>> {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || loop {
        let (start, _) = rest.find(|(_, c)| c.is_alphanumeric())?;
        let mut end = text.len();
        while let Some(&(at, c)) = rest.peek() {
            if !c.is_alphanumeric() {
                end = at;
                break;
            }
            rest.next();
        }
        let word = &text[start..end];
        if word.len() > LONGEST_WORD {
            continue;
        }
        let lower = if word.chars().any(char::is_uppercase) {
            Cow::Owned(word.to_lowercase())
        } else {
            Cow::Borrowed(word)
        };
        return Some(Word { start, end, lower });
    })
}

/// Stems words; one per thread of work (it is cheap to make).
pub struct Stems(Stemmer);

impl Default for Stems {
    fn default() -> Self {
        Stems(Stemmer::create(Algorithm::English))
    }
}

impl Stems {
    /// The stem of a lowercased word: the term the index files it under.
    pub fn of<'a>(&self, lower: &'a str) -> Cow<'a, str> {
        self.0.stem(lower)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowered(text: &str) -> Vec<String> {
        words(text).map(|w| w.lower.into_owned()).collect()
    }

    #[test]
    fn words_are_runs_of_letters_and_digits_lowercased() {
        assert_eq!(
            lowered("KV-cache, user_id & Ünïcode 42!"),
            ["kv", "cache", "user", "id", "ünïcode", "42"]
        );
        let text = "a «Bé» c";
        let spans: Vec<&str> = words(text).map(|w| &text[w.start..w.end]).collect();
        assert_eq!(spans, ["a", "Bé", "c"]);
    }

    #[test]
    fn words_past_the_longest_are_skipped() {
        let long = "x".repeat(LONGEST_WORD + 1);
        assert_eq!(lowered(&format!("a {long} b")), ["a", "b"]);
    }

    #[test]
    fn stemming_makes_forms_of_a_word_one_term() {
        let stems = Stems::default();
        for word in ["caching", "cached", "cache", "caches"] {
            assert_eq!(stems.of(word), "cach", "{word}");
        }
        assert_eq!(stems.of("running"), stems.of("runs"));
    }
}
