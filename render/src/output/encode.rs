//! Content codings made at build time: gzip and brotli. A coding is kept
//! only when it makes the body smaller, and only text-like bodies are
//! tried: fonts (woff2), images and archives are compressed already.
//!
//! How hard brotli works depends on who waits (measured with
//! `render/examples/brotli_levels.rs` on 1,000 generated posts, 95 MB of
//! text; docs/benchmarks.md): quality 11 makes bodies about 10% smaller
//! than quality 9 and takes about 15 times as long, minutes for a cold
//! build of 1,000 posts and 20 s for their full-text feed alone. What
//! ships (`--profile dist`) is built once and read many times, so it gets
//! 11; the writer's builds get 9.

use brotli::CompressorWriter;
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;

/// How hard brotli works.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effort {
    /// Quality 11, the largest standard window (16 MiB): what ships.
    Best,
    /// Quality 9, a 4 MiB window: the writer's builds, 15 times as fast.
    Quick,
}

impl Effort {
    /// `(quality, window bits)`.
    fn brotli(self) -> (u32, u32) {
        match self {
            Effort::Best => (11, 24),
            Effort::Quick => (9, 22),
        }
    }
}

/// The compressed versions of one body worth storing.
pub struct Encoded {
    pub gzip: Option<Vec<u8>>,
    pub br: Option<Vec<u8>>,
}

/// gzip and brotli versions of `body`, each only if smaller than `body`.
pub fn encode(content_type: &str, body: &[u8], effort: Effort) -> Encoded {
    if !compressible(content_type) {
        return Encoded {
            gzip: None,
            br: None,
        };
    }
    let smaller = |encoded: Vec<u8>| (encoded.len() < body.len()).then_some(encoded);
    Encoded {
        gzip: smaller(gzip(body)),
        br: smaller(brotli(body, effort)),
    }
}

/// Whether a body of this type is text-like, so compression can pay.
fn compressible(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence.starts_with("text/")
        || essence.ends_with("+xml")
        || essence.ends_with("+json")
        || matches!(
            essence.as_str(),
            "application/json"
                | "application/javascript"
                | "application/xml"
                | "application/wasm"
                | "font/ttf"
                | "font/otf"
                | "image/x-icon"
        )
}

/// gzip at level 9; the header carries no time or name, so the bytes are
/// the same on every build.
fn gzip(body: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder
        .write_all(body)
        .expect("writing to a Vec cannot fail");
    encoder.finish().expect("writing to a Vec cannot fail")
}

fn brotli(body: &[u8], effort: Effort) -> Vec<u8> {
    let (quality, window) = effort.brotli();
    let mut out = Vec::new();
    {
        let mut writer = CompressorWriter::new(&mut out, 64 * 1024, quality, window);
        writer
            .write_all(body)
            .expect("writing to a Vec cannot fail");
    } // dropping the writer finishes the stream
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn text() -> Vec<u8> {
        "<p>phase space, phase space, phase space</p>\n"
            .repeat(50)
            .into_bytes()
    }

    #[test]
    fn both_codings_decode_to_the_body() {
        let body = text();
        let encoded = encode("text/html; charset=utf-8", &body, Effort::Best);

        let mut gunzipped = Vec::new();
        flate2::read::GzDecoder::new(encoded.gzip.unwrap().as_slice())
            .read_to_end(&mut gunzipped)
            .unwrap();
        assert_eq!(gunzipped, body);

        let br = encoded.br.unwrap();
        assert!(br.len() < body.len() / 10, "{} bytes", br.len());
        let mut unbrotlied = Vec::new();
        brotli::Decompressor::new(br.as_slice(), 4096)
            .read_to_end(&mut unbrotlied)
            .unwrap();
        assert_eq!(unbrotlied, body);
    }

    #[test]
    fn quick_brotli_decodes_to_the_body_and_best_is_smaller() {
        let body: Vec<u8> = (0..2000)
            .map(|i| format!("<p>row {i} of {}</p>\n", i * 7919 % 1000))
            .collect::<String>()
            .into_bytes();
        let quick = encode("text/html", &body, Effort::Quick).br.unwrap();
        let best = encode("text/html", &body, Effort::Best).br.unwrap();
        let mut decoded = Vec::new();
        brotli::Decompressor::new(quick.as_slice(), 4096)
            .read_to_end(&mut decoded)
            .unwrap();
        assert_eq!(decoded, body);
        assert!(
            best.len() <= quick.len(),
            "{} > {}",
            best.len(),
            quick.len()
        );
    }

    #[test]
    fn codings_that_do_not_shrink_are_not_stored() {
        let tiny = encode("text/plain; charset=utf-8", b"ok", Effort::Best);
        assert!(tiny.gzip.is_none() && tiny.br.is_none());
    }

    #[test]
    fn binary_types_are_not_tried() {
        let encoded = encode("font/woff2", &text(), Effort::Best);
        assert!(encoded.gzip.is_none() && encoded.br.is_none());
        for textual in [
            "text/css; charset=utf-8",
            "application/rss+xml",
            "image/svg+xml; charset=utf-8",
            "application/json",
        ] {
            assert!(compressible(textual), "{textual}");
        }
        for binary in [
            "font/woff2",
            "image/png",
            "image/jpeg",
            "application/octet-stream",
        ] {
            assert!(!compressible(binary), "{binary}");
        }
    }

    #[test]
    fn output_is_reproducible() {
        for effort in [Effort::Best, Effort::Quick] {
            let (a, b) = (
                encode("text/html", &text(), effort),
                encode("text/html", &text(), effort),
            );
            assert_eq!(a.gzip, b.gzip);
            assert_eq!(a.br, b.br);
        }
    }
}
