//! Images in posts that are not made responsive (SVG, GIF, AVIF; a raster
//! image beside a post is `content::image`'s): the `<img>` tag, with the
//! `width` and `height` read from the image file at build time so the page
//! does not shift while it loads.
//! Raster formats are probed by `imagesize`; SVG by its root element's
//! `width`/`height` or `viewBox`.

use maud::html;

/// An image's intrinsic size in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub width: u64,
    pub height: u64,
}

/// The size of the image in `bytes` (named `name`), or why it cannot be
/// read.
pub fn size(name: &str, bytes: &[u8]) -> Result<Size, String> {
    if name.to_ascii_lowercase().ends_with(".svg") {
        return svg_size(bytes);
    }
    let size = imagesize::blob_size(bytes).map_err(|e| match e {
        imagesize::ImageError::NotSupported => {
            "not an image format the build can measure (PNG, JPEG, GIF, WebP, AVIF, SVG)"
                .to_string()
        }
        other => other.to_string(),
    })?;
    Ok(Size {
        width: size.width as u64,
        height: size.height as u64,
    })
}

/// The size an SVG declares on its root element: `width` and `height` in
/// pixels, or else the `viewBox`.
fn svg_size(bytes: &[u8]) -> Result<Size, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "svg" => {
                let attr = |name: &str| {
                    e.try_get_attribute(name)
                        .ok()
                        .flatten()
                        .map(|a| a.value.into_owned())
                };
                let pixels = |v: String| v.trim().trim_end_matches("px").parse::<f64>().ok();
                if let (Some(w), Some(h)) = (
                    attr("width").and_then(pixels),
                    attr("height").and_then(pixels),
                ) {
                    return Ok(rounded(w, h));
                }
                let view_box: Vec<f64> = attr("viewBox")
                    .unwrap_or_default()
                    .split([' ', ','])
                    .filter_map(|n| n.parse().ok())
                    .collect();
                return match view_box[..] {
                    [_, _, w, h] => Ok(rounded(w, h)),
                    _ => Err("SVG without pixel width and height or a viewBox".into()),
                };
            }
            Ok(Event::Eof) => return Err("no <svg> element".into()),
            Err(e) => return Err(format!("SVG: {e}")),
            Ok(_) => buf.clear(),
        }
    }
}

fn rounded(width: f64, height: f64) -> Size {
    Size {
        width: width.round() as u64,
        height: height.round() as u64,
    }
}

/// The `<img>` element for an image at `src` (not a raster image beside a
/// post, which `content::image` makes responsive): lazy unless `eager`,
/// with its `title` if it has one.
pub fn tag(src: &str, alt: &str, title: Option<&str>, size: Size, eager: bool) -> String {
    html! {
        img src=(src) alt=(alt) title=[title] width=(size.width) height=(size.height)
            loading=[(!eager).then_some("lazy")] decoding="async";
    }
    .into_string()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The start of a PNG: its signature and IHDR, all `imagesize` reads.
    pub(crate) fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        bytes.extend(width.to_be_bytes());
        bytes.extend(height.to_be_bytes());
        bytes.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        bytes
    }

    #[test]
    fn png_size_is_read_from_the_file() {
        assert_eq!(
            size("fig.png", &png(3, 2)),
            Ok(Size {
                width: 3,
                height: 2
            })
        );
    }

    #[test]
    fn svg_size_from_attributes_or_view_box() {
        let sized = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="120px" height="80"/>"#;
        assert_eq!(
            size("a.svg", sized),
            Ok(Size {
                width: 120,
                height: 80
            })
        );
        let boxed = br#"<svg viewBox="0 0 640.4 480" width="100%"><g/></svg>"#;
        assert_eq!(
            size("b.SVG", boxed),
            Ok(Size {
                width: 640,
                height: 480
            })
        );
        assert!(size("c.svg", b"<svg/>").is_err());
    }

    #[test]
    fn unknown_format_says_which_formats_work() {
        let err = size(
            "notes.png",
            b"plain text, long enough to be probed as any format",
        )
        .unwrap_err();
        assert!(err.contains("PNG, JPEG"), "{err}");
    }

    #[test]
    fn tag_carries_size_and_escapes_alt() {
        assert_eq!(
            tag("fig.png", "a \"b\"", None, Size { width: 3, height: 2 }, false),
            "<img src=\"fig.png\" alt=\"a &quot;b&quot;\" width=\"3\" height=\"2\" loading=\"lazy\" decoding=\"async\">"
        );
    }
}
