//! A post's front matter as another engine wrote it (TOML between `+++`
//! lines, YAML between `---` lines): the few fields the importer reads to
//! find a post's old address, and the one edit it makes, adding `aliases`
//! in the syntax the post already uses. Every other line is left as
//! written: the build reads the dialects themselves.

use crate::yaml;
use std::fmt::Write as _;

/// The syntax a post's front matter is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Toml,
    Yaml,
}

/// The fields of a post's front matter that decide its old address.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Fields {
    /// `date` as written (`2011-04-27 22:00:00`, `2023-05-29`).
    pub date: Option<String>,
    pub title: Option<String>,
    pub slug: Option<String>,
    /// The key by which the post names its own address (`path`, `url`,
    /// `permalink`) and its value: the build reads the key itself, so the
    /// importer adds no alias.
    pub own_address: Option<(&'static str, String)>,
    /// Zola's `[taxonomies] categories`, Hugo's and Jekyll's `categories`
    /// (a list, or Jekyll's space-separated string) and `category`.
    pub categories: Vec<String>,
    pub aliases: Vec<String>,
}

/// A post's front matter, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    pub syntax: Syntax,
    pub fields: Fields,
    /// The front matter's lines, between the fences (0 is the line after
    /// the opening fence, which is the file's line 2).
    lines: Vec<String>,
}

/// Keys by which a post names its own address, in Zola, Hugo and Jekyll.
const OWN_ADDRESS: [&str; 3] = ["path", "url", "permalink"];

/// Reads the front matter at the top of `text`; `Ok(None)` when the post
/// has none, `Err` with what is wrong when it cannot be read.
pub fn read(text: &str) -> Result<Option<FrontMatter>, String> {
    let Some((syntax, lines)) = fenced(text) else {
        return Ok(None);
    };
    let fields = match syntax {
        Syntax::Toml => toml_fields(&lines.join("\n"))?,
        Syntax::Yaml => yaml_fields(&lines.join("\n"))?,
    };
    Ok(Some(FrontMatter {
        syntax,
        fields,
        lines,
    }))
}

/// The syntax and the lines between the fences, when `text` opens with one.
fn fenced(text: &str) -> Option<(Syntax, Vec<String>)> {
    let mut lines = text.lines();
    let (syntax, fence) = match lines.next()?.trim_end() {
        "+++" => (Syntax::Toml, "+++"),
        "---" => (Syntax::Yaml, "---"),
        _ => return None,
    };
    let mut inside = Vec::new();
    for line in lines {
        let end = line.trim_end();
        if end == fence || (syntax == Syntax::Yaml && end == "...") {
            return Some((syntax, inside));
        }
        inside.push(line.to_string());
    }
    None
}

fn toml_fields(source: &str) -> Result<Fields, String> {
    let table: toml::Table = source
        .parse()
        .map_err(|e: toml::de::Error| format!("TOML front matter: {}", e.message()))?;
    let text = |key: &str| -> Option<String> {
        match table.get(key)? {
            toml::Value::String(s) => Some(s.clone()),
            toml::Value::Datetime(d) => Some(d.to_string()),
            _ => None,
        }
    };
    let strings = |value: Option<&toml::Value>| -> Vec<String> {
        value
            .and_then(toml::Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut categories = strings(table.get("categories"));
    categories.extend(strings(
        table.get("taxonomies").and_then(|t| t.get("categories")),
    ));
    Ok(Fields {
        date: text("date"),
        title: text("title"),
        slug: text("slug"),
        own_address: OWN_ADDRESS
            .into_iter()
            .find_map(|key| Some((key, text(key)?))),
        categories,
        aliases: strings(table.get("aliases")),
    })
}

fn yaml_fields(source: &str) -> Result<Fields, String> {
    let entries = yaml::entries(source).map_err(|e| format!("YAML front matter: {e}"))?;
    let mut categories = yaml::texts(&entries, "categories");
    categories.extend(yaml::texts(&entries, "category"));
    Ok(Fields {
        date: yaml::text(&entries, "date"),
        title: yaml::text(&entries, "title"),
        slug: yaml::text(&entries, "slug"),
        own_address: OWN_ADDRESS
            .into_iter()
            .find_map(|key| Some((key, yaml::text(&entries, key)?))),
        categories,
        aliases: yaml::texts(&entries, "aliases"),
    })
}

impl FrontMatter {
    /// The file's line on which `key` is written (1-based), or the opening
    /// fence's line when it is not written at the top level.
    pub fn line_of(&self, key: &str) -> usize {
        self.lines
            .iter()
            .position(|line| {
                line.strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with(['=', ':']))
            })
            .map_or(1, |i| i + 2)
    }

    /// `text` (the post this front matter was read from) with `new` added
    /// to its `aliases`, in the front matter's own syntax; every other line
    /// as written. `Err` says why the list could not be extended in place.
    pub fn with_aliases(&self, text: &str, new: &[String]) -> Result<String, String> {
        let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        let quoted: Vec<String> = new.iter().map(|a| quote(a)).collect();
        let key_line = self.line_of("aliases");
        if self.fields.aliases.is_empty() && key_line == 1 {
            let line = match self.syntax {
                Syntax::Toml => format!("aliases = [{}]", quoted.join(", ")),
                Syntax::Yaml => format!("aliases: [{}]", quoted.join(", ")),
            };
            lines.insert(1, line);
            return Ok(lines.join("\n"));
        }
        let index = key_line - 1;
        let written = lines[index].trim_end();
        if let Some(open) = written.strip_suffix(']').filter(|w| w.contains('[')) {
            let separator = if open.trim_end().ends_with('[') {
                ""
            } else {
                ", "
            };
            lines[index] = format!("{open}{separator}{}]", quoted.join(", "));
            return Ok(lines.join("\n"));
        }
        if self.syntax == Syntax::Yaml {
            // A block list: items under the key, each `- item`.
            if let Some(item) = lines
                .get(index + 1)
                .filter(|l| l.trim_start().starts_with("- "))
            {
                let indent = &item[..item.len() - item.trim_start().len()];
                let mut block = String::new();
                for (i, alias) in quoted.iter().enumerate() {
                    if i > 0 {
                        block.push('\n');
                    }
                    let _ = write!(block, "{indent}- {alias}");
                }
                lines.insert(index + 1, block);
                return Ok(lines.join("\n"));
            }
        }
        Err("its `aliases` list spans lines: add the old address by hand".to_string())
    }
}

/// An alias as a double-quoted string, the same in TOML and YAML: aliases
/// hold no quote, backslash or control character (`address::valid`).
fn quote(alias: &str) -> String {
    format!("\"{alias}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_ok(text: &str) -> FrontMatter {
        read(text).unwrap().expect("front matter")
    }

    #[test]
    fn toml_fields_are_read_with_zola_taxonomies() {
        let fm = read_ok(
            "+++\ntitle = \"T\"\ndate = 2020-01-02\n[taxonomies]\ncategories = [\"a b\"]\n+++\nbody",
        );
        assert_eq!(fm.syntax, Syntax::Toml);
        assert_eq!(fm.fields.date.as_deref(), Some("2020-01-02"));
        assert_eq!(fm.fields.categories, ["a b"]);
        assert_eq!(fm.fields.own_address, None);
    }

    #[test]
    fn yaml_fields_read_jekyll_space_separated_categories_and_own_address() {
        let fm = read_ok(
            "---\ntitle: \"T\"\ndate: 2011-04-27 22:00:00\ncategories: ml vision\npermalink: /x/\n---\n",
        );
        assert_eq!(fm.fields.date.as_deref(), Some("2011-04-27 22:00:00"));
        assert_eq!(fm.fields.categories, ["ml", "vision"]);
        assert_eq!(
            fm.fields.own_address,
            Some(("permalink", "/x/".to_string()))
        );
        assert_eq!(fm.line_of("permalink"), 5);
    }

    #[test]
    fn no_front_matter_and_unreadable_front_matter_are_told_apart() {
        assert_eq!(read("# just markdown\n"), Ok(None));
        assert!(read("+++\ntitle = \n+++\n").is_err());
    }

    #[test]
    fn aliases_are_added_in_the_posts_own_syntax_after_the_fence() {
        let new = ["/2011/04/27/x/".to_string()];
        let toml = "+++\ntitle = \"T\"\n[extra]\na = 1\n+++\nbody\n";
        assert_eq!(
            read_ok(toml).with_aliases(toml, &new).unwrap(),
            "+++\naliases = [\"/2011/04/27/x/\"]\ntitle = \"T\"\n[extra]\na = 1\n+++\nbody\n"
        );
        let yaml = "---\ntitle: T\n---\nbody";
        assert_eq!(
            read_ok(yaml).with_aliases(yaml, &new).unwrap(),
            "---\naliases: [\"/2011/04/27/x/\"]\ntitle: T\n---\nbody"
        );
    }

    #[test]
    fn an_existing_list_is_extended_in_place() {
        let new = ["/b/".to_string()];
        let toml = "+++\naliases = [\"/a/\"]\n+++\n";
        assert_eq!(
            read_ok(toml).with_aliases(toml, &new).unwrap(),
            "+++\naliases = [\"/a/\", \"/b/\"]\n+++\n"
        );
        let block = "---\naliases:\n  - /a/\ntitle: T\n---\n";
        assert_eq!(
            read_ok(block).with_aliases(block, &new).unwrap(),
            "---\naliases:\n  - \"/b/\"\n  - /a/\ntitle: T\n---\n"
        );
        let spread = "+++\naliases = [\n  \"/a/\",\n]\n+++\n";
        assert!(read_ok(spread).with_aliases(spread, &new).is_err());
    }
}
