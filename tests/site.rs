//! End to end: the real binary on a loopback port serves the home page, the
//! first post with everything the post shows, the stylesheet and a 404.

mod common;

use common::{get, Server};
use scraper::{Html, Selector};

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).expect("a valid selector"))
        .collect()
}

fn text(element: &scraper::ElementRef) -> String {
    element.text().collect::<String>()
}

const POST: &str = "/posts/do-i-dare/";

#[test]
fn home_page_has_masthead_tagline_and_the_post() {
    let server = Server::start();
    let (status, content_type, body) = get(&server.url("/"));
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/html; charset=utf-8");
    let doc = Html::parse_document(&body);
    let masthead = &select(&doc, "header.masthead .site-title")[0];
    assert_eq!(text(masthead), "phase space.");
    assert_eq!(select(&doc, ".site-title .dot").len(), 1);
    assert!(!select(&doc, ".tagline").is_empty());
    let links = select(&doc, ".post-list a");
    let first = links
        .iter()
        .find(|a| a.value().attr("href") == Some(POST))
        .expect("the home page links to the first post");
    assert_eq!(text(first), "Do I dareDisturb the universe?");
    assert!(body.contains("A first post, which is also an excuse"));
    assert!(body.contains("<time datetime=\"2026-11-29\">"));
}

#[test]
fn first_post_shows_everything_it_describes() {
    let server = Server::start();
    let (status, _, body) = get(&server.url(POST));
    assert_eq!(status, 200);
    let doc = Html::parse_document(&body);

    let title = &select(&doc, "h1.post-title")[0];
    assert_eq!(title.inner_html(), "Do I dare<br>Disturb the universe?");
    assert_eq!(
        text(&select(&doc, ".post-header .subtitle")[0]),
        "A first post, which is also an excuse to make sure the typography holds."
    );

    // Every section of the seed, in order.
    let headings: Vec<String> = select(&doc, ".post-body h2").iter().map(text).collect();
    assert_eq!(
        headings,
        [
            "What this is for",
            "What the prose should feel like",
            "Code",
            "Math",
            "A small table",
            "Why “phase space”"
        ]
    );

    // Python, Rust and shell blocks, highlighted with classes.
    for lang in ["python", "rust", "console"] {
        let code = select(&doc, &format!("pre.code code.language-{lang}"));
        assert_eq!(code.len(), 1, "one {lang} block");
        assert!(
            !select(&doc, &format!("code.language-{lang} span[class^=hl-]")).is_empty(),
            "{lang} is highlighted"
        );
    }
    let python = text(&select(&doc, "code.language-python")[0]);
    assert!(
        python.contains("class KVCache(nn.Module):\n    \"\"\"A minimal KV cache"),
        "indentation restored"
    );
    assert!(!select(&doc, "code.language-python .hl-keyword").is_empty());

    // Inline code, emphasis, bold, links.
    assert_eq!(
        text(&select(&doc, "p > code")[0]),
        "Inline code looks like this"
    );
    assert!(text(&select(&doc, ".post-body em")[0]).starts_with("Italics are for emphasis"));
    assert_eq!(
        text(&select(&doc, ".post-body strong")[0]),
        "Bold is for when I mean it."
    );
    let feed = select(&doc, ".post-body a[href='/feed.xml']");
    assert_eq!(text(&feed[0]), "the RSS feed");
    assert_eq!(
        text(&select(&doc, ".post-body p > a[href='/']")[0]),
        "Links look like this"
    );

    // Math: one inline formula, one display formula, typeset by KaTeX.
    assert_eq!(select(&doc, ".post-body .katex").len(), 2);
    assert_eq!(select(&doc, ".post-body .katex-display").len(), 1);
    assert!(
        select(&doc, ".post-body .katex [style]").is_empty(),
        "KaTeX's inline styles are classes (render/src/math_styles.rs)"
    );
    assert!(
        body.contains("<annotation encoding=\"application/x-tex\">p(x)"),
        "the Gaussian density"
    );

    // Pull quote, both lists, the table.
    assert!(text(&select(&doc, ".post-body blockquote")[0])
        .contains("survived contact with the sentence-by-sentence"));
    assert_eq!(select(&doc, ".post-body ol > li").len(), 3);
    assert_eq!(select(&doc, ".post-body ul > li").len(), 3);
    assert_eq!(select(&doc, ".post-body table thead th").len(), 4);
    assert_eq!(select(&doc, ".post-body table tbody tr").len(), 3);
    assert_eq!(
        select(&doc, ".post-body td.align-right").len(),
        6,
        "numbers right-aligned"
    );
    assert!(body.contains("More soon."));
}

#[test]
fn the_stylesheets_are_inlined_with_generated_rules() {
    let server = Server::start();
    let (_, _, home) = get(&server.url("/"));
    let (_, _, post) = get(&server.url(POST));
    let styles = |page: &str| -> Vec<String> {
        let doc = Html::parse_document(page);
        assert!(select(&doc, "link[rel=stylesheet]").is_empty());
        select(&doc, "head style").iter().map(text).collect()
    };
    let home = styles(&home);
    assert_eq!(home.len(), 1, "the site's stylesheet");
    assert!(
        home[0].contains(".hl-keyword"),
        "with the highlighting colours"
    );
    assert!(home[0].contains("url(\"/static/fonts/source-serif-4-latin-opsz-normal."));
    let post = styles(&post);
    assert_eq!(post.len(), 2, "and KaTeX's, on a page with math");
    assert!(post[1].contains(".katex") && post[1].contains("!important}"));
}

#[test]
fn unknown_path_is_the_sites_404_page() {
    let server = Server::start();
    let (status, content_type, body) = get(&server.url("/no/such/page"));
    assert_eq!(status, 404);
    assert_eq!(content_type, "text/html; charset=utf-8");
    assert!(body.contains("Not found") && body.contains("class=\"masthead\""));
}
