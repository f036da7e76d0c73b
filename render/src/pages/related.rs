//! Related posts: for each post, up to three others most like it, chosen
//! at build time from what they share, tags first, then words, for the end
//! of its page (`navigation::related`; not the feed). Pure: it reads the
//! posts' front matter and markdown and says which.
//!
//! A post is a weighted bag of terms: its tags, and the words of its title
//! and prose (not code blocks or math), lowercased, with a plural `s`
//! taken off. A term weighs `(1 + ln tf) · idf` (BM25's idf, so a word in
//! every post weighs next to nothing, a rare one much), a tag `TAG_WEIGHT`
//! times its idf: a shared tag says more than any shared word. A term in
//! one post alone links it to nothing and is dropped; of the rest a post
//! keeps its tags and its `PROFILE_WORDS` heaviest words, as "more like
//! this" searches do, so the work is bounded by that, not by the length
//! of posts. Two posts are as alike as the cosine of those profiles.
//!
//! Ties go to the newer post (the earlier in `posts`, which come newest
//! first); every sum runs in one order, so the same posts always give the
//! same choice.

use crate::content::post::Post;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;

/// The most posts a post shows as related.
pub const COUNT: usize = 3;

/// How much more a shared tag counts than a shared word of the same rarity.
const TAG_WEIGHT: f32 = 4.0;

/// How many words of a post (its heaviest) it is compared by.
const PROFILE_WORDS: usize = 30;

/// A word shorter than this many characters is not a term.
const MIN_WORD: usize = 3;

/// A post's terms and how often it uses each (`terms`), sorted.
pub type Terms = Vec<(String, u32)>;

/// For each post (newest first) whose terms are `counted[i]` (`terms`,
/// which a caller may keep between builds: only this depends on the
/// other posts), the indices of up to `COUNT` others most like it, the
/// most alike first; none shares nothing.
pub fn related<T: AsRef<Terms>>(counted: &[T]) -> Vec<Vec<usize>> {
    // Numbered in the order of the posts (and of each post's terms), so
    // that the same posts always make the same numbers.
    let mut ids: HashMap<&str, usize> = HashMap::default();
    let bags: Vec<Bag> = counted
        .iter()
        .map(|terms| {
            terms
                .as_ref()
                .iter()
                .map(|(term, count)| {
                    let next = ids.len();
                    let id = *ids.entry(term.as_str()).or_insert(next);
                    (id, term.starts_with(TAG), *count)
                })
                .collect()
        })
        .collect();
    let profiles = profiles(&bags, ids.len());
    // Who holds each term, in the order of `posts`.
    let mut holders: Vec<Vec<(usize, f32)>> = vec![Vec::new(); ids.len()];
    for (post, profile) in profiles.iter().enumerate() {
        for &(term, weight) in profile {
            holders[term].push((post, weight));
        }
    }
    // Each post's scores are its own sums (in the order of its profile and
    // of `holders`): posts are scored on every core, the same choice.
    let count = counted.len();
    profiles
        .par_iter()
        .enumerate()
        .map_init(
            || vec![0.0f32; count],
            |scores, (post, profile)| {
                scores.fill(0.0);
                for &(term, weight) in profile {
                    for &(other, other_weight) in &holders[term] {
                        scores[other] += weight * other_weight;
                    }
                }
                most_alike(scores, post)
            },
        )
        .collect()
}

/// The `COUNT` posts with the highest positive `scores` but `post`, the
/// highest first, of equal scores the earlier (newer) first: one pass,
/// however many posts.
fn most_alike(scores: &[f32], post: usize) -> Vec<usize> {
    let mut best: Vec<usize> = Vec::with_capacity(COUNT + 1);
    for (other, &score) in scores.iter().enumerate() {
        if other == post || score <= 0.0 {
            continue;
        }
        // Scanned in order, so an equal score never passes one before it.
        let at = best.partition_point(|&b| scores[b] >= score);
        if at < COUNT {
            best.insert(at, other);
            best.truncate(COUNT);
        }
    }
    best
}

/// What a tag's term starts with: no word does (words are letters and
/// digits), so a tag and a word spelled alike stay two terms.
const TAG: char = '#';

/// A post's terms as (id, is a tag, how often it uses it).
type Bag = Vec<(usize, bool, u32)>;

/// What each post is compared by: its tags and its `PROFILE_WORDS`
/// heaviest words that some other post shares, weighted, as a unit
/// vector of (term id, weight) in term order.
fn profiles(bags: &[Bag], terms: usize) -> Vec<Vec<(usize, f32)>> {
    let mut held_by = vec![0u32; terms];
    for bag in bags {
        for &(id, _, _) in bag {
            held_by[id] += 1;
        }
    }
    let n = bags.len() as f32;
    let idf = |held: u32| {
        let held = held as f32;
        (1.0 + (n - held + 0.5) / (held + 0.5)).ln()
    };
    bags.iter()
        .map(|bag| {
            let shared = bag.iter().filter(|(id, _, _)| held_by[*id] > 1);
            let (tags, mut words): (Vec<_>, Vec<_>) = shared
                .map(|&(id, tag, count)| {
                    let weight = if tag {
                        TAG_WEIGHT * idf(held_by[id])
                    } else {
                        (1.0 + (count as f32).ln()) * idf(held_by[id])
                    };
                    (id, tag, weight)
                })
                .partition(|&(_, tag, _)| tag);
            words.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
            words.truncate(PROFILE_WORDS);
            let mut profile: Vec<(usize, f32)> = tags
                .into_iter()
                .chain(words)
                .map(|(id, _, weight)| (id, weight))
                .collect();
            profile.sort_by_key(|&(id, _)| id);
            let norm = profile.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                profile.iter_mut().for_each(|(_, w)| *w /= norm);
            }
            profile
        })
        .collect()
}

/// `post`'s terms and their counts, sorted: its tags (`TAG` and the
/// slug), once each, and the words of its title (each counted twice: a
/// title says what a post is about) and of its prose.
pub fn terms(post: &Post) -> Terms {
    let mut words: HashMap<String, u32> = HashMap::default();
    let mut add = |text: &str, times: u32| {
        for word in self::words(text) {
            match words.get_mut(word.as_ref()) {
                Some(count) => *count += times,
                None => {
                    words.insert(word.into_owned(), times);
                }
            }
        }
    };
    add(&post.title, 2);
    let mut in_code = false;
    for event in Parser::new_ext(&post.body, Options::ENABLE_MATH | Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(text) if !in_code => add(&text, 1),
            _ => {}
        }
    }
    let tags = post
        .tags
        .iter()
        .map(|tag| (format!("{TAG}{}", tag.slug), 1));
    let mut terms: Vec<(String, u32)> = tags.chain(words).collect();
    terms.sort();
    terms
}

/// The words of `text` as terms: runs of letters and digits, lowercased,
/// at least `MIN_WORD` characters, not only digits and not one of English's
/// `FUNCTION_WORDS`, a plural `s` taken off (`caches` is `cache`, `queries`
/// is `query`; `class`, `status` and `analysis` stay).
fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().count() >= MIN_WORD)
        .filter(|word| !word.chars().all(|c| c.is_ascii_digit()))
        .map(|word| match word.chars().any(char::is_uppercase) {
            true => Cow::Owned(word.to_lowercase()),
            false => Cow::Borrowed(word),
        })
        .filter(|word| FUNCTION_WORDS.binary_search(&word.as_ref()).is_err())
        .map(singular)
}

/// Words every English text uses, which say nothing of what two posts
/// share (BM25's idf would weigh them near nothing on a large site, but
/// not on a small one). Sorted, for `binary_search`.
const FUNCTION_WORDS: &[&str] = &[
    "about", "above", "after", "again", "against", "all", "also", "and", "any", "are", "because",
    "been", "before", "being", "below", "between", "both", "but", "can", "could", "did", "does",
    "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have",
    "having", "her", "here", "hers", "him", "his", "how", "into", "its", "itself", "just", "may",
    "might", "more", "most", "must", "not", "now", "off", "once", "one", "only", "other", "our",
    "ours", "out", "over", "own", "same", "shall", "she", "should", "some", "such", "than", "that",
    "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "through",
    "too", "under", "until", "upon", "very", "was", "were", "what", "when", "where", "which",
    "while", "who", "whom", "why", "will", "with", "would", "yet", "you", "your", "yours",
];

fn singular(word: Cow<'_, str>) -> Cow<'_, str> {
    if let Some(stem) = word.strip_suffix("ies").filter(|s| s.len() >= 2) {
        return Cow::Owned(format!("{stem}y"));
    }
    let keep = ["ss", "us", "is"].iter().any(|end| word.ends_with(end));
    let cut = match word.strip_suffix('s') {
        Some(stem) if !keep && stem.chars().count() >= MIN_WORD => stem.len(),
        _ => return word,
    };
    match word {
        Cow::Borrowed(word) => Cow::Borrowed(&word[..cut]),
        Cow::Owned(mut word) => {
            word.truncate(cut);
            Cow::Owned(word)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    fn post(name: &str, date: &str, tags: &[&str], body: &str) -> Post {
        let tags: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
        let file = Source {
            path: format!("posts/{name}.md"),
            content: format!(
                "+++\ntitle = \"{name}\"\ndate = {date}\ntags = [{}]\n+++\n{body}",
                tags.join(", ")
            ),
        };
        crate::content::post::parse(&file)
            .expect("the test's post parses")
            .0
    }

    /// What `related` picks for each of `posts`.
    fn related_posts(posts: &[Post]) -> Vec<Vec<usize>> {
        related(&posts.iter().map(terms).collect::<Vec<_>>())
    }

    /// The names of the posts `related` picks for each post.
    fn picked(posts: &[Post]) -> Vec<Vec<&str>> {
        related_posts(posts)
            .iter()
            .map(|others| others.iter().map(|&i| posts[i].slug.as_str()).collect())
            .collect()
    }

    #[test]
    fn posts_that_share_rare_words_are_related_and_others_are_not() {
        let posts = [
            post(
                "d",
                "2026-01-04",
                &[],
                "Paged attention for the kv cache.\n",
            ),
            post("c", "2026-01-03", &[], "A garden and its tomatoes.\n"),
            post(
                "b",
                "2026-01-02",
                &[],
                "Tomatoes in the garden, in summer.\n",
            ),
            post(
                "a",
                "2026-01-01",
                &[],
                "The kv cache and paged attention.\n",
            ),
        ];
        assert_eq!(picked(&posts), [vec!["a"], vec!["b"], vec!["c"], vec!["d"]]);
    }

    #[test]
    fn a_shared_tag_outweighs_a_shared_word() {
        let posts = [
            post("x", "2026-01-03", &["gpu"], "Notes on schedulers.\n"),
            post(
                "word",
                "2026-01-02",
                &[],
                "Notes on schedulers and queues.\n",
            ),
            post("tag", "2026-01-01", &["gpu"], "Nothing alike at all.\n"),
            post("other", "2026-01-01", &[], "Unrelated text here.\n"),
        ];
        assert_eq!(picked(&posts)[0], ["tag", "word"]);
    }

    #[test]
    fn at_most_three_never_itself_the_newest_first_on_a_tie() {
        let posts: Vec<Post> = (1..=6)
            .rev()
            .map(|i| post(&format!("p{i}"), &format!("2026-01-0{i}"), &["rust"], ""))
            .collect();
        let picked = picked(&posts);
        assert_eq!(picked[0], ["p5", "p4", "p3"]);
        assert_eq!(picked[5], ["p6", "p5", "p4"]);
        assert!(picked.iter().all(|p| p.len() == COUNT));
    }

    #[test]
    fn words_in_code_blocks_count_for_nothing() {
        let posts = [
            post("b", "2026-01-02", &[], "```\nallocator fragment\n```\n"),
            post("a", "2026-01-01", &[], "```\nallocator fragment\n```\n"),
        ];
        assert_eq!(picked(&posts), [Vec::<&str>::new(), vec![]]);
    }

    #[test]
    fn the_same_posts_always_make_the_same_choice() {
        let posts: Vec<Post> = (1..=9)
            .map(|i| {
                let body = format!(
                    "cache {} tensor {} queue\n",
                    "shard ".repeat(i % 3),
                    "kernel ".repeat(i % 4)
                );
                post(&format!("p{i}"), "2026-01-01", &["ml"], &body)
            })
            .collect();
        let first = related_posts(&posts);
        for _ in 0..5 {
            assert_eq!(related_posts(&posts), first);
        }
    }

    #[test]
    fn a_tag_and_a_word_spelled_alike_are_two_terms() {
        let posts = [
            post("b", "2026-01-02", &["rust"], "Rust.\n"),
            post("a", "2026-01-01", &[], "Rust.\n"),
        ];
        // The title "b" is too short to be a word.
        assert_eq!(
            terms(&posts[0]),
            [("#rust".to_string(), 1), ("rust".to_string(), 1)]
        );
        assert_eq!(picked(&posts), [vec!["a"], vec!["b"]]);
    }

    #[test]
    fn the_most_alike_are_the_highest_scores_the_earlier_on_a_tie() {
        let scores = [0.5, 0.0, 0.9, 0.5, 0.7, 0.5, -1.0];
        assert_eq!(most_alike(&scores, 2), [4, 0, 3]);
        assert_eq!(most_alike(&scores, 4), [2, 0, 3]);
        assert_eq!(most_alike(&[0.0, 0.0], 0), Vec::<usize>::new());
    }

    #[test]
    fn function_words_are_sorted_for_binary_search() {
        assert!(FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn plurals_are_their_singular() {
        let words: Vec<String> =
            words("Caches, queries; the class status analysis Tensors 2026 v2 an")
                .map(Cow::into_owned)
                .collect();
        assert_eq!(
            words,
            ["cache", "query", "class", "status", "analysis", "tensor"]
        );
    }
}
