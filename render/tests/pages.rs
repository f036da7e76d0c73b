//! The pages a reader browses: tag pages and their index, the home page by
//! year once there are many posts, reading time, footnotes, drafts.

mod common;

use common::{body, error, inputs, post};
use render::build_site;
use scraper::{Html, Selector};

fn texts(html: &str, css: &str) -> Vec<String> {
    Html::parse_document(html)
        .select(&Selector::parse(css).expect("a valid selector"))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

fn hrefs(html: &str, css: &str) -> Vec<String> {
    Html::parse_document(html)
        .select(&Selector::parse(css).expect("a valid selector"))
        .filter_map(|e| e.value().attr("href").map(str::to_string))
        .collect()
}

#[test]
fn tags_have_pages_an_index_and_links_from_posts() {
    let site = build_site(&inputs(vec![
        post("a", "2026-01-02", "tags = [\"rust\", \"ml-infra\"]\n", ""),
        post("b", "2025-05-06", "tags = [\"rust\"]\n", ""),
        post("c", "2025-05-07", "", ""),
    ]))
    .unwrap();
    assert_eq!(
        hrefs(&body(&site, "/posts/a/"), "ul.tags a"),
        ["/tags/rust/", "/tags/ml-infra/"]
    );
    assert_eq!(
        hrefs(&body(&site, "/tags/rust/"), ".post-list a"),
        ["/posts/a/", "/posts/b/"]
    );
    assert_eq!(
        hrefs(&body(&site, "/tags/ml-infra/"), ".post-list a"),
        ["/posts/a/"]
    );
    let index = body(&site, "/tags/");
    assert_eq!(
        hrefs(&index, ".tag-index a"),
        ["/tags/ml-infra/", "/tags/rust/"]
    );
    assert_eq!(texts(&index, ".tag-index li"), ["ml-infra (1)", "rust (2)"]);
}

#[test]
fn home_groups_posts_by_year_only_when_there_are_many() {
    let few: Vec<_> = (1..=3)
        .map(|i| post(&format!("p{i}"), &format!("202{i}-01-01"), "", ""))
        .collect();
    let home = body(&build_site(&inputs(few)).unwrap(), "/");
    assert!(texts(&home, "h2.year-heading").is_empty());
    assert_eq!(texts(&home, ".post-list h2").len(), 3);

    let many: Vec<_> = (1..=12)
        .map(|i| {
            post(
                &format!("p{i}"),
                &format!("{}-0{}-01", 2024 + i % 2, 1 + i % 9),
                "",
                "",
            )
        })
        .collect();
    let home = body(&build_site(&inputs(many)).unwrap(), "/");
    assert_eq!(texts(&home, "h2.year-heading"), ["2025", "2024"]);
    assert_eq!(texts(&home, "section.year .post-list h3").len(), 12);
}

#[test]
fn reading_time_counts_prose_at_230_words_a_minute() {
    let prose = "word ".repeat(690);
    let code = format!("```\n{}\n```\n", "code ".repeat(5000));
    let site = build_site(&inputs(vec![post(
        "a",
        "2026-01-02",
        "",
        &format!("{prose}\n\n{code}"),
    )]))
    .unwrap();
    let date = texts(&body(&site, "/posts/a/"), ".post-header .post-date");
    assert!(date[0].ends_with(" · 3 min read"), "{date:?}");
}

#[test]
fn footnotes_are_listed_at_the_end_with_links_back() {
    let site = build_site(&inputs(vec![post(
        "a",
        "2026-01-02",
        "",
        "One[^x] and two[^y].\n\n[^y]: Second.\n\n[^x]: First.\n\nLast paragraph.\n",
    )]))
    .unwrap();
    let page = body(&site, "/posts/a/");
    assert_eq!(hrefs(&page, "sup.footnote-ref a"), ["#fn-1", "#fn-2"]);
    assert_eq!(
        texts(&page, ".post-body > section.footnotes li"),
        ["First. ↩", "Second. ↩"]
    );
    assert_eq!(
        hrefs(&page, "section.footnotes li a"),
        ["#fnref-1", "#fnref-2"]
    );
    let last = page.find("Last paragraph").unwrap();
    assert!(page.find("section class=\"footnotes\"").unwrap() > last);
}

#[test]
fn a_missing_footnote_fails_the_build_with_file_and_line() {
    let site = inputs(vec![post("a", "2026-01-02", "", "\nSee[^nope].\n")]);
    assert_eq!(
        error(&site),
        "posts/a.md:6: footnote [^nope] has no definition (`[^nope]: …`)"
    );
}

#[test]
fn a_page_with_math_carries_the_rules_for_its_own_katex_classes_only() {
    let site = build_site(&inputs(vec![
        post("a", "2026-01-02", "", "$x^2$\n"),
        post("b", "2026-01-03", "", "$$\\int_0^1 \\frac{a}{b}\\,dx$$\n"),
        post("c", "2026-01-04", "", "No math.\n"),
    ]))
    .unwrap();
    let rules = |path: &str| -> Vec<String> {
        let page = body(&site, path);
        let used: Vec<String> = Html::parse_document(&page)
            .select(&Selector::parse("[class]").expect("a valid selector"))
            .flat_map(|e| e.value().classes().map(str::to_string).collect::<Vec<_>>())
            .filter(|c| c.starts_with("k-"))
            .collect();
        let styles = texts(&page, "head style");
        let defined: Vec<String> = styles
            .iter()
            .flat_map(|s| s.lines())
            .filter_map(|l| l.strip_prefix('.')?.split('{').next().map(str::to_string))
            .filter(|c| c.starts_with("k-"))
            .collect();
        for class in &used {
            assert!(defined.contains(class), "{path}: {class} has a rule");
        }
        for class in &defined {
            assert!(used.contains(class), "{path}: {class} is used");
        }
        defined
    };
    let (a, b) = (rules("/posts/a/"), rules("/posts/b/"));
    assert!(!a.is_empty() && !b.is_empty());
    assert_ne!(a, b);
    assert!(rules("/posts/c/").is_empty());
    assert_eq!(
        texts(&body(&site, "/posts/c/"), "head style").len(),
        1,
        "no KaTeX stylesheet"
    );
}
