//! Property tests of the build on posts proptest makes up: front matter
//! and markdown from arbitrary text (`$`, backticks, HTML, footnote and
//! link syntax, unicode, very long lines, `+++` lines) and arbitrary
//! formulas for KaTeX, through `build_site` as build.rs calls it. The
//! build never panics and never hangs: each post gets its page, or the
//! build fails with lines of the form `posts/NAME.md:LINE: …`, LINE within
//! the file; warnings have the same form.
//!
//! Each build takes a tenth of a second or so in a debug build, so
//! `cargo test` runs few cases (`config`); `PROPTEST_CASES` asks for more
//! (`scripts/proptest-long.sh`). Failures found become named tests in
//! `build_site.rs`.

mod common;

use common::{inputs, source};
use proptest::prelude::*;
use proptest::test_runner::Config;
use render::{build_site, Source};
use std::time::{Duration, Instant};

/// Longest a build of a post or two may take, whatever they hold: each
/// formula is bounded (five seconds, `content/math_bound.rs`), the rest
/// takes milliseconds.
const BUILD_BOUND: Duration = Duration::from_secs(30);

/// `cases` per property, unless `PROPTEST_CASES` asks for another number.
fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        ..Config::default()
    }
}

/// Markdown made of the syntax that matters and any text between.
fn markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(vec![
            "$", "$$", "\\$", "`", "```", "```rust\n", "~~~", "\n```\n", "<div>", "</div>",
            "<span style=\"color:red\">", "<script>x</script>", "<!--", "-->", "&amp;", "&#0;",
            "[^1]", "[^1]: a note\n", "[^", "[a](", "[a](/posts/nowhere/)", "[a](#x)", "[x]",
            "[x]: /\n", "<https://x.example>", "![i](", "+++", "\n+++\n", "---", "\n---\n",
            "# ", "\n## ", "* ", "1. ", "> ", "|a|b|\n|-|-|\n", "\n", "\n\n", "    ", "\t",
            "\\frac{", "}", "{", "\\", "^", "_", "*", "**", "~~", "\"", "'", "\r", "\r\n",
        ]).prop_map(String::from),
        3 => any::<String>(),
        2 => "[a-z .,]{1,20}",
        1 => (1usize..20_000).prop_map(|n| "word ".repeat(n / 5)),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

/// Front matter: well formed with any title, or lines that may be
/// anything a writer could type between the `+++` lines.
fn front_matter() -> impl Strategy<Value = (String, bool)> {
    let well_formed = any::<String>().prop_map(|title| {
        let title = toml::Value::String(title).to_string();
        (format!("title = {title}\ndate = 2026-01-01\n"), true)
    });
    let line = prop_oneof![
        prop::sample::select(vec![
            "title = \"t\"",
            "date = 2026-01-01",
            "date = 2026-13-01",
            "updated = 2025-01-01",
            "tags = [",
            "tags = [\"a\", \"b\"]",
            "draft = true",
            "slug = \"../x\"",
            "slug = \"x\"",
            "description = \"\"\"",
            "subtitle = 1",
            "+++",
            "---",
            "",
        ])
        .prop_map(String::from),
        any::<String>(),
    ];
    let lines =
        prop::collection::vec(line, 0..8).prop_map(|lines| (lines.join("\n") + "\n", false));
    prop_oneof![well_formed, lines]
}

/// A formula for KaTeX: commands, groups, macros and any characters.
fn formula() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(vec![
            "\\frac", "{", "}", "^", "_", "\\sqrt", "\\left(", "\\right)", "\\def\\a{",
            "\\a", "\\a\\a", "\\newcommand{\\b}[1]{#1#1}", "\\b", "\\begin{matrix}", "&",
            "\\\\", "\\end{matrix}", "\\text{", "\\mathbb{R}", "\\over", "\\rule{1em}{1em}",
            "\\kern-1000em", "\\color{red}", "\\href{x}{y}", "\\includegraphics{x}", "\\verb|",
            "x", "2", " ", "\n", "\\operatorname{", "\\char", "\\htmlClass{a}{b}",
        ]).prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 1..30).prop_map(|pieces| pieces.concat())
}

/// Builds `posts` and checks what the build promises of them; `named`
/// lists the posts whose page must exist when the build succeeds.
fn check_build(posts: Vec<Source<String>>, named: &[&str]) {
    let lines: Vec<(String, usize)> = posts
        .iter()
        .map(|p| (p.path.clone(), p.content.lines().count().max(1)))
        .collect();
    let lines_of = |path: &str| lines.iter().find(|(p, _)| p == path).map(|(_, n)| *n);
    let inputs = inputs(posts);
    let start = Instant::now();
    let result = build_site(&inputs);
    let took = start.elapsed();
    assert!(took < BUILD_BOUND, "the build took {took:?}");
    let placed = |line: &str| {
        let mut parts = line.splitn(3, ':');
        let (Some(path), Some(number), Some(_)) = (parts.next(), parts.next(), parts.next()) else {
            return false;
        };
        let number: usize = number.parse().unwrap_or(0);
        lines_of(path).is_some_and(|lines| (1..=lines).contains(&number))
    };
    match result {
        Ok(site) => {
            for warning in &site.warnings {
                assert!(placed(warning), "warning not placed in a post: {warning}");
            }
            for name in named {
                let page = format!("/posts/{name}/");
                assert!(site.routes.iter().any(|r| r.path == page), "no page {page}");
            }
        }
        Err(error) => {
            let error = error.to_string();
            for line in error.lines() {
                assert!(
                    placed(line),
                    "error line not placed in a post: {line:?} in {error:?}"
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn any_post_builds_or_fails_with_its_file_and_line(
        (front, well_formed) in front_matter(),
        body in markdown(),
        other in markdown(),
    ) {
        let posts = vec![
            Source { path: "posts/p.md".into(), content: format!("+++\n{front}+++\n{body}") },
            source("posts/q.md", "q", "2026-01-02", "", &other),
        ];
        let named: &[&str] = if well_formed { &["p", "q"] } else { &["q"] };
        check_build(posts, named);
    }

    #[test]
    fn any_formula_renders_or_fails_with_its_file_and_line(
        formula in formula(),
        display in any::<bool>(),
    ) {
        let body = if display { format!("\n$$\n{formula}\n$$\n") } else { format!("Text ${formula}$ text.\n") };
        check_build(vec![source("posts/m.md", "m", "2026-01-01", "", &body)], &[]);
    }
}

// Failures the properties found, each pinned by its smallest input.

/// 2 KB whose macros stay within KaTeX's `maxExpand` yet expand to 1.6
/// million tokens: KaTeX worked on it for minutes and gigabytes.
#[test]
fn a_formula_whose_macros_expand_to_millions_of_tokens_fails_within_the_bound() {
    let x = "x".repeat(2000);
    let tex = format!(
        r"\def\a{{{x}}}\def\b{{\a\a\a\a\a\a\a\a\a\a}}\def\c{{\b\b\b\b\b\b\b\b\b\b}}\c\c\c\c\c\c\c\c"
    );
    let posts = vec![source(
        "posts/a.md",
        "a",
        "2026-01-01",
        "",
        &format!("\n$$\n{tex}\n$$\n"),
    )];
    let start = Instant::now();
    let error = common::error(&inputs(posts));
    assert!(start.elapsed() < BUILD_BOUND, "{:?}", start.elapsed());
    assert!(
        error.starts_with("posts/a.md:6: KaTeX: KaTeX gave up after 5 s"),
        "{error}"
    );
}

/// A reference whose label runs past its line (`[^` then a code fence)
/// made an error of several lines, which broke the one-line-per-error
/// report.
#[test]
fn an_undefined_footnote_across_lines_is_one_error_line() {
    let posts = vec![source(
        "posts/q.md",
        "q",
        "2026-01-01",
        "",
        "[x]: /\n-->[^```rust\n",
    )];
    let error = common::error(&inputs(posts));
    assert_eq!(
        error,
        "posts/q.md:6: footnote [^```rust] has no definition (`[^```rust]: …`)"
    );
}
