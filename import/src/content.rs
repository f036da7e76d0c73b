//! The `content/` directory Zola and Hugo share: sections (`_index.md`),
//! pages as single files (`posts/x.md`) and as bundles (`posts/x/index.md`
//! with their files beside them), and the other files, which both engines
//! serve at their own paths. Each engine decides what its pages' addresses
//! were.

use crate::address;
use crate::blog::{self, Note, Static, Tree};

pub const DIR: &str = "content";
/// Where both engines keep files served at their own paths.
pub const STATIC: &str = "static";

/// A page of `content/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The markdown file, in the blog.
    pub source: String,
    /// Its section's directory, relative to `content/` (`inside-rust`,
    /// `posts/2020`), empty at the top.
    pub section: String,
    /// Its name: the file name, or a bundle's directory name.
    pub name: String,
    /// A bundle's directory, in the blog.
    pub bundle: Option<String>,
}

/// What `content/` holds.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Content {
    pub pages: Vec<Page>,
    /// Sections' own pages (`_index.md`).
    pub section_pages: Vec<String>,
    /// Files outside bundles that are not pages, relative to `content/`.
    pub others: Vec<String>,
}

/// `content/` of a Zola or Hugo blog whose configuration files are
/// `configs`, and the notes both engines start with: what sits at the top
/// level beside `content/`, `static/` and those files, and each section's
/// own page, neither carried.
pub fn read(tree: &Tree, configs: &[&str]) -> (Content, Vec<Note>) {
    let mut notes = blog::unused_top_level(tree, &[&[DIR, STATIC][..], configs].concat());
    let content = walk(tree);
    for page in &content.section_pages {
        notes.push(Note::new(page, None, "not carried: a section's own page"));
    }
    (content, notes)
}

/// The address the section's own page `page` (`content/<dir>/_index.md`)
/// listed the section's posts at, `/<dir>/` as written; `None` for the
/// top section's, which was the home page.
pub fn section_address(page: &str) -> Option<String> {
    let (dir, _) = page
        .strip_prefix(DIR)?
        .strip_prefix('/')?
        .rsplit_once('/')?;
    Some(address::clean(&format!("/{dir}/")))
}

/// The files both engines serve at their own paths, as this site's static
/// files: `content/`'s `others` and everything under `static/`.
pub fn statics(others: Vec<String>, tree: &Tree) -> Vec<Static> {
    others
        .into_iter()
        .map(|to| Static {
            source: format!("{DIR}/{to}"),
            to,
        })
        .chain(tree.under(STATIC).map(|source| Static {
            source: source.to_string(),
            to: source[STATIC.len() + 1..].to_string(),
        }))
        .collect()
}

fn walk(tree: &Tree) -> Content {
    let bundles: Vec<String> = tree
        .under(DIR)
        .filter_map(|f| {
            let (dir, file) = f.rsplit_once('/')?;
            (file == "index.md" || file == "index.markdown").then(|| dir.to_string())
        })
        .collect();
    let bundle_of = |file: &str| {
        bundles
            .iter()
            .filter(|b| {
                file.strip_prefix(b.as_str())
                    .is_some_and(|r| r.starts_with('/'))
            })
            .min_by_key(|b| b.len())
    };
    let mut content = Content::default();
    for file in tree.under(DIR) {
        let relative = &file[DIR.len() + 1..];
        let (dir, name) = relative.rsplit_once('/').unwrap_or(("", relative));
        if name == "_index.md" || name == "_index.markdown" {
            content.section_pages.push(file.to_string());
            continue;
        }
        match bundle_of(file) {
            Some(bundle) if blog::is_markdown(file) && dir == &bundle[DIR.len() + 1..] => {
                let bundle_relative = &bundle[DIR.len() + 1..];
                let (section, name) = bundle_relative
                    .rsplit_once('/')
                    .unwrap_or(("", bundle_relative));
                content.pages.push(Page {
                    source: file.to_string(),
                    section: section.to_string(),
                    name: name.to_string(),
                    bundle: Some(bundle.clone()),
                });
            }
            Some(_) => {}
            None if blog::is_markdown(file) => content.pages.push(Page {
                source: file.to_string(),
                section: dir.to_string(),
                name: name.to_string(),
                bundle: None,
            }),
            None => content.others.push(relative.to_string()),
        }
    }
    content
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_bundles_single_files_and_other_files_are_told_apart() {
        let tree = Tree {
            files: [
                "content/_index.md",
                "content/a.md",
                "content/posts/_index.md",
                "content/posts/b.md",
                "content/posts/c/index.md",
                "content/posts/c/fig.png",
                "content/posts/c/data/d.csv",
                "content/images/e.png",
            ]
            .map(String::from)
            .into(),
            ..Tree::default()
        };
        let content = walk(&tree);
        let pages: Vec<_> = content
            .pages
            .iter()
            .map(|p| (p.section.as_str(), p.name.as_str(), p.bundle.as_deref()))
            .collect();
        assert_eq!(
            pages,
            [
                ("", "a.md", None),
                ("posts", "b.md", None),
                ("posts", "c", Some("content/posts/c")),
            ]
        );
        assert_eq!(
            content.section_pages,
            ["content/_index.md", "content/posts/_index.md"]
        );
        assert_eq!(content.others, ["images/e.png"]);
    }

    #[test]
    fn a_sections_address_is_its_directory_and_the_top_sections_none() {
        assert_eq!(
            section_address("content/inside-rust/_index.md").as_deref(),
            Some("/inside-rust/")
        );
        assert_eq!(
            section_address("content/posts/2020/_index.md").as_deref(),
            Some("/posts/2020/")
        );
        assert_eq!(section_address("content/_index.md"), None);
    }
}
