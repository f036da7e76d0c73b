//! Images: each one, from its start to its end, becomes one `<img>` with
//! its size read from the file beside the post (`content::images`); the
//! events inside are its alt text. Every mistake (an outside address, a
//! missing file, no alt text, an unreadable image) is a problem of the
//! post; the image is left out and the rest of the post read on.

use super::{Body, Context, Piece};
use crate::content::{images, links};
use anyhow::{anyhow, bail, Result};
use pulldown_cmark::{Event, Tag, TagEnd};

/// `pieces` with every image one sized tag; in the feed's tag the source
/// is absolute. `page_path` is the path the post is served at. Each image
/// that cannot be shown adds its problem to `problems`.
pub(super) fn render<'e>(
    pieces: Vec<Piece<'e>>,
    body: &Body,
    page_path: &str,
    cx: &Context,
    problems: &mut Vec<anyhow::Error>,
) -> Vec<Piece<'e>> {
    let mut out = Vec::with_capacity(pieces.len());
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
                match image.tag(body, page_path, cx) {
                    Ok(tag) => out.push(tag),
                    Err(problem) => problems.push(problem),
                }
            }
            _ => {}
        }
    }
    out
}

/// An image being read.
struct Image {
    src: String,
    title: String,
    /// Where it starts in the body.
    offset: usize,
    alt: String,
}

impl Image {
    /// The image's tag, with its size.
    fn tag<'e>(&self, body: &Body, page_path: &str, cx: &Context) -> Result<Piece<'e>> {
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
                "{at}: image \"{src}\": no such file beside the post (looked for {path}; a post with images is posts/<slug>/index.md with the images next to it)"
            );
        };
        if alt.trim().is_empty() {
            bail!("{at}: image \"{src}\" has no alt text: write what it shows, `![what it shows]({src})`");
        }
        let size = images::size(path, bytes).map_err(|e| anyhow!("{at}: image \"{src}\": {e}"))?;
        let title = (!title.is_empty()).then_some(title.as_str());
        Ok(Piece::split(
            images::tag(src, alt, title, size),
            images::tag(
                &links::absolute(cx.base_url, page_path, src),
                alt,
                title,
                size,
            ),
            self.offset,
        ))
    }
}
