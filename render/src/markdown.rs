//! A post's markdown → HTML: the pulldown-cmark event loop. It knows nothing
//! about pages; it rewrites events on their way to pulldown-cmark's HTML
//! writer: code blocks go to `highlight`, formulas to `math`, headings get
//! unique ids and a self-link, table cells get alignment classes instead of
//! inline styles (the site's CSP allows none).

use crate::highlight::Highlighter;
use crate::math::{Math, Mode};
use crate::post::Post;
use anyhow::{bail, Result};
use pulldown_cmark::{html, Alignment, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

/// A post body as HTML, and what the writer should know but need not fix.
#[derive(Debug)]
pub struct Rendered {
    pub html: String,
    pub warnings: Vec<String>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
}

/// Renders `post.body`. Errors and warnings name `post.source` and the line.
pub fn render(post: &Post, highlighter: &Highlighter, math: &mut Math) -> Result<Rendered> {
    let body = post.body.as_str();
    let at = |offset: usize| {
        format!(
            "{}:{}",
            post.source,
            post.body_line + crate::line_at(body, offset) - 1
        )
    };

    let mut out: Vec<Event> = Vec::new();
    let mut warnings = Vec::new();
    let mut ids = HashSet::new();
    let mut code: Option<(Option<String>, usize, String)> = None;
    let mut heading: Option<(usize, Option<String>, usize, String)> = None;
    let mut table = TableState::default();
    let mut dollar_warned = false;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            // Code blocks: gather the text, then emit it highlighted.
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => fence_language(&info),
                    CodeBlockKind::Indented => None,
                };
                code = Some((lang, range.start, String::new()));
            }
            Event::Text(text) if code.is_some() => {
                if let Some((_, _, buf)) = code.as_mut() {
                    buf.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, start, text) = code.take().expect("a code block ends after it starts");
                let highlighted = lang
                    .as_deref()
                    .and_then(|l| highlighter.highlight(l, &text));
                if let (Some(lang), None) = (&lang, &highlighted) {
                    warnings.push(format!(
                        "{}: unknown code language \"{lang}\": shown as plain text",
                        at(start)
                    ));
                }
                out.push(Event::Html(
                    code_block(lang.as_deref(), highlighted, &text).into(),
                ));
            }

            // Math: KaTeX at build time.
            Event::InlineMath(ref tex) | Event::DisplayMath(ref tex) => {
                let mode = if matches!(event, Event::InlineMath(_)) {
                    Mode::Inline
                } else {
                    Mode::Display
                };
                match math.render(tex, mode) {
                    Ok(html) => out.push(Event::InlineHtml(html.into())),
                    Err(message) => bail!("{}: KaTeX: {message}", at(range.start)),
                }
            }

            // Headings: a unique id and a link to the heading itself.
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((
                    level as usize,
                    id.map(|i| i.to_string()),
                    out.len(),
                    String::new(),
                ));
            }
            Event::Text(ref text) | Event::Code(ref text) if heading.is_some() => {
                if let Some((_, _, _, plain)) = heading.as_mut() {
                    plain.push_str(text);
                }
                out.push(event);
            }
            Event::End(TagEnd::Heading(_)) => {
                let (level, explicit, start, plain) =
                    heading.take().expect("a heading ends after it starts");
                let id = match explicit {
                    Some(id) if ids.contains(&id) => {
                        bail!("{}: heading id \"{id}\" is used twice", at(range.start))
                    }
                    Some(id) => id,
                    None => unique_id(&slugify(&plain), &ids),
                };
                ids.insert(id.clone());
                let open = format!("<h{level} id=\"{id}\"><a class=\"self-link\" href=\"#{id}\">");
                out.insert(start, Event::Html(open.into()));
                out.push(Event::Html(format!("</a></h{level}>\n").into()));
            }

            // Tables: alignment as a class, not pulldown-cmark's inline style.
            Event::Start(Tag::Table(aligns)) => {
                table = TableState {
                    aligns: aligns.clone(),
                    ..TableState::default()
                };
                out.push(Event::Start(Tag::Table(aligns)));
            }
            Event::Start(Tag::TableHead) => {
                table.in_head = true;
                out.push(event);
            }
            Event::End(TagEnd::TableHead) => {
                table.in_head = false;
                out.push(event);
            }
            Event::Start(Tag::TableRow) => {
                table.column = 0;
                out.push(event);
            }
            Event::Start(Tag::TableCell) => out.push(Event::Html(table.open_cell().into())),
            Event::End(TagEnd::TableCell) => {
                out.push(Event::Html(table.close_cell().into()));
                table.column += 1;
            }

            // `$$` left in prose is almost always math pulldown-cmark did
            // not take (its braces do not balance): say so rather than
            // publish raw TeX.
            Event::Text(_) if body[range.start..].starts_with("$$") => {
                let warning = format!(
                    "{}: `$$` in text: is a formula's `{{` or `}}` unbalanced?",
                    at(range.start)
                );
                if !dollar_warned {
                    warnings.push(warning);
                }
                dollar_warned = true;
                out.push(event);
            }
            Event::Start(Tag::Paragraph) => {
                dollar_warned = false;
                out.push(event);
            }

            other => out.push(other),
        }
    }

    let mut html_out = String::with_capacity(body.len() * 2);
    html::push_html(&mut html_out, out.into_iter());
    Ok(Rendered {
        html: html_out,
        warnings,
    })
}

/// The language named by a fence's info string: its first word
/// (` ```rust,ignore ` and ` ```python {.wide} ` name rust and python).
fn fence_language(info: &CowStr) -> Option<String> {
    let word = info
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .next()?;
    (!word.is_empty()).then(|| word.to_string())
}

fn code_block(lang: Option<&str>, highlighted: Option<String>, text: &str) -> String {
    let class = lang.map(|l| format!("language-{l}"));
    let html = maud::html! {
        pre.code {
            code class=[class] {
                @match highlighted {
                    Some(spans) => (maud::PreEscaped(spans)),
                    None => (text),
                }
            }
        }
    };
    html.into_string() + "\n"
}

/// A heading's text as a URL fragment: lowercase words joined by `-`.
fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !slug.is_empty()
            && !slug.ends_with('-')
        {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug.to_string()
    }
}

fn unique_id(base: &str, taken: &HashSet<String>) -> String {
    (1..)
        .map(|n| {
            if n == 1 {
                base.to_string()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|id| !taken.contains(id))
        .expect("an unbounded range always yields a free id")
}

#[derive(Default)]
struct TableState {
    aligns: Vec<Alignment>,
    in_head: bool,
    column: usize,
}

impl TableState {
    fn cell_tag(&self) -> &'static str {
        if self.in_head {
            "th"
        } else {
            "td"
        }
    }

    fn open_cell(&self) -> String {
        let class = match self.aligns.get(self.column) {
            Some(Alignment::Left) => " class=\"align-left\"",
            Some(Alignment::Center) => " class=\"align-center\"",
            Some(Alignment::Right) => " class=\"align-right\"",
            _ => "",
        };
        format!("<{}{class}>", self.cell_tag())
    }

    fn close_cell(&self) -> String {
        format!("</{}>", self.cell_tag())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            draft: false,
            body: body.into(),
            body_line: 5,
        }
    }

    fn html(body: &str) -> String {
        render(&post(body), &Highlighter::new(), &mut Math::default())
            .unwrap()
            .html
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
    fn footnotes() {
        let out = html("Claim.[^1]\n\n[^1]: Source.\n");
        assert!(
            out.contains("footnote-reference") && out.contains("footnote-definition"),
            "{out}"
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
        let err = render(
            &post("# A {#x}\n\n# B {#x}\n"),
            &Highlighter::new(),
            &mut Math::default(),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "posts/t.md:7: heading id \"x\" is used twice"
        );
    }

    #[test]
    fn code_block_is_highlighted_with_classes() {
        let out = html("```python\nimport torch\n```\n");
        assert!(out.starts_with("<pre class=\"code\"><code class=\"language-python\"><span class=\"hl-source hl-python\">"), "{out}");
    }

    #[test]
    fn unknown_language_is_plain_text_and_a_warning_with_line() {
        let r = render(
            &post("text\n\n```klingon\n<qapla'>\n```\n"),
            &Highlighter::new(),
            &mut Math::default(),
        )
        .unwrap();
        assert_eq!(r.html, "<p>text</p>\n<pre class=\"code\"><code class=\"language-klingon\">&lt;qapla'&gt;\n</code></pre>\n");
        assert_eq!(
            r.warnings,
            ["posts/t.md:7: unknown code language \"klingon\": shown as plain text"]
        );
    }

    #[test]
    fn fence_without_language_is_plain() {
        assert_eq!(
            html("```\na < b\n```\n"),
            "<pre class=\"code\"><code>a &lt; b\n</code></pre>\n"
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
        let err = render(
            &post("ok\n\nthen $x^^2$ here\n"),
            &Highlighter::new(),
            &mut Math::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("posts/t.md:7: KaTeX: "), "{err}");
        assert!(err.contains("KaTeX parse error"), "{err}");
    }

    #[test]
    fn unbalanced_display_math_is_a_warning() {
        let r = render(
            &post("$$\n\\sqrt{\n$$\n"),
            &Highlighter::new(),
            &mut Math::default(),
        )
        .unwrap();
        assert_eq!(
            r.warnings,
            ["posts/t.md:5: `$$` in text: is a formula's `{` or `}` unbalanced?"]
        );
    }

    #[test]
    fn dollars_in_code_are_not_math() {
        assert_eq!(html("`$x$`\n"), "<p><code>$x$</code></p>\n");
    }
}
