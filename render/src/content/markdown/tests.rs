//! The markdown passes together: one small post per feature, rendered
//! whole and compared with the HTML or the message it must give.

use super::*;
use crate::content::images::tests::png;

fn post(body: &str) -> Post {
    Post {
        source: "posts/t.md".into(),
        slug: "t".into(),
        title: "T".into(),
        subtitle: None,
        description: None,
        date: time::macros::date!(2026 - 01 - 01),
        updated: None,
        tags: vec![],
        series: None,
        toc: false,
        aliases: Vec::new(),
        draft: false,
        body: body.into(),
        body_line: 5,
    }
}

pub(super) fn rendered(body: &str, files: &BTreeMap<&str, &[u8]>) -> Result<Rendered> {
    render(
        &post(body),
        &mut Context {
            highlighter: &Highlighter::new(),
            math: &mut Math::default(),
            base_url: "https://blog.example",
            files,
            pictures: &crate::content::image::Pictures::new(),
            addresses: &crate::content::links::Addresses::default(),
        },
    )
}

fn html(body: &str) -> String {
    rendered(body, &BTreeMap::new()).unwrap().html
}

fn error(body: &str) -> String {
    rendered(body, &BTreeMap::new()).unwrap_err().to_string()
}

#[test]
fn smart_punctuation() {
    assert_eq!(
        html("\"It's\" -- so --- yes...\n"),
        "<p>“It’s” – so — yes…</p>\n"
    );
}

#[test]
fn strikethrough() {
    assert_eq!(html("~~gone~~\n"), "<p><del>gone</del></p>\n");
}

#[test]
fn footnotes_go_to_the_end_numbered_by_first_reference_with_links_back() {
    let r = rendered(
        "B[^b], A[^a], B again[^b].\n\n[^a]: Note *a*.\n\n[^b]: Note b.\n\nAfter.\n",
        &BTreeMap::new(),
    )
    .unwrap();
    assert_eq!(
        r.html,
        "<p>B<sup class=\"footnote-ref\" id=\"fnref-1\"><a href=\"#fn-1\">1</a></sup>, \
         A<sup class=\"footnote-ref\" id=\"fnref-2\"><a href=\"#fn-2\">2</a></sup>, \
         B again<sup class=\"footnote-ref\" id=\"fnref-1-2\"><a href=\"#fn-1\">1</a></sup>.</p>\n\
         <p>After.</p>\n\
         <section class=\"footnotes\" aria-label=\"Footnotes\">\n<ol>\n\
         <li id=\"fn-1\">\n<p>Note b. \
         <a href=\"#fnref-1\" title=\"Back to reference 1\">↩</a> \
         <a href=\"#fnref-1-2\" title=\"Back to reference 1\">↩2</a></p>\n</li>\n\
         <li id=\"fn-2\">\n<p>Note <em>a</em>. \
         <a href=\"#fnref-2\" title=\"Back to reference 2\">↩</a></p>\n</li>\n\
         </ol>\n</section>\n"
    );
    let ids: Vec<&str> = r.ids.iter().map(String::as_str).collect();
    assert_eq!(ids, ["fn-1", "fn-2", "fnref-1", "fnref-1-2", "fnref-2"]);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn reference_to_a_missing_footnote_is_an_error() {
    assert_eq!(
        error("Text\n\nclaim[^gone].\n"),
        "posts/t.md:7: footnote [^gone] has no definition (`[^gone]: …`)"
    );
}

#[test]
fn escaped_bracket_is_not_a_footnote() {
    assert_eq!(html("\\[^a-z] matches\n"), "<p>[^a-z] matches</p>\n");
}

#[test]
fn unreferenced_footnote_is_a_warning() {
    let r = rendered("Text.\n\n[^lost]: Never cited.\n", &BTreeMap::new()).unwrap();
    assert_eq!(
        r.warnings,
        ["posts/t.md:7: footnote [^lost] is never referenced: left out"]
    );
    assert!(!r.html.contains("Never cited"), "{}", r.html);
}

#[test]
fn heading_id_that_clashes_with_a_footnote_is_an_error() {
    assert_eq!(
        error("# Notes {#fn-1}\n\nA[^a].\n\n[^a]: n\n"),
        "posts/t.md:5: heading id \"fn-1\" clashes with footnote 1's id"
    );
}

#[test]
fn feed_body_needs_no_stylesheet_and_has_absolute_links() {
    let r = rendered(
        "## Part\n\nSee [b](../b/#x), [top](#part), [out](https://o.example/).\n\n\
         $$x^2$$\n\n```python\nif a < b: pass\n```\n",
        &BTreeMap::new(),
    )
    .unwrap();
    let feed = r.feed_html;
    assert!(feed.starts_with("<h2 id=\"part\">Part</h2>\n"), "{feed}");
    assert!(
        feed.contains("<a href=\"https://blog.example/posts/b/#x\">b</a>"),
        "{feed}"
    );
    assert!(
        feed.contains("<a href=\"https://blog.example/posts/t/#part\">top</a>"),
        "{feed}"
    );
    assert!(
        feed.contains("<a href=\"https://o.example/\">out</a>"),
        "{feed}"
    );
    assert!(
        feed.contains("<math") && !feed.contains("katex-html"),
        "{feed}"
    );
    assert!(
        feed.contains("<pre><code>if a &lt; b: pass\n</code></pre>"),
        "{feed}"
    );
    assert!(!feed.contains("class=\"hl-"), "{feed}");
    // The page keeps what the stylesheet styles.
    assert!(r.html.contains("katex-html") && r.html.contains("hl-"));
    assert!(r.html.contains("href=\"../b/#x\""));
}

#[test]
fn links_are_gathered_with_their_lines() {
    let r = rendered(
        "[a](/posts/x/)\n\nand <me@example.org> and [b][ref]\n\n[ref]: #top\n",
        &BTreeMap::new(),
    )
    .unwrap();
    let links: Vec<(&str, &str)> = r
        .links
        .iter()
        .map(|l| (l.href.as_str(), l.at.as_str()))
        .collect();
    assert_eq!(
        links,
        [("/posts/x/", "posts/t.md:5"), ("#top", "posts/t.md:7")]
    );
}

#[test]
fn words_count_prose_not_code_blocks_or_display_math() {
    let r = rendered(
        "# Two words\n\nIt's -- three `code` $x$.\n\n```\nnot counted at all\n```\n\n$$y$$\n",
        &BTreeMap::new(),
    )
    .unwrap();
    assert_eq!(r.words, 2 + 3 + 1);
}

#[test]
fn image_beside_the_post_gets_its_size_and_its_title_is_a_caption() {
    let bytes = png(640, 480);
    let files = BTreeMap::from([("/posts/t/fig.png", bytes.as_slice())]);
    let r = rendered("![A *plot*](fig.png \"Fig. 1\")\n", &files).unwrap();
    assert_eq!(
        r.html,
        "<figure class=\"figure\"><img src=\"fig.png\" alt=\"A plot\" width=\"640\" height=\"480\" decoding=\"async\"><figcaption>Fig. 1</figcaption></figure>"
    );
    assert!(
        r.feed_html
            .contains("src=\"https://blog.example/posts/t/fig.png\""),
        "{}",
        r.feed_html
    );
}

#[test]
fn image_mistakes_name_file_and_line() {
    let bytes = png(1, 1);
    let files = BTreeMap::from([("/posts/t/fig.png", bytes.as_slice())]);
    let err = |body: &str| rendered(body, &files).unwrap_err().to_string();
    assert!(err("\n![plot](missing.png)\n")
        .starts_with("posts/t.md:6: image \"missing.png\": no such file beside the post"),);
    assert!(err("![](fig.png)\n").starts_with("posts/t.md:5: image \"fig.png\" has no alt text"));
}

#[test]
fn an_image_on_another_host_is_a_link_with_a_warning() {
    let files = BTreeMap::new();
    let r = rendered(
        "Text.\n\n![A plot](https://cdn.example/a.png \"Fig. 2\")\n",
        &files,
    )
    .unwrap();
    let link = "<a href=\"https://cdn.example/a.png\" title=\"Fig. 2\">A plot</a>";
    assert_eq!(r.html, format!("<p>Text.</p>\n<p>{link}</p>\n"));
    assert_eq!(r.feed_html, r.html);
    assert_eq!(r.warnings.len(), 1);
    assert!(
        r.warnings[0].starts_with(
            "posts/t.md:7: image \"https://cdn.example/a.png\" is on another host: shown as a link"
        ),
        "{:?}",
        r.warnings
    );
}

#[test]
fn a_caption_beside_text_is_the_inline_image_s_title() {
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="8" height="6"/>"#;
    let files = BTreeMap::from([("/posts/t/fig.svg", svg.as_slice())]);
    let r = rendered("See ![a plot](fig.svg \"Fig. 3\") here.\n", &files).unwrap();
    assert_eq!(
        r.html,
        "<p>See <img src=\"fig.svg\" alt=\"a plot\" title=\"Fig. 3\" width=\"8\" height=\"6\" decoding=\"async\"> here.</p>\n"
    );
}

#[test]
fn table_alignment_is_a_class_not_a_style() {
    let out = html("| a | b |\n|---|--:|\n| x | 1 |\n");
    assert!(out.contains("<th class=\"align-right\">b</th>"), "{out}");
    assert!(out.contains("<td class=\"align-right\">1</td>"), "{out}");
    assert!(out.contains("<td>x</td>"), "{out}");
    assert!(!out.contains("style="), "{out}");
}

#[test]
fn headings_get_unique_ids_and_self_links() {
    let out = html("## Why `this`?\n\n## Why `this`?\n\n### Own {#mine}\n");
    assert!(out.contains("<h2 id=\"why-this\"><a class=\"self-link\" href=\"#why-this\">Why <code>this</code>?</a></h2>"), "{out}");
    assert!(out.contains("<h2 id=\"why-this-2\">"), "{out}");
    assert!(out.contains("<h3 id=\"mine\">"), "{out}");
}

#[test]
fn duplicate_explicit_heading_id_is_an_error() {
    let err = rendered("# A {#x}\n\n# B {#x}\n", &BTreeMap::new()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "posts/t.md:7: heading id \"x\" is used twice"
    );
}

#[test]
fn code_block_is_highlighted_with_classes() {
    let out = html("```python\nimport torch\n```\n");
    assert!(out.starts_with("<pre class=\"code\" tabindex=\"0\"><code class=\"language-python\"><span class=\"hl-source hl-python\">"), "{out}");
}

#[test]
fn unknown_language_is_plain_text_and_a_warning_with_line() {
    let r = rendered("text\n\n```klingon\n<qapla'>\n```\n", &BTreeMap::new()).unwrap();
    assert_eq!(r.html, "<p>text</p>\n<pre class=\"code\" tabindex=\"0\"><code class=\"language-klingon\">&lt;qapla'&gt;\n</code></pre>\n");
    assert_eq!(
        r.warnings,
        ["posts/t.md:7: unknown code language \"klingon\": shown as plain text"]
    );
}

#[test]
fn fence_without_language_is_plain() {
    assert_eq!(
        html("```\na < b\n```\n"),
        "<pre class=\"code\" tabindex=\"0\"><code>a &lt; b\n</code></pre>\n"
    );
}

#[test]
fn inline_and_display_math() {
    let out = html("Inline $x^2$ and\n\n$$\\sum_i x_i$$\n");
    assert!(out.contains("<p>Inline <span class=\"katex\">"), "{out}");
    assert!(out.contains("<span class=\"katex-display\">"), "{out}");
}

#[test]
fn bad_latex_fails_with_file_and_line() {
    let err = rendered("ok\n\nthen $x^^2$ here\n", &BTreeMap::new())
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("posts/t.md:7: KaTeX: "), "{err}");
    assert!(err.contains("KaTeX parse error"), "{err}");
}

#[test]
fn dollars_in_code_are_not_math() {
    assert_eq!(html("`$x$`\n"), "<p><code>$x$</code></p>\n");
}

// What the order of the arms of the old single loop decided, and the order
// of the passes decides now.

#[test]
fn warnings_keep_the_order_of_the_post_and_unused_footnotes_come_last() {
    let r = rendered(
        "```klingon\nx\n```\n\n[^lost]: never\n\n```vulcan\ny\n```\n",
        &BTreeMap::new(),
    )
    .unwrap();
    assert_eq!(
        r.warnings,
        [
            "posts/t.md:5: unknown code language \"klingon\": shown as plain text",
            "posts/t.md:11: unknown code language \"vulcan\": shown as plain text",
            "posts/t.md:9: footnote [^lost] is never referenced: left out",
        ]
    );
}

#[test]
fn footnote_and_dollar_syntax_in_a_heading_or_code_is_text() {
    let r = rendered(
        "# Head [^gone] $$\n\n```\n[^gone] $$\n```\n",
        &BTreeMap::new(),
    )
    .unwrap();
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert!(r.html.starts_with("<h1 id=\"head-gone\">"), "{}", r.html);
}

#[test]
fn image_alt_text_is_neither_read_nor_link_checked() {
    let bytes = png(1, 1);
    let files = BTreeMap::from([("/posts/t/fig.png", bytes.as_slice())]);
    let r = rendered("One ![two [three](#x) four](fig.png) five\n", &files).unwrap();
    assert_eq!(r.words, 2);
    assert!(r.links.is_empty(), "{:?}", r.links.len());
    assert!(r.html.contains("alt=\"two three four\""), "{}", r.html);
}

#[test]
fn every_problem_of_a_post_is_reported_at_once_in_the_order_of_the_post() {
    // One of each kind a pass finds, none hiding the ones after it.
    let error = error(
        "![a plot](plot.png)\n\
         \n\
         ```rust,linenos=3\n\
         fn main() {}\n\
         ```\n\
         \n\
         See [^missing].\n\
         \n\
         Then $\\sqrt{x and $5 too, and $\\frac{1}{ too, and $\\notacommand$.\n\
         \n\
         # One {#same}\n\
         \n\
         # Two {#same}\n",
    );
    let kinds: Vec<(&str, &str)> = error
        .lines()
        .map(|line| {
            let (at, message) = line.split_once(": ").unwrap();
            (at, message.split_whitespace().next().unwrap())
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("posts/t.md:5", "image"),
            ("posts/t.md:7", "`linenos`"),
            ("posts/t.md:11", "footnote"),
            ("posts/t.md:13", "`$\\sqrt{x"),
            ("posts/t.md:13", "`$\\frac{1}{"),
            ("posts/t.md:13", "KaTeX:"),
            ("posts/t.md:17", "heading"),
        ],
        "{error}"
    );
}

#[test]
fn a_hugo_ref_is_a_zola_internal_link_for_the_link_check() {
    let r = rendered(
        "\nSee [the carts]({{< ref \"post/radials.md#carts\" >}}).\n",
        &BTreeMap::new(),
    )
    .unwrap();
    assert_eq!(
        r.links,
        [crate::content::links::Link {
            href: "@/post/radials.md#carts".into(),
            at: "posts/t.md:6".into(),
        }]
    );
}

#[test]
fn lines_after_a_shortcode_of_several_lines_keep_their_numbers() {
    let err = error(
        "{{< youtube\n  id=\"abc\"\n  title=\"A talk\" >}}\nA note[^gone].\n\n{{< nope >}}\n",
    );
    assert_eq!(
        err.lines().map(|l| &l[..13]).collect::<Vec<_>>(),
        ["posts/t.md:8:", "posts/t.md:10"]
    );
}
