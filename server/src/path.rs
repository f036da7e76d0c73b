//! A request's raw path → the route path it names: percent-escapes decoded
//! strictly, and anything that is not a plain absolute path refused.
//!
//! The server opens no file, so `..` could never escape anything; the
//! paths are refused anyway (400), so that nothing placed in front of the
//! server (a cache, a log reader) ever sees one answered with 200.

use std::borrow::Cow;

/// Why a path cannot name a route; answered with 400.
#[derive(Debug, PartialEq)]
pub(crate) struct Malformed;

/// The decoded path, or `Malformed` for a bad escape (`%zz`, `%4`), bytes
/// that are not UTF-8, a NUL, a backslash, or a `.` or `..` segment.
pub(crate) fn decode(raw: &str) -> Result<Cow<'_, str>, Malformed> {
    if !raw.starts_with('/') {
        return Err(Malformed);
    }
    let path = if raw.contains('%') {
        Cow::Owned(percent_decode(raw.as_bytes())?)
    } else {
        Cow::Borrowed(raw)
    };
    let traverses = path
        .split('/')
        .any(|segment| segment == "." || segment == "..");
    if traverses || path.contains(['\0', '\\']) {
        return Err(Malformed);
    }
    Ok(path)
}

/// `%XX` → the byte `XX`; every `%` must start a valid escape (also
/// for a query string's values, `search`).
pub(crate) fn percent_decode(raw: &[u8]) -> Result<String, Malformed> {
    let mut bytes = Vec::with_capacity(raw.len());
    let mut rest = raw;
    while let Some((&byte, tail)) = rest.split_first() {
        if byte == b'%' {
            let [high, low, ..] = *tail else {
                return Err(Malformed);
            };
            bytes.push(hex(high)? << 4 | hex(low)?);
            rest = &tail[2..];
        } else {
            bytes.push(byte);
            rest = tail;
        }
    }
    String::from_utf8(bytes).map_err(|_| Malformed)
}

fn hex(digit: u8) -> Result<u8, Malformed> {
    match digit {
        b'0'..=b'9' => Ok(digit - b'0'),
        b'a'..=b'f' => Ok(digit - b'a' + 10),
        b'A'..=b'F' => Ok(digit - b'A' + 10),
        _ => Err(Malformed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_are_borrowed_unchanged() {
        for path in [
            "/",
            "/posts/do-i-dare/",
            "/static/style.abc.css",
            "//x",
            "/a..b/",
        ] {
            assert!(
                matches!(decode(path), Ok(Cow::Borrowed(p)) if p == path),
                "{path}"
            );
        }
    }

    #[test]
    fn escapes_are_decoded() {
        let cases = [
            ("/posts/do%2Di-dare/", "/posts/do-i-dare/"),
            ("/posts/do%2di-dare/", "/posts/do-i-dare/"),
            ("/tags/caf%C3%A9/", "/tags/café/"),
            ("/a%20b", "/a b"),
            ("/%25", "/%"),
        ];
        for (raw, decoded) in cases {
            assert_eq!(decode(raw).as_deref(), Ok(decoded), "{raw}");
        }
    }

    #[test]
    fn bad_escapes_and_non_utf8_are_malformed() {
        for raw in ["/%", "/%4", "/%zz", "/a%g0", "/%C3", "/%FF", "/%%41"] {
            assert_eq!(decode(raw), Err(Malformed), "{raw}");
        }
    }

    #[test]
    fn traversal_nul_and_backslashes_are_malformed_however_spelled() {
        for raw in [
            "/../etc/passwd",
            "/posts/../../etc/passwd",
            "/static/..",
            "/./",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/.%2e/",
            "/static\\..\\x",
            "/%5c..%5cx",
            "/a%00b",
        ] {
            assert_eq!(decode(raw), Err(Malformed), "{raw}");
        }
    }

    #[test]
    fn only_absolute_paths_are_accepted() {
        for raw in ["", "*", "posts/", "http://x/"] {
            assert_eq!(decode(raw), Err(Malformed), "{raw:?}");
        }
    }
}
