//! A post's front matter as Zola, Hugo and Jekyll write it: TOML between
//! `+++` lines (`toml`) or YAML between `---` lines (`yaml`), each read
//! into one tree of keys and values with the line each is written on;
//! `keys` then says what each key means here (Zola's `[taxonomies]`,
//! Hugo's `lastmod`, Jekyll's `permalink`…), `date` reads the dates
//! all three write, and `permalink` Jekyll's permalink templates. It
//! stops at `Fields`, what the front matter says in this project's terms:
//! making a `Post` of them (slugs, names, aliases) is `post`'s.

pub(crate) mod date;
pub(crate) mod keys;
pub mod permalink;
mod toml;
pub mod yaml;

pub use keys::Fields;

use crate::source::line_at;
use anyhow::{anyhow, bail, Result};

/// One value, whichever language wrote it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Bool(bool),
    /// A TOML date or datetime, as TOML writes it (`2016-05-31T10:00:00+02:00`).
    Date(String),
    List(Vec<Item>),
    Table(Vec<Entry>),
    /// Anything else (a number, a null), named for messages.
    Other(&'static str),
}

/// A value and the (1-based) line of the post's file it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub value: Value,
    pub line: usize,
}

/// A key, the line it is written on, and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub line: usize,
    pub value: Item,
}

/// Where a dialect's reader found its front matter wrong: the byte
/// offset in the front matter, and what is wrong.
pub type Failure = (usize, String);

/// A language of front matter: the line that opens and closes it, and
/// its reader into `Entry`s.
struct Dialect {
    fence: &'static str,
    entries: fn(&str) -> Result<Vec<Entry>, Failure>,
}

const DIALECTS: [Dialect; 2] = [
    Dialect {
        fence: "+++",
        entries: toml::entries,
    },
    Dialect {
        fence: "---",
        entries: yaml::entries,
    },
];

/// Where a post's front matter is in its file.
struct Block<'a> {
    /// The front matter's text, between its fences.
    text: &'a str,
    /// The byte offset of `text` in the file.
    start: usize,
    /// The byte offset of the body, after the closing fence's line.
    body_start: usize,
}

/// The front matter of the post `text` (its file `path`), read as what it
/// means here, and the byte offset its body starts at; or every problem
/// of the front matter, each at `path:line`.
pub fn read(path: &str, text: &str) -> Result<(Fields, usize)> {
    let Some(dialect) = DIALECTS.iter().find(|d| text.starts_with(d.fence)) else {
        bail!(
            "{path}:1: a post starts with front matter: TOML between `+++` lines or YAML between `---` lines"
        );
    };
    let fence = dialect.fence;
    let Some(block) = block(text, fence) else {
        bail!("{path}:1: the front matter opened here is never closed with a `{fence}` line");
    };
    let entries = (dialect.entries)(block.text).map_err(|(offset, message)| {
        let line = line_at(text, block.start + offset);
        anyhow!("{path}:{line}: front matter: {message}")
    })?;
    // Lines counted in the front matter become lines of the file.
    let first_line = line_at(text, block.start) - 1;
    let entries = entries
        .into_iter()
        .map(|e| e.moved_by(first_line))
        .collect::<Vec<_>>();
    let fields = keys::fields(path, &entries)?;
    Ok((fields, block.body_start))
}

/// The front matter between a first line `fence` and the next line that
/// is exactly `fence`; `None` when none closes it.
fn block<'a>(text: &'a str, fence: &str) -> Option<Block<'a>> {
    let rest = text.strip_prefix(fence)?;
    let after_open = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))?;
    let start = text.len() - after_open.len();
    let mut offset = 0;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == fence {
            return Some(Block {
                text: &after_open[..offset],
                start,
                body_start: start + offset + line.len(),
            });
        }
        offset += line.len();
    }
    None
}

impl Entry {
    fn moved_by(self, lines: usize) -> Self {
        Entry {
            key: self.key,
            line: self.line + lines,
            value: self.value.moved_by(lines),
        }
    }
}

impl Item {
    fn moved_by(self, lines: usize) -> Self {
        let value = match self.value {
            Value::List(items) => {
                Value::List(items.into_iter().map(|i| i.moved_by(lines)).collect())
            }
            Value::Table(entries) => {
                Value::Table(entries.into_iter().map(|e| e.moved_by(lines)).collect())
            }
            other => other,
        };
        Item {
            value,
            line: self.line + lines,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_fences_find_the_body() {
        for text in [
            "+++\ntitle = \"t\"\n+++\nBody\n",
            "---\ntitle: t\n---\nBody\n",
        ] {
            let (fields, body) = read("posts/a.md", text).unwrap();
            assert_eq!(fields.title.unwrap().text, "t");
            assert_eq!(&text[body..], "Body\n");
        }
    }

    #[test]
    fn an_unopened_or_unclosed_block_is_an_error_on_line_1() {
        let error = |text| read("posts/a.md", text).unwrap_err().to_string();
        assert!(
            error("# Just markdown\n").starts_with("posts/a.md:1: a post starts with front matter")
        );
        assert!(error("+++\ntitle = \"t\"\n").contains("never closed with a `+++` line"));
        assert!(error("---\ntitle: t\n").contains("never closed with a `---` line"));
    }

    #[test]
    fn a_syntax_error_names_its_line_in_the_file() {
        let error = |text| read("posts/a.md", text).unwrap_err().to_string();
        let toml = error("+++\ntitle = \"t\"\nsubtitle = oops\n+++\n");
        assert!(toml.starts_with("posts/a.md:3: front matter:"), "{toml}");
        let yaml = error("---\ntitle: t\ntags: [a, b\n---\n");
        assert!(yaml.starts_with("posts/a.md:"), "{yaml}");
    }
}
