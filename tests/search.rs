//! Search answered by the real binary over HTTP, on the repository's
//! posts: the page of results in the site's design (its stylesheet and
//! header, its own policy), the expected post first with its words
//! marked, phrases, tags and typos; HEAD, the ETag and 304; a 4xx page
//! past each bound; the form in every page's header. (Ranking on small
//! sites written for it: render/tests/search.rs.)

mod common;

use common::{client, get, Server};
use scraper::{Html, Selector};

/// The longest query answered, in bytes (`search::LONGEST_QUERY`; the
/// shipped binary's crates are no dependency of its tests).
const LONGEST_QUERY: usize = 200;

/// The inner HTML of each element `css` selects.
fn select(html: &str, css: &str) -> Vec<String> {
    Html::parse_document(html)
        .select(&Selector::parse(css).unwrap())
        .map(|e| e.inner_html())
        .collect()
}

/// The `attr` of each element `css` selects.
fn attrs(html: &str, css: &str, attr: &str) -> Vec<String> {
    Html::parse_document(html)
        .select(&Selector::parse(css).unwrap())
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

fn found(server: &Server, query: &str) -> Vec<String> {
    let (status, _, page) = get(&server.url(&format!("/search?q={query}")));
    assert_eq!(status, 200, "{query}");
    attrs(&page, ".search-title a", "href")
}

#[test]
fn a_search_is_a_page_of_the_site_with_the_post_first_and_its_words_marked() {
    let server = Server::start();
    let mut response = client()
        .get(server.url("/search?q=typography"))
        .call()
        .unwrap();
    assert_eq!(response.status(), 200);
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    assert_eq!(header("content-type"), "text/html; charset=utf-8");
    assert_eq!(header("cache-control"), "no-cache");
    assert_eq!(header("x-content-type-options"), "nosniff");
    let csp = header("content-security-policy");
    assert!(csp.contains("form-action 'self'"), "{csp}");
    assert!(
        csp.starts_with("default-src 'none'; style-src 'self' 'sha256-"),
        "{csp}"
    );
    assert!(header("etag").starts_with('"'));
    let page = response.body_mut().read_to_string().unwrap();
    // The site's page: its header with the form, its footer.
    assert_eq!(
        attrs(&page, "header.masthead form[role=search]", "action"),
        ["/search"]
    );
    assert_eq!(select(&page, "footer.colophon").len(), 1);
    assert_eq!(select(&page, "h1.page-title"), ["Search"]);
    let posts = attrs(&page, ".search-title a", "href");
    assert_eq!(posts[0], "/posts/do-i-dare/");
    let snippet = &select(&page, ".search-snippet")[0];
    assert!(snippet.contains("<mark>typography</mark>"), "{snippet}");
    assert!(select(&page, "script").is_empty());
}

#[test]
fn stems_phrases_tags_and_typos_find_the_posts() {
    let server = Server::start();
    assert_eq!(found(&server, "typographic")[0], "/posts/do-i-dare/");
    assert_eq!(found(&server, "%22the+RSS+feed%22"), ["/posts/do-i-dare/"]);
    assert_eq!(found(&server, "%22feed+RSS+the%22"), Vec::<String>::new());
    assert_eq!(
        found(&server, "tag:performance"),
        ["/posts/forty-three-microseconds/"]
    );
    assert_eq!(
        found(&server, "microsecnds"),
        ["/posts/forty-three-microseconds/"]
    );
    let (_, _, none) = get(&server.url("/search?q=zzyzx+%3Ci%3E"));
    assert!(
        none.contains("No post matches <q>zzyzx &lt;i&gt;</q>"),
        "{none:.3000}"
    );
    assert!(!attrs(&none, ".search-suggestions a", "href").is_empty());
}

#[test]
fn head_etag_and_304_work_as_for_every_page() {
    let server = Server::start();
    let url = server.url("/search?q=cache");
    let get = client().get(&url).call().unwrap();
    let etag = get.headers()["etag"].to_str().unwrap().to_string();
    let length = get.headers()["content-length"]
        .to_str()
        .unwrap()
        .to_string();
    let mut head = client().head(&url).call().unwrap();
    assert_eq!(head.status(), 200);
    assert_eq!(head.headers()["etag"], etag.as_str());
    assert_eq!(head.headers()["content-length"], length.as_str());
    assert_eq!(head.body_mut().read_to_string().unwrap(), "");
    let again = client()
        .get(&url)
        .header("if-none-match", &etag)
        .call()
        .unwrap();
    assert_eq!(again.status(), 304);
    let other = client().get(server.url("/search?q=caches")).call().unwrap();
    assert_ne!(other.headers()["etag"], etag.as_str());
}

#[test]
fn past_each_bound_a_page_says_why() {
    let server = Server::start();
    let long = "a".repeat(LONGEST_QUERY + 1);
    let (status, _, page) = get(&server.url(&format!("/search?q={long}")));
    assert_eq!(status, 414);
    assert!(page.contains("too long"), "{page:.3000}");
    let (status, _, page) = get(&server.url(&format!("/search?q={}", "w+".repeat(11))));
    assert_eq!(status, 400);
    assert!(page.contains("too many words"));
    let (status, _, _) = get(&server.url("/search?q=a&page=0"));
    assert_eq!(status, 400);
}

#[test]
fn every_page_holds_the_search_form() {
    let server = Server::start();
    for (path, body) in common::routes() {
        if !path.ends_with('/') {
            continue;
        }
        let page = String::from_utf8(body).unwrap();
        assert_eq!(
            attrs(&page, "header form[role=search] input[type=search]", "name"),
            ["q"],
            "{path}"
        );
        let (status, _, _) = get(&server.url(&path));
        assert_eq!(status, 200);
    }
}
