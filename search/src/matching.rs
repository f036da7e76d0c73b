//! A query over an index → the page of results asked for, ranked by
//! BM25: each word is looked up as its stem; a long word (at least
//! `FUZZY_FROM` letters) whose stem is in no post is taken for a typo and
//! looked up as every word one edit away (fst's Levenshtein automaton over
//! the words as written, at most `MOST_EXPANSIONS` stems, counting less);
//! every word and tag must be in a post, a phrase's words next to each
//! other. The postings are walked together, document by document, and the
//! best `page × PER_PAGE` are kept in a heap of that size: memory grows
//! with the page asked for, never with the site, and the walk stops after
//! `MOST_ENTRIES` postings entries (`Found::cut_short`).

use crate::index::{Entry, Index, Postings, TAG};
use crate::query::Query;
use crate::words::Stems;
use fst::automaton::Levenshtein;
use fst::{IntoStreamer, Streamer};
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

/// Results on a page.
pub const PER_PAGE: usize = 10;
/// The last page of results shown.
pub const LAST_PAGE: usize = 50;
/// Words this long or longer also find terms one typo away.
pub const FUZZY_FROM: usize = 5;
/// The most terms a word stands for (itself and its near spellings).
pub const MOST_EXPANSIONS: usize = 8;
/// The most postings entries one query walks.
pub const MOST_ENTRIES: usize = 200_000;
/// What a near spelling counts against the word itself.
const NEAR: f32 = 0.5;
/// BM25's parameters, the usual ones.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// A word of the body weighs this much (`index::Field::weight`).
const BODY_WEIGHT: f32 = 2.0;

/// One result.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub doc: u32,
    pub score: f32,
    /// Where in its text a snippet is best taken (a word found, at or
    /// after the record's `snippet_from`).
    pub anchor: Option<u32>,
}

/// The results of one page, and what they were found by.
pub struct Found {
    /// How many posts match in all.
    pub total: usize,
    /// This page's, best first.
    pub hits: Vec<Hit>,
    /// The terms found, to mark in snippets.
    pub marked: Vec<Vec<u8>>,
    /// Whether the walk stopped at `MOST_ENTRIES` (`total` is a floor).
    pub cut_short: bool,
}

/// A term's postings, at the entry of the current document.
struct Cursor<'a> {
    postings: Postings<'a>,
    current: Option<Entry<'a>>,
    idf: f32,
    factor: f32,
}

/// What one word, phrase word or tag must find: any of its terms.
struct Group<'a> {
    cursors: Vec<Cursor<'a>>,
    scores: bool,
    phrase: Option<(usize, usize)>,
}

impl<'a> Group<'a> {
    /// The smallest current document of its cursors.
    fn doc(&self) -> Option<u32> {
        self.cursors
            .iter()
            .filter_map(|c| c.current.map(|e| e.doc))
            .min()
    }

    /// Moves every cursor to its first entry at or past `doc`.
    fn advance_to(&mut self, doc: u32, walked: &mut usize) {
        for cursor in &mut self.cursors {
            while cursor.current.is_some_and(|e| e.doc < doc) {
                cursor.current = cursor.postings.next();
                *walked += 1;
            }
        }
    }

    /// The entries of its cursors at `doc`, with their cursor.
    fn at(&self, doc: u32) -> impl Iterator<Item = (&Cursor<'a>, Entry<'a>)> {
        self.cursors
            .iter()
            .filter_map(move |c| c.current.filter(|e| e.doc == doc).map(|e| (c, e)))
    }
}

/// The results of `query` on page `page` (from 1).
pub fn find(index: &Index, query: &Query, page: usize) -> Found {
    let mut marked = Vec::new();
    let mut groups = groups(index, query, &mut marked);
    let keep = page.clamp(1, LAST_PAGE) * PER_PAGE;
    let mut best: BinaryHeap<Reverse<Ranked>> = BinaryHeap::with_capacity(keep + 1);
    let (mut total, mut walked) = (0, 0);
    let mut candidate = 0;
    while !groups.is_empty() && walked < MOST_ENTRIES {
        let mut furthest = candidate;
        let mut ended = false;
        for group in &mut groups {
            group.advance_to(candidate, &mut walked);
            match group.doc() {
                Some(doc) => furthest = furthest.max(doc),
                None => ended = true,
            }
        }
        if ended {
            break;
        }
        if furthest != candidate {
            candidate = furthest;
            continue;
        }
        if phrases_hold(&groups, candidate, &mut walked) {
            total += 1;
            let ranked = Ranked {
                score: score(index, &groups, candidate),
                doc: candidate,
                anchor: None,
            };
            let better = best.len() < keep || best.peek().is_some_and(|worst| ranked > worst.0);
            if better {
                if best.len() == keep {
                    best.pop();
                }
                let anchor = anchor(index, &groups, candidate);
                best.push(Reverse(Ranked { anchor, ..ranked }));
            }
        }
        let Some(next) = candidate.checked_add(1) else {
            break;
        };
        candidate = next;
    }
    let cut_short = walked >= MOST_ENTRIES;
    let skip = (page.clamp(1, LAST_PAGE) - 1) * PER_PAGE;
    let hits = best
        .into_sorted_vec()
        .into_iter()
        .map(|Reverse(ranked)| Hit {
            doc: ranked.doc,
            score: ranked.score,
            anchor: ranked.anchor,
        })
        .skip(skip)
        .collect();
    Found {
        total,
        hits,
        marked,
        cut_short,
    }
}

/// A document's score, ordered best first: by score, then the earlier
/// document (the build numbers posts newest first).
#[derive(Clone, Copy)]
struct Ranked {
    score: f32,
    doc: u32,
    anchor: Option<u32>,
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| other.doc.cmp(&self.doc))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// One group per word and tag of `query`, each with the cursors of its
/// terms; the terms that score are added to `marked`. A word with no
/// term leaves its group empty, so nothing matches.
fn groups<'a>(index: &Index<'a>, query: &Query, marked: &mut Vec<Vec<u8>>) -> Vec<Group<'a>> {
    let documents = index.documents() as f32;
    let cursor = |offset: u64, factor: f32| {
        let mut postings = index.postings(offset);
        let df = postings.count as f32;
        let idf = (1.0 + (documents - df + 0.5) / (df + 0.5)).ln();
        Cursor {
            current: postings.next(),
            postings,
            idf,
            factor,
        }
    };
    let mut groups = Vec::with_capacity(query.terms.len() + query.tags.len());
    for term in &query.terms {
        let mut keys: Vec<(Vec<u8>, u64, f32)> = Vec::new();
        if let Some(offset) = index.terms.get(&term.stem) {
            keys.push((term.stem.clone().into_bytes(), offset, 1.0));
        } else if term.phrase.is_none() && term.lower.chars().count() >= FUZZY_FROM {
            near(index, &term.lower, &mut keys);
        }
        let mut cursors = Vec::with_capacity(keys.len());
        for (key, offset, factor) in keys {
            cursors.push(cursor(offset, factor));
            if !marked.contains(&key) {
                marked.push(key);
            }
        }
        groups.push(Group {
            cursors,
            scores: true,
            phrase: term.phrase,
        });
    }
    for tag in &query.tags {
        let mut key = vec![TAG];
        key.extend_from_slice(tag.as_bytes());
        let cursors = index
            .terms
            .get(&key)
            .map(|offset| cursor(offset, 0.0))
            .into_iter()
            .collect();
        groups.push(Group {
            cursors,
            scores: false,
            phrase: None,
        });
    }
    groups
}

/// Adds the stems of the words one edit from `word` (each stem once) to
/// `keys`, with their postings, up to `MOST_EXPANSIONS` in all.
fn near(index: &Index, word: &str, keys: &mut Vec<(Vec<u8>, u64, f32)>) {
    // The automaton refuses words whose states would be too many.
    let Ok(automaton) = Levenshtein::new(word, 1) else {
        return;
    };
    let stems = Stems::default();
    let mut stream = index.words.search(&automaton).into_stream();
    while let Some((spelling, offset)) = stream.next() {
        if keys.len() >= MOST_EXPANSIONS {
            return;
        }
        if keys.iter().all(|&(_, at, _)| at != offset) {
            let stem = std::str::from_utf8(spelling).map(|s| stems.of(s).into_owned());
            keys.push((stem.unwrap_or_default().into_bytes(), offset, NEAR));
        }
    }
}

/// Whether every phrase's words are next to each other in `doc`, where
/// every group has an entry.
fn phrases_hold(groups: &[Group], doc: u32, walked: &mut usize) -> bool {
    let last = groups.iter().filter_map(|g| g.phrase).map(|(p, _)| p).max();
    last.is_none_or(|last| (0..=last).all(|p| phrase_holds(groups, p, doc, walked)))
}

/// Whether phrase `p`'s words follow each other somewhere in `doc`: one
/// pass over each word's positions (they are sorted, and so are the
/// places the first word starts), however often the words occur.
fn phrase_holds(groups: &[Group], p: usize, doc: u32, walked: &mut usize) -> bool {
    let mut words: Vec<(u32, _)> = groups
        .iter()
        .filter_map(|g| {
            let (_, place) = g.phrase.filter(|&(phrase, _)| phrase == p)?;
            let (_, entry) = g.at(doc).next()?;
            Some((place as u32, entry.positions.map(|(w, _)| w).peekable()))
        })
        .collect();
    let Some(first) = words.iter().position(|(place, _)| *place == 0) else {
        return false;
    };
    let (_, starts) = words.swap_remove(first);
    for start in starts {
        *walked += 1;
        let together = words.iter_mut().all(|(place, positions)| {
            let wanted = start + *place;
            while positions.next_if(|&w| w < wanted).is_some() {
                *walked += 1;
            }
            positions.peek() == Some(&wanted)
        });
        if together {
            return true;
        }
    }
    false
}

/// BM25 of `doc`: each scoring group's best term, a near spelling
/// counting `NEAR` of the word itself.
fn score(index: &Index, groups: &[Group], doc: u32) -> f32 {
    let length = index.length(doc) as f32 / index.average_length().max(1.0);
    groups
        .iter()
        .filter(|g| g.scores)
        .map(|group| {
            group
                .at(doc)
                .map(|(cursor, entry)| {
                    let tf = entry.weighted as f32 / BODY_WEIGHT;
                    let saturated = tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length));
                    cursor.idf * saturated * cursor.factor
                })
                .fold(0.0, f32::max)
        })
        .sum()
}

/// Where in `doc`'s text the first word found lies at or after the
/// record's `snippet_from`, from the scoring groups' entries at `doc`.
fn anchor(index: &Index, groups: &[Group], doc: u32) -> Option<u32> {
    let from = index.record(doc)?.snippet_from as u32;
    groups
        .iter()
        .filter(|g| g.scores)
        .flat_map(|g| g.at(doc))
        .filter_map(|(_, entry)| entry.positions.map(|(_, byte)| byte).find(|&b| b >= from))
        .min()
}

#[cfg(test)]
mod tests;
