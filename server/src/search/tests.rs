//! `/search` through `respond`, on the fixture site's search of three
//! posts: statuses, headers, the page around the results, 304s, bounds.

use crate::respond::{respond, Body};
use crate::site::fixture;
use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::header::{
    HeaderName, CACHE_CONTROL, CONTENT_LENGTH, CONTENT_SECURITY_POLICY, CONTENT_TYPE, ETAG,
    IF_NONE_MATCH, X_CONTENT_TYPE_OPTIONS,
};
use hyper::{Method, Request, Response, StatusCode};

fn request(method: Method, uri: &str, headers: &[(HeaderName, &str)]) -> Response<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        builder = builder.header(name, *value);
    }
    respond(&fixture::site(), &builder.body(()).unwrap())
}

fn get(uri: &str) -> Response<Body> {
    request(Method::GET, uri, &[])
}

fn text(response: Response<Body>) -> String {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let bytes: Bytes = match runtime.block_on(response.into_body().collect()) {
        Ok(collected) => collected.to_bytes(),
        Err(never) => match never {},
    };
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn header(response: &Response<Body>, name: HeaderName) -> &str {
    response.headers().get(name).unwrap().to_str().unwrap()
}

#[test]
fn results_are_written_into_the_page_with_its_headers() {
    let response = get("/search?q=caching");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, CONTENT_TYPE), "text/html; charset=utf-8");
    assert_eq!(header(&response, CACHE_CONTROL), "no-cache");
    assert_eq!(
        header(&response, CONTENT_SECURITY_POLICY),
        fixture::PAGE_CSP
    );
    assert_eq!(header(&response, X_CONTENT_TYPE_OPTIONS), "nosniff");
    let length: usize = header(&response, CONTENT_LENGTH).parse().unwrap();
    let page = text(response);
    assert_eq!(page.len(), length);
    assert!(page.starts_with("<main>") && page.ends_with("</main>"));
    // Both posts with a form of "cache", the one about it first.
    let kv = page.find("<h2>KV</h2>").unwrap();
    let shell = page.find("<h2>Shell</h2>").unwrap();
    assert!(kv < shell, "{page}");
    assert!(!page.contains("<h2>Norms</h2>"));
    assert!(
        page.contains("<mark>Caching</mark> keys &amp; &lt;values&gt;."),
        "{page}"
    );
    assert!(page.contains("2 posts match <q>caching</q>"), "{page}");
}

#[test]
fn the_query_is_escaped_wherever_it_is_written_back() {
    let page = text(get("/search?q=%3Cscript%3E%22%27x"));
    assert!(!page.contains("<script>"), "{page}");
    assert!(
        page.contains("value=\"&lt;script&gt;&quot;&#39;x\""),
        "{page}"
    );
    assert!(
        page.contains("No post matches <q>&lt;script&gt;&quot;&#39;x</q>"),
        "{page}"
    );
    assert!(page.contains("<p>tags</p>"), "the suggestions: {page}");
}

#[test]
fn head_sends_the_headers_of_get_and_no_body() {
    let get = get("/search?q=layers+norms");
    let head = request(Method::HEAD, "/search?q=layers+norms", &[]);
    assert_eq!(head.status(), StatusCode::OK);
    assert_eq!(header(&head, CONTENT_LENGTH), header(&get, CONTENT_LENGTH));
    assert_eq!(header(&head, ETAG), header(&get, ETAG));
    assert_eq!(text(head), "");
}

#[test]
fn the_etag_names_the_site_and_the_query_and_gets_a_304() {
    let etag = header(&get("/search?q=cache"), ETAG).to_string();
    assert!(etag.starts_with("\"0123abcd-"), "{etag}");
    assert_ne!(etag, header(&get("/search?q=cache&page=2"), ETAG));
    assert_ne!(etag, header(&get("/search?q=caches"), ETAG));
    let again = request(Method::GET, "/search?q=cache", &[(IF_NONE_MATCH, &etag)]);
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(&again, ETAG), etag);
    assert_eq!(header(&again, CONTENT_SECURITY_POLICY), fixture::PAGE_CSP);
    assert_eq!(text(again), "");
}

#[test]
fn past_the_bounds_a_page_says_why_with_a_4xx() {
    let long = "a".repeat(search::LONGEST_QUERY + 1);
    let too_long = get(&format!("/search?q={long}"));
    assert_eq!(too_long.status(), StatusCode::URI_TOO_LONG);
    assert_eq!(header(&too_long, CACHE_CONTROL), "no-store");
    assert!(text(too_long).contains("too long"));
    let encoded = "%41".repeat(search::LONGEST_QUERY * 2);
    assert_eq!(
        get(&format!("/search?q={encoded}")).status(),
        StatusCode::URI_TOO_LONG
    );
    let many = ["word"; search::MOST_TERMS + 1].join("+");
    let too_many = get(&format!("/search?q={many}"));
    assert_eq!(too_many.status(), StatusCode::BAD_REQUEST);
    assert!(text(too_many).contains("too many words"));
    for bad in ["q=a&page=0", "q=a&page=x", "q=a&page=51", "q=%zz", "q=%ff"] {
        let response = get(&format!("/search?{bad}"));
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(
            header(&response, CONTENT_SECURITY_POLICY),
            fixture::PAGE_CSP
        );
    }
}

#[test]
fn an_empty_query_is_a_page_that_says_what_to_type() {
    for uri in ["/search", "/search?q=", "/search?q=+++"] {
        let response = get(uri);
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        assert!(text(response).contains("Type a word or two"), "{uri}");
    }
}

#[test]
fn other_methods_are_refused_as_everywhere() {
    let post = request(Method::POST, "/search?q=cache", &[]);
    assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
}
