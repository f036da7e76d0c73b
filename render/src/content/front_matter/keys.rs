//! What each front matter key means here, whichever of Zola, Hugo or
//! Jekyll wrote it: the one table of keys this project reads (`USED`:
//! `lastmod` is Hugo's `updated`, `permalink` Jekyll's old address…) and
//! of keys it knows and ignores (`KNOWN_IGNORED`: `authors`, `layout`,
//! `[extra]`…). Keys are matched without regard to case, as Hugo does. A
//! key in neither table is ignored too, unless it is one edit or two from
//! a key used here (`tittle`, `tag`): that is a typo, an error saying
//! which key was meant. Every problem of a post's front matter is reported
//! at once, each at `file:line`.

use super::{date, Entry, Value};
use crate::content::slug::slug;
use anyhow::{anyhow, Result};
use time::Date;

/// Text as written in the front matter, and its line in the post's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    pub line: usize,
}

/// What a post's front matter says, in this project's terms.
#[derive(Debug, Default)]
pub struct Fields {
    pub title: Option<Text>,
    pub subtitle: Option<Text>,
    pub description: Option<Text>,
    /// Hugo's `summary`, Jekyll's `excerpt`.
    pub summary: Option<Text>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    /// Tags, then categories (Hugo's, Jekyll's, Zola's `[taxonomies]`),
    /// without one written twice across the two.
    pub tags: Vec<Text>,
    pub series: Option<Text>,
    pub toc: bool,
    /// Old addresses, as written: `aliases`, Jekyll's `redirect_from`,
    /// and the address the post had (Zola's `path`, a directory: `x/`;
    /// Hugo's `url`).
    pub aliases: Vec<Text>,
    /// Jekyll's `permalink`: the address the post had, a template of
    /// `:tokens` or not (`permalink`).
    pub permalink: Option<Text>,
    /// The categories, as written (also among `tags`), for a permalink's
    /// `:categories`.
    pub categories: Vec<String>,
    pub draft: bool,
    pub slug: Option<Text>,
    /// Keys with no meaning here, each where it is written (`extra`,
    /// `taxonomies.authors`).
    pub ignored: Vec<Text>,
}

/// What a key used here means.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Title,
    Subtitle,
    Description,
    Summary,
    Date,
    /// Jekyll's `published: false` (a draft), or Hugo's publication date.
    Published,
    Updated,
    Tags,
    Categories,
    /// Zola's `[taxonomies]`: `tags`, `categories`, `series` in a table.
    Taxonomies,
    Series,
    Toc,
    Aliases,
    /// The address the post had; Zola's `path` is a directory (`/x/`).
    Address {
        directory: bool,
    },
    /// Jekyll's `permalink`, which may be a template.
    Permalink,
    Draft,
    Slug,
}

/// Every key used here, lowercase; of two keys meaning one thing, the
/// one listed first wins (`date` over Hugo's `publishDate`).
const USED: &[(&str, Key)] = &[
    ("title", Key::Title),
    ("subtitle", Key::Subtitle),
    ("description", Key::Description),
    ("summary", Key::Summary),
    ("excerpt", Key::Summary),
    ("date", Key::Date),
    ("publishdate", Key::Date),
    ("pubdate", Key::Date),
    ("published", Key::Published),
    ("updated", Key::Updated),
    ("lastmod", Key::Updated),
    ("modified", Key::Updated),
    ("last_modified_at", Key::Updated),
    ("tags", Key::Tags),
    ("categories", Key::Categories),
    ("category", Key::Categories),
    ("taxonomies", Key::Taxonomies),
    ("series", Key::Series),
    ("toc", Key::Toc),
    ("aliases", Key::Aliases),
    ("redirect_from", Key::Aliases),
    ("path", Key::Address { directory: true }),
    ("url", Key::Address { directory: false }),
    ("permalink", Key::Permalink),
    ("draft", Key::Draft),
    ("slug", Key::Slug),
];

/// Keys of Zola, Hugo, Jekyll and their common themes that mean nothing
/// here: ignored, and never taken for a typo of a used key (`math` is one
/// letter from `path`).
const KNOWN_IGNORED: &[&str] = &[
    "audio",
    "author",
    "authors",
    "build",
    "canonical_url",
    "cascade",
    "classes",
    "comments",
    "cover",
    "disable_comments",
    "expirydate",
    "extra",
    "feature",
    "featured_image",
    "header",
    "headless",
    "hidden",
    "image",
    "images",
    "in_search_index",
    "insert_anchor_links",
    "iscjklanguage",
    "katex",
    "keywords",
    "lang",
    "layout",
    "linktitle",
    "markup",
    "math",
    "mathjax",
    "menu",
    "menus",
    "outputs",
    "render",
    "resources",
    "share",
    "sidebar",
    "sitemap",
    "template",
    "thumbnail",
    "translationkey",
    "type",
    "videos",
    "weight",
];

/// The fields `entries` (the front matter of `path`) say; or every
/// problem with them.
pub fn fields(path: &str, entries: &[Entry]) -> Result<Fields> {
    let mut fields = Fields::default();
    let mut problems = Vec::new();
    // Each used key with its meaning and rank, Zola's taxonomies flattened.
    let mut used: Vec<(usize, Key, &Entry)> = Vec::new();
    for entry in entries {
        let key = entry.key.to_lowercase();
        match rank_of(&key) {
            Some((_, Key::Taxonomies)) => match &entry.value.value {
                Value::Table(taxonomies) => {
                    for taxonomy in taxonomies {
                        let name = taxonomy.key.to_lowercase();
                        match rank_of(&name) {
                            Some((rank, meaning @ (Key::Tags | Key::Categories | Key::Series))) => {
                                used.push((rank, meaning, taxonomy))
                            }
                            _ => fields.ignored.push(Text {
                                text: format!("taxonomies.{name}"),
                                line: taxonomy.line,
                            }),
                        }
                    }
                }
                other => problems.push(wrong(path, entry, "must be a table", other)),
            },
            Some((rank, Key::Published)) if !matches!(entry.value.value, Value::Bool(_)) => {
                used.push((rank, Key::Date, entry))
            }
            Some((rank, meaning)) => used.push((rank, meaning, entry)),
            None => match typo_of(&key) {
                Some(meant) => problems.push(anyhow!(
                    "{path}:{}: front matter: unknown key `{}`: did you mean `{meant}`?",
                    entry.line,
                    entry.key
                )),
                None => fields.ignored.push(Text {
                    text: key,
                    line: entry.line,
                }),
            },
        }
    }
    used.sort_by_key(|(rank, ..)| *rank);
    let mut set: Vec<Key> = Vec::new();
    for (_, meaning, entry) in used {
        let many = matches!(
            meaning,
            Key::Tags | Key::Categories | Key::Aliases | Key::Address { .. }
        );
        // Of two keys meaning one thing, the first in `USED` wins.
        if !many && set.contains(&meaning) {
            continue;
        }
        set.push(meaning);
        if let Err(problem) = read(path, meaning, entry, &mut fields) {
            problems.push(problem);
        }
    }
    crate::source::fail_with_all(problems)?;
    Ok(fields)
}

/// The rank in `USED` of `key` (lowercase), and what it means.
fn rank_of(key: &str) -> Option<(usize, Key)> {
    USED.iter()
        .position(|(name, _)| *name == key)
        .map(|rank| (rank, USED[rank].1))
}

/// The used key `key` (lowercase, in no table) is probably a typo of:
/// one edit from a key of four letters or fewer, two from a longer one.
fn typo_of(key: &str) -> Option<&'static str> {
    if KNOWN_IGNORED.contains(&key) {
        return None;
    }
    USED.iter()
        .map(|(name, _)| (strsim::levenshtein(key, name), *name))
        .filter(|(distance, name)| *distance <= if name.len().min(key.len()) <= 4 { 1 } else { 2 })
        .min()
        .map(|(_, name)| name)
}

/// Sets the field `meaning` of `fields` from `entry`.
fn read(path: &str, meaning: Key, entry: &Entry, fields: &mut Fields) -> Result<()> {
    match meaning {
        Key::Title => fields.title = Some(text(path, entry)?),
        Key::Subtitle => fields.subtitle = Some(text(path, entry)?),
        Key::Description => fields.description = Some(text(path, entry)?),
        Key::Summary => fields.summary = Some(text(path, entry)?),
        Key::Slug => fields.slug = Some(text(path, entry)?),
        Key::Series => fields.series = Some(one_of(path, entry)?),
        Key::Date => fields.date = Some(day(path, entry)?),
        Key::Updated => fields.updated = Some(day(path, entry)?),
        Key::Toc => fields.toc = flag(path, entry)?,
        Key::Draft => fields.draft = flag(path, entry)?,
        Key::Published => fields.draft = !flag(path, entry)?,
        Key::Tags => fields.tags.extend(texts(path, entry, Words::Split)?),
        Key::Categories => {
            // A category that is also a tag is one name, not two.
            let tags: Vec<String> = fields.tags.iter().map(|t| slug(&t.text)).collect();
            let categories = texts(path, entry, Words::Split)?;
            fields
                .categories
                .extend(categories.iter().map(|c| c.text.clone()));
            fields.tags.extend(
                categories
                    .into_iter()
                    .filter(|c| !tags.contains(&slug(&c.text))),
            );
        }
        Key::Aliases => fields.aliases.extend(texts(path, entry, Words::Whole)?),
        Key::Address { directory } => {
            let mut address = text(path, entry)?;
            if directory && !address.text.ends_with('/') {
                address.text.push('/');
            }
            fields.aliases.push(address);
        }
        Key::Permalink => fields.permalink = Some(text(path, entry)?),
        // Flattened by `fields`.
        Key::Taxonomies => {}
    }
    Ok(())
}

/// Whether a text where a list is expected is one name or, as Jekyll
/// reads `tags: a b c`, several separated by spaces.
#[derive(Clone, Copy)]
enum Words {
    Split,
    Whole,
}

fn text(path: &str, entry: &Entry) -> Result<Text> {
    match &entry.value.value {
        Value::Text(text) => Ok(Text {
            text: text.clone(),
            line: entry.value.line,
        }),
        other => Err(wrong(path, entry, "must be text", other)),
    }
}

fn flag(path: &str, entry: &Entry) -> Result<bool> {
    match &entry.value.value {
        Value::Bool(flag) => Ok(*flag),
        other => Err(wrong(path, entry, "must be true or false", other)),
    }
}

fn day(path: &str, entry: &Entry) -> Result<Date> {
    let written = match &entry.value.value {
        Value::Text(text) | Value::Date(text) => text,
        other => return Err(wrong(path, entry, "must be a date like 2016-05-31", other)),
    };
    date::parse(written).map_err(|e| {
        anyhow!(
            "{path}:{}: front matter: `{}` {e}",
            entry.value.line,
            entry.key
        )
    })
}

/// A list of texts, or one text (split into words if `words` says so).
fn texts(path: &str, entry: &Entry, words: Words) -> Result<Vec<Text>> {
    let line = entry.value.line;
    match (&entry.value.value, words) {
        (Value::Text(text), Words::Split) => Ok(text
            .split_whitespace()
            .map(|word| Text {
                text: word.to_string(),
                line,
            })
            .collect()),
        (Value::Text(text), Words::Whole) => Ok(vec![Text {
            text: text.clone(),
            line,
        }]),
        (Value::List(items), _) => items
            .iter()
            .map(|item| match &item.value {
                Value::Text(text) => Ok(Text {
                    text: text.clone(),
                    line: item.line,
                }),
                other => Err(anyhow!(
                    "{path}:{}: front matter: each of `{}` must be text, got {}",
                    item.line,
                    entry.key,
                    kind(other)
                )),
            })
            .collect(),
        (other, _) => Err(wrong(path, entry, "must be a list of texts", other)),
    }
}

/// One text, or a list holding one (Hugo writes `series: ["x"]`).
fn one_of(path: &str, entry: &Entry) -> Result<Text> {
    match &entry.value.value {
        Value::List(items) => match texts(path, entry, Words::Whole)?.as_slice() {
            [one] => Ok(one.clone()),
            _ => Err(anyhow!(
                "{path}:{}: front matter: a post is part of one series, `{}` names {}",
                entry.value.line,
                entry.key,
                items.len()
            )),
        },
        _ => text(path, entry),
    }
}

fn wrong(path: &str, entry: &Entry, must: &str, got: &Value) -> anyhow::Error {
    anyhow!(
        "{path}:{}: front matter: `{}` {must}, got {}",
        entry.value.line,
        entry.key,
        kind(got)
    )
}

/// What a value is, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Text(_) => "text",
        Value::Bool(_) => "true or false",
        Value::Date(_) => "a date",
        Value::List(_) => "a list",
        Value::Table(_) => "a table",
        Value::Other(what) => what,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn read(yaml: &str) -> Result<Fields> {
        crate::content::front_matter::read("posts/a.md", &format!("---\n{yaml}---\n"))
            .map(|(fields, _)| fields)
    }

    #[test]
    fn keys_are_matched_without_regard_to_case_and_the_first_listed_wins() {
        let fields = read(
            "Title: t\npublishDate: 2020-01-01\nDate: 2019-01-01\nLastMod: 2021-01-01\nupdated: 2022-01-01\n",
        )
        .unwrap();
        assert_eq!(fields.title.unwrap().text, "t");
        assert_eq!(fields.date, Some(date!(2019 - 01 - 01)));
        assert_eq!(fields.updated, Some(date!(2022 - 01 - 01)));
    }

    #[test]
    fn a_category_that_is_a_tag_is_one_name() {
        let fields = read("tags: [ML, rust]\ncategories: [ml, systems]\n").unwrap();
        let tags: Vec<&str> = fields.tags.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(tags, ["ML", "rust", "systems"]);
    }

    #[test]
    fn known_keys_near_a_used_one_are_not_typos() {
        let fields = read("title: t\nmath: true\nlayout: post\nweight: 3\n").unwrap();
        let ignored: Vec<&str> = fields.ignored.iter().map(|k| k.text.as_str()).collect();
        assert_eq!(ignored, ["math", "layout", "weight"]);
        assert_eq!(typo_of("data"), Some("date"));
        assert_eq!(typo_of("categroies"), Some("categories"));
        assert_eq!(typo_of("cover"), None);
    }
}
