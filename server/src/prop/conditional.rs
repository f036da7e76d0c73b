//! Properties of the conditional headers (`crate::conditional`): any bytes
//! in `If-None-Match` and `If-Modified-Since`, repeated or not, are read
//! without a panic; a list of entity tags matches exactly when it names the
//! representation's tag (weakly or strongly) or is `*`; a date matches
//! exactly when it is at or after Last-Modified, and only without
//! `If-None-Match`.

use super::{config, header_value};
use crate::conditional::not_modified;
use crate::site::LastModified;
use hyper::header::{HeaderMap, HeaderValue, IF_MODIFIED_SINCE, IF_NONE_MATCH};
use proptest::prelude::*;
use std::time::{Duration, UNIX_EPOCH};

const ETAG: &str = "\"abc123\"";

/// Sun, 29 Nov 2026 00:00:00 GMT, as the site holds it.
fn last_modified() -> LastModified {
    LastModified {
        header: HeaderValue::from_static("Sun, 29 Nov 2026 00:00:00 GMT"),
        unix_seconds: 1_795_910_400,
    }
}

/// An entity tag other than `ETAG`, perhaps weak, perhaps holding a comma.
fn other_tag() -> impl Strategy<Value = String> {
    ("[a-z0-9,/ ]{0,8}", any::<bool>())
        .prop_filter("not the representation's tag", |(opaque, _)| {
            opaque != "abc123"
        })
        .prop_map(|(opaque, weak)| format!("{}\"{opaque}\"", if weak { "W/" } else { "" }))
}

/// An `If-None-Match` list: other tags, and where `named`, the
/// representation's own (weak or not) among them.
fn tag_list() -> impl Strategy<Value = (String, bool)> {
    let entries = prop::collection::vec(other_tag(), 0..5);
    (
        entries,
        any::<bool>(),
        any::<bool>(),
        any::<prop::sample::Index>(),
        " {0,2}",
    )
        .prop_map(|(mut tags, named, weak, at, space)| {
            if named {
                let own = if weak {
                    format!("W/{ETAG}")
                } else {
                    ETAG.to_string()
                };
                tags.insert(at.index(tags.len() + 1), own);
            }
            (tags.join(&format!(",{space}")), named)
        })
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn any_header_bytes_are_read_without_a_panic(
        headers in prop::collection::vec((any::<bool>(), header_value()), 0..4)
    ) {
        let mut map = HeaderMap::new();
        for (none_match, value) in headers {
            map.append(if none_match { IF_NONE_MATCH } else { IF_MODIFIED_SINCE }, value);
        }
        not_modified(&map, ETAG.as_bytes(), Some(&last_modified()));
    }

    #[test]
    fn a_tag_list_matches_exactly_when_it_names_the_tag((list, named) in tag_list()) {
        let mut map = HeaderMap::new();
        map.insert(IF_NONE_MATCH, HeaderValue::from_str(&list).expect("a valid header"));
        // The date matches; it must not count beside If-None-Match.
        map.insert(IF_MODIFIED_SINCE, last_modified().header);
        prop_assert_eq!(not_modified(&map, ETAG.as_bytes(), Some(&last_modified())), named);
    }

    #[test]
    fn a_date_matches_exactly_when_not_before_last_modified(seconds in 0u64..8_000_000_000) {
        let date = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(seconds));
        let mut map = HeaderMap::new();
        map.insert(IF_MODIFIED_SINCE, HeaderValue::from_str(&date).expect("a valid header"));
        let current = i128::from(last_modified().unix_seconds) <= i128::from(seconds);
        prop_assert_eq!(not_modified(&map, ETAG.as_bytes(), Some(&last_modified())), current);
        // The same date twice is ignored.
        map.append(IF_MODIFIED_SINCE, HeaderValue::from_str(&date).expect("a valid header"));
        prop_assert!(!not_modified(&map, ETAG.as_bytes(), Some(&last_modified())));
    }
}
