//! YAML as the build reads it (`render::yaml`, one reader for both): a
//! document's top-level entries, and the text or texts of a key. Used for
//! posts' front matter and for the engines' `_config.yml`/`config.yaml`.

use render::{Entry, Value};

/// The top-level entries of the YAML document `text`; `Err` says what is
/// wrong with it.
pub fn entries(text: &str) -> Result<Vec<Entry>, String> {
    render::yaml::entries(text).map_err(|(_, message)| message)
}

/// The value of the top-level `key` of `entries`.
pub fn get<'e>(entries: &'e [Entry], key: &str) -> Option<&'e Value> {
    entries
        .iter()
        .find(|entry| entry.key == key)
        .map(|entry| &entry.value.value)
}

/// The text of `key`, when it is one.
pub fn text(entries: &[Entry], key: &str) -> Option<String> {
    match get(entries, key)? {
        Value::Text(text) | Value::Date(text) => Some(text.clone()),
        _ => None,
    }
}

/// The texts of `key`: a list's, or the words of one text, as Jekyll
/// takes a string of space-separated names as a list.
pub fn texts(entries: &[Entry], key: &str) -> Vec<String> {
    match get(entries, key) {
        Some(Value::List(items)) => items
            .iter()
            .filter_map(|item| match &item.value {
                Value::Text(text) => Some(text.clone()),
                _ => None,
            })
            .collect(),
        Some(Value::Text(text)) => text.split_whitespace().map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_of_keys_as_jekyll_and_hugo_write_them() {
        let entries = entries(
            "title: 1984\ndate: 2011-04-27 22:00:00\ncategories: ML rl\n\
             tags: [a, b]\npermalinks:\n  posts: /:year/:slug/\n",
        )
        .unwrap();
        assert_eq!(text(&entries, "title").as_deref(), Some("1984"));
        assert_eq!(
            text(&entries, "date").as_deref(),
            Some("2011-04-27 22:00:00")
        );
        assert_eq!(texts(&entries, "categories"), ["ML", "rl"]);
        assert_eq!(texts(&entries, "tags"), ["a", "b"]);
        assert_eq!(text(&entries, "permalinks"), None);
        assert!(matches!(get(&entries, "permalinks"), Some(Value::Table(_))));
    }
}
