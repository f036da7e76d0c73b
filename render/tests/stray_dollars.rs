//! A formula pulldown-cmark did not take as math (issue 13): every `$`
//! left in text that opens TeX fails the build with `file:line`, every one
//! of them in one build, from every post; dollar amounts, shell variables,
//! `\$`, code and formulas that are math build.

mod common;

use common::{error, inputs, post};
use render::build_site;

/// The `file:line` of each line of a build's error.
fn places(error: &str) -> Vec<&str> {
    error
        .lines()
        .map(|line| {
            let end = line
                .match_indices(':')
                .nth(1)
                .map_or(line.len(), |(i, _)| i);
            &line[..end]
        })
        .collect()
}

#[test]
fn each_kind_of_stray_dollar_names_its_file_and_line() {
    // The body starts on line 5 of the file.
    for (body, line) in [
        ("Braces: $\\sqrt{x^2 here.\n", 5),
        ("\nA price closes nothing: $x^2 for $5.\n", 6),
        ("\n\nDisplay:\n\n$$\n\\frac{1}{2\n", 9),
        ("Heading\n\n## Loss $L_\\theta$ and $\\sqrt{x\n", 7),
        ("| a |\n|---|\n| $x^{2 |\n", 7),
        ("Note[^n].\n\n[^n]: In a note, $\\frac{a}{b.\n", 7),
        ("A [link $\\alpha](#x) and more.\n", 5),
        ("Past a formula: $2^{10 ok $x$.\n", 5),
        ("At the end of a paragraph: $x_1\n", 5),
    ] {
        let err = error(&inputs(vec![post("a", "2026-01-01", "", body)]));
        assert_eq!(
            places(&err),
            [format!("posts/a.md:{line}")],
            "{body:?}: {err}"
        );
        assert!(
            err.contains("looks like a formula but is not math"),
            "{err}"
        );
    }
}

#[test]
fn every_stray_dollar_of_every_post_in_one_build_sorted_by_file_and_line() {
    let site = inputs(vec![
        post(
            "b",
            "2026-01-02",
            "",
            "One $\\sqrt{a and $5, $\\sqrt{b.\n\nFine $5.\n\nThen $$\\sum_i x_i\n",
        ),
        post("a", "2026-01-01", "", "\n\nThe loss $L_{\\theta.\n"),
        post("c", "2026-01-03", "", "Nothing wrong: $x^2$.\n"),
    ]);
    let err = error(&site);
    assert_eq!(
        places(&err),
        [
            "posts/a.md:7",
            "posts/b.md:5",
            "posts/b.md:5",
            "posts/b.md:9"
        ],
        "{err}"
    );
    assert!(err.contains("`$$\\sum_i x_i`"), "{err}");
}

#[test]
fn dollar_amounts_escapes_code_and_math_build() {
    let body = "It costs $5, or $10 later: costs $5 and $10 in all, $.\n\n\
                A dollar sign before TeX is escaped: \\$\\sqrt{x} and \\$x^2.\n\n\
                Shell: set $DAY_JOB, then read $DAY_JOB; $CUDA_VISIBLE_DEVICES, $5 per user_id.\n\n\
                Code is code: `$\\sqrt{x` and `$$`.\n\n\
                ```tex\n$\\frac{1}{2\n```\n\n\
                ```php\n$lines = explode(\"\\n\", $cont);\n```\n\n\
                Math is math: $\\sqrt{x^2}$, $p(x)$, and\n\n$$\n\\frac{1}{2}\n$$\n";
    let site = build_site(&inputs(vec![post("a", "2026-01-01", "", body)]))
        .expect("dollar amounts, escapes, code and math build");
    let page = common::body(&site, "/posts/a/");
    assert!(page.contains("It costs $5, or $10 later"), "{page}");
    assert!(page.contains("escaped: $\\sqrt{x} and $x^2."), "{page}");
    assert!(
        page.contains("set $DAY_JOB, then read $DAY_JOB; $CUDA_VISIBLE_DEVICES, $5 per user_id."),
        "{page}"
    );
    assert_eq!(page.matches("class=\"katex\"").count(), 3, "{page}");
}
