//! Round trips, sharing and malformed bytes, on small tables made here.

use super::*;

fn body<'a>(bytes: &'a [u8], etag: &'a str) -> Body<'a> {
    Body { bytes, etag }
}

fn route<'a>(path: &'a str, csp: &'a str, bytes: &'a [u8], etag: &'a str) -> Route<'a> {
    Route {
        path,
        content_type: "text/html; charset=utf-8",
        cache_control: "no-cache",
        csp,
        identity: body(bytes, etag),
        gzip: None,
        br: None,
        ranges: false,
    }
}

fn table() -> Table<'static> {
    let mut post = route("/posts/a/", "csp-page", b"<p>a</p>", "\"a\"");
    post.gzip = Some(body(b"GZ", "\"a-gz\""));
    post.br = Some(body(b"BR", "\"a-br\""));
    post.ranges = true;
    Table {
        routes: vec![
            route("/", "csp-page", b"<p>home</p>", "\"home\""),
            // The same bytes as the home page, at another path.
            route("/index.html", "csp-page", b"<p>home</p>", "\"home\""),
            post,
        ],
        not_found: route("/404.html", "csp-bare", b"nope", "\"404\""),
        redirects: vec![Redirect {
            from: "/posts/a",
            location: "/posts/a/",
        }],
        last_modified: Some(LastModified {
            header: "Sun, 29 Nov 2026 00:00:00 GMT",
            unix_seconds: 1_795_910_400,
        }),
        bare_csp: "csp-bare",
        hash: "0123abcd",
        base_url: "https://blog.example.org",
        address_warning: None,
        search: Some(Search {
            index: body(b"INDEX", "\"index\""),
            prefix: "<main>",
            suffix: "</main>",
            csp: "csp-page",
            form: "<form></form>",
        }),
    }
}

#[test]
fn a_table_reads_back_as_it_was_packed() {
    let table = table();
    let packed = pack(&table).unwrap();
    assert_eq!(unpack(&packed.bytes).unwrap(), table);

    let mut other = table.clone();
    other.last_modified = None;
    other.address_warning = Some("pages were built for loopback");
    other.routes.clear();
    other.redirects.clear();
    other.search = None;
    assert_eq!(unpack(&pack(&other).unwrap().bytes).unwrap(), other);
}

#[test]
fn each_string_and_each_body_is_stored_once_and_shared() {
    let packed = pack(&table()).unwrap();
    let unpacked = unpack(&packed.bytes).unwrap();
    let [home, index, post] = &unpacked.routes[..] else {
        panic!("three routes")
    };
    // Same header values, same bytes: one place in the table.
    for (a, b) in [
        (home.csp, post.csp),
        (home.csp, index.csp),
        (home.content_type, unpacked.not_found.content_type),
        (unpacked.bare_csp, unpacked.not_found.csp),
    ] {
        assert_eq!(a.as_ptr(), b.as_ptr(), "{a}");
    }
    assert_eq!(home.identity.bytes.as_ptr(), index.identity.bytes.as_ptr());
    let count = |needle: &[u8]| {
        packed
            .bytes
            .windows(needle.len())
            .filter(|w| *w == needle)
            .count()
    };
    assert_eq!(count(b"<p>home</p>"), 1);
    assert_eq!(count(b"csp-page"), 1);
    assert_eq!(count(b"text/html; charset=utf-8"), 1);
    // The search page's policy is the pages' own string.
    let search = unpacked.search.unwrap();
    assert_eq!(search.csp.as_ptr(), home.csp.as_ptr());
}

#[test]
fn the_search_index_is_named_in_the_digest_prefix_by_its_fingerprint() {
    let packed = pack(&table()).unwrap();
    let prefix = &packed.bytes[..packed.digest_len];
    assert!(prefix.windows(7).any(|w| w == b"\"index\""));
    assert!(!prefix.windows(5).any(|w| w == b"INDEX"));
}

#[test]
fn the_digest_prefix_holds_everything_but_body_bytes() {
    let table = table();
    let packed = pack(&table).unwrap();
    let prefix = &packed.bytes[..packed.digest_len];
    assert!(prefix.windows(8).any(|w| w == b"csp-page"));
    assert!(prefix.windows(3).any(|w| w == b"\"a\""));
    assert!(!prefix.windows(8).any(|w| w == b"<p>a</p>"));
    // A body of the same length changes its ETag (the table's invariant),
    // and so the prefix.
    let mut changed = table.clone();
    changed.routes[2].identity = body(b"<p>b</p>", "\"b\"");
    let other = pack(&changed).unwrap();
    assert_ne!(&other.bytes[..other.digest_len], prefix);
}

#[test]
fn malformed_bytes_are_an_error_never_a_panic() {
    let packed = pack(&table()).unwrap().bytes;
    assert!(unpack(b"").is_err());
    assert!(unpack(b"PSPACK\x00\x01").is_err(), "another version");
    assert!(unpack(b"PSPACK\x00\x02").is_err(), "nothing after the name");
    // Every prefix cuts the last body short, at least.
    for len in 0..packed.len() {
        assert!(unpack(&packed[..len]).is_err(), "prefix of {len} bytes");
    }
    // Any one byte changed in the head and the records: an error, or a
    // table that still reads (a changed offset may land elsewhere), but
    // never a panic.
    for at in 8..packed.len() {
        for value in [0x00, 0x01, 0x7f, 0xff] {
            let mut bytes = packed.clone();
            bytes[at] = value;
            let _ = unpack(&bytes);
        }
    }
}

#[test]
fn unsorted_paths_are_refused() {
    let mut table = table();
    table.routes.swap(1, 2);
    assert!(unpack(&pack(&table).unwrap().bytes).is_err());
}
