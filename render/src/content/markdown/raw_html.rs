//! Raw HTML in a post (pulldown-cmark's `Html` and `InlineHtml` events),
//! checked and served as markdown is. Each HTML block, or each inline
//! tag, is read by html5gum, a WHATWG tokenizer that gives every tag's
//! byte span, so a problem is named at its line and only the tags that
//! change are written anew (each from its decoded attributes), the rest
//! kept byte for byte; a formula inside a block (`raw_html_math`) keeps
//! its place, the HTML on each side of it read in turn. Every `href`, `src` and each URL of a `srcset` goes
//! to the link check; a link to a post's other name (`@/…`, an alias) is
//! sent to the post; in the feed every URL is absolute. Every `id`, and
//! the `name` of an `<a>`, is a target links may name. An `<img>` of a
//! local image (beside the post, or under `static/` at its own path) gets
//! its box: its `width` and `height`, from the writer's where given in
//! pixels and from the file for the rest; a raster image not inside the
//! writer's own `<picture>` and without a `srcset` becomes the responsive
//! picture a markdown image is (`content::image`), keeping the writer's
//! other attributes (`class`, `style`, `title`). Inline `style` attributes
//! are kept: each page's CSP allows them by hash (`output::csp`).

use super::images::FIRST_SCREEN;
use super::{Body, Context, Piece};
use crate::content::images;
use crate::content::links::{self, Link};
use anyhow::anyhow;
use html5gum::{DefaultEmitter, StartTag, Token, Tokenizer};
use maud::html;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::BTreeSet;

/// What raw HTML holds that the rest of the build checks.
#[derive(Default)]
pub(super) struct Found {
    /// Every `href`, `src` and `srcset` URL, as written.
    pub links: Vec<Link>,
    /// Every `id`, and every `<a name>`.
    pub ids: BTreeSet<String>,
}

/// `pieces` with their raw HTML rewritten where it changes; what it
/// holds goes to `found`, an image that cannot be read to `problems`.
pub(super) fn render<'e>(
    pieces: Vec<Piece<'e>>,
    body: &Body,
    page_path: &str,
    cx: &Context,
    found: &mut Found,
    problems: &mut Vec<anyhow::Error>,
) -> Vec<Piece<'e>> {
    let mut reader = Reader {
        body,
        page_path,
        cx,
        found,
        problems,
        links_open: 0,
        pictures_open: 0,
    };
    let mut out = Vec::with_capacity(pieces.len());
    // The lines of the HTML block being read.
    let mut block: Option<Vec<Piece<'e>>> = None;
    for piece in pieces {
        match (piece.event(), block.as_mut()) {
            (Some(Event::Start(Tag::HtmlBlock)), _) => {
                block = Some(Vec::new());
                out.push(piece);
            }
            (Some(Event::End(TagEnd::HtmlBlock)), Some(_)) => {
                let lines = block.take().expect("inside an HTML block");
                out.extend(reader.chunk(lines));
                out.push(piece);
            }
            (Some(Event::Html(_)), Some(lines)) => lines.push(piece),
            // A formula inside the block (`raw_html_math`): the HTML
            // before it is read, and it keeps its place.
            (_, Some(lines)) => {
                out.extend(reader.chunk(std::mem::take(lines)));
                out.push(piece);
            }
            (Some(Event::Html(_) | Event::InlineHtml(_)), None) => {
                out.extend(reader.chunk(vec![piece]))
            }
            (Some(Event::Start(Tag::Link { .. })), _) => {
                reader.links_open += 1;
                out.push(piece);
            }
            (Some(Event::End(TagEnd::Link)), _) => {
                reader.links_open = reader.links_open.saturating_sub(1);
                out.push(piece);
            }
            _ => out.push(piece),
        }
    }
    out
}

/// Reads the raw HTML of one post, in order.
struct Reader<'a, 'b> {
    body: &'a Body<'a>,
    page_path: &'a str,
    cx: &'a Context<'b>,
    found: &'a mut Found,
    problems: &'a mut Vec<anyhow::Error>,
    /// Links (markdown or raw `<a>`) open here: an image inside one is
    /// not linked to its original.
    links_open: usize,
    /// The writer's `<picture>` elements open here: an image inside one
    /// keeps its sources.
    pictures_open: usize,
}

/// Pieces of HTML read as one text, and where each piece's bytes lie in
/// the body, so a position in the text names its place in the source.
pub(super) struct Joined {
    pub text: String,
    /// Where each piece starts in `text`, and its offset in the body.
    starts: Vec<(usize, usize)>,
}

impl Joined {
    /// `pieces`, each its HTML and its offset in the body, in order.
    pub(super) fn of<'a>(pieces: impl IntoIterator<Item = (&'a str, usize)>) -> Joined {
        let mut joined = Joined {
            text: String::new(),
            starts: Vec::new(),
        };
        for (html, offset) in pieces {
            joined.starts.push((joined.text.len(), offset));
            joined.text.push_str(html);
        }
        joined
    }

    /// Where each piece starts in `text`.
    pub(super) fn starts(&self) -> impl Iterator<Item = usize> + '_ {
        self.starts.iter().map(|&(start, _)| start)
    }

    /// The offset in the body of the byte at `position` in `text`.
    pub(super) fn offset(&self, position: usize) -> usize {
        let (start, offset) = (self.starts.iter().rev())
            .find(|(start, _)| *start <= position)
            .copied()
            .unwrap_or_default();
        offset + (position - start)
    }
}

/// A tag written anew: its span in the chunk, and its markup in each body.
struct Edit {
    span: std::ops::Range<usize>,
    page: String,
    feed: String,
}

impl Reader<'_, '_> {
    /// `pieces` (raw HTML, one block or one inline tag) as they are, or
    /// as one piece when a tag in them changes.
    fn chunk<'e>(&mut self, pieces: Vec<Piece<'e>>) -> Vec<Piece<'e>> {
        if pieces.is_empty() {
            return pieces;
        }
        let joined = Joined::of(pieces.iter().filter_map(|piece| match piece.event() {
            Some(Event::Html(html) | Event::InlineHtml(html)) => Some((&html[..], piece.offset)),
            _ => None,
        }));
        let (text, at) = (&joined.text, |position| joined.offset(position));
        let mut edits = Vec::new();
        let mut emitter = DefaultEmitter::<usize>::new_with_span();
        // `<script>`, `<style>` and `<textarea>` hold text, not tags.
        emitter.naively_switch_states(true);
        for token in Tokenizer::new_with_emitter(text.as_str(), emitter) {
            let Ok(token) = token;
            match token {
                Token::StartTag(tag) => {
                    edits.extend(self.start_tag(&tag, text, &at));
                    match (&tag.name[..], tag.self_closing) {
                        (b"a", false) => self.links_open += 1,
                        (b"picture", false) => self.pictures_open += 1,
                        _ => {}
                    }
                }
                Token::EndTag(tag) => match &tag.name[..] {
                    b"a" => self.links_open = self.links_open.saturating_sub(1),
                    b"picture" => self.pictures_open = self.pictures_open.saturating_sub(1),
                    _ => {}
                },
                _ => {}
            }
        }
        if edits.is_empty() {
            return pieces;
        }
        let (mut page, mut feed) = (String::new(), String::new());
        let mut copied = 0;
        for edit in edits {
            page.push_str(&text[copied..edit.span.start]);
            feed.push_str(&text[copied..edit.span.start]);
            page.push_str(&edit.page);
            feed.push_str(&edit.feed);
            copied = edit.span.end;
        }
        page.push_str(&text[copied..]);
        feed.push_str(&text[copied..]);
        vec![Piece::split(page, feed, pieces[0].offset)]
    }

    /// Reads one start tag; its new markup if it changes.
    fn start_tag(
        &mut self,
        tag: &StartTag<usize>,
        text: &str,
        at: &dyn Fn(usize) -> usize,
    ) -> Option<Edit> {
        let name = String::from_utf8_lossy(&tag.name).into_owned();
        let written: Vec<(String, String, usize)> = tag
            .attributes
            .iter()
            .map(|(key, value)| {
                (
                    String::from_utf8_lossy(key).into_owned(),
                    String::from_utf8_lossy(&value.value).into_owned(),
                    value.span.start,
                )
            })
            .collect();
        let get = |key: &str| written.iter().find(|(k, ..)| k == key).map(|(_, v, _)| v);
        if let Some(id) = get("id") {
            self.found.ids.insert(id.clone());
        }
        if let (Some(anchor), "a") = (get("name"), name.as_str()) {
            self.found.ids.insert(anchor.clone());
        }
        let mut page = Attributes(Vec::new());
        let mut feed = Attributes(Vec::new());
        for (key, value, position) in &written {
            let (on_page, in_feed) = match key.as_str() {
                "href" | "src" | "srcset" => self.urls(key, value, at(*position)),
                _ => (value.clone(), value.clone()),
            };
            page.0.push((key.clone(), on_page));
            feed.0.push((key.clone(), in_feed));
        }
        let offset = at(tag.span.start);
        if name == "img" && self.pictures_open == 0 && get("srcset").is_none() {
            if let Some((on_page, in_feed)) = self.image(&page, &feed, offset) {
                return Some(Edit {
                    span: tag.span.start..tag.span.end,
                    page: on_page,
                    feed: in_feed,
                });
            }
        }
        let original = Attributes(
            written
                .iter()
                .map(|(k, v, _)| (k.clone(), v.clone()))
                .collect(),
        );
        if page == original && feed == original {
            return None;
        }
        debug_assert!(text[tag.span.start..].starts_with('<'));
        Some(Edit {
            span: tag.span.start..tag.span.end,
            page: page.tag(&name, tag.self_closing),
            feed: feed.tag(&name, tag.self_closing),
        })
    }

    /// The URLs of attribute `key` (`value` as written, at byte `offset`
    /// of the body) remembered for the link check, and the value for the
    /// page (a post's other name made its path) and for the feed (every
    /// URL absolute).
    fn urls(&mut self, key: &str, value: &str, offset: usize) -> (String, String) {
        let at = self.body.at(offset);
        let one = |url: &str, found: &mut Found, cx: &Context, page_path: &str| {
            if url.is_empty() {
                return (String::new(), String::new());
            }
            found.links.push(Link {
                href: url.to_string(),
                at: at.clone(),
            });
            let on_page = match cx.addresses.target(page_path, url, cx.base_url) {
                Ok(Some(renamed)) => renamed,
                _ => url.to_string(),
            };
            let in_feed = links::absolute(cx.base_url, page_path, &on_page);
            (on_page, in_feed)
        };
        if key != "srcset" {
            return one(value, self.found, self.cx, self.page_path);
        }
        // `srcset`: `url [descriptor]` candidates, comma-separated.
        let (mut on_page, mut in_feed) = (Vec::new(), Vec::new());
        for candidate in value.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            let (url, descriptor) = candidate
                .split_once(char::is_whitespace)
                .map_or((candidate, ""), |(u, d)| (u, d.trim()));
            let (page, feed) = one(url, self.found, self.cx, self.page_path);
            let with = |u: String| match descriptor {
                "" => u,
                d => format!("{u} {d}"),
            };
            on_page.push(with(page));
            in_feed.push(with(feed));
        }
        (on_page.join(", "), in_feed.join(", "))
    }

    /// An `<img>` (its attributes for the page and the feed) of a local
    /// image, with its box and, for a raster image, its responsive files;
    /// `None` for any other (another site's, or one the link check
    /// reports missing).
    fn image(
        &mut self,
        page: &Attributes,
        feed: &Attributes,
        offset: usize,
    ) -> Option<(String, String)> {
        let src = page.get("src")?;
        if links::is_external(src) {
            return None;
        }
        let resolved = links::resolve(self.page_path, src);
        let path = resolved.split(['?', '#']).next().unwrap_or(&resolved);
        let bytes = self.cx.files.get(path)?;
        let wrong =
            |e: &dyn std::fmt::Display| anyhow!("{}: image \"{src}\": {e}", self.body.at(offset));
        let eager = page.get("loading").is_some() || offset < FIRST_SCREEN;
        let kept = |attributes: &Attributes| {
            attributes.without(&["src", "width", "height", "srcset", "sizes", "decoding"])
        };
        if let Some(picture) = self.cx.pictures.get(path) {
            let picture = match picture {
                Ok(picture) => picture,
                Err(e) => {
                    self.problems.push(wrong(e));
                    return None;
                }
            };
            let (width, height) = picture.one_x_size();
            let size = sized(page, u64::from(width), u64::from(height));
            let alt = page.get("alt").map_or("", String::as_str);
            let title = page.get("title").map(String::as_str);
            let absolute = |href: &str| links::absolute(self.cx.base_url, self.page_path, href);
            return Some((
                picture.page_with(&kept(page).html(), size, eager, self.links_open == 0),
                picture.feed(alt, title, absolute),
            ));
        }
        let natural = match images::size(path, bytes) {
            Ok(size) => size,
            Err(e) => {
                self.problems.push(wrong(&e));
                return None;
            }
        };
        let (width, height) = sized(page, natural.width, natural.height);
        let with_box = |attributes: &Attributes| {
            let mut out = Attributes(vec![("src".into(), attributes.get("src")?.clone())]);
            out.0.extend(kept(attributes).0);
            out.0.push(("width".into(), width.to_string()));
            out.0.push(("height".into(), height.to_string()));
            if !eager {
                out.0.push(("loading".into(), "lazy".into()));
            }
            out.0.push(("decoding".into(), "async".into()));
            Some(out.tag("img", false))
        };
        Some((with_box(page)?, with_box(feed)?))
    }
}

/// The box an image `width` × `height` is shown in: the writer's
/// `width` and `height` where they are pixels, the other side from the
/// image's proportions; the image's own size when neither is (a
/// percentage gives way to the size, which the column caps).
fn sized(attributes: &Attributes, width: u64, height: u64) -> (u64, u64) {
    let pixels = |key: &str| {
        let value = attributes.get(key)?.trim();
        let value = value.strip_suffix("px").unwrap_or(value);
        value.parse::<u64>().ok().filter(|v| *v > 0)
    };
    let scale = |v: u64, from: u64, to: u64| (v * to + from / 2) / from.max(1);
    match (pixels("width"), pixels("height")) {
        (Some(w), Some(h)) => (w, h),
        (Some(w), None) => (w, scale(w, width, height)),
        (None, Some(h)) => (scale(h, height, width), h),
        (None, None) => (width, height),
    }
}

/// A tag's attributes, in order: name and decoded value.
#[derive(PartialEq)]
struct Attributes(Vec<(String, String)>);

impl Attributes {
    fn get(&self, key: &str) -> Option<&String> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn without(&self, keys: &[&str]) -> Attributes {
        Attributes(
            self.0
                .iter()
                .filter(|(k, _)| !keys.contains(&k.as_str()))
                .cloned()
                .collect(),
        )
    }

    /// ` name="value"` for each, escaped; a name alone for an empty value.
    fn html(&self) -> String {
        self.0
            .iter()
            .map(|(key, value)| match value.as_str() {
                "" => format!(" {key}"),
                value => format!(" {key}=\"{}\"", html! { (value) }.into_string()),
            })
            .collect()
    }

    /// The start tag `<name …>`.
    fn tag(&self, name: &str, self_closing: bool) -> String {
        let slash = if self_closing { " /" } else { "" };
        format!("<{name}{}{slash}>", self.html())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attributes(pairs: &[(&str, &str)]) -> Attributes {
        Attributes(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn the_box_keeps_the_writers_pixels_and_the_images_proportions() {
        assert_eq!(sized(&attributes(&[]), 800, 400), (800, 400));
        assert_eq!(
            sized(&attributes(&[("width", "600")]), 800, 400),
            (600, 300)
        );
        assert_eq!(
            sized(&attributes(&[("height", "206px")]), 800, 400),
            (412, 206)
        );
        assert_eq!(
            sized(&attributes(&[("width", "100%")]), 800, 400),
            (800, 400)
        );
        assert_eq!(
            sized(&attributes(&[("width", "10"), ("height", "10")]), 800, 400),
            (10, 10)
        );
    }

    #[test]
    fn a_tag_is_written_with_its_values_escaped() {
        let tag = attributes(&[("alt", "a \"b\" & c"), ("allowfullscreen", "")]).tag("img", true);
        assert_eq!(
            tag,
            "<img alt=\"a &quot;b&quot; &amp; c\" allowfullscreen />"
        );
    }
}
