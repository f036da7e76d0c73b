//! One raster image made into the files a page serves: decoded, resized
//! to each width with Lanczos3, and encoded twice at each width, once in a
//! modern format and once in the image's own (the fallback for a browser
//! that has no AVIF or WebP). Which modern format is decided per image by
//! size: lossy AVIF, or lossless WebP where that is smaller (flat plots),
//! or none when neither beats the fallback. Pure: bytes in, bytes out.
//!
//! How the formats and the quality were chosen (sizes, SSIMULACRA2 scores,
//! encode times, and the crops looked at) is in docs/benchmarks.md, "Image
//! formats"; `render/examples/image_formats.rs` prints that table.

use bytes::Bytes;
use image::codecs::avif::AvifEncoder;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType as Resample;
use image::{DynamicImage, ExtendedColorType, ImageEncoder, ImageFormat};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// AVIF quality (rav1e's 1–100): text in screenshots stays crisp at 2×
/// (SSIMULACRA2 about 82 on the screenshot measured).
const AVIF_QUALITY: u8 = 70;
/// rav1e's speed (0 slowest, 10 fastest): 6 and 8 made files within 0.5 %
/// of each other; 8 is quicker.
const AVIF_SPEED: u8 = 8;
/// A JPEG fallback's quality.
const JPEG_QUALITY: u8 = 85;

/// Everything above, for the cache key: a change re-encodes every image.
pub(crate) const SETTINGS: &str =
    "avif q70 s8; webp lossless; png best, palette when ≤ 256 colours; jpeg q85; lanczos3; v1";

/// The formats served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Format {
    Avif,
    WebP,
    Png,
    Jpeg,
}

impl Format {
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Format::Avif => "avif",
            Format::WebP => "webp",
            Format::Png => "png",
            Format::Jpeg => "jpg",
        }
    }

    pub(crate) fn mime(self) -> &'static str {
        match self {
            Format::Avif => "image/avif",
            Format::WebP => "image/webp",
            Format::Png => "image/png",
            Format::Jpeg => "image/jpeg",
        }
    }
}

/// One file at one width.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Variant {
    pub width: u32,
    pub height: u32,
    /// Shared with the routes serving it, build after build.
    pub bytes: Bytes,
}

/// One format at every width, widest last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Set {
    pub format: Format,
    pub variants: Vec<Variant>,
}

impl Set {
    fn bytes(&self) -> usize {
        self.variants.iter().map(|v| v.bytes.len()).sum()
    }
}

/// What an image became.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Encoded {
    /// The original's size.
    pub width: u32,
    pub height: u32,
    /// The modern format, when one is smaller than the fallback.
    pub modern: Option<Set>,
    /// The image's own format at each width; the original itself when the
    /// image was not resized.
    pub fallback: Option<Set>,
}

/// The widths a column `column` px wide needs of an image `width` px wide:
/// the column at 1× and 2×, never wider than the image; the image's own
/// width when it is no wider than the column.
pub(crate) fn widths(column: u32, width: u32) -> Vec<u32> {
    let mut widths = vec![column.min(width), (2 * column).min(width)];
    widths.dedup();
    widths
}

/// The image in `bytes` (PNG, JPEG or WebP) at `widths` (from `widths`).
pub(crate) fn encode(bytes: &[u8], widths: &[u32]) -> Result<Encoded, String> {
    let format = match image::guess_format(bytes) {
        Ok(ImageFormat::Png) => Format::Png,
        Ok(ImageFormat::Jpeg) => Format::Jpeg,
        Ok(ImageFormat::WebP) => Format::WebP,
        _ => return Err("not a PNG, JPEG or WebP image".into()),
    };
    let original = image::load_from_memory(bytes).map_err(|e| format!("cannot be read: {e}"))?;
    let original = if original.color().has_alpha() {
        DynamicImage::ImageRgba8(original.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(original.into_rgb8())
    };
    let (width, height) = (original.width(), original.height());
    let resized = resize(&original, widths);
    let at_own_size = resized.len() == 1 && resized[0].width() == width;
    let fallback = (!at_own_size).then(|| set(format, &resized)).transpose()?;
    let fallback_bytes = fallback.as_ref().map_or(bytes.len(), Set::bytes);
    let mut candidates = vec![set(Format::Avif, &resized)?];
    if format != Format::WebP {
        candidates.push(set(Format::WebP, &resized)?);
    }
    let modern = candidates
        .into_iter()
        .min_by_key(Set::bytes)
        .filter(|smallest| smallest.bytes() < fallback_bytes);
    Ok(Encoded {
        width,
        height,
        modern,
        fallback,
    })
}

/// The image at each width, each resized from the next wider one (a
/// halving from an already smooth image loses nothing visible, and is
/// quicker than resampling the original again).
fn resize(original: &DynamicImage, widths: &[u32]) -> Vec<DynamicImage> {
    let mut out: Vec<DynamicImage> = Vec::with_capacity(widths.len());
    for &width in widths.iter().rev() {
        let from = out.last().unwrap_or(original);
        let height = (u64::from(original.height()) * u64::from(width) / u64::from(original.width()))
            .max(1) as u32;
        out.push(if (width, height) == (from.width(), from.height()) {
            from.clone()
        } else {
            from.resize_exact(width, height, Resample::Lanczos3)
        });
    }
    out.reverse();
    out
}

/// `images` in `format`, on every core.
fn set(format: Format, images: &[DynamicImage]) -> Result<Set, String> {
    let variants = images
        .par_iter()
        .map(|image| {
            Ok(Variant {
                width: image.width(),
                height: image.height(),
                bytes: encode_one(format, image)?.into(),
            })
        })
        .collect::<Result<_, String>>()?;
    Ok(Set { format, variants })
}

fn encode_one(format: Format, image: &DynamicImage) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let (w, h) = (image.width(), image.height());
    let color = ExtendedColorType::from(image.color());
    let written = match format {
        Format::Avif => AvifEncoder::new_with_speed_quality(&mut out, AVIF_SPEED, AVIF_QUALITY)
            .write_image(image.as_bytes(), w, h, color),
        Format::WebP => {
            WebPEncoder::new_lossless(&mut out).write_image(image.as_bytes(), w, h, color)
        }
        Format::Jpeg => JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY).write_image(
            image.as_bytes(),
            w,
            h,
            color,
        ),
        Format::Png => return Ok(palette_png(image).unwrap_or_else(|| truecolour_png(image))),
    };
    written.map_err(|e| format!("{} encoder: {e}", format.extension()))?;
    Ok(out)
}

fn truecolour_png(image: &DynamicImage) -> Vec<u8> {
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Best, FilterType::Adaptive)
        .write_image(
            image.as_bytes(),
            image.width(),
            image.height(),
            ExtendedColorType::from(image.color()),
        )
        .expect("a PNG of an 8-bit RGB(A) image in memory is written");
    out
}

/// The image as an indexed PNG when it has at most 256 colours (a flat
/// plot or diagram): lossless, and smaller than truecolour.
fn palette_png(image: &DynamicImage) -> Option<Vec<u8>> {
    let rgba = image.to_rgba8();
    let mut palette: Vec<[u8; 4]> = Vec::new();
    let mut seen = HashSet::new();
    for pixel in rgba.pixels() {
        if seen.insert(pixel.0) {
            if palette.len() == 256 {
                return None;
            }
            palette.push(pixel.0);
        }
    }
    palette.sort_unstable();
    let indices: Vec<u8> = rgba
        .pixels()
        .map(|p| {
            palette
                .binary_search(&p.0)
                .expect("every colour is in the palette") as u8
        })
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, image.width(), image.height());
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(
        palette
            .iter()
            .flat_map(|c| [c[0], c[1], c[2]])
            .collect::<Vec<_>>(),
    );
    if palette.iter().any(|c| c[3] != 255) {
        encoder.set_trns(palette.iter().map(|c| c[3]).collect::<Vec<_>>());
    }
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder.write_header().ok()?;
    writer.write_image_data(&indices).ok()?;
    writer.finish().ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(image: DynamicImage) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        image.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn widths_are_the_column_at_1x_and_2x_never_wider_than_the_image() {
        assert_eq!(widths(576, 4000), [576, 1152]);
        assert_eq!(widths(576, 800), [576, 800]);
        assert_eq!(widths(576, 576), [576]);
        assert_eq!(widths(576, 300), [300]);
    }

    #[test]
    fn a_flat_image_is_an_indexed_png_smaller_than_any_modern_file() {
        let flat = DynamicImage::ImageRgb8(image::RgbImage::from_fn(300, 100, |x, _| {
            image::Rgb(if x < 150 {
                [20, 60, 120]
            } else {
                [250, 248, 244]
            })
        }));
        let encoded = encode(&png(flat), &widths(100, 300)).unwrap();
        let fallback = encoded.fallback.expect("resized, so a fallback of its own");
        assert_eq!(fallback.format, Format::Png);
        let sizes: Vec<(u32, u32)> = fallback
            .variants
            .iter()
            .map(|v| (v.width, v.height))
            .collect();
        assert_eq!(sizes, [(100, 33), (200, 66)]);
        let first = image::load_from_memory(&fallback.variants[0].bytes).unwrap();
        assert_eq!(
            first.color(),
            image::ColorType::Rgb8,
            "decoded from a palette"
        );
        assert_eq!(
            &fallback.variants[0].bytes[25], &3,
            "colour type 3: indexed"
        );
        // Two flat colours: the indexed PNG beats lossy AVIF and lossless
        // WebP, so no modern file is offered at all.
        assert_eq!(encoded.modern, None);
    }

    #[test]
    fn an_image_at_its_own_size_has_no_fallback_but_the_original() {
        let small =
            DynamicImage::ImageRgb8(image::RgbImage::from_pixel(40, 20, image::Rgb([9, 9, 9])));
        let encoded = encode(&png(small), &widths(576, 40)).unwrap();
        assert_eq!(
            (encoded.width, encoded.height, encoded.fallback),
            (40, 20, None)
        );
    }

    #[test]
    fn what_is_not_a_png_jpeg_or_webp_is_said() {
        assert_eq!(
            encode(b"GIF89a....", &[10]),
            Err("not a PNG, JPEG or WebP image".into())
        );
    }
}
