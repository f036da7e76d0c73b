//! Property tests of every parser a stranger reaches: the path decoder,
//! `Accept-Encoding`, the conditional headers, the whole `respond`, and
//! `/search` on any query (never a 5xx, within a time bound), on inputs
//! proptest makes up. This file holds what they share: the number
//! of cases and the strategies for request parts (methods, request
//! targets, header values). Each failure proptest finds becomes a named
//! `#[test]` in the file of the parser it broke.
//!
//! Cases per property are few enough for `cargo test` (see `config`);
//! `PROPTEST_CASES` asks for more (`scripts/proptest-long.sh`).

mod conditional;
mod negotiate;
mod path;
mod respond;
mod search;

use hyper::header::{HeaderName, HeaderValue};
use hyper::{Method, Uri};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// `cases` per property, unless `PROPTEST_CASES` asks for another number.
pub(crate) fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        ..Config::default()
    }
}

/// Any method: the usual ones, and any token hyper would accept.
pub(crate) fn method() -> impl Strategy<Value = Method> {
    let token = "[!#$%&'*+.^_`|~0-9A-Za-z-]{1,12}"
        .prop_map(|name| Method::from_bytes(name.as_bytes()).expect("a token is a method"));
    prop_oneof![
        3 => Just(Method::GET),
        2 => Just(Method::HEAD),
        1 => prop::sample::select(vec![
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
            Method::PATCH,
            Method::TRACE,
            Method::CONNECT,
        ]),
        1 => token,
    ]
}

/// Bytes as a request target is made of: mostly the characters that
/// matter to the decoder (`/`, `.`, `%`, hex digits, `\`), some of any
/// value. Only those that make a valid `Uri` are kept.
pub(crate) fn uri() -> impl Strategy<Value = Uri> {
    let byte = prop_oneof![
        4 => Just(b'/'),
        3 => Just(b'.'),
        3 => Just(b'%'),
        4 => prop::sample::select(b"0123456789abcdefABCDEF".to_vec()),
        2 => prop::sample::select(b"?#\\&=+:@!$*',;~_-".to_vec()),
        3 => b'a'..=b'z',
        2 => any::<u8>(),
    ];
    let bytes = prop::collection::vec(byte, 0..48);
    (prop::bool::weighted(0.9), bytes).prop_filter_map("a valid Uri", |(rooted, mut bytes)| {
        if rooted {
            bytes.insert(0, b'/');
        }
        Uri::try_from(bytes).ok()
    })
}

/// Text worth percent-encoding (path characters, dots, NUL, backslashes,
/// `%` itself and any unicode), and that text percent-encoded: each byte
/// escaped (upper or lower case hex) or, where a URI allows it as it is,
/// left alone at random (the leading `/` always). The decoder must read the second back as the first.
pub(crate) fn encoded_path() -> impl Strategy<Value = (String, String)> {
    let piece = prop_oneof![
        3 => Just("/".to_string()),
        2 => Just(".".to_string()),
        2 => Just("..".to_string()),
        1 => Just("\0".to_string()),
        1 => Just("\\".to_string()),
        1 => Just("%".to_string()),
        3 => "[a-z0-9-]{1,6}",
        2 => any::<char>().prop_map(String::from),
    ];
    let text =
        prop::collection::vec(piece, 0..12).prop_map(|pieces| format!("/{}", pieces.concat()));
    text.prop_flat_map(|text| {
        let choices = prop::collection::vec(any::<(bool, bool)>(), text.len());
        (Just(text), choices)
    })
    .prop_map(|(text, choices)| {
        let mut encoded = String::with_capacity(text.len() * 3);
        for (i, (byte, (escape, upper))) in text.bytes().zip(choices).enumerate() {
            let plain = byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte);
            // The leading slash stays: `%2F` first would be no path.
            if i == 0 || plain && !escape {
                encoded.push(char::from(byte));
            } else if upper {
                encoded.push_str(&format!("%{byte:02X}"));
            } else {
                encoded.push_str(&format!("%{byte:02x}"));
            }
        }
        (text, encoded)
    })
}

/// Any bytes a `HeaderValue` may hold: visible ASCII, spaces and tabs,
/// and bytes past ASCII.
pub(crate) fn header_value() -> impl Strategy<Value = HeaderValue> {
    let byte = prop_oneof![8 => 0x20u8..=0x7e, 1 => Just(b'\t'), 2 => 0x80u8..=0xff];
    prop::collection::vec(byte, 0..40)
        .prop_map(|bytes| HeaderValue::from_bytes(&bytes).expect("no control bytes but tab"))
}

/// The request headers that matter to `respond`, and any other name.
pub(crate) fn header_name() -> impl Strategy<Value = HeaderName> {
    prop_oneof![
        3 => prop::sample::select(vec![
            hyper::header::ACCEPT_ENCODING,
            hyper::header::IF_NONE_MATCH,
            hyper::header::IF_MODIFIED_SINCE,
            hyper::header::HOST,
            hyper::header::RANGE,
        ]),
        1 => "[a-z0-9-]{1,16}".prop_map(|name| {
            HeaderName::from_bytes(name.as_bytes()).expect("a lower-case token is a header name")
        }),
    ]
}
