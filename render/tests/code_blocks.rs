//! Code blocks as their fences ask (Zola's options): small sites built in
//! memory, their pages and feed read back with scraper and feed-rs. Line
//! numbers, highlighted lines, a file name, diffs in a language, lines
//! that stay whole where a comment spans them, the feed's plain blocks,
//! and the `file:line` error of every wrong option.

mod common;

use common::{body, error, inputs, post};
use render::build_site;
use scraper::{ElementRef, Html, Selector};

/// The post's page and its feed entry, for one post whose body is `body`.
fn built(body_md: &str) -> (Html, Html) {
    let site = build_site(&inputs(vec![post("a", "2026-01-01", "", body_md)])).unwrap();
    let page = Html::parse_document(&body(&site, "/posts/a/"));
    let feed = feed_rs::parser::parse(body(&site, "/feed.xml").as_bytes()).unwrap();
    let content = feed.entries[0]
        .content
        .as_ref()
        .unwrap()
        .body
        .clone()
        .unwrap();
    (page, Html::parse_fragment(&content))
}

fn select<'h>(html: &'h Html, css: &str) -> Vec<ElementRef<'h>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

fn text(element: &ElementRef) -> String {
    element.text().collect()
}

/// `code` in a fence with `info`, after a line of prose.
fn fenced(info: &str, code: &str) -> String {
    format!("Prose.\n\n```{info}\n{code}```\n")
}

const RUST: &str = "fn main() {\n    let a = 1;\n    let b = 2;\n    println!(\"{}\", a + b);\n}\n";

#[test]
fn linenos_numbers_each_line_in_its_own_element_and_copies_only_the_code() {
    let (page, _) = built(&fenced("rust,linenos", RUST));
    let pre = &select(&page, "pre.code.lines.numbered")[0];
    let lines = select(&page, "pre.numbered > code > .line");
    assert_eq!(lines.len(), RUST.lines().count());
    let numbers: Vec<&str> = lines.iter().map(|l| l.attr("data-line").unwrap()).collect();
    assert_eq!(numbers, ["1", "2", "3", "4", "5"]);
    for (line, source) in lines.iter().zip(RUST.lines()) {
        assert_eq!(text(line), source);
    }
    // The numbers are no text of the page: what a reader selects is the code.
    assert_eq!(text(pre), RUST);
    assert!(
        !select(&page, "pre.numbered .hl-keyword").is_empty(),
        "still highlighted"
    );
}

#[test]
fn numbers_start_where_linenostart_says_and_align_right_while_hl_lines_counts_from_one() {
    let code: String = (1..=4).map(|i| format!("x{i}\n")).collect();
    let (page, _) = built(&fenced("python,linenos,linenostart=98,hl_lines=3", &code));
    let numbers: Vec<String> = select(&page, ".line")
        .iter()
        .map(|l| l.attr("data-line").unwrap().to_string())
        .collect();
    assert_eq!(numbers, [" 98", " 99", "100", "101"]);
    // hl_lines counts from the block's first line, as in Zola.
    let marked = select(&page, "mark.line");
    assert_eq!(marked.len(), 1);
    assert_eq!(marked[0].attr("data-line"), Some("100"));
}

#[test]
fn hl_lines_marks_exactly_those_lines() {
    let (page, _) = built(&fenced("rust,hl_lines=1 3-4", RUST));
    let lines = select(&page, "pre.lines > code > .line");
    let marked: Vec<bool> = lines.iter().map(|l| l.value().name() == "mark").collect();
    assert_eq!(marked, [true, false, true, true, false]);
    assert!(
        select(&page, "pre.numbered").is_empty(),
        "no numbers unless asked"
    );
    assert!(lines.iter().all(|l| l.attr("data-line").is_none()));
}

#[test]
fn name_is_a_caption_above_the_block_and_a_line_above_it_in_the_feed() {
    let (page, feed) = built(&fenced("rust,name=src/main.rs", RUST));
    let figure = &select(&page, "figure.code-figure")[0];
    let caption = &select(&page, "figure.code-figure > figcaption.code-name > code")[0];
    assert_eq!(text(caption), "src/main.rs");
    let children: Vec<&str> = figure
        .children()
        .filter_map(ElementRef::wrap)
        .map(|e| e.value().name())
        .collect();
    assert_eq!(children, ["figcaption", "pre"]);
    // A name alone keeps the plain block.
    assert!(select(&page, "pre.lines").is_empty());

    let caption = &select(&feed, "figure > figcaption > code")[0];
    assert_eq!(text(caption), "src/main.rs");
    assert_eq!(text(&select(&feed, "figure > pre > code")[0]), RUST);
}

const DIFF: &str = "fn total(a: u32) -> u32 {\n-    a + 1\n+    a + 2\n }\n";

#[test]
fn diff_in_a_language_marks_added_and_removed_lines_and_highlights_the_rest() {
    let (page, feed) = built(&fenced("diff-rust", DIFF));
    let lines = select(&page, "pre.lines > code.language-diff-rust > .line");
    let classes: Vec<String> = lines
        .iter()
        .map(|l| l.value().classes().filter(|c| *c != "line").collect())
        .collect();
    assert_eq!(classes, ["", "removed", "added", ""]);
    // The markers stay in the text; the code after them is rust.
    for (line, source) in lines.iter().zip(DIFF.lines()) {
        assert_eq!(text(line), source);
    }
    assert!(
        lines[0].inner_html().contains("hl-rust"),
        "{}",
        lines[0].inner_html()
    );
    assert!(
        lines[2].inner_html().contains("hl-numeric")
            || lines[2].inner_html().contains("hl-constant"),
        "the added line's number is highlighted as rust: {}",
        lines[2].inner_html()
    );
    // The feed keeps the diff as text.
    assert_eq!(text(&select(&feed, "pre > code")[0]), DIFF);
    // A plain diff fence is not split into lines.
    let (page, _) = built(&fenced("diff", DIFF));
    assert!(select(&page, "pre.lines").is_empty());
    assert!(!select(&page, "code.language-diff .hl-diff").is_empty());
}

#[test]
fn a_comment_across_lines_stays_well_formed_in_each_line() {
    let code = "let a = 1; /* one\n   two <b>\n   three */ let c = \"x\n  y\";\nlet d = 4;\n";
    let (page, _) = built(&fenced("rust,linenos,hl_lines=2", code));
    let lines = select(&page, "pre.numbered > code > .line");
    assert_eq!(lines.len(), 5);
    for (line, source) in lines.iter().zip(code.lines()) {
        // Each line is exactly its own text: no span ran on into the next.
        assert_eq!(text(line), source);
        let html = line.inner_html();
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count(),
            "{html}"
        );
    }
    // The comment is still a comment on the lines it continues on, and the
    // string on its second line.
    assert!(!select(&page, "mark.line .hl-comment").is_empty());
    assert!(
        lines[3].inner_html().contains("hl-string"),
        "{}",
        lines[3].inner_html()
    );
    assert!(
        !lines[4].inner_html().contains("hl-string"),
        "{}",
        lines[4].inner_html()
    );
}

#[test]
fn the_feed_gets_plain_blocks_without_numbers_or_marks() {
    let (_, feed) = built(&fenced("rust,linenos,hl_lines=2,name=src/main.rs", RUST));
    let html = feed.root_element().html();
    assert_eq!(text(&select(&feed, "figure > pre > code")[0]), RUST);
    for absent in ["data-line", "<mark", "class=", "<span"] {
        assert!(!html.contains(absent), "{absent} in the feed: {html}");
    }
}

#[test]
fn every_wrong_option_fails_the_build_at_its_fence_s_line() {
    for (info, message) in [
        ("rust,ignore", "unknown code block option `ignore`"),
        (
            "rust,hl_lines=two",
            "`hl_lines`: `two` is not a line number",
        ),
        ("rust,hl_lines=0", "`hl_lines`: lines count from 1, not 0"),
        (
            "rust,hl_lines=4-2",
            "`hl_lines`: `4-2` runs backwards (write `2-4`)",
        ),
        (
            "rust,hl_lines=6",
            "`hl_lines`: line 6 is past the block's last line (5)",
        ),
        (
            "rust,linenos,linenostart=-1",
            "`linenostart=-1`: not a line number",
        ),
        ("rust,name=", "code block option `name` needs a value"),
    ] {
        let err = error(&inputs(vec![post(
            "a",
            "2026-01-01",
            "",
            &fenced(info, RUST),
        )]));
        // The post's body starts on line 5; the fence is its third line.
        assert!(
            err.starts_with(&format!("posts/a.md:7: {message}")),
            "{info}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}

#[test]
fn every_wrong_fence_of_every_post_is_reported_at_once_in_order() {
    let two = format!(
        "{}\n{}",
        fenced("rust,hl_lines=9", RUST),
        fenced("python,wide,linenostart=2", "x\n")
    );
    let err = error(&inputs(vec![
        post("b", "2026-01-01", "", &two),
        post("a", "2026-01-02", "", &fenced("sh,nope", "ls\n")),
    ]));
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 4, "{err}");
    assert!(
        lines[0].starts_with("posts/a.md:7: unknown code block option `nope`"),
        "{err}"
    );
    assert!(
        lines[1].starts_with("posts/b.md:7: `hl_lines`: line 9"),
        "{err}"
    );
    assert!(
        lines[2].starts_with("posts/b.md:17: unknown code block option `wide`"),
        "{err}"
    );
    assert!(
        lines[3].starts_with("posts/b.md:17: `linenostart` without `linenos`"),
        "{err}"
    );
}

#[test]
fn an_unknown_language_with_options_is_still_a_warning_and_plain_lines() {
    let site = build_site(&inputs(vec![post(
        "a",
        "2026-01-01",
        "",
        &fenced("diff-cobol,linenos", "+ADD 1 TO X\n-ADD 2 TO X\n"),
    )]))
    .unwrap();
    assert_eq!(
        site.warnings,
        ["posts/a.md:7: unknown code language \"cobol\": shown as plain text"]
    );
    let page = Html::parse_document(&body(&site, "/posts/a/"));
    let lines = select(&page, "pre.numbered .line");
    assert_eq!(text(&lines[0]), "+ADD 1 TO X");
    assert!(lines[1].value().classes().any(|c| c == "removed"));
}
