//! Properties of `/search` on a site of 400 generated posts: any query
//! string (words of the posts and near them, quotes, `tag:`, escapes good
//! and bad, `+`, any character, any length, a page number or not) gets a
//! 200, 304 or 4xx (never a 5xx, never a panic), the page's policy and
//! the security headers, a `Content-Length` equal to the body, and an
//! answer within `BOUND` even unoptimised.

use super::config;
use crate::respond::respond;
use crate::site::{fixture, Bytes, HeaderValue, Search, Site};
use hyper::body::Body as _;
use hyper::header::{CONTENT_LENGTH, CONTENT_SECURITY_POLICY, X_CONTENT_TYPE_OPTIONS};
use hyper::{Request, Uri};
use proptest::prelude::*;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The longest any one search may take here (a debug build).
const BOUND: Duration = Duration::from_millis(500);

const WORDS: &[&str] = &[
    "cache",
    "caching",
    "keys",
    "values",
    "attention",
    "layer",
    "norms",
    "rust",
    "borrow",
    "checker",
    "the",
    "a",
    "of",
    "shell",
    "pipes",
];

/// The fixture site with a search over 400 posts made of `WORDS`, each
/// tagged with one of three tags.
fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let texts: Vec<String> = (0..400)
            .map(|i| {
                (0..60)
                    .map(|j| WORDS[(i * 7 + j * j + j / 3) % WORDS.len()])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let tags = ["rust", "ml", "shell"];
        let documents: Vec<search::Document> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| search::Document {
                head: "<h2>post</h2>",
                tags: vec![tags[i % 3]],
                fields: vec![
                    search::Field {
                        text: WORDS[i % WORDS.len()],
                        weight: 8,
                    },
                    search::Field { text, weight: 2 },
                ],
                snippet_field: 1,
            })
            .collect();
        let index = search::write(&documents, "<p>tags</p>").unwrap();
        let mut site = fixture::site();
        site.search = Some(
            Search::new(
                Bytes::from(index),
                Bytes::from_static(b"<main>"),
                Bytes::from_static(b"</main>"),
                HeaderValue::from_static(fixture::PAGE_CSP),
                Bytes::from_static(fixture::FORM.as_bytes()),
            )
            .unwrap(),
        );
        site
    })
}

/// A query string's text: pieces a reader or an attacker types.
fn query() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => prop::sample::select(WORDS.to_vec()).prop_map(str::to_string),
        2 => "[a-z]{1,12}",
        2 => Just("+".to_string()),
        1 => Just("%22".to_string()),
        1 => Just("\"".to_string()),
        1 => Just("tag:".to_string()),
        1 => prop::sample::select(vec!["tag:rust", "tag:ml", "tag:%", "TAG:Shell"])
            .prop_map(str::to_string),
        1 => prop::sample::select(vec!["%", "%zz", "%ff", "%e2%80%9c", "%00", "&", "=", "#"])
            .prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| {
            let mut bytes = [0; 4];
            c.encode_utf8(&mut bytes).bytes().map(|b| format!("%{b:02X}")).collect()
        }),
        1 => "[0-9]{1,3}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

fn page() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(String::new()),
        2 => (1usize..60).prop_map(|n| format!("&page={n}")),
        1 => "&page=[0-9a-z%-]{0,8}",
    ]
}

proptest! {
    #![proptest_config(config(200))]

    #[test]
    fn any_search_is_answered_well_formed_and_in_time(text in query(), page in page()) {
        let Ok(uri) = Uri::try_from(format!("/search?q={text}{page}")) else {
            return Ok(());
        };
        let site = site();
        let mut request = Request::new(());
        *request.uri_mut() = uri.clone();
        let start = Instant::now();
        let response = respond(site, &request);
        let took = start.elapsed();
        let status = response.status();
        let what = format!("{uri} → {status} in {took:?}");
        prop_assert!(took < BOUND, "{}", what);
        prop_assert!(status.is_success() || status.is_client_error(), "{}", what);
        let h = response.headers();
        prop_assert_eq!(&h[CONTENT_SECURITY_POLICY], fixture::PAGE_CSP, "{}", what);
        prop_assert_eq!(&h[X_CONTENT_TYPE_OPTIONS], "nosniff", "{}", what);
        let length: u64 = h[CONTENT_LENGTH].to_str().unwrap().parse().unwrap();
        prop_assert_eq!(Some(length), response.body().size_hint().exact(), "{}", what);
    }
}
