//! `GET /search?q=…&page=N`: the one response the server makes per
//! request, from the index the build wrote (the `search` crate), between
//! the head and foot of a page the build rendered. A request like the
//! others: GET and HEAD only (checked before), a strong ETag made of the
//! site's hash and the query, so `If-None-Match` is answered 304 before
//! any searching; bounded (a query string past `LONGEST_TARGET` bytes or
//! a query past the `search` crate's bounds is refused with a page saying
//! why, 414 or 400); the policy is the page's own. Nothing is compressed:
//! the results are a few kilobytes made for this request, and the page
//! around them is the size of any page's head.

use crate::respond::Body;
use crate::site::{Search, Site};
use crate::{conditional, path};
use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{
    HeaderMap, HeaderValue, CACHE_CONTROL, CONTENT_LENGTH, CONTENT_SECURITY_POLICY, CONTENT_TYPE,
    ETAG,
};
use hyper::{Response, StatusCode};

/// Where search is answered.
pub(crate) const PATH: &str = "/search";

/// The longest query string read, in bytes: a query of the longest
/// length (`search::LONGEST_QUERY`) percent-encoded, and a page number.
const LONGEST_TARGET: usize = 3 * search::LONGEST_QUERY + 32;

/// The answer to `query` (the request's query string) from `search`.
pub(crate) fn answer(
    site: &Site,
    search: &Search,
    query: Option<&str>,
    request: &HeaderMap,
    head: bool,
) -> Response<Body> {
    let query = query.unwrap_or("");
    if query.len() > LONGEST_TARGET {
        return refused(search, StatusCode::URI_TOO_LONG, head, |out| {
            search::refused(search::Refused::TooLong, out)
        });
    }
    let Some(Asked { text, page }) = asked(query) else {
        return refused(search, StatusCode::BAD_REQUEST, head, search::bad_page);
    };
    let parsed = match search::parse(&text) {
        Ok(parsed) => parsed,
        Err(reason) => {
            let status = match reason {
                search::Refused::TooLong => StatusCode::URI_TOO_LONG,
                search::Refused::TooManyTerms => StatusCode::BAD_REQUEST,
            };
            return refused(search, status, head, |out| search::refused(reason, out));
        }
    };
    // The same site and query give the same bytes: the client's copy is
    // current without searching again.
    let etag = etag(&site.hash, &text, page);
    let mut response = if conditional::not_modified(request, etag.as_bytes(), None) {
        empty(StatusCode::NOT_MODIFIED)
    } else {
        let mut fragment = String::with_capacity(8 * 1024);
        search::results(&search.index(), &text, &parsed, page, &mut fragment);
        page_response(search, StatusCode::OK, &fragment, head)
    };
    let headers = response.headers_mut();
    headers.insert(ETAG, etag);
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(CONTENT_SECURITY_POLICY, search.csp.clone());
    response
}

/// What a query string asks: the query's text and the page (from 1).
struct Asked {
    text: String,
    page: usize,
}

/// `q` and `page` from a query string (`+` is a space); `None` when a
/// value is not percent-encoded UTF-8 or the page is no page.
fn asked(query: &str) -> Option<Asked> {
    let mut asked = Asked {
        text: String::new(),
        page: 1,
    };
    let (mut text_seen, mut page_seen) = (false, false);
    for pair in query.split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        match name {
            "q" if !text_seen => {
                text_seen = true;
                asked.text = path::percent_decode(value.replace('+', " ").as_bytes()).ok()?;
            }
            "page" if !page_seen => {
                page_seen = true;
                asked.page = value
                    .parse()
                    .ok()
                    .filter(|page| (1..=search::LAST_PAGE).contains(page))?;
            }
            _ => {}
        }
    }
    Some(asked)
}

/// A strong ETag: the site's hash and a hash of the query and page.
fn etag(site_hash: &str, text: &str, page: usize) -> HeaderValue {
    // FNV-1a: stable across builds and runs, unlike std's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes().chain(page.to_le_bytes()) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    HeaderValue::from_str(&format!("\"{site_hash}-s{hash:016x}\""))
        .expect("hex digits and the site's hash are header text")
}

/// A refusal: the page saying why, `status`, never cached.
fn refused(
    search: &Search,
    status: StatusCode,
    head: bool,
    write: impl FnOnce(&mut String),
) -> Response<Body> {
    let mut fragment = String::new();
    write(&mut fragment);
    let mut response = page_response(search, status, &fragment, head);
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(CONTENT_SECURITY_POLICY, search.csp.clone());
    response
}

/// The page with `fragment` in its slot.
fn page_response(
    search: &Search,
    status: StatusCode,
    fragment: &str,
    head: bool,
) -> Response<Body> {
    let length = search.prefix.len() + fragment.len() + search.suffix.len();
    let body = if head {
        Bytes::new()
    } else {
        let mut bytes = Vec::with_capacity(length);
        bytes.extend_from_slice(&search.prefix);
        bytes.extend_from_slice(fragment.as_bytes());
        bytes.extend_from_slice(&search.suffix);
        Bytes::from(bytes)
    };
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
    response
}

fn empty(status: StatusCode) -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = status;
    response
}

#[cfg(test)]
mod tests;
