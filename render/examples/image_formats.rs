//! How the build's image formats were chosen: each image given is resized
//! to the column's widths (576 and 1,152 px: the measure at 1× and 2×),
//! then encoded every way the build could serve it; for each, the bytes,
//! the encode time and the SSIMULACRA2 score against the resized image
//! (100 is identical, 90 visually lossless, 70 high quality). The table in
//! docs/benchmarks.md ("Image formats") is its output.
//!
//! The `image` crate decodes AVIF only through dav1d, a C library the
//! build does not need; the scores decode AVIF with `avifdec` (Debian's
//! `libavif-bin`) instead.
//!
//! With `IMAGE_FORMATS_OUT=DIR` it also writes every encoding there as
//! PNG, to look at.
//!
//! ```sh
//! cargo run -p render --example image_formats -- a.png b.png
//! ```

use image::codecs::avif::AvifEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType as Resize;
use image::{DynamicImage, ImageEncoder, RgbImage};
use ssimulacra2::{compute_frame_ssimulacra2, ColorPrimaries, Rgb, TransferCharacteristic};
use std::time::Instant;

const WIDTHS: [u32; 2] = [576, 1152];

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: image_formats IMAGE...");
        std::process::exit(2);
    }
    println!("| image | width | encoding | bytes | encode ms | SSIMULACRA2 |");
    println!("|---|--:|---|--:|--:|--:|");
    for path in &paths {
        let original = image::open(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let name = std::path::Path::new(path)
            .file_name()
            .unwrap()
            .to_string_lossy();
        for width in WIDTHS {
            let height = original.height() * width / original.width();
            let started = Instant::now();
            let resized = original
                .resize_exact(width, height, Resize::Lanczos3)
                .to_rgb8();
            let resize_ms = started.elapsed().as_millis();
            println!("| {name} | {width} | (resize, Lanczos3) | | {resize_ms} | |");
            for (encoding, encode) in encodings() {
                let started = Instant::now();
                let bytes = encode(&resized);
                let ms = started.elapsed().as_millis();
                let decoded = decode(&bytes);
                if let Some(dir) = std::env::var_os("IMAGE_FORMATS_OUT") {
                    let file =
                        format!("{name}.{width}.{encoding}.png").replace([' ', ',', '(', ')'], "_");
                    decoded
                        .save(std::path::Path::new(&dir).join(file))
                        .expect("DIR is writable");
                }
                let score = ssimulacra2(&resized, &decoded.to_rgb8());
                println!(
                    "| {name} | {width} | {encoding} | {} | {ms} | {score:.1} |",
                    bytes.len()
                );
            }
        }
    }
}

type Encode = Box<dyn Fn(&RgbImage) -> Vec<u8>>;

fn encodings() -> Vec<(String, Encode)> {
    let mut all: Vec<(String, Encode)> = vec![
        ("PNG, truecolour".into(), Box::new(png)),
        ("PNG-8 (NeuQuant, 256 colours)".into(), Box::new(png8)),
        ("WebP lossless".into(), Box::new(webp_lossless)),
    ];
    for speed in [8] {
        for quality in [50, 60, 70, 80] {
            all.push((
                format!("AVIF q{quality} speed {speed}"),
                Box::new(move |image: &RgbImage| avif(image, speed, quality)),
            ));
        }
    }
    all
}

fn png(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Best, FilterType::Adaptive)
        .write_image(
            image,
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

fn png8(image: &RgbImage) -> Vec<u8> {
    let rgba = DynamicImage::ImageRgb8(image.clone()).to_rgba8();
    let quant = color_quant::NeuQuant::new(10, 256, rgba.as_raw());
    let indices: Vec<u8> = rgba
        .as_raw()
        .chunks_exact(4)
        .map(|p| quant.index_of(p) as u8)
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, image.width(), image.height());
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(quant.color_map_rgb());
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&indices).unwrap();
    writer.finish().unwrap();
    out
}

fn webp_lossless(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    WebPEncoder::new_lossless(&mut out)
        .write_image(
            image,
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

fn avif(image: &RgbImage, speed: u8, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    AvifEncoder::new_with_speed_quality(&mut out, speed, quality)
        .write_image(
            image,
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

/// The image in `bytes`; AVIF through `avifdec`.
fn decode(bytes: &[u8]) -> DynamicImage {
    if image::guess_format(bytes).ok() != Some(image::ImageFormat::Avif) {
        return image::load_from_memory(bytes).expect("the encoder's output decodes");
    }
    let dir = std::env::temp_dir();
    let (avif, png) = (
        dir.join("image_formats.avif"),
        dir.join("image_formats.png"),
    );
    std::fs::write(&avif, bytes).expect("the temporary directory is writable");
    let status = std::process::Command::new("avifdec")
        .args([&avif, &png])
        .stdout(std::process::Stdio::null())
        .status()
        .expect("avifdec runs (apt-get install libavif-bin)");
    assert!(status.success(), "avifdec decodes the encoder's output");
    image::open(&png).expect("avifdec writes a PNG")
}

fn ssimulacra2(reference: &RgbImage, distorted: &RgbImage) -> f64 {
    let frame = |image: &RgbImage| {
        let pixels = image
            .pixels()
            .map(|p| p.0.map(|c| f32::from(c) / 255.0))
            .collect();
        Rgb::new(
            pixels,
            image.width() as usize,
            image.height() as usize,
            TransferCharacteristic::SRGB,
            ColorPrimaries::BT709,
        )
        .expect("a frame of the image's size")
    };
    compute_frame_ssimulacra2(frame(reference), frame(distorted)).expect("two frames of one size")
}
