//! The other names a link may give a post, as the engines writers come
//! from spell them, each turned into the post's own path: Zola's `@/`
//! links (`@/2024-01-01-post.md`, `@/blog/post/index.md#anchor`: a source
//! file relative to the content directory, here `posts/`), which Hugo's
//! `ref`/`relref` shortcodes become too, so an `@/` path without a
//! directory may also name a post by its file name alone when one post
//! has it (as Hugo's `ref` finds one); and a post's old addresses (its
//! `aliases`), which answer with a redirect, so a link to one is a
//! working link that the page sends straight to the post instead (so is
//! a link to one of the site's own old addresses, `site.toml`'s
//! `[redirects]`, sent to the page it leads to). A
//! relative link is read as the writer meant it on the old site too:
//! written for one of the page's old addresses (Zola's `path`, Hugo's
//! `url`, Jekyll's `permalink`), `../other/` or `post.html#part` named
//! another post (or this one) by its old address, and lands on it here,
//! unless it already names a post from the page's address here. It
//! decides what a link becomes; the markdown and raw-HTML passes rewrite
//! it, and the link check checks what it became.

use crate::content::aliases::Alias;
use crate::content::post::Post;
use std::collections::{BTreeMap, BTreeSet};

/// How a link that names a post by an `@/` path starts.
const AT: &str = "@/";

/// Every other name of every post, and the path it stands for.
#[derive(Debug, Default)]
pub struct Addresses {
    /// Each post's source below `posts/` → the post's path.
    sources: BTreeMap<String, String>,
    /// Each alias → the post's path.
    aliases: BTreeMap<String, String>,
    /// Each post's path → its aliases, the addresses its relative links
    /// may have been written for.
    old: BTreeMap<String, Vec<String>>,
    /// Every post's path.
    paths: BTreeSet<String>,
}

impl Addresses {
    /// The names of `posts`, and the site's own old addresses (`site`:
    /// each alias and the path it leads to), which links name as they
    /// name a post's.
    pub fn of(posts: &[Post], site: &[(Alias, String)]) -> Addresses {
        Addresses {
            sources: posts
                .iter()
                .map(|post| {
                    let source = post.source.strip_prefix("posts/").unwrap_or(&post.source);
                    (source.to_string(), post.path())
                })
                .collect(),
            aliases: posts
                .iter()
                .flat_map(|post| post.aliases.iter().map(|a| (a.path.clone(), post.path())))
                .chain(
                    site.iter()
                        .map(|(alias, to)| (alias.path.clone(), to.clone())),
                )
                .collect(),
            old: posts
                .iter()
                .filter(|post| !post.aliases.is_empty())
                .map(|post| {
                    let old = post.aliases.iter().map(|a| a.path.clone()).collect();
                    (post.path(), old)
                })
                .collect(),
            paths: posts.iter().map(Post::path).collect(),
        }
    }

    /// What the link `href` (on the page at `page`, on a site at
    /// `base_url`) should point at instead: `Ok(Some(path))` for an `@/`
    /// link or a link to an alias (with its query and fragment kept),
    /// `Ok(None)` for any other link, kept as written; `Err(why)` for an
    /// `@/` link that names no post.
    pub fn target(&self, page: &str, href: &str, base_url: &str) -> Result<Option<String>, String> {
        if let Some(rest) = href.strip_prefix(AT) {
            let split = rest.find(['?', '#']).unwrap_or(rest.len());
            let (source, suffix) = rest.split_at(split);
            return self
                .source(source)
                .map(|path| Some(format!("{path}{suffix}")));
        }
        let Some(site_path) = super::site_path(href, base_url) else {
            return Ok(None);
        };
        let (path, suffix) = split_suffix(super::resolve(page, site_path));
        if let Some(post) = self.alias(&path) {
            return Ok(Some(format!("{post}{suffix}")));
        }
        // Written for an old address of the page, a relative path named
        // a post by its old address; one that names a post from here
        // already means it.
        if !is_relative_path(site_path) || self.paths.contains(&path) {
            return Ok(None);
        }
        Ok(self.old_addresses(page).find_map(|old| {
            let (path, suffix) = split_suffix(super::resolve(old, site_path));
            self.alias(&path).map(|post| format!("{post}{suffix}"))
        }))
    }

    /// Where `src`, a relative path the writer wrote for one of the old
    /// addresses of the page at `page`, lands here when from there it
    /// named a file beside another post by that post's old address:
    /// Zola's `../../../../2024/05/07/other/plot.svg` on the page that was
    /// `/inside-rust/2024/10/01/post/` named `plot.svg` beside the post
    /// that was `/inside-rust/2024/05/07/other/`, here
    /// `/posts/other/plot.svg`. `None` when no old address makes it one.
    pub fn beside_old_address(&self, page: &str, src: &str) -> Option<String> {
        if !is_relative_path(src) || super::is_external(src) {
            return None;
        }
        self.old_addresses(page).find_map(|old| {
            let (resolved, _) = split_suffix(super::resolve(old, src));
            let (dir, file) = resolved.rsplit_once('/')?;
            let post = self.aliases.get(&format!("{dir}/"))?;
            Some(format!("{post}{file}"))
        })
    }

    /// The post's path that `path` (without query or fragment) is an
    /// alias of, with or without its final `/`.
    fn alias(&self, path: &str) -> Option<&String> {
        self.aliases
            .get(path)
            .or_else(|| self.aliases.get(&format!("{path}/")))
    }

    /// The old addresses of the post at `page`.
    fn old_addresses(&self, page: &str) -> impl Iterator<Item = &String> {
        self.old.get(page).into_iter().flatten()
    }

    /// For each of `links` (on the page at `page`), what `target` makes of
    /// it where it names a post: the body's dependence on the other names
    /// of posts, so a cached body is reused only while they stay the same.
    pub fn renamed(
        &self,
        page: &str,
        links: &[super::Link],
        base_url: &str,
    ) -> Vec<Option<String>> {
        links
            .iter()
            .map(|link| self.target(page, &link.href, base_url).ok().flatten())
            .collect()
    }

    /// The path of the post whose source below `posts/` is `source`; or,
    /// for a bare file name, of the one post with that file name (or, for
    /// `name` or `name.md`, in a directory `name/index.md`).
    fn source(&self, source: &str) -> Result<&str, String> {
        if let Some(path) = self.sources.get(source) {
            return Ok(path);
        }
        let wrong = |why: String| format!("no post posts/{source}{why}");
        if source.contains('/') {
            return Err(wrong(String::new()));
        }
        let stem = source.strip_suffix(".md").unwrap_or(source);
        let named = |file: &str| {
            let file = format!("/{file}");
            file.ends_with(&format!("/{source}")) || file.ends_with(&format!("/{stem}/index.md"))
        };
        let found: Vec<(&String, &String)> = self
            .sources
            .iter()
            .filter(|(file, _)| named(file))
            .collect();
        match found[..] {
            [(_, path)] => Ok(path),
            [] => Err(wrong(String::new())),
            _ => Err(wrong(format!(
                ", and {} posts have that name: {}",
                found.len(),
                found
                    .iter()
                    .map(|(file, _)| format!("posts/{file}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }
}

/// A resolved link split into its path and its query and fragment.
fn split_suffix(mut resolved: String) -> (String, String) {
    let suffix = resolved.split_off(resolved.find(['?', '#']).unwrap_or(resolved.len()));
    (resolved, suffix)
}

/// Whether `href` is a path relative to its page's (not `/…`, and not
/// only a query or fragment, which stay on the page).
fn is_relative_path(href: &str) -> bool {
    !href.is_empty() && !href.starts_with(['/', '#', '?'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addresses() -> Addresses {
        let pairs = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect::<BTreeMap<_, _>>()
        };
        let sources = pairs(&[
            ("2024-01-01-first.md", "/posts/2024-01-01-first/"),
            ("blog/second/index.md", "/posts/second/"),
            ("a/same.md", "/posts/a-same/"),
            ("b/same.md", "/posts/b-same/"),
            ("here.md", "/posts/here/"),
        ]);
        // The page the links are on was `/2023/11/09/here/` (Zola's
        // `path`) and, before that, `/2023/11/09/here.html`.
        let old = ["/2023/11/09/here/", "/2023/11/09/here.html"];
        Addresses {
            paths: sources.values().cloned().collect(),
            sources,
            aliases: pairs(&[
                ("/2019/01/first.html", "/posts/2024-01-01-first/"),
                ("/old/second/", "/posts/second/"),
                ("/2023/11/09/second/", "/posts/a-same/"),
                (old[0], "/posts/here/"),
                (old[1], "/posts/here/"),
            ]),
            old: [("/posts/here/".to_string(), old.map(String::from).to_vec())].into(),
        }
    }

    fn target(href: &str) -> Result<Option<String>, String> {
        addresses().target("/posts/here/", href, "https://blog.example")
    }

    #[test]
    fn at_links_name_a_source_below_posts() {
        for (href, expect) in [
            ("@/2024-01-01-first.md", "/posts/2024-01-01-first/"),
            ("@/blog/second/index.md#setup", "/posts/second/#setup"),
            ("@/blog/second/index.md?x=1", "/posts/second/?x=1"),
        ] {
            assert_eq!(target(href), Ok(Some(expect.to_string())), "{href}");
        }
    }

    #[test]
    fn a_bare_file_name_finds_the_one_post_with_it_as_hugos_ref_does() {
        assert_eq!(target("@/second.md#a"), Ok(Some("/posts/second/#a".into())));
        assert_eq!(target("@/second"), Ok(Some("/posts/second/".into())));
        assert_eq!(
            target("@/same.md"),
            Err("no post posts/same.md, and 2 posts have that name: posts/a/same.md, posts/b/same.md".into())
        );
        assert_eq!(target("@/gone.md"), Err("no post posts/gone.md".into()));
        assert_eq!(
            target("@/blog/first.md"),
            Err("no post posts/blog/first.md".into())
        );
    }

    #[test]
    fn links_to_an_alias_go_to_the_post_keeping_query_and_fragment() {
        for (href, expect) in [
            ("/2019/01/first.html", "/posts/2024-01-01-first/"),
            (
                "/2019/01/first.html#intro",
                "/posts/2024-01-01-first/#intro",
            ),
            ("/old/second", "/posts/second/"),
            ("../../old/second/?utm=1", "/posts/second/?utm=1"),
            ("https://blog.example/old/second/", "/posts/second/"),
        ] {
            assert_eq!(target(href), Ok(Some(expect.to_string())), "{href}");
        }
        for kept in [
            "/posts/second/",
            "#intro",
            "https://other.example/old/second/",
            "mailto:a@b.c",
        ] {
            assert_eq!(target(kept), Ok(None), "{kept}");
        }
    }

    #[test]
    fn a_relative_link_written_for_an_old_address_lands_on_the_post_it_named() {
        for (href, expect) in [
            // From `/2023/11/09/here.html`: the page itself.
            ("here.html#part", "/posts/here/#part"),
            // From `/2023/11/09/here/`: another post's old address.
            ("../../../../2019/01/first.html", "/posts/2024-01-01-first/"),
            ("../../../../old/second/?x=1", "/posts/second/?x=1"),
        ] {
            assert_eq!(target(href), Ok(Some(expect.to_string())), "{href}");
        }
        // Links that name a post, a file or a place on the page from here
        // mean what they say here.
        for kept in ["../second/", "fig.png", "#part", "?x=1", ""] {
            assert_eq!(target(kept), Ok(None), "{kept}");
        }
    }

    #[test]
    fn a_file_written_for_an_old_address_is_found_beside_the_post_it_named() {
        let addresses = addresses();
        let beside = |src| addresses.beside_old_address("/posts/here/", src);
        assert_eq!(
            beside("../../../../old/second/plot.svg"),
            Some("/posts/second/plot.svg".into())
        );
        assert_eq!(beside("../../../../gone/plot.svg"), None);
        assert_eq!(beside("/old/second/plot.svg"), None);
    }
}
