//! Site settings: `site.toml`, each key overridable by an environment
//! variable at build time (`PHASESPACE_<KEY>`), so one checkout can be built
//! for another domain without editing a file; and the site's `[redirects]`,
//! with their lines, which `content::aliases` checks.

use anyhow::{anyhow, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use url::{Host, Url};

/// The language the site is written in (a BCP 47 tag): the pages'
/// `<html lang>`, the feed's `<language>`, and the language fonts are
/// shaped in for subsetting (`fonts::glyphs`).
pub const LANGUAGE: &str = "en";

/// Title, author, tagline, the base URL used for absolute links, how many
/// posts the feed holds and how many the home page shows.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub title: String,
    pub author: String,
    pub tagline: String,
    /// Scheme and host (and an optional path prefix), without a trailing `/`.
    pub base_url: String,
    /// How many of the newest posts the feed holds, in full (`feed`).
    #[serde(default = "default_feed_limit")]
    pub feed_limit: usize,
    /// How many of the newest posts the home page shows; the archive
    /// lists every post.
    #[serde(default = "default_home_posts")]
    pub home_posts: usize,
    /// `[redirects]` as written: old paths of the site that are no post's
    /// → the path each answers with a permanent redirect to; read into
    /// `redirects`.
    #[serde(default, rename = "redirects")]
    redirects_written: BTreeMap<String, toml::Spanned<String>>,
    /// The site's old addresses that are no post's (a section's list of
    /// posts on the engine a blog came from), each redirected to a page
    /// of the site (`content::aliases`).
    #[serde(skip)]
    pub redirects: Vec<Redirect>,
}

/// An old address of the site, the path it redirects to, and the line of
/// `site.toml` it is written on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    pub from: String,
    pub to: String,
    pub line: usize,
}

/// The feed's posts when site.toml does not say: a year or more of most
/// blogs, and a feed that stays small however many posts there are.
fn default_feed_limit() -> usize {
    20
}

/// The home page's posts when site.toml does not say: enough to see what
/// the blog is about, few enough that the page stays small at any size.
fn default_home_posts() -> usize {
    10
}

impl Settings {
    /// The environment variable that overrides `base_url` (the preview
    /// sets it to its own address).
    pub const BASE_URL_VAR: &'static str = "PHASESPACE_BASE_URL";

    /// The environment variables that override a key of `site.toml`.
    pub const ENV_VARS: [&'static str; 4] = [
        "PHASESPACE_TITLE",
        "PHASESPACE_AUTHOR",
        "PHASESPACE_TAGLINE",
        Self::BASE_URL_VAR,
    ];

    /// Parses `site.toml` (named `path` in errors), then applies overrides
    /// from `env` (a lookup such as `std::env::var(..).ok()`).
    pub fn parse(path: &str, text: &str, env: impl Fn(&str) -> Option<String>) -> Result<Self> {
        let mut settings: Settings = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map_or(1, |span| crate::source::line_at(text, span.start));
            anyhow!("{path}:{line}: {}", e.message())
        })?;
        let fields = [
            &mut settings.title,
            &mut settings.author,
            &mut settings.tagline,
            &mut settings.base_url,
        ];
        for (var, field) in Self::ENV_VARS.iter().zip(fields) {
            // An empty variable (e.g. an unset Docker build ARG) overrides nothing.
            if let Some(value) = env(var).filter(|v| !v.is_empty()) {
                *field = value;
            }
        }
        settings.base_url = settings.base_url.trim_end_matches('/').to_string();
        settings.redirects = (settings.redirects_written.iter())
            .map(|(from, to)| Redirect {
                from: from.clone(),
                to: to.get_ref().clone(),
                line: crate::source::line_at(text, to.span().start),
            })
            .collect();
        if settings.feed_limit == 0 {
            return Err(anyhow!(
                "{path}: feed_limit must be 1 or more: a feed with no post tells readers nothing"
            ));
        }
        if settings.home_posts == 0 {
            return Err(anyhow!(
                "{path}: home_posts must be 1 or more: the home page shows the newest posts"
            ));
        }
        if !(settings.base_url.starts_with("http://") || settings.base_url.starts_with("https://"))
        {
            return Err(anyhow!(
                "{path}: base_url must start with http:// or https://, got \"{}\"",
                settings.base_url
            ));
        }
        Ok(settings)
    }
}

impl Settings {
    /// The absolute URL of the site path `path` (which begins with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

/// What to tell whoever publishes pages built for `base_url` when its host
/// only the reader's own machine answers (`localhost` or a name under it,
/// RFC 6761; 127.0.0.0/8; `[::1]`): their feed, sitemap, canonical and
/// Open Graph links would point readers at themselves. `None` otherwise.
/// Decided here, at build time: the server only prints it (`--listen` on
/// a public address, `export`), and the shipping build warns with it too.
pub fn loopback_warning(base_url: &str) -> Option<String> {
    let loopback = match Url::parse(base_url).ok()?.host()? {
        Host::Domain(name) => {
            let name = name.trim_end_matches('.');
            name == "localhost" || name.ends_with(".localhost")
        }
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => ip.to_canonical().is_loopback(),
    };
    loopback.then(|| {
        format!(
            "pages were built for {base_url}, so feeds, the sitemap and canonical links \
             point readers at their own machine; set base_url in site.toml or \
             {} at build time",
            Settings::BASE_URL_VAR
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for (url, loopback) in [
            ("http://127.0.0.1:8080", true),
            ("http://127.0.0.1", true),
            ("http://127.1.2.3:80/blog", true),
            ("http://localhost:8080", true),
            ("https://LOCALHOST./", true),
            ("http://blog.localhost", true),
            ("http://[::1]:8080/", true),
            ("http://[::1]", true),
            ("http://[::ffff:127.0.0.1]:8080", true),
            ("http://user@127.0.0.1:8080", true),
            ("https://blog.example.org", false),
            ("https://blog.example.org:8443/phase", false),
            ("https://localhost.example.org", false),
            ("https://mylocalhost", false),
            ("http://128.0.0.1", false),
            ("http://192.168.1.10:8080", false),
            ("http://[2001:db8::1]:8080", false),
            ("http://[::2]", false),
            ("https://example.org/127.0.0.1", false),
            ("https://127.0.0.1.example.org", false),
        ] {
            assert_eq!(loopback_warning(url).is_some(), loopback, "{url}");
        }
    }

    #[test]
    fn the_warning_names_the_address_and_both_settings() {
        let line = loopback_warning("http://127.0.0.1:8080").unwrap();
        assert!(line.starts_with("pages were built for http://127.0.0.1:8080, "));
        assert!(line.contains("base_url in site.toml"));
        assert!(line.contains("PHASESPACE_BASE_URL"));
        assert!(!line.contains('\n'));
    }

    const TOML: &str =
        "title = \"t\"\nauthor = \"a\"\ntagline = \"g\"\nbase_url = \"https://x.example/\"\n";

    #[test]
    fn reads_the_file_and_trims_the_base_url() {
        let s = Settings::parse("site.toml", TOML, |_| None).unwrap();
        assert_eq!(s.title, "t");
        assert_eq!(s.base_url, "https://x.example");
    }

    #[test]
    fn absolute_url_of_a_path() {
        let s = Settings::parse("site.toml", TOML, |_| None).unwrap();
        assert_eq!(s.url("/posts/a/"), "https://x.example/posts/a/");
    }

    #[test]
    fn environment_overrides_a_key() {
        let s = Settings::parse("site.toml", TOML, |k| {
            (k == "PHASESPACE_BASE_URL").then(|| "https://blog.example".to_string())
        })
        .unwrap();
        assert_eq!(s.base_url, "https://blog.example");
        assert_eq!(s.author, "a");
    }

    #[test]
    fn empty_environment_variable_overrides_nothing() {
        let s = Settings::parse("site.toml", TOML, |_| Some(String::new())).unwrap();
        assert_eq!(s.title, "t");
    }

    #[test]
    fn the_feed_holds_20_posts_unless_set() {
        let s = Settings::parse("site.toml", TOML, |_| None).unwrap();
        assert_eq!(s.feed_limit, 20);
        let s = Settings::parse("site.toml", &format!("{TOML}feed_limit = 5\n"), |_| None).unwrap();
        assert_eq!(s.feed_limit, 5);
        let err = Settings::parse("site.toml", &format!("{TOML}feed_limit = 0\n"), |_| None)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("site.toml: feed_limit must be 1 or more"),
            "{err}"
        );
    }

    #[test]
    fn the_home_page_shows_10_posts_unless_set() {
        let s = Settings::parse("site.toml", TOML, |_| None).unwrap();
        assert_eq!(s.home_posts, 10);
        let s = Settings::parse("site.toml", &format!("{TOML}home_posts = 3\n"), |_| None).unwrap();
        assert_eq!(s.home_posts, 3);
        let err = Settings::parse("site.toml", &format!("{TOML}home_posts = 0\n"), |_| None)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("site.toml: home_posts must be 1 or more"),
            "{err}"
        );
    }

    #[test]
    fn redirects_are_read_with_their_lines() {
        let text = format!("{TOML}\n[redirects]\n\"/inside-rust/\" = \"/archive/\"\n");
        let s = Settings::parse("site.toml", &text, |_| None).unwrap();
        assert_eq!(
            s.redirects,
            [Redirect {
                from: "/inside-rust/".into(),
                to: "/archive/".into(),
                line: 7
            }]
        );
        let s = Settings::parse("site.toml", TOML, |_| None).unwrap();
        assert!(s.redirects.is_empty());
    }

    #[test]
    fn unknown_key_names_file_and_line() {
        let err =
            Settings::parse("site.toml", &format!("{TOML}colour = 1\n"), |_| None).unwrap_err();
        assert!(err.to_string().starts_with("site.toml:5:"), "{err}");
    }
}
