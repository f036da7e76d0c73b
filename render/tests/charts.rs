//! Charts from data on small sites built in the test: every kind of chart
//! is inline SVG (read back with quick-xml) with a title, a description,
//! real `<text>` and colours only by class, beside its data as a table
//! (read back with scraper); the feed carries the table; every bad chart
//! block fails the build with `file:line`, all of them at once.

mod common;

use bytes::Bytes;
use common::{body, error, inputs, source};
use quick_xml::events::Event;
use render::{build_site, Inputs, Source};
use scraper::{Html, Selector};

/// A site of one post, `posts/charts/index.md` holding `body`, with
/// `files` (name, content) beside it.
fn site(body: &str, files: &[(&str, &str)]) -> Inputs {
    let mut site = inputs(vec![source(
        "posts/charts/index.md",
        "Charts",
        "2026-03-01",
        "",
        body,
    )]);
    site.post_files = files
        .iter()
        .map(|(name, content)| Source {
            path: format!("posts/charts/{name}"),
            content: Bytes::copy_from_slice(content.as_bytes()),
        })
        .collect();
    site
}

fn chart(settings: &str) -> String {
    format!("Some prose.\n\n```chart\n{settings}```\n\nMore prose.\n")
}

/// What an SVG holds, read with an XML parser.
#[derive(Default, Debug)]
struct Svg {
    /// Every element's name.
    elements: Vec<String>,
    /// Every attribute, as `element attribute=value`.
    attributes: Vec<(String, String, String)>,
    /// The text of every `<text>`.
    texts: Vec<String>,
    title: String,
    desc: String,
}

fn read_svg(svg: &str) -> Svg {
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut out = Svg::default();
    let mut open: Vec<String> = Vec::new();
    loop {
        let event = reader.read_event().expect("the chart is well-formed XML");
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name().0.to_string();
                for attribute in e.attributes() {
                    let attribute = attribute.expect("well-formed attributes");
                    out.attributes.push((
                        name.clone(),
                        attribute.key.0.to_string(),
                        attribute.value.to_string(),
                    ));
                }
                out.elements.push(name.clone());
                if matches!(event, Event::Start(_)) {
                    open.push(name);
                }
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Text(t) => {
                let text: &str = t;
                let text = text.to_string();
                match open.last().map(String::as_str) {
                    Some("text") => out.texts.push(text),
                    Some("title") => out.title.push_str(&text),
                    Some("desc") => out.desc.push_str(&text),
                    _ => {}
                }
            }
            Event::GeneralRef(r) => {
                let c = r.resolve_char_ref().ok().flatten();
                let name: &str = r;
                let entity = match name {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "quot" => '"',
                    "apos" => '\'',
                    _ => c.expect("a character reference"),
                };
                if let Some("text") = open.last().map(String::as_str) {
                    out.texts
                        .last_mut()
                        .expect("text before an entity")
                        .push(entity);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The page's charts: each one's SVG as written in the page, and its
/// figure as HTML.
fn charts(page: &str) -> Vec<(String, String)> {
    let document = Html::parse_document(page);
    let figures: Vec<String> = document
        .select(&Selector::parse("figure.chart").unwrap())
        .map(|f| f.html())
        .collect();
    let svgs: Vec<String> = page
        .match_indices("<svg")
        .map(|(start, _)| {
            let end = page[start..].find("</svg>").expect("the SVG ends") + start + "</svg>".len();
            page[start..end].to_string()
        })
        .collect();
    assert_eq!(figures.len(), svgs.len(), "one SVG a figure");
    svgs.into_iter().zip(figures).collect()
}

/// The rows of the table in `figure`, its header first.
fn table(figure: &str) -> Vec<Vec<String>> {
    let html = Html::parse_fragment(figure);
    let row = Selector::parse("details.chart-data table tr").unwrap();
    let cell = Selector::parse("th, td").unwrap();
    html.select(&row)
        .map(|tr| tr.select(&cell).map(|c| c.text().collect()).collect())
        .collect()
}

/// Checks what every chart must be: accessible, coloured only by class,
/// its text real text.
fn assert_fit_for_the_page(svg: &Svg, title: &str) {
    assert_eq!(svg.elements[0], "svg");
    assert_eq!(svg.elements[1..3], ["title", "desc"]);
    assert_eq!(svg.title, title);
    assert!(svg.desc.contains("table"), "{}", svg.desc);
    assert!(svg
        .attributes
        .contains(&("svg".into(), "role".into(), "img".into())));
    for (element, key, value) in &svg.attributes {
        assert_ne!(key, "style", "{element}: the CSP forbids style attributes");
        assert_ne!(
            key, "font-family",
            "{element}: the text takes the page's font"
        );
        if key == "fill" || key == "stroke" || key == "color" {
            assert_eq!(
                value, "none",
                "{element} {key}: a fixed colour does not follow dark mode"
            );
        }
    }
    assert!(
        svg.texts.len() >= 4,
        "ticks and labels are text: {:?}",
        svg.texts
    );
    // Text drawn as outlines would be paths; a picture, an image.
    assert!(
        !svg.elements.iter().any(|e| e == "path" || e == "image"),
        "{:?}",
        svg.elements
    );
}

#[test]
fn every_kind_of_chart_is_svg_beside_its_data() {
    let csv = "batch,fp16,int8\n1,410,530\n4,1510,1990\n16,4800,6100\n64,9100,11800\n";
    let samples = "latency ms\n1.2\n1.4\n1.1\n2.5\n1.3\n1.2\n9.8\n1.25\n";
    let body = [
        "type = \"line\"\ntitle = \"Throughput\"\nx = { label = \"batch size\", log = true }\ny = { label = \"tokens/s\" }\ndata = \"throughput.csv\"\n",
        "type = \"bar\"\ntitle = \"Bars\"\nx = { label = \"batch size\", log = true }\ny = { label = \"tokens/s\" }\ndata = \"throughput.csv\"\n",
        "type = \"scatter\"\ntitle = \"Dots\"\nx = { label = \"step\" }\ny = { label = \"loss\", log = true }\n+++\nstep,loss\n0,2.5\n100,1.25\n200,0.75\n",
        "type = \"histogram\"\ntitle = \"Latency\"\nx = { label = \"ms\" }\ny = { label = \"requests\" }\nbins = 4\ndata = \"latency.csv\"\n",
    ]
    .map(chart)
    .concat();
    let built = build_site(&site(
        &body,
        &[("throughput.csv", csv), ("latency.csv", samples)],
    ))
    .unwrap();
    let page = body_of(&built);
    let found = charts(&page);
    assert_eq!(found.len(), 4);
    let titles = ["Throughput", "Bars", "Dots", "Latency"];
    for ((svg, figure), title) in found.iter().zip(titles) {
        let read = read_svg(svg);
        assert_fit_for_the_page(&read, title);
        assert!(
            figure.contains(&format!("<figcaption>{title}</figcaption>")),
            "{figure}"
        );
        let rows = table(figure);
        assert!(rows.len() > 1, "{title}: the table holds the data");
        match title {
            "Throughput" | "Bars" => {
                assert_eq!(rows[0], ["batch", "fp16", "int8"]);
                assert_eq!(rows[4], ["64", "9100", "11800"]);
                assert!(
                    read.texts.contains(&"batch size".to_string()),
                    "{:?}",
                    read.texts
                );
                assert!(read.texts.contains(&"tokens/s".to_string()));
                // Two series: a legend names them.
                assert!(read.texts.contains(&"int8".to_string()), "{:?}", read.texts);
                let class = |c: &str| {
                    read.attributes
                        .iter()
                        .any(|(_, k, v)| k == "class" && v.split(' ').any(|v| v == c))
                };
                assert!(class("stroke-s1") || class("fill-s1"));
                assert!(class("stroke-s2") || class("fill-s2"));
            }
            "Dots" => {
                assert_eq!(rows[1..], [["0", "2.5"], ["100", "1.25"], ["200", "0.75"]]);
                assert_eq!(read.elements.iter().filter(|e| *e == "circle").count(), 3);
            }
            _ => {
                assert_eq!(rows[0], ["ms", "latency ms"]);
                assert_eq!(rows.len(), 5, "a row per bin: {rows:?}");
                let counted: usize = rows[1..]
                    .iter()
                    .map(|r| r[1].parse::<usize>().unwrap())
                    .sum();
                assert_eq!(counted, 8, "every sample in a bin");
            }
        }
    }
    // The prose around the blocks is still there; the blocks are not code.
    assert!(page.contains("<p>More prose.</p>"));
    assert!(!page.contains("language-chart"));
}

fn body_of(site: &render::Site) -> String {
    body(site, "/posts/charts/")
}

#[test]
fn the_feed_carries_the_table_and_no_svg() {
    let block = chart("type = \"line\"\ntitle = \"Loss\"\n+++\nstep,loss\n0,2.5\n100,1.25\n");
    let built = build_site(&site(&block, &[])).unwrap();
    let feed =
        feed_rs::parser::parse(body(&built, "/feed.xml").as_bytes()).expect("the feed parses");
    let html = feed.entries[0]
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .expect("full content");
    let document = Html::parse_fragment(&html);
    let cells: Vec<String> = document
        .select(&Selector::parse("table td").unwrap())
        .map(|c| c.text().collect())
        .collect();
    assert_eq!(cells, ["0", "2.5", "100", "1.25"]);
    assert!(html.contains("<figcaption>Loss</figcaption>"), "{html}");
    assert!(!html.contains("<svg"), "{html}");
}

#[test]
fn every_bad_chart_block_names_file_and_line() {
    let good = "x,y\n1,2\n";
    // The block starts on line 7 of the file (front matter, a blank line,
    // "Some prose.", a blank line, the fence): its first setting is line 8.
    let cases: [(&str, &str, &str); 11] = [
        ("type = \"pie\"\ntitle = \"T\"\ndata = \"d.csv\"\n", good, "posts/charts/index.md:8: chart: unknown variant `pie`"),
        ("type = \"line\"\ntitle = \"T\"\ncolor = \"red\"\ndata = \"d.csv\"\n", good, "posts/charts/index.md:10: chart: unknown field `color`"),
        ("type = \"line\"\ntitle = \"T\"\ndata = \"gone.csv\"\n", good, "posts/charts/index.md:10: chart: data \"gone.csv\": no such file beside the post"),
        ("type = \"line\"\ntitle = \"T\"\ndata = \"d.csv\"\n", "x,y\n1,2\n2,fast\n", "posts/charts/d.csv:3: column \"y\": \"fast\" is not a number"),
        ("type = \"line\"\ntitle = \"T\"\ndata = \"d.csv\"\n", "x,y\n1,2\n2\n", "posts/charts/d.csv:3: chart data: this row has 1 values, the header names 2 columns"),
        ("type = \"bar\"\ntitle = \"T\"\ndata = \"d.csv\"\n", "x\n1\n", "posts/charts/d.csv:1: chart data: a bar chart needs an x column and at least one series column"),
        ("type = \"line\"\ntitle = \"T\"\ndata = \"d.csv\"\n", "", "posts/charts/d.csv:1: chart data: empty"),
        ("type = \"line\"\ntitle = \"T\"\n+++\nx,y\n", good, "posts/charts/index.md:11: chart data: no rows"),
        ("type = \"line\"\ntitle = \"T\"\nx = { log = true }\n+++\nx,y\n1,2\n0,3\n", good, "posts/charts/index.md:14: column \"x\": 0 is on a log axis"),
        ("type = \"scatter\"\ntitle = \"T\"\n", good, "posts/charts/index.md:8: chart: no data"),
        ("type = \"line\"\ntitle = \"T\"\n+++\nx,y\n1,2\n3,x\n", good, "posts/charts/index.md:13: column \"y\": \"x\" is not a number"),
    ];
    for (settings, csv, expected) in cases {
        let message = error(&site(&chart(settings), &[("d.csv", csv)]));
        assert!(
            message.starts_with(expected),
            "expected {expected}\n got {message}"
        );
    }
}

#[test]
fn every_problem_of_every_chart_comes_at_once() {
    let bad = "type = \"line\"\ntitle = \"T\"\n+++\nx,y\n1,a\n2,b\n";
    let body = format!(
        "{}{}",
        chart(bad),
        chart("type = \"donut\"\ntitle = \"T\"\n")
    );
    let mut inputs = site(&body, &[]);
    inputs.posts.push(source(
        "posts/other.md",
        "Other",
        "2026-03-02",
        "",
        &chart("type = \"line\"\ntitle = \"T\"\ndata = \"none.csv\"\n"),
    ));
    let message = error(&inputs);
    let lines: Vec<&str> = message.lines().collect();
    assert_eq!(lines.len(), 4, "{message}");
    assert!(
        lines[0].starts_with("posts/charts/index.md:12: column \"y\": \"a\""),
        "{message}"
    );
    assert!(
        lines[1].starts_with("posts/charts/index.md:13: column \"y\": \"b\""),
        "{message}"
    );
    assert!(
        lines[2].starts_with("posts/charts/index.md:20: chart: unknown variant `donut`"),
        "{message}"
    );
    assert!(
        lines[3].starts_with("posts/other.md:10: chart: data \"none.csv\""),
        "{message}"
    );
}

#[test]
fn the_guide_s_chart_examples_build() {
    let guide = include_str!("../../docs/writing.md");
    let mut blocks = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for line in guide.lines() {
        let indent = line.len() - line.trim_start().len();
        match (&mut open, line.trim()) {
            (None, "```chart") => open = Some((indent, String::new())),
            (Some(_), "```") => blocks.push(open.take().expect("open").1),
            (Some((indent, block)), _) => {
                block.push_str(line.get(*indent..).unwrap_or(""));
                block.push('\n');
            }
            _ => {}
        }
    }
    assert_eq!(blocks.len(), 4, "the guide shows every kind");
    let body: String = blocks.iter().map(|b| chart(b)).collect();
    let files = [
        ("throughput.csv", "batch,fp16\n1,410\n64,9100\n"),
        ("latency.csv", "latency µs\n40\n43\n4009\n"),
    ];
    let built = build_site(&site(&body, &files)).unwrap();
    assert_eq!(charts(&body_of(&built)).len(), 4);
}
