//! The route table the server is handed: every response the site has, with
//! every header value already made. The shipped binary's is read in place
//! from the table the build packed into it (`packed`: paths, bodies and
//! header values borrowed from the binary's bytes); the writer's preview
//! hands it an owned one it rebuilds on every save. Lookup is a binary
//! search over paths sorted when the table was made; nothing is read from
//! disk.

use crate::negotiate::Coding;
use std::borrow::Cow;

// What a generated table names, so that it needs only `server` in scope.
pub use bytes::Bytes;
pub use hyper::header::HeaderValue;

/// Every response the server can send for a site.
#[derive(Clone)]
pub struct Site {
    /// Sorted by path, each path once.
    pub routes: Cow<'static, [Route]>,
    /// Sorted by `from`, each once; no `from` is also a route's path.
    pub redirects: Cow<'static, [Redirect]>,
    /// The page sent with every 404.
    pub not_found: Route,
    /// The site's Last-Modified; `None` for a site without posts.
    pub last_modified: Option<LastModified>,
    /// The policy of responses that are no page (400, 405, `/healthz`).
    pub bare_csp: HeaderValue,
    /// A short hash over every route's path, type and bytes (`--version`).
    pub hash: Cow<'static, str>,
    /// The absolute URL the pages were built for (canonical links, feed).
    pub base_url: Cow<'static, str>,
    /// Set when that URL is loopback: what to tell whoever serves or
    /// exports the pages for others (decided at build time).
    pub address_warning: Option<Cow<'static, str>>,
    /// What `/search` is answered from; `None` for a site without it.
    pub search: Option<Search>,
}

/// The site's search: its index, and the page the results go into.
#[derive(Clone)]
pub struct Search {
    /// The `search` crate's index, checked to open (`Search::new`).
    index: Bytes,
    /// The page of results up to the results, and after them.
    pub prefix: Bytes,
    pub suffix: Bytes,
    /// The page's policy.
    pub csp: HeaderValue,
    /// The search form every page's header holds, byte for byte (what
    /// `export` takes out).
    pub form: Bytes,
}

impl Search {
    /// A search over `index`, or why those bytes are no index.
    pub fn new(
        index: Bytes,
        prefix: Bytes,
        suffix: Bytes,
        csp: HeaderValue,
        form: Bytes,
    ) -> Result<Search, String> {
        search::Index::open(&index).map_err(|e| e.to_string())?;
        Ok(Search {
            index,
            prefix,
            suffix,
            csp,
            form,
        })
    }

    /// The index's bytes.
    pub fn index_bytes(&self) -> &[u8] {
        &self.index
    }

    /// The index, read in place (opening reads its header only).
    pub(crate) fn index(&self) -> search::Index<'_> {
        search::Index::open(&self.index).expect("checked when the search was made")
    }
}

/// One path's response.
#[derive(Clone)]
pub struct Route {
    /// The decoded URL path.
    pub path: Cow<'static, str>,
    pub content_type: HeaderValue,
    pub cache_control: HeaderValue,
    pub csp: HeaderValue,
    pub identity: Representation,
    /// Present only where compression made the body smaller.
    pub gzip: Option<Representation>,
    pub br: Option<Representation>,
    /// Whether a `Range` request gets the part it asks for (206) rather
    /// than the whole body: files beside posts (decided at build time).
    pub ranges: bool,
}

/// One content coding of a route's body.
#[derive(Clone)]
pub struct Representation {
    pub bytes: Bytes,
    /// Strong, from a hash of `bytes`.
    pub etag: HeaderValue,
    pub length: HeaderValue,
}

/// A path that answers 308 with `location` (`/posts/a` → `/posts/a/`).
#[derive(Clone)]
pub struct Redirect {
    pub from: Cow<'static, str>,
    pub location: HeaderValue,
}

/// The site's Last-Modified, as a header and for comparing dates.
#[derive(Clone)]
pub struct LastModified {
    pub header: HeaderValue,
    pub unix_seconds: i64,
}

impl Site {
    /// The route at exactly `path` (decoded), if there is one.
    pub fn lookup(&self, path: &str) -> Option<&Route> {
        self.routes
            .binary_search_by(|route| (*route.path).cmp(path))
            .ok()
            .map(|i| &self.routes[i])
    }

    /// Where `path` (decoded) is permanently redirected, if it is.
    pub fn redirect(&self, path: &str) -> Option<&HeaderValue> {
        self.redirects
            .binary_search_by(|redirect| (*redirect.from).cmp(path))
            .ok()
            .map(|i| &self.redirects[i].location)
    }

    /// Every route and the 404 page.
    pub fn all_routes(&self) -> impl Iterator<Item = &Route> {
        self.routes.iter().chain([&self.not_found])
    }
}

impl Route {
    /// The representation in `coding`; `negotiate` only offers codings the
    /// route has.
    pub(crate) fn representation(&self, coding: Coding) -> &Representation {
        match coding {
            Coding::Br => self.br.as_ref(),
            Coding::Gzip => self.gzip.as_ref(),
            Coding::Identity => None,
        }
        .unwrap_or(&self.identity)
    }
}

#[cfg(test)]
pub(crate) mod fixture {
    //! A small site made by hand, for the unit tests of the respond pipeline
    //! and export: they depend on no post.

    use super::*;

    /// A body long enough that its codings differ from identity.
    fn representation(bytes: &'static [u8], etag: &'static str) -> Representation {
        Representation {
            bytes: Bytes::from_static(bytes),
            etag: HeaderValue::from_static(etag),
            length: HeaderValue::from(bytes.len()),
        }
    }

    fn page(path: &'static str, body: &'static [u8], etag: &'static str) -> Route {
        Route {
            path: Cow::Borrowed(path),
            content_type: HeaderValue::from_static("text/html; charset=utf-8"),
            cache_control: HeaderValue::from_static("no-cache"),
            csp: HeaderValue::from_static(PAGE_CSP),
            identity: representation(body, etag),
            gzip: Some(representation(b"gz", "\"gz\"")),
            br: Some(representation(b"br", "\"br\"")),
            ranges: false,
        }
    }

    pub(crate) const PAGE_CSP: &str =
        "default-src 'none'; style-src 'self' 'sha256-x'; frame-ancestors 'none'";
    pub(crate) const BARE_CSP: &str = "default-src 'none'; frame-ancestors 'none'";
    pub(crate) const POST: &str = "/posts/a-post/";
    /// A file beside the post, served in parts: the alphabet, and a
    /// gzip representation of its own.
    pub(crate) const FILE: &str = "/posts/a-post/letters.txt";

    /// The form every page of the fixture would hold.
    pub(crate) const FORM: &str = "<form role=\"search\"></form>";

    /// A search over three posts.
    pub(crate) fn search() -> Search {
        let post = |head, title, body| search::Document {
            head,
            tags: vec!["rust"],
            fields: vec![
                search::Field {
                    text: title,
                    weight: 8,
                },
                search::Field {
                    text: body,
                    weight: 2,
                },
            ],
            snippet_field: 1,
        };
        let index = search::write(
            &[
                post("<h2>KV</h2>", "The KV cache", "Caching keys & <values>."),
                post("<h2>Norms</h2>", "Layer norms", "Normalising layers."),
                post("<h2>Shell</h2>", "Shell", "Pipes and a cache."),
            ],
            "<p>tags</p>",
        )
        .unwrap();
        Search::new(
            Bytes::from(index),
            Bytes::from_static(b"<main>"),
            Bytes::from_static(b"</main>"),
            HeaderValue::from_static(PAGE_CSP),
            Bytes::from_static(FORM.as_bytes()),
        )
        .unwrap()
    }

    /// `/`, a post and a file beside it, a fingerprinted stylesheet
    /// (identity only), the 404 page, the post's redirect; last modified
    /// 2026-11-29.
    pub(crate) fn site() -> Site {
        let file = Route {
            path: Cow::Borrowed(FILE),
            content_type: HeaderValue::from_static("text/plain; charset=utf-8"),
            cache_control: HeaderValue::from_static("no-cache"),
            csp: HeaderValue::from_static(BARE_CSP),
            identity: representation(b"abcdefghijklmnopqrstuvwxyz", "\"letters\""),
            gzip: Some(representation(b"GZIP-OF-LETTERS", "\"letters-gz\"")),
            br: None,
            ranges: true,
        };
        let stylesheet = Route {
            path: Cow::Borrowed("/static/style.0123abcd.css"),
            content_type: HeaderValue::from_static("text/css; charset=utf-8"),
            cache_control: HeaderValue::from_static("public, max-age=31536000, immutable"),
            csp: HeaderValue::from_static(BARE_CSP),
            identity: representation(b"p{}", "\"css\""),
            gzip: None,
            br: None,
            ranges: false,
        };
        Site {
            routes: Cow::Owned(vec![
                page("/", b"<p>home</p>", "\"home\""),
                page(POST, b"<p>a post</p>", "\"post\""),
                file,
                stylesheet,
            ]),
            redirects: Cow::Owned(vec![Redirect {
                from: Cow::Borrowed("/posts/a-post"),
                location: HeaderValue::from_static(POST),
            }]),
            not_found: page("/404.html", b"<p>not found</p>", "\"404\""),
            last_modified: Some(LastModified {
                header: HeaderValue::from_static("Sun, 29 Nov 2026 00:00:00 GMT"),
                unix_seconds: 1_795_910_400,
            }),
            bare_csp: HeaderValue::from_static(BARE_CSP),
            hash: Cow::Borrowed("0123abcd"),
            base_url: Cow::Borrowed("https://blog.example.org"),
            address_warning: None,
            search: Some(search()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_finds_exact_paths_only() {
        let site = fixture::site();
        for route in site.routes.iter() {
            assert_eq!(site.lookup(&route.path).map(|r| &r.path), Some(&route.path));
        }
        assert!(site.lookup("/posts/a-post").is_none());
        assert!(site.lookup("/no/such/page").is_none());
        assert_eq!(site.redirect("/posts/a-post").unwrap(), fixture::POST);
        assert!(site.redirect("/").is_none());
    }

    #[test]
    fn a_missing_coding_falls_back_to_identity() {
        let site = fixture::site();
        let css = site.lookup("/static/style.0123abcd.css").unwrap();
        assert_eq!(css.representation(Coding::Br).bytes, &b"p{}"[..]);
        let home = site.lookup("/").unwrap();
        assert_eq!(home.representation(Coding::Br).bytes, &b"br"[..]);
    }
}
