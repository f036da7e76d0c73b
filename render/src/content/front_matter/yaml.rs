//! YAML front matter (Jekyll's, Hugo's `---`) into the dialect-free tree
//! of `front_matter`, every key and value with its line.
//!
//! Read with `saphyr-parser`: pure, safe Rust, YAML 1.2 and maintained,
//! whose events carry the line of every key and value. (`serde_yaml` is
//! archived; `serde_yml`, its fork, is archived too and unsound,
//! RUSTSEC-2025-0068; `serde_norway` keeps `unsafe-libyaml` and gives no
//! line to a key.) The events are read here into the tree rather than
//! through saphyr's own document type, so that a plain scalar is text
//! unless it is `true`, `false` or a null: `date: 2016-05-31 10:00:00
//! +0200`, `title: 1984` and `slug: 404` stay as written. The importer
//! reads a blog's YAML (front matter, `_config.yml`) with it too
//! (`render::yaml`), so one YAML reader serves both.

use super::{Entry, Failure, Item, Value};
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span};
use std::iter::Peekable;

/// The entries of the YAML document `text` (a mapping, or nothing), lines
/// counted in it; or the byte offset and message of its error.
pub fn entries(text: &str) -> Result<Vec<Entry>, Failure> {
    let mut events = Parser::new_from_str(text).peekable();
    let mut reader = Reader {
        text,
        events: &mut events,
    };
    reader.document()
}

struct Reader<'t, 'e, I: Iterator> {
    text: &'t str,
    events: &'e mut Peekable<I>,
}

impl<'t, I> Reader<'t, '_, I>
where
    I: Iterator<Item = Result<(Event<'t>, Span), ScanError>>,
{
    fn document(&mut self) -> Result<Vec<Entry>, Failure> {
        loop {
            let (event, span) = self.next()?;
            match event {
                Event::StreamStart | Event::DocumentStart(_) => continue,
                Event::StreamEnd | Event::DocumentEnd => return Ok(Vec::new()),
                Event::MappingStart(..) => return self.mapping(),
                _ => {
                    return Err((
                        self.offset(span),
                        "front matter must be keys and values (`title: …`)".into(),
                    ))
                }
            }
        }
    }

    /// The entries of a mapping whose start was just read.
    fn mapping(&mut self) -> Result<Vec<Entry>, Failure> {
        let mut entries = Vec::new();
        loop {
            let (event, span) = self.next()?;
            let key = match event {
                Event::MappingEnd => return Ok(entries),
                Event::Scalar(key, ..) => key.to_string(),
                _ => return Err((self.offset(span), "a key must be plain text".into())),
            };
            let (event, value_span) = self.next()?;
            entries.push(Entry {
                key,
                line: span.start.line(),
                value: self.item(event, value_span)?,
            });
        }
    }

    /// The value that starts with `event`.
    fn item(&mut self, event: Event<'t>, span: Span) -> Result<Item, Failure> {
        let value = match event {
            Event::Scalar(text, ScalarStyle::Plain, ..) => match text.as_ref() {
                "true" | "True" | "TRUE" => Value::Bool(true),
                "false" | "False" | "FALSE" => Value::Bool(false),
                "" | "~" | "null" | "Null" | "NULL" => Value::Other("nothing"),
                _ => Value::Text(text.to_string()),
            },
            Event::Scalar(text, ..) => Value::Text(text.to_string()),
            Event::SequenceStart(..) => {
                let mut items = Vec::new();
                loop {
                    let (event, span) = self.next()?;
                    if matches!(event, Event::SequenceEnd) {
                        break;
                    }
                    items.push(self.item(event, span)?);
                }
                Value::List(items)
            }
            Event::MappingStart(..) => Value::Table(self.mapping()?),
            Event::Alias(_) => Value::Other("an alias (`*name`)"),
            _ => return Err((self.offset(span), "a value is missing".into())),
        };
        Ok(Item {
            value,
            line: span.start.line(),
        })
    }

    fn next(&mut self) -> Result<(Event<'t>, Span), Failure> {
        match self.events.next() {
            Some(Ok(event)) => Ok(event),
            Some(Err(e)) => Err((self.char_offset(e.marker().index()), e.info().to_string())),
            None => Err((self.text.len(), "the front matter ends early".into())),
        }
    }

    fn offset(&self, span: Span) -> usize {
        self.char_offset(span.start.index())
    }

    /// The byte offset of the `chars`th character (saphyr counts characters).
    fn char_offset(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(offset, _)| offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_values_and_lines() {
        let entries = entries(
            "layout: post\ntitle:  \"Pong from Pixels\"\ndate:   2016-05-31 11:00:00 +0200\nmathjax: true\ntags:\n  - a\n  - 1984\nslug: 404\nempty:\n",
        )
        .unwrap();
        let keys: Vec<(&str, usize)> = entries.iter().map(|e| (e.key.as_str(), e.line)).collect();
        assert_eq!(
            keys,
            [
                ("layout", 1),
                ("title", 2),
                ("date", 3),
                ("mathjax", 4),
                ("tags", 5),
                ("slug", 8),
                ("empty", 9)
            ]
        );
        let values: Vec<&Value> = entries.iter().map(|e| &e.value.value).collect();
        assert_eq!(values[1], &Value::Text("Pong from Pixels".into()));
        assert_eq!(values[2], &Value::Text("2016-05-31 11:00:00 +0200".into()));
        assert_eq!(values[3], &Value::Bool(true));
        assert_eq!(
            values[4],
            &Value::List(vec![
                Item {
                    value: Value::Text("a".into()),
                    line: 6
                },
                Item {
                    value: Value::Text("1984".into()),
                    line: 7
                },
            ])
        );
        assert_eq!(values[5], &Value::Text("404".into()));
        assert_eq!(values[6], &Value::Other("nothing"));
    }

    #[test]
    fn quoted_true_is_text_and_nested_mappings_are_tables() {
        let entries = entries("draft: \"true\"\nextra:\n  team: x\n").unwrap();
        assert_eq!(entries[0].value.value, Value::Text("true".into()));
        let Value::Table(extra) = &entries[1].value.value else {
            panic!("extra is a table")
        };
        assert_eq!((extra[0].key.as_str(), extra[0].line), ("team", 3));
    }

    #[test]
    fn an_empty_document_has_no_entries_and_a_scalar_one_is_an_error() {
        assert_eq!(entries(""), Ok(Vec::new()));
        assert!(entries("just text\n").is_err());
        let (offset, _) = entries("title: t\ntags: [a, b\n").unwrap_err();
        assert!(offset > 0);
    }
}
