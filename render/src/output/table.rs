//! `Site` → the table the server holds: every header value a response can
//! carry, decided here, so the server only picks among them. Each route's
//! content type, cache policy and Content-Security-Policy; per
//! representation (identity, gzip, brotli) its bytes and strong ETag; the
//! site's Last-Modified, the 308 redirects from `/dir` to `/dir/`, and the
//! site's hash for `--version`.
//!
//! Two readers: `codegen` packs it into the shipped binary,
//! and the writer's preview hands it to the server as it is.
//!
//! What a body needs beyond its bytes (its codings, its policy, the ETags)
//! is the slow part: brotli at its best quality, and an HTML parse of every
//! page for the policy. It is kept between builds in a memo under a digest
//! of the body and its type, so a build after a one-post change prepares
//! the few bodies that changed, on every core. A body whose making the
//! build keyed already (a page, `pages::made_of`) is found under that key
//! instead, so a build does not digest every page's bytes again to learn
//! that they did not change; the site's hash is made from the ETags.

use super::encode::Effort;
use super::{csp, encode};
use crate::fingerprint::fingerprint;
use crate::memo::{Key, Memo};
use crate::settings;
use crate::site::{CachePolicy, Route, Site};
use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use time::macros::format_description;
use time::Date;

/// What may stay unescaped in a `Location` path (RFC 3986 path characters).
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// Every response of the site, ready to send.
pub struct Table {
    /// Sorted by path.
    pub routes: Vec<Entry>,
    pub not_found: Entry,
    /// `(from, Location)`, sorted by `from`.
    pub redirects: Vec<(String, String)>,
    pub last_modified: Option<LastModified>,
    /// The policy of responses that are no page (400, 405, `/healthz`).
    pub bare_csp: String,
    /// A short hash over every route's path, type and bytes.
    pub hash: String,
    /// The absolute URL the pages were built for.
    pub base_url: String,
    /// When that URL is loopback, what to tell whoever publishes the
    /// pages (`settings::loopback_warning`).
    pub address_warning: Option<String>,
    /// `None` for a site without one, and in the preview's table until
    /// its search is assembled, after the pages.
    pub search: Option<Search>,
}

/// What the server answers `/search` with.
pub struct Search {
    /// The index, with its fingerprint as the ETag.
    pub index: Body,
    /// The page of results up to the results, and after them.
    pub prefix: String,
    pub suffix: String,
    /// The page's policy (made from the whole page, whose results add no
    /// inline style).
    pub csp: String,
    /// The header's search form, byte for byte.
    pub form: String,
}

/// One route's response.
pub struct Entry {
    pub path: String,
    pub content_type: String,
    pub cache_control: &'static str,
    pub csp: String,
    pub identity: Body,
    /// Present only where the coding made the body smaller.
    pub gzip: Option<Body>,
    pub br: Option<Body>,
    /// Whether `Range` requests get the part they ask for.
    pub ranges: bool,
}

/// One representation: its bytes and strong ETag (quoted).
#[derive(Clone, Serialize, Deserialize)]
pub struct Body {
    pub bytes: Bytes,
    pub etag: String,
}

/// Midnight UTC of the newest post's date, as an HTTP-date and as seconds
/// since the Unix epoch.
pub struct LastModified {
    pub http_date: String,
    pub unix_seconds: i64,
}

/// What a body needs beyond its bytes, as kept between builds.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Prepared {
    csp: String,
    identity_etag: String,
    gzip: Option<Body>,
    br: Option<Body>,
}

/// Which representations a table stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codings {
    /// Identity, and gzip and brotli (at this effort) where they make a
    /// body smaller.
    Compressed(Effort),
    /// Identity only: the preview, on loopback, where compressing would
    /// cost the writer time and save nothing.
    IdentityOnly,
}

/// What the build knows each route's bytes are made of (a memo key that
/// digests everything they are made from), where it knows it: in the order
/// of `Site::routes`, then the 404 page's.
#[derive(Default)]
pub(crate) struct MadeOf {
    pub routes: Vec<Option<Key>>,
    pub not_found: Option<Key>,
}

/// The table for `site`, whose pages were built for `base_url`, preparing
/// only the bodies `memo` does not hold from an earlier build; `memo` is
/// left holding this build's.
pub(crate) fn table(
    site: &Site,
    base_url: &str,
    codings: Codings,
    memo: &mut Memo<Prepared>,
) -> Table {
    let site = Site {
        routes: site.routes.clone(),
        not_found: site.not_found.clone(),
        last_modified: site.last_modified,
        warnings: Vec::new(),
        aliases: site.aliases.clone(),
        search: site.search.clone(),
    };
    of_built(site, base_url, codings, memo, &MadeOf::default())
}

/// `table`, taking the site as the build made it: its bodies move into
/// the table, and a body `made_of` names is looked up under what it is
/// made of, others under their bytes.
pub(crate) fn of_built(
    site: Site,
    base_url: &str,
    codings: Codings,
    memo: &mut Memo<Prepared>,
    made_of: &MadeOf,
) -> Table {
    let known = made_of.routes.iter().map(Option::as_ref);
    let made_of: Vec<Option<&Key>> = known
        .chain(std::iter::repeat(None))
        .take(site.routes.len())
        .chain([made_of.not_found.as_ref()])
        .collect();
    let redirects = redirects(&site.routes, &site.aliases);
    let routes: Vec<Route> = site.routes.into_iter().chain([site.not_found]).collect();
    let prepared = prepare_all(&routes, &made_of, codings, memo);
    let mut entries: Vec<Entry> = routes
        .into_iter()
        .zip(prepared)
        .map(|(route, prepared)| entry(route, prepared))
        .collect();
    let hash = site_hash(&entries);
    let not_found = entries.pop().expect("the 404 page was chained last");
    Table {
        routes: entries,
        not_found,
        redirects,
        last_modified: site.last_modified.map(last_modified),
        bare_csp: csp::bare(),
        hash,
        base_url: base_url.to_string(),
        address_warning: settings::loopback_warning(base_url),
        search: site.search.as_ref().map(search),
    }
}

/// The search page cut at its slot, its policy, and the index.
pub(crate) fn search(search: &crate::site::Search) -> Search {
    let page = String::from_utf8_lossy(&search.page);
    let (prefix, suffix) = page
        .split_once(crate::pages::search::SLOT)
        .expect("the search page holds its slot");
    Search {
        index: body(search.index.clone()),
        prefix: prefix.to_string(),
        suffix: suffix.to_string(),
        csp: csp::for_body("text/html", &search.page),
        form: search.form.clone(),
    }
}

/// Each route's `Prepared`, from `memo` or made now (in parallel); a route
/// is looked up under what it is made of (`made_of[i]`) when that is
/// known, else under its bytes.
fn prepare_all(
    routes: &[Route],
    made_of: &[Option<&Key>],
    codings: Codings,
    memo: &mut Memo<Prepared>,
) -> Vec<Prepared> {
    let codings_tag: &[u8] = match codings {
        Codings::Compressed(Effort::Best) => b"compressed, best",
        Codings::Compressed(Effort::Quick) => b"compressed, quick",
        Codings::IdentityOnly => b"identity",
    };
    let keys: Vec<Key> = routes
        .iter()
        .zip(made_of)
        .map(|(route, made_of)| {
            let content_type = route.content_type.as_bytes();
            match made_of {
                Some(made_of) => memo.key(&[codings_tag, content_type, b"made of", *made_of]),
                None => memo.key(&[codings_tag, content_type, &route.body]),
            }
        })
        .collect();
    memo.all_keyed(routes, &keys, |route| prepare(route, codings))
}

/// A body's codings (each only where it is smaller), policy and ETags.
fn prepare(route: &Route, codings: Codings) -> Prepared {
    let encoded = match codings {
        Codings::Compressed(effort) => encode::encode(&route.content_type, &route.body, effort),
        Codings::IdentityOnly => encode::Encoded {
            gzip: None,
            br: None,
        },
    };
    Prepared {
        csp: csp::for_body(&route.content_type, &route.body),
        identity_etag: etag(&route.body),
        gzip: encoded.gzip.map(body),
        br: encoded.br.map(body),
    }
}

/// One route, with what was prepared for its body.
fn entry(route: Route, prepared: Prepared) -> Entry {
    Entry {
        path: route.path,
        content_type: route.content_type,
        cache_control: cache_control(route.cache),
        csp: prepared.csp,
        identity: Body {
            bytes: route.body,
            etag: prepared.identity_etag,
        },
        gzip: prepared.gzip,
        br: prepared.br,
        ranges: route.ranges,
    }
}

fn body(bytes: Vec<u8>) -> Body {
    Body {
        etag: etag(&bytes),
        bytes: bytes.into(),
    }
}

/// A strong ETag: the body's fingerprint, quoted.
fn etag(bytes: &[u8]) -> String {
    format!("\"{}\"", fingerprint(bytes))
}

fn cache_control(cache: CachePolicy) -> &'static str {
    match cache {
        CachePolicy::Immutable => "public, max-age=31536000, immutable",
        CachePolicy::Revalidate => "no-cache",
    }
}

fn last_modified(date: Date) -> LastModified {
    let moment = date.midnight().assume_utc();
    let http_date = moment
        .format(format_description!(
            "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
        ))
        .expect("every date after year 0 formats as an HTTP-date");
    LastModified {
        http_date,
        unix_seconds: moment.unix_timestamp(),
    }
}

/// `(from, Location)`, sorted by `from`: every route ending in `/` is also
/// reached from the same path without the slash, unless that path is a
/// route itself; and each post's aliases (`content::aliases`, checked to
/// be no route and no such path) lead to the post.
fn redirects(routes: &[Route], aliases: &[(String, String)]) -> Vec<(String, String)> {
    let paths: BTreeSet<&str> = routes.iter().map(|r| r.path.as_str()).collect();
    let slashless = paths.iter().filter_map(|path| {
        let from = path.strip_suffix('/').filter(|from| !from.is_empty())?;
        (!paths.contains(from)).then_some((from, *path))
    });
    let aliases = aliases
        .iter()
        .map(|(from, to)| (from.as_str(), to.as_str()));
    let mut redirects: Vec<(String, String)> = slashless
        .chain(aliases)
        .map(|(from, to)| (from.to_string(), utf8_percent_encode(to, PATH).to_string()))
        .collect();
    redirects.sort();
    redirects
}

/// A short hash of everything the site serves: each route's path, type
/// and identity ETag (itself a hash of the bytes, made already: hashing
/// every body again took a tenth of a one-post build at 1,000 posts).
fn site_hash(entries: &[Entry]) -> String {
    let mut summary = String::new();
    for entry in entries {
        for part in [&entry.path, &entry.content_type, &entry.identity.etag] {
            summary.push_str(part);
            summary.push('\n');
        }
    }
    fingerprint(summary.as_bytes())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn route(path: &str, content_type: &str, body: &[u8]) -> Route {
        Route {
            path: path.into(),
            content_type: content_type.into(),
            body: Bytes::copy_from_slice(body),
            cache: CachePolicy::Revalidate,
            ranges: false,
        }
    }

    pub(crate) fn site(routes: Vec<Route>) -> Site {
        Site {
            routes,
            not_found: route("/404.html", "text/html", b"nope"),
            last_modified: Some(time::macros::date!(2026 - 11 - 29)),
            warnings: vec![],
            aliases: vec![],
            search: None,
        }
    }

    /// A page with an inline style, long enough to compress.
    pub(crate) fn page() -> Vec<u8> {
        "<p style=\"top:1em\">phase space</p>\n"
            .repeat(40)
            .into_bytes()
    }

    #[test]
    fn compressible_bodies_get_gzip_and_brotli_with_their_own_etags() {
        let body = page();
        let table = table(
            &site(vec![route("/", "text/html; charset=utf-8", &body)]),
            "https://blog.example.org",
            Codings::Compressed(Effort::Best),
            &mut Memo::new(b"test", Default::default()),
        );
        let home = &table.routes[0];
        assert_eq!(home.identity.bytes, body);
        let (gzip, br) = (home.gzip.as_ref().unwrap(), home.br.as_ref().unwrap());
        assert_eq!(&gzip.bytes[..2], [0x1f, 0x8b], "gzip magic");
        assert!(br.bytes.len() < gzip.bytes.len());
        for coded in [&home.identity, gzip, br] {
            assert_eq!(coded.etag, format!("\"{}\"", fingerprint(&coded.bytes)));
        }
        assert_ne!(gzip.etag, home.identity.etag);
        // Too small to shrink: identity only.
        assert!(table.not_found.gzip.is_none() && table.not_found.br.is_none());
        assert_eq!(table.base_url, "https://blog.example.org");
        assert_eq!(table.address_warning, None);
    }

    #[test]
    fn headers_are_decided_per_route() {
        let mut font = route("/static/f.abc.woff2", "font/woff2", b"wOF2");
        font.cache = CachePolicy::Immutable;
        let table = table(
            &site(vec![route("/", "text/html", &page()), font]),
            "",
            Codings::Compressed(Effort::Best),
            &mut Memo::new(b"test", Default::default()),
        );
        assert_eq!(table.routes[0].cache_control, "no-cache");
        assert!(table.routes[0].csp.contains("'unsafe-hashes' 'sha256-"));
        assert_eq!(
            table.routes[1].cache_control,
            "public, max-age=31536000, immutable"
        );
        assert_eq!(table.routes[1].csp, csp::bare());
        assert_eq!(table.bare_csp, csp::bare());
        let last = table.last_modified.unwrap();
        assert_eq!(last.http_date, "Sun, 29 Nov 2026 00:00:00 GMT");
        assert_eq!(last.unix_seconds, 1_795_910_400);
    }

    #[test]
    fn no_posts_means_no_last_modified() {
        let mut empty = site(vec![]);
        empty.last_modified = None;
        assert!(table(
            &empty,
            "",
            Codings::Compressed(Effort::Best),
            &mut Memo::new(b"test", Default::default())
        )
        .last_modified
        .is_none());
    }

    #[test]
    fn a_second_build_prepares_only_the_bodies_that_changed() {
        let mut memo = Memo::new(b"test", Default::default());
        let first = table(
            &site(vec![
                route("/", "text/html", &page()),
                route("/a", "text/html", &page()),
            ]),
            "",
            Codings::Compressed(Effort::Best),
            &mut memo,
        );
        assert_eq!(memo.misses(), 3, "two pages and the 404 page");
        let mut changed = page();
        changed.extend_from_slice(b"<p>one more</p>");
        let second = table(
            &site(vec![
                route("/", "text/html", &page()),
                route("/a", "text/html", &changed),
            ]),
            "",
            Codings::Compressed(Effort::Best),
            &mut memo,
        );
        assert_eq!(memo.misses(), 1);
        let (kept, fresh) = (&second.routes[0], &second.routes[1]);
        assert_eq!(
            kept.br.as_ref().unwrap().bytes,
            first.routes[0].br.as_ref().unwrap().bytes
        );
        assert_eq!(kept.csp, first.routes[0].csp);
        assert_eq!(fresh.identity.etag, etag(&changed));
        assert_ne!(
            fresh.br.as_ref().unwrap().etag,
            first.routes[1].br.as_ref().unwrap().etag
        );
    }

    #[test]
    fn identity_only_stores_no_coding() {
        let page = site(vec![route("/", "text/html", &page())]);
        let table = table(
            &page,
            "",
            Codings::IdentityOnly,
            &mut Memo::new(b"test", Default::default()),
        );
        assert!(table.routes[0].gzip.is_none() && table.routes[0].br.is_none());
    }

    #[test]
    fn directories_are_reached_without_their_slash() {
        let routes = vec![
            route("/", "text/html", b""),
            route("/posts/a/", "text/html", b""),
            route("/tags/café/", "text/html", b""),
            route("/x/", "text/html", b""),
            route("/x", "text/plain", b""),
        ];
        assert_eq!(
            redirects(&routes, &[]),
            [
                ("/posts/a".to_string(), "/posts/a/".to_string()),
                ("/tags/café".to_string(), "/tags/caf%C3%A9/".to_string()),
            ]
        );
        // A post's aliases join them, in order.
        let aliases = [("/2019/old.html".to_string(), "/posts/a/".to_string())];
        assert_eq!(
            redirects(&routes, &aliases)[0],
            ("/2019/old.html".to_string(), "/posts/a/".to_string())
        );
    }

    #[test]
    fn site_hash_changes_with_any_byte() {
        let hash = |body: &[u8]| {
            let site = site(vec![route("/", "text/html", body)]);
            let memo = &mut Memo::new(b"test", Default::default());
            table(&site, "", Codings::IdentityOnly, memo).hash
        };
        assert_ne!(hash(b"a"), hash(b"b"));
        assert_eq!(hash(b"a"), hash(b"a"));
    }

    #[test]
    fn a_body_known_by_what_it_is_made_of_is_prepared_once_under_that_key() {
        let mut memo = Memo::new(b"test", Default::default());
        let made_of = MadeOf {
            routes: vec![Some([7; 32])],
            not_found: None,
        };
        let build = |memo: &mut Memo<Prepared>, body: &[u8]| {
            let site = site(vec![route("/", "text/html", body)]);
            of_built(site, "", Codings::IdentityOnly, memo, &made_of)
        };
        let first = build(&mut memo, b"a");
        assert_eq!(first.routes[0].identity.etag, etag(b"a"));
        // The same key stands for the same bytes: the memo answers without
        // reading them (a build never hands other bytes under one key).
        let second = build(&mut memo, b"a, in a new allocation");
        assert_eq!(memo.misses(), 0);
        assert_eq!(second.routes[0].identity.etag, etag(b"a"));
    }
}
