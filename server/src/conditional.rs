//! Conditional GET (RFC 9110 §13): whether the copy a client already holds
//! is current, so it gets 304 and no body.
//!
//! `If-None-Match` decides when present: `*`, or any listed entity tag equal
//! to the representation's under weak comparison (`W/"x"` matches `"x"`).
//! Only without it does `If-Modified-Since` count: a single valid HTTP-date
//! at or after the site's Last-Modified. A malformed date is ignored.

use crate::site::LastModified;
use hyper::header::{HeaderMap, HeaderValue, IF_MODIFIED_SINCE, IF_NONE_MATCH};
use std::time::UNIX_EPOCH;

/// Whether the client's cached copy is the representation tagged `etag`
/// (a quoted strong tag) last changed at `last_modified`.
pub(crate) fn not_modified(
    request: &HeaderMap,
    etag: &[u8],
    last_modified: Option<&LastModified>,
) -> bool {
    let mut if_none_match = request.get_all(IF_NONE_MATCH).iter().peekable();
    if if_none_match.peek().is_some() {
        return if_none_match.any(|list| list_matches(list.as_bytes(), etag));
    }
    let Some(last_modified) = last_modified else {
        return false;
    };
    let mut dates = request.get_all(IF_MODIFIED_SINCE).iter();
    let (Some(date), None) = (dates.next(), dates.next()) else {
        return false; // absent, or more than one: ignored (§13.1.3)
    };
    seconds(date).is_some_and(|since| i128::from(last_modified.unix_seconds) <= i128::from(since))
}

/// An HTTP-date (any of its three formats) as seconds since the Unix
/// epoch; `None` for anything else.
pub(crate) fn seconds(date: &HeaderValue) -> Option<u64> {
    let text = date.to_str().ok()?;
    let time = httpdate::parse_http_date(text).ok()?;
    Some(time.duration_since(UNIX_EPOCH).ok()?.as_secs())
}

/// Whether an `If-None-Match` value (`*` or a list of entity tags) names
/// `etag`. Reading stops at the first malformed tag.
fn list_matches(list: &[u8], etag: &[u8]) -> bool {
    let mut rest = list;
    loop {
        rest = rest.trim_ascii_start();
        match rest.first() {
            None => return false,
            Some(b',') => rest = &rest[1..],
            Some(b'*') => return true,
            Some(_) => {
                let opaque = rest.strip_prefix(b"W/").unwrap_or(rest);
                if opaque.first() != Some(&b'"') {
                    return false;
                }
                let Some(close) = opaque[1..].iter().position(|&b| b == b'"') else {
                    return false;
                };
                let (tag, tail) = opaque.split_at(close + 2);
                if tag == etag {
                    return true;
                }
                rest = tail;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ETAG: &[u8] = b"\"abc123\"";

    fn last_modified() -> LastModified {
        // Sun, 29 Nov 2026 00:00:00 GMT
        LastModified {
            header: HeaderValue::from_static("Sun, 29 Nov 2026 00:00:00 GMT"),
            unix_seconds: 1_795_910_400,
        }
    }

    fn check(headers: &[(&'static str, &'static str)]) -> bool {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.append(*name, HeaderValue::from_static(value));
        }
        not_modified(&map, ETAG, Some(&last_modified()))
    }

    #[test]
    fn conditional_table() {
        let inm = "if-none-match";
        let ims = "if-modified-since";
        let cases: &[(&[(&str, &str)], bool)] = &[
            (&[], false),
            (&[(inm, "\"abc123\"")], true),
            (&[(inm, "W/\"abc123\"")], true),
            (&[(inm, "\"other\"")], false),
            (&[(inm, "\"x\", \"abc123\"")], true),
            (&[(inm, "\"x\",W/\"abc123\"")], true),
            (&[(inm, "\"a,b\", \"abc123\"")], true),
            (&[(inm, "\"x\""), (inm, "\"abc123\"")], true),
            (&[(inm, "*")], true),
            (&[(inm, "abc123")], false),
            (&[(inm, "\"abc123")], false),
            (&[(inm, "\"abc1234\"")], false),
            (&[(inm, "garbage, \"abc123\"")], false),
            // If-None-Match wins over If-Modified-Since, either way.
            (
                &[(inm, "\"other\""), (ims, "Mon, 30 Nov 2026 00:00:00 GMT")],
                false,
            ),
            (
                &[(inm, "\"abc123\""), (ims, "Sat, 01 Jan 2000 00:00:00 GMT")],
                true,
            ),
            (&[(ims, "Sun, 29 Nov 2026 00:00:00 GMT")], true),
            (&[(ims, "Mon, 30 Nov 2026 12:00:00 GMT")], true),
            (&[(ims, "Sat, 28 Nov 2026 23:59:59 GMT")], false),
            // The two obsolete date formats are still dates.
            (&[(ims, "Sunday, 29-Nov-26 00:00:00 GMT")], true),
            (&[(ims, "Sun Nov 29 00:00:00 2026")], true),
            (&[(ims, "yesterday")], false),
            (
                &[
                    (ims, "Mon, 30 Nov 2026 00:00:00 GMT"),
                    (ims, "Mon, 30 Nov 2026 00:00:00 GMT"),
                ],
                false,
            ),
        ];
        for (headers, expected) in cases {
            assert_eq!(check(headers), *expected, "{headers:?}");
        }
    }

    #[test]
    fn without_a_last_modified_dates_never_match() {
        let mut map = HeaderMap::new();
        map.insert(
            IF_MODIFIED_SINCE,
            HeaderValue::from_static("Mon, 30 Nov 2026 00:00:00 GMT"),
        );
        assert!(!not_modified(&map, ETAG, None));
    }
}
