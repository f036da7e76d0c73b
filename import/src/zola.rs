//! Zola: every page of `content/` is a post (the root section included:
//! many Zola blogs keep their posts there), bundles with their colocated
//! files; sections' own pages (`_index.md`) are not carried, their
//! addresses (`/<section>/`) lead to the archive. Other files
//! of `content/` and `static/` are served as they are. A post that does
//! not name its own `path` was served at `/<section>/<slug>/`, its slug
//! made from `slug` or its file name without a date prefix. A page with
//! neither a title nor a date (in its front matter or its file name) is
//! no post but a page Zola drew with a template of its own (the Rust
//! blog's `releases/latest.md`, a redirect to the newest release): not
//! carried, with a note.

use crate::address;
use crate::blog::{self, Blog, Engine, Note, Post, Tree};
use crate::content::{self, Page};
use crate::front_matter::Fields;

pub const CONFIGS: [&str; 2] = ["zola.toml", "config.toml"];

pub fn read(tree: &Tree) -> Blog {
    let (content, mut notes) = content::read(tree, &CONFIGS);
    let posts = content
        .pages
        .into_iter()
        .filter_map(|page| {
            let front = blog::front_of(tree, &page.source, &mut notes);
            let fields = front.as_ref().map(|f| f.fields.clone()).unwrap_or_default();
            if !is_post(&page, &fields) {
                notes.push(Note::new(&page.source, None, NOT_A_POST));
                return None;
            }
            let old_address = fields
                .own_address
                .is_none()
                .then(|| Ok(old_address(&page, &fields)));
            Some(Post {
                source: page.source,
                name: page.name,
                bundle: page.bundle,
                section: page.section,
                front,
                old_address,
            })
        })
        .collect();
    let statics = content::statics(content.others, tree);
    let sections = (content.section_pages.iter())
        .filter_map(|page| content::section_address(page))
        .collect();
    Blog {
        engine: Engine::Zola,
        posts,
        statics,
        notes,
        sections,
    }
}

const NOT_A_POST: &str = "not carried: a page with neither a title nor a date, which Zola \
     drew with a template of its own, is no post (its `aliases` with it)";

/// Whether `page` is a post: it has a title or a date, in its front
/// matter or its file name.
fn is_post(page: &Page, fields: &Fields) -> bool {
    fields.title.is_some()
        || fields.date.is_some()
        || address::dated_stem(address::stem(&page.name)).is_some()
}

/// The address Zola gave `page`.
fn old_address(page: &Page, fields: &Fields) -> String {
    let stem = address::stem(&page.name);
    let name = address::dated_stem(stem).map_or(stem, |(_, rest)| rest);
    let slug = address::slug(fields.slug.as_deref().unwrap_or(name));
    address::clean(&format!("/{}/{slug}/", page.section))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_with_neither_title_nor_date_is_no_post() {
        let page = |name: &str| Page {
            source: format!("content/releases/{name}"),
            section: "releases".to_string(),
            name: name.to_string(),
            bundle: None,
        };
        let titled = Fields {
            title: Some("Rust 1.0".to_string()),
            ..Fields::default()
        };
        let dated = Fields {
            date: Some("2015-05-15".to_string()),
            ..Fields::default()
        };
        assert!(!is_post(&page("latest.md"), &Fields::default()));
        assert!(is_post(&page("latest.md"), &titled));
        assert!(is_post(&page("latest.md"), &dated));
        assert!(is_post(&page("2015-05-15-one.md"), &Fields::default()));
    }

    #[test]
    fn the_address_is_the_section_and_the_slug_of_the_file_name_without_its_date() {
        let page = Page {
            source: "content/inside-rust/2020-01-02-Rust-1.88.0.md".to_string(),
            section: "inside-rust".to_string(),
            name: "2020-01-02-Rust-1.88.0.md".to_string(),
            bundle: None,
        };
        assert_eq!(
            old_address(&page, &Fields::default()),
            "/inside-rust/rust-1-88-0/"
        );
    }
}
