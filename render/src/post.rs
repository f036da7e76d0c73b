//! A post's source file → `Post`: TOML front matter between `+++` lines,
//! then the markdown body. Every error names the file and the line.

use crate::{line_at, Source};
use anyhow::{anyhow, bail, Result};
use serde::Deserialize;
use time::Date;

/// A parsed post; the body is still markdown.
#[derive(Debug, Clone)]
pub struct Post {
    /// The source file, e.g. `posts/do-i-dare.md`.
    pub source: String,
    pub slug: String,
    /// May contain ` / `, rendered as a line break in the page's heading.
    pub title: String,
    pub subtitle: Option<String>,
    pub description: Option<String>,
    pub date: Date,
    pub updated: Option<Date>,
    pub tags: Vec<String>,
    pub draft: bool,
    pub body: String,
    /// The line of the source file on which `body` starts.
    pub body_line: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    subtitle: Option<String>,
    description: Option<String>,
    date: toml::value::Datetime,
    updated: Option<toml::value::Datetime>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    draft: bool,
    slug: Option<String>,
}

const FENCE: &str = "+++";

/// Parses one post source.
pub fn parse(file: &Source<String>) -> Result<Post> {
    let path = &file.path;
    let text = file
        .content
        .strip_prefix('\u{feff}')
        .unwrap_or(&file.content);
    let Some(after_open) = text.strip_prefix(FENCE).and_then(|rest| {
        rest.strip_prefix("\r\n")
            .or_else(|| rest.strip_prefix('\n'))
    }) else {
        bail!("{path}:1: a post starts with TOML front matter between `+++` lines");
    };
    let front_start = text.len() - after_open.len();
    let Some(close) = find_closing_fence(after_open) else {
        bail!("{path}:1: the front matter opened here is never closed with a `+++` line");
    };
    let front = &after_open[..close];
    let body_start = front_start + close + FENCE.len();
    let body_start = body_start
        + text[body_start..]
            .find('\n')
            .map_or(text.len() - body_start, |i| i + 1);

    let meta: FrontMatter = toml::from_str(front).map_err(|e| {
        let line = line_at(text, front_start + e.span().map_or(0, |s| s.start));
        anyhow!("{path}:{line}: front matter: {}", e.message().trim_end())
    })?;
    let field_line = |key: &str| {
        front
            .lines()
            .position(|l| l.trim_start().starts_with(key))
            .map_or(1, |i| i + 2)
    };
    if meta.title.trim().is_empty() {
        bail!(
            "{path}:{}: front matter: `title` is empty",
            field_line("title")
        );
    }
    let date = to_date(&meta.date)
        .map_err(|e| anyhow!("{path}:{}: front matter: `date` {e}", field_line("date")))?;
    let updated = meta
        .updated
        .as_ref()
        .map(to_date)
        .transpose()
        .map_err(|e| {
            anyhow!(
                "{path}:{}: front matter: `updated` {e}",
                field_line("updated")
            )
        })?;
    let slug = match meta.slug {
        Some(slug) => slug,
        None => default_slug(path),
    };
    if !is_valid_slug(&slug) {
        bail!(
            "{path}:{}: slug \"{slug}\" must be lowercase letters, digits and single hyphens",
            field_line("slug")
        );
    }

    Ok(Post {
        source: path.clone(),
        slug,
        title: meta.title,
        subtitle: meta.subtitle,
        description: meta.description,
        date,
        updated,
        tags: meta.tags,
        draft: meta.draft,
        body: text[body_start..].to_string(),
        body_line: line_at(text, body_start),
    })
}

/// Byte offset (in `rest`) of the line that is exactly `+++`.
fn find_closing_fence(rest: &str) -> Option<usize> {
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == FENCE {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

fn to_date(value: &toml::value::Datetime) -> Result<Date, String> {
    let d = value
        .date
        .ok_or_else(|| format!("must be a date like 2026-11-29, got {value}"))?;
    let month = time::Month::try_from(d.month).map_err(|e| e.to_string())?;
    Date::from_calendar_date(i32::from(d.year), month, d.day).map_err(|e| e.to_string())
}

/// The file name without its extension: `posts/do-i-dare.md` → `do-i-dare`.
fn default_slug(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name).to_string()
}

fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Post> {
        parse(&Source {
            path: "posts/hello.md".into(),
            content: text.into(),
        })
    }

    #[test]
    fn front_matter_fields_and_body() {
        let post = parse_str(
            "+++\ntitle = \"A / B\"\nsubtitle = \"s\"\ndate = 2026-01-02\ntags = [\"x\"]\n+++\n\nBody\n",
        )
        .unwrap();
        assert_eq!(post.slug, "hello");
        assert_eq!(post.title, "A / B");
        assert_eq!(post.date, time::macros::date!(2026 - 01 - 02));
        assert_eq!(post.tags, ["x"]);
        assert_eq!(post.body, "\nBody\n");
        assert_eq!(post.body_line, 7);
    }

    #[test]
    fn slug_can_be_set() {
        let post =
            parse_str("+++\ntitle = \"t\"\ndate = 2026-01-02\nslug = \"other\"\n+++\n").unwrap();
        assert_eq!(post.slug, "other");
    }

    #[test]
    fn missing_front_matter_is_an_error_on_line_1() {
        let err = parse_str("# Just markdown\n").unwrap_err().to_string();
        assert!(err.starts_with("posts/hello.md:1: "), "{err}");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let err = parse_str("+++\ntitle = \"t\"\n").unwrap_err().to_string();
        assert!(err.contains("never closed"), "{err}");
    }

    #[test]
    fn bad_toml_names_its_line() {
        let err = parse_str("+++\ntitle = \"t\"\ndate = 2026-01-02\nsubtitle = oops\n+++\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("posts/hello.md:4: front matter:"), "{err}");
    }

    #[test]
    fn missing_date_is_an_error() {
        let err = parse_str("+++\ntitle = \"t\"\n+++\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("posts/hello.md:") && err.contains("date"),
            "{err}"
        );
    }

    #[test]
    fn impossible_date_names_the_field() {
        let err = parse_str("+++\ntitle = \"t\"\ndate = 12:00:00\n+++\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("posts/hello.md:3: front matter: `date`"),
            "{err}"
        );
    }

    #[test]
    fn bad_slug_is_rejected() {
        let err = parse_str("+++\ntitle = \"t\"\ndate = 2026-01-02\nslug = \"Not OK\"\n+++\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("posts/hello.md:4: slug"), "{err}");
    }
}
