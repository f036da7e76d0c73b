//! Range requests (RFC 9110 §14): which part of a representation a GET
//! asks for, and the `Content-Range` that names it. Pure: header values
//! in, a decision out; the body is sliced by `respond`, never copied.
//!
//! `http-range-header` parses the `Range` value (case-insensitive
//! `bytes=`, whitespace, suffix ranges, numbers past `u64::MAX` read as
//! "to the end"). What it leaves to the server is decided here:
//!
//! - one satisfiable range → that part (206);
//! - none satisfiable (`bytes=500-` of 100 bytes, `bytes=-0`) → 416;
//! - a value that is not a valid `bytes` range set, more than one `Range`
//!   field, or several satisfiable ranges → the whole body (200), which
//!   RFC 9110 §14.2 allows for any range request;
//! - `If-Range` (§13.1.5) that does not hold → the whole body: it holds
//!   for the representation's own strong ETag, compared strongly (a weak
//!   tag never matches), or an HTTP-date equal to Last-Modified.
//!
//! Whether `If-None-Match` or `If-Modified-Since` answer 304 first is
//! `conditional`'s, and `respond` asks it before this (§13.2.2).

use crate::conditional;
use crate::site::LastModified;
use http_range_header::RangeUnsatisfiableError;
use hyper::header::{HeaderMap, HeaderValue, IF_RANGE, RANGE};
use std::ops::Range;

/// What to send of a representation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    /// All of it (200).
    Whole,
    /// These bytes of it (206): never empty, within its length.
    Bytes(Range<usize>),
    /// No range asked for lies within it (416).
    Unsatisfiable,
}

/// The part of a representation `length` bytes long, tagged `etag` (a
/// quoted strong tag), that `request` asks for.
pub(crate) fn requested(
    request: &HeaderMap,
    length: usize,
    etag: &[u8],
    last_modified: Option<&LastModified>,
) -> Part {
    let mut ranges = request.get_all(RANGE).iter();
    let (Some(range), None) = (ranges.next(), ranges.next()) else {
        return Part::Whole; // none asked, or more than one field: ignored
    };
    if !if_range_holds(request, etag, last_modified) {
        return Part::Whole;
    }
    parse(range.as_bytes(), length)
}

/// The part a `Range` value asks of `length` bytes.
fn parse(value: &[u8], length: usize) -> Part {
    let Ok(text) = std::str::from_utf8(value) else {
        return Part::Whole;
    };
    let Ok(parsed) = http_range_header::parse_range_header(text.trim_ascii()) else {
        return Part::Whole; // invalid, or more than the parser tolerates
    };
    let Ok(total) = u64::try_from(length) else {
        return Part::Whole;
    };
    match parsed.validate(total).as_deref() {
        Ok([one]) => match (usize::try_from(*one.start()), usize::try_from(*one.end())) {
            // Within `length`, so `end + 1` cannot overflow.
            (Ok(start), Ok(end)) => Part::Bytes(start..end + 1),
            _ => Part::Whole,
        },
        Err(RangeUnsatisfiableError::Unsatisfiable) => Part::Unsatisfiable,
        // Several ranges, none of an empty body, or rejected as abusive.
        Ok(_) | Err(_) => Part::Whole,
    }
}

/// Whether `If-Range`, when present, lets the range be served: the
/// client's partial copy is of this very representation.
fn if_range_holds(request: &HeaderMap, etag: &[u8], last_modified: Option<&LastModified>) -> bool {
    let mut values = request.get_all(IF_RANGE).iter();
    let value = match (values.next(), values.next()) {
        (None, _) => return true,
        (Some(value), None) => value,
        (Some(_), Some(_)) => return false,
    };
    let validator = value.as_bytes().trim_ascii();
    if validator.starts_with(b"\"") {
        return validator == etag;
    }
    if validator.starts_with(b"W/") {
        return false; // If-Range compares strongly: a weak tag never matches
    }
    let date = conditional::seconds(value);
    let modified = last_modified.and_then(|last| u64::try_from(last.unix_seconds).ok());
    date.is_some() && date == modified
}

/// `Content-Range` of a 206: `bytes first-last/length`.
pub(crate) fn content_range(part: &Range<usize>, length: usize) -> HeaderValue {
    let last = part.end - 1;
    HeaderValue::try_from(format!("bytes {}-{last}/{length}", part.start))
        .expect("digits, spaces and ASCII punctuation make a valid header value")
}

/// `Content-Range` of a 416: `bytes */length`.
pub(crate) fn unsatisfied_range(length: usize) -> HeaderValue {
    HeaderValue::try_from(format!("bytes */{length}"))
        .expect("digits and ASCII punctuation make a valid header value")
}

#[cfg(test)]
mod tests {
    use super::*;

    const ETAG: &[u8] = b"\"abc123\"";
    const LENGTH: usize = 1000;

    fn last_modified() -> LastModified {
        LastModified {
            header: HeaderValue::from_static("Sun, 29 Nov 2026 00:00:00 GMT"),
            unix_seconds: 1_795_910_400,
        }
    }

    fn ask(headers: &[(&'static str, &str)]) -> Part {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.append(*name, HeaderValue::from_str(value).unwrap());
        }
        requested(&map, LENGTH, ETAG, Some(&last_modified()))
    }

    #[test]
    fn range_values() {
        use Part::{Bytes, Unsatisfiable, Whole};
        let huge = "9".repeat(25);
        let too_many_digits = "1".repeat(40);
        let cases: Vec<(String, Part)> = vec![
            ("bytes=0-99".into(), Bytes(0..100)),
            ("bytes=100-".into(), Bytes(100..1000)),
            ("bytes=-500".into(), Bytes(500..1000)),
            ("bytes=999-999".into(), Bytes(999..1000)),
            // Past the end is cut to it; a suffix longer than the body is all of it.
            ("bytes=900-5000".into(), Bytes(900..1000)),
            ("bytes=-5000".into(), Bytes(0..1000)),
            (format!("bytes=0-{huge}"), Bytes(0..1000)),
            // The unit is case-insensitive; whitespace around a range is allowed.
            ("Bytes=0-0".into(), Bytes(0..1)),
            ("BYTES= 10-19".into(), Bytes(10..20)),
            ("bytes=0-9 ".into(), Bytes(0..10)),
            // One satisfiable range among unsatisfiable ones is that range.
            ("bytes=0-9, 5000-".into(), Bytes(0..10)),
            // Nothing within the body: 416.
            ("bytes=1000-".into(), Unsatisfiable),
            ("bytes=1000-2000".into(), Unsatisfiable),
            ("bytes=-0".into(), Unsatisfiable),
            (format!("bytes={huge}-"), Unsatisfiable),
            // Several ranges: the whole body.
            ("bytes=0-9, 20-29".into(), Whole),
            ("bytes=0-9,-10".into(), Whole),
            // Not a range set: ignored, the whole body.
            ("bytes=9-0".into(), Whole),
            ("bytes=-".into(), Whole),
            ("bytes=".into(), Whole),
            ("bytes=a-b".into(), Whole),
            ("bytes=-1-2".into(), Whole),
            ("bytes=+1-2".into(), Whole),
            ("bytes=0-9,x".into(), Whole),
            ("bytes 0-9".into(), Whole),
            ("items=0-9".into(), Whole),
            ("0-9".into(), Whole),
            ("".into(), Whole),
            (format!("bytes=0-{too_many_digits}"), Whole),
            (format!("bytes={}", "0-0,".repeat(200)), Whole),
        ];
        for (value, expected) in cases {
            assert_eq!(ask(&[("range", &value)]), expected, "{value:?}");
        }
    }

    #[test]
    fn no_range_or_two_range_fields_are_the_whole() {
        assert_eq!(ask(&[]), Part::Whole);
        assert_eq!(
            ask(&[("range", "bytes=0-9"), ("range", "bytes=10-19")]),
            Part::Whole
        );
    }

    #[test]
    fn bytes_that_are_not_text_are_ignored() {
        let mut map = HeaderMap::new();
        map.insert(RANGE, HeaderValue::from_bytes(b"bytes=0-9\xff").unwrap());
        assert_eq!(requested(&map, LENGTH, ETAG, None), Part::Whole);
    }

    #[test]
    fn an_empty_body_has_no_part_to_send() {
        let mut map = HeaderMap::new();
        map.insert(RANGE, HeaderValue::from_static("bytes=0-"));
        assert_eq!(requested(&map, 0, ETAG, None), Part::Unsatisfiable);
        map.insert(RANGE, HeaderValue::from_static("bytes=-10"));
        assert_eq!(requested(&map, 0, ETAG, None), Part::Whole);
    }

    #[test]
    fn if_range_table() {
        let range = ("range", "bytes=0-9");
        let part = Part::Bytes(0..10);
        let cases: &[(&str, Part)] = &[
            ("\"abc123\"", part.clone()),
            (" \"abc123\" ", part.clone()),
            ("Sun, 29 Nov 2026 00:00:00 GMT", part.clone()),
            ("Sunday, 29-Nov-26 00:00:00 GMT", part.clone()),
            // Strong comparison: a weak tag never matches.
            ("W/\"abc123\"", Part::Whole),
            ("\"other\"", Part::Whole),
            ("\"abc123\", \"other\"", Part::Whole),
            ("*", Part::Whole),
            // A date only when equal to Last-Modified.
            ("Mon, 30 Nov 2026 00:00:00 GMT", Part::Whole),
            ("Sat, 28 Nov 2026 23:59:59 GMT", Part::Whole),
            ("yesterday", Part::Whole),
        ];
        for (validator, expected) in cases {
            assert_eq!(
                ask(&[range, ("if-range", validator)]),
                *expected,
                "{validator}"
            );
        }
        let twice = [
            range,
            ("if-range", "\"abc123\""),
            ("if-range", "\"abc123\""),
        ];
        assert_eq!(ask(&twice), Part::Whole);
        // Without a Range, If-Range asks nothing.
        assert_eq!(ask(&[("if-range", "\"abc123\"")]), Part::Whole);
    }

    #[test]
    fn a_date_never_holds_without_a_last_modified() {
        let mut map = HeaderMap::new();
        map.insert(RANGE, HeaderValue::from_static("bytes=0-9"));
        map.insert(
            IF_RANGE,
            HeaderValue::from_static("Sun, 29 Nov 2026 00:00:00 GMT"),
        );
        assert_eq!(requested(&map, LENGTH, ETAG, None), Part::Whole);
    }

    #[test]
    fn content_range_values() {
        assert_eq!(content_range(&(0..100), 1000), "bytes 0-99/1000");
        assert_eq!(content_range(&(999..1000), 1000), "bytes 999-999/1000");
        assert_eq!(unsatisfied_range(1000), "bytes */1000");
    }
}
