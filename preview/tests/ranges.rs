//! Range requests over real HTTP: the preview answers with the shipped
//! server's own `respond` and I/O shell over a site `render` built from
//! files on disk, so a file beside a post is served in parts exactly as
//! the binary serves it (the repository's site has no such file). What
//! `respond` decides for each kind of `Range` is tested on a fixture site
//! in `server/src/respond.rs`.

mod common;

use common::{Preview, Site, POST};

/// A post with a file beside it, `POST_DIR/run.bin`.
const POST_DIR: &str = "posts/with-data";
const FILE_URL: &str = "/posts/with-data/run.bin";

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request with `headers`.
fn fetch(preview: &Preview, method: &str, path: &str, headers: &[(&str, &str)]) -> Answer {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut request = ureq::http::Request::builder()
        .method(method)
        .uri(format!("http://{}{path}", preview.addr));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut response = agent
        .run(request.body(()).expect("a valid request"))
        .expect("the request completes");
    Answer {
        status: response.status().as_u16(),
        headers: response
            .headers()
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_string()))
            .collect(),
        body: response.body_mut().read_to_vec().expect("the body arrives"),
    }
}

/// 100,000 bytes no two runs of which repeat soon (a linear congruential
/// sequence), so a part in the wrong place cannot pass for the right one.
fn data() -> Vec<u8> {
    let mut state: u32 = 1;
    (0..100_000)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state >> 24) as u8
        })
        .collect()
}

/// The repository's site with its post taken out (a quicker build) and a
/// post that keeps `run.bin` beside it.
fn site() -> Site {
    let site = Site::copy("ranges");
    std::fs::remove_file(site.path(POST)).unwrap();
    std::fs::create_dir_all(site.path(POST_DIR)).unwrap();
    let post = "+++\ntitle = \"With data\"\ndate = 2026-12-01\n+++\n\n[The run](run.bin).\n";
    std::fs::write(site.path(&format!("{POST_DIR}/index.md")), post).unwrap();
    std::fs::write(site.path(&format!("{POST_DIR}/run.bin")), data()).unwrap();
    site
}

#[test]
fn a_file_beside_a_post_is_resumed_seeked_and_refused_past_its_end() {
    let site = site();
    let preview = Preview::start(&site);
    let data = data();
    let total = data.len();

    let whole = fetch(&preview, "GET", FILE_URL, &[]);
    assert_eq!(whole.status, 200);
    assert_eq!(whole.header("accept-ranges"), Some("bytes"));
    assert_eq!(whole.body, data);
    let etag = whole.header("etag").expect("an ETag").to_string();

    // A download cut after 40,000 bytes, resumed as `curl -C -` does:
    // the rest, only if the file is still the one it began.
    let first = fetch(&preview, "GET", FILE_URL, &[("range", "bytes=0-39999")]);
    assert_eq!(first.status, 206);
    assert_eq!(
        first.header("content-range"),
        Some(format!("bytes 0-39999/{total}").as_str())
    );
    assert_eq!(first.header("content-length"), Some("40000"));
    let rest = fetch(
        &preview,
        "GET",
        FILE_URL,
        &[("range", "bytes=40000-"), ("if-range", &etag)],
    );
    assert_eq!(rest.status, 206);
    assert_eq!(
        rest.header("content-range"),
        Some(format!("bytes 40000-{}/{total}", total - 1).as_str())
    );
    assert_eq!(rest.header("etag"), Some(etag.as_str()));
    assert_eq!([first.body, rest.body].concat(), data);

    // The last bytes, as a player seeking to the end asks.
    let tail = fetch(&preview, "GET", FILE_URL, &[("range", "bytes=-100")]);
    assert_eq!((tail.status, &tail.body[..]), (206, &data[total - 100..]));

    // A copy of another version: the whole file again, 200.
    let changed = fetch(
        &preview,
        "GET",
        FILE_URL,
        &[
            ("range", "bytes=40000-"),
            ("if-range", "\"an-older-version\""),
        ],
    );
    assert_eq!(changed.status, 200);
    assert_eq!(changed.body, data);

    // Past the end: 416, naming the length.
    let beyond = format!("bytes={total}-");
    let refused = fetch(&preview, "GET", FILE_URL, &[("range", &beyond)]);
    assert_eq!(refused.status, 416);
    assert_eq!(
        refused.header("content-range"),
        Some(format!("bytes */{total}").as_str())
    );
    assert!(refused.body.is_empty());

    // HEAD: the part's headers, no body.
    let head = fetch(&preview, "HEAD", FILE_URL, &[("range", "bytes=10-19")]);
    assert_eq!(head.status, 206);
    assert_eq!(head.header("content-length"), Some("10"));
    assert_eq!(
        head.header("content-range"),
        Some(format!("bytes 10-19/{total}").as_str())
    );
    assert!(head.body.is_empty());

    // A page is always sent whole.
    let page = fetch(
        &preview,
        "GET",
        "/posts/with-data/",
        &[("range", "bytes=0-9")],
    );
    assert_eq!(page.status, 200);
    assert_eq!(page.header("accept-ranges"), None);
    assert!(page.body.len() > 10);
}
