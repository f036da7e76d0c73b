//! A post's markdown → HTML: the pulldown-cmark event loop. It knows nothing
//! about pages; it rewrites events on their way to pulldown-cmark's HTML
//! writer: code blocks go to `highlight`, formulas to `math`, headings get
//! unique ids and a self-link, table cells get alignment classes instead of
//! inline styles (the site's CSP allows none), images get their size,
//! footnotes move to the end with links back.
//!
//! One pass makes two bodies: one for the page, one for feed readers, which
//! load no stylesheet: there math is MathML, code is plain `<pre><code>`
//! and every URL is absolute. The pass also gathers what the rest of the
//! build checks or shows: link targets, ids, the count of words.

use crate::content::highlight::Highlighter;
use crate::content::images;
use crate::content::links::{self, Link};
use crate::content::math::{Math, Mode, Output};
use crate::content::math_styles;
use crate::content::post::Post;
use anyhow::{anyhow, bail, Result};
use pulldown_cmark::{
    html, Alignment, CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A post body as HTML, and what the build learnt while rendering it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Rendered {
    /// The body for the post's page.
    pub html: String,
    /// The body for feed readers.
    pub feed_html: String,
    /// What the writer should know but need not fix (`file:line: …`).
    pub warnings: Vec<String>,
    /// Every id a link can point at: headings and footnotes.
    pub ids: BTreeSet<String>,
    /// Every link the writer wrote, for the link check.
    pub links: Vec<Link>,
    /// Words a reader reads: prose, not code blocks or display math.
    pub words: usize,
    /// The declarations KaTeX's inline styles held, now classes
    /// (`math_styles`).
    pub math_styles: BTreeSet<String>,
}

/// What rendering a post needs besides the post.
pub struct Context<'a> {
    pub highlighter: &'a Highlighter,
    pub math: &'a mut Math,
    /// The site's base URL, for the feed's absolute links.
    pub base_url: &'a str,
    /// Every file beside a post, by the path it is served at.
    pub files: &'a BTreeMap<&'a str, &'a [u8]>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
}

/// An event both bodies share, or markup that differs between them.
enum Piece<'a> {
    Both(Event<'a>),
    Split { page: String, feed: String },
}

/// Renders `post.body`. Errors and warnings name `post.source` and the line.
pub fn render(post: &Post, cx: &mut Context) -> Result<Rendered> {
    let page_path = post.path();
    let mut r = Renderer {
        post,
        out: Vec::new(),
        footnote: None,
        definitions: Vec::new(),
        rendered: Rendered {
            html: String::new(),
            feed_html: String::new(),
            warnings: Vec::new(),
            ids: BTreeSet::new(),
            links: Vec::new(),
            words: 0,
            math_styles: BTreeSet::new(),
        },
        heading_ids: HashMap::new(),
        prose: String::new(),
    };
    let mut code: Option<(Option<String>, usize, String)> = None;
    let mut heading: Option<(usize, Option<String>, usize, String)> = None;
    let mut image: Option<(String, String, usize, String)> = None;
    let mut references: Vec<String> = Vec::new();
    let mut reference_counts: HashMap<String, usize> = HashMap::new();
    let mut table = TableState::default();
    let mut dollar_warned = false;
    let body = post.body.as_str();

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        // Inside an image, everything is its alt text.
        if let Some((_, _, _, alt)) = image.as_mut() {
            match event {
                Event::Text(text) | Event::Code(text) | Event::InlineMath(text) => {
                    alt.push_str(&text)
                }
                Event::End(TagEnd::Image) => {
                    let (src, title, start, alt) = image.take().expect("inside an image");
                    let markup = r.image(&src, &title, &alt, start, &page_path, cx)?;
                    r.push(markup);
                }
                _ => {}
            }
            continue;
        }
        // Text split by tags is separate words; adjacent text events are not.
        if !matches!(event, Event::Text(_) | Event::Code(_)) {
            r.prose.push(' ');
        }
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
                    .and_then(|l| cx.highlighter.highlight(l, &text));
                if let (Some(lang), None) = (&lang, &highlighted) {
                    let warning = format!(
                        "{}: unknown code language \"{lang}\": shown as plain text",
                        r.at(start)
                    );
                    r.rendered.warnings.push(warning);
                }
                r.push(Piece::Split {
                    page: code_block(lang.as_deref(), highlighted, &text),
                    feed: maud::html! { pre { code { (text) } } }.into_string() + "\n",
                });
            }

            // Math: KaTeX at build time, HTML for the page, MathML for feeds.
            Event::InlineMath(ref tex) | Event::DisplayMath(ref tex) => {
                let mode = if matches!(event, Event::InlineMath(_)) {
                    r.read("formula");
                    Mode::Inline
                } else {
                    Mode::Display
                };
                let mut render = |output| {
                    cx.math
                        .render(tex, mode, output)
                        .map_err(|message| anyhow!("{}: KaTeX: {message}", r.at(range.start)))
                };
                let (page, feed) = (render(Output::Page)?, render(Output::Feed)?);
                let page = math_styles::to_classes(&page, &mut r.rendered.math_styles);
                r.push(Piece::Split { page, feed });
            }

            // Headings: a unique id and a link to the heading itself.
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((
                    level as usize,
                    id.map(|i| i.to_string()),
                    r.sink().len(),
                    String::new(),
                ));
            }
            Event::Text(ref text) | Event::Code(ref text) if heading.is_some() => {
                if let Some((_, _, _, plain)) = heading.as_mut() {
                    plain.push_str(text);
                }
                r.read(text);
                r.push(Piece::Both(event));
            }
            Event::End(TagEnd::Heading(_)) => {
                let (level, explicit, start, plain) =
                    heading.take().expect("a heading ends after it starts");
                let id = match explicit {
                    Some(id) if r.heading_ids.contains_key(&id) => {
                        bail!("{}: heading id \"{id}\" is used twice", r.at(range.start))
                    }
                    Some(id) => id,
                    None => unique_id(&slugify(&plain), &r.heading_ids),
                };
                r.heading_ids.insert(id.clone(), range.start);
                let open = Piece::Split {
                    page: format!("<h{level} id=\"{id}\"><a class=\"self-link\" href=\"#{id}\">"),
                    feed: format!("<h{level} id=\"{id}\">"),
                };
                r.sink().insert(start, open);
                r.push(Piece::Split {
                    page: format!("</a></h{level}>\n"),
                    feed: format!("</h{level}>\n"),
                });
            }

            // Tables: alignment as a class, not pulldown-cmark's inline style.
            Event::Start(Tag::Table(aligns)) => {
                table = TableState {
                    aligns: aligns.clone(),
                    ..TableState::default()
                };
                r.push(Piece::Both(Event::Start(Tag::Table(aligns))));
            }
            Event::Start(Tag::TableHead) => {
                table.in_head = true;
                r.push(Piece::Both(event));
            }
            Event::End(TagEnd::TableHead) => {
                table.in_head = false;
                r.push(Piece::Both(event));
            }
            Event::Start(Tag::TableRow) => {
                table.column = 0;
                r.push(Piece::Both(event));
            }
            Event::Start(Tag::TableCell) => r.push(html(table.open_cell())),
            Event::End(TagEnd::TableCell) => {
                r.push(html(table.close_cell()));
                table.column += 1;
            }

            // Links: remembered for the link check.
            Event::Start(Tag::Link {
                link_type,
                ref dest_url,
                ..
            }) => {
                if link_type != LinkType::Email {
                    let link = Link {
                        href: dest_url.to_string(),
                        at: r.at(range.start),
                    };
                    r.rendered.links.push(link);
                }
                r.push(Piece::Both(event));
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                image = Some((
                    dest_url.to_string(),
                    title.to_string(),
                    range.start,
                    String::new(),
                ));
            }

            // Footnotes: numbered by first reference, gathered at the end.
            Event::FootnoteReference(label) => {
                let label = label.to_string();
                let number = match references.iter().position(|l| *l == label) {
                    Some(i) => i + 1,
                    None => {
                        references.push(label.clone());
                        references.len()
                    }
                };
                let count = reference_counts.entry(label).or_insert(0);
                *count += 1;
                let id = reference_id(number, *count);
                r.push(html(format!("<sup class=\"footnote-ref\" id=\"{id}\">")));
                r.push(Piece::Both(link_start(format!("#fn-{number}"), "")));
                r.push(Piece::Both(Event::Text(number.to_string().into())));
                r.push(Piece::Both(Event::End(TagEnd::Link)));
                r.push(html("</sup>".into()));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                r.footnote = Some((label.to_string(), range.start, Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let definition = r.footnote.take().expect("a footnote ends after it starts");
                r.definitions.push(definition);
            }
            // GFM leaves a reference to a missing footnote as text.
            Event::Text(ref text) if &**text == "[" && body[range.start..].starts_with("[^") => {
                let label = body[range.start + 2..].split(']').next().unwrap_or("");
                bail!(
                    "{}: footnote [^{label}] has no definition (`[^{label}]: …`)",
                    r.at(range.start)
                );
            }

            // `$$` left in prose is almost always math pulldown-cmark did
            // not take (its braces do not balance): say so rather than
            // publish raw TeX.
            Event::Text(ref text) if body[range.start..].starts_with("$$") => {
                let warning = format!(
                    "{}: `$$` in text: is a formula's `{{` or `}}` unbalanced?",
                    r.at(range.start)
                );
                if !dollar_warned {
                    r.rendered.warnings.push(warning);
                }
                dollar_warned = true;
                r.read(text);
                r.push(Piece::Both(event));
            }
            Event::Start(Tag::Paragraph) => {
                dollar_warned = false;
                r.push(Piece::Both(event));
            }
            Event::Text(ref text) | Event::Code(ref text) => {
                r.read(text);
                r.push(Piece::Both(event));
            }

            other => r.push(Piece::Both(other)),
        }
    }

    r.footnotes(&references, &reference_counts)?;
    r.rendered.words = r
        .prose
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .count();
    let headings = r.heading_ids.into_keys();
    r.rendered.ids.extend(headings);
    let absolute = |href: &str| links::absolute(cx.base_url, &page_path, href);
    let mut rendered = r.rendered;
    rendered.html = write(&r.out, Output::Page, &absolute);
    rendered.feed_html = write(&r.out, Output::Feed, &absolute);
    Ok(rendered)
}

/// The state of one post's pass.
struct Renderer<'p, 'e> {
    post: &'p Post,
    /// The body's pieces, in order.
    out: Vec<Piece<'e>>,
    /// The footnote definition being read: label, offset, pieces.
    footnote: Option<(String, usize, Vec<Piece<'e>>)>,
    /// Every footnote definition, in source order.
    definitions: Vec<(String, usize, Vec<Piece<'e>>)>,
    rendered: Rendered,
    /// Heading ids and the offset of the heading that took each.
    heading_ids: HashMap<String, usize>,
    /// The prose read so far, a space at every tag.
    prose: String,
}

impl<'e> Renderer<'_, 'e> {
    /// `file:line` of byte `offset` of the body.
    fn at(&self, offset: usize) -> String {
        let line = self.post.body_line + crate::source::line_at(&self.post.body, offset) - 1;
        format!("{}:{line}", self.post.source)
    }

    /// Where pieces go now: the body, or the footnote being read.
    fn sink(&mut self) -> &mut Vec<Piece<'e>> {
        match self.footnote.as_mut() {
            Some((_, _, pieces)) => pieces,
            None => &mut self.out,
        }
    }

    fn push(&mut self, piece: Piece<'e>) {
        self.sink().push(piece);
    }

    /// Prose a reader reads, for the count of words.
    fn read(&mut self, text: &str) {
        self.prose.push_str(text);
    }

    /// An image beside the post, with its size; every mistake is an error.
    fn image(
        &self,
        src: &str,
        title: &str,
        alt: &str,
        start: usize,
        page_path: &str,
        cx: &Context,
    ) -> Result<Piece<'e>> {
        let at = self.at(start);
        if links::is_external(src) {
            bail!("{at}: image \"{src}\": an image is a file beside its post (posts/<slug>/index.md and the image next to it), not an outside address");
        }
        let path = links::resolve(page_path, src);
        let path = path.split(['?', '#']).next().unwrap_or(&path);
        let Some(bytes) = cx.files.get(path) else {
            bail!(
                "{at}: image \"{src}\": no such file beside the post (looked for {path}; a post with images is posts/<slug>/index.md with the images next to it)"
            );
        };
        if alt.trim().is_empty() {
            bail!("{at}: image \"{src}\" has no alt text: write what it shows, `![what it shows]({src})`");
        }
        let size = images::size(path, bytes).map_err(|e| anyhow!("{at}: image \"{src}\": {e}"))?;
        let title = (!title.is_empty()).then_some(title);
        Ok(Piece::Split {
            page: images::tag(src, alt, title, size),
            feed: images::tag(
                &links::absolute(cx.base_url, page_path, src),
                alt,
                title,
                size,
            ),
        })
    }

    /// Appends the footnotes, in the order of their first reference, each
    /// with a link back to every reference; records their ids.
    fn footnotes(&mut self, references: &[String], counts: &HashMap<String, usize>) -> Result<()> {
        let mut definitions = std::mem::take(&mut self.definitions);
        for (label, start, _) in &definitions {
            if !references.contains(label) {
                let warning = format!(
                    "{}: footnote [^{label}] is never referenced: left out",
                    self.at(*start)
                );
                self.rendered.warnings.push(warning);
            }
        }
        if references.is_empty() {
            return Ok(());
        }
        let mut section = vec![html(
            "<section class=\"footnotes\" aria-label=\"Footnotes\">\n<ol>\n".into(),
        )];
        for (i, label) in references.iter().enumerate() {
            let number = i + 1;
            let index = definitions
                .iter()
                .position(|(l, _, _)| l == label)
                .expect("pulldown-cmark only emits references to defined footnotes");
            let (_, _, mut pieces) = definitions.swap_remove(index);
            let mut ids = vec![format!("fn-{number}")];
            let mut back = Vec::new();
            for n in 1..=counts[label] {
                let id = reference_id(number, n);
                back.push(html(" ".into()));
                let title = format!("Back to reference {number}");
                back.push(Piece::Both(link_start(format!("#{id}"), &title)));
                let arrow = if n == 1 {
                    "↩".to_string()
                } else {
                    format!("↩{n}")
                };
                back.push(Piece::Both(Event::Text(arrow.into())));
                back.push(Piece::Both(Event::End(TagEnd::Link)));
                ids.push(id);
            }
            for id in &ids {
                if let Some(&heading) = self.heading_ids.get(id) {
                    bail!(
                        "{}: heading id \"{id}\" clashes with footnote {number}'s id",
                        self.at(heading)
                    );
                }
            }
            self.rendered.ids.extend(ids);
            // The links back end the note's last paragraph, if it has one.
            let at = match pieces.last() {
                Some(Piece::Both(Event::End(TagEnd::Paragraph))) => pieces.len() - 1,
                _ => pieces.len(),
            };
            pieces.splice(at..at, back);
            section.push(html(format!("<li id=\"fn-{number}\">")));
            section.extend(pieces);
            section.push(html("</li>\n".into()));
        }
        section.push(html("</ol>\n</section>\n".into()));
        self.out.extend(section);
        Ok(())
    }
}

/// The id of the `n`th reference to footnote `number`.
fn reference_id(number: usize, n: usize) -> String {
    if n == 1 {
        format!("fnref-{number}")
    } else {
        format!("fnref-{number}-{n}")
    }
}

fn link_start<'a>(href: String, title: &str) -> Event<'a> {
    Event::Start(Tag::Link {
        link_type: LinkType::Inline,
        dest_url: href.into(),
        title: title.to_string().into(),
        id: CowStr::Borrowed(""),
    })
}

/// Markup both bodies share.
fn html<'a>(markup: String) -> Piece<'a> {
    Piece::Both(Event::Html(markup.into()))
}

/// One body from the pieces: the page's as written, the feed's with every
/// link absolute.
fn write(pieces: &[Piece], output: Output, absolute: &dyn Fn(&str) -> String) -> String {
    let events = pieces.iter().map(|piece| match (piece, output) {
        (Piece::Split { page, .. }, Output::Page) => Event::Html(page.as_str().into()),
        (Piece::Split { feed, .. }, Output::Feed) => Event::Html(feed.as_str().into()),
        (
            Piece::Both(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })),
            Output::Feed,
        ) if *link_type != LinkType::Email => Event::Start(Tag::Link {
            link_type: *link_type,
            dest_url: absolute(dest_url).into(),
            title: title.clone(),
            id: id.clone(),
        }),
        (Piece::Both(event), _) => event.clone(),
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
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
    // Focusable, so a keyboard can scroll a long line sideways.
    let html = maud::html! {
        pre.code tabindex="0" {
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

fn unique_id(base: &str, taken: &HashMap<String, usize>) -> String {
    (1..)
        .map(|n| {
            if n == 1 {
                base.to_string()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|id| !taken.contains_key(id))
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
            draft: false,
            body: body.into(),
            body_line: 5,
        }
    }

    fn rendered(body: &str, files: &BTreeMap<&str, &[u8]>) -> Result<Rendered> {
        render(
            &post(body),
            &mut Context {
                highlighter: &Highlighter::new(),
                math: &mut Math::default(),
                base_url: "https://blog.example",
                files,
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
    fn image_beside_the_post_gets_its_size() {
        let bytes = png(640, 480);
        let files = BTreeMap::from([("/posts/t/fig.png", bytes.as_slice())]);
        let r = rendered("![A *plot*](fig.png \"Fig. 1\")\n", &files).unwrap();
        assert_eq!(
            r.html,
            "<p><img src=\"fig.png\" alt=\"A plot\" title=\"Fig. 1\" width=\"640\" height=\"480\" loading=\"lazy\" decoding=\"async\"></p>\n"
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
        assert!(
            err("![](fig.png)\n").starts_with("posts/t.md:5: image \"fig.png\" has no alt text")
        );
        assert!(err("![x](https://cdn.example/a.png)\n").starts_with(
            "posts/t.md:5: image \"https://cdn.example/a.png\": an image is a file beside its post"
        ));
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
    fn unbalanced_display_math_is_a_warning() {
        let r = rendered("$$\n\\sqrt{\n$$\n", &BTreeMap::new()).unwrap();
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
