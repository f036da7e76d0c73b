//! A post's source file → `Post`. A post is `posts/<name>.md` (or
//! `.markdown`, Jekyll's), or `posts/<name>/index.md` with the files it
//! shows beside it. Its front matter, in any dialect `front_matter`
//! reads, says most of it; the file's name gives the rest: the slug, by
//! the tags' rule (`Rust-1.88.0.md` → `rust-1-88-0`), and the date when
//! the front matter has none (`2016-05-31-rl.markdown`, or else an old
//! address such as Zola's `path = "2016/05/31/rl"`). Every error names the
//! file and the line; a post's front matter reports all of its problems at
//! once.

use crate::content::aliases::{self, Alias};
use crate::content::front_matter::{self, date, keys::Text, permalink};
use crate::content::names::{self, Name};
use crate::content::slug::slug;
use crate::source::{self, line_at, Source};
use anyhow::{anyhow, Result};
use time::Date;

/// A parsed post; the body is still markdown.
#[derive(Debug, Clone)]
pub struct Post {
    /// The source file, e.g. `posts/do-i-dare.md` or `posts/figures/index.md`.
    pub source: String,
    pub slug: String,
    /// May contain ` / `, rendered as a line break in the page's heading.
    pub title: String,
    pub subtitle: Option<String>,
    /// The `description`, or else Hugo's `summary` or Jekyll's `excerpt`.
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

/// Parses one post source; with the post, the front matter keys it holds
/// that mean nothing here (`parse_posts` reports them once for the site).
pub fn parse(file: &Source<String>) -> Result<(Post, Vec<Text>)> {
    let path = &file.path;
    let text = file
        .content
        .strip_prefix('\u{feff}')
        .unwrap_or(&file.content);
    let (fields, body_start) = front_matter::read(path, text)?;
    let mut problems = Vec::new();
    let title = match fields.title {
        Some(title) if title.text.trim().is_empty() => {
            problems.push(anyhow!(
                "{path}:{}: front matter: `title` is empty",
                title.line
            ));
            String::new()
        }
        Some(title) => title.text,
        None => {
            problems.push(anyhow!("{path}:1: front matter: `title` is missing"));
            String::new()
        }
    };
    // A tag or series is on the line its value starts on.
    let mut name = |kind, written: &Text| {
        kept(
            &mut problems,
            names::name(kind, &written.text, path, written.line),
        )
    };
    let tags = fields.tags.iter().filter_map(|t| name("tag", t)).collect();
    let series = fields.series.as_ref().and_then(|s| name("series", s));
    let (name_date, name) = file_name(path);
    // Jekyll's `permalink`, its `:tokens` filled as Jekyll filled them.
    let permalink = fields.permalink.as_ref().and_then(|written| {
        let post = permalink::Post {
            date: fields.date.or(name_date),
            title: fields.slug.as_ref().map_or(name, |s| &s.text),
            categories: &fields.categories,
        };
        match permalink::jekyll(&written.text, &post) {
            Ok(address) => Some(Text {
                text: address,
                line: written.line,
            }),
            Err(why) => {
                problems.push(anyhow!(
                    "{path}:{}: front matter: permalink \"{}\": {why}",
                    written.line,
                    written.text
                ));
                None
            }
        }
    });
    let aliases: Vec<Alias> = fields
        .aliases
        .iter()
        .chain(&permalink)
        .filter_map(|a| kept(&mut problems, aliases::alias(&a.text, path, a.line)))
        .collect();
    let date = fields
        .date
        .or(name_date)
        .or_else(|| aliases.iter().find_map(|a| date::from_address(&a.path)));
    if date.is_none() {
        problems.push(anyhow!(
            "{path}:1: front matter: `date` is missing, and neither the file name \
             (`2016-05-31-{name}.md`) nor an old address (`path`, `url`, `permalink`) holds one"
        ));
    }
    let (slug, slug_line) = match &fields.slug {
        Some(written) => (slug(&written.text), written.line),
        None => (slug(name), 1),
    };
    if slug.is_empty() {
        problems.push(anyhow!(
            "{path}:{slug_line}: the slug has no letter or digit to make the post's address from"
        ));
    }
    source::fail_with_all(problems)?;
    let post = Post {
        source: path.clone(),
        slug,
        title,
        subtitle: fields.subtitle.map(|s| s.text),
        description: fields.description.or(fields.summary).map(|s| s.text),
        date: date.expect("a missing date is a problem reported above"),
        updated: fields.updated,
        tags,
        series,
        toc: fields.toc,
        aliases,
        draft: fields.draft,
        body: text[body_start..].to_string(),
        body_line: line_at(text, body_start),
    };
    Ok((post, fields.ignored))
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
        let dir = INDEXES
            .iter()
            .find_map(|index| self.source.strip_suffix(index))?;
        // `posts/<name>/`: two slashes (`posts/index.md` is a single file).
        (dir.matches('/').count() == 2).then_some(dir)
    }
}

/// When the newest of `posts` last changed (`Post::last_change`); `None`
/// for no posts. The site's Last-Modified, the feed's and the sitemap's
/// dates all come from here.
pub fn newest<'a>(posts: impl IntoIterator<Item = &'a Post>) -> Option<Date> {
    posts.into_iter().map(Post::last_change).max()
}

/// The extensions of a post's file: CommonMark's, and Jekyll's default.
const EXTENSIONS: [&str; 2] = [".md", ".markdown"];

/// The file names of a post that lives in its own directory.
const INDEXES: [&str; 2] = ["index.md", "index.markdown"];

/// Whether the file at `path` (below `posts/`) is a post: `posts/<name>.md`
/// (or `.markdown`) or `posts/<name>/index.md` (or `index.markdown`).
/// Every other file is one served beside a post.
pub fn is_source(path: &str) -> bool {
    let Some(rest) = path.strip_prefix("posts/") else {
        return false;
    };
    match rest.split_once('/') {
        None => EXTENSIONS.iter().any(|ext| rest.ends_with(ext)),
        Some((_, name)) => INDEXES.contains(&name),
    }
}

/// The value of `result`, or `None` with its error added to `problems`.
fn kept<T>(problems: &mut Vec<anyhow::Error>, result: Result<T>) -> Option<T> {
    result.map_err(|e| problems.push(e)).ok()
}

/// The post's name, that its slug is made from, and the day it starts
/// with if any: the file name without its extension (`posts/Rust-1.88.0.md`
/// → `Rust-1.88.0`), for a post in a directory the directory's name, and
/// without a leading day (`posts/2016-05-31-rl.markdown` → 2016-05-31,
/// `rl`).
fn file_name(path: &str) -> (Option<Date>, &str) {
    let path = INDEXES
        .iter()
        .find_map(|index| path.strip_suffix(index)?.strip_suffix('/'))
        .unwrap_or(path);
    let name = path.rsplit('/').next().unwrap_or(path);
    let name = EXTENSIONS
        .iter()
        .find_map(|ext| name.strip_suffix(ext))
        .unwrap_or(name);
    match date::from_file_name(name) {
        Some((day, rest)) => (Some(day), rest),
        None => (None, name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn parse_at(path: &str, text: &str) -> Result<Post> {
        parse(&Source {
            path: path.into(),
            content: text.into(),
        })
        .map(|(post, _)| post)
    }

    fn parse_str(text: &str) -> Result<Post> {
        parse_at("posts/hello.md", text)
    }

    #[test]
    fn front_matter_fields_and_body() {
        let post = parse_str(
            "+++\ntitle = \"A / B\"\nsubtitle = \"s\"\ndate = 2026-01-02\ntags = [\"x\"]\n+++\n\nBody\n",
        )
        .unwrap();
        assert_eq!(post.slug, "hello");
        assert_eq!(post.title, "A / B");
        assert_eq!(post.date, date!(2026 - 01 - 02));
        let tags: Vec<&str> = post.tags.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(tags, ["x"]);
        assert_eq!((post.series, post.toc), (None, false));
        assert_eq!(post.body, "\nBody\n");
        assert_eq!(post.body_line, 7);
    }

    #[test]
    fn slug_can_be_set_and_is_made_a_slug() {
        let post =
            parse_str("+++\ntitle = \"t\"\ndate = 2026-01-02\nslug = \"other\"\n+++\n").unwrap();
        assert_eq!(post.slug, "other");
        let post =
            parse_str("+++\ntitle = \"t\"\ndate = 2026-01-02\nslug = \"Not OK\"\n+++\n").unwrap();
        assert_eq!(post.slug, "not-ok");
    }

    #[test]
    fn any_file_name_makes_a_slug_and_a_leading_day_dates_the_post() {
        let post = parse_at(
            "posts/Rust-1.88.0.md",
            "+++\ntitle = \"t\"\ndate = 2026-01-02\n+++\n",
        )
        .unwrap();
        assert_eq!(post.path(), "/posts/rust-1-88-0/");
        let post = parse_at("posts/2016-05-31-rl.markdown", "---\ntitle: t\n---\n").unwrap();
        assert_eq!(
            (post.slug.as_str(), post.date),
            ("rl", date!(2016 - 05 - 31))
        );
        let post = parse_at(
            "posts/2016-05-31-rl.markdown",
            "---\ntitle: t\ndate: 2016-06-01 10:00:00 +0200\n---\n",
        )
        .unwrap();
        assert_eq!(post.date, date!(2016 - 06 - 01));
    }

    #[test]
    fn an_old_address_may_date_the_post() {
        let post = parse_at(
            "posts/Rust-1.88.0.md",
            "+++\npath = \"2025/06/26/Rust-1.88.0\"\ntitle = \"t\"\n+++\n",
        )
        .unwrap();
        assert_eq!(post.date, date!(2025 - 06 - 26));
        assert_eq!(post.aliases[0].path, "/2025/06/26/Rust-1.88.0/");
    }

    #[test]
    fn post_in_a_directory_is_named_after_it_and_owns_its_files() {
        let post = parse_at(
            "posts/figures/index.md",
            "+++\ntitle = \"t\"\ndate = 2026-01-02\n+++\n",
        )
        .unwrap();
        assert_eq!(post.slug, "figures");
        assert_eq!(post.path(), "/posts/figures/");
        assert_eq!(post.files_dir(), Some("posts/figures/"));
        let single = parse_str("+++\ntitle = \"t\"\ndate = 2026-01-02\n+++\n").unwrap();
        assert_eq!(single.files_dir(), None);
        let jekyll = parse_at(
            "posts/Big Data/index.markdown",
            "---\ntitle: t\ndate: 2026-01-02\n---\n",
        )
        .unwrap();
        assert_eq!(jekyll.slug, "big-data");
        assert_eq!(jekyll.files_dir(), Some("posts/Big Data/"));
    }

    #[test]
    fn which_files_are_posts() {
        for path in [
            "posts/a.md",
            "posts/a.markdown",
            "posts/a/index.md",
            "posts/a/index.markdown",
        ] {
            assert!(is_source(path), "{path}");
        }
        for path in [
            "posts/a/fig.png",
            "posts/a/notes.md",
            "posts/a/b/index.md",
            "posts/a.txt",
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
            "+++\ntitle = \" \"\ndate = 2026-01-02\ntags = [\"ok\", \"  \",\n \"!!!\"]\nseries = \"\"\nslug = \"!\"\n+++\n",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "posts/hello.md:2: front matter: `title` is empty\n\
             posts/hello.md:4: a tag is empty\n\
             posts/hello.md:5: tag \"!!!\" has no letter or digit to make its page's address from\n\
             posts/hello.md:6: a series is empty\n\
             posts/hello.md:7: the slug has no letter or digit to make the post's address from"
        );
    }

    #[test]
    fn missing_front_matter_is_an_error_on_line_1() {
        let err = parse_str("# Just markdown\n").unwrap_err().to_string();
        assert!(err.starts_with("posts/hello.md:1: "), "{err}");
    }

    #[test]
    fn missing_title_is_an_error() {
        let err = parse_str("+++\ndate = 2026-01-02\n+++\n")
            .unwrap_err()
            .to_string();
        assert_eq!(err, "posts/hello.md:1: front matter: `title` is missing");
    }

    #[test]
    fn missing_date_says_where_one_may_come_from() {
        let err = parse_str("+++\ntitle = \"t\"\n+++\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("posts/hello.md:1: front matter: `date` is missing")
                && err.contains("2016-05-31-hello.md"),
            "{err}"
        );
    }

    #[test]
    fn impossible_date_names_the_field_and_its_line() {
        let err = parse_str("+++\ntitle = \"t\"\ndate = 12:00:00\n+++\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("posts/hello.md:3: front matter: `date` must be a date"),
            "{err}"
        );
        let err = parse_str("+++\ntitle = \"t\"\ndate = 1899-12-31\n+++\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("posts/hello.md:3: front matter: `date` must be in 1900 or later"),
            "{err}"
        );
    }
}
