//! A post's source file → `Post`: TOML front matter between `+++` lines,
//! then the markdown body. A post is `posts/<name>.md`, or
//! `posts/<name>/index.md` with the files it shows beside it. Every error
//! names the file and the line; a post's front matter reports all of its
//! problems at once.

use crate::content::aliases::{self, Alias};
use crate::content::names::{self, Name};
use crate::source::{self, line_at, Source};
use anyhow::{anyhow, bail, Result};
use serde::Deserialize;
use time::Date;
use toml::Spanned;

/// A parsed post; the body is still markdown.
#[derive(Debug, Clone)]
pub struct Post {
    /// The source file, e.g. `posts/do-i-dare.md` or `posts/figures/index.md`.
    pub source: String,
    pub slug: String,
    /// May contain ` / `, rendered as a line break in the page's heading.
    pub title: String,
    pub subtitle: Option<String>,
    pub description: Option<String>,
    pub date: Date,
    pub updated: Option<Date>,
    /// As written; each names the page `/tags/<slug>/`.
    pub tags: Vec<Name>,
    /// The series the post is part of: the page `/series/<slug>/`.
    pub series: Option<Name>,
    /// Whether the page lists the post's headings under its title.
    pub toc: bool,
    /// Old addresses of the post, each redirected to it.
    pub aliases: Vec<Alias>,
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
    tags: Vec<Spanned<String>>,
    series: Option<Spanned<String>>,
    #[serde(default)]
    toc: bool,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
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
    let mut problems = Vec::new();
    if meta.title.trim().is_empty() {
        problems.push(anyhow!(
            "{path}:{}: front matter: `title` is empty",
            field_line("title")
        ));
    }
    let date = to_date(&meta.date)
        .map_err(|e| anyhow!("{path}:{}: front matter: `date` {e}", field_line("date")));
    let date = kept(&mut problems, date);
    let updated = meta.updated.as_ref().map(to_date).transpose().map_err(|e| {
        anyhow!(
            "{path}:{}: front matter: `updated` {e}",
            field_line("updated")
        )
    });
    let updated = kept(&mut problems, updated).flatten();
    // A tag or series is on the line its value starts on.
    let mut name = |kind, written: &Spanned<String>| {
        let line = line_at(text, front_start + written.span().start);
        kept(
            &mut problems,
            names::name(kind, written.get_ref(), path, line),
        )
    };
    let tags = meta.tags.iter().filter_map(|t| name("tag", t)).collect();
    let series = meta.series.as_ref().and_then(|s| name("series", s));
    let aliases = meta
        .aliases
        .iter()
        .filter_map(|written| {
            let line = line_at(text, front_start + written.span().start);
            kept(&mut problems, aliases::alias(written.get_ref(), path, line))
        })
        .collect();
    let slug = match meta.slug {
        Some(slug) => slug,
        None => default_slug(path),
    };
    if !is_valid_slug(&slug) {
        problems.push(anyhow!(
            "{path}:{}: slug \"{slug}\" must be lowercase letters, digits and single hyphens",
            field_line("slug")
        ));
    }
    source::fail_with_all(problems)?;

    Ok(Post {
        source: path.clone(),
        slug,
        title: meta.title,
        subtitle: meta.subtitle,
        description: meta.description,
        date: date.expect("a date that failed is a problem reported above"),
        updated,
        tags,
        series,
        toc: meta.toc,
        aliases,
        draft: meta.draft,
        body: text[body_start..].to_string(),
        body_line: line_at(text, body_start),
    })
}

impl Post {
    /// When the post last changed: its update, or else its date.
    pub fn last_change(&self) -> Date {
        self.updated.unwrap_or(self.date).max(self.date)
    }

    /// The path the post is served at, `/posts/<slug>/`.
    pub fn path(&self) -> String {
        format!("/posts/{}/", self.slug)
    }

    /// The directory whose files are served beside the post
    /// (`posts/<name>/` for `posts/<name>/index.md`); a single-file post
    /// has none.
    pub fn files_dir(&self) -> Option<&str> {
        // `posts/<name>/`: two slashes (`posts/index.md` is a single file).
        let dir = self.source.strip_suffix(INDEX)?;
        (dir.matches('/').count() == 2).then_some(dir)
    }
}

/// When the newest of `posts` last changed (`Post::last_change`); `None`
/// for no posts. The site's Last-Modified, the feed's and the sitemap's
/// dates all come from here.
pub fn newest<'a>(posts: impl IntoIterator<Item = &'a Post>) -> Option<Date> {
    posts.into_iter().map(Post::last_change).max()
}

/// The file name of a post that lives in its own directory.
pub const INDEX: &str = "index.md";

/// Whether the file at `path` (below `posts/`) is a post: `posts/<name>.md`
/// or `posts/<name>/index.md`. Every other file is one served beside a post.
pub fn is_source(path: &str) -> bool {
    let Some(rest) = path.strip_prefix("posts/") else {
        return false;
    };
    match rest.split_once('/') {
        None => rest.ends_with(".md"),
        Some((_, name)) => name == INDEX,
    }
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

/// The value of `result`, or `None` with its error added to `problems`.
fn kept<T>(problems: &mut Vec<anyhow::Error>, result: Result<T>) -> Option<T> {
    result.map_err(|e| problems.push(e)).ok()
}

fn to_date(value: &toml::value::Datetime) -> Result<Date, String> {
    let d = value
        .date
        .ok_or_else(|| format!("must be a date like 2026-11-29, got {value}"))?;
    let month = time::Month::try_from(d.month).map_err(|e| e.to_string())?;
    // RSS dates (RFC 822) cannot say anything earlier.
    if d.year < 1900 {
        return Err(format!("must be in 1900 or later, got {value}"));
    }
    Date::from_calendar_date(i32::from(d.year), month, d.day).map_err(|e| e.to_string())
}

/// The file name without its extension, `posts/do-i-dare.md` →
/// `do-i-dare`; for a post in a directory the directory's name,
/// `posts/figures/index.md` → `figures`.
fn default_slug(path: &str) -> String {
    let path = path.strip_suffix(&format!("/{INDEX}")).unwrap_or(path);
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
        let tags: Vec<&str> = post.tags.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(tags, ["x"]);
        assert_eq!((post.series, post.toc), (None, false));
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
    fn post_in_a_directory_is_named_after_it_and_owns_its_files() {
        let post = parse(&Source {
            path: "posts/figures/index.md".into(),
            content: "+++\ntitle = \"t\"\ndate = 2026-01-02\n+++\n".into(),
        })
        .unwrap();
        assert_eq!(post.slug, "figures");
        assert_eq!(post.path(), "/posts/figures/");
        assert_eq!(post.files_dir(), Some("posts/figures/"));
        let single = parse_str("+++\ntitle = \"t\"\ndate = 2026-01-02\n+++\n").unwrap();
        assert_eq!(single.files_dir(), None);
    }

    #[test]
    fn which_files_are_posts() {
        for path in ["posts/a.md", "posts/a/index.md"] {
            assert!(is_source(path), "{path}");
        }
        for path in [
            "posts/a/fig.png",
            "posts/a/notes.md",
            "posts/a/b/index.md",
            "static/a.md",
        ] {
            assert!(!is_source(path), "{path}");
        }
    }

    #[test]
    fn tags_and_series_are_names_as_written_each_with_its_line() {
        let post = parse_str(
            "+++\ntitle = \"t\"\ndate = 2026-01-02\ntags = [\n  \"Machine Learning\",\n  \"C++\",\n]\nseries = \" GPU Notes \"\ntoc = true\n+++\n",
        )
        .unwrap();
        let tags: Vec<_> = post
            .tags
            .iter()
            .map(|t| (t.text.as_str(), t.slug.as_str(), t.line))
            .collect();
        assert_eq!(
            tags,
            [
                ("Machine Learning", "machine-learning", 5),
                ("C++", "c-plus-plus", 6)
            ]
        );
        let series = post.series.unwrap();
        assert_eq!((series.text.as_str(), series.line), ("GPU Notes", 8));
        assert!(post.toc);
    }

    #[test]
    fn every_problem_of_the_front_matter_is_reported_at_once() {
        let err = parse_str(
            "+++\ntitle = \" \"\ndate = 2026-01-02\ntags = [\"ok\", \"  \",\n \"!!!\"]\nseries = \"\"\nslug = \"Not OK\"\n+++\n",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "posts/hello.md:2: front matter: `title` is empty\n\
             posts/hello.md:4: a tag is empty\n\
             posts/hello.md:5: tag \"!!!\" has no letter or digit to make its page's address from\n\
             posts/hello.md:6: a series is empty\n\
             posts/hello.md:7: slug \"Not OK\" must be lowercase letters, digits and single hyphens"
        );
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
    fn missing_or_empty_title_is_an_error() {
        let err = parse_str("+++\ndate = 2026-01-02\n+++\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("posts/hello.md:") && err.contains("missing field `title`"),
            "{err}"
        );
        let err = parse_str("+++\ntitle = \" \"\ndate = 2026-01-02\n+++\n")
            .unwrap_err()
            .to_string();
        assert_eq!(err, "posts/hello.md:2: front matter: `title` is empty");
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
    fn date_before_1900_is_an_error() {
        let err = parse_str("+++\ntitle = \"t\"\ndate = 1899-12-31\n+++\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("posts/hello.md:3: front matter: `date` must be in 1900 or later"),
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
