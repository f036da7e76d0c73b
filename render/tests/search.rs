//! Search over small sites written here, as the build indexes them and
//! the server answers (the `search` crate on the index `build_site`
//! wrote, the results read back with scraper): the post about a word
//! ranked first, words marked in snippets, stems, phrases, tags, typos,
//! pages, the page of no result; the form in every page's header.

mod common;

use common::{body, inputs, post};
use render::build_site;
use scraper::{Html, Selector};

fn select(html: &str, css: &str) -> Vec<String> {
    Html::parse_fragment(html)
        .select(&Selector::parse(css).expect("a valid selector"))
        .map(|e| e.inner_html())
        .collect()
}

fn attrs(html: &str, css: &str, attr: &str) -> Vec<String> {
    Html::parse_fragment(html)
        .select(&Selector::parse(css).expect("a valid selector"))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// The results fragment for `query` on `page` of `site`.
fn results(site: &render::Site, query: &str, page: usize) -> String {
    let search = site.search.as_ref().expect("the build indexes the posts");
    let index = search::Index::open(&search.index).expect("the index opens");
    let parsed = search::parse(query).expect("a query within the bounds");
    let mut out = String::new();
    search::results(&index, query, &parsed, page, &mut out);
    out
}

/// The posts each result links to, in order.
fn found(site: &render::Site, query: &str) -> Vec<String> {
    attrs(&results(site, query, 1), ".search-title a", "href")
}

fn blog() -> render::Site {
    build_site(&inputs(vec![
        post(
            "kv-cache",
            "2026-03-01",
            "tags = [\"ml\"]\ndescription = \"Keeping attention's keys around.\"\n",
            "The KV cache stores keys and values. A cache that grows with the \
             context is the cache to watch.\n\n$$\\int_0^1 x\\,dx$$\n",
        ),
        post(
            "attention",
            "2026-02-01",
            "tags = [\"ml\"]\n",
            "Attention heads read keys. Caching comes up once.\n",
        ),
        post(
            "borrowing",
            "2026-01-01",
            "tags = [\"rust\"]\n",
            "The borrow checker keeps values and keys apart.\n\n\
             ```rust\nfn lookup_table() {}\n```\n",
        ),
    ]))
    .expect("the site builds")
}

#[test]
fn the_post_about_a_word_ranks_first_and_its_forms_find_it() {
    let site = blog();
    assert_eq!(
        found(&site, "cache"),
        ["/posts/kv-cache/", "/posts/attention/"]
    );
    assert_eq!(found(&site, "caches")[0], "/posts/kv-cache/");
    assert_eq!(found(&site, "Caching")[0], "/posts/kv-cache/");
    let page = results(&site, "cache", 1);
    assert_eq!(
        select(&page, ".search-summary"),
        ["2 posts match <q>cache</q>."]
    );
}

#[test]
fn snippets_show_the_body_with_the_words_found_marked() {
    let page = results(&blog(), "caching", 1);
    let snippets = select(&page, ".search-snippet");
    // The first post's snippet begins at its description.
    assert!(
        snippets[0].starts_with("Keeping attention's keys"),
        "{}",
        snippets[0]
    );
    assert!(
        snippets[0].contains("<mark>cache</mark>"),
        "{}",
        snippets[0]
    );
    assert!(
        snippets[1].contains("<mark>Caching</mark> comes up"),
        "{}",
        snippets[1]
    );
    // Display math is no text to find or show.
    assert!(!page.contains("int_0"), "{page}");
    assert!(found(&blog(), "int_0").is_empty());
    // Each result is headed by its title, date and tags.
    assert_eq!(
        attrs(&page, ".post-date a", "href")[0],
        "/tags/ml/",
        "{page}"
    );
    assert_eq!(select(&page, ".post-date time")[0], "1 March 2026");
}

#[test]
fn quoted_words_are_a_phrase() {
    let site = blog();
    assert_eq!(found(&site, "\"keys and values\""), ["/posts/kv-cache/"]);
    assert_eq!(found(&site, "\"values and keys\""), ["/posts/borrowing/"]);
    assert_eq!(found(&site, "keys values").len(), 2);
}

#[test]
fn a_tag_filters_the_results() {
    let site = blog();
    assert_eq!(found(&site, "keys tag:rust"), ["/posts/borrowing/"]);
    assert_eq!(found(&site, "tag:ml").len(), 2);
}

#[test]
fn one_typo_in_a_long_word_still_finds_it() {
    let site = blog();
    assert_eq!(found(&site, "atention")[0], "/posts/attention/");
    assert_eq!(
        found(&site, "chekcer"),
        Vec::<String>::new(),
        "two letters off"
    );
}

#[test]
fn code_is_found_below_prose() {
    let site = blog();
    assert_eq!(found(&site, "lookup_table"), ["/posts/borrowing/"]);
}

#[test]
fn many_results_come_in_pages_of_ten() {
    let posts = (1..=12)
        .map(|day| {
            post(
                &format!("p{day:02}"),
                &format!("2026-01-{day:02}"),
                "",
                "A needle in the hay.\n",
            )
        })
        .collect();
    let site = build_site(&inputs(posts)).unwrap();
    let first = results(&site, "needle", 1);
    assert_eq!(attrs(&first, ".search-title a", "href").len(), 10);
    assert!(first.contains("12 posts match"), "{first}");
    assert_eq!(
        attrs(&first, ".search-pages a[rel=next]", "href"),
        ["/search?q=needle&page=2"]
    );
    let second = results(&site, "needle", 2);
    assert_eq!(attrs(&second, ".search-title a", "href").len(), 2);
    assert_eq!(attrs(&second, "ol.search-results", "start"), ["11"]);
    assert_eq!(
        attrs(&second, ".search-pages a[rel=prev]", "href"),
        ["/search?q=needle"]
    );
}

#[test]
fn no_result_echoes_the_query_escaped_and_offers_the_tags() {
    let page = results(&blog(), "<b>zebra</b>", 1);
    assert!(
        page.contains("No post matches <q>&lt;b&gt;zebra&lt;/b&gt;</q>"),
        "{page}"
    );
    assert_eq!(
        attrs(&page, ".search-suggestions a", "href"),
        ["/search?q=tag:ml", "/search?q=tag:rust"]
    );
    assert_eq!(attrs(&page, "input[name=q]", "value"), ["<b>zebra</b>"]);
}

#[test]
fn every_page_has_the_search_form_and_the_results_page_its_slot() {
    let site = blog();
    let search = site.search.as_ref().unwrap();
    for route in site
        .routes
        .iter()
        .filter(|r| r.content_type.starts_with("text/html"))
    {
        let page = std::str::from_utf8(&route.body).unwrap();
        assert!(page.contains(&search.form), "{} has no form", route.path);
    }
    let form = &search.form;
    assert_eq!(attrs(form, "form[role=search]", "action"), ["/search"]);
    assert_eq!(attrs(form, "form[role=search]", "method"), ["get"]);
    assert_eq!(attrs(form, "input[type=search]", "name"), ["q"]);
    assert_eq!(attrs(form, "label", "for"), attrs(form, "input", "id"));
    assert_eq!(select(form, "button[type=submit]"), ["Search"]);
    let page = String::from_utf8(search.page.clone()).unwrap();
    assert_eq!(page.matches("<!-- results -->").count(), 1);
    assert!(page.contains("<h1 class=\"page-title\">Search</h1>"));
    assert!(body(&site, "/").contains("<form class=\"site-search\""));
}
