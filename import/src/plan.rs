//! The plan: from what an engine module made of a blog, every file to
//! write under this site's root (posts under `posts/`, files beside them,
//! static files under `static/`), each post's old address added to its
//! `aliases`, each section's address redirected to the archive in
//! `site.toml` (`site_toml`), images downloaded beside their post, and a
//! note for each thing not carried. Pure: the shell writes the plan.

use crate::address;
use crate::blog::{Blog, Engine, Note, Post, Tree};
use crate::liquid;
use crate::remote;
use crate::site_toml;
use std::collections::{BTreeMap, BTreeSet};

/// An image downloaded from another host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    pub bytes: Vec<u8>,
    pub content_type: String,
}

/// Images on other hosts by URL: downloaded, or why not. A URL missing
/// was not asked for (`--fetch-images` not given).
pub type Downloads = BTreeMap<String, Result<Fetched, String>>;

/// What a file of the plan holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// The blog's file at this path, as it is.
    Copy(String),
    Text(String),
    Bytes(Vec<u8>),
}

/// One file to write, at `to` under the site's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write {
    pub to: String,
    pub content: Content,
}

#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub writes: Vec<Write>,
    pub notes: Vec<Note>,
    pub posts: usize,
    pub aliases: usize,
    /// Sections' addresses written to `site.toml`'s `[redirects]`.
    pub redirects: usize,
    pub images: usize,
}

/// The plan for `blog` (read from `tree`) into a site that already holds
/// the files `existing` (paths under its root) and `site_toml` (its
/// site.toml, if it has one), with `downloads`.
pub fn plan(
    blog: &Blog,
    tree: &Tree,
    existing: &BTreeSet<String>,
    site_toml: Option<&str>,
    downloads: &Downloads,
) -> Plan {
    let mut plan = Plan {
        notes: blog.notes.clone(),
        ..Plan::default()
    };
    let mut taken: BTreeSet<String> = existing
        .iter()
        .filter_map(|p| p.strip_prefix("posts/"))
        .map(|p| address::slug(address::stem(p.split('/').next().unwrap_or(p))))
        .collect();
    let jekyll_addresses = addresses_by_stem(blog);
    let names: Vec<String> = blog
        .posts
        .iter()
        .map(|post| free_name(post, &mut taken, &mut plan.notes))
        .collect();
    let sources = sources_here(blog, &names);
    for (post, name) in blog.posts.iter().zip(&names) {
        place_post(
            post,
            name,
            tree,
            &jekyll_addresses,
            &sources,
            downloads,
            &mut plan,
        );
    }
    for file in &blog.statics {
        let to = format!("static/{}", file.to);
        if existing.contains(&to) {
            plan.notes.push(Note::new(
                &file.source,
                None,
                format!("not carried: the site already has {to}"),
            ));
        } else {
            plan.writes.push(Write {
                to,
                content: Content::Copy(file.source.clone()),
            });
        }
    }
    if !blog.sections.is_empty() {
        match site_toml::with_redirects(site_toml, &blog.sections, render::ARCHIVE_PATH) {
            Ok(text) => {
                plan.redirects = blog.sections.len();
                plan.writes.push(Write {
                    to: site_toml::PATH.to_string(),
                    content: Content::Text(text),
                });
            }
            Err(notes) => plan.notes.extend(notes),
        }
    }
    plan.notes.sort();
    plan
}

/// For Jekyll's `post_url`: each post's old address (or the one it names
/// itself) by its file stem.
fn addresses_by_stem(blog: &Blog) -> BTreeMap<String, String> {
    if blog.engine != Engine::Jekyll {
        return BTreeMap::new();
    }
    blog.posts
        .iter()
        .filter_map(|post| {
            let own = post
                .front
                .as_ref()
                .and_then(|f| f.fields.own_address.as_ref())
                .map(|(_, value)| value.clone());
            let address = own.or_else(|| post.old_address.clone()?.ok())?;
            Some((address::stem(&post.name).to_string(), address))
        })
        .collect()
}

/// For Zola's `@/` links: each post's source below `content/` → its
/// source below `posts/`, where the import moved it (sections flattened,
/// a name taken by another post prefixed): `inside-rust/x.md` → `x.md`.
fn sources_here(blog: &Blog, names: &[String]) -> BTreeMap<String, String> {
    if blog.engine != Engine::Zola {
        return BTreeMap::new();
    }
    blog.posts
        .iter()
        .zip(names)
        .filter_map(|(post, name)| {
            let old = post.source.strip_prefix("content/")?;
            let file = post.source.rsplit('/').next().unwrap_or(name);
            let here = match post.bundle {
                Some(_) => format!("{name}/{file}"),
                None => name.clone(),
            };
            (old != here).then(|| (old.to_string(), here))
        })
        .collect()
}

/// `text` with each Zola `@/path` link to a post the import moved made
/// its path below `posts/`, anchors and queries kept.
fn moved_links(text: &str, sources: &BTreeMap<String, String>) -> String {
    if sources.is_empty() || !text.contains("@/") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("@/") {
        let (before, link) = rest.split_at(at + 2);
        out.push_str(before);
        let end = link
            .find(|c: char| {
                matches!(c, ')' | '#' | '?' | '"' | '\'' | '>' | ']') || c.is_whitespace()
            })
            .unwrap_or(link.len());
        match sources.get(&link[..end]) {
            Some(here) => out.push_str(here),
            None => out.push_str(&link[..end]),
        }
        rest = &link[end..];
    }
    out.push_str(rest);
    out
}

/// The post's name under `posts/`: its own, or, when another post already
/// makes its slug, prefixed with its section (and numbered if need be).
fn free_name(post: &Post, taken: &mut BTreeSet<String>, notes: &mut Vec<Note>) -> String {
    let mut name = post.name.clone();
    let mut n = 1;
    while taken.contains(&address::slug(address::stem(&name))) {
        n += 1;
        name = match (post.section.is_empty(), n) {
            (false, 2) => format!("{}-{}", address::slug(&post.section), post.name),
            _ => format!(
                "{}-{n}{}",
                address::stem(&post.name),
                &post.name[address::stem(&post.name).len()..]
            ),
        };
    }
    if name != post.name {
        notes.push(Note::new(
            &post.source,
            None,
            format!("carried as posts/{name}: another post has its name"),
        ));
    }
    taken.insert(address::slug(address::stem(&name)));
    name
}

fn place_post(
    post: &Post,
    name: &str,
    tree: &Tree,
    jekyll_addresses: &BTreeMap<String, String>,
    sources: &BTreeMap<String, String>,
    downloads: &Downloads,
    plan: &mut Plan,
) {
    let original = tree.text(&post.source).unwrap_or_default();
    // Zola's `@/` links, to where the posts they name were moved.
    let mut text = moved_links(original, sources);
    let stem = address::stem(name);
    if let Some(alias) = new_alias(post, stem, &mut plan.notes) {
        let front = post
            .front
            .as_ref()
            .expect("an alias is only made from front matter");
        match front.with_aliases(&text, std::slice::from_ref(&alias)) {
            Ok(edited) => {
                text = edited;
                plan.aliases += 1;
            }
            Err(why) => plan.notes.push(Note::new(
                &post.source,
                Some(front.line_of("aliases")),
                format!("old address {alias} not written: {why}"),
            )),
        }
    }
    if !jekyll_addresses.is_empty() {
        let (rewritten, left) = liquid::rewrite(&text, jekyll_addresses);
        text = rewritten;
        let shift = line_shift(original, &text);
        for (line, message) in left {
            plan.notes.push(Note::new(
                &post.source,
                Some(line.saturating_sub(shift).max(1)),
                message,
            ));
        }
    }
    let beside: Vec<(String, &str)> = post
        .bundle
        .iter()
        .flat_map(|dir| {
            tree.under(dir)
                .filter(move |f| *f != post.source)
                .map(move |f| (f[dir.len() + 1..].to_string(), f))
        })
        .collect();
    let mut taken: BTreeSet<String> = beside.iter().map(|(rel, _)| rel.clone()).collect();
    let mut images = Vec::new();
    for image in remote::images(original) {
        if images.iter().any(|(url, _, _)| *url == image.url) {
            continue;
        }
        match downloads.get(&image.url) {
            Some(Ok(fetched)) => {
                let file = remote::file_name(&image.url, &fetched.content_type, &taken);
                taken.insert(file.clone());
                text = text.replace(&image.url, &file);
                images.push((image.url, file, fetched.bytes.clone()));
            }
            Some(Err(why)) => plan.notes.push(Note::new(
                &post.source,
                Some(image.line),
                format!("image on another host not carried: {}: {why}", image.url),
            )),
            None => plan.notes.push(Note::new(
                &post.source,
                Some(image.line),
                format!(
                    "image on another host not carried (--fetch-images downloads it): {}",
                    image.url
                ),
            )),
        }
    }
    let as_bundle = post.bundle.is_some() || !images.is_empty();
    let file_name = post.source.rsplit('/').next().unwrap_or(&post.source);
    let to = if as_bundle {
        let ext = if file_name.ends_with(".markdown") {
            "markdown"
        } else {
            "md"
        };
        format!("posts/{stem}/index.{ext}")
    } else {
        format!("posts/{name}")
    };
    plan.writes.push(Write {
        to,
        content: if text == original {
            Content::Copy(post.source.clone())
        } else {
            Content::Text(text)
        },
    });
    for (rel, source) in beside {
        plan.writes.push(Write {
            to: format!("posts/{stem}/{rel}"),
            content: Content::Copy(source.to_string()),
        });
    }
    plan.images += images.len();
    for (_, file, bytes) in images {
        plan.writes.push(Write {
            to: format!("posts/{stem}/{file}"),
            content: Content::Bytes(bytes),
        });
    }
    plan.posts += 1;
}

/// Lines added at the top of a post by the alias edit, so that notes on
/// the edited text name the blog's own lines.
fn line_shift(original: &str, edited: &str) -> usize {
    edited
        .lines()
        .count()
        .saturating_sub(original.lines().count())
}

/// The post's old address to add to its `aliases`, when it has one that
/// is not already there nor its address here; notes what cannot be added.
fn new_alias(post: &Post, stem: &str, notes: &mut Vec<Note>) -> Option<String> {
    let found = post.old_address.clone()?;
    let line = post.front.as_ref().map_or(1, |f| f.line_of("date"));
    let alias = match found {
        Ok(alias) => alias,
        Err(why) => {
            notes.push(Note::new(
                &post.source,
                Some(line),
                format!("old address not carried: {why}"),
            ));
            return None;
        }
    };
    let Some(front) = &post.front else {
        notes.push(Note::new(
            &post.source,
            Some(1),
            format!("old address {alias} not carried: the post has no front matter to hold it"),
        ));
        return None;
    };
    if let Err(why) = address::valid(&alias) {
        notes.push(Note::new(
            &post.source,
            Some(line),
            format!("old address not carried: {why}"),
        ));
        return None;
    }
    let here = address::here(stem, front.fields.slug.as_deref());
    (!here.contains(&alias) && !front.fields.aliases.contains(&alias)).then_some(alias)
}
