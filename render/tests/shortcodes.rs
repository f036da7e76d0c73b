//! Zola's and Hugo's shortcodes in small posts built in memory, the pages
//! read back with scraper: each embed drawn as a link card that loads
//! nothing from another host, figures as captioned figures (one with no
//! text at all an image with an empty alt and a warning), `highlight`
//! as highlighted code, shortcodes in code left as text, and an unknown
//! shortcode failing at its `file:line` with what to write instead.

mod common;

use common::{body, error, inputs, png, source};
use render::{build_site, Source};
use scraper::{ElementRef, Html, Selector};

/// The page of a post `posts/sc/index.md` whose body is `markdown`, with
/// `files` beside it.
fn page(markdown: &str, files: &[(&str, Vec<u8>)]) -> Html {
    let mut site = inputs(vec![source(
        "posts/sc/index.md",
        "Shortcodes",
        "2026-01-02",
        "",
        markdown,
    )]);
    site.post_files = files
        .iter()
        .map(|(name, bytes)| Source {
            path: format!("posts/sc/{name}"),
            content: bytes.clone().into(),
        })
        .collect();
    let built = build_site(&site).unwrap_or_else(|e| panic!("{e}"));
    Html::parse_document(&body(&built, "/posts/sc/"))
}

fn select<'h>(html: &'h Html, css: &str) -> Vec<ElementRef<'h>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

fn text(element: &ElementRef) -> String {
    element.text().collect()
}

#[test]
fn every_embed_is_a_link_card_and_the_page_loads_nothing_from_elsewhere() {
    let html = page(
        "Zola:\n\n\
         {{ youtube(id=\"dQw4w9WgXcQ\") }}\n\n\
         {{ vimeo(id=\"124313553\", class=\"wide\") }}\n\n\
         {{ gist(url=\"https://gist.github.com/Keats/e5fb6aad\") }}\n\n\
         Hugo:\n\n\
         {{< youtube w7Ft2ymGmfc >}}\n\n\
         {{< vimeo id=\"146022717\" >}}\n\n\
         {{< gist spf13 7896402 \"img.html\" >}}\n\n\
         {{< x user=\"GoHugoIO\" id=\"877500564405444608\" >}}\n\n\
         Inline, {{% tweet user=\"SanDiegoZoo\" id=\"1453110110599868418\" %}} too.\n",
        &[],
    );
    let cards: Vec<(String, String)> = select(&html, ".post-body a.embed")
        .iter()
        .map(|a| (a.attr("href").unwrap().to_string(), text(a)))
        .collect();
    let expected = [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "YouTube video dQw4w9WgXcQ",
        ),
        ("https://vimeo.com/124313553", "Vimeo video 124313553"),
        (
            "https://gist.github.com/Keats/e5fb6aad",
            "Gist Keats/e5fb6aad",
        ),
        (
            "https://www.youtube.com/watch?v=w7Ft2ymGmfc",
            "YouTube video w7Ft2ymGmfc",
        ),
        ("https://vimeo.com/146022717", "Vimeo video 146022717"),
        (
            "https://gist.github.com/spf13/7896402#file-img-html",
            "Gist spf13/7896402: img.html",
        ),
        (
            "https://x.com/GoHugoIO/status/877500564405444608",
            "Post by @GoHugoIO on X",
        ),
        (
            "https://x.com/SanDiegoZoo/status/1453110110599868418",
            "Post by @SanDiegoZoo on X",
        ),
    ];
    assert_eq!(
        cards,
        expected.map(|(href, title)| (href.to_string(), title.to_string()))
    );
    // A card alone on its line is its own paragraph; the inline one stays
    // in its sentence.
    let alone = select(&html, ".post-body p:has(> a.embed)")
        .iter()
        .filter(|p| cards.iter().any(|(_, title)| text(p) == *title))
        .count();
    assert_eq!(alone, 7);
    assert_eq!(
        text(&select(&html, ".post-body p:has(> a.embed[href*='SanDiegoZoo'])")[0]),
        "Inline, Post by @SanDiegoZoo on X too."
    );
    assert!(select(&html, "iframe, script, embed, object, video").is_empty());
    for element in select(&html, "[src], [srcset]") {
        for attr in ["src", "srcset"] {
            let value = element.attr(attr).unwrap_or("");
            assert!(
                !value.contains("//"),
                "{attr}=\"{value}\" loads from another host"
            );
        }
    }
}

#[test]
fn a_figure_shortcode_is_the_figure_a_captioned_image_makes() {
    let files = [("loss.png", png(200, 100)), ("bench.png", png(100, 50))];
    let html = page(
        "Text.\n\n\
         {{< figure src=\"loss.png\"\n    alt=\"A loss curve\"\n    caption=\"Loss against steps\" >}}\n\n\
         {% figure(src=\"bench.png\", alt=\"Two bars\") %}Both runs, *warm*{% end %}\n",
        &files,
    );
    let figures = select(&html, ".post-body > figure.figure");
    assert_eq!(figures.len(), 2);
    let described: Vec<(String, String)> = figures
        .iter()
        .map(|figure| {
            let img = figure
                .select(&Selector::parse("img").unwrap())
                .next()
                .unwrap();
            let caption = figure
                .select(&Selector::parse("figcaption").unwrap())
                .next()
                .unwrap();
            (img.attr("alt").unwrap().to_string(), text(&caption))
        })
        .collect();
    assert_eq!(
        described,
        [
            ("A loss curve".to_string(), "Loss against steps".to_string()),
            ("Two bars".to_string(), "Both runs, *warm*".to_string()),
        ]
    );
    let srcs: Vec<&str> = select(&html, "figure img")
        .iter()
        .map(|i| i.attr("src").unwrap())
        .collect();
    assert_eq!(srcs, ["/posts/sc/loss.png", "/posts/sc/bench.png"]);
}

#[test]
fn a_figure_with_no_text_is_drawn_with_an_empty_alt_and_a_warning_at_its_line() {
    // As a Hugo blog has hundreds of them: `src` and a `link` to itself.
    let mut site = inputs(vec![source(
        "posts/sc/index.md",
        "Shortcodes",
        "2026-01-02",
        "",
        "Text.\n\n{{< figure src=\"tower.png\" link=\"tower.png\" >}}\n\n\
         {{< figure src=\"tower.png\" title=\"The tower\" >}}\n",
    )]);
    site.post_files = vec![Source {
        path: "posts/sc/tower.png".to_string(),
        content: png(100, 50).into(),
    }];
    let built = build_site(&site).unwrap_or_else(|e| panic!("{e}"));
    let html = Html::parse_document(&body(&built, "/posts/sc/"));
    let alts: Vec<&str> = select(&html, ".post-body img")
        .iter()
        .map(|img| img.attr("alt").unwrap())
        .collect();
    assert_eq!(alts, ["", "The tower"]);
    assert_eq!(select(&html, ".post-body figure figcaption").len(), 1);
    assert_eq!(
        built.warnings,
        [
            "posts/sc/index.md:7: figure \"tower.png\" has no alt text, caption or title: drawn \
          with an empty alt, as the engine drew it, which screen readers pass over; write \
          `alt=\"what it shows\"`"
        ]
    );
}

#[test]
fn highlight_is_a_highlighted_code_block_with_its_options() {
    let html = page(
        "Go:\n\n\
         {{< highlight go \"linenos=table,hl_lines=2,style=emacs\" >}}\n\
         func main() {\n\tfmt.Println(\"{{ .Title }}\")\n}\n\
         {{< /highlight >}}\n",
        &[],
    );
    let lines = select(&html, "pre.code.numbered > code > .line");
    assert_eq!(lines.len(), 3);
    assert_eq!(text(&lines[1]), "\tfmt.Println(\"{{ .Title }}\")");
    assert_eq!(
        select(&html, "pre.code mark.line")
            .iter()
            .map(text)
            .collect::<Vec<_>>(),
        ["\tfmt.Println(\"{{ .Title }}\")"]
    );
    assert!(!select(&html, "pre.code .hl-keyword").is_empty());
}

#[test]
fn shortcodes_in_code_are_text() {
    let html = page(
        "Write `{{< youtube abc >}}` or:\n\n\
         ```markdown\n{{ youtube(id=\"abc\") }}\n{{< nope >}}\n```\n\n\
         Shown as text: `{{</* vimeo 1 */>}}`.\n",
        &[],
    );
    assert!(select(&html, "a.embed").is_empty());
    let code: Vec<String> = select(&html, ".post-body code").iter().map(text).collect();
    assert_eq!(
        code,
        [
            "{{< youtube abc >}}",
            "{{ youtube(id=\"abc\") }}\n{{< nope >}}\n",
            "{{< vimeo 1 >}}",
        ]
    );
}

#[test]
fn an_unknown_shortcode_fails_at_its_line_saying_what_to_write() {
    let site = inputs(vec![source(
        "posts/sc.md",
        "Shortcodes",
        "2026-01-02",
        "",
        "Intro.\n\n{{< figure src=\"a.png\"\n  caption=\"c\" >}}\n\n{{< giphy l1OnUrNlAjI1gqmqNE >}}\n\n{{ katex(body=\"x\") }}\n",
    )]);
    let error = error(&site);
    let lines: Vec<&str> = error.lines().collect();
    // Every problem of the post, at its line, in the post's order: the
    // missing image of the figure, then the two unknown shortcodes.
    assert!(
        lines[0].starts_with("posts/sc.md:7: image \"a.png\": no such file"),
        "{error}"
    );
    assert!(
        lines[1].starts_with(
            "posts/sc.md:10: unknown Hugo shortcode `giphy`: the shortcodes drawn here are figure, highlight"
        ),
        "{error}"
    );
    assert!(
        lines[2].starts_with("posts/sc.md:12: unknown Zola shortcode `katex`")
            && lines[2].ends_with("instead, write the formula as `$…$` or, on its own, `$$…$$`"),
        "{error}"
    );
}
