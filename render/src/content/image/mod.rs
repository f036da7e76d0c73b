//! Responsive images: every raster image beside a post or under `static/`
//! (PNG, JPEG, WebP) made at build time into the files its page needs. An image wider than
//! the column (`column`) is resized to the column at 1× and 2× (`encode`),
//! each width in the smaller of AVIF and lossless WebP and in its own
//! format as the fallback; a narrower one keeps its size and gains the
//! modern format only if that is smaller. The files are routes beside the
//! original (which stays, for a reader who opens it) with fingerprinted
//! names, so they are cached for good; `picture` writes the markup.
//!
//! Encoding takes seconds an image, so what each image became is kept in
//! the render cache under its bytes, its widths and `encode::SETTINGS`: a
//! build after a text edit encodes nothing.

pub(crate) mod column;
pub(crate) mod encode;
pub(crate) mod picture;

use crate::fingerprint::fingerprint;
use crate::memo::Memo;
use crate::site::{CachePolicy, Route};
use encode::{Encoded, Set};
use picture::{Picture, Source};
use std::collections::BTreeMap;

/// Every raster image's picture (or why it could not be read, for the
/// post that shows it to report at its line), by the path the original is
/// served at.
pub(crate) type Pictures = BTreeMap<String, Result<Picture, String>>;

/// What every raster image became, and the routes of the new files.
#[derive(Default)]
pub(crate) struct Responsive {
    pub pictures: Pictures,
    pub routes: Vec<Route>,
}

/// Whether the file at `path` is an image this module makes variants of.
fn is_raster(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".webp"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// The pictures and routes for the raster images among `files` (the
/// routes of the files beside posts and of the static files served at
/// their own path), for a column `column` wide (or why
/// the stylesheet gives none: then each raster image is an error of the
/// post that shows it). Only images the memo lacks are encoded, on every
/// core.
pub(crate) fn responsive<'r>(
    files: impl IntoIterator<Item = &'r Route>,
    column: Result<u32, String>,
    memo: &mut Memo<Result<Encoded, String>>,
) -> Responsive {
    let images: Vec<&Route> = files.into_iter().filter(|r| is_raster(&r.path)).collect();
    let column = match column {
        Ok(column) => column,
        Err(problem) => {
            let problem = format!("static/style.css: {problem}");
            return Responsive {
                pictures: images
                    .iter()
                    .map(|r| (r.path.clone(), Err(problem.clone())))
                    .collect(),
                routes: vec![],
            };
        }
    };
    let widths = |route: &Route| {
        let width = imagesize::blob_size(&route.body).map_or(0, |s| s.width as u32);
        encode::widths(column, width.max(1))
    };
    let encoded = memo.all(
        &images,
        |memo, route| {
            let widths: Vec<u8> = widths(route).iter().flat_map(|w| w.to_le_bytes()).collect();
            memo.key(&[encode::SETTINGS.as_bytes(), &widths, &route.body])
        },
        |route| encode::encode(&route.body, &widths(route)),
    );
    let mut out = Responsive::default();
    for (route, encoded) in images.into_iter().zip(encoded) {
        let picture = encoded.map(|encoded| {
            let modern = encoded
                .modern
                .as_ref()
                .map(|set| source(route, set, &mut out.routes));
            let fallback = match &encoded.fallback {
                Some(set) => source(route, set, &mut out.routes),
                None => Source {
                    mime: route.content_type.clone(),
                    files: vec![(route.path.clone(), encoded.width, encoded.height)],
                },
            };
            Picture {
                original: route.path.clone(),
                modern,
                fallback,
            }
        });
        out.pictures.insert(route.path.clone(), picture);
    }
    out
}

/// The routes of `set`'s files beside `original` (`plot.png` →
/// `plot.576w.<fingerprint>.avif`), and the source that lists them.
fn source(original: &Route, set: &Set, routes: &mut Vec<Route>) -> Source {
    let stem = original
        .path
        .rsplit_once('.')
        .map_or(original.path.as_str(), |(stem, _)| stem);
    let mut files = Vec::new();
    for variant in &set.variants {
        let path = format!(
            "{stem}.{}w.{}.{}",
            variant.width,
            fingerprint(&variant.bytes),
            set.format.extension()
        );
        routes.push(Route {
            path: path.clone(),
            content_type: set.format.mime().to_string(),
            body: variant.bytes.clone(),
            cache: CachePolicy::Immutable,
            ranges: true,
        });
        files.push((path, variant.width, variant.height));
    }
    Source {
        mime: set.format.mime().to_string(),
        files,
    }
}
