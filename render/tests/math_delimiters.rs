//! Math as MathJax writers write it (issue 26): `\(…\)`, `\[…\]`, their
//! markdown-escaped forms `\\(…\\)` and `\\[…\\]`, kramdown's `$$…$$` in a
//! line of text, and a paragraph that is one `\begin{align}`: each is
//! typeset by KaTeX at build time (read back with scraper: a `.katex`
//! element, no delimiter left in the text), as the same HTML and feed
//! MathML as `$…$`; `$…$` that pulldown-cmark does not take (a space
//! inside, a formula across lines) is paired as MathJax pairs it; a
//! formula KaTeX refuses fails at its `file:line`; shell variables and
//! prices beside them build.

mod common;

use common::{body, error, inputs, post};
use render::build_site;
use scraper::{Html, Selector};

/// The page of `markdown`: how many of KaTeX's `.katex` elements it
/// holds, inline and display, its HTML and the feed.
struct Page {
    inline: usize,
    display: usize,
    html: String,
    feed: String,
}

fn page(markdown: &str) -> Page {
    let site = build_site(&inputs(vec![post("m", "2026-01-01", "", markdown)]))
        .unwrap_or_else(|e| panic!("{markdown:?} builds: {e}"));
    let html = body(&site, "/posts/m/");
    let document = Html::parse_document(&html);
    let count = |selector: &str| document.select(&Selector::parse(selector).unwrap()).count();
    let display = count("article .katex-display .katex");
    Page {
        inline: count("article .katex") - display,
        display,
        html,
        feed: body(&site, "/feed.xml"),
    }
}

/// The article's prose with every formula taken out.
fn prose(markdown: &str) -> String {
    let site = build_site(&inputs(vec![post("m", "2026-01-01", "", markdown)])).unwrap();
    let html = body(&site, "/posts/m/");
    let document = Html::parse_document(&html);
    let paragraphs = Selector::parse("article p").unwrap();
    let formula = Selector::parse(".katex").unwrap();
    document
        .select(&paragraphs)
        .map(|p| {
            let mut text = p.text().collect::<String>();
            for f in p.select(&formula) {
                text = text.replacen(&f.text().collect::<String>(), "", 1);
            }
            text
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn each_mathjax_delimiter_is_typeset_inline_or_display() {
    for (markdown, inline, display) in [
        ("Inline \\(x^2 + y_1\\) here.\n", 1, 0),
        ("Escaped \\\\(x^2 + y\\_1\\\\) here.\n", 1, 0),
        ("Display:\n\n\\[\\int_0^1 x\\,dx\\]\n", 0, 1),
        ("Escaped display:\n\n\\\\[\n\\sum\\_i x\\_i\n\\\\]\n", 0, 1),
        (
            "An environment:\n\n\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}\n",
            0,
            1,
        ),
        ("kramdown: the loss $$L(\\theta)$$ falls.\n", 1, 0),
        ("kramdown display:\n\n$$\\frac{1}{2}$$\n", 0, 1),
        ("| a | b |\n|---|---|\n| $$a+b$$ | \\(c\\) |\n", 2, 0),
        ("- item \\(a\\)\n- \\\\(b\\\\) too\n", 2, 0),
        ("> Quoted \\(a +\n> b\\) over two lines.\n", 1, 0),
    ] {
        let page = page(markdown);
        assert_eq!(
            (page.inline, page.display),
            (inline, display),
            "{markdown:?}: {}",
            page.html
        );
        let left = prose(markdown);
        for delimiter in ["\\(", "\\)", "\\[", "\\]", "$$", "\\begin", "\\end"] {
            assert!(
                !left.contains(delimiter),
                "{markdown:?} leaves {delimiter}: {left}"
            );
        }
        assert_eq!(
            page.feed.matches("&lt;math").count(),
            inline + display,
            "every formula is MathML in the feed: {markdown:?}"
        );
    }
}

#[test]
fn every_form_makes_the_html_dollars_make() {
    let dollars = page("A $x_1^2$ b.\n\nA\n\n$$\\frac{a}{b}$$\n").html;
    let formula = |html: &str, class: &str| {
        let document = Html::parse_document(html);
        let selector = Selector::parse(class).unwrap();
        document
            .select(&selector)
            .map(|e| e.html())
            .collect::<Vec<_>>()
    };
    for markdown in [
        "A \\(x_1^2\\) b.\n\nA\n\n\\[\\frac{a}{b}\\]\n",
        "A \\\\(x\\_1^2\\\\) b.\n\nA\n\n\\\\[\\frac{a}{b}\\\\]\n",
    ] {
        let html = page(markdown).html;
        assert_eq!(
            formula(&html, "article .katex"),
            formula(&dollars, "article .katex"),
            "{markdown:?}"
        );
    }
}

#[test]
fn delimiters_in_code_and_unclosed_ones_are_text() {
    let markdown =
        "Code: `\\(x\\)` and\n\n```\n\\[y\\]\n```\n\nA lone \\( paren and a \\] bracket.\n";
    let page = page(markdown);
    assert_eq!((page.inline, page.display), (0, 0), "{}", page.html);
    assert!(page.html.contains("<code>\\(x\\)</code>"), "{}", page.html);
    let text = prose(markdown);
    assert!(text.contains("A lone ( paren and a ] bracket."), "{text}");
}

#[test]
fn tex_refused_by_katex_fails_at_the_line_of_its_delimiter() {
    let err = error(&inputs(vec![post(
        "m",
        "2026-01-01",
        "",
        "Fine \\(x\\).\n\nBad \\(\\frac{1}{\\).\n\n\\\\[\n\\sqrt{\n\\\\]\n\n\\begin{align}\na &= \\undefined\n\\end{align}\n",
    )]));
    let places: Vec<&str> = err
        .lines()
        .map(|l| l.split(": KaTeX").next().unwrap())
        .collect();
    assert_eq!(
        places,
        ["posts/m.md:7", "posts/m.md:9", "posts/m.md:13"],
        "{err}"
    );
}

#[test]
fn shell_variables_and_prices_beside_math_build() {
    let text = prose(
        "Set $DAY_JOB, then read $DAY_JOB in the script.\n\n\
         Run with $CUDA_VISIBLE_DEVICES set, or ${HOME}/bin; the user_id is $USER_ID.\n\n\
         It costs $5, or $10 with \\(x^2\\) and $$y_1$$ inside.\n",
    );
    assert!(
        text.contains("Set $DAY_JOB, then read $DAY_JOB in the script."),
        "{text}"
    );
    assert!(
        text.contains("$CUDA_VISIBLE_DEVICES set, or ${HOME}/bin"),
        "{text}"
    );
    assert!(text.contains("It costs $5, or $10 with"), "{text}");
}

#[test]
fn dollars_pulldown_cmark_refuses_are_paired_as_mathjax_pairs_them() {
    // As math-dense blogs written for MathJax have them: a space before
    // the closing `$` or after the opening one, a matrix across lines.
    let markdown = "Primes: $2,3,5,7, \\dots $. Having $s_B Q $, computes $s_A s_B Q$.\n\n\
                    Perfect ZK $\\subset $ statistical ZK $\\subset$ computational ZK.\n\n\
                    Shifted: $ \\alpha$, and a price: it costs $5 and $10 for $x $.\n\n\
                    $\\displaystyle A =\n\\begin{pmatrix}\n-1 & 0\\\\\n0 & 1\n\\end{pmatrix} $\n";
    let page = page(markdown);
    assert_eq!((page.inline, page.display), (8, 0), "{}", page.html);
    let left = prose(markdown);
    assert!(
        left.contains("it costs $5 and $10 for ."),
        "prices stay text: {left}"
    );
    assert_eq!(left.matches('$').count(), 2, "{left}");
    assert_eq!(page.feed.matches("&lt;math").count(), 8);
    // Each is the formula written without the spaces.
    let document = Html::parse_document(&page.html);
    let annotation = Selector::parse("article annotation").unwrap();
    let tex: Vec<String> = document
        .select(&annotation)
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(tex[0], "2,3,5,7, \\dots ", "{tex:?}");
    assert!(tex[7].contains("-1 & 0\\\\\n0 & 1"), "{tex:?}");
}

#[test]
fn a_paired_formula_katex_refuses_fails_at_the_line_of_its_dollar() {
    let err = error(&inputs(vec![post(
        "m",
        "2026-01-01",
        "",
        "Fine $x $.\n\nMatrix $\\bordermatrix{ & a \\cr\n0 & 1} $ here.\n",
    )]));
    assert!(
        err.starts_with(
            "posts/m.md:7: KaTeX: KaTeX parse error: Undefined control sequence: \\bordermatrix"
        ),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_formula_past_the_time_bound_fails_once_and_stops() {
    let x = "x".repeat(2000);
    let tex = format!(
        r"\def\a{{{x}}}\def\b{{\a\a\a\a\a\a\a\a\a\a}}\def\c{{\b\b\b\b\b\b\b\b\b\b}}\c\c\c\c\c\c\c\c"
    );
    let start = std::time::Instant::now();
    let err = error(&inputs(vec![post(
        "m",
        "2026-01-01",
        "",
        &format!("Blown up:\n\n\\[{tex}\\]\n"),
    )]));
    // Stopped at the bound on the page's rendering; the feed's is not tried.
    assert!(
        start.elapsed() < std::time::Duration::from_secs(8),
        "{:?}",
        start.elapsed()
    );
    assert!(
        err.starts_with("posts/m.md:7: KaTeX: KaTeX gave up after 5 s"),
        "{err}"
    );
}

#[test]
fn math_inside_raw_html_blocks_is_typeset_as_mathjax_typeset_it() {
    // As on a Hugo blog written for MathJax: a quotation in one line of
    // raw HTML, and kramdown's `<div>` around display math.
    let markdown =
        "<blockquote>The quotient set $X / \\sim$ maps $X$ to \\(Y\\) for $5.</blockquote>\n\n\
                    <div>\n$$\n\\frac{\\partial f}{\\partial x} &lt; 1\n$$\n</div>\n";
    let page = page(markdown);
    assert_eq!((page.inline, page.display), (3, 1), "{}", page.html);
    let document = Html::parse_document(&page.html);
    let quote = Selector::parse("article blockquote").unwrap();
    let quote = document.select(&quote).next().expect("the blockquote");
    let formula = Selector::parse(".katex").unwrap();
    let mut text = quote.text().collect::<String>();
    for f in quote.select(&formula) {
        text = text.replacen(&f.text().collect::<String>(), "", 1);
    }
    assert_eq!(text, "The quotient set  maps  to  for $5.");
    // The TeX as the browser gave it to MathJax: `&lt;` is `<`.
    let annotation = Selector::parse("article div annotation").unwrap();
    let tex: String = document
        .select(&annotation)
        .flat_map(|a| a.text())
        .collect();
    assert!(tex.contains("{\\partial x} < 1"), "{tex}");
    assert_eq!(page.feed.matches("&lt;math").count(), 4, "{}", page.feed);
}

#[test]
fn raw_html_without_math_is_kept_as_written_and_refused_tex_fails_at_its_line() {
    let markdown = "<table><tr><td>$5</td><td>$10</td></tr></table>\n\n\
                    <p><code>$x$</code> <!-- $y$ --> <a title=\"$z$\" href=\"https://example.org/\">t</a></p>\n";
    let page = page(markdown);
    assert_eq!((page.inline, page.display), (0, 0), "{}", page.html);
    for html in markdown.split("\n\n") {
        assert!(page.html.contains(html), "{html} in {}", page.html);
    }
    let err = error(&inputs(vec![post(
        "m",
        "2026-01-01",
        "",
        "<blockquote>\nFine $x$, then $\\bordermatrix{a}$.\n</blockquote>\n",
    )]));
    assert!(
        err.starts_with(
            "posts/m.md:6: KaTeX: KaTeX parse error: Undefined control sequence: \\bordermatrix"
        ),
        "{err}"
    );
}
