//! The reading time shown on each post: words read at 230 a minute, the
//! usual figure for reading on a screen. Only prose counts (headings,
//! paragraphs, lists, tables, footnotes, inline code; an inline formula is
//! one word); code blocks and display math are looked at rather than read,
//! and a reader's pace over them varies too much to guess.

/// Words read per minute.
pub const WORDS_PER_MINUTE: usize = 230;

/// Minutes to read `words`, rounded to the nearest minute, at least one.
pub fn minutes(words: usize) -> usize {
    ((words + WORDS_PER_MINUTE / 2) / WORDS_PER_MINUTE).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_to_the_nearest_minute_and_never_says_zero() {
        for (words, expect) in [(0, 1), (100, 1), (344, 1), (345, 2), (690, 3), (2300, 10)] {
            assert_eq!(minutes(words), expect, "{words} words");
        }
    }
}
