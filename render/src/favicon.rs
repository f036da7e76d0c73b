//! `/favicon.ico`, drawn from `static/favicon.svg`: feed readers, crawlers
//! and some browsers ask for it whatever a page links. The SVG is
//! rasterised (resvg) at 16, 32 and 48 pixels, each a PNG inside one ICO
//! file (the `ico` crate): smaller than bitmaps, and read by every ICO
//! reader since Windows Vista. Its URL cannot change, so it is revalidated
//! like the other unfingerprinted routes. Build time only: the shipped
//! binary holds the bytes, not these crates.

use crate::assets::FAVICON;
use crate::site::{CachePolicy, Route};
use crate::source::Source;
use anyhow::{anyhow, bail, Context, Result};
use bytes::Bytes;
use ico::{IconDir, IconDirEntry, IconImage, ResourceType};
use resvg::{tiny_skia, usvg};

/// Where it is served.
pub const PATH: &str = "/favicon.ico";
/// The ICO type IANA registered (`image/vnd.microsoft.icon`) is less
/// widely known to clients than this one, which every browser reads.
pub const CONTENT_TYPE: &str = "image/x-icon";
/// The sizes drawn, in pixels: a browser tab at 1× and 2×, and Windows'
/// shortcut size.
pub const SIZES: [u32; 3] = [16, 32, 48];

/// The `/favicon.ico` route, drawn from `static/favicon.svg` in `statics`.
/// An SVG that cannot be read, or draws nothing, fails the build.
pub(crate) fn route(statics: &[Source<Bytes>]) -> Result<Route> {
    let path = format!("static/{FAVICON}");
    let svg = statics
        .iter()
        .find(|s| s.path == FAVICON)
        .ok_or_else(|| anyhow!("{path}: missing: /favicon.ico is drawn from it"))?;
    let body = ico(&svg.content).with_context(|| format!("{path}: cannot draw /favicon.ico"))?;
    Ok(Route {
        path: PATH.into(),
        content_type: CONTENT_TYPE.into(),
        body: body.into(),
        cache: CachePolicy::Revalidate,
        ranges: false,
    })
}

/// An ICO file holding `svg` drawn at each of `SIZES`.
fn ico(svg: &[u8]) -> Result<Vec<u8>> {
    let tree = usvg::Tree::from_data(svg, &usvg::Options::default())?;
    let mut icon = IconDir::new(ResourceType::Icon);
    for size in SIZES {
        let image = draw(&tree, size)?;
        icon.add_entry(IconDirEntry::encode_as_png(&image)?);
    }
    let mut bytes = Vec::new();
    icon.write(&mut bytes)?;
    Ok(bytes)
}

/// `tree` drawn into a square `size` pixels wide, scaled to fit and
/// centred, as straight (not premultiplied) RGBA.
fn draw(tree: &usvg::Tree, size: u32) -> Result<IconImage> {
    let mut pixmap = tiny_skia::Pixmap::new(size, size).expect("a favicon size is not zero");
    let (width, height) = (tree.size().width(), tree.size().height());
    let side = size as f32;
    let scale = side / width.max(height);
    let transform = tiny_skia::Transform::from_scale(scale, scale)
        .post_translate((side - width * scale) / 2.0, (side - height * scale) / 2.0);
    resvg::render(tree, transform, &mut pixmap.as_mut());
    let rgba: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|pixel| {
            let color = pixel.demultiply();
            [color.red(), color.green(), color.blue(), color.alpha()]
        })
        .collect();
    if rgba.chunks_exact(4).all(|pixel| pixel[3] == 0) {
        bail!("it draws nothing at {size}×{size} pixels");
    }
    Ok(IconImage::from_rgba_data(size, size, rgba))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statics(svg: &str) -> Vec<Source<Bytes>> {
        vec![Source {
            path: FAVICON.into(),
            content: Bytes::copy_from_slice(svg.as_bytes()),
        }]
    }

    #[test]
    fn a_wide_svg_is_drawn_centred_in_every_size() {
        let wide = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 10"><rect width="20" height="10" fill="red"/></svg>"#;
        let route = route(&statics(wide)).unwrap();
        assert_eq!(route.path, "/favicon.ico");
        assert_eq!(route.content_type, "image/x-icon");
        assert_eq!(route.cache, CachePolicy::Revalidate);
        let icon = IconDir::read(std::io::Cursor::new(&route.body)).unwrap();
        let sizes: Vec<u32> = icon.entries().iter().map(|e| e.width()).collect();
        assert_eq!(sizes, SIZES);
        for entry in icon.entries() {
            assert!(entry.is_png());
            let image = entry.decode().unwrap();
            let side = image.width() as usize;
            let alpha = |x: usize, y: usize| image.rgba_data()[(y * side + x) * 4 + 3];
            // A band across the middle, empty above and below.
            assert_eq!(alpha(side / 2, side / 2), 255, "{side}");
            assert_eq!(alpha(side / 2, 0), 0, "{side}");
            assert_eq!(alpha(side / 2, side - 1), 0, "{side}");
            assert_eq!(
                image.rgba_data()[(side / 2 * side + side / 2) * 4],
                255,
                "red"
            );
        }
    }

    #[test]
    fn a_favicon_that_cannot_be_drawn_names_the_file() {
        for (svg, why) in [
            ("favicon.svg", "not SVG"),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"></svg>"#,
                "draws nothing at 16×16 pixels",
            ),
        ] {
            let error = format!("{:#}", route(&statics(svg)).unwrap_err());
            assert!(
                error.starts_with("static/favicon.svg: cannot draw /favicon.ico: "),
                "{error}"
            );
            if why != "not SVG" {
                assert!(error.ends_with(why), "{error}");
            }
        }
        let error = route(&[]).unwrap_err().to_string();
        assert_eq!(
            error,
            "static/favicon.svg: missing: /favicon.ico is drawn from it"
        );
    }
}
