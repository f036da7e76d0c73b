//! A post's markdown → HTML: pulldown-cmark's events, rewritten by a
//! sequence of passes before its HTML writer sees them (and, before
//! pulldown-cmark reads the markdown, Zola's and Hugo's shortcodes drawn
//! into it by `content::shortcodes`). It knows nothing
//! about pages. Each pass owns one idea and lives in its own file: images
//! get their size, code blocks go to `highlight`, formulas to `math`, table
//! cells get alignment classes instead of inline styles (the site's CSP
//! allows none), headings get unique ids and a self-link, footnotes move to
//! the end with links back; links and the count of words are gathered on
//! the way.
//!
//! One list of pieces makes two bodies: one for the page, one for feed
//! readers, which load no stylesheet: there math is MathML, code is plain
//! `<pre><code>` and every URL is absolute. The passes also gather what the
//! rest of the build checks or shows: link targets, ids, the count of words.

mod charts;
mod code;
mod dollars;
mod fence;
mod footnotes;
mod heading_ids;
mod headings;
mod images;
mod kramdown_math;
mod links;
mod math;
mod math_punctuation;
mod mathjax;
mod mathjax_dollars;
mod raw_html;
mod raw_html_math;
mod tables;
#[cfg(test)]
mod tests;
mod toc;
mod words;

use crate::content::highlight::Highlighter;
use crate::content::links::{Addresses, Link};
use crate::content::math::{Math, Output};
use crate::content::post::Post;
use crate::content::shortcodes;
use anyhow::Result;
use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};
use std::collections::{BTreeMap, BTreeSet};
pub use toc::Entry as TocEntry;

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
    /// For each of `links`, the post's path the page links instead when
    /// it names a post by another name (`Addresses::target`): what a
    /// cached body must still find to be reused.
    pub renamed: Vec<Option<String>>,
    /// Words a reader reads: prose, not code blocks or display math.
    pub words: usize,
    /// The declarations KaTeX's inline styles held, now classes
    /// (`math_styles`).
    pub math_styles: BTreeSet<String>,
    /// The h2 and h3 headings, for the contents (`toc`).
    pub toc: Vec<TocEntry>,
}

/// What rendering a post needs besides the post.
pub struct Context<'a> {
    pub highlighter: &'a Highlighter,
    pub math: &'a mut Math,
    /// The site's base URL, for the feed's absolute links.
    pub base_url: &'a str,
    /// Every file a post may show: those beside posts and those under
    /// `static/` served at their own path, by the path they are served at.
    pub files: &'a BTreeMap<&'a str, &'a [u8]>,
    /// The responsive images among them (`content::image`).
    pub pictures: &'a crate::content::image::Pictures,
    /// The other names of posts links may use (`@/…`, aliases).
    pub addresses: &'a Addresses,
}

/// Renders `post.body`. Errors and warnings name `post.source` and the line.
pub fn render(post: &Post, cx: &mut Context) -> Result<Rendered> {
    // Shortcodes: drawn into markdown, line for line, before it is parsed.
    // Every problem of the post is gathered, and the post read on past
    // each, so that one build reports them all.
    let expanded = shortcodes::expand(&post.body);
    let mut problems: Vec<anyhow::Error> = expanded
        .problems
        .iter()
        .map(|(offset, message)| anyhow::anyhow!("{}: {message}", Body { post }.at(*offset)))
        .collect();
    let shortcode_warnings: Vec<Warning> = expanded
        .warnings
        .iter()
        .map(|(offset, message)| Warning {
            offset: *offset,
            message: format!("{}: {message}", Body { post }.at(*offset)),
        })
        .collect();
    let post = &Post {
        body: expanded.markdown,
        ..post.clone()
    };
    let body = Body { post };
    let page_path = post.path();
    let pieces = parse(&post.body);

    // Words a reader reads, counted on the events as written.
    let words = words::count(&pieces);
    // Images: one sized tag each, their alt text taken from the events
    // inside; one on another host a link, with a warning.
    let (pieces, image_warnings) = images::render(pieces, &body, &page_path, cx, &mut problems);
    // Raw HTML: its URLs and ids gathered, links to other names of posts
    // sent to the post, images given their box and responsive files.
    let mut raw = raw_html::Found::default();
    let mut pieces = raw_html::render(pieces, &body, &page_path, cx, &mut raw, &mut problems);
    // Links outside images, remembered as written for the link check, then
    // sent to the post where they name it otherwise.
    let mut links = links::collect(&pieces, &body);
    links.extend(raw.links);
    links::rename(&mut pieces, &page_path, cx);
    // Chart blocks: drawn into SVG with their data as a table.
    let pieces = charts::render(pieces, &body, &page_path, cx, &mut problems);
    // Code blocks: highlighted for the page as their fences ask, plain for
    // feeds; a wrong fence option is a problem of the post.
    let (mut pieces, mut warnings) = code::highlight(pieces, &body, cx.highlighter, &mut problems);
    warnings.extend(image_warnings);
    warnings.extend(shortcode_warnings);
    // `[^label]` left as text: a footnote without a definition.
    footnotes::reject_undefined(&pieces, &body, &mut problems);
    // `$` left in text that opens TeX: a formula pulldown-cmark did not take.
    problems.extend(dollars::reject_stray(&pieces, &body).err());
    // `$$…$$` sharing a line with text: inline math, as kramdown reads it.
    kramdown_math::inline_in_text(&mut pieces, &body);
    // Formulas: KaTeX at build time.
    let math_styles = math::render(&mut pieces, &body, cx.math, &mut problems);
    // Inline math and the punctuation after it: kept on one line (on the
    // page; the feed's body is left as it was).
    let mut pieces = math_punctuation::glue(pieces);
    // Table cells: alignment as a class.
    tables::align_with_classes(&mut pieces);
    // Headings: a unique id and a link to the heading itself.
    let headings = headings::anchor(&mut pieces, &body, &mut problems);
    // The contents: the h2 and h3 headings, before footnotes move pieces.
    let toc = toc::entries(&pieces, &headings);
    // Footnotes: numbered by first reference, gathered at the end.
    let footnotes = footnotes::gather(pieces, &body, &headings, &mut problems);
    crate::source::fail_with_all(problems)?;

    // The writer reads the warnings in the order of the post; the ones about
    // unused footnotes come last, as the footnotes do.
    warnings.sort_by_key(|w| w.offset);
    let warnings = warnings
        .into_iter()
        .map(|w| w.message)
        .chain(footnotes.warnings)
        .collect();
    let mut ids = headings.into_ids();
    ids.extend(footnotes.ids);
    ids.extend(raw.ids);
    let renamed = cx.addresses.renamed(&page_path, &links, cx.base_url);
    let absolute = |href: &str| crate::content::links::absolute(cx.base_url, &page_path, href);
    Ok(Rendered {
        renamed,
        html: write(&footnotes.pieces, Output::Page, &absolute),
        feed_html: write(&footnotes.pieces, Output::Feed, &absolute),
        warnings,
        ids,
        links,
        words,
        math_styles,
        toc,
    })
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
}

/// The body's events as pulldown-cmark reads them, each with its offset,
/// and kramdown's blocks of TeX (`kramdown_math`), MathJax's delimiters
/// (`mathjax`), its pairs of dollars (`mathjax_dollars`) and its formulas
/// inside raw HTML (`raw_html_math`) read on them.
fn parse(body: &str) -> Vec<Piece<'_>> {
    let events = Parser::new_ext(body, options()).into_offset_iter();
    let events = kramdown_math::display_blocks(body, events);
    let events = mathjax::delimit(body, events);
    let events = mathjax_dollars::pair(body, events);
    raw_html_math::delimit(events)
        .into_iter()
        .map(|(event, range)| Piece::both(event, range.start))
        .collect()
}

/// The post being rendered, to say where a byte of its body is.
struct Body<'p> {
    post: &'p Post,
}

impl Body<'_> {
    /// `file:line` of byte `offset` of the body.
    fn at(&self, offset: usize) -> String {
        let line = self.post.body_line + crate::source::line_at(&self.post.body, offset) - 1;
        format!("{}:{line}", self.post.source)
    }

    /// The markdown from byte `offset` on.
    fn rest(&self, offset: usize) -> &str {
        &self.post.body[offset..]
    }

    /// The offset of the body's end, where markup added after it comes from.
    fn end(&self) -> usize {
        self.post.body.len()
    }
}

/// A warning and the offset it is about, to sort warnings by.
struct Warning {
    offset: usize,
    message: String,
}

/// Markup for the body, and the byte offset of the markdown it came from.
struct Piece<'e> {
    markup: Markup<'e>,
    offset: usize,
}

/// An event both bodies share, or markup that differs between them.
enum Markup<'e> {
    Both(Event<'e>),
    Split { page: String, feed: String },
}

impl<'e> Piece<'e> {
    fn both(event: Event<'e>, offset: usize) -> Self {
        Piece {
            markup: Markup::Both(event),
            offset,
        }
    }

    /// Markup both bodies share.
    fn html(markup: String, offset: usize) -> Self {
        Piece::both(Event::Html(markup.into()), offset)
    }

    fn split(page: String, feed: String, offset: usize) -> Self {
        Piece {
            markup: Markup::Split { page, feed },
            offset,
        }
    }

    /// The event, when both bodies share it.
    fn event(&self) -> Option<&Event<'e>> {
        match &self.markup {
            Markup::Both(event) => Some(event),
            Markup::Split { .. } => None,
        }
    }
}

/// The pieces, each with whether it lies inside a heading. The check for
/// `[^label]` left in text passes headings by: it reads the text of a
/// heading for its id only.
fn with_heading_flag<'p, 'e>(
    pieces: &'p [Piece<'e>],
) -> impl Iterator<Item = (bool, &'p Piece<'e>)> {
    pieces.iter().scan(false, |in_heading, piece| {
        match piece.event() {
            Some(Event::Start(Tag::Heading { .. })) => *in_heading = true,
            Some(Event::End(TagEnd::Heading(_))) => *in_heading = false,
            _ => {}
        }
        Some((*in_heading, piece))
    })
}

/// One body from the pieces: the page's as written, the feed's with every
/// link absolute.
fn write(pieces: &[Piece], output: Output, absolute: &dyn Fn(&str) -> String) -> String {
    let events = pieces.iter().map(|piece| match (&piece.markup, output) {
        (Markup::Split { page, .. }, Output::Page) => Event::Html(page.as_str().into()),
        (Markup::Split { feed, .. }, Output::Feed) => Event::Html(feed.as_str().into()),
        (Markup::Both(event), Output::Feed) => links::absolute(event, absolute),
        (Markup::Both(event), Output::Page) => event.clone(),
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}
