//! A blog as the importer sees it: its files as plain values (`Tree`, read
//! by the shell), and what an engine module makes of them (`Blog`): the
//! posts with their old addresses, the files served as they are, and what
//! cannot be carried. Pure; `plan` decides where each lands here.

use crate::front_matter::FrontMatter;
use std::collections::{BTreeMap, BTreeSet};

/// A blog's files: every path (relative to the blog's directory, `/`
/// separated) and the text of those the importer reads (`wants_text`).
#[derive(Debug, Default, Clone)]
pub struct Tree {
    pub files: BTreeSet<String>,
    pub texts: BTreeMap<String, String>,
}

/// Whether the importer reads `path` as text: posts and configuration.
pub fn wants_text(path: &str) -> bool {
    is_markdown(path)
        || [".toml", ".yml", ".yaml"]
            .iter()
            .any(|ext| path.ends_with(ext))
}

/// Whether `path` is a markdown post by its extension (Jekyll's default
/// `.markdown` included).
pub fn is_markdown(path: &str) -> bool {
    path.ends_with(".md") || path.ends_with(".markdown")
}

impl Tree {
    /// The text of `path`, when it exists and was read.
    pub fn text(&self, path: &str) -> Option<&str> {
        self.texts.get(path).map(String::as_str)
    }

    /// Files under the directory `dir` (no trailing slash).
    pub fn under<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.files
            .iter()
            .map(String::as_str)
            .filter(move |f| f.strip_prefix(dir).is_some_and(|r| r.starts_with('/')))
    }

    /// The first entry of each path: the blog's top level.
    pub fn top_level(&self) -> BTreeSet<&str> {
        self.files
            .iter()
            .map(|f| f.split('/').next().unwrap_or(f))
            .collect()
    }
}

/// The engine a blog was written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Zola,
    Hugo,
    Jekyll,
}

/// A post of the blog.
#[derive(Debug, Clone)]
pub struct Post {
    /// The markdown file, in the blog.
    pub source: String,
    /// Its name under `posts/`: the file name (`x.md`), or a bundle's
    /// directory name (`x`, the file then `index.md` in it).
    pub name: String,
    /// For a bundle, the blog directory whose other files go beside it.
    pub bundle: Option<String>,
    /// The section it was in (`inside-rust`), to tell apart two posts of
    /// one name; empty at the top.
    pub section: String,
    pub front: Option<FrontMatter>,
    /// The address its engine served it at, when the post does not name
    /// its own; `Err` when it cannot be known (shown as not carried).
    pub old_address: Option<Result<String, String>>,
}

/// A file served as it is, at `to` under this site's `static/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Static {
    pub source: String,
    pub to: String,
}

/// Something of the blog that is not carried (or carried differently),
/// at its file and line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl Note {
    pub fn new(file: &str, line: Option<usize>, message: impl Into<String>) -> Note {
        Note {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// What an engine module makes of a blog.
#[derive(Debug, Clone)]
pub struct Blog {
    pub engine: Engine,
    pub posts: Vec<Post>,
    pub statics: Vec<Static>,
    pub notes: Vec<Note>,
    /// Where the sections' own pages (Zola's and Hugo's `_index.md`) listed
    /// their posts (`/inside-rust/`): the archive lists them here.
    pub sections: Vec<String>,
}

/// The blog's top-level entries no engine rule used, each one note: the
/// writer sees every part of the blog that did not come along.
pub fn unused_top_level(tree: &Tree, used: &[&str]) -> Vec<Note> {
    tree.top_level()
        .into_iter()
        .filter(|entry| !used.contains(entry))
        .map(|entry| {
            let is_dir = tree.under(entry).next().is_some();
            let shown = if is_dir {
                format!("{entry}/")
            } else {
                entry.to_string()
            };
            Note::new(&shown, None, not_carried_reason(entry))
        })
        .collect()
}

/// Why a top-level entry of a blog is not carried.
fn not_carried_reason(entry: &str) -> &'static str {
    match entry {
        "templates" | "layouts" | "_layouts" | "_includes" | "themes" | "archetypes" => {
            "not carried: the engine's templates (this site draws its own pages)"
        }
        "sass" | "_sass" | "css" | "assets_src" => {
            "not carried: the engine's styles (this site has its own)"
        }
        "config.toml" | "hugo.toml" | "_config.yml" | "config.yaml" | "hugo.yaml" => {
            "read for the old URL scheme; settings go in site.toml by hand"
        }
        _ if is_markdown(entry) || entry.ends_with(".html") => "not carried: a page, not a post",
        _ => "not carried: not a post or a file posts link to",
    }
}

/// The front matter of the post `source`, with a note when it cannot be
/// read (the post is carried as it is; the build will say the same).
pub fn front_of(tree: &Tree, source: &str, notes: &mut Vec<Note>) -> Option<FrontMatter> {
    match crate::front_matter::read(tree.text(source).unwrap_or_default()) {
        Ok(front) => front,
        Err(e) => {
            notes.push(Note::new(source, Some(1), e));
            None
        }
    }
}
