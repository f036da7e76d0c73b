//! Images: each one, from its start to its end, becomes one piece: a
//! responsive `<picture>` for a raster image (`content::image`), a sized
//! `<img>` for any other (`content::images`); the events inside are its
//! alt text. An image's title is its caption (`![alt](plot.png
//! "Caption")`): the image, alone in its paragraph, becomes a `<figure>`
//! with a `<figcaption>`. The first image is loaded at once when it sits near the
//! top (on the first screen); every other waits until the reader nears it.
//! An image may also be a file under `static/`, by the path it is served
//! at (`/assets/plot.png`, as Hugo and Jekyll blogs write it).
//! Every mistake (an outside address, a missing file, no alt text, an
//! unreadable image) is a problem of the post; the image is left out and
//! the rest of the post read on.

use super::{Body, Context, Piece};
use crate::content::{images, links};
use anyhow::{anyhow, bail, Result};
use maud::{html, PreEscaped};
use pulldown_cmark::{Event, Tag, TagEnd};

/// How far into the body (in bytes of markdown) the first image may start
/// and still be on the first screen: under the title, about a paragraph.
pub(super) const FIRST_SCREEN: usize = 600;

/// `pieces` with every image one piece; in the feed's the sources are
/// absolute. `page_path` is the path the post is served at. Each image
/// that cannot be shown adds its problem to `problems`.
pub(super) fn render<'e>(
    pieces: Vec<Piece<'e>>,
    body: &Body,
    page_path: &str,
    cx: &Context,
    problems: &mut Vec<anyhow::Error>,
) -> Vec<Piece<'e>> {
    let mut out: Vec<Piece<'e>> = Vec::with_capacity(pieces.len());
    let mut shown: Vec<(usize, Shown)> = Vec::new();
    let mut image: Option<Image> = None;
    for piece in pieces {
        let Some(open) = image.as_mut() else {
            if let Some(Event::Start(Tag::Image {
                dest_url, title, ..
            })) = piece.event()
            {
                image = Some(Image {
                    src: dest_url.to_string(),
                    title: title.to_string(),
                    offset: piece.offset,
                    alt: String::new(),
                });
            } else {
                out.push(piece);
            }
            continue;
        };
        // Inside an image, everything is its alt text.
        match piece.event() {
            Some(Event::Text(text) | Event::Code(text) | Event::InlineMath(text)) => {
                open.alt.push_str(text)
            }
            Some(Event::End(TagEnd::Image)) => {
                let image = image.take().expect("inside an image");
                let eager = shown.is_empty() && image.offset < FIRST_SCREEN;
                match image.shown(body, page_path, cx, eager) {
                    Ok(img) => {
                        shown.push((out.len(), img));
                        // A placeholder, replaced below.
                        out.push(Piece::html(String::new(), image.offset));
                    }
                    Err(problem) => problems.push(problem),
                }
            }
            _ => {}
        }
    }
    figures(out, shown, problems)
}

/// The images put in place: a captioned one as a figure instead of its
/// paragraph (a caption beside text is a problem), any other as it is.
fn figures<'e>(
    mut pieces: Vec<Piece<'e>>,
    shown: Vec<(usize, Shown)>,
    problems: &mut Vec<anyhow::Error>,
) -> Vec<Piece<'e>> {
    let mut dropped = Vec::new();
    for (at, img) in shown {
        let alone = at > 0
            && matches!(pieces[at - 1].event(), Some(Event::Start(Tag::Paragraph)))
            && matches!(
                pieces.get(at + 1).and_then(Piece::event),
                Some(Event::End(TagEnd::Paragraph))
            );
        let offset = pieces[at].offset;
        pieces[at] = match (&img.caption, alone) {
            (Some(_), false) => {
                problems.push(anyhow!(
                    "{}: image \"{}\": a caption (the title in `![alt](file \"Caption\")`) makes the image a figure, which stands alone in its paragraph: put a blank line before and after it",
                    img.at,
                    img.src
                ));
                Piece::split(img.page, img.feed, offset)
            }
            (Some(caption), true) => {
                dropped.extend([at - 1, at + 1]);
                let figure = |inner: &str| {
                    html! {
                        figure.figure { (PreEscaped(inner)) figcaption { (caption) } }
                    }
                    .into_string()
                };
                Piece::split(figure(&img.page), figure(&img.feed), offset)
            }
            _ => Piece::split(img.page, img.feed, offset),
        };
    }
    pieces
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !dropped.contains(i))
        .map(|(_, piece)| piece)
        .collect()
}

/// An image being read.
struct Image {
    src: String,
    title: String,
    /// Where it starts in the body.
    offset: usize,
    alt: String,
}

/// An image's markup for the page and the feed, its caption, and where
/// and what it is.
struct Shown {
    page: String,
    feed: String,
    caption: Option<String>,
    at: String,
    src: String,
}

impl Image {
    /// The image's markup; `eager` when it is on the first screen.
    fn shown(&self, body: &Body, page_path: &str, cx: &Context, eager: bool) -> Result<Shown> {
        let Image {
            src, title, alt, ..
        } = self;
        let at = body.at(self.offset);
        if links::is_external(src) {
            bail!("{at}: image \"{src}\": an image is a file beside its post (posts/<slug>/index.md and the image next to it), not an outside address");
        }
        let path = links::resolve(page_path, src);
        let path = path.split(['?', '#']).next().unwrap_or(&path);
        let Some(bytes) = cx.files.get(path) else {
            bail!(
                "{at}: image \"{src}\": no such file beside the post or under static/ (looked for {path}; a post with images is posts/<slug>/index.md with the images next to it)"
            );
        };
        if alt.trim().is_empty() {
            bail!("{at}: image \"{src}\" has no alt text: write what it shows, `![what it shows]({src})`");
        }
        let caption = (!title.is_empty()).then(|| title.clone());
        let absolute = |href: &str| links::absolute(cx.base_url, page_path, href);
        if let Some(picture) = cx.pictures.get(path) {
            let picture = picture
                .as_ref()
                .map_err(|e| anyhow!("{at}: image \"{src}\": {e}"))?;
            return Ok(Shown {
                page: picture.page(alt, eager),
                feed: picture.feed(alt, absolute),
                caption,
                at,
                src: src.clone(),
            });
        }
        let size = images::size(path, bytes).map_err(|e| anyhow!("{at}: image \"{src}\": {e}"))?;
        Ok(Shown {
            page: images::tag(src, alt, size, eager),
            feed: images::tag(&absolute(src), alt, size, eager),
            caption,
            at,
            src: src.clone(),
        })
    }
}
