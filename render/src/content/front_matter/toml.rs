//! TOML front matter (Zola's, Hugo's `+++`) into the dialect-free tree of
//! `front_matter`, every key and value with its line. Parsed by the `toml`
//! crate's span-keeping `DeTable`, so each line is where the writer put
//! it, not guessed from the text.

use super::{Entry, Failure, Item, Value};
use crate::source::line_at;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// The entries of the TOML document `text`, lines counted in it; or the
/// byte offset and message of its syntax error.
pub fn entries(text: &str) -> Result<Vec<Entry>, Failure> {
    let table = DeTable::parse(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        (offset, e.message().trim_end().to_string())
    })?;
    Ok(table_entries(text, table.get_ref()))
}

/// The entries of `table`, in the order they are written (the parser's
/// map sorts its keys).
fn table_entries(text: &str, table: &DeTable) -> Vec<Entry> {
    let mut entries: Vec<Entry> = table
        .iter()
        .map(|(key, value)| Entry {
            key: key.get_ref().to_string(),
            line: line_at(text, key.span().start),
            value: item(text, value),
        })
        .collect();
    entries.sort_by_key(|e| e.line);
    entries
}

fn item(text: &str, value: &Spanned<DeValue>) -> Item {
    let value_of = match value.get_ref() {
        DeValue::String(s) => Value::Text(s.to_string()),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::Date(d.to_string()),
        DeValue::Array(items) => Value::List(items.iter().map(|i| item(text, i)).collect()),
        DeValue::Table(table) => Value::Table(table_entries(text, table)),
        DeValue::Integer(_) | DeValue::Float(_) => Value::Other("a number"),
    };
    Item {
        value: value_of,
        line: line_at(text, value.span().start),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_values_and_lines() {
        let entries = entries(
            "title = \"t\"\ndate = 2016-05-31T10:00:00+02:00\ntags = [\n  \"a\",\n]\n\n[extra]\nteam = \"x\"\n",
        )
        .unwrap();
        let keys: Vec<(&str, usize)> = entries.iter().map(|e| (e.key.as_str(), e.line)).collect();
        assert_eq!(keys, [("title", 1), ("date", 2), ("tags", 3), ("extra", 7)]);
        assert_eq!(
            entries[1].value.value,
            Value::Date("2016-05-31T10:00:00+02:00".into())
        );
        let Value::List(tags) = &entries[2].value.value else {
            panic!("tags is a list")
        };
        assert_eq!(
            (&tags[0].value, tags[0].line),
            (&Value::Text("a".into()), 4)
        );
        let Value::Table(extra) = &entries[3].value.value else {
            panic!("extra is a table")
        };
        assert_eq!((extra[0].key.as_str(), extra[0].line), ("team", 8));
    }

    #[test]
    fn a_syntax_error_has_its_offset() {
        let (offset, message) = entries("title = \"t\"\nsubtitle = oops\n").unwrap_err();
        assert_eq!(line_at("title = \"t\"\nsubtitle = oops\n", offset), 2);
        assert!(!message.is_empty());
    }
}
