//! Hugo: the pages of `content/` in a section (`content/posts/x.md`,
//! bundles `content/posts/x/index.md`) are posts; pages at the top of
//! `content/` (`about.md`) and sections' own pages are not carried (a
//! section's address, lowercased as Hugo does, leads to the archive). Other
//! files of `content/` and `static/` are served as they are. A post's old
//! address is its section's pattern in `[permalinks]` (hugo.toml,
//! config.toml or their YAML forms), else Hugo's default
//! `/<section>/<slug or file name>/`, lowercased as Hugo does.

use crate::address::{self, Date};
use crate::blog::{self, Blog, Engine, Note, Post, Tree};
use crate::content::{self, Page};
use crate::front_matter::Fields;
use crate::yaml;
use render::Value;
use std::collections::BTreeMap;

/// Hugo's configuration files, in the order Hugo looks for them.
pub const CONFIGS: [&str; 6] = [
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "config.toml",
    "config.yaml",
    "config.yml",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `[permalinks]`: a pattern per section (Hugo's older flat form, and the
/// newer `[permalinks.page]`).
fn permalinks(tree: &Tree) -> BTreeMap<String, String> {
    let Some((file, text)) = CONFIGS
        .iter()
        .find_map(|c| tree.text(c).map(|text| (*c, text)))
    else {
        return BTreeMap::new();
    };
    let mut patterns = BTreeMap::new();
    if file.ends_with(".toml") {
        let table: toml::Table = text.parse().unwrap_or_default();
        let Some(permalinks) = table.get("permalinks").and_then(|p| p.as_table()) else {
            return patterns;
        };
        let page = permalinks.get("page").and_then(|p| p.as_table());
        for (section, pattern) in permalinks.iter().chain(page.into_iter().flatten()) {
            if let Some(pattern) = pattern.as_str() {
                patterns.insert(section.clone(), pattern.to_string());
            }
        }
    } else if let Ok(config) = yaml::entries(text) {
        let Some(Value::Table(permalinks)) = yaml::get(&config, "permalinks") else {
            return patterns;
        };
        let page = match yaml::get(permalinks, "page") {
            Some(Value::Table(page)) => page.as_slice(),
            _ => &[],
        };
        for entry in permalinks.iter().chain(page) {
            if let Value::Text(pattern) = &entry.value.value {
                patterns.insert(entry.key.clone(), pattern.clone());
            }
        }
    }
    patterns
}

pub fn read(tree: &Tree) -> Blog {
    let permalinks = permalinks(tree);
    let (content, mut notes) = content::read(tree, &CONFIGS);
    let mut posts = Vec::new();
    for page in content.pages {
        if page.section.is_empty() {
            notes.push(Note::new(
                &page.source,
                None,
                "not carried: a page at the top of content/, not a post",
            ));
            continue;
        }
        let front = blog::front_of(tree, &page.source, &mut notes);
        let fields = front.as_ref().map(|f| f.fields.clone()).unwrap_or_default();
        let old_address = fields
            .own_address
            .is_none()
            .then(|| old_address(&permalinks, &page, &fields));
        posts.push(Post {
            source: page.source,
            name: page.name,
            bundle: page.bundle,
            section: page.section,
            front,
            old_address,
        });
    }
    let statics = content::statics(content.others, tree);
    let sections = (content.section_pages.iter())
        .filter_map(|page| content::section_address(page))
        .map(|address| address.to_lowercase())
        .collect();
    Blog {
        engine: Engine::Hugo,
        posts,
        statics,
        notes,
        sections,
    }
}

/// Hugo's `urlize`: spaces become `-`, characters a path does not hold are
/// dropped.
fn urlize(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || "._-~+".contains(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// The address Hugo gave `page`.
fn old_address(
    permalinks: &BTreeMap<String, String>,
    page: &Page,
    fields: &Fields,
) -> Result<String, String> {
    let file_name = address::stem(&page.name).to_string();
    let top_section = page.section.split('/').next().unwrap_or_default();
    let title = fields.title.as_deref().map(urlize).unwrap_or_default();
    let slug = fields.slug.as_deref().map(urlize);
    let Some(pattern) = permalinks.get(top_section) else {
        let last = slug.unwrap_or(file_name);
        return Ok(address::clean(&format!("/{}/{last}/", page.section)).to_lowercase());
    };
    let date: Option<Date> = fields.date.as_deref().and_then(address::date);
    let dated = |part: fn(&Date) -> String| date.as_ref().map(part);
    let value = |token: &str| match token {
        "year" => dated(|d| d.year.clone()),
        "month" => dated(|d| d.month.clone()),
        "monthname" => dated(|d| {
            let month: usize = d.month.parse().unwrap_or(1);
            MONTHS[month.clamp(1, 12) - 1].to_string()
        }),
        "day" => dated(|d| d.day.clone()),
        "section" => Some(top_section.to_string()),
        "sections" => Some(page.section.clone()),
        "title" => Some(title.clone()),
        "slug" => Some(slug.clone().unwrap_or_else(|| title.clone())),
        "filename" | "contentbasename" => Some(file_name.clone()),
        "slugorfilename" | "slugorcontentbasename" => {
            Some(slug.clone().unwrap_or_else(|| file_name.clone()))
        }
        _ => None,
    };
    let expanded = address::expand(pattern, |token| {
        value(token).ok_or_else(|| format!("`:{token}` in \"{pattern}\""))
    })?;
    Ok(address::clean(&expanded).to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(section: &str, name: &str) -> Page {
        Page {
            source: format!("content/{section}/{name}"),
            section: section.to_string(),
            name: name.to_string(),
            bundle: None,
        }
    }

    #[test]
    fn without_permalinks_the_address_is_section_and_file_name_lowercased() {
        let fields = Fields::default();
        assert_eq!(
            old_address(&BTreeMap::new(), &page("posts", "My-Post.md"), &fields),
            Ok("/posts/my-post/".to_string())
        );
    }

    #[test]
    fn a_sections_pattern_takes_date_and_urlized_title() {
        let permalinks =
            BTreeMap::from([("posts".to_string(), "/:year/:month/:title/".to_string())]);
        let fields = Fields {
            date: Some("2018-11-09T21:01:13-08:00".to_string()),
            title: Some("Linear Algebra - A Primer!".to_string()),
            ..Fields::default()
        };
        assert_eq!(
            old_address(&permalinks, &page("posts", "x.md"), &fields),
            Ok("/2018/11/linear-algebra---a-primer/".to_string())
        );
    }
}
