//! `find` on small indexes written for each test.

use super::*;
use crate::index::tests::post;
use crate::index::{write, Document};
use crate::query::parse;

fn names(bytes: &[u8], query: &str, page: usize) -> (usize, Vec<String>) {
    let index = Index::open(bytes).unwrap();
    let found = find(&index, &parse(query).unwrap(), page);
    let names = found
        .hits
        .iter()
        .map(|hit| index.record(hit.doc).unwrap().head.to_string())
        .collect();
    (found.total, names)
}

fn site() -> Vec<u8> {
    write(
        &[
            post(
                "kv",
                "The KV cache",
                "A cache of keys and values for attention.",
                &["ml"],
            ),
            post(
                "layers",
                "Layer norms",
                "Normalising layers. Caching is mentioned once here.",
                &["ml"],
            ),
            post(
                "rust",
                "Ownership in Rust",
                "The borrow checker keeps values and keys apart.",
                &["rust"],
            ),
            post(
                "shell",
                "Shell one-liners",
                "Pipes, values keys and xargs.",
                &["shell"],
            ),
        ],
        "",
    )
    .unwrap()
}

#[test]
fn the_post_about_it_ranks_first_and_every_form_of_the_word_finds_it() {
    let bytes = site();
    assert_eq!(
        names(&bytes, "cache", 1),
        (2, vec!["kv".into(), "layers".into()])
    );
    assert_eq!(names(&bytes, "caching", 1).1[0], "kv");
    assert_eq!(names(&bytes, "CACHED", 1).0, 2);
}

#[test]
fn every_word_must_be_found() {
    let bytes = site();
    assert_eq!(names(&bytes, "keys values", 1).0, 3);
    assert_eq!(names(&bytes, "keys borrow", 1), (1, vec!["rust".into()]));
    assert_eq!(names(&bytes, "keys zebra", 1).0, 0);
}

#[test]
fn a_phrase_needs_its_words_in_order_and_together() {
    let bytes = site();
    assert_eq!(
        names(&bytes, "\"keys and values\"", 1),
        (1, vec!["kv".into()])
    );
    assert_eq!(
        names(&bytes, "\"values and keys\"", 1),
        (1, vec!["rust".into()])
    );
    assert_eq!(
        names(&bytes, "\"values keys\"", 1),
        (1, vec!["shell".into()])
    );
    // The title's last word and the body's first are not a phrase.
    assert_eq!(names(&bytes, "\"cache a\"", 1).0, 0);
}

#[test]
fn a_phrase_of_common_words_in_a_long_post_is_checked_in_one_pass() {
    // 40,000 of each word: comparing every pair of places would take
    // billions of steps; one pass over each word's places takes 120,000.
    let body = "the cache ".repeat(40_000) + "the end";
    let bytes = write(&[post("long", "t", &body, &[])], "").unwrap();
    let start = std::time::Instant::now();
    assert_eq!(names(&bytes, "\"cache the end\"", 1).0, 1);
    assert_eq!(names(&bytes, "\"cache the cache end\"", 1).0, 0);
    assert!(start.elapsed() < std::time::Duration::from_secs(2));
}

#[test]
fn a_tag_filters_and_alone_lists_its_posts() {
    let bytes = site();
    assert_eq!(names(&bytes, "keys tag:rust", 1), (1, vec!["rust".into()]));
    assert_eq!(
        names(&bytes, "tag:ML", 1),
        (2, vec!["kv".into(), "layers".into()])
    );
    assert_eq!(names(&bytes, "tag:nothing", 1).0, 0);
}

#[test]
fn one_typo_in_a_long_word_still_finds_it_and_short_words_are_exact() {
    let bytes = site();
    assert_eq!(names(&bytes, "ownrship", 1), (1, vec!["rust".into()]));
    assert_eq!(names(&bytes, "chekcer", 1).0, 0, "two edits");
    assert_eq!(names(&bytes, "checkr", 1).1, ["rust"]);
    assert_eq!(names(&bytes, "kez", 1).0, 0, "short words are exact");
    // A typo that is a tag's name finds no tag term.
    assert_eq!(names(&bytes, "shelll", 1).1, ["shell"]);
    // A typo changes the stem (`attenton` is no form of `attent`): the
    // words as written are matched.
    assert_eq!(names(&bytes, "attenton", 1).1, ["kv"]);
    // A word in some post is not taken for a typo of another.
    assert_eq!(names(&bytes, "values", 1).0, 3);
    assert_eq!(names(&bytes, "valued", 1).0, 3, "a form of the word");
}

#[test]
fn results_come_in_pages_of_ten() {
    let bodies: Vec<String> = (0..25)
        .map(|i| format!("needle {}", "hay ".repeat(i)))
        .collect();
    let docs: Vec<Document> = bodies
        .iter()
        .map(|body| post("p", "title", body, &[]))
        .collect();
    let bytes = write(&docs, "").unwrap();
    let index = Index::open(&bytes).unwrap();
    let query = parse("needle").unwrap();
    let pages: Vec<Vec<u32>> = (1..=4)
        .map(|page| {
            find(&index, &query, page)
                .hits
                .iter()
                .map(|h| h.doc)
                .collect()
        })
        .collect();
    assert_eq!(
        pages.iter().map(Vec::len).collect::<Vec<_>>(),
        [10, 10, 5, 0]
    );
    // Shorter posts rank first; no post twice.
    assert_eq!(pages[0][..3], [0, 1, 2]);
    let mut all: Vec<u32> = pages.concat();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 25);
    assert_eq!(find(&index, &query, 3).total, 25);
}

#[test]
fn the_anchor_is_the_first_word_found_after_the_title() {
    let bytes = site();
    let index = Index::open(&bytes).unwrap();
    let found = find(&index, &parse("cache").unwrap(), 1);
    let record = index.record(found.hits[0].doc).unwrap();
    let anchor = found.hits[0].anchor.unwrap() as usize;
    assert!(record.text[anchor..].starts_with(b"cache of keys"));
}

#[test]
fn the_walk_stops_at_its_bound() {
    let body = "word ".to_string();
    let docs: Vec<Document> = (0..MOST_ENTRIES / 2 + 10)
        .map(|_| post("p", "t", &body, &[]))
        .collect();
    let bytes = write(&docs, "").unwrap();
    let index = Index::open(&bytes).unwrap();
    let query = parse("word word word").unwrap();
    let found = find(&index, &query, 1);
    assert!(found.cut_short);
    assert!(found.total < docs.len());
    assert_eq!(found.hits.len(), PER_PAGE);
}
