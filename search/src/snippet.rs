//! A result's snippet: a window of its text around the first word found,
//! cut at spaces, escaped, with every word whose term the query found
//! wrapped in `<mark>`. Only the window is read and cut into words, so a
//! snippet costs the same in a long post as in a short one.

use crate::html::escape;
use crate::words::{words, Stems};

/// Bytes of text shown before the word found.
const BEFORE: usize = 60;
/// Bytes of text shown in all, about.
const LENGTH: usize = 240;

/// Appends to `out` the snippet of `text` (UTF-8, read as bytes so that
/// only the window is checked) at `anchor` (else at `from`, where the
/// post's text after its title starts), marking words whose term is in
/// `marked`. A window that is not UTF-8 (a corrupt index) is left out.
pub fn snippet(
    text: &[u8],
    from: usize,
    anchor: Option<usize>,
    marked: &[Vec<u8>],
    out: &mut String,
) {
    let at = floor(text, anchor.unwrap_or(from).min(text.len()));
    let from = from.min(at);
    let mut start = floor(text, at.saturating_sub(BEFORE).max(from));
    if start > from {
        // Begin at a word: after the first space past `start`, if before `at`.
        if let Some(space) = text[start..at].iter().position(u8::is_ascii_whitespace) {
            start += space + 1;
        }
    }
    let mut end = floor(text, (start + LENGTH).min(text.len()));
    if end < text.len() {
        if let Some(space) = text[at..end].iter().rposition(u8::is_ascii_whitespace) {
            end = at + space;
        }
    }
    let Ok(window) = std::str::from_utf8(&text[start..end]) else {
        return;
    };
    if start > from {
        out.push('…');
    }
    let stems = Stems::default();
    let mut written = 0;
    for word in words(window) {
        // Stemming changes only a word's end, never its first two letters:
        // only a word that begins as a key does is stemmed (stemming
        // every word of every snippet was most of a search's time).
        let begins = |key: &Vec<u8>| word.lower.as_bytes().starts_with(&key[..key.len().min(2)]);
        if !marked.iter().any(begins) {
            continue;
        }
        let stem = stems.of(&word.lower);
        if marked.iter().any(|key| key == stem.as_bytes()) {
            escape(&window[written..word.start], out);
            out.push_str("<mark>");
            escape(&window[word.start..word.end], out);
            out.push_str("</mark>");
            written = word.end;
        }
    }
    escape(&window[written..], out);
    if end < text.len() {
        out.push('…');
    }
}

/// The start of the UTF-8 character at or before `at` (no continuation
/// byte), or the end.
fn floor(text: &[u8], mut at: usize) -> usize {
    while at > 0 && at < text.len() && text[at] & 0xc0 == 0x80 {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(words: &[&str]) -> Vec<Vec<u8>> {
        words.iter().map(|w| w.as_bytes().to_vec()).collect()
    }

    #[test]
    fn found_words_are_marked_in_every_form_and_the_rest_escaped() {
        let mut out = String::new();
        let text = "Title\nWe cache <keys> & caching helps; the Cache.";
        snippet(text.as_bytes(), 6, Some(9), &marked(&["cach"]), &mut out);
        assert_eq!(
            out,
            "We <mark>cache</mark> &lt;keys&gt; &amp; <mark>caching</mark> helps; the <mark>Cache</mark>."
        );
    }

    #[test]
    fn a_long_text_is_cut_at_spaces_around_the_word() {
        let text = format!("{}needle {}", "word ".repeat(100), "tail ".repeat(100));
        let at = text.find("needle").unwrap();
        let mut out = String::new();
        snippet(text.as_bytes(), 0, Some(at), &marked(&["needl"]), &mut out);
        assert!(out.starts_with("…word "), "{out}");
        assert!(out.ends_with(" tail…") || out.ends_with("tail…"), "{out}");
        assert!(out.contains("<mark>needle</mark>"));
        assert!(out.len() < LENGTH + 40);
    }

    #[test]
    fn without_a_word_found_the_text_after_the_title_is_shown() {
        let mut out = String::new();
        let text = "Ünïcode title\nbody é text";
        snippet(
            text.as_bytes(),
            text.find('\n').unwrap() + 1,
            None,
            &[],
            &mut out,
        );
        assert_eq!(out, "body é text");
    }
}
