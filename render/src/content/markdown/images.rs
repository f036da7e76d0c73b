//! Images: each one, from its start to its end, becomes one piece: a
//! responsive `<picture>` for a raster image (`content::image`), a sized
//! `<img>` for any other (`content::images`); the events inside are its
//! alt text. An image's title is its caption (`![alt](plot.png
//! "Caption")`): the image, alone in its paragraph, becomes a `<figure>`
//! with a `<figcaption>`; beside text, it stays an inline image with its
//! title. The first image is loaded at once when it sits near the top
//! (on the first screen); every other waits until the reader nears it.
//! An image may also be a file under `static/`, by the path it is served
//! at (`/assets/plot.png`, as Hugo and Jekyll blogs write it). An image
//! on another host is not loaded (the site makes no third-party request):
//! it is shown as a link to it, with its alt text and title, and a
//! warning. Every mistake (a missing file, no alt text, an
//! unreadable image) is a problem of the post; the image is left out and
//! the rest of the post read on.

use super::{Body, Context, Piece, Warning};
use crate::content::image::picture::Picture;
use crate::content::images::{self, Size};
use crate::content::links;
use anyhow::{anyhow, bail, Result};
use maud::{html, PreEscaped};
use pulldown_cmark::{Event, Tag, TagEnd};

/// How far into the body (in bytes of markdown) the first image may start
/// and still be on the first screen: under the title, about a paragraph.
pub(super) const FIRST_SCREEN: usize = 600;

/// `pieces` with every image one piece; in the feed's the sources are
/// absolute. `page_path` is the path the post is served at. Each image
/// that cannot be shown adds its problem to `problems`; each on another
/// host, a warning.
pub(super) fn render<'e>(
    pieces: Vec<Piece<'e>>,
    body: &Body,
    page_path: &str,
    cx: &Context,
    problems: &mut Vec<anyhow::Error>,
) -> (Vec<Piece<'e>>, Vec<Warning>) {
    let mut out: Vec<Piece<'e>> = Vec::with_capacity(pieces.len());
    let mut shown: Vec<(usize, Shown)> = Vec::new();
    let mut warnings = Vec::new();
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
                let first = !shown
                    .iter()
                    .any(|(_, s)| !matches!(s.drawn, Drawn::Elsewhere));
                let eager = first && image.offset < FIRST_SCREEN;
                match image.shown(body, page_path, cx, eager) {
                    Ok(img) => {
                        if let Drawn::Elsewhere = img.drawn {
                            warnings.push(Warning {
                                offset: image.offset,
                                message: format!(
                                    "{}: image \"{}\" is on another host: shown as a link to it (the site makes no third-party requests); to show it, put the file beside the post (posts/<slug>/index.md and the image next to it)",
                                    img.at, image.src
                                ),
                            });
                        }
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
    (figures(out, shown, page_path, cx), warnings)
}

/// The images put in place: a captioned one alone in its paragraph as a
/// figure instead of the paragraph, any other where it is (with its
/// title).
fn figures<'e>(
    mut pieces: Vec<Piece<'e>>,
    shown: Vec<(usize, Shown)>,
    page_path: &str,
    cx: &Context,
) -> Vec<Piece<'e>> {
    let absolute = |href: &str| links::absolute(cx.base_url, page_path, href);
    let mut dropped = Vec::new();
    for (at, img) in shown {
        let alone = at > 0
            && matches!(pieces[at - 1].event(), Some(Event::Start(Tag::Paragraph)))
            && matches!(
                pieces.get(at + 1).and_then(Piece::event),
                Some(Event::End(TagEnd::Paragraph))
            );
        let offset = pieces[at].offset;
        pieces[at] = match &img.caption {
            Some(caption) if alone && !matches!(img.drawn, Drawn::Elsewhere) => {
                dropped.extend([at - 1, at + 1]);
                let figure = |inner: &str| {
                    html! {
                        figure.figure { (PreEscaped(inner)) figcaption { (caption) } }
                    }
                    .into_string()
                };
                Piece::split(
                    figure(&img.page(None)),
                    figure(&img.feed(None, &absolute)),
                    offset,
                )
            }
            caption => Piece::split(
                img.page(caption.as_deref()),
                img.feed(caption.as_deref(), &absolute),
                offset,
            ),
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

/// An image that can be shown: what draws it, its alt text, caption
/// (its title), and where and what it is.
struct Shown<'c> {
    drawn: Drawn<'c>,
    alt: String,
    caption: Option<String>,
    eager: bool,
    at: String,
    src: String,
}

/// What draws an image.
enum Drawn<'c> {
    /// A raster image beside the post, offered in several sizes.
    Picture(&'c Picture),
    /// Any other image beside the post, at its path.
    Img(Size),
    /// An image on another host: a link to it.
    Elsewhere,
}

impl Shown<'_> {
    /// The page's markup, with `title` on the image.
    fn page(&self, title: Option<&str>) -> String {
        let Shown { alt, eager, .. } = self;
        match self.drawn {
            Drawn::Picture(picture) => picture.page(alt, title, *eager),
            Drawn::Img(size) => images::tag(&self.src, alt, title, size, *eager),
            Drawn::Elsewhere => self.link(title),
        }
    }

    /// The feed's markup, every URL absolute.
    fn feed(&self, title: Option<&str>, absolute: &dyn Fn(&str) -> String) -> String {
        let Shown { alt, eager, .. } = self;
        match self.drawn {
            Drawn::Picture(picture) => picture.feed(alt, title, absolute),
            Drawn::Img(size) => images::tag(&absolute(&self.src), alt, title, size, *eager),
            Drawn::Elsewhere => self.link(title),
        }
    }

    /// A link to an image on another host: its alt text (or, without one,
    /// its address) and title.
    fn link(&self, title: Option<&str>) -> String {
        let text = if self.alt.trim().is_empty() {
            &self.src
        } else {
            &self.alt
        };
        html! { a href=(self.src) title=[title] { (text) } }.into_string()
    }
}

impl Image {
    /// The image drawn by `drawn` from `src`, its problems at `at`.
    fn show<'c>(&self, drawn: Drawn<'c>, src: &str, at: String, eager: bool) -> Shown<'c> {
        Shown {
            drawn,
            alt: self.alt.clone(),
            caption: (!self.title.is_empty()).then(|| self.title.clone()),
            eager,
            at,
            src: src.to_string(),
        }
    }

    /// How the image is shown; `eager` when it is on the first screen.
    fn shown<'c>(
        &self,
        body: &Body,
        page_path: &str,
        cx: &Context<'c>,
        eager: bool,
    ) -> Result<Shown<'c>> {
        let Image { src, alt, .. } = self;
        let at = body.at(self.offset);
        if links::is_external(src) {
            return Ok(self.show(Drawn::Elsewhere, src, at, eager));
        }
        let resolved = links::resolve(page_path, src);
        let resolved = resolved.split(['?', '#']).next().unwrap_or(&resolved);
        // A relative path written for the post's old address (Zola's
        // `path`) to a file beside another post: that file, at its address
        // here.
        let moved = || {
            let path = cx.addresses.beside_old_address(page_path, src)?;
            cx.files.get_key_value(path.as_str())
        };
        let Some((&path, bytes)) = cx.files.get_key_value(resolved).or_else(moved) else {
            bail!(
                "{at}: image \"{src}\": no such file beside the post or under static/ (looked for {resolved}; a post with images is posts/<slug>/index.md with the images next to it)"
            );
        };
        let src = match path == resolved {
            true => src.as_str(),
            false => path,
        };
        let shown = |drawn| self.show(drawn, src, at.clone(), eager);
        if alt.trim().is_empty() {
            bail!("{at}: image \"{src}\" has no alt text: write what it shows, `![what it shows]({src})`");
        }
        if let Some(picture) = cx.pictures.get(path) {
            let picture = picture
                .as_ref()
                .map_err(|e| anyhow!("{at}: image \"{src}\": {e}"))?;
            return Ok(shown(Drawn::Picture(picture)));
        }
        let size = images::size(path, bytes).map_err(|e| anyhow!("{at}: image \"{src}\": {e}"))?;
        Ok(shown(Drawn::Img(size)))
    }
}
