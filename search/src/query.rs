//! What a reader typed → what to look for: words (each stemmed), phrases
//! in double quotes, and `tag:name` filters; refused past the bounds
//! (`LONGEST_QUERY` bytes, `MOST_TERMS` words and tags), so that no query
//! costs more than a bounded amount of work. Where it stops: it knows
//! nothing of the index (`matching` looks the terms up).

use crate::words::{words, Stems};

/// The longest query answered, in bytes (decoded).
pub const LONGEST_QUERY: usize = 200;
/// The most words and tags a query may hold.
pub const MOST_TERMS: usize = 10;

/// A parsed query.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<Term>,
    /// Lowercased tag names or slugs, each one a filter.
    pub tags: Vec<String>,
}

/// One word to find.
#[derive(Debug, PartialEq, Eq)]
pub struct Term {
    pub lower: String,
    pub stem: String,
    /// In a quoted phrase: which phrase, and the word's place in it.
    pub phrase: Option<(usize, usize)>,
}

/// Why a query is not answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    TooLong,
    TooManyTerms,
}

impl Query {
    /// Whether there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.tags.is_empty()
    }
}

/// `text` as a query, or why it is refused.
pub fn parse(text: &str) -> Result<Query, Refused> {
    if text.len() > LONGEST_QUERY {
        return Err(Refused::TooLong);
    }
    let stems = Stems::default();
    let term = |lower: &str, phrase| Term {
        stem: stems.of(lower).into_owned(),
        lower: lower.to_string(),
        phrase,
    };
    let mut query = Query::default();
    let mut phrases = 0;
    // Odd pieces lie between quotes; an unclosed quote runs to the end.
    for (i, piece) in text.split('"').enumerate() {
        if i % 2 == 1 {
            let quoted: Vec<_> = words(piece).collect();
            let phrase = (quoted.len() > 1).then(|| {
                phrases += 1;
                phrases - 1
            });
            for (place, word) in quoted.iter().enumerate() {
                query
                    .terms
                    .push(term(&word.lower, phrase.map(|p| (p, place))));
            }
            continue;
        }
        for token in piece.split_whitespace() {
            let tag = token
                .get(..4)
                .filter(|prefix| prefix.eq_ignore_ascii_case("tag:"))
                .map(|_| token[4..].trim_matches(|c: char| !c.is_alphanumeric()));
            match tag {
                Some("") => {}
                Some(tag) => query.tags.push(tag.to_lowercase()),
                None => query
                    .terms
                    .extend(words(token).map(|word| term(&word.lower, None))),
            }
        }
        if query.terms.len() + query.tags.len() > MOST_TERMS {
            return Err(Refused::TooManyTerms);
        }
    }
    if query.terms.len() + query.tags.len() > MOST_TERMS {
        return Err(Refused::TooManyTerms);
    }
    Ok(query)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(query: &Query) -> Vec<&str> {
        query.terms.iter().map(|t| t.stem.as_str()).collect()
    }

    #[test]
    fn words_are_stemmed_and_tags_are_filters() {
        let query = parse("Caching TAG:Rust layers tag:").unwrap();
        assert_eq!(stems(&query), ["cach", "layer"]);
        assert_eq!(query.tags, ["rust"]);
        assert!(query.terms.iter().all(|t| t.phrase.is_none()));
    }

    #[test]
    fn quoted_words_are_a_phrase_and_one_quoted_word_is_a_word() {
        let query = parse(r#"kv "the KV cache" "alone" "open"#).unwrap();
        let phrases: Vec<_> = query.terms.iter().map(|t| t.phrase).collect();
        assert_eq!(
            phrases,
            [None, Some((0, 0)), Some((0, 1)), Some((0, 2)), None, None]
        );
        assert_eq!(query.terms[2].lower, "kv");
    }

    #[test]
    fn past_the_bounds_a_query_is_refused() {
        assert_eq!(parse(&"a".repeat(LONGEST_QUERY + 1)), Err(Refused::TooLong));
        let many = ["word"; MOST_TERMS + 1].join(" ");
        assert_eq!(parse(&many), Err(Refused::TooManyTerms));
        assert!(parse(&["word"; MOST_TERMS].join(" ")).is_ok());
        assert!(parse("  ").unwrap().is_empty());
    }
}
