//! Aliases: the old addresses of a post (`aliases = ["/2019/01/old/"]` in
//! its front matter, as Zola and Hugo write them, and the address Zola's
//! `path`, Hugo's `url` or Jekyll's `permalink` gave it), each answered
//! with a 308 to the post, so that links to a blog moved here keep
//! working. An alias is a path of its own: from the site's root (Zola's
//! `releases/1.88.0` is `/releases/1.88.0`), without a host, a query, a
//! fragment, `%`, spaces or `.`/`..` segments, not a path the site already
//! serves or redirects, and one post's only. Every problem names
//! `file:line`. The site's own old addresses that are no post's
//! (`site.toml`'s `[redirects]`, such as a section's list of posts on
//! another engine) are aliases too, each of a page of the site rather
//! than of a post, under the same rules.

use crate::content::post::Post;
use crate::settings::Redirect;
use crate::site::Route;
use anyhow::{anyhow, Result};
use std::collections::{BTreeMap, BTreeSet};

/// An old address of a post, and the front matter line it is written on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub path: String,
    pub line: usize,
}

/// `written`, on line `line` of `file`, as an alias (from the site's
/// root when it does not start with `/`); or what is wrong.
pub fn alias(written: &str, file: &str, line: usize) -> Result<Alias> {
    let wrong = |why: &str| anyhow!("{file}:{line}: alias \"{written}\" {why}");
    if written.starts_with("//") || written.contains("://") {
        return Err(wrong(
            "must be a path on this site, not an address on a host",
        ));
    }
    let path = match written.starts_with('/') {
        true => written.to_string(),
        false => format!("/{written}"),
    };
    if let Some(c) = written
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '%' | '\\'))
    {
        return Err(wrong(&format!(
            "holds {c:?}: write the path as a reader's browser shows it, without a query or fragment"
        )));
    }
    if written.split('/').any(|s| s == "." || s == "..") {
        return Err(wrong("holds a `.` or `..` segment"));
    }
    Ok(Alias { path, line })
}

/// The site's `redirects` (`site.toml`'s `[redirects]`): each old path
/// as an alias, and the path it leads to.
pub fn site(redirects: &[Redirect]) -> Result<Vec<(Alias, String)>> {
    let (read, wrong): (Vec<_>, Vec<_>) = redirects
        .iter()
        .map(|r| Ok((alias(&r.from, "site.toml", r.line)?, r.to.clone())))
        .partition(Result::is_ok);
    crate::source::fail_with_all(wrong.into_iter().filter_map(Result::err).collect())?;
    Ok(read.into_iter().filter_map(Result::ok).collect())
}

/// Every alias (the posts', and the `site`'s own, `site.toml`'s) that no
/// other alias and no route of the site claims, and every one of the
/// site's leading to a route; fails with every one that does not, naming
/// both places (the first by file and line keeps it).
pub fn check(posts: &[Post], site: &[(Alias, String)], routes: &[Route]) -> Result<()> {
    let served: BTreeSet<&str> = routes.iter().map(|r| r.path.as_str()).collect();
    let mut written: Vec<(&str, &Alias)> = posts
        .iter()
        .flat_map(|post| post.aliases.iter().map(|a| (post.source.as_str(), a)))
        .collect();
    written.sort_by_key(|(source, alias)| (*source, alias.line));
    written.extend(site.iter().map(|(alias, _)| (SITE_TOML, alias)));
    let mut owners: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    let mut problems = Vec::new();
    for (source, alias) in written {
        let at = format!("{source}:{}", alias.line);
        let path = alias.path.as_str();
        if served.contains(path) {
            problems.push(anyhow!("{at}: alias \"{path}\" is a page of the site"));
        } else if served.contains(format!("{path}/").as_str()) {
            problems.push(anyhow!(
                "{at}: alias \"{path}\" already redirects to \"{path}/\""
            ));
        } else if let Some((owner, line)) = owners.get(path) {
            problems.push(match *owner == source {
                true => anyhow!("{at}: alias \"{path}\" is listed twice"),
                false => anyhow!("{at}: alias \"{path}\" is also an alias of {owner}:{line}"),
            });
        } else {
            owners.insert(path, (source, alias.line));
        }
    }
    for (alias, to) in site {
        if !served.contains(to.as_str()) {
            problems.push(anyhow!(
                "{SITE_TOML}:{}: redirect \"{}\" leads to \"{to}\", which is no page of the site (the archive is /archive/)",
                alias.line,
                alias.path
            ));
        }
    }
    crate::source::fail_with_all(problems)
}

/// Where the site's own aliases are written.
const SITE_TOML: &str = "site.toml";

/// `(alias, the path it leads to)` for every alias of `posts` and of the
/// `site`.
pub fn redirects(posts: &[Post], site: &[(Alias, String)]) -> Vec<(String, String)> {
    posts
        .iter()
        .flat_map(|post| post.aliases.iter().map(|a| (a.path.clone(), post.path())))
        .chain(
            site.iter()
                .map(|(alias, to)| (alias.path.clone(), to.clone())),
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(written: &str) -> String {
        alias(written, "posts/a.md", 4).unwrap_err().to_string()
    }

    #[test]
    fn an_alias_is_a_plain_absolute_path() {
        for ok in ["/2019/01/old-post.html", "/old/", "/blog/Ångström/"] {
            assert_eq!(alias(ok, "posts/a.md", 4).unwrap().path, ok);
        }
        assert_eq!(
            alias("releases/1.88.0", "posts/a.md", 4).unwrap().path,
            "/releases/1.88.0"
        );
        assert!(error("//evil.example/").contains("not an address on a host"));
        assert!(error("https://old.example/a/").contains("not an address on a host"));
        assert!(error("/a?page=2").contains("'?'"));
        assert!(error("/a#top").contains("'#'"));
        assert!(error("/a%20b").contains("'%'"));
        assert!(error("/a b").contains("' '"));
        assert!(error("/a/../b").contains("`..`"));
        assert!(error("/a b").starts_with("posts/a.md:4: alias \"/a b\" "));
    }
}
