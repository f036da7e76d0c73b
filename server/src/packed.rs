//! The `Site` of the shipped binary, read in place from the table the
//! build packed into it (the `pack` crate's format): every path, body and
//! header value borrows the binary's read-only bytes, and identical header
//! values (a policy, a content type, `Cache-Control`) borrow the same
//! bytes, as the table stores each once. What is made at start-up is the
//! routes' array itself and one string of every body's `Content-Length`;
//! nothing is copied, formatted per request or read from disk.

use crate::site::{
    Bytes, HeaderValue, LastModified, Redirect, Representation, Route, Search, Site,
};
use std::borrow::Cow;

/// The site packed in `bytes`; or why they are not one (a build that
/// wrote them wrongly: the build packs and checks the table it writes).
pub fn unpack(bytes: &'static [u8]) -> Result<Site, String> {
    let table = pack::unpack(bytes).map_err(|e| e.to_string())?;
    let mut lengths = Lengths::new(&table);
    let mut route = |route: &pack::Route<'static>| -> Result<Route, String> {
        Ok(Route {
            path: Cow::Borrowed(route.path),
            content_type: header(route.content_type)?,
            cache_control: header(route.cache_control)?,
            csp: header(route.csp)?,
            identity: representation(&route.identity, &mut lengths)?,
            gzip: route
                .gzip
                .as_ref()
                .map(|body| representation(body, &mut lengths))
                .transpose()?,
            br: route
                .br
                .as_ref()
                .map(|body| representation(body, &mut lengths))
                .transpose()?,
            ranges: route.ranges,
        })
    };
    let not_found = route(&table.not_found)?;
    let routes = table
        .routes
        .iter()
        .map(&mut route)
        .collect::<Result<Vec<_>, _>>()?;
    let redirects = table
        .redirects
        .iter()
        .map(|redirect| {
            Ok(Redirect {
                from: Cow::Borrowed(redirect.from),
                location: header(redirect.location)?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Site {
        routes: Cow::Owned(routes),
        redirects: Cow::Owned(redirects),
        not_found,
        last_modified: table
            .last_modified
            .map(|last| {
                Ok::<_, String>(LastModified {
                    header: header(last.header)?,
                    unix_seconds: last.unix_seconds,
                })
            })
            .transpose()?,
        bare_csp: header(table.bare_csp)?,
        hash: Cow::Borrowed(table.hash),
        base_url: Cow::Borrowed(table.base_url),
        address_warning: table.address_warning.map(Cow::Borrowed),
        search: table
            .search
            .map(|search| {
                let bytes = |s: &'static str| Bytes::from_static(s.as_bytes());
                Search::new(
                    Bytes::from_static(search.index.bytes),
                    bytes(search.prefix),
                    bytes(search.suffix),
                    header(search.csp)?,
                    bytes(search.form),
                )
            })
            .transpose()?,
    })
}

/// A header value borrowing `value`: checked, not copied.
fn header(value: &'static str) -> Result<HeaderValue, String> {
    HeaderValue::from_maybe_shared(Bytes::from_static(value.as_bytes()))
        .map_err(|_| format!("{value:?} is no header value"))
}

fn representation(
    body: &pack::Body<'static>,
    lengths: &mut Lengths,
) -> Result<Representation, String> {
    Ok(Representation {
        bytes: Bytes::from_static(body.bytes),
        etag: header(body.etag)?,
        length: header(lengths.next())?,
    })
}

/// Every body's length in decimal, in the order `unpack` visits the
/// bodies, in one string kept for the program's life: one allocation
/// rather than one per representation.
struct Lengths {
    all: &'static str,
}

impl Lengths {
    fn new(table: &pack::Table) -> Lengths {
        let mut all = String::new();
        for route in [&table.not_found].into_iter().chain(&table.routes) {
            for body in [
                Some(&route.identity),
                route.gzip.as_ref(),
                route.br.as_ref(),
            ]
            .into_iter()
            .flatten()
            {
                all.push_str(&body.bytes.len().to_string());
                all.push(' ');
            }
        }
        Lengths { all: all.leak() }
    }

    /// The next body's length.
    fn next(&mut self) -> &'static str {
        let (length, rest) = self
            .all
            .split_once(' ')
            .expect("one length per body, made from the same table");
        self.all = rest;
        length
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::fixture;

    /// The fixture site as the build would pack it.
    fn packed(site: &Site) -> &'static [u8] {
        let route = |route: &'static Route| pack::Route {
            path: &route.path,
            content_type: route.content_type.to_str().unwrap(),
            cache_control: route.cache_control.to_str().unwrap(),
            csp: route.csp.to_str().unwrap(),
            identity: body(&route.identity),
            gzip: route.gzip.as_ref().map(body),
            br: route.br.as_ref().map(body),
            ranges: route.ranges,
        };
        let site: &'static Site = Box::leak(Box::new(site.clone()));
        let table = pack::Table {
            routes: site.routes.iter().map(route).collect(),
            not_found: route(&site.not_found),
            redirects: site
                .redirects
                .iter()
                .map(|r| pack::Redirect {
                    from: &r.from,
                    location: r.location.to_str().unwrap(),
                })
                .collect(),
            last_modified: site.last_modified.as_ref().map(|last| pack::LastModified {
                header: last.header.to_str().unwrap(),
                unix_seconds: last.unix_seconds,
            }),
            bare_csp: site.bare_csp.to_str().unwrap(),
            hash: &site.hash,
            base_url: &site.base_url,
            address_warning: site.address_warning.as_deref(),
            search: site.search.as_ref().map(|search| pack::Search {
                index: pack::Body {
                    bytes: search.index_bytes(),
                    etag: "\"index\"",
                },
                prefix: std::str::from_utf8(&search.prefix).unwrap(),
                suffix: std::str::from_utf8(&search.suffix).unwrap(),
                csp: search.csp.to_str().unwrap(),
                form: std::str::from_utf8(&search.form).unwrap(),
            }),
        };
        pack::pack(&table).unwrap().bytes.leak()
    }

    fn body(body: &'static Representation) -> pack::Body<'static> {
        pack::Body {
            bytes: &body.bytes,
            etag: body.etag.to_str().unwrap(),
        }
    }

    #[test]
    fn a_packed_site_unpacks_to_the_same_site() {
        let site = fixture::site();
        let unpacked = unpack(packed(&site)).unwrap();
        let same = |a: &Route, b: &Route| {
            assert_eq!(a.path, b.path);
            assert_eq!(
                (&a.content_type, &a.cache_control, &a.csp, a.ranges),
                (&b.content_type, &b.cache_control, &b.csp, b.ranges)
            );
            for (x, y) in [
                (Some(&a.identity), Some(&b.identity)),
                (a.gzip.as_ref(), b.gzip.as_ref()),
                (a.br.as_ref(), b.br.as_ref()),
            ] {
                assert_eq!(x.is_some(), y.is_some());
                if let (Some(x), Some(y)) = (x, y) {
                    assert_eq!(
                        (&x.bytes, &x.etag, &x.length),
                        (&y.bytes, &y.etag, &y.length)
                    );
                }
            }
        };
        assert_eq!(unpacked.routes.len(), site.routes.len());
        for (a, b) in unpacked.all_routes().zip(site.all_routes()) {
            same(a, b);
        }
        assert_eq!(unpacked.redirect("/posts/a-post").unwrap(), fixture::POST);
        assert_eq!(unpacked.lookup(fixture::FILE).unwrap().path, fixture::FILE);
        assert_eq!(
            unpacked.last_modified.as_ref().unwrap().header,
            site.last_modified.as_ref().unwrap().header
        );
        assert_eq!(unpacked.bare_csp, site.bare_csp);
        assert_eq!(
            (&unpacked.hash, &unpacked.base_url),
            (&site.hash, &site.base_url)
        );
        let (a, b) = (unpacked.search.unwrap(), site.search.unwrap());
        assert_eq!(a.index_bytes(), b.index_bytes());
        assert_eq!(
            (&a.prefix, &a.suffix, &a.form),
            (&b.prefix, &b.suffix, &b.form)
        );
        assert_eq!(a.csp, b.csp);
    }

    #[test]
    fn identical_header_values_share_their_bytes() {
        let unpacked = unpack(packed(&fixture::site())).unwrap();
        let home = unpacked.lookup("/").unwrap();
        let post = unpacked.lookup(fixture::POST).unwrap();
        let file = unpacked.lookup(fixture::FILE).unwrap();
        let at = |value: &HeaderValue| value.as_bytes().as_ptr();
        assert_eq!(at(&home.csp), at(&post.csp));
        assert_eq!(at(&home.content_type), at(&post.content_type));
        assert_eq!(at(&home.cache_control), at(&file.cache_control));
        assert_eq!(at(&file.csp), at(&unpacked.bare_csp));
        assert_ne!(at(&home.csp), at(&file.csp));
    }

    #[test]
    fn bytes_that_are_no_table_are_an_error() {
        assert!(unpack(b"").is_err());
        assert!(unpack(b"PSPACK\x00\x01").is_err());
    }
}
